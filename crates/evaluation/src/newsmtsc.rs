//! Reader for NewsMTSC JSONL (target-dependent sentiment in news).

use crate::error::{Error, Result};
use crate::jsonl::{clip, json_records, UniqueIds};
use serde::Deserialize;
use stancetag_core::{CharIndex, Polarity, Scored, Sentence, Span, TaggedDocument, Target};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

#[derive(Deserialize)]
struct Record {
    primary_gid: String,
    sentence_normalized: String,
    targets: Vec<RecordTarget>,
}

#[derive(Deserialize)]
struct RecordTarget {
    from: usize,
    to: usize,
    mention: String,
    polarity: f64,
}

/// Reads a NewsMTSC JSONL file: each line becomes a one-sentence
/// [`TaggedDocument`] whose id is `primary_gid`, whose text is
/// `sentence_normalized` and whose targets carry the gold stance.
pub fn read_newsmtsc(path: &Path) -> Result<Vec<TaggedDocument>> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_newsmtsc(BufReader::new(file), path)
}

/// Parses NewsMTSC JSONL from a reader; `path` names it in errors.
///
/// `from` and `to` are character (code point) offsets into the sentence,
/// `to` exclusive; polarity 2.0 is negative, 4.0 neutral, 6.0 positive.
///
/// ```
/// use std::path::Path;
/// use stancetag_core::Polarity;
/// use stancetag_evaluation::parse_newsmtsc;
///
/// let line = r#"{"primary_gid":"g1","sentence_normalized":"Clinton’s aide praised Comey.","targets":[{"from":23,"to":28,"mention":"Comey","polarity":6.0}]}"#;
/// let docs = parse_newsmtsc(line.as_bytes(), Path::new("devtest.jsonl")).unwrap();
/// let t = &docs[0].targets.as_ref().unwrap()[0];
/// assert_eq!(&docs[0].text[t.span.range()], "Comey"); // bytes 25..30: ’ is three
/// assert_eq!(t.stance.unwrap().label, Polarity::Positive);
///
/// let bad = line.replace("6.0", "5.0");
/// let err = parse_newsmtsc(bad.as_bytes(), Path::new("devtest.jsonl")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "devtest.jsonl:1: target 0: polarity 5 is not 2.0 (negative), 4.0 (neutral) or 6.0 (positive)"
/// );
/// ```
pub fn parse_newsmtsc<R: BufRead>(reader: R, path: &Path) -> Result<Vec<TaggedDocument>> {
    let mut docs = Vec::new();
    let mut ids = UniqueIds::default();
    let expected = "a NewsMTSC record: {\"primary_gid\", \"sentence_normalized\", \"targets\": [{\"from\", \"to\", \"mention\", \"polarity\"}]}";
    for record in json_records::<Record, R>(reader, path, expected) {
        let (line_no, rec) = record?;
        let invalid = |message: String| Error::Invalid {
            path: path.to_path_buf(),
            line: line_no,
            message,
        };
        let text = rec.sentence_normalized;
        let idx = CharIndex::new(&text);
        let mut targets = Vec::with_capacity(rec.targets.len());
        for (k, t) in rec.targets.iter().enumerate() {
            if t.from > t.to || t.to > idx.char_len() {
                return Err(invalid(format!(
                    "target {k}: {}..{} is not inside the sentence ({} characters)",
                    t.from,
                    t.to,
                    idx.char_len()
                )));
            }
            let actual = idx.slice(&text, t.from, t.to);
            if actual != t.mention {
                return Err(invalid(format!(
                    "target {k}: mention {:?} is not the sentence text at {}..{} ({:?})",
                    clip(&t.mention, 60),
                    t.from,
                    t.to,
                    clip(actual, 60)
                )));
            }
            let label = polarity(t.polarity).ok_or_else(|| {
                invalid(format!(
                    "target {k}: polarity {} is not 2.0 (negative), 4.0 (neutral) or 6.0 (positive)",
                    t.polarity
                ))
            })?;
            let mut target =
                Target::new(Span::new(idx.byte_of_char(t.from), idx.byte_of_char(t.to)));
            target.stance = Some(Scored::gold(label));
            targets.push(target);
        }
        ids.check(path, line_no, &rec.primary_gid)?;
        docs.push(TaggedDocument {
            id: rec.primary_gid,
            meta: Default::default(),
            sentences: vec![Sentence {
                span: Span::new(0, text.len()),
                sentiment: None,
                relations: Vec::new(),
            }],
            entities: Vec::new(),
            targets: Some(targets),
            target_relations: None,
            summary: Vec::new(),
            text,
        });
    }
    Ok(docs)
}

fn polarity(p: f64) -> Option<Polarity> {
    match p {
        2.0 => Some(Polarity::Negative),
        4.0 => Some(Polarity::Neutral),
        6.0 => Some(Polarity::Positive),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<TaggedDocument>> {
        parse_newsmtsc(s.as_bytes(), Path::new("n.jsonl"))
    }

    #[test]
    fn offsets_count_code_points() {
        // ’ is one character (three bytes): "Hillary Clinton’s" is 0..17.
        let line = r#"{"primary_gid":"a","sentence_normalized":"Hillary Clinton’s use.","targets":[{"from":0,"to":17,"mention":"Hillary Clinton’s","polarity":2.0},{"from":18,"to":21,"mention":"use","polarity":4.0}]}"#;
        let d = &parse(line).unwrap()[0];
        assert_eq!(d.sentences[0].span.end, 24);
        let t = d.targets.as_ref().unwrap();
        assert_eq!(t[0].stance.unwrap().label, Polarity::Negative);
        assert_eq!(t[1].stance.unwrap().label, Polarity::Neutral);
        // The byte offsets would not match the mention.
        let bad = line.replace(r#""from":18,"to":21"#, r#""from":19,"to":22"#);
        let err = parse(&bad).unwrap_err().to_string();
        assert_eq!(
            err,
            r#"n.jsonl:1: target 1: mention "use" is not the sentence text at 19..22 ("se.")"#
        );
    }

    #[test]
    fn missing_field_names_the_line() {
        let err = parse("\n{\"primary_gid\":\"a\"}").unwrap_err().to_string();
        assert!(
            err.starts_with("n.jsonl:2: expected a NewsMTSC record"),
            "{err}"
        );
    }
}
