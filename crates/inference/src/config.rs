//! Model configuration, stored as the model directory's `config.json`.

use crate::error::{io_err, Error, Result};
use rust_bert::bert::BertConfig;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where casing features enter the token classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Casing {
    /// No casing features: the encoder sees lower-cased text only.
    None,
    /// A casing embedding added to the word-piece embeddings, so every
    /// encoder layer sees it.
    Input,
    /// A casing embedding joined to the encoder output, before the classifier.
    Output,
    /// Both.
    Both,
}

impl Casing {
    pub(crate) fn input(self) -> bool {
        matches!(self, Casing::Input | Casing::Both)
    }
    pub(crate) fn output(self) -> bool {
        matches!(self, Casing::Output | Casing::Both)
    }
}

/// A token-classification (NER) model: encoder, casing features, a linear
/// layer over each word's first piece, and a decode that only produces valid
/// IOB2 sequences.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NerConfig {
    /// IOB2 labels, `O` first.
    pub labels: Vec<String>,
    /// Where casing features enter.
    pub casing: Casing,
    /// Width of the output-side casing embedding.
    #[serde(default = "default_casing_dim")]
    pub casing_dim: i64,
    /// Longest input in word pieces (special tokens included); longer
    /// sentences are processed in overlapping windows.
    pub max_pieces: usize,
    /// Decode with constrained Viterbi (valid IOB2 only) rather than argmax.
    #[serde(default = "yes")]
    pub constrained_decoding: bool,
    /// The encoder's configuration (a BERT `config.json`).
    pub encoder: BertConfig,
}

fn default_casing_dim() -> i64 {
    16
}

fn yes() -> bool {
    true
}

/// A sentiment and stance model: one encoder pass per sentence serves the
/// sentence's sentiment and the stance toward each of its targets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StanceConfig {
    /// Add a casing embedding to the word-piece embeddings.
    pub casing: bool,
    /// Width of the target head's hidden layer.
    pub head_hidden: i64,
    /// Longest input in word pieces; longer sentences are windowed.
    pub max_pieces: usize,
    /// The encoder's configuration (a BERT `config.json`).
    pub encoder: BertConfig,
    /// Set when the model is a branch of a NER model: it has only the
    /// encoder's top layers and goes on from the states that NER model's
    /// lower layers made, so in `tag` one encoder pass serves both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trunk: Option<Trunk>,
}

/// The NER model a stance branch grows from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trunk {
    /// The NER encoder's layers the branch shares (it has the ones above).
    pub layers: usize,
    /// SHA-256 (hex) of that NER model's `model.safetensors`.
    pub ner_sha256: String,
}

/// Any model stancetag can load, tagged by `"type"` in `config.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ModelConfig {
    /// A named-entity recognizer.
    Ner(NerConfig),
    /// A sentence-sentiment and target-stance model.
    Stance(StanceConfig),
    /// A directed-relation head on a stance model.
    Relations(RelationConfig),
}

/// A directed-relation head ([`crate::RelationHead`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RelationConfig {
    /// Width of the hidden layer.
    pub hidden: i64,
    /// Width of the stance encoder's states.
    pub encoder_width: i64,
    /// Dropout on the features and the hidden layer while training.
    pub dropout: f64,
    /// SHA-256 (hex) of the stance model's `model.safetensors` it reads.
    pub stance_sha256: String,
}

impl ModelConfig {
    /// The `"type"` of the model, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ModelConfig::Ner(_) => "ner",
            ModelConfig::Stance(_) => "stance",
            ModelConfig::Relations(_) => "relations",
        }
    }

    /// Read a model directory's `config.json`.
    pub fn from_file(path: &Path) -> Result<ModelConfig> {
        let text = std::fs::read_to_string(path).map_err(io_err(path))?;
        serde_json::from_str(&text).map_err(|source| Error::ConfigJson {
            path: path.to_path_buf(),
            expected: "a stancetag model config",
            source,
        })
    }
}

/// Read an encoder's (BERT) `config.json`.
pub fn read_bert_config(path: &Path) -> Result<BertConfig> {
    let text = std::fs::read_to_string(path).map_err(io_err(path))?;
    serde_json::from_str(&text).map_err(|source| Error::ConfigJson {
        path: path.to_path_buf(),
        expected: "a BERT config",
        source,
    })
}
