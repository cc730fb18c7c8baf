use serde::{Deserialize, Serialize};

/// `numerator / denominator`, defined as 0 when the denominator is 0 (as in
/// conlleval and nervaluate).
///
/// ```
/// use stancetag_evaluation::ratio;
/// assert_eq!(ratio(1.0, 4.0), 0.25);
/// assert_eq!(ratio(0.0, 0.0), 0.0);
/// ```
pub fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 {
        0.0
    } else {
        numerator / denominator
    }
}

/// Precision, recall and their harmonic mean F1, as fractions in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Prf {
    /// Share of predictions that are correct.
    pub precision: f64,
    /// Share of gold items that were found.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// Scores from counts: `correct` of `predicted` predictions are right,
    /// out of `gold` gold items. A zero denominator gives 0.
    ///
    /// ```
    /// use stancetag_evaluation::Prf;
    /// let s = Prf::from_counts(2, 4, 3);
    /// assert_eq!((s.precision, s.recall), (0.5, 2.0 / 3.0));
    /// assert!((s.f1 - 4.0 / 7.0).abs() < 1e-12);
    /// assert_eq!(Prf::from_counts(0, 0, 0), Prf::default());
    /// ```
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        Prf::from_pr(
            ratio(correct as f64, predicted as f64),
            ratio(correct as f64, gold as f64),
        )
    }

    /// F1 from precision and recall (0 when both are 0).
    pub fn from_pr(precision: f64, recall: f64) -> Prf {
        Prf {
            precision,
            recall,
            f1: ratio(2.0 * precision * recall, precision + recall),
        }
    }

    /// Macro average: the mean of each score over `items` (all 0 for none).
    /// The F1 is the mean of the F1s, not the F1 of the means.
    pub fn mean<I: IntoIterator<Item = Prf>>(items: I) -> Prf {
        let (mut p, mut r, mut f, mut n) = (0.0, 0.0, 0.0, 0usize);
        for s in items {
            p += s.precision;
            r += s.recall;
            f += s.f1;
            n += 1;
        }
        let n = n as f64;
        Prf {
            precision: ratio(p, n),
            recall: ratio(r, n),
            f1: ratio(f, n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_denominators_are_zero() {
        assert_eq!(ratio(3.0, 0.0), 0.0);
        let s = Prf::from_counts(0, 0, 5);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
        let s = Prf::from_counts(0, 5, 0);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn perfect_and_half() {
        assert_eq!(
            Prf::from_counts(3, 3, 3),
            Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0
            }
        );
        // 1 of 2 predictions right, 1 of 1 gold found: F1 = 2*0.5*1/1.5 = 2/3.
        let s = Prf::from_counts(1, 2, 1);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn macro_mean_averages_each_score() {
        let m = Prf::mean([Prf::from_counts(1, 1, 1), Prf::from_counts(0, 1, 1)]);
        assert_eq!((m.precision, m.recall, m.f1), (0.5, 0.5, 0.5));
        assert_eq!(Prf::mean([]), Prf::default());
    }
}
