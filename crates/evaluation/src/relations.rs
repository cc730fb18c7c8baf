//! Scoring directed relations, and the two baselines they are compared with.
//!
//! Every unordered pair of mentions of one gold sentence (entities by exact
//! span; user targets by index) is one example of the five classes of the
//! directed-sentiment dataset ([`DIRECTED_CLASSES`]): none, positive p→q,
//! positive q→p, negative p→q, negative q→p, p being the mention that comes
//! first in the text. The five classes hold one polar direction at most;
//! when the gold holds a pair polar in both directions (joint actors, §8.3
//! of the guidelines), the pair is scored as two examples, one per
//! direction. A prediction polar in both directions of a pair that gold
//! holds as one example is joined into one class as the dataset's models
//! are ([`crate::join_directions`]: the most probable joint class; p→q
//! when there are no probabilities), so that a dataset of N pairs is
//! always N examples. A predicted polar relation between mentions that are not
//! a gold pair (a mention missed or cut by NER, or two sentences in gold)
//! is one more example whose gold class is none.
//!
//! Micro-F1 over the five classes is the accuracy (one class per example);
//! the report adds micro P/R/F1 over the four polar classes, the figure
//! relation-extraction papers usually give.

use crate::classification::ClassificationReport;
use crate::directed::DIRECTED_CLASSES;
use crate::prf::Prf;
use serde::{Deserialize, Serialize};
use stancetag_core::{
    Polarity, Relation, RelationLabel, RelationScores, Scored, Span, TaggedDocument,
};
use std::collections::{BTreeMap, HashMap};

/// Relation scores of one kind of mention pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScores {
    /// The five classes: per-class P/R/F1, accuracy (= micro-F1), macro-F1
    /// and the confusion matrix, over every example.
    pub classes: ClassificationReport,
    /// Micro P/R/F1 over the four polar classes (an example counts as
    /// correct when gold and prediction name the same polar class).
    pub polar: Prf,
}

/// Relation scores of a prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationReport {
    /// Between the entity mentions of each sentence (end to end: a predicted
    /// relation counts for a gold pair only when both its mentions match
    /// gold mentions exactly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<PairScores>,
    /// Between the user targets of each record (the dataset's own setting:
    /// the pair is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<PairScores>,
}

/// The dataset class of one pair's two directions.
fn class(pq: RelationLabel, qp: RelationLabel) -> usize {
    match (pq, qp) {
        (RelationLabel::Positive, _) => 1,
        (RelationLabel::Negative, _) => 3,
        (_, RelationLabel::Positive) => 2,
        (_, RelationLabel::Negative) => 4,
        _ => 0,
    }
}

/// Counts examples into a 5 × 5 matrix (`[gold][predicted]`).
#[derive(Debug, Clone, Default)]
struct PairCounts {
    matrix: [[usize; 5]; 5],
}

impl PairCounts {
    /// One pair: its gold and predicted labels, (p→q, q→p) each.
    fn add(&mut self, gold: (RelationLabel, RelationLabel), pred: Directions) {
        let both = |(a, b): (RelationLabel, RelationLabel)| a.is_polar() && b.is_polar();
        let pred = if both(gold) {
            pred.labels()
        } else {
            pred.joined()
        };
        if both(gold) {
            let none = RelationLabel::None;
            self.matrix[class(gold.0, none)][class(pred.0, none)] += 1;
            self.matrix[class(none, gold.1)][class(none, pred.1)] += 1;
        } else {
            self.matrix[class(gold.0, gold.1)][class(pred.0, pred.1)] += 1;
        }
    }

    fn report(&self) -> PairScores {
        let matrix: Vec<Vec<usize>> = self.matrix.iter().map(|r| r.to_vec()).collect();
        let total: usize = matrix.iter().flatten().sum();
        let correct: usize = (1..5).map(|c| matrix[c][c]).sum();
        let gold: usize = (1..5).map(|c| matrix[c].iter().sum::<usize>()).sum();
        let predicted: usize = (1..5)
            .map(|c| matrix.iter().map(|r| r[c]).sum::<usize>())
            .sum();
        PairScores {
            classes: ClassificationReport::from_matrix(&DIRECTED_CLASSES, matrix, total),
            polar: Prf::from_counts(correct, predicted, gold),
        }
    }
}

/// Label and probabilities of one direction of a pair.
type Directed = (RelationLabel, Option<RelationScores>);

/// The two directions of a predicted pair, p→q and q→p.
#[derive(Clone, Copy)]
struct Directions(Directed, Directed);

impl Directions {
    /// The labels as predicted.
    fn labels(self) -> (RelationLabel, RelationLabel) {
        (self.0 .0, self.1 .0)
    }

