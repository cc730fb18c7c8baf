//! Reader for `stancetag tag` JSONL: one [`TaggedDocument`] per line.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use stancetag_core::{wire, TaggedDocument};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The records of a JSON-lines reader with their 1-based line numbers;
/// blank lines hold no record. A line that is not a `T` is an error naming
/// the file, the line and `expected`.
pub(crate) fn json_records<'p, T: DeserializeOwned, R: BufRead + 'p>(
    reader: R,
    path: &'p Path,
    expected: &'static str,
) -> impl Iterator<Item = Result<(usize, T)>> + 'p {
    reader.lines().enumerate().filter_map(move |(i, line)| {
        let line_no = i + 1;
        let line = match line {
            Ok(line) => line,
            Err(source) => {
                return Some(Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                }))
            }
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(
            serde_json::from_str(&line)
                .map(|record| (line_no, record))
                .map_err(|source| Error::Json {
                    path: path.to_path_buf(),
                    line: line_no,
                    expected,
                    source,
                }),
        )
    })
}

/// The ids of a file's records so far, and the line each was first seen on.
#[derive(Default)]
pub(crate) struct UniqueIds(HashMap<String, usize>);

impl UniqueIds {
    /// An error naming both lines when `id` was seen before.
    pub(crate) fn check(&mut self, path: &Path, line: usize, id: &str) -> Result<()> {
        if let Some(&first_line) = self.0.get(id) {
            return Err(Error::DuplicateId {
                path: path.to_path_buf(),
                line,
                first_line,
                id: id.to_string(),
            });
        }
        self.0.insert(id.to_string(), line);
        Ok(())
    }
}

/// Reads a JSONL file of [`TaggedDocument`]s (the output of `stancetag tag`,
/// or a corrected copy of it used as gold), checking every record's spans
/// against its text ([`TaggedDocument::from_wire`]). Blank lines are
/// skipped; ids must be unique.
pub fn read_jsonl(path: &Path) -> Result<Vec<TaggedDocument>> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_jsonl(BufReader::new(file), path)
}

/// Parses JSONL from a reader; `path` names it in errors.
///
/// A record whose offsets or texts do not agree with its document text is
/// an error naming the file, the line and what was expected:
///
/// ```
/// use std::path::Path;
/// use stancetag_evaluation::parse_jsonl;
///
/// let good = r#"{"id":"d1","text":"Tokyo agreed.","sentences":[{"start":0,"end":13,"text":"Tokyo agreed."}],"entities":[{"start":0,"end":5,"text":"Tokyo","label":"LOC","sentence":0}]}"#;
/// let docs = parse_jsonl(good.as_bytes(), Path::new("gold.jsonl")).unwrap();
/// assert_eq!(docs[0].entities[0].label, "LOC");
///
/// let bad = good.replace(r#""end":5,"text":"Tokyo""#, r#""end":4,"text":"Tokyo""#);
/// let input = format!("\n{bad}");
/// let err = parse_jsonl(input.as_bytes(), Path::new("gold.jsonl")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"gold.jsonl:2: entity 0 (0..4): its text "Tokyo" is not the document text there ("Toky")"#
/// );
///
/// let err = parse_jsonl(r#"{"id":"d1"}"#.as_bytes(), Path::new("gold.jsonl")).unwrap_err();
/// assert!(err.to_string().starts_with("gold.jsonl:1: expected a tagged document"));
/// ```
pub fn parse_jsonl<R: BufRead>(reader: R, path: &Path) -> Result<Vec<TaggedDocument>> {
    let mut docs = Vec::new();
    let mut ids = UniqueIds::default();
    let expected = "a tagged document: {\"id\", \"text\", \"sentences\": [...], ...}";
    for record in json_records::<wire::OwnedDocument, R>(reader, path, expected) {
        let (line_no, doc) = record?;
        let doc = TaggedDocument::from_wire(doc).map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            line: line_no,
            message: e.0,
        })?;
        ids.check(path, line_no, &doc.id)?;
        docs.push(doc);
    }
    Ok(docs)
}

/// Shortens a text for a message.
pub(crate) use stancetag_core::wire::clip;

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"id":"d1","source":"x","text":"¥1 for Seoul. Tokyo no.","sentences":[{"start":0,"end":13,"text":"¥1 for Seoul.","sentiment":{"label":"neutral"}},{"start":14,"end":23,"text":"Tokyo no."}],"entities":[{"start":7,"end":12,"text":"Seoul","label":"LOC","sentence":0,"stance":{"label":"positive"}},{"start":14,"end":19,"text":"Tokyo","label":"LOC","sentence":1}]}"#;

    fn parse(s: &str) -> Result<Vec<TaggedDocument>> {
        parse_jsonl(s.as_bytes(), Path::new("g.jsonl"))
    }

    #[test]
    fn reads_char_offsets_and_metadata() {
        let docs = parse(DOC).unwrap();
        assert_eq!(docs[0].meta["source"], "x");
        assert_eq!(docs[0].entity_text(0), "Seoul");
        assert_eq!(docs[0].entities[0].span.start, 8); // bytes: ¥ is two
    }

    #[test]
    fn entity_outside_its_sentence() {
        let bad = DOC.replace(
            r#""label":"LOC","sentence":1"#,
            r#""label":"LOC","sentence":0"#,
        );
        let err = parse(&bad).unwrap_err().to_string();
        assert_eq!(
            err,
            "g.jsonl:1: entity 1 (14..19): not inside its sentence 0 (0..13)"
        );
        let bad = DOC.replace(
            r#""label":"LOC","sentence":1"#,
            r#""label":"LOC","sentence":7"#,
        );
        let err = parse(&bad).unwrap_err().to_string();
        assert!(err.contains("sentence 7 does not exist (the document has 2 sentences)"));
    }

    #[test]
    fn byte_offsets_are_caught() {
        // Byte offsets (¥ is two bytes) shift the sentence text.
        let bad = DOC.replace(r#""start":0,"end":13"#, r#""start":0,"end":14"#);
        let err = parse(&bad).unwrap_err().to_string();
        assert!(
            err.starts_with("g.jsonl:1: sentence 0 (0..14): its text"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_ids_and_blank_lines() {
        let two = format!("{DOC}\n\n{DOC}\n");
        let err = parse(&two).unwrap_err().to_string();
        assert_eq!(err, "g.jsonl:3: document id \"d1\" already used on line 1");
    }

    #[test]
    fn target_bounds() {
        let bad = DOC.replace(
            r#""entities""#,
            r#""targets":[{"start":20,"end":30}],"entities""#,
        );
        let err = parse(&bad).unwrap_err().to_string();
        assert!(
            err.contains("target 0 (20..30): end 30 is past the end of the text (23 characters)")
        );
    }
}
