//! Reader for CoNLL NER files (`token ... tag` per line), turned into
//! [`TaggedDocument`]s and scored token by token with conlleval.

use crate::conlleval::{conlleval, ConllevalCounts, TagPair};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use stancetag_core::{Entity, Sentence, Span, TaggedDocument};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// How entity tags mark chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum TagScheme {
    /// `I-X` throughout; `B-X` only where a chunk follows one of the same type.
    Iob1,
    /// `B-X` on the first token of every chunk, `I-X` on the others.
    Iob2,
    /// `B-X`, `I-X`, `E-X` (last token) and `S-X` (single-token chunk).
    Bioes,
    /// No chunk starts are marked: `I-X` (or a bare `X`) on every token.
    Io,
}

impl TagScheme {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TagScheme::Iob1 => "iob1",
            TagScheme::Iob2 => "iob2",
            TagScheme::Bioes => "bioes",
            TagScheme::Io => "io",
        }
    }

    /// The prefixes the scheme allows (besides the tag `O`); `None` stands
    /// for a bare type.
    fn allows(self, prefix: Option<char>) -> bool {
        match self {
            TagScheme::Iob1 | TagScheme::Iob2 => matches!(prefix, Some('B' | 'I')),
            TagScheme::Bioes => matches!(prefix, Some('B' | 'I' | 'E' | 'S')),
            TagScheme::Io => matches!(prefix, Some('I') | None),
        }
    }
}

/// One token line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllToken {
    /// The token (first column).
    pub text: String,
    /// Its tag (last column).
    pub tag: String,
    /// 1-based line number.
    pub line: usize,
}

/// A sentence: the token lines between two blank lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllSentence {
    /// Tokens in order.
    pub tokens: Vec<ConllToken>,
    /// Line of the blank line (or end of file) that ends the sentence.
    pub end_line: usize,
}

/// A document: the sentences after a `-DOCSTART-` line (or from the start
/// of the file to the first one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllDocument {
    /// The document's number in the file, from 1, as a string.
    pub id: String,
    /// Line of the `-DOCSTART-` line that opens it, if any.
    pub docstart_line: Option<usize>,
    /// Sentences in order (empty ones are dropped).
    pub sentences: Vec<ConllSentence>,
}

/// A CoNLL NER file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its tagging scheme, detected or as forced.
    pub scheme: TagScheme,
    /// Documents in order.
    pub documents: Vec<ConllDocument>,
}

/// Reads a CoNLL NER file; see [`parse_conll`].
pub fn read_conll(path: &Path, scheme: Option<TagScheme>) -> Result<ConllFile> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(BufReader::new(file), path, scheme)
}

/// Splits a tag into its one-letter prefix (if any) and type; `None` for `O`.
fn parse_tag(tag: &str) -> Option<(Option<char>, &str)> {
    if tag == "O" {
        return None;
    }
    match tag.split_once('-') {
        Some((p, ty)) if p.chars().count() == 1 => Some((p.chars().next(), ty)),
        _ => Some((None, tag)),
    }
}

