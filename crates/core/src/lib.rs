//! The document types that travel through every stancetag stage.
//!
//! A [`Document`] is what a reader produces: an id, the original, untouched
//! text and any metadata fields of the input record. Every stage adds to a
//! [`TaggedDocument`]: sentences, entities, targets, each located by a
//! [`Span`] of **character offsets** (Unicode scalar values, not bytes) into
//! that original text. The same type is the output of `stancetag split` and
//! `stancetag tag` and the format of hand-labelled gold files, so a gold file
//! is a corrected tag output.
//!
//! ```
//! use stancetag_core::{Document, Span, TaggedDocument};
//!
//! let doc = Document::new("d1", "Tokyo agreed. Seoul did not.");
//! let mut tagged = TaggedDocument::from(doc);
//! tagged.push_sentence(Span::new(0, 13));
//! assert_eq!(tagged.sentences[0].text, "Tokyo agreed.");
//! let line = serde_json::to_string(&tagged).unwrap();
//! let back: TaggedDocument = serde_json::from_str(&line).unwrap();
//! assert_eq!(back, tagged);
//! ```
#![deny(missing_docs)]

mod document;
mod polarity;
mod span;
pub mod summary;
pub mod tags;

pub use document::{
    ActorSummary, Document, Entity, Meta, Sentence, StanceCounts, TaggedDocument, Target,
};
pub use polarity::{Polarity, PolarityScores, Scored};
pub use span::{CharIndex, Span};
