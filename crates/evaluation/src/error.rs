use std::path::PathBuf;

/// Everything that can go wrong while reading gold or predicted files and
/// pairing their documents.
///
/// Every variant that comes from a file names it, and the line when there is
/// one; the underlying I/O or JSON error is kept as the [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A line is not valid JSON, or does not have the expected fields.
    #[error("{}:{line}: expected {expected}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the line should have been.
        expected: &'static str,
        /// What serde_json said.
        #[source]
        source: serde_json::Error,
    },
    /// A line parsed but its content is wrong (offsets out of bounds, a text
    /// field that is not the slice it claims to be, a malformed tag, ...).
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The format of a file could not be recognised.
    #[error("{}: cannot tell the format ({reason}); name it explicitly", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// Why detection failed.
        reason: String,
    },
    /// Two documents of one file share an id.
    #[error("{}:{line}: document id {id:?} already used on line {first_line}", path.display())]
    DuplicateId {
        /// The file.
        path: PathBuf,
        /// Line of the second document.
        line: usize,
        /// Line of the first one.
        first_line: usize,
        /// The id.
        id: String,
    },
    /// A gold document has no prediction.
    #[error("gold document {id:?} is missing from the predictions")]
    MissingDocument {
        /// Id of the gold document.
        id: String,
    },
    /// A gold document and its prediction do not have the same text, so
    /// their offsets cannot be compared.
    #[error(
        "document {id:?}: the predicted text differs from the gold text at character {at} \
         (gold {gold:?}, predicted {predicted:?})"
    )]
    TextMismatch {
        /// Document id.
        id: String,
        /// First character offset where the texts differ.
        at: usize,
        /// A few gold characters from there.
        gold: String,
        /// A few predicted characters from there.
        predicted: String,
    },
    /// Two CoNLL files do not hold the same token sequence.
    #[error(
        "{}:{gold_line} and {}:{pred_line}: the files are not aligned: expected {expected}, found {found}",
        gold_path.display(), pred_path.display()
    )]
    Misaligned {
        /// Gold file.
        gold_path: PathBuf,
        /// Line in the gold file.
        gold_line: usize,
        /// Predicted file.
        pred_path: PathBuf,
        /// Line in the predicted file.
        pred_line: usize,
        /// What the gold file has there.
        expected: String,
        /// What the predicted file has there.
        found: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