/// Parses a CoNLL NER file: one token per line with its tag in the last
/// whitespace-separated column, a blank line (or a line whose first field is
/// conlleval's boundary `-X-`) between sentences, and `-DOCSTART-` lines
/// opening documents. `scheme` forces a tagging scheme, which every tag must
/// then follow; `None` detects it with [`detect_scheme`].
///
/// ```
/// use std::path::Path;
/// use stancetag_evaluation::{parse_conll, TagScheme};
///
/// let text = "-DOCSTART- O\n\nKim B-PER\nvisited O\nSeoul B-LOC\n";
/// let f = parse_conll(text.as_bytes(), Path::new("g.conll"), None).unwrap();
/// assert_eq!(f.scheme, TagScheme::Iob2);
/// assert_eq!(f.to_documents()[0].entity_text(1), "Seoul");
///
/// let err = parse_conll("Kim\n".as_bytes(), Path::new("g.conll"), None).unwrap_err();
/// assert_eq!(err.to_string(), "g.conll:1: expected `token ... tag`, found one column");
/// let err = parse_conll("Kim S-PER\n".as_bytes(), Path::new("g.conll"), Some(TagScheme::Iob2))
///     .unwrap_err();
/// assert_eq!(err.to_string(), "g.conll:1: tag \"S-PER\" is not an iob2 tag (O, B-TYPE, I-TYPE)");
/// ```
pub fn parse_conll<R: BufRead>(
    reader: R,
    path: &Path,
    scheme: Option<TagScheme>,
) -> Result<ConllFile> {
    let invalid = |line: usize, message: String| Error::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut documents = vec![ConllDocument {
        id: String::new(),
        docstart_line: None,
        sentences: Vec::new(),
    }];
    let mut sentence = ConllSentence::default();
    let mut line_no = 0;
    fn close(documents: &mut [ConllDocument], sentence: &mut ConllSentence, line: usize) {
        if !sentence.tokens.is_empty() {
            sentence.end_line = line;
            if let Some(doc) = documents.last_mut() {
                doc.sentences.push(std::mem::take(sentence));
            }
        }
    }
    for line in reader.lines() {
        line_no += 1;
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] | ["-X-", ..] => close(&mut documents, &mut sentence, line_no),
            ["-DOCSTART-", ..] => {
                close(&mut documents, &mut sentence, line_no);
                let first = &documents[0];
                if documents.len() == 1
                    && first.docstart_line.is_none()
                    && first.sentences.is_empty()
                {
                    documents[0].docstart_line = Some(line_no);
                } else {
                    documents.push(ConllDocument {
                        id: String::new(),
                        docstart_line: Some(line_no),
                        sentences: Vec::new(),
                    });
                }
            }
            [_] => {
                return Err(invalid(
                    line_no,
                    "expected `token ... tag`, found one column".to_string(),
                ))
            }
            [token, .., tag] => {
                if let Some((prefix, ty)) = parse_tag(tag) {
                    let known = matches!(prefix, None | Some('B' | 'I' | 'E' | 'S'));
                    if !known || ty.is_empty() {
                        return Err(invalid(
                            line_no,
                            format!("tag {tag:?} is not O, B-TYPE, I-TYPE, E-TYPE, S-TYPE or a bare TYPE"),
                        ));
                    }
                    if let Some(s) = scheme.filter(|s| !s.allows(prefix)) {
                        let allowed = match s {
                            TagScheme::Iob1 | TagScheme::Iob2 => "O, B-TYPE, I-TYPE",
                            TagScheme::Bioes => "O, B-TYPE, I-TYPE, E-TYPE, S-TYPE",
                            TagScheme::Io => "O, I-TYPE or a bare TYPE",
                        };
                        return Err(invalid(
                            line_no,
                            format!("tag {tag:?} is not an {} tag ({allowed})", s.as_str()),
                        ));
                    }
                }
                sentence.tokens.push(ConllToken {
                    text: token.to_string(),
                    tag: tag.to_string(),
                    line: line_no,
                });
            }
        }
    }
    close(&mut documents, &mut sentence, line_no + 1);
    for (i, d) in documents.iter_mut().enumerate() {
        d.id = (i + 1).to_string();
    }
    let scheme = scheme.unwrap_or_else(|| {
        detect_scheme(documents.iter().flat_map(|d| {
            d.sentences
                .iter()
                .map(|s| s.tokens.iter().map(|t| t.tag.as_str()).collect::<Vec<_>>())
        }))
    });
    Ok(ConllFile {
        path: path.to_path_buf(),
        scheme,
        documents,
    })
}

