//! The stancetag pipeline: the one place where the stages meet.
//!
//! ```text
//! input files / JSONL / stdin
//!   │  stancetag_preprocess::read_documents      Document (targets as byte spans)
//!   ▼
//! Tagger::tag, one chunk of documents at a time:
//!   1. split      SentenceSplitter::split, all cores      sentence byte spans
//!   2. tokenise   stancetag_preprocess::words, all cores   word byte spans per sentence
//!   3. targets    each user target to its sentence's words
//!   4. deal       sentences sorted by length, cut into rounds, round k to
//!                 worker k mod n (the output does not depend on n)
//!   5. models     each worker: stancetag_inference::Models::run
//!                 NER (Viterbi) → sentiment + stance toward entities and targets
//!   6. attach     entities, sentiment and stance into the TaggedDocument
//!   7. actors     resolve::Resolver: each mention to an actor id (dictionary,
//!                 acronyms, short forms, person names); actors::summarize:
//!                 mentions grouped by actor
//!   ▼
//! TaggedDocument (byte spans) ──serde──▶ JSONL record (character offsets)
//!   ▼
//! actors::CorpusBuilder: the corpus actor table
//! network::NetworkBuilder: the corpus actor × actor relation network
//! ```
//!
//! Offsets are bytes from the reader to the writer; they are counted in
//! characters once, when a record is written ([`stancetag_core::wire`]),
//! and converted back once when one is read. [`ModelSettings`] holds the
//! policy of a run: which models, which precision, how many workers and
//! threads. [`predict`] tags a gold file's text the way it is scored.
//!
//! The models are behind the [`Worker`] trait, so the conductor can be
//! tested with a fake model:
//!
//! ```
//! use stancetag_core::Document;
//! use stancetag_inference::{BatchTimes, SentenceInput, SentenceOutput, WordTag};
//! use stancetag_pipeline::{Tagger, Worker};
//! use stancetag_preprocess::RuleSplitter;
//!
//! /// Tags every capitalised word as a one-word LOC; no stance.
//! struct Capitals(Vec<String>);
//!
//! impl Worker for Capitals {
//!     fn labels(&self) -> &[String] { &self.0 }
//!     fn has_stance(&self) -> bool { false }
//!     fn run(&mut self, s: &[SentenceInput<'_>], _: usize, _: Option<&mut BatchTimes>)
//!         -> stancetag_inference::Result<Vec<SentenceOutput>> {
//!         Ok(s.iter().map(|s| {
//!             let tags: Vec<WordTag> = s.words.iter()
//!                 .map(|w| WordTag { label: usize::from(w.starts_with(char::is_uppercase)), prob: 1.0 })
//!                 .collect();
//!             let names: Vec<&str> = tags.iter().map(|t| self.0[t.label].as_str()).collect();
//!             SentenceOutput { entities: stancetag_core::tags::chunks(&names), tags, stance: None }
//!         }).collect())
//!     }
//!     fn tag_words(&mut self, s: &[&[&str]], _: usize, _: Option<&mut Vec<std::time::Duration>>)
//!         -> stancetag_inference::Result<Vec<Vec<WordTag>>> { unimplemented!() }
//! }
//!
//! let labels = ["O", "B-LOC", "I-LOC"].map(String::from).to_vec();
//! let mut tagger = Tagger::new(Box::new(RuleSplitter), vec![Capitals(labels)], 32);
//! let doc = Document::new("d", "“Seoul” protested. Tokyo replied.");
//! let out = tagger.tag(vec![doc]).unwrap();
//! assert_eq!(out[0].entity_text(1), "Tokyo");
//! let record = serde_json::to_value(&out[0]).unwrap();
//! assert_eq!(record["entities"][1]["start"], 19); // characters: “ counts one
//! assert_eq!(out[0].entities[1].span.start, 23); // bytes: “ and ” are three each
//! ```
#![deny(missing_docs)]

pub mod actors;
mod error;
pub mod network;
pub mod predict;
pub mod resolve;
mod settings;
mod tagger;

pub use error::{Error, Result};
pub use settings::{Loaded, ModelSettings};
pub use tagger::{Tagger, Worker};
