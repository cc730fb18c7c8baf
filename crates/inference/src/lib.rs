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
//! ([`Trunk`]): then [`Models::run`] runs the shared lower layers once and
//! hands their states from the NER pass to the branch. Encoders run in fp32
//! or bf16 ([`Precision`]); training is fp32.
//!
//! This crate is the models only: it takes words and gives tags and
//! probabilities. Reading, splitting, dealing sentences to workers and
//! writing results are the pipeline's (`stancetag-pipeline`).
//!
//! ```
//! use stancetag_inference::{casing_class, viterbi};
//! assert_eq!(casing_class("Seoul"), 2);
//! let labels = ["O", "B-LOC", "I-LOC"].map(String::from);
//! // Word by word, argmax says O then I-LOC: not a valid sequence.
//! let scores = ndarray::array![[-0.1, -2.0, -3.0], [-3.0, -3.0, -0.1]]; // [words, labels]
//! let tags = viterbi(&labels, scores.view());
//! let tags: Vec<usize> = tags.iter().map(|t| t.label).collect();
//! assert_eq!(tags, [1, 2]); // B-LOC I-LOC
//! ```
#![deny(missing_docs)]

mod casing;
mod config;
mod encoder;
mod error;
mod models;
mod ner;
mod relation;
mod stance;
mod tokenize;
mod train;

pub use casing::{casing_class, CASING_CLASSES};
pub use config::{
    read_bert_config, Casing, ModelConfig, NerConfig, RelationConfig, StanceConfig, Trunk,
};
/// SHA-256 (hex) of a model directory's `model.safetensors`.
pub use encoder::weights_sha256;
pub use encoder::{Precision, PrecisionChoice};
pub use error::{Error, Result};
pub use models::{relation_pairs, BatchTimes, Models, SentenceInput, SentenceOutput};
pub use ner::{viterbi, NerModel, WordTag};
pub use relation::{feature_width, RelationHead};
pub use stance::{StanceInput, StanceModel, StanceOutput};
pub use tch::{Device, Tensor};
pub use tokenize::{Encoded, WordPieces};
pub use train::{
    train, train_ner, train_relations, train_stance, Objective, SentenceLabel, StanceExample,
    TaggedWords, TrainConfig, TrainEvent, TrainReport, Trainable,
};

/// Seed libtorch's random number generator (weight initialisation, dropout).
pub fn manual_seed(seed: u64) {
    tch::manual_seed(seed as i64);
}

/// Size libtorch's intra-op thread pool (per process; each worker's matrix
/// products use this many threads).
pub fn set_threads(threads: usize) {
    tch::set_num_threads(threads.max(1) as i32);
}