    /// The labels with one polar direction at most: a pair predicted polar
    /// both ways is joined into the most probable of the five classes.
    fn joined(self) -> (RelationLabel, RelationLabel) {
        let (pq, qp) = self.labels();
        if !(pq.is_polar() && qp.is_polar()) {
            return (pq, qp);
        }
        match (self.0 .1, self.1 .1) {
            (Some(a), Some(b)) => crate::split_class(crate::join_directions(a, b)),
            _ => (pq, RelationLabel::None),
        }
    }
}

/// Labels (with probabilities, when given) of a pair's two directions in a
/// relation list (`none` when absent).
fn directions(rels: &HashMap<(usize, usize), Directed>, p: usize, q: usize) -> Directions {
    let get = |a, b| {
        rels.get(&(a, b))
            .copied()
            .unwrap_or((RelationLabel::None, None))
    };
    Directions(get(p, q), get(q, p))
}

fn label_map<'a>(
    rels: impl IntoIterator<Item = &'a Relation>,
) -> HashMap<(usize, usize), Directed> {
    rels.into_iter()
        .map(|r| ((r.source, r.target), (r.label, r.scores)))
        .collect()
}

/// Scores sentence relations between entity mentions. Every gold sentence
/// with two or more mentions gives its pairs; predictions are read from the
/// predicted sentences' `relations`.
fn score_entity_pairs(pairs: &[(&TaggedDocument, &TaggedDocument)]) -> PairScores {
    let mut counts = PairCounts::default();
    for (g, p) in pairs {
        let gold_rels = label_map(g.sentences.iter().flat_map(|s| &s.relations));
        let pred_rels = label_map(p.sentences.iter().flat_map(|s| &s.relations));
        // Predicted entity index → gold entity index, by exact span.
        let gold_at: HashMap<Span, usize> = g
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.span, i))
            .collect();
        let to_gold: Vec<Option<usize>> = p
            .entities
            .iter()
            .map(|e| gold_at.get(&e.span).copied())
            .collect();
        let mut pred_in_gold: HashMap<(usize, usize), Directed> = HashMap::new();
        for (&(s, t), &label) in &pred_rels {
            if let (Some(Some(gs)), Some(Some(gt))) = (to_gold.get(s), to_gold.get(t)) {
                pred_in_gold.insert((*gs, *gt), label);
            }
        }
        // Gold pairs: mentions of one gold sentence.
        let mut by_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, e) in g.entities.iter().enumerate() {
            by_sentence.entry(e.sentence).or_default().push(i);
        }
        let mut scored = std::collections::HashSet::new();
        for mentions in by_sentence.values() {
            for (a, &i) in mentions.iter().enumerate() {
                for &j in &mentions[a + 1..] {
                    counts.add(
                        directions(&gold_rels, i, j).labels(),
                        directions(&pred_in_gold, i, j),
                    );
                    scored.insert((i, j));
                }
            }
        }
        // Predicted polar pairs that are no gold pair: gold none.
        let mut extra = std::collections::BTreeSet::new();
        for (&(s, t), &(label, _)) in &pred_rels {
            if !label.is_polar() {
                continue;
            }
            let gold_pair = match (to_gold.get(s), to_gold.get(t)) {
                (Some(Some(a)), Some(Some(b))) => scored.contains(&((*a).min(*b), (*a).max(*b))),
                _ => false,
            };
            if !gold_pair {
                extra.insert((s.min(t), s.max(t)));
            }
        }
        let none = (RelationLabel::None, RelationLabel::None);
        for (i, j) in extra {
            counts.add(none, directions(&pred_rels, i, j));
        }
    }
    counts.report()
}

/// Scores relations between user targets: every unordered pair of targets
/// of a gold record in one sentence with a gold `target_relations` list.
fn score_target_pairs(pairs: &[(&TaggedDocument, &TaggedDocument)]) -> PairScores {
    let mut counts = PairCounts::default();
    for (g, p) in pairs {
        let Some(gold) = &g.target_relations else {
            continue;
        };
        let gold_rels = label_map(gold);
        let pred_rels = label_map(p.target_relations.iter().flatten());
        let n = g.targets.as_ref().map_or(0, |t| t.len());
        let sentence_of = |i: usize| {
            let span = g.targets.as_ref().unwrap()[i].span;
            g.sentences.iter().position(|s| s.span.contains(&span))
        };
        for i in 0..n {
            for j in i + 1..n {
                if sentence_of(i) == sentence_of(j) {
                    counts.add(
                        directions(&gold_rels, i, j).labels(),
                        directions(&pred_rels, i, j),
                    );
                }
            }
        }
    }
    counts.report()
}

