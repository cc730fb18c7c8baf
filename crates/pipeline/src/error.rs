use std::path::PathBuf;

/// Errors of the pipeline. Each keeps its cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model directory could not be loaded.
    #[error("loading the {what} model from {}", dir.display())]
    Load {
        /// Which model (`NER`, `stance`).
        what: &'static str,
        /// Its directory.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: Box<stancetag_inference::Error>,
    },
    /// A model failed on the input.
    #[error(transparent)]
    Inference(Box<stancetag_inference::Error>),
    /// A gold file's documents could not be turned into predictions.
    #[error(transparent)]
    Evaluation(Box<stancetag_evaluation::Error>),
    /// An actor dictionary could not be read (the message names the file and line).
    #[error("{0}")]
    Actors(String),
    /// The settings do not fit together.
    #[error("{0}")]
    Settings(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<stancetag_inference::Error> for Error {
    fn from(e: stancetag_inference::Error) -> Error {
        Error::Inference(Box::new(e))
    }
}

impl From<stancetag_evaluation::Error> for Error {
    fn from(e: stancetag_evaluation::Error) -> Error {
        Error::Evaluation(Box::new(e))
    }
}