/// Detects the tagging scheme of sentences of tags: BIOES if any `E-` or
/// `S-` tag occurs; IOB2 if some `B-X` starts a chunk after `O` or another
/// type; IOB1 if `B-` occurs only between chunks of one type; IO otherwise.
///
/// ```
/// use stancetag_evaluation::{detect_scheme, TagScheme};
/// assert_eq!(detect_scheme([vec!["I-PER", "B-PER", "O"]]), TagScheme::Iob1);
/// assert_eq!(detect_scheme([vec!["O", "B-PER", "I-PER"]]), TagScheme::Iob2);
/// assert_eq!(detect_scheme([vec!["B-PER", "E-PER", "S-LOC"]]), TagScheme::Bioes);
/// assert_eq!(detect_scheme([vec!["I-PER", "O", "LOC"]]), TagScheme::Io);
/// ```
pub fn detect_scheme<'a, S, I>(sentences: I) -> TagScheme
where
    S: AsRef<[&'a str]>,
    I: IntoIterator<Item = S>,
{
    let (mut b_start, mut b_any) = (false, false);
    for s in sentences {
        let mut prev: Option<(Option<char>, &str)> = None;
        for tag in s.as_ref() {
            let cur = parse_tag(tag);
            match cur {
                Some((Some('E' | 'S'), _)) => return TagScheme::Bioes,
                Some((Some('B'), ty)) => {
                    b_any = true;
                    let continues = matches!(prev, Some((Some('B' | 'I'), t)) if t == ty);
                    b_start |= !continues;
                }
                _ => {}
            }
            prev = cur;
        }
    }
    match (b_start, b_any) {
        (true, _) => TagScheme::Iob2,
        (false, true) => TagScheme::Iob1,
        _ => TagScheme::Io,
    }
}

impl ConllFile {
    /// The documents as [`TaggedDocument`]s: tokens joined by single
    /// spaces into sentence texts, sentences joined by a line break, and
    /// entities as character spans of those texts, decoded with conlleval's
    /// chunk rules (extended to `S-` and `E-`), so that every scheme and
    /// ill-formed sequence reads as conlleval reads it.
    pub fn to_documents(&self) -> Vec<TaggedDocument> {
        self.documents.iter().map(document).collect()
    }

    /// conlleval's counts for this gold file and a prediction of the same
    /// tokens, as the perl script gives them for the two files pasted side
    /// by side. `-DOCSTART-` lines count as tokens tagged `O` on both
    /// sides, as they do for conlleval.
    ///
    /// ```
    /// use std::path::Path;
    /// use stancetag_evaluation::parse_conll;
    /// let gold = parse_conll("Kim B-PER\nLee I-PER\n".as_bytes(), Path::new("g"), None).unwrap();
    /// let pred = parse_conll("Kim B-PER\nLee B-PER\n".as_bytes(), Path::new("p"), None).unwrap();
    /// let c = gold.conlleval(&pred).unwrap();
    /// assert_eq!((c.overall.gold, c.overall.predicted, c.overall.correct), (1, 2, 0));
    ///
    /// let other = parse_conll("Kim B-PER\nLi O\n".as_bytes(), Path::new("p"), None).unwrap();
    /// assert_eq!(
    ///     gold.conlleval(&other).unwrap_err().to_string(),
    ///     "g:2 and p:2: the files are not aligned: expected token \"Lee\", found token \"Li\""
    /// );
    /// ```
    pub fn conlleval(&self, predicted: &ConllFile) -> Result<ConllevalCounts> {
        let gold_items = items(self);
        let pred_items = items(predicted);
        for (g, p) in gold_items.iter().zip(&pred_items) {
            if !g.1.same_as(&p.1) {
                return Err(self.misaligned(predicted, g, p));
            }
        }
        if gold_items.len() != pred_items.len() {
            let n = gold_items.len().min(pred_items.len());
            let (g, p) = (item_at(&gold_items, n), item_at(&pred_items, n));
            return Err(self.misaligned(predicted, &g, &p));
        }
        Ok(conlleval(gold_items.iter().zip(&pred_items).map(
            |((_, g), (_, p))| match (g, p) {
                (Item::Token(_, gt), Item::Token(_, pt)) => TagPair::Token {
                    gold: gt,
                    predicted: pt,
                },
                (Item::DocStart, _) => TagPair::Token {
                    gold: "O",
                    predicted: "O",
                },
                _ => TagPair::Boundary,
            },
        )))
    }

    fn misaligned(&self, predicted: &ConllFile, g: &(usize, Item), p: &(usize, Item)) -> Error {
        Error::Misaligned {
            gold_path: self.path.clone(),
            gold_line: g.0,
            pred_path: predicted.path.clone(),
            pred_line: p.0,
            expected: g.1.describe(),
            found: p.1.describe(),
        }
    }
}

/// One line of a CoNLL file, as far as alignment is concerned.
#[derive(Debug, Clone)]
enum Item<'a> {
    DocStart,
    Token(&'a str, &'a str),
    SentenceEnd,
    End,
}

