//! The JSON form of a [`TaggedDocument`]: character offsets and span texts.
//!
//! Inside stancetag every span counts bytes; a record on disk counts
//! characters (Unicode scalar values) and repeats the text of every
//! sentence and entity, so that it can be read by any tool and checked by
//! eye. This module is the one place where the two meet:
//! [`Document::from_tagged`] converts when a record is written,
//! [`OwnedDocument::into_tagged`] when one is read.

use crate::actor::OwnedActorLink;
use crate::document::{ActorSummary, Entity, Meta, Sentence, Target};
use crate::{ActorLink, CharIndex, Relation, Scored, Span, TaggedDocument};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A record as written: borrowed from a [`TaggedDocument`], offsets in characters.
#[derive(Serialize)]
pub struct Document<'a> {
    id: &'a str,
    #[serde(flatten)]
    meta: &'a Meta,
    sentences: Vec<WireSentence<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entities: Vec<WireEntity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<Vec<WireTarget<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_relations: Option<&'a Vec<Relation>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    summary: &'a Vec<ActorSummary>,
    text: &'a str,
}

#[derive(Serialize)]
struct WireSentence<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentiment: Option<Scored>,
    #[serde(skip_serializing_if = "<[Relation]>::is_empty")]
    relations: &'a [Relation],
}

#[derive(Serialize)]
struct WireEntity<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
    sentence: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<Scored>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a ActorLink>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
}

#[derive(Serialize)]
struct WireTarget<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<Scored>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a ActorLink>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
}

impl<'a> Document<'a> {
    /// The JSON form of `doc` (one character index built for the document).
    pub fn from_tagged(doc: &'a TaggedDocument) -> Document<'a> {
        let idx = CharIndex::new(&doc.text);
        let chars = |s: Span| (idx.char_of_byte(s.start), idx.char_of_byte(s.end));
        Document {
            id: &doc.id,
            meta: &doc.meta,
            sentences: doc
                .sentences
                .iter()
                .map(|s| {
                    let (start, end) = chars(s.span);
                    WireSentence {
                        start,
                        end,
                        text: doc.slice(s.span),
                        sentiment: s.sentiment,
                        relations: &s.relations,
                    }
                })
                .collect(),
            entities: doc
                .entities
                .iter()
                .map(|e| {
                    let (start, end) = chars(e.span);
                    WireEntity {
                        start,
                        end,
                        text: doc.slice(e.span),
                        label: &e.label,
                        score: e.score,
                        sentence: e.sentence,
                        stance: e.stance,
                        actor: e.actor.as_ref(),
                        candidates: &e.candidates,
                    }
                })
                .collect(),
            targets: doc.targets.as_ref().map(|targets| {
                targets
                    .iter()
                    .map(|t| {
                        let (start, end) = chars(t.span);
                        WireTarget {
                            start,
                            end,
                            stance: t.stance,
                            actor: t.actor.as_ref(),
                            candidates: &t.candidates,
                        }
                    })
                    .collect()
            }),
            target_relations: doc.target_relations.as_ref(),
            summary: &doc.summary,
            text: &doc.text,
        }
    }
}

/// A record as read: offsets in characters, span texts optional.
#[derive(Debug, Clone, Deserialize)]
pub struct OwnedDocument {
    /// Document id.
    pub id: String,
    /// Other fields of the record.
    #[serde(flatten)]
    pub meta: Meta,
    /// Sentences.
    pub sentences: Vec<OwnedSentence>,
    /// Entity mentions.
    #[serde(default)]
    pub entities: Vec<OwnedEntity>,
    /// User targets.
    #[serde(default)]
    pub targets: Option<Vec<OwnedTarget>>,
    /// Relations between user targets.
    #[serde(default)]
    pub target_relations: Option<Vec<Relation>>,
    /// Actor summary.
    #[serde(default)]
    pub summary: Vec<ActorSummary>,
    /// The document text.
    pub text: String,
}

/// A sentence as read.
#[derive(Debug, Clone, Deserialize)]
pub struct OwnedSentence {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The sentence text, checked against the document when given.
    #[serde(default)]
    pub text: Option<String>,
    /// Sentence sentiment (`tone` in gold files of guidelines v2).
    #[serde(default, alias = "tone")]
    pub sentiment: Option<Scored>,
    /// Relations between the sentence's entities (document-level indices).
    #[serde(default)]
    pub relations: Vec<Relation>,
}

/// An entity as read.
#[derive(Debug, Clone, Deserialize)]
pub struct OwnedEntity {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The mention, checked against the document when given.
    #[serde(default)]
    pub text: Option<String>,
    /// Entity type.
    pub label: String,
    /// Model confidence.
    #[serde(default)]
    pub score: Option<f32>,
    /// Index of its sentence.
    pub sentence: usize,
    /// Stance toward it.
    #[serde(default)]
    pub stance: Option<Scored>,
    /// Its actor (`{"id"}` at least).
    #[serde(default)]
    pub actor: Option<OwnedActorLink>,
    /// Candidate actor ids of an undecided mention.
    #[serde(default)]
    pub candidates: Vec<String>,
}

/// A target as read.
#[derive(Debug, Clone, Deserialize)]
pub struct OwnedTarget {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Stance toward it.
    #[serde(default)]
    pub stance: Option<Scored>,
    /// Its actor.
    #[serde(default)]
    pub actor: Option<OwnedActorLink>,
    /// Candidate actor ids.
    #[serde(default)]
    pub candidates: Vec<String>,
}

/// A record whose spans do not fit its text; the message says which span
/// and why, in the record's own (character) offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError(pub String);

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordError {}

/// Shortens a text for a message.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Character spans of one text, converted to byte spans with checks.
struct Spans<'t> {
    text: &'t str,
    idx: CharIndex,
}

