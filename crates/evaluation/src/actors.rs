//! Actor resolution scores: mention → actor accuracy and B-cubed
//! clustering scores, within documents and across them.
//!
//! A gold mention is scored when a predicted mention has exactly its span
//! (with gold mentions as the prediction's mentions, every one is). Its
//! gold actor is an id, or none (`-` and `?` of the guidelines: the gold
//! JSONL writes no `actor` for either); the predicted actor is the
//! resolver's id, or none (no actor, with or without candidates). A mention
//! is right when the two are equal.
//!
//! B-cubed (Bagga & Baldwin 1998) runs over the scored gold mentions that
//! have an id: the gold cluster of a mention is every mention with its id,
//! the predicted cluster every mention with its predicted id (a mention
//! without one is a cluster of its own). *Within documents* clusters never
//! cross a document; *across documents* they are joined by id over the
//! whole corpus, which is what a corpus table by actor relies on.

use crate::prf::{ratio, Prf};
use serde::{Deserialize, Serialize};
use stancetag_core::TaggedDocument;
use std::collections::{BTreeMap, HashMap};

/// Mention counts and accuracy of one set of documents.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ActorAccuracy {
    /// Gold mentions scored (those a predicted mention matches exactly).
    pub mentions: usize,
    /// Scored mentions whose predicted actor equals the gold one.
    pub correct: usize,
    /// `correct / mentions`.
    pub accuracy: f64,
    /// Scored mentions whose gold actor is an id.
    pub with_id: usize,
    /// Of those, mentions given exactly that id.
    pub with_id_correct: usize,
}

impl ActorAccuracy {
    fn add(&mut self, gold: Option<&str>, pred: Option<&str>) {
        self.mentions += 1;
        let right = gold == pred;
        self.correct += usize::from(right);
        if gold.is_some() {
            self.with_id += 1;
            self.with_id_correct += usize::from(right);
        }
    }

    fn finish(mut self) -> Self {
        self.accuracy = ratio(self.correct as f64, self.mentions as f64);
        self
    }
}

/// All actor scores of a prediction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ActorReport {
    /// Gold mentions in all (scored or not).
    pub gold_mentions: usize,
    /// Accuracy over all documents.
    pub total: ActorAccuracy,
    /// Accuracy per document id.
    pub per_document: BTreeMap<String, ActorAccuracy>,
    /// B-cubed with clusters inside each document.
    pub bcubed_within: Prf,
    /// B-cubed with clusters joined by id across documents.
    pub bcubed_across: Prf,
}

/// One scored mention: document, gold id, predicted id.
type Scored<'a> = (usize, Option<&'a str>, Option<&'a str>);

/// Scores the actors of `pred` against `gold`, paired document by document
/// (same order and texts; see [`crate::evaluate`] for pairing by id).
///
/// ```
/// use stancetag_core::{ActorKind, ActorLink, ActorRole, Document, Entity, Span, TaggedDocument};
/// use stancetag_evaluation::score_actors;
///
/// let link = |id: &str| Some(ActorLink { id: id.into(), name: String::new(),
///     kind: ActorKind::of_id(id).unwrap(), role: ActorRole::Name });
/// let mut gold = TaggedDocument::from(Document::new("d", "US, U.S. and Tokyo."));
/// for (s, e, id) in [(0, 2, "USA"), (4, 8, "USA"), (13, 18, "JPN")] {
///     let mut m = Entity::new(Span::new(s, e), "LOC", 0);
///     m.actor = link(id);
///     gold.entities.push(m);
/// }
/// let mut pred = gold.clone();
/// pred.entities[1].actor = None; // "U.S." left unresolved
/// let r = score_actors(&[(&gold, &pred)]);
/// assert_eq!((r.total.correct, r.total.mentions), (2, 3));
/// assert!((r.bcubed_within.recall - (0.5 + 0.5 + 1.0) / 3.0).abs() < 1e-9);
/// assert_eq!(r.bcubed_within.precision, 1.0);
/// ```
pub fn score_actors(pairs: &[(&TaggedDocument, &TaggedDocument)]) -> ActorReport {
    let mut report = ActorReport::default();
    let mut scored: Vec<Scored> = Vec::new();
    for (d, (g, p)) in pairs.iter().enumerate() {
        report.gold_mentions += g.entities.len();
        let by_span: HashMap<_, _> = p.entities.iter().map(|e| (e.span, e)).collect();
        let doc = report.per_document.entry(g.id.clone()).or_default();
        for e in &g.entities {
            let Some(q) = by_span.get(&e.span) else {
                continue;
            };
            let gold = e.actor.as_ref().map(|a| a.id.as_str());
            let pred = q.actor.as_ref().map(|a| a.id.as_str());
            doc.add(gold, pred);
            report.total.add(gold, pred);
            scored.push((d, gold, pred));
        }
    }
    report.total = report.total.finish();
    for v in report.per_document.values_mut() {
        *v = v.finish();
    }
    report.bcubed_within = bcubed(&scored, true);
    report.bcubed_across = bcubed(&scored, false);
    report
}

/// B-cubed precision, recall and F1 over the mentions with a gold id.
fn bcubed(scored: &[Scored], within: bool) -> Prf {
    let doc = |d: usize| if within { d } else { 0 };
    let items: Vec<(usize, &str, Option<&str>, usize)> = scored
        .iter()
        .enumerate()
        .filter_map(|(i, &(d, g, p))| g.map(|g| (doc(d), g, p, i)))
        .collect();
    if items.is_empty() {
        return Prf::default();
    }
    let mut gold_size: HashMap<(usize, &str), usize> = HashMap::new();
    let mut pred_size: HashMap<(usize, &str), usize> = HashMap::new();
    let mut both: HashMap<(usize, &str, &str), usize> = HashMap::new();
    for &(d, g, p, _) in &items {
        *gold_size.entry((d, g)).or_default() += 1;
        if let Some(p) = p {
            *pred_size.entry((d, p)).or_default() += 1;
            *both.entry((d, g, p)).or_default() += 1;
        }
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for &(d, g, p, _) in &items {
        let (common, pred_n) = match p {
            Some(p) => (both[&(d, g, p)], pred_size[&(d, p)]),
            None => (1, 1),
        };
        precision += common as f64 / pred_n as f64;
        recall += common as f64 / gold_size[&(d, g)] as f64;
    }
    let n = items.len() as f64;
    Prf::from_pr(precision / n, recall / n)
}
