//! The document types that travel through every stancetag stage.
//!
//! This crate holds types only. A [`Document`] is what a reader produces:
//! an id, the original, untouched text and any metadata fields of the
//! input record. Every stage adds to a [`TaggedDocument`]: sentences,
//! entities, targets, each located by a [`Span`] of **byte offsets** into
//! that original text. The same type is the output of `stancetag split`
//! and `stancetag tag` and the format of hand-labelled gold files, so a
//! gold file is a corrected tag output.
//!
//! On disk, offsets count characters (Unicode scalar values, as Python's
//! `str` indices do) and every span repeats its text; [`wire`] converts,
//! once per record, when one is written or read.
//!
//! ```
//! use stancetag_core::{Document, Span, TaggedDocument};
//!
//! let doc = Document::new("d1", "“Tokyo” agreed. Seoul did not.");
//! // “ is 3 bytes: the first sentence is bytes 0..19, characters 0..15.
//! let tagged = TaggedDocument::with_sentences(doc, &[Span::new(0, 19), Span::new(20, 34)]);
//! assert_eq!(tagged.sentence_text(0), "“Tokyo” agreed.");
//! let line = serde_json::to_string(&tagged).unwrap();
//! assert!(line.contains(r#"{"start":0,"end":15,"text":"“Tokyo” agreed."}"#));
//! let back: TaggedDocument = serde_json::from_str(&line).unwrap();
//! assert_eq!(back, tagged);
//! ```
#![deny(missing_docs)]

mod actor;
mod document;
mod polarity;
mod relation;
mod span;
pub mod tags;
pub mod wire;

pub use actor::{ActorKind, ActorLink, ActorRole};
pub use document::{
    ActorSummary, AliasCount, Document, Entity, Meta, Sentence, StanceCounts, TaggedDocument,
    Target,
};
pub use polarity::{Polarity, PolarityScores, Scored};
pub use relation::{Relation, RelationLabel, RelationScores};
pub use span::{CharIndex, Span};