/// Scores what the gold annotates: entity pairs when some gold sentence has
/// relations, target pairs when some gold record has `target_relations`.
pub fn score_relations(pairs: &[(&TaggedDocument, &TaggedDocument)]) -> Option<RelationReport> {
    let entities = pairs
        .iter()
        .any(|(g, _)| g.sentences.iter().any(|s| !s.relations.is_empty()))
        .then(|| score_entity_pairs(pairs));
    let targets = pairs
        .iter()
        .any(|(g, _)| g.target_relations.is_some())
        .then(|| score_target_pairs(pairs));
    (entities.is_some() || targets.is_some()).then_some(RelationReport { entities, targets })
}

/// A baseline in place of the relation model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum RelationBaseline {
    /// The majority class: no relation anywhere.
    Majority,
    /// From the stance toward each of the two mentions: when one or both are
    /// spoken of polarly, the more polar one is the target and the other the
    /// source, with the target's polarity; none when neither is polar.
    StancePolarity,
}

/// How strongly polar a stance is: its largest polar probability (1 for a
/// gold label without probabilities), 0 when neutral or absent.
fn polarity_strength(stance: Option<&Scored>) -> (f32, RelationLabel) {
    let Some(s) = stance else {
        return (0.0, RelationLabel::None);
    };
    let label = match s.label {
        Polarity::Negative => RelationLabel::Negative,
        Polarity::Positive => RelationLabel::Positive,
        Polarity::Neutral => return (0.0, RelationLabel::None),
    };
    let p = s.scores.map_or(1.0, |x| x.negative.max(x.positive));
    (p, label)
}

/// The baseline's relations from the stances of mentions `i` and `j`
/// (both directions; at most one polar).
fn baseline_pair(
    baseline: RelationBaseline,
    stances: &[Option<&Scored>],
    i: usize,
    j: usize,
) -> [Relation; 2] {
    let none = |s, t| Relation {
        source: s,
        target: t,
        label: RelationLabel::None,
        scores: Some(RelationScores::from_array([0.0, 1.0, 0.0])),
    };
    let mut out = [none(i, j), none(j, i)];
    if baseline == RelationBaseline::Majority {
        return out;
    }
    let (si, li) = polarity_strength(stances[i]);
    let (sj, lj) = polarity_strength(stances[j]);
    if si == 0.0 && sj == 0.0 {
        return out;
    }
    // The more polar mention is the target (ties: the later one).
    let (k, label, p) = if sj >= si { (0, lj, sj) } else { (1, li, si) };
    let mut scores = [0.0, 1.0 - p, 0.0];
    scores[label.index()] = p;
    out[k].label = label;
    out[k].scores = Some(RelationScores::from_array(scores));
    out
}

