//! The four SemEval-2013 Task 9.1 schemes, counted as nervaluate counts them.

use crate::prf::{ratio, Prf};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The counts behind one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SchemeCounts {
    /// Predictions that match a gold entity under the scheme.
    pub correct: usize,
    /// Predictions that overlap a gold entity but do not match it.
    pub incorrect: usize,
    /// Predictions that overlap a gold entity without the same boundaries
    /// (only the `partial` scheme has them).
    pub partial: usize,
    /// Gold entities no prediction overlaps.
    pub missed: usize,
    /// Predictions that overlap no gold entity.
    pub spurious: usize,
}

impl SchemeCounts {
    /// Gold entities: `correct + incorrect + partial + missed`.
    pub fn possible(&self) -> usize {
        self.correct + self.incorrect + self.partial + self.missed
    }

    /// Predictions: `correct + incorrect + partial + spurious`.
    pub fn actual(&self) -> usize {
        self.correct + self.incorrect + self.partial + self.spurious
    }

    /// Precision `c / actual` and recall `c / possible`, where `c` is
    /// `correct`, plus `partial / 2` when `half_credit` (the partial scheme).
    ///
    /// ```
    /// use stancetag_evaluation::SchemeCounts;
    /// let c = SchemeCounts { correct: 1, partial: 2, missed: 1, ..Default::default() };
    /// assert_eq!(c.scores(true).precision, 2.0 / 3.0);
    /// assert_eq!(c.scores(false).recall, 0.25);
    /// ```
    pub fn scores(&self, half_credit: bool) -> Prf {
        let hits = self.correct as f64
            + if half_credit {
                0.5 * self.partial as f64
            } else {
                0.0
            };
        Prf::from_pr(
            ratio(hits, self.actual() as f64),
            ratio(hits, self.possible() as f64),
        )
    }

    fn add(&mut self, o: &SchemeCounts) {
        self.correct += o.correct;
        self.incorrect += o.incorrect;
        self.partial += o.partial;
        self.missed += o.missed;
        self.spurious += o.spurious;
    }
}

/// Counts of the four schemes.
///
/// * `strict`: exact boundaries and type;
/// * `exact`: exact boundaries, any type;
/// * `partial`: overlapping boundaries, any type (half credit for an overlap);
/// * `type`: the type of an overlapping gold entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SemEvalCounts {
    /// Exact boundaries and type.
    pub strict: SchemeCounts,
    /// Exact boundaries, any type.
    pub exact: SchemeCounts,
    /// Overlapping boundaries, any type.
    pub partial: SchemeCounts,
    /// Some overlap and the right type.
    #[serde(rename = "type")]
    pub type_: SchemeCounts,
}

impl SemEvalCounts {
    /// Adds another document's counts.
    pub fn add(&mut self, o: &SemEvalCounts) {
        self.strict.add(&o.strict);
        self.exact.add(&o.exact);
        self.partial.add(&o.partial);
        self.type_.add(&o.type_);
    }

    /// The four schemes with their names, in the order strict, exact,
    /// partial, type.
    pub fn schemes(&self) -> [(&'static str, &SchemeCounts); 4] {
        [
            ("strict", &self.strict),
            ("exact", &self.exact),
            ("partial", &self.partial),
            ("type", &self.type_),
        ]
    }

    /// Adds `[strict, exact, partial, type]` increments.
    fn bump(&mut self, f: Bumps) {
        f[0](&mut self.strict);
        f[1](&mut self.exact);
        f[2](&mut self.partial);
        f[3](&mut self.type_);
    }
}

/// SemEval counts overall and per entity type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SemEvalResult {
    /// Over all types (the micro average).
    pub overall: SemEvalCounts,
    /// Per entity type.
    pub per_type: BTreeMap<String, SemEvalCounts>,
}

impl SemEvalResult {
    /// Adds another document's counts.
    pub fn add(&mut self, o: &SemEvalResult) {
        self.overall.add(&o.overall);
        for (t, c) in &o.per_type {
            self.per_type.entry(t.clone()).or_default().add(c);
        }
    }
}

type Bumps = [fn(&mut SchemeCounts); 4];

fn count(r: &mut SemEvalResult, ty: &str, f: Bumps) {
    r.overall.bump(f);
    r.per_type.entry(ty.to_string()).or_default().bump(f);
}

