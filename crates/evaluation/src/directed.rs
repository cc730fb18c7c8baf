//! The directed-sentiment format of Park, Pan & Joo (Findings of ACL 2021):
//! one example a line, `sentence<TAB>p<TAB>q<TAB>class`, the two entities
//! marked in the sentence with square brackets, the class one of
//! 0 none, 1 positive p→q, 2 positive q→p, 3 negative p→q, 4 negative q→p.
//!
//! The brackets sometimes cut a name short (`[Los Angele]s`, `[Democrat]s`,
//! `[Kasich’]s`): a span is extended to the end of its word, then a
//! possessive `'s`/`’s` (or a bare trailing apostrophe) is taken off again,
//! so the target is the whole name as written. The sentence text is the line
//! with the two bracket pairs removed.

use crate::classification::{ClassScores, ClassificationReport};
use crate::error::{Error, Result};
use crate::prf::Prf;
use stancetag_core::{Document, Relation, RelationLabel, Span, TaggedDocument, Target};
use std::path::Path;

/// Class names of the dataset, in class order.
pub const DIRECTED_CLASSES: [&str; 5] = [
    "none",
    "positive p→q",
    "positive q→p",
    "negative p→q",
    "negative q→p",
];

/// One example.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectedExample {
    /// Line number in its file (1-based).
    pub line: usize,
    /// The sentence, brackets removed.
    pub text: String,
    /// Entity p (bytes of `text`).
    pub p: Span,
    /// Entity q.
    pub q: Span,
    /// Class 0–4.
    pub class: usize,
}

impl DirectedExample {
    /// The example as a gold document: id `line N`, one sentence, the
    /// targets p and q, and the two directed relations of its class in
    /// `target_relations`.
    pub fn to_document(&self) -> TaggedDocument {
        let doc = Document::new(format!("line {}", self.line), self.text.clone());
        let mut d = TaggedDocument::with_sentences(doc, &[Span::new(0, self.text.len())]);
        d.targets = Some(vec![Target::new(self.p), Target::new(self.q)]);
        d.target_relations = Some(self.relations().to_vec());
        d
    }

    /// The two directed relations the class stands for, between target 0 (p)
    /// and target 1 (q): `(p→q, q→p)`.
    pub fn relations(&self) -> [Relation; 2] {
        let (pq, qp) = split_class(self.class);
        [
            Relation {
                source: 0,
                target: 1,
                label: pq,
                scores: None,
            },
            Relation {
                source: 1,
                target: 0,
                label: qp,
                scores: None,
            },
        ]
    }
}

/// The labels of p→q and q→p a class stands for.
pub fn split_class(class: usize) -> (RelationLabel, RelationLabel) {
    use RelationLabel::*;
    match class {
        1 => (Positive, None),
        2 => (None, Positive),
        3 => (Negative, None),
        4 => (None, Negative),
        _ => (None, None),
    }
}

/// The dataset class of two directed predictions, as the most probable of
/// the five joint outcomes: none = P(p→q none)·P(q→p none), positive p→q =
/// P(p→q positive)·P(q→p none), … (a relation in both directions is not a
/// class of the dataset).
///
/// ```
/// use stancetag_core::RelationScores;
/// use stancetag_evaluation::join_directions;
/// let pq = RelationScores::from_array([0.7, 0.2, 0.1]); // p blames q
/// let qp = RelationScores::from_array([0.1, 0.8, 0.1]);
/// assert_eq!(join_directions(pq, qp), 3);
/// ```
pub fn join_directions(
    pq: stancetag_core::RelationScores,
    qp: stancetag_core::RelationScores,
) -> usize {
    let joint = [
        pq.none * qp.none,
        pq.positive * qp.none,
        pq.none * qp.positive,
        pq.negative * qp.none,
        pq.none * qp.negative,
    ];
    let mut best = 0;
    for (i, &p) in joint.iter().enumerate() {
        if p > joint[best] {
            best = i;
        }
    }
    best
}

/// Reads a file of the dataset. Lines with malformed brackets or fields
/// are errors naming the line, unless `skip_bad`, when they are counted in
/// the second value and left out.
pub fn read_directed(path: &Path, skip_bad: bool) -> Result<(Vec<DirectedExample>, usize)> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    let mut bad = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_directed_line(line, i + 1) {
            Ok(ex) => out.push(ex),
            Err(_) if skip_bad => bad += 1,
            Err(message) => {
                return Err(Error::Invalid {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message,
                })
            }
        }
    }
    Ok((out, bad))
}

