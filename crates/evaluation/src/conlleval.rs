//! A line-by-line port of the counting in `conlleval` (the CoNLL-2000/2003
//! evaluation script, version 2004-01-26), and the same counts on spans.

use crate::prf::{ratio, Prf};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line of conlleval's input: a token with its gold and predicted tags,
/// or a sentence boundary (an empty line, or a line whose first field is
/// `-X-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagPair<'a> {
    /// A token.
    Token {
        /// Gold tag, e.g. `B-PER`.
        gold: &'a str,
        /// Predicted tag.
        predicted: &'a str,
    },
    /// A sentence boundary: out of any chunk, not counted as a token.
    Boundary,
}

/// Chunk counts of one entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChunkCounts {
    /// Gold chunks (conlleval's `foundCorrect`).
    pub gold: usize,
    /// Predicted chunks (`foundGuessed`).
    pub predicted: usize,
    /// Predicted chunks that are exactly right (`correctChunk`).
    pub correct: usize,
}

impl ChunkCounts {
    /// Precision, recall and F1 of these counts.
    pub fn scores(&self) -> Prf {
        Prf::from_counts(self.correct, self.predicted, self.gold)
    }
}

/// Everything conlleval counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllevalCounts {
    /// Tokens seen (boundaries excluded), when counted on tokens.
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
    /// Chunk counts over all types.
    pub overall: ChunkCounts,
    /// Chunk counts per type, by type name (conlleval's sort order).
    pub per_type: BTreeMap<String, ChunkCounts>,
}

impl ConllevalCounts {
    /// Share of tokens tagged right (0 when there are no tokens).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct_tags as f64, self.tokens as f64)
    }

    /// Adds the counts of another file or document.
    pub fn add(&mut self, other: &ConllevalCounts) {
        self.tokens += other.tokens;
        self.correct_tags += other.correct_tags;
        add_counts(&mut self.overall, &other.overall);
        for (t, c) in &other.per_type {
            add_counts(self.per_type.entry(t.clone()).or_default(), c);
        }
    }
}

fn add_counts(a: &mut ChunkCounts, b: &ChunkCounts) {
    a.gold += b.gold;
    a.predicted += b.predicted;
    a.correct += b.correct;
}

/// Splits a tag as conlleval does: the prefix is everything before the first
/// `-`, the type everything after it; a tag without `-` is all prefix.
fn split_tag(tag: &str) -> (&str, &str) {
    match tag.split_once('-') {
        // Perl's `$type ? $type : ""` also turns the false-y type "0" into "".
        Some((prefix, ty)) => (prefix, if ty == "0" { "" } else { ty }),
        None => (tag, ""),
    }
}

/// conlleval's `endOfChunk`: did a chunk end between the previous and the
/// current token?
pub(crate) fn end_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let rule = matches!(
        (prev_tag, tag),
        ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O") | ("E", "E") | ("E", "I") | ("E", "O")
    );
    rule || (prev_tag != "O" && prev_tag != "." && prev_type != ty)
        || prev_tag == "]"
        || prev_tag == "["
}

/// conlleval's `startOfChunk`: did a chunk start at the current token?
pub(crate) fn start_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let rule = matches!(
        (prev_tag, tag),
        ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I") | ("E", "E") | ("E", "I") | ("O", "E")
    );
    rule || (tag != "O" && tag != "." && prev_type != ty) || tag == "[" || tag == "]"
}

