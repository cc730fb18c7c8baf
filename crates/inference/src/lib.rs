//! Named-entity recognition and stance models for stancetag: training with
//! tch autograd and batched inference.
//!
//! A model directory holds `config.json` (a [`ModelConfig`], tagged by
//! `"type"`), `model.safetensors` (fp16 weights) and `tokenizer.json`.
//! [`NerModel`] is the recognizer: the base encoder (all-MiniLM-L6-v2, via
//! rust-bert's `BertModel`) reads word pieces whose embeddings are given back
//! the casing the uncased vocabulary loses ([`casing_class`]); a linear layer
//! scores each word's first piece, and constrained Viterbi decodes only
//! valid IOB2 sequences. [`train_ner`] fine-tunes it.
//!
//! [`StanceModel`] scores sentence sentiment and the stance toward each
//! target from one encoder pass per sentence. It has either an encoder of
//! its own or only the top layers of one, as a branch of a NER model
//! ([`Trunk`]): then the [`Tagger`] runs the shared lower layers once and
//! hands their states from the NER pass to the branch. Encoders run in fp32
//! or bf16 ([`Precision`]); training is fp32.
//!
//! ```
//! use stancetag_inference::{casing_class, viterbi};
//! assert_eq!(casing_class("Seoul"), 2);
//! let labels = ["O", "B-LOC", "I-LOC"].map(String::from);
//! // Word by word, argmax says O then I-LOC: not a valid sequence.
//! let tags = viterbi(&labels, &[vec![-0.1, -2.0, -3.0], vec![-3.0, -3.0, -0.1]]);
//! let tags: Vec<usize> = tags.iter().map(|t| t.label).collect();
//! assert_eq!(tags, [1, 2]); // B-LOC I-LOC
//! ```
#![deny(missing_docs)]

mod casing;
mod config;
mod encoder;
mod error;
mod ner;
mod stance;
mod tagger;
mod tokenize;
mod train;

pub use casing::{casing_class, CASING_CLASSES};
pub use config::{read_bert_config, Casing, ModelConfig, NerConfig, StanceConfig, Trunk};
pub use encoder::Precision;
pub use error::{Error, Result};
pub use ner::{viterbi, NerModel, WordTag};
pub use stance::{StanceInput, StanceModel, StanceOutput};
pub use tagger::{BatchTimes, Tagger, Worker};
pub use tch::Device;
pub use tokenize::{Encoded, WordPieces};
pub use train::{
    train, train_ner, train_stance, Objective, SentenceLabel, StanceExample, TaggedWords,
    TrainConfig, TrainEvent, TrainReport, Trainable,
};