/// Replaces a prediction's relations (sentence relations between its
/// entities, and target relations) by the baseline's, from the stances the
/// prediction holds. Relations are kept as the tagger keeps them: polar ones
/// in sentences, every ordered pair among targets.
pub fn apply_baseline(doc: &mut TaggedDocument, baseline: RelationBaseline) {
    let stances: Vec<Option<&Scored>> = doc.entities.iter().map(|e| e.stance.as_ref()).collect();
    let mut by_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        by_sentence.entry(e.sentence).or_default().push(i);
    }
    let mut sentence_rels: BTreeMap<usize, Vec<Relation>> = BTreeMap::new();
    for (&s, mentions) in &by_sentence {
        for (a, &i) in mentions.iter().enumerate() {
            for &j in &mentions[a + 1..] {
                for r in baseline_pair(baseline, &stances, i, j) {
                    if r.label.is_polar() {
                        sentence_rels.entry(s).or_default().push(r);
                    }
                }
            }
        }
    }
    for (s, sentence) in doc.sentences.iter_mut().enumerate() {
        let mut rels = sentence_rels.remove(&s).unwrap_or_default();
        rels.sort_by_key(|r| (r.source, r.target));
        sentence.relations = rels;
    }
    if let Some(targets) = &doc.targets {
        let stances: Vec<Option<&Scored>> = targets.iter().map(|t| t.stance.as_ref()).collect();
        let sentence_of = |i: usize| {
            doc.sentences
                .iter()
                .position(|s| s.span.contains(&targets[i].span))
        };
        let mut rels = Vec::new();
        for i in 0..targets.len() {
            for j in i + 1..targets.len() {
                if sentence_of(i).is_some() && sentence_of(i) == sentence_of(j) {
                    rels.extend(baseline_pair(baseline, &stances, i, j));
                }
            }
        }
        rels.sort_by_key(|r| (r.source, r.target));
        doc.target_relations = Some(rels);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancetag_core::{Document, Entity, PolarityScores};

    fn rel(source: usize, target: usize, label: RelationLabel) -> Relation {
        Relation {
            source,
            target,
            label,
            scores: None,
        }
    }

    /// "Seoul blamed Tokyo and Beijing." with three entities in one sentence.
    fn doc() -> TaggedDocument {
        let text = "Seoul blamed Tokyo and Beijing.";
        let mut d = TaggedDocument::with_sentences(Document::new("d", text), &[Span::new(0, 31)]);
        let ent = |s, e| Entity::new(Span::new(s, e), "LOC", 0);
        d.entities = vec![ent(0, 5), ent(13, 18), ent(23, 30)];
        d
    }

    #[test]
    fn end_to_end_pairs_and_extra_predictions() {
        use RelationLabel::*;
        let mut g = doc();
        g.sentences[0].relations = vec![rel(0, 1, Negative), rel(0, 2, Negative)];
        let mut p = doc();
        // NER cut "Beijing" short: its relation is an extra example.
        p.entities[2].span = Span::new(23, 27);
        p.sentences[0].relations = vec![rel(0, 1, Negative), rel(2, 0, Positive)];
        let r = score_relations(&[(&g, &p)]).unwrap();
        let e = r.entities.unwrap();
        // Gold pairs (0,1) neg p→q right, (0,2) neg p→q missed, (1,2) none right;
        // the extra pair (0, cut Beijing) predicted positive q→p, gold none.
        assert_eq!(e.classes.matched, 4);
        assert_eq!(e.classes.confusion[3][3], 1);
        assert_eq!(e.classes.confusion[3][0], 1);
        assert_eq!(e.classes.confusion[0][0], 1);
        assert_eq!(e.classes.confusion[0][2], 1);
        assert_eq!(e.polar, Prf::from_counts(1, 2, 2));
        assert!(r.targets.is_none());
    }

    #[test]
    fn reciprocal_pairs_score_per_direction() {
        use RelationLabel::*;
        let mut g = doc();
        g.sentences[0].relations = vec![rel(0, 1, Positive), rel(1, 0, Positive)];
        let mut p = doc();
        p.sentences[0].relations = vec![rel(0, 1, Positive)];
        let e = score_relations(&[(&g, &p)]).unwrap().entities.unwrap();
        // (0,1) gives two examples: positive p→q found, positive q→p missed.
        assert_eq!(e.classes.matched, 4);
        assert_eq!(e.classes.confusion[1][1], 1);
        assert_eq!(e.classes.confusion[2][0], 1);
    }

    #[test]
    fn a_prediction_polar_both_ways_is_joined_into_one_class() {
        use RelationLabel::*;
        let mut g = doc();
        g.sentences[0].relations = vec![rel(1, 0, Negative)];
        let mut p = doc();
        let scored = |s, t, a: [f32; 3]| Relation::predicted(s, t, RelationScores::from_array(a));
        // p→q positive at 0.6, q→p negative at 0.9: negative q→p wins.
        p.sentences[0].relations =
            vec![scored(0, 1, [0.1, 0.3, 0.6]), scored(1, 0, [0.9, 0.1, 0.0])];
        let e = score_relations(&[(&g, &p)]).unwrap().entities.unwrap();
        // Three pairs, three examples; (0,1) gold and predicted negative q→p.
        assert_eq!(e.classes.matched, 3);
        assert_eq!(e.classes.confusion[4][4], 1);
        // Without probabilities p→q is kept.
        p.sentences[0].relations = vec![rel(0, 1, Positive), rel(1, 0, Negative)];
        let e = score_relations(&[(&g, &p)]).unwrap().entities.unwrap();
        assert_eq!(e.classes.matched, 3);
        assert_eq!(e.classes.confusion[4][1], 1);
    }

    #[test]
    fn stance_polarity_baseline_points_at_the_polar_mention() {
        let mut d = doc();
        let scored = |label, n: f32, p: f32| Scored {
            label,
            scores: Some(PolarityScores {
                negative: n,
                neutral: 1.0 - n - p,
                positive: p,
            }),
        };
        d.entities[0].stance = Some(scored(Polarity::Neutral, 0.1, 0.1));
        d.entities[1].stance = Some(scored(Polarity::Negative, 0.8, 0.0));
        d.entities[2].stance = Some(scored(Polarity::Negative, 0.6, 0.0));
        apply_baseline(&mut d, RelationBaseline::StancePolarity);
        let got: Vec<_> = d.sentences[0]
            .relations
            .iter()
            .map(|r| (r.source, r.target, r.label))
            .collect();
        use RelationLabel::Negative;
        assert_eq!(got, [(0, 1, Negative), (0, 2, Negative), (2, 1, Negative)]);
        apply_baseline(&mut d, RelationBaseline::Majority);
        assert!(d.sentences[0].relations.is_empty());
    }
}
