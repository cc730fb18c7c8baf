use std::path::PathBuf;

/// Errors of the inference crate. Each variant keeps its cause
/// ([`std::error::Error::source`]) and, where there is one, the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: cannot read or write")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A `config.json` is not valid JSON of the expected shape.
    #[error("{path}: not {expected}")]
    ConfigJson {
        /// The file.
        path: PathBuf,
        /// What it should have been (`a stancetag model config`, `a BERT config`).
        expected: &'static str,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A model's configuration or files do not fit together (a branch
    /// without its NER model, a stance model where a NER model was asked for).
    #[error("{path}: {message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// A weights or checkpoint file could not be loaded into the model.
    #[error("{path}: cannot load the weights")]
    Weights {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: tch::TchError,
    },
    /// A weights or checkpoint file lacks a tensor the model needs.
    #[error("{path}: {what} lacks the tensor {name}")]
    MissingTensor {
        /// The file.
        path: PathBuf,
        /// What the file is (`the optimizer state`).
        what: &'static str,
        /// The tensor.
        name: String,
    },
    /// `tokenizer.json` could not be loaded or saved.
    #[error("{path}: tokenizer")]
    TokenizerFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: tokenizers::Error,
    },
    /// A tokenizer's vocabulary lacks a special token.
    #[error("{path}: no {token} token in the vocabulary")]
    MissingToken {
        /// The tokenizer file.
        path: PathBuf,
        /// The token (`[CLS]`, `[SEP]`).
        token: &'static str,
    },
    /// The tokenizer failed on an input.
    #[error("the tokenizer failed")]
    Tokenize(#[source] tokenizers::Error),
    /// A libtorch operation failed.
    #[error(transparent)]
    Torch(#[from] tch::TchError),
    /// rust-bert refused the input.
    #[error(transparent)]
    RustBert(#[from] rust_bert::RustBertError),
    /// JSON (de)serialization failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A model's output did not have the shape its decoder expects.
    #[error("model output of an unexpected shape")]
    Shape(#[from] ndarray::ShapeError),
    /// The caller asked for something inconsistent.
    #[error("{0}")]
    Invalid(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
