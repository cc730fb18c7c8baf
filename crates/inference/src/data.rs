//! Training data readers.

use crate::error::{io_err, Error, Result};
use std::path::Path;

/// A sentence of a CoNLL file: its tokens and their tags (last column).
#[derive(Debug, Clone, PartialEq)]
pub struct ConllSentence {
    /// Tokens (first column).
    pub tokens: Vec<String>,
    /// Tags (last column), in whatever scheme the file uses.
    pub tags: Vec<String>,
}

/// Read a CoNLL file: one `token ... tag` line per token, blank lines between
/// sentences, `-DOCSTART-` lines ignored.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>> {
    let text = std::fs::read_to_string(path).map_err(io_err(path))?;
    let mut out = Vec::new();
    let mut cur = ConllSentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    ConllSentence {
                        tokens: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(Error::Data {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("expected `token ... tag`, found {line:?}"),
            });
        }
        cur.tokens.push(cols[0].to_string());
        cur.tags.push(cols[cols.len() - 1].to_string());
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}