fn correct(c: &mut SchemeCounts) {
    c.correct += 1;
}
fn incorrect(c: &mut SchemeCounts) {
    c.incorrect += 1;
}
fn partial(c: &mut SchemeCounts) {
    c.partial += 1;
}
fn missed(c: &mut SchemeCounts) {
    c.missed += 1;
}
fn spurious(c: &mut SchemeCounts) {
    c.spurious += 1;
}

/// Counts the four schemes for one document's entities, given as
/// `(start, end, type)` with `end` exclusive, following nervaluate's
/// `compute_metrics`: each prediction, in order, is an exact match (strict
/// correct), or else is compared with the gold entities in order and
/// settles on the first that has its boundaries with another type (exact
/// correct, strict and type incorrect) or overlaps it (partial; type
/// correct only with the same type); a prediction overlapping nothing is
/// spurious, and a gold entity that no prediction settled on is missed.
/// Per-type counts go to the gold entity's type, and spurious predictions
/// to their own type.
///
/// ```
/// use stancetag_evaluation::semeval;
/// let gold = [(0, 10, "ORG"), (20, 25, "PER")];
/// let pred = [(5, 10, "ORG"), (30, 35, "LOC")];
/// let r = semeval(&gold, &pred);
/// let (s, p) = (r.overall.strict, r.overall.partial);
/// assert_eq!((s.correct, s.incorrect, s.missed, s.spurious), (0, 1, 1, 1));
/// assert_eq!((p.partial, p.possible(), p.actual()), (1, 2, 2));
/// ```
pub fn semeval<L: AsRef<str>>(
    gold: &[(usize, usize, L)],
    predicted: &[(usize, usize, L)],
) -> SemEvalResult {
    let mut r = SemEvalResult::default();
    let mut settled = vec![false; gold.len()];
    for (ps, pe, pt) in predicted {
        let pt = pt.as_ref();
        let exact = gold
            .iter()
            .position(|(gs, ge, gt)| (gs, ge, gt.as_ref()) == (ps, pe, pt));
        if let Some(g) = exact {
            settled[g] = true;
            count(&mut r, pt, [correct, correct, correct, correct]);
            continue;
        }
        let mut found = false;
        for (g, (gs, ge, gt)) in gold.iter().enumerate() {
            let gt = gt.as_ref();
            if (gs, ge) == (ps, pe) {
                // Same boundaries, other type.
                count(&mut r, gt, [incorrect, correct, correct, incorrect]);
            } else if gs < pe && ps < ge {
                if gt == pt {
                    count(&mut r, gt, [incorrect, incorrect, partial, correct]);
                } else {
                    count(&mut r, gt, [incorrect, incorrect, partial, incorrect]);
                }
            } else {
                continue;
            }
            settled[g] = true;
            found = true;
            break;
        }
        if !found {
            count(&mut r, pt, [spurious, spurious, spurious, spurious]);
        }
    }
    for ((_, _, gt), done) in gold.iter().zip(&settled) {
        if !done {
            count(&mut r, gt.as_ref(), [missed, missed, missed, missed]);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn five(c: &SchemeCounts) -> [usize; 5] {
        [c.correct, c.incorrect, c.partial, c.missed, c.spurious]
    }

    /// The six scenarios of the SemEval-2013 / nervaluate documentation, one
    /// document each.
    #[test]
    fn each_scenario() {
        // I: exact match.
        let r = semeval(&[(0, 5, "PER")], &[(0, 5, "PER")]);
        for (_, c) in r.overall.schemes() {
            assert_eq!(five(c), [1, 0, 0, 0, 0]);
        }
        // II: spurious.
        let r = semeval(&[], &[(0, 5, "PER")]);
        for (_, c) in r.overall.schemes() {
            assert_eq!(five(c), [0, 0, 0, 0, 1]);
        }
        assert_eq!(r.per_type["PER"].strict.spurious, 1);
        // III: missed.
        let r = semeval(&[(0, 5, "PER")], &[]);
        for (_, c) in r.overall.schemes() {
            assert_eq!(five(c), [0, 0, 0, 1, 0]);
        }
        // IV: same boundaries, wrong type.
        let r = semeval(&[(0, 5, "PER")], &[(0, 5, "ORG")]);
        let o = r.overall;
        assert_eq!(five(&o.strict), [0, 1, 0, 0, 0]);
        assert_eq!(five(&o.exact), [1, 0, 0, 0, 0]);
        assert_eq!(five(&o.partial), [1, 0, 0, 0, 0]);
        assert_eq!(five(&o.type_), [0, 1, 0, 0, 0]);
        // Counted for the gold type only.
        assert!(!r.per_type.contains_key("ORG"));
        // V: overlap, same type.
        let o = semeval(&[(0, 5, "PER")], &[(2, 5, "PER")]).overall;
        assert_eq!(five(&o.strict), [0, 1, 0, 0, 0]);
        assert_eq!(five(&o.exact), [0, 1, 0, 0, 0]);
        assert_eq!(five(&o.partial), [0, 0, 1, 0, 0]);
        assert_eq!(five(&o.type_), [1, 0, 0, 0, 0]);
        // VI: overlap, other type.
        let o = semeval(&[(0, 5, "PER")], &[(2, 9, "LOC")]).overall;
        assert_eq!(five(&o.strict), [0, 1, 0, 0, 0]);
        assert_eq!(five(&o.exact), [0, 1, 0, 0, 0]);
        assert_eq!(five(&o.partial), [0, 0, 1, 0, 0]);
        assert_eq!(five(&o.type_), [0, 1, 0, 0, 0]);
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        let o = semeval(&[(0, 5, "PER")], &[(5, 9, "PER")]).overall;
        assert_eq!(five(&o.strict), [0, 0, 0, 1, 1]);
    }

    #[test]
    fn mixed_document_by_hand() {
        // gold: A PER 0-5, B ORG 10-20, C LOC 30-35, D MISC 40-45
        // pred: PER 0-5 (I), ORG 12-20 (V on B), PER 30-35 (IV on C),
        //       LOC 50-55 (II); D is missed.
        let gold = [
            (0, 5, "PER"),
            (10, 20, "ORG"),
            (30, 35, "LOC"),
            (40, 45, "MISC"),
        ];
        let pred = [
            (0, 5, "PER"),
            (12, 20, "ORG"),
            (30, 35, "PER"),
            (50, 55, "LOC"),
        ];
        let r = semeval(&gold, &pred);
        let o = r.overall;
        assert_eq!(five(&o.strict), [1, 2, 0, 1, 1]);
        assert_eq!(five(&o.exact), [2, 1, 0, 1, 1]);
        assert_eq!(five(&o.partial), [2, 0, 1, 1, 1]);
        assert_eq!(five(&o.type_), [2, 1, 0, 1, 1]);
        assert_eq!((o.strict.possible(), o.strict.actual()), (4, 4));
        // strict P = R = 1/4; partial P = R = (2 + 0.5) / 4.
        assert_eq!(o.strict.scores(false).f1, 0.25);
        assert_eq!(o.partial.scores(true).precision, 0.625);
        // Per type: LOC has the wrong-type prediction (gold type) and the
        // spurious one (its own type).
        assert_eq!(five(&r.per_type["LOC"].strict), [0, 1, 0, 0, 1]);
        assert_eq!(five(&r.per_type["LOC"].exact), [1, 0, 0, 0, 1]);
        assert_eq!(five(&r.per_type["MISC"].strict), [0, 0, 0, 1, 0]);
        assert_eq!(five(&r.per_type["PER"].strict), [1, 0, 0, 0, 0]);
    }

    #[test]
    fn first_gold_in_order_wins_and_two_predictions_on_one_gold() {
        // The prediction overlaps gold 0 (partial) before gold 1 (same
        // boundaries): nervaluate settles on gold 0, so gold 1 is missed.
        let gold = [(0, 6, "PER"), (4, 10, "LOC")];
        let o = semeval(&gold, &[(4, 10, "ORG")]).overall;
        assert_eq!(five(&o.exact), [0, 1, 0, 1, 0]);
        // Two predictions inside one gold entity: both are counted.
        let o = semeval(&[(0, 10, "ORG")], &[(0, 3, "ORG"), (5, 10, "ORG")]).overall;
        assert_eq!(five(&o.partial), [0, 0, 2, 0, 0]);
        assert_eq!((o.partial.possible(), o.partial.actual()), (2, 2));
    }

    #[test]
    fn empty_is_zero() {
        let r = semeval::<&str>(&[], &[]);
        assert_eq!(r.overall.strict.scores(false), Prf::default());
        assert!(r.per_type.is_empty());
    }
}