impl Spans<'_> {
    fn bytes(
        &self,
        what: &dyn Fn() -> String,
        start: usize,
        end: usize,
        claimed: Option<&str>,
    ) -> Result<Span, RecordError> {
        if start > end {
            return Err(RecordError(format!(
                "{}: start {start} is after end {end}",
                what()
            )));
        }
        let len = self.idx.char_len();
        if end > len {
            return Err(RecordError(format!(
                "{}: end {end} is past the end of the text ({len} characters)",
                what()
            )));
        }
        let span = Span::new(self.idx.byte_of_char(start), self.idx.byte_of_char(end));
        if let Some(claimed) = claimed {
            let actual = &self.text[span.range()];
            if actual != claimed {
                return Err(RecordError(format!(
                    "{}: its text {:?} is not the document text there ({:?})",
                    what(),
                    clip(claimed, 60),
                    clip(actual, 60)
                )));
            }
        }
        Ok(span)
    }
}

impl OwnedDocument {
    /// The in-memory document: byte spans, every span checked.
    pub fn into_tagged(self) -> Result<TaggedDocument, RecordError> {
        let spans = Spans {
            text: &self.text,
            idx: CharIndex::new(&self.text),
        };
        let mut sentences = Vec::with_capacity(self.sentences.len());
        for (i, s) in self.sentences.iter().enumerate() {
            let what = || format!("sentence {i} ({}..{})", s.start, s.end);
            sentences.push(Sentence {
                span: spans.bytes(&what, s.start, s.end, s.text.as_deref())?,
                sentiment: s.sentiment,
                relations: s.relations.clone(),
            });
        }
        let mut entities = Vec::with_capacity(self.entities.len());
        for (i, e) in self.entities.iter().enumerate() {
            let what = || format!("entity {i} ({}..{})", e.start, e.end);
            let span = spans.bytes(&what, e.start, e.end, e.text.as_deref())?;
            let Some(s) = sentences.get(e.sentence) else {
                return Err(RecordError(format!(
                    "{}: sentence {} does not exist (the document has {} sentences)",
                    what(),
                    e.sentence,
                    sentences.len()
                )));
            };
            if !s.span.contains(&span) {
                let ws = &self.sentences[e.sentence];
                return Err(RecordError(format!(
                    "{}: not inside its sentence {} ({}..{})",
                    what(),
                    e.sentence,
                    ws.start,
                    ws.end
                )));
            }
            entities.push(Entity {
                span,
                label: e.label.clone(),
                score: e.score,
                sentence: e.sentence,
                stance: e.stance,
                actor: link(&what, e.actor.clone())?,
                candidates: e.candidates.clone(),
            });
        }
        let targets = match &self.targets {
            None => None,
            Some(ts) => {
                let mut out = Vec::with_capacity(ts.len());
                for (i, t) in ts.iter().enumerate() {
                    let what = || format!("target {i} ({}..{})", t.start, t.end);
                    out.push(Target {
                        span: spans.bytes(&what, t.start, t.end, None)?,
                        stance: t.stance,
                        actor: link(&what, t.actor.clone())?,
                        candidates: t.candidates.clone(),
                    });
                }
                Some(out)
            }
        };
        drop(spans);
        let n_entities = entities.len();
        for (i, s) in sentences.iter().enumerate() {
            for r in &s.relations {
                for (end, e) in [("source", r.source), ("target", r.target)] {
                    if entities.get(e).is_none_or(|e| e.sentence != i) {
                        return Err(RecordError(format!(
                            "sentence {i}: relation {end} {e} is not an entity of the sentence \
                             (the document has {n_entities} entities)"
                        )));
                    }
                }
            }
        }
        if let Some(rels) = &self.target_relations {
            let n = targets.as_ref().map_or(0, Vec::len);
            if let Some(r) = rels.iter().find(|r| r.source >= n || r.target >= n) {
                return Err(RecordError(format!(
                    "target relation {}>{}: the record has {n} targets",
                    r.source, r.target
                )));
            }
        }
        Ok(TaggedDocument {
            id: self.id,
            meta: self.meta,
            sentences,
            entities,
            targets,
            target_relations: self.target_relations,
            summary: self.summary,
            text: self.text,
        })
    }
}

/// An actor as read, its kind checked or taken from the id.
fn link(
    what: &dyn Fn() -> String,
    actor: Option<OwnedActorLink>,
) -> Result<Option<ActorLink>, RecordError> {
    actor
        .map(|a| a.into_link())
        .transpose()
        .map_err(|e| RecordError(format!("{}: {e}", what())))
}

/// Byte spans of character spans of `text`, checked: what a reader of
/// user targets (`"targets": [{"start", "end"}]` in characters) calls once
/// per record. `what(i)` names span `i` in an error.
///
/// ```
/// use stancetag_core::{wire::char_spans_to_bytes, Span};
/// let text = "¥1,000 for Seoul";
/// let spans = char_spans_to_bytes(text, &[(11, 16)], |i| format!("target {i}")).unwrap();
/// assert_eq!(spans, [Span::new(12, 17)]);
/// assert_eq!(&text[spans[0].range()], "Seoul");
/// let err = char_spans_to_bytes(text, &[(11, 20)], |i| format!("target {i}")).unwrap_err();
/// assert_eq!(err.to_string(), "target 0: end 20 is past the end of the text (16 characters)");
/// ```
pub fn char_spans_to_bytes(
    text: &str,
    spans: &[(usize, usize)],
    what: impl Fn(usize) -> String,
) -> Result<Vec<Span>, RecordError> {
    let checker = Spans {
        text,
        idx: CharIndex::new(text),
    };
    spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| checker.bytes(&|| what(i), start, end, None))
        .collect()
}