impl Item<'_> {
    fn same_as(&self, other: &Item) -> bool {
        match (self, other) {
            (Item::Token(a, _), Item::Token(b, _)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }

    fn describe(&self) -> String {
        match self {
            Item::DocStart => "-DOCSTART-".to_string(),
            Item::Token(t, _) => format!("token {t:?}"),
            Item::SentenceEnd => "end of sentence".to_string(),
            Item::End => "end of file".to_string(),
        }
    }
}

/// The `n`-th item, or the end of the file after the last one.
fn item_at<'a>(items: &[(usize, Item<'a>)], n: usize) -> (usize, Item<'a>) {
    match items.get(n) {
        Some(item) => item.clone(),
        None => (items.last().map_or(1, |(l, _)| l + 1), Item::End),
    }
}

fn items(f: &ConllFile) -> Vec<(usize, Item<'_>)> {
    let mut out = Vec::new();
    for d in &f.documents {
        if let Some(l) = d.docstart_line {
            out.push((l, Item::DocStart));
        }
        for s in &d.sentences {
            for t in &s.tokens {
                out.push((t.line, Item::Token(&t.text, &t.tag)));
            }
            out.push((s.end_line, Item::SentenceEnd));
        }
    }
    out
}

/// The chunks `(first token, one past the last, type)` of a sentence's
/// tags, read with conlleval's rules as [`stancetag_core::tags::chunks`]
/// extends them to every scheme (`E-` and `S-` close a chunk, `S-` opens
/// one; a bare type is `I-` of that type).
fn chunks(tags: &[&str]) -> Vec<(usize, usize, String)> {
    stancetag_core::tags::chunks(tags)
        .into_iter()
        .map(|c| (c.start, c.end, c.label))
        .collect()
}

