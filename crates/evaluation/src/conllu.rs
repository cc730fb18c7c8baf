//! CoNLL-U reader that rebuilds documents for sentence-splitter evaluation.

use crate::error::{Error, Result};
use stancetag_core::{Document, Span};
use std::path::Path;

/// A document rebuilt from a CoNLL-U file, with its gold sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ConlluDocument {
    /// The rebuilt document; its id is the `# newdoc id`, or
    /// `<file>#<n>` for the n-th document (1-based) without one.
    pub document: Document,
    /// The gold sentences, as byte spans of `document.text`.
    pub sentences: Vec<Span>,
}

/// Reads a CoNLL-U file; see [`parse_conllu`].
pub fn read_conllu(path: &Path) -> Result<Vec<ConlluDocument>> {
    let input = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conllu(&input, path)
}

/// Rebuilds raw documents from the `# newdoc`, `# newpar` and `# text`
/// comments of a CoNLL-U file, the way raw text looks: the sentences of a
/// paragraph joined by a single space, paragraphs by a blank line (`\n\n`).
/// Each sentence's `# text` is taken without surrounding whitespace. `path`
/// is used in error messages and generated ids.
///
/// Token lines are checked only for their ten tab-separated columns; a
/// sentence must have exactly one non-empty `# text`.
///
/// ```
/// use std::path::Path;
/// use stancetag_evaluation::parse_conllu;
///
/// let tok = "1\tx\t_\t_\t_\t_\t0\troot\t_\t_";
/// let input = [
///     "# newdoc id = d1", "# newpar", "# text = Hi there.", tok, "",
///     "# text = Bye.", tok, "",
///     "# newpar", "# text = New par.", tok, "",
/// ]
/// .join("\n");
/// let docs = parse_conllu(&input, Path::new("x.conllu")).unwrap();
/// assert_eq!(docs[0].document.id, "d1");
/// assert_eq!(docs[0].document.text, "Hi there. Bye.\n\nNew par.");
/// assert_eq!(docs[0].sentences[2].start, 16);
///
/// let err = parse_conllu("1\tHi\t_\n", Path::new("x.conllu")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "x.conllu:1: expected a token line of 10 tab-separated columns, found 3 columns"
/// );
/// ```
pub fn parse_conllu(input: &str, path: &Path) -> Result<Vec<ConlluDocument>> {
    let mut reader = Reader {
        path,
        docs: Vec::new(),
        doc: None,
        new_par: false,
        text: None,
        tokens: 0,
        sentence_line: 0,
    };
    let mut line_no = 0;
    for line in input.lines() {
        line_no += 1;
        reader.line(line.trim_end_matches('\r'), line_no)?;
    }
    reader.end_sentence(line_no + 1)?;
    reader.end_document();
    Ok(reader.docs)
}

struct Open {
    id: String,
    text: String,
    sentences: Vec<Span>,
}

struct Reader<'p> {
    path: &'p Path,
    docs: Vec<ConlluDocument>,
    doc: Option<Open>,
    /// The next sentence starts a paragraph.
    new_par: bool,
    /// `# text` of the sentence being read.
    text: Option<String>,
    /// Token lines of the sentence being read.
    tokens: usize,
    /// Line where the sentence being read started (0 before it starts).
    sentence_line: usize,
}

