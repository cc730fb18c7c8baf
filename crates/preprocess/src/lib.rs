//! Reading, sentence splitting and word tokenization: the first stancetag stage.
//!
//! * [`read_documents`] streams [`Document`]s from plain-text and Markdown
//!   files, directories, JSONL files and standard input; bad records come out
//!   as errors that name the file and line.
//! * [`RuleSplitter`] splits a text into sentences, as [`Span`]s of
//!   byte offsets into the original, untouched text; [`LineSplitter`]
//!   takes each line as one pre-split sentence. Both implement
//!   [`SentenceSplitter`].
//! * [`words`] tokenizes a sentence the way CoNLL-2003 is tokenized.
//! * [`par_map`] is the project's one entry point to rayon, with an off
//!   switch ([`set_parallelism`], `STANCETAG_PARALLELISM=false`) and a
//!   pool size ([`set_threads`]).
//!
//! ```
//! use stancetag_preprocess::{words, Document, RuleSplitter, SentenceSplitter};
//!
//! let doc = Document::new(
//!     "jk",
//!     "### **Japan-South Korea relations**\n\nTalks resumed in the U.S. on June 11. \
//!      Japan’s FM Komura said it was “a small step.” [2] Seoul agreed.",
//! );
//! let tagged = RuleSplitter.split_document(doc);
//! let sentences: Vec<&str> = (0..4).map(|i| tagged.sentence_text(i)).collect();
//! assert_eq!(
//!     sentences,
//!     [
//!         "### **Japan-South Korea relations**",
//!         "Talks resumed in the U.S. on June 11.",
//!         "Japan’s FM Komura said it was “a small step.” [2]",
//!         "Seoul agreed.",
//!     ]
//! );
//! let first = tagged.sentence_text(1);
//! let tokens: Vec<&str> = words(first).iter().map(|s| &first[s.range()]).collect();
//! assert_eq!(tokens, ["Talks", "resumed", "in", "the", "U.S.", "on", "June", "11", "."]);
//! ```
#![deny(missing_docs)]

mod abbrev;
mod error;
mod parallel;
mod read;
mod rules;
mod sentences;
mod text;
mod words;

pub use error::{Error, Location, RecordProblem, Result};
pub use parallel::{par_map, parallelism_enabled, set_parallelism, set_threads, ENV_PARALLELISM};
pub use read::{read_documents, Documents, Input, InputFormat, SkipBad, STDIN_NAME};
pub use sentences::{LineSplitter, RuleSplitter, SentenceSplitter, SplitterConfig};
pub use stancetag_core::{Document, Span, TaggedDocument};
pub use words::words;