fn document(d: &ConllDocument) -> TaggedDocument {
    let mut text = String::new();
    let mut sentences = Vec::with_capacity(d.sentences.len());
    let mut entities = Vec::new();
    for (si, s) in d.sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
        }
        let start = text.len();
        // Byte spans of each token in `text`.
        let mut offsets = Vec::with_capacity(s.tokens.len());
        for (ti, t) in s.tokens.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(&t.text);
            offsets.push(Span::new(a, text.len()));
        }
        let tags: Vec<&str> = s.tokens.iter().map(|t| t.tag.as_str()).collect();
        for (cs, ce, label) in chunks(&tags) {
            entities.push(Entity::new(
                Span::new(offsets[cs].start, offsets[ce - 1].end),
                label,
                si,
            ));
        }
        sentences.push(Sentence {
            span: Span::new(start, text.len()),
            sentiment: None,
            relations: Vec::new(),
        });
    }
    TaggedDocument {
        id: d.id.clone(),
        meta: Default::default(),
        sentences,
        entities,
        targets: None,
        target_relations: None,
        summary: Vec::new(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, scheme: Option<TagScheme>) -> Result<ConllFile> {
        parse_conll(text.as_bytes(), Path::new("f.conll"), scheme)
    }

    #[test]
    fn documents_sentences_and_char_offsets() {
        let text =
            "-DOCSTART- -X- -X- O\n\nAbe NNP I-PER\nmet VBD O\nMoon NNP I-PER\nJae NNP I-PER\n\n\
                    Seoul NNP I-LOC\n\n-DOCSTART- -X- -X- O\n\nTōkyō NNP I-LOC\nB NNP B-LOC\n";
        let f = parse(text, None).unwrap();
        assert_eq!(f.scheme, TagScheme::Iob1);
        let docs = f.to_documents();
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.id, "1");
        assert_eq!(d.text, "Abe met Moon Jae\nSeoul");
        assert_eq!(d.sentences[1].span, Span::new(17, 22));
        let ents: Vec<_> = d
            .entities
            .iter()
            .map(|e| {
                (
                    e.span.start,
                    e.span.end,
                    &d.text[e.span.range()],
                    e.label.as_str(),
                    e.sentence,
                )
            })
            .collect();
        assert_eq!(
            ents,
            [
                (0, 3, "Abe", "PER", 0),
                (8, 16, "Moon Jae", "PER", 0),
                (17, 22, "Seoul", "LOC", 1)
            ]
        );
        // Spans are bytes: "Tōkyō" is 5 characters, 7 bytes (and 0..5 on
        // the wire); the IOB1 B- splits two LOC chunks.
        let d = &docs[1];
        assert_eq!(d.id, "2");
        let ents: Vec<_> = d
            .entities
            .iter()
            .map(|e| (e.span.start, e.span.end))
            .collect();
        assert_eq!(ents, [(0, 7), (8, 9)]);
        let wire = serde_json::to_value(d).unwrap();
        assert_eq!(wire["entities"][0]["end"], 5);
    }

    #[test]
    fn bioes_and_io_decode() {
        let f = parse("A S-PER\nB B-ORG\nC E-ORG\nD S-PER\n", None).unwrap();
        assert_eq!(f.scheme, TagScheme::Bioes);
        let e: Vec<_> = f.to_documents()[0]
            .entities
            .iter()
            .map(|e| e.span)
            .collect();
        let text = &f.to_documents()[0].text;
        let e: Vec<&str> = e.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(e, ["A", "B C", "D"]);
        let f = parse("A PER\nB PER\nC LOC\nD O\n", None).unwrap();
        assert_eq!(f.scheme, TagScheme::Io);
        let e: Vec<_> = f.to_documents()[0]
            .entities
            .iter()
            .map(|e| e.span)
            .collect();
        let text = &f.to_documents()[0].text;
        let e: Vec<&str> = e.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(e, ["A B", "C"]);
    }

    #[test]
    fn chunk_rules() {
        let c = |tags: &[&str]| {
            chunks(tags)
                .into_iter()
                .map(|(s, e, _)| (s, e))
                .collect::<Vec<_>>()
        };
        // IOB1, ill-formed IOB2 (I- after O or after another type), IO.
        assert_eq!(
            c(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"]),
            [(0, 2), (2, 3), (4, 5)]
        );
        assert_eq!(c(&["B-PER", "I-LOC", "I-LOC", "O"]), [(0, 1), (1, 3)]);
        assert_eq!(c(&["PER", "PER", "LOC"]), [(0, 2), (2, 3)]);
        // BIOES, and lenient readings of ill-formed BIOES.
        assert_eq!(
            c(&["S-PER", "S-PER", "B-ORG", "E-ORG", "B-ORG", "E-ORG"]),
            [(0, 1), (1, 2), (2, 4), (4, 6)]
        );
        assert_eq!(
            c(&["S-PER", "I-PER", "E-PER", "E-PER", "O", "E-LOC"]),
            [(0, 1), (1, 3), (3, 4), (5, 6)]
        );
        assert_eq!(chunks(&["B-ORG", "I-ORG"])[0].2, "ORG");
    }

    #[test]
    fn bad_tags_name_the_line() {
        let err = parse("A O\nB U-PER\n", None).unwrap_err().to_string();
        assert_eq!(
            err,
            "f.conll:2: tag \"U-PER\" is not O, B-TYPE, I-TYPE, E-TYPE, S-TYPE or a bare TYPE"
        );
        let err = parse("A B-PER\n", Some(TagScheme::Io))
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("is not an io tag (O, I-TYPE or a bare TYPE)"),
            "{err}"
        );
        assert!(parse("A B-PER\nB E-PER\n", Some(TagScheme::Bioes)).is_ok());
    }

    #[test]
    fn sentence_break_misalignment() {
        let g = parse("A B-PER\nB O\n\nC O\n", None).unwrap();
        let p = parse("A B-PER\n\nB O\nC O\n", None).unwrap();
        let err = g.conlleval(&p).unwrap_err().to_string();
        assert_eq!(
            err,
            "f.conll:2 and f.conll:2: the files are not aligned: expected token \"B\", found end of sentence"
        );
        let short = parse("A B-PER\nB O\n", None).unwrap();
        let err = g.conlleval(&short).unwrap_err().to_string();
        assert!(
            err.ends_with("expected token \"C\", found end of file"),
            "{err}"
        );
    }

    #[test]
    fn docstart_counts_as_a_token() {
        let g = parse("-DOCSTART- O\n\nA B-PER\n", None).unwrap();
        let c = g.conlleval(&g).unwrap();
        assert_eq!((c.tokens, c.correct_tags, c.overall.correct), (2, 2, 1));
    }
}