/// Counts chunks exactly as the conlleval perl script does, line by line.
///
/// This reproduces conlleval's treatment of every tag sequence, including
/// IOB1, ill-formed IOB2 (an `I-X` after `O` or after a chunk of another type
/// starts a chunk) and the tags it does not know (`S-` is not a chunk start
/// on its own, so `S-X S-X` is one chunk; `E-X B-X` does not split). Use it
/// on token files; for spans, see [`conlleval_spans`].
///
/// ```
/// use stancetag_evaluation::{conlleval, TagPair};
/// let t = |gold, predicted| TagPair::Token { gold, predicted };
/// let c = conlleval([t("B-PER", "B-PER"), t("I-PER", "O"), TagPair::Boundary, t("I-LOC", "I-LOC")]);
/// assert_eq!((c.overall.gold, c.overall.predicted, c.overall.correct), (2, 2, 1));
/// assert_eq!((c.tokens, c.correct_tags), (3, 2));
/// ```
pub fn conlleval<'a, I: IntoIterator<Item = TagPair<'a>>>(lines: I) -> ConllevalCounts {
    let mut counts = ConllevalCounts::default();
    let (mut last_correct, mut last_correct_type) = ("O", "");
    let (mut last_guessed, mut last_guessed_type) = ("O", "");
    let mut in_correct = false;
    for line in lines {
        let (boundary, (correct, correct_type), (guessed, guessed_type)) = match line {
            TagPair::Token { gold, predicted } => (false, split_tag(gold), split_tag(predicted)),
            TagPair::Boundary => (true, ("O", ""), ("O", "")),
        };
        let end_correct = end_of_chunk(last_correct, correct, last_correct_type, correct_type);
        let end_guessed = end_of_chunk(last_guessed, guessed, last_guessed_type, guessed_type);
        if in_correct {
            if end_correct && end_guessed && last_guessed_type == last_correct_type {
                in_correct = false;
                counts.overall.correct += 1;
                counts
                    .per_type
                    .entry(last_correct_type.to_string())
                    .or_default()
                    .correct += 1;
            } else if end_correct != end_guessed || guessed_type != correct_type {
                in_correct = false;
            }
        }
        let start_correct = start_of_chunk(last_correct, correct, last_correct_type, correct_type);
        let start_guessed = start_of_chunk(last_guessed, guessed, last_guessed_type, guessed_type);
        if start_correct && start_guessed && guessed_type == correct_type {
            in_correct = true;
        }
        if start_correct {
            counts.overall.gold += 1;
            counts
                .per_type
                .entry(correct_type.to_string())
                .or_default()
                .gold += 1;
        }
        if start_guessed {
            counts.overall.predicted += 1;
            counts
                .per_type
                .entry(guessed_type.to_string())
                .or_default()
                .predicted += 1;
        }
        if !boundary {
            if correct == guessed && guessed_type == correct_type {
                counts.correct_tags += 1;
            }
            counts.tokens += 1;
        }
        (last_correct, last_correct_type) = (correct, correct_type);
        (last_guessed, last_guessed_type) = (guessed, guessed_type);
    }
    if in_correct {
        counts.overall.correct += 1;
        counts
            .per_type
            .entry(last_correct_type.to_string())
            .or_default()
            .correct += 1;
    }
    counts
}

