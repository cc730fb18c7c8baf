//! Sentence-boundary precision, recall and F1, ignoring whitespace.

use crate::prf::Prf;
use serde::{Deserialize, Serialize};
use stancetag_core::Span;

/// Counts of sentence boundaries: found in both, predicted, in gold.
///
/// A boundary is the place where one sentence ends and the next begins,
/// inside a document (the document's own start and end are not counted: a
/// splitter that returns each document whole has recall 0). Boundaries are
/// compared ignoring whitespace: each is identified by the number of
/// non-whitespace characters before it, so `a.|b`, `a. |b` and `a.  |b`
/// are the same boundary and spans need not be trimmed alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoundaryCounts {
    /// Predicted boundaries that are gold boundaries.
    pub correct: usize,
    /// Predicted boundaries.
    pub predicted: usize,
    /// Gold boundaries.
    pub gold: usize,
}

impl BoundaryCounts {
    /// Adds another document's counts (micro-averaging over a corpus).
    pub fn add(&mut self, other: BoundaryCounts) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    /// Precision, recall and F1; a ratio with a zero denominator is 0, as
    /// everywhere in this crate ([`Prf::from_counts`]).
    pub fn scores(&self) -> Prf {
        Prf::from_counts(self.correct, self.predicted, self.gold)
    }
}

/// Compares the gold and predicted sentences of one document `text`
/// (byte spans, in any order).
///
/// ```
/// use stancetag_core::Span;
/// use stancetag_evaluation::boundary_counts;
///
/// let text = "A b. C d.  E f.";
/// let gold = [Span::new(0, 4), Span::new(5, 9), Span::new(11, 15)];
/// // One right boundary (after "b."), one missed (after "d."), one wrong (after "A").
/// let pred = [Span::new(0, 1), Span::new(2, 4), Span::new(5, 15)];
/// let c = boundary_counts(text, &gold, &pred);
/// assert_eq!((c.correct, c.predicted, c.gold), (1, 2, 2));
/// assert_eq!(c.scores().precision, 0.5);
/// ```
pub fn boundary_counts(text: &str, gold: &[Span], predicted: &[Span]) -> BoundaryCounts {
    // non_space[b] = non-whitespace characters before byte b (b on a
    // character boundary; the bytes inside a character repeat its count).
    let mut non_space = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        non_space[b..b + c.len_utf8()].fill(n);
        if !c.is_whitespace() {
            n += 1;
        }
    }
    non_space[text.len()] = n;
    let gold = boundaries(&non_space, gold);
    let predicted = boundaries(&non_space, predicted);
    let (mut i, mut j, mut correct) = (0, 0, 0);
    while i < gold.len() && j < predicted.len() {
        match gold[i].cmp(&predicted[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                correct += 1;
                i += 1;
                j += 1;
            }
        }
    }
    BoundaryCounts {
        correct,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// The sorted, distinct inner boundaries of `spans`, as counts of
/// non-whitespace characters before them.
fn boundaries(non_space: &[usize], spans: &[Span]) -> Vec<usize> {
    let total = non_space.last().copied().unwrap_or(0);
    let last = non_space.len() - 1;
    let mut keys: Vec<usize> = spans
        .iter()
        .map(|s| non_space[s.end.min(last)])
        .filter(|&k| k > 0 && k < total)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(v: &[(usize, usize)]) -> Vec<Span> {
        v.iter().map(|&(a, b)| Span::new(a, b)).collect()
    }

    #[test]
    fn whitespace_does_not_matter() {
        // "a. b" and "a.  b": untrimmed spans, different whitespace.
        let text = "a.  b";
        let gold = spans(&[(0, 2), (4, 5)]);
        let pred = spans(&[(0, 3), (3, 5)]);
        let c = boundary_counts(text, &gold, &pred);
        assert_eq!(
            c,
            BoundaryCounts {
                correct: 1,
                predicted: 1,
                gold: 1
            }
        );
        assert_eq!(
            c.scores(),
            Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0
            }
        );
    }

    #[test]
    fn hand_computed_scores() {
        // Sentences: "One." "Two." "Three." "Four." -> gold boundaries after 4, 8, 14.
        let text = "One. Two. Three. Four.";
        let gold = spans(&[(0, 4), (5, 9), (10, 16), (17, 22)]);
        // Predicted: "One. Two." | "Three" | ". Four." -> boundaries after 8 and after 13.
        let pred = spans(&[(0, 9), (10, 15), (15, 22)]);
        let c = boundary_counts(text, &gold, &pred);
        assert_eq!(
            c,
            BoundaryCounts {
                correct: 1,
                predicted: 2,
                gold: 3
            }
        );
        let s = c.scores();
        assert_eq!(s.precision, 0.5);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-12);
        // F1 = 2 * 1/2 * 1/3 / (1/2 + 1/3) = 0.4
        assert!((s.f1 - 0.4).abs() < 1e-12);
    }

    #[test]
    fn document_edges_are_not_boundaries() {
        let text = "  Whole text. ";
        let c = boundary_counts(text, &spans(&[(2, 13)]), &spans(&[(0, 14)]));
        assert_eq!(c, BoundaryCounts::default());
        // 0/0 is 0, as in the rest of the crate.
        assert_eq!(c.scores(), Prf::default());
    }

    #[test]
    fn no_prediction_gives_zero_recall() {
        let text = "A. B.";
        let c = boundary_counts(text, &spans(&[(0, 2), (3, 5)]), &spans(&[(0, 5)]));
        assert_eq!(
            c,
            BoundaryCounts {
                correct: 0,
                predicted: 0,
                gold: 1
            }
        );
        assert_eq!(c.scores(), Prf::default());
    }

    #[test]
    fn counts_add_up_over_documents() {
        let mut total = BoundaryCounts::default();
        total.add(BoundaryCounts {
            correct: 1,
            predicted: 2,
            gold: 3,
        });
        total.add(BoundaryCounts {
            correct: 2,
            predicted: 2,
            gold: 2,
        });
        assert_eq!(
            total,
            BoundaryCounts {
                correct: 3,
                predicted: 4,
                gold: 5
            }
        );
        assert_eq!(total.scores().precision, 0.75);
    }
}
