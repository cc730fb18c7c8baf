//! Gold and prediction files: format detection and loading.

use crate::conll::{read_conll, ConllFile, TagScheme};
use crate::conllu::read_conllu;
use crate::directed::{read_directed, DirectedExample};
use crate::error::{Error, Result};
use crate::jsonl::read_jsonl;
use crate::newsmtsc::read_newsmtsc;
use serde::{Deserialize, Serialize};
use stancetag_core::TaggedDocument;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The formats gold and prediction files may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// `stancetag tag` JSONL: one tagged document per line.
    Jsonl,
    /// CoNLL NER: `token ... tag` per line.
    Conll,
    /// NewsMTSC JSONL (`sentence_normalized`, `targets`).
    Newsmtsc,
    /// CoNLL-U (Universal Dependencies): gold sentence boundaries.
    Conllu,
    /// The directed-sentiment dataset of Park, Pan & Joo (2021):
    /// `sentence<TAB>p<TAB>q<TAB>class`, the pair marked with brackets.
    Directed,
}

impl Format {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Conll => "conll",
            Format::Newsmtsc => "newsmtsc",
            Format::Conllu => "conllu",
            Format::Directed => "directed",
        }
    }
}

/// Guesses a file's format from its extension (`.conllu`; `.conll`,
/// `.iob`, `.bio`, `.bioes`) and otherwise from its first non-blank line: a
/// JSON object with `sentence_normalized` is NewsMTSC, another JSON object
/// JSONL, a `#` comment or a 10-column tab-separated line CoNLL-U, and two
/// or more columns CoNLL.
pub fn detect_format(path: &Path) -> Result<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("conllu") => return Ok(Format::Conllu),
        Some("conll" | "iob" | "iob1" | "iob2" | "bio" | "bioes") => return Ok(Format::Conll),
        _ => {}
    }
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        return sniff(&line).ok_or_else(|| Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: "its first line is neither JSON nor `token ... tag` columns".to_string(),
        });
    }
    Err(Error::UnknownFormat {
        path: path.to_path_buf(),
        reason: "it is empty".to_string(),
    })
}

/// The format a first non-blank line suggests.
fn sniff(line: &str) -> Option<Format> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        return Some(if value.get("sentence_normalized").is_some() {
            Format::Newsmtsc
        } else {
            Format::Jsonl
        });
    }
    if crate::directed::parse_directed_line(line, 1).is_ok() {
        return Some(Format::Directed);
    }
    if trimmed.starts_with('#') || line.split('\t').count() == 10 {
        return Some(Format::Conllu);
    }
    (line.split_whitespace().count() >= 2).then_some(Format::Conll)
}

/// A gold or predicted file, read into documents.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The format it was read as.
    pub format: Format,
    /// Its documents.
    pub documents: Vec<TaggedDocument>,
    /// The token lines, for a CoNLL file (scored with conlleval when both
    /// sides have them).
    pub conll: Option<ConllFile>,
    /// Malformed lines left out (directed-sentiment files only: the
    /// dataset has a few lines whose brackets do not match their fields).
    pub skipped: usize,
}

impl Dataset {
    /// A dataset of documents from elsewhere (e.g. a model's predictions).
    pub fn from_documents(documents: Vec<TaggedDocument>) -> Dataset {
        Dataset {
            format: Format::Jsonl,
            documents,
            conll: None,
            skipped: 0,
        }
    }
}

/// Reads a file in `format` (detected with [`detect_format`] when `None`);
/// `scheme` forces the tagging scheme of a CoNLL file. A CoNLL-U file gives
/// its rebuilt documents with their gold sentences.
pub fn load(path: &Path, format: Option<Format>, scheme: Option<TagScheme>) -> Result<Dataset> {
    let format = match format {
        Some(f) => f,
        None => detect_format(path)?,
    };
    let mut skipped = 0;
    let (documents, conll) = match format {
        Format::Jsonl => (read_jsonl(path)?, None),
        Format::Directed => {
            let (examples, bad) = read_directed(path, true)?;
            skipped = bad;
            (
                examples.iter().map(DirectedExample::to_document).collect(),
                None,
            )
        }
        Format::Newsmtsc => (read_newsmtsc(path)?, None),
        Format::Conll => {
            let f = read_conll(path, scheme)?;
            (f.to_documents(), Some(f))
        }
        Format::Conllu => {
            let docs = read_conllu(path)?
                .into_iter()
                .map(|c| TaggedDocument::with_sentences(c.document, &c.sentences))
                .collect();
            (docs, None)
        }
    };
    Ok(Dataset {
        format,
        documents,
        conll,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_first_lines() {
        assert_eq!(
            sniff(r#"{"id":"a","text":"","sentences":[]}"#),
            Some(Format::Jsonl)
        );
        assert_eq!(
            sniff(r#"{"primary_gid":"a","sentence_normalized":"x","targets":[]}"#),
            Some(Format::Newsmtsc)
        );
        assert_eq!(sniff("# sent_id = 1"), Some(Format::Conllu));
        assert_eq!(
            sniff("1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_"),
            Some(Format::Conllu)
        );
        assert_eq!(sniff("-DOCSTART- -X- -X- O"), Some(Format::Conll));
        assert_eq!(sniff("EU NNP B-ORG"), Some(Format::Conll));
        assert_eq!(sniff("lonely"), None);
        assert_eq!(sniff("{not json"), None);
    }
}