/// Parses one line (see the module docs).
///
/// ```
/// use stancetag_evaluation::parse_directed_line;
/// let ex = parse_directed_line("[Democrat]s blamed [the United State]s.\tDemocrat\tthe United State\t3", 1).unwrap();
/// assert_eq!(ex.text, "Democrats blamed the United States.");
/// assert_eq!(&ex.text[ex.p.range()], "Democrats");
/// assert_eq!(&ex.text[ex.q.range()], "the United States");
/// let ex = parse_directed_line("[Kasich’]s plan and [Trump].\tKasich’\tTrump\t0", 1).unwrap();
/// assert_eq!(&ex.text[ex.p.range()], "Kasich");
/// ```
pub fn parse_directed_line(
    line: &str,
    line_no: usize,
) -> std::result::Result<DirectedExample, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != 4 {
        return Err(format!(
            "expected 4 tab-separated fields (sentence, p, q, class), found {}",
            fields.len()
        ));
    }
    let class: usize = fields[3]
        .trim()
        .parse()
        .ok()
        .filter(|c| *c < 5)
        .ok_or_else(|| format!("class {:?} is not 0-4", fields[3]))?;
    let (sentence, p, q) = (fields[0], fields[1], fields[2]);
    let find = |name: &str, from: usize| -> Option<usize> {
        sentence[from..]
            .find(&format!("[{name}]"))
            .map(|i| i + from)
    };
    let at_p = find(p, 0).ok_or_else(|| format!("entity p [{p}] is not marked in the sentence"))?;
    let after_p = at_p + p.len() + 2;
    let at_q = find(q, after_p)
        .or_else(|| find(q, 0).filter(|&i| i + q.len() + 2 <= at_p))
        .ok_or_else(|| format!("entity q [{q}] is not marked in the sentence"))?;
    // Remove the two bracket pairs, keeping byte positions of the names.
    let mut marks = [(at_p, p.len()), (at_q, q.len())];
    marks.sort();
    let mut text = String::with_capacity(sentence.len());
    let mut spans = Vec::new();
    let mut pos = 0;
    for (at, len) in marks {
        text.push_str(&sentence[pos..at]);
        let start = text.len();
        text.push_str(&sentence[at + 1..at + 1 + len]);
        spans.push((start, text.len()));
        pos = at + len + 2;
    }
    text.push_str(&sentence[pos..]);
    let repair = |(start, end): (usize, usize)| {
        // Extend to the end of the word.
        let tail = &text[end..];
        let word = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .unwrap_or(tail.len());
        let end = end + word;
        let mut s = &text[start..end];
        for suffix in ["'s", "’s", "'", "’"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                if !rest.is_empty() {
                    s = rest;
                    break;
                }
            }
        }
        Span::new(start, start + s.len())
    };
    let (first, second) = (repair(spans[0]), repair(spans[1]));
    if first.end > second.start || first.is_empty() || second.is_empty() {
        return Err("the two entities overlap or are empty".into());
    }
    let (p_span, q_span) = if at_p < at_q {
        (first, second)
    } else {
        (second, first)
    };
    Ok(DirectedExample {
        line: line_no,
        text,
        p: p_span,
        q: q_span,
        class,
    })
}

/// Scores of predicted classes against the examples' gold classes: per
/// class P/R/F1, accuracy (= micro-F1 for one label per example), macro-F1
/// over the five classes, and the confusion matrix.
pub fn score_directed(gold: &[DirectedExample], predicted: &[usize]) -> ClassificationReport {
    let mut matrix = vec![vec![0usize; 5]; 5];
    for (g, &p) in gold.iter().zip(predicted) {
        matrix[g.class][p.min(4)] += 1;
    }
    ClassificationReport::from_matrix(&DIRECTED_CLASSES, matrix, gold.len())
}

impl ClassificationReport {
    /// The report of an n-class confusion matrix (`matrix[gold][predicted]`);
    /// macro-F1 averages over every class given.
    pub fn from_matrix(
        labels: &[&str],
        matrix: Vec<Vec<usize>>,
        gold: usize,
    ) -> ClassificationReport {
        let n = labels.len();
        let total: usize = matrix.iter().flatten().sum();
        let correct: usize = (0..n).map(|i| matrix[i][i]).sum();
        let mut per_class = std::collections::BTreeMap::new();
        let mut f1_sum = 0.0;
        for (c, name) in labels.iter().enumerate() {
            let support: usize = matrix[c].iter().sum();
            let predicted: usize = matrix.iter().map(|r| r[c]).sum();
            let s = Prf::from_counts(matrix[c][c], predicted, support);
            f1_sum += s.f1;
            per_class.insert(
                name.to_string(),
                ClassScores {
                    precision: s.precision,
                    recall: s.recall,
                    f1: s.f1,
                    support,
                    predicted,
                },
            );
        }
        ClassificationReport {
            gold,
            matched: total,
            accuracy: crate::prf::ratio(correct as f64, total as f64),
            macro_f1: if n == 0 { 0.0 } else { f1_sum / n as f64 },
            per_class,
            labels: labels.iter().map(|s| s.to_string()).collect(),
            confusion: matrix,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_before_p_and_bad_lines() {
        let ex = parse_directed_line("[Obama] praised [Merkel].\tMerkel\tObama\t2", 3).unwrap();
        assert_eq!(&ex.text[ex.p.range()], "Merkel");
        assert_eq!(&ex.text[ex.q.range()], "Obama");
        assert_eq!(ex.relations()[1].label, RelationLabel::Positive);
        assert!(parse_directed_line("no brackets\tA\tB\t0", 1)
            .unwrap_err()
            .contains("[A]"));
        assert!(parse_directed_line("[A] and [B]\tA\tB\t7", 1)
            .unwrap_err()
            .contains("0-4"));
    }

    #[test]
    fn macro_f1_over_five_classes() {
        let g = |class| DirectedExample {
            line: 1,
            text: String::new(),
            p: Span::new(0, 0),
            q: Span::new(0, 0),
            class,
        };
        let gold = [g(0), g(0), g(1), g(3)];
        let r = score_directed(&gold, &[0, 0, 0, 3]);
        assert_eq!(r.accuracy, 0.75);
        // none: P 2/3 R 1 F1 0.8; class 3: F1 1; others 0.
        assert!((r.macro_f1 - (0.8 + 1.0) / 5.0).abs() < 1e-12);
        assert_eq!(r.confusion[1][0], 1);
    }
}
