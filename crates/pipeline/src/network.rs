//! The corpus network: directed relations between mentions, aggregated by
//! actor into an actor × actor edge list.
//!
//! Every relation of every sentence (`relations`, between entity mentions)
//! counts once for the ordered pair (source actor, target actor). A mention
//! resolved to an actor is that actor's node; an unresolved one is a node of
//! its own, keyed by its merged name and label as in
//! [`crate::actors::Grouping::Surface`]. Relations between two mentions of
//! one actor are dropped (the tagger drops them too). Counts are added over
//! documents, and the mean score is the mean of `P(positive) - P(negative)`
//! over the edge's relations (+1 / -1 for a gold label), so merging two
//! corpora adds counts and score sums, never averages.
//!
//! ```
//! use stancetag_core::TaggedDocument;
//! use stancetag_pipeline::network::NetworkBuilder;
//! let line = r#"{"id":"d","text":"Japan praised Korea.","sentences":[{"start":0,"end":20,"relations":[{"source":0,"target":1,"label":"positive"}]}],"entities":[{"start":0,"end":5,"text":"Japan","label":"LOC","sentence":0,"actor":{"id":"JPN","name":"Japan","kind":"country"}},{"start":14,"end":19,"text":"Korea","label":"LOC","sentence":0,"actor":{"id":"KOR","name":"South Korea","kind":"country"}}]}"#;
//! let doc: TaggedDocument = serde_json::from_str(line).unwrap();
//! let mut network = NetworkBuilder::default();
//! network.add_document(&doc);
//! let edges = network.finish().edges;
//! assert_eq!((edges[0].source.as_str(), edges[0].target.as_str()), ("JPN", "KOR"));
//! assert_eq!((edges[0].positive, edges[0].negative, edges[0].mean_score), (1, 0, 1.0));
//! ```

use crate::actors::actor_name;
use serde::Serialize;
use stancetag_core::{ActorKind, Entity, RelationLabel, TaggedDocument};
use std::collections::{BTreeMap, BTreeSet};

/// One node: an actor, or an unresolved mention's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The actor id, or `~<label>:<name>` for an unresolved mention.
    pub id: String,
    /// Canonical name (the mention's name when unresolved).
    pub name: String,
    /// Kind of actor (none when unresolved).
    pub kind: Option<ActorKind>,
    /// Relations in which the node is the source or the target.
    pub relations: usize,
}

/// One directed edge: the relations from `source` to `target`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Positive relations (endorses, supports, cooperates with …).
    pub positive: usize,
    /// Negative relations (blames, criticises, sanctions …).
    pub negative: usize,
    /// Relations labelled none (present only in `--all-relations` output).
    pub none: usize,
    /// Documents with at least one of these relations.
    pub documents: usize,
    /// Mean of `P(positive) - P(negative)` over the edge's relations.
    pub mean_score: f64,
    /// The first sentence (in input order) with such a relation.
    pub example: String,
}

impl Edge {
    /// Polar relations: positive + negative.
    pub fn polar(&self) -> usize {
        self.positive + self.negative
    }
}

/// The network of a corpus: nodes by id, edges strongest first (most polar
/// relations, then the larger |mean score|, then by ids).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Network {
    /// Documents read.
    pub documents: usize,
    /// Every node with an edge, by id.
    pub nodes: Vec<Node>,
    /// Every edge.
    pub edges: Vec<Edge>,
}

impl Network {
    /// Keep the edges with at least `min` polar relations, then the `top`
    /// strongest; nodes without a kept edge go.
    pub fn filter(&mut self, min: usize, top: Option<usize>) {
        self.edges.retain(|e| e.polar() >= min);
        if let Some(n) = top {
            self.edges.truncate(n);
        }
        let used: BTreeSet<&str> = self
            .edges
            .iter()
            .flat_map(|e| [e.source.as_str(), e.target.as_str()])
            .collect();
        self.nodes.retain(|n| used.contains(n.id.as_str()));
    }
}

#[derive(Default)]
struct EdgeSum {
    positive: usize,
    negative: usize,
    none: usize,
    documents: usize,
    last_document: Option<usize>,
    score: f64,
    example: String,
}

/// Adds documents one at a time; [`NetworkBuilder::finish`] gives the network.
#[derive(Default)]
pub struct NetworkBuilder {
    documents: usize,
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<(String, String), EdgeSum>,
}

impl NetworkBuilder {
    /// Add the relations of one document.
    pub fn add_document(&mut self, doc: &TaggedDocument) {
        let d = self.documents;
        self.documents += 1;
        for (i, s) in doc.sentences.iter().enumerate() {
            for r in &s.relations {
                let (Some(a), Some(b)) = (doc.entities.get(r.source), doc.entities.get(r.target))
                else {
                    continue;
                };
                let (na, nb) = (node(doc, a), node(doc, b));
                if na.id == nb.id {
                    continue;
                }
                for n in [&na, &nb] {
                    self.nodes
                        .entry(n.id.clone())
                        .or_insert_with(|| n.clone())
                        .relations += 1;
                }
                let e = self.edges.entry((na.id, nb.id)).or_default();
                match r.label {
                    RelationLabel::Positive => e.positive += 1,
                    RelationLabel::Negative => e.negative += 1,
                    RelationLabel::None => e.none += 1,
                }
                e.score += match r.scores {
                    Some(p) => f64::from(p.positive) - f64::from(p.negative),
                    None => match r.label {
                        RelationLabel::Positive => 1.0,
                        RelationLabel::Negative => -1.0,
                        RelationLabel::None => 0.0,
                    },
                };
                if e.last_document != Some(d) {
                    e.last_document = Some(d);
                    e.documents += 1;
                }
                if e.example.is_empty() {
                    e.example = doc.sentence_text(i).trim().to_string();
                }
            }
        }
    }

