//! Accuracy, per-class scores and confusion matrices for three-way polarity.

use crate::prf::{ratio, Prf};
use serde::{Deserialize, Serialize};
use stancetag_core::Polarity;
use std::collections::BTreeMap;

/// Gold-by-predicted counts over [`Polarity::ALL`]: `matrix[gold][predicted]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Confusion {
    /// Rows are gold classes, columns predicted classes, both in
    /// [`Polarity::ALL`] order.
    pub matrix: [[usize; 3]; 3],
}

impl Confusion {
    /// Counts `(gold, predicted)` pairs.
    pub fn from_pairs<I: IntoIterator<Item = (Polarity, Polarity)>>(pairs: I) -> Confusion {
        let mut c = Confusion::default();
        for (g, p) in pairs {
            c.add(g, p);
        }
        c
    }

    /// Counts one pair.
    pub fn add(&mut self, gold: Polarity, predicted: Polarity) {
        self.matrix[gold.index()][predicted.index()] += 1;
    }

    /// Number of pairs.
    pub fn total(&self) -> usize {
        self.matrix.iter().flatten().sum()
    }

    /// Share of pairs on the diagonal (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let right: usize = (0..3).map(|i| self.matrix[i][i]).sum();
        ratio(right as f64, self.total() as f64)
    }

    /// Gold items of a class.
    pub fn support(&self, class: Polarity) -> usize {
        self.matrix[class.index()].iter().sum()
    }

    /// Predictions of a class.
    pub fn predicted(&self, class: Polarity) -> usize {
        self.matrix.iter().map(|row| row[class.index()]).sum()
    }

    /// Precision, recall and F1 of one class against the others.
    pub fn class_scores(&self, class: Polarity) -> Prf {
        let i = class.index();
        Prf::from_counts(
            self.matrix[i][i],
            self.predicted(class),
            self.support(class),
        )
    }

    /// Mean F1 over the classes that occur in the gold labels or the
    /// predictions (as scikit-learn does); 0 when there are none.
    ///
    /// ```
    /// use stancetag_core::Polarity::*;
    /// use stancetag_evaluation::Confusion;
    /// // gold neg neg pos, predicted neg pos pos: neutral never occurs.
    /// let c = Confusion::from_pairs([(Negative, Negative), (Negative, Positive), (Positive, Positive)]);
    /// // F1(neg) = 2/3 (P 1, R 1/2), F1(pos) = 2/3 (P 1/2, R 1).
    /// assert!((c.macro_f1() - 2.0 / 3.0).abs() < 1e-12);
    /// assert!((c.accuracy() - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn macro_f1(&self) -> f64 {
        let present = Polarity::ALL
            .into_iter()
            .filter(|&c| self.support(c) + self.predicted(c) > 0);
        Prf::mean(present.map(|c| self.class_scores(c))).f1
    }
}

/// One class's scores, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    /// Share of predictions of this class that are right.
    pub precision: f64,
    /// Share of gold items of this class that were found.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Gold items of this class.
    pub support: usize,
    /// Predictions of this class.
    pub predicted: usize,
}

/// Scores of a three-way classification (sentence sentiment, entity or
/// target stance) over the items that could be paired with a prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    /// Gold items with a label.
    pub gold: usize,
    /// Gold items paired with a prediction that has a label: the items
    /// scored below.
    pub matched: usize,
    /// Share of matched items labelled right.
    pub accuracy: f64,
    /// Mean F1 over the classes that occur (see [`Confusion::macro_f1`]).
    pub macro_f1: f64,
    /// Scores per class, by class name.
    pub per_class: BTreeMap<String, ClassScores>,
    /// Class names in row and column order of `matrix`.
    pub labels: Vec<String>,
    /// `matrix[gold][predicted]` counts.
    pub confusion: Vec<Vec<usize>>,
}

impl ClassificationReport {
    /// The report of a confusion matrix, for `gold` labelled gold items.
    pub fn new(confusion: &Confusion, gold: usize) -> ClassificationReport {
        ClassificationReport {
            gold,
            matched: confusion.total(),
            accuracy: confusion.accuracy(),
            macro_f1: confusion.macro_f1(),
            per_class: Polarity::ALL
                .into_iter()
                .map(|c| {
                    let s = confusion.class_scores(c);
                    let scores = ClassScores {
                        precision: s.precision,
                        recall: s.recall,
                        f1: s.f1,
                        support: confusion.support(c),
                        predicted: confusion.predicted(c),
                    };
                    (c.to_string(), scores)
                })
                .collect(),
            labels: Polarity::ALL.iter().map(|c| c.to_string()).collect(),
            confusion: confusion.matrix.iter().map(|r| r.to_vec()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::*;

    #[test]
    fn scores_by_hand() {
        // gold:  neg neg neg neu neu pos
        // pred:  neg neg neu neu pos pos
        let c = Confusion::from_pairs([
            (Negative, Negative),
            (Negative, Negative),
            (Negative, Neutral),
            (Neutral, Neutral),
            (Neutral, Positive),
            (Positive, Positive),
        ]);
        assert_eq!(c.matrix, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
        assert_eq!(c.accuracy(), 4.0 / 6.0);
        // neg: P 2/2, R 2/3, F1 0.8
        let neg = c.class_scores(Negative);
        assert_eq!((neg.precision, neg.recall), (1.0, 2.0 / 3.0));
        assert!((neg.f1 - 0.8).abs() < 1e-12);
        // neu: P 1/2, R 1/2, F1 1/2; pos: P 1/2, R 1, F1 2/3
        assert_eq!(c.class_scores(Neutral).f1, 0.5);
        assert!((c.class_scores(Positive).f1 - 2.0 / 3.0).abs() < 1e-12);
        let expected = (0.8 + 0.5 + 2.0 / 3.0) / 3.0;
        assert!((c.macro_f1() - expected).abs() < 1e-12);

        let r = ClassificationReport::new(&c, 7);
        assert_eq!((r.gold, r.matched), (7, 6));
        assert_eq!(r.per_class["neutral"].support, 2);
        assert_eq!(r.per_class["positive"].predicted, 2);
        assert_eq!(r.confusion[0], [2, 1, 0]);
    }

    #[test]
    fn empty_is_zero() {
        let c = Confusion::default();
        assert_eq!((c.accuracy(), c.macro_f1()), (0.0, 0.0));
        assert_eq!(c.class_scores(Positive), Prf::default());
    }
}
