use std::fmt;

/// Where a problem was found: a file (or `<stdin>`) and, for line-based
/// input, a 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it, a path inside a named directory, or `<stdin>`.
    pub file: String,
    /// 1-based line number, when the input is line-based or the line is known.
    pub line: Option<usize>,
}

impl Location {
    pub(crate) fn file(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: None,
        }
    }

    pub(crate) fn line(file: &str, line: usize) -> Location {
        Location {
            file: file.to_string(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => f.write_str(&self.file),
        }
    }
}

/// Errors of the preprocessing stage. Every variant names where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be opened or read.
    #[error("{at}: cannot read")]
    Io {
        /// The file or directory.
        at: Location,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The input is not UTF-8.
    #[error("{at}: invalid UTF-8 at byte {column} of the line; expected UTF-8 text")]
    InvalidUtf8 {
        /// File and line of the first invalid byte.
        at: Location,
        /// 1-based byte column of the first invalid byte in its line.
        column: usize,
    },
    /// A document with no text, or only whitespace.
    #[error("{at}: empty document; expected some text")]
    Empty {
        /// The file (and JSONL line).
        at: Location,
    },
    /// A JSONL line that is not valid JSON.
    #[error("{at}: malformed JSON; expected one JSON object per line")]
    Json {
        /// File and line.
        at: Location,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A JSONL record whose fields do not have the expected form.
    #[error("{at}: {problem}")]
    Record {
        /// File and line.
        at: Location,
        /// What is wrong and what was expected.
        problem: RecordProblem,
    },
}

/// What is wrong with a JSONL record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    /// The line is JSON but not an object.
    #[error("expected a JSON object, found {found}")]
    NotAnObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// A field is missing or has the wrong type.
    #[error("field `{field}`: expected {expected}")]
    Field {
        /// The field.
        field: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// A target span does not fit the text.
    #[error("target {index} ({start}..{end}) is outside the text of {len} characters or reversed; expected 0 <= start <= end <= {len}")]
    TargetOutOfRange {
        /// 0-based index in `targets`.
        index: usize,
        /// Its start.
        start: u64,
        /// Its end.
        end: u64,
        /// Length of the text in characters.
        len: usize,
    },
    /// A field that stancetag writes itself.
    #[error("field `{field}` is written by stancetag; remove it from the input")]
    Reserved {
        /// The field.
        field: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