/// conlleval's chunk counts on labelled spans of one document: a prediction
/// is correct when a gold entity has the same start, end and type (each gold
/// entity matches at most one prediction). Token counts stay 0.
///
/// ```
/// use stancetag_evaluation::conlleval_spans;
/// let gold = [(0, 5, "LOC"), (10, 15, "PER")];
/// let pred = [(0, 5, "LOC"), (10, 15, "ORG"), (20, 22, "PER")];
/// let c = conlleval_spans(&gold, &pred);
/// assert_eq!((c.overall.gold, c.overall.predicted, c.overall.correct), (2, 3, 1));
/// assert_eq!(c.per_type["PER"].gold, 1);
/// ```
pub fn conlleval_spans<L: AsRef<str>>(
    gold: &[(usize, usize, L)],
    predicted: &[(usize, usize, L)],
) -> ConllevalCounts {
    let mut counts = ConllevalCounts::default();
    let mut unmatched: BTreeMap<(usize, usize, &str), usize> = BTreeMap::new();
    for (s, e, l) in gold {
        *unmatched.entry((*s, *e, l.as_ref())).or_default() += 1;
        counts.overall.gold += 1;
        counts
            .per_type
            .entry(l.as_ref().to_string())
            .or_default()
            .gold += 1;
    }
    for (s, e, l) in predicted {
        let l = l.as_ref();
        counts.overall.predicted += 1;
        let c = counts.per_type.entry(l.to_string()).or_default();
        c.predicted += 1;
        if let Some(n) = unmatched.get_mut(&(*s, *e, l)).filter(|n| **n > 0) {
            *n -= 1;
            c.correct += 1;
            counts.overall.correct += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs conlleval on `gold pred` lines, a blank line being a boundary.
    fn run(lines: &str) -> ConllevalCounts {
        conlleval(lines.lines().map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.is_empty() {
                TagPair::Boundary
            } else {
                TagPair::Token {
                    gold: f[0],
                    predicted: f[1],
                }
            }
        }))
    }

    fn triple(c: &ChunkCounts) -> (usize, usize, usize) {
        (c.gold, c.predicted, c.correct)
    }

    #[test]
    fn iob2_exact_and_boundary_errors() {
        // gold: [PER 0-1] [LOC 3]; pred: [PER 0] [PER 1] [LOC 3]
        let c = run("B-PER B-PER\nI-PER B-PER\nO O\nB-LOC B-LOC\n");
        assert_eq!(triple(&c.overall), (2, 3, 1));
        assert_eq!(triple(&c.per_type["PER"]), (1, 2, 0));
        assert_eq!(triple(&c.per_type["LOC"]), (1, 1, 1));
        assert_eq!((c.tokens, c.correct_tags), (4, 3));
    }

    #[test]
    fn iob1_chunks_start_with_i_and_b_splits_same_type() {
        // IOB1 gold: [LOC 0-1] [LOC 2] (B- separates two LOC chunks); pred has
        // them merged into one chunk 0-2.
        let c = run("I-LOC I-LOC\nI-LOC I-LOC\nB-LOC I-LOC\nO O\n");
        assert_eq!(triple(&c.overall), (2, 1, 0));
        // Same chunks in IOB1 and IOB2 notation are counted equal.
        let c = run("I-LOC B-LOC\nI-LOC I-LOC\nB-LOC B-LOC\n");
        assert_eq!(triple(&c.overall), (2, 2, 2));
        assert_eq!((c.tokens, c.correct_tags), (3, 2));
    }

    #[test]
    fn ill_formed_i_after_o_or_other_type_starts_a_chunk() {
        // gold: O I-ORG I-ORG | B-PER I-LOC  -> chunks ORG(1-2) PER(3) LOC(4)
        // pred: O B-ORG I-ORG | B-PER B-LOC  -> the same chunks
        let c = run("O O\nI-ORG B-ORG\nI-ORG I-ORG\nB-PER B-PER\nI-LOC B-LOC\n");
        assert_eq!(triple(&c.overall), (3, 3, 3));
        assert_eq!(triple(&c.per_type["LOC"]), (1, 1, 1));
    }

    #[test]
    fn type_mismatch_inside_a_chunk_spoils_it() {
        // gold PER(0-1); pred PER(0) LOC(1): no correct chunk.
        let c = run("B-PER B-PER\nI-PER I-LOC\n");
        assert_eq!(triple(&c.overall), (1, 2, 0));
        // pred B-PER I-LOC counts LOC as its own chunk, even with gold I-LOC
        // continuing another type: gold PER(0) LOC(1) here too.
        let c = run("B-PER B-PER\nI-LOC I-LOC\n");
        assert_eq!(triple(&c.overall), (2, 2, 2));
    }

    #[test]
    fn boundary_closes_chunks_and_is_not_a_token() {
        // Without the boundary these would be one chunk I-X I-X.
        let c = run("I-PER I-PER\n\nI-PER I-PER\n");
        assert_eq!(triple(&c.overall), (2, 2, 2));
        assert_eq!(c.tokens, 2);
        // A chunk correct up to the end of the input is counted.
        let c = run("O O\nB-MISC B-MISC\nI-MISC I-MISC");
        assert_eq!(triple(&c.overall), (1, 1, 1));
    }

    #[test]
    fn chunk_longer_in_prediction_is_wrong() {
        // gold LOC(0) ; pred LOC(0-1)
        let c = run("B-LOC B-LOC\nO I-LOC\n");
        assert_eq!(triple(&c.overall), (1, 1, 0));
    }

    #[test]
    fn bioes_as_conlleval_reads_it() {
        // conlleval has no S- rule and no E->B rule: S-X S-X is one chunk,
        // and B-X E-X B-X E-X is one chunk. Both sides read the same way here.
        let c = run(
            "S-PER S-PER\nS-PER S-PER\nO O\nB-ORG B-ORG\nE-ORG E-ORG\nB-ORG B-ORG\nE-ORG E-ORG\n",
        );
        assert_eq!(triple(&c.overall), (2, 2, 2));
        // S-PER then S-LOC: the type change splits.
        let c = run("S-PER S-PER\nS-LOC S-LOC\n");
        assert_eq!(triple(&c.overall), (2, 2, 2));
        // E-X E-X: two chunks (IOE2); I-X E-X: one.
        let c = run("E-LOC I-LOC\nE-LOC E-LOC\n");
        assert_eq!(triple(&c.overall), (2, 1, 0));
    }

    #[test]
    fn odd_tags_follow_perl() {
        // A type "0" is false in Perl and becomes the empty type; a bare tag
        // without prefix is neither a start nor an end, so the gold chunk
        // goes on through `PER` while the predicted one ends at `O`.
        assert_eq!(split_tag("B-0"), ("B", ""));
        assert_eq!(split_tag("B-I-X"), ("B", "I-X"));
        let c = run("O O\nB-0 B-0\nPER O\n");
        assert_eq!(triple(&c.overall), (1, 1, 0));
        assert_eq!(triple(&c.per_type[""]), (1, 1, 0));
        assert_eq!((c.tokens, c.correct_tags), (3, 2));
    }

    #[test]
    fn span_counts_match_duplicates_once() {
        let gold = [(0, 2, "PER")];
        let pred = [(0, 2, "PER"), (0, 2, "PER")];
        let c = conlleval_spans(&gold, &pred);
        assert_eq!(triple(&c.overall), (1, 2, 1));
        let c = conlleval_spans::<&str>(&[], &[]);
        assert_eq!(c.overall.scores(), Prf::default());
    }
}