impl Reader<'_> {
    fn invalid(&self, line: usize, message: String) -> Error {
        Error::Invalid {
            path: self.path.to_path_buf(),
            line,
            message,
        }
    }

    fn line(&mut self, line: &str, n: usize) -> Result<()> {
        if line.trim().is_empty() {
            return self.end_sentence(n);
        }
        if self.sentence_line == 0 {
            self.sentence_line = n;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(rest) = comment.strip_prefix("newdoc") {
                self.end_document();
                let id = rest
                    .trim_start()
                    .strip_prefix("id")
                    .and_then(|r| r.trim_start().strip_prefix('='))
                    .map(|id| id.trim().to_string())
                    .filter(|id| !id.is_empty());
                self.open(id);
                self.new_par = true;
            } else if comment.starts_with("newpar") {
                self.new_par = true;
            } else if let Some(rest) = comment.strip_prefix("text") {
                if let Some(text) = rest.trim_start().strip_prefix('=') {
                    if self.text.is_some() {
                        return Err(self.invalid(n, "a second `# text` for one sentence".into()));
                    }
                    self.text = Some(text.trim().to_string());
                }
            }
            return Ok(());
        }
        let columns = line.split('\t').count();
        if columns != 10 {
            return Err(self.invalid(
                n,
                format!(
                    "expected a token line of 10 tab-separated columns, found {columns} columns"
                ),
            ));
        }
        self.tokens += 1;
        Ok(())
    }

    fn open(&mut self, id: Option<String>) {
        let id = id.unwrap_or_else(|| format!("{}#{}", self.path.display(), self.docs.len() + 1));
        self.doc = Some(Open {
            id,
            text: String::new(),
            sentences: Vec::new(),
        });
    }

    fn end_sentence(&mut self, n: usize) -> Result<()> {
        let text = self.text.take();
        let first_line = std::mem::take(&mut self.sentence_line);
        if self.tokens == 0 && text.is_none() {
            return Ok(());
        }
        self.tokens = 0;
        let text = match text {
            Some(t) if !t.is_empty() => t,
            Some(_) => {
                return Err(self.invalid(first_line, "empty `# text`".into()));
            }
            None => {
                return Err(self.invalid(
                    first_line,
                    format!(
                        "sentence (lines {first_line}-{}) has no `# text = ...` comment; expected one per sentence",
                        n - 1
                    ),
                ));
            }
        };
        if self.doc.is_none() {
            self.open(None);
        }
        let new_par = std::mem::take(&mut self.new_par);
        if let Some(doc) = &mut self.doc {
            if !doc.sentences.is_empty() {
                let sep = if new_par { "\n\n" } else { " " };
                doc.text.push_str(sep);
            }
            let start = doc.text.len();
            doc.text.push_str(&text);
            doc.sentences.push(Span::new(start, doc.text.len()));
        }
        Ok(())
    }

    fn end_document(&mut self) {
        if let Some(doc) = self.doc.take() {
            if !doc.sentences.is_empty() {
                self.docs.push(ConlluDocument {
                    document: Document::new(doc.id, doc.text),
                    sentences: doc.sentences,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOK: &str = "1\tx\t_\t_\t_\t_\t0\troot\t_\t_";

    fn parse(s: &str) -> Result<Vec<ConlluDocument>> {
        parse_conllu(s, Path::new("t.conllu"))
    }

    #[test]
    fn rebuilds_documents_paragraphs_and_spans() {
        let input = format!(
            "# newdoc id = a\n# newpar id = p1\n# sent_id = 1\n# text = Hello world.\n{TOK}\n\n\
             # sent_id = 2\n# text =  Second one \n{TOK}\n{TOK}\n\n\
             # newpar\n# text = 作者 here.\n{TOK}\n\n\
             # newdoc\n# text = Other doc\n{TOK}\n"
        );
        let docs = parse(&input).unwrap();
        assert_eq!(docs.len(), 2);
        let a = &docs[0];
        assert_eq!(a.document.id, "a");
        assert_eq!(a.document.text, "Hello world. Second one\n\n作者 here.");
        assert_eq!(
            a.sentences,
            [Span::new(0, 12), Span::new(13, 23), Span::new(25, 37)]
        );
        assert_eq!(&a.document.text[a.sentences[2].range()], "作者 here.");
        assert_eq!(docs[1].document.id, "t.conllu#2");
        assert_eq!(docs[1].document.text, "Other doc");
    }

    #[test]
    fn a_sentence_without_text_is_an_error_naming_its_line() {
        let input = format!("# text = ok\n{TOK}\n\n# sent_id = 2\n{TOK}\n\n");
        let err = parse(&input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.conllu:4: sentence (lines 4-5) has no `# text = ...` comment; expected one per sentence"
        );
    }

    #[test]
    fn a_second_text_is_an_error() {
        let input = format!("# text = a\n# text = b\n{TOK}\n");
        let err = parse(&input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.conllu:2: a second `# text` for one sentence"
        );
    }

    #[test]
    fn missing_file_names_it() {
        let err = read_conllu(Path::new("/no/such.conllu")).unwrap_err();
        assert_eq!(err.to_string(), "cannot read /no/such.conllu");
    }
}