    /// The network, edges strongest first.
    pub fn finish(self) -> Network {
        let mut edges: Vec<Edge> = self
            .edges
            .into_iter()
            .map(|((source, target), e)| {
                let n = e.positive + e.negative + e.none;
                Edge {
                    source,
                    target,
                    positive: e.positive,
                    negative: e.negative,
                    none: e.none,
                    documents: e.documents,
                    mean_score: e.score / n.max(1) as f64,
                    example: e.example,
                }
            })
            .collect();
        edges.sort_by(|a, b| {
            b.polar()
                .cmp(&a.polar())
                .then(b.mean_score.abs().total_cmp(&a.mean_score.abs()))
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        Network {
            documents: self.documents,
            nodes: self.nodes.into_values().collect(),
            edges,
        }
    }
}

/// The node a mention stands for.
fn node(doc: &TaggedDocument, e: &Entity) -> Node {
    let text = doc.slice(e.span);
    match &e.actor {
        Some(a) => Node {
            id: a.id.clone(),
            name: if a.name.is_empty() {
                actor_name(text, &e.label)
            } else {
                a.name.clone()
            },
            kind: Some(a.kind),
            relations: 0,
        },
        None => {
            let name = actor_name(text, &e.label);
            Node {
                id: format!("~{}:{}", e.label, name.to_lowercase()),
                name,
                kind: None,
                relations: 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two documents: d1 has Japan → Korea negative (0.8 - 0.1 = -0.7…),
    /// Tokyo → Seoul negative (same actors), and Japan → Japan's envoy (one
    /// actor: dropped); d2 has Japan → Korea positive (gold) and an
    /// unresolved "Kim" → Japan none.
    fn docs() -> Vec<TaggedDocument> {
        let ent = |sentence: usize, s: usize, e: usize, text: &str, actor: Option<(&str, &str)>| {
            let actor = actor.map_or(String::new(), |(id, name)| {
                format!(r#","actor":{{"id":"{id}","name":"{name}","kind":"country"}}"#)
            });
            format!(
                r#"{{"start":{s},"end":{e},"text":"{text}","label":"LOC","sentence":{sentence}{actor}}}"#
            )
        };
        let d1 = format!(
            r#"{{"id":"d1","text":"Japan and Tokyo blamed Korea and Seoul.","sentences":[{{"start":0,"end":39,"relations":[{{"source":0,"target":2,"label":"negative","scores":{{"negative":0.8,"none":0.1,"positive":0.1}}}},{{"source":1,"target":3,"label":"negative","scores":{{"negative":0.6,"none":0.4,"positive":0.0}}}},{{"source":0,"target":1,"label":"positive"}}]}}],"entities":[{},{},{},{}]}}"#,
            ent(0, 0, 5, "Japan", Some(("JPN", "Japan"))),
            ent(0, 10, 15, "Tokyo", Some(("JPN", "Japan"))),
            ent(0, 23, 28, "Korea", Some(("KOR", "South Korea"))),
            ent(0, 33, 38, "Seoul", Some(("KOR", "South Korea"))),
        );
        let d2 = format!(
            r#"{{"id":"d2","text":"Japan thanked Korea. Kim met Japan.","sentences":[{{"start":0,"end":20,"relations":[{{"source":0,"target":1,"label":"positive"}}]}},{{"start":21,"end":35,"relations":[{{"source":2,"target":3,"label":"none"}}]}}],"entities":[{},{},{},{}]}}"#,
            ent(0, 0, 5, "Japan", Some(("JPN", "Japan"))),
            ent(0, 14, 19, "Korea", Some(("KOR", "South Korea"))),
            ent(1, 21, 24, "Kim", None),
            ent(1, 29, 34, "Japan", Some(("JPN", "Japan"))),
        );
        [d1, d2]
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn relations_add_up_by_actor_pair() {
        let mut b = NetworkBuilder::default();
        for d in docs() {
            b.add_document(&d);
        }
        let n = b.finish();
        assert_eq!(n.documents, 2);
        assert_eq!(n.edges.len(), 2);
        let e = &n.edges[0];
        assert_eq!((e.source.as_str(), e.target.as_str()), ("JPN", "KOR"));
        assert_eq!((e.positive, e.negative, e.none, e.documents), (1, 2, 0, 2));
        // (-0.7 - 0.6 + 1) / 3
        assert!((e.mean_score - (-0.1)).abs() < 1e-6, "{}", e.mean_score);
        assert_eq!(e.example, "Japan and Tokyo blamed Korea and Seoul.");
        let k = &n.edges[1];
        assert_eq!((k.source.as_str(), k.target.as_str()), ("~LOC:kim", "JPN"));
        assert_eq!((k.polar(), k.none), (0, 1));
        let ids: Vec<&str> = n.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["JPN", "KOR", "~LOC:kim"]);
        assert_eq!(n.nodes[0].relations, 4);
    }

    #[test]
    fn filter_keeps_strong_edges_and_their_nodes() {
        let mut b = NetworkBuilder::default();
        for d in docs() {
            b.add_document(&d);
        }
        let mut n = b.finish();
        n.filter(1, None);
        assert_eq!(n.edges.len(), 1);
        assert_eq!(n.nodes.len(), 2);
        n.filter(1, Some(0));
        assert!(n.edges.is_empty() && n.nodes.is_empty());
    }
}
