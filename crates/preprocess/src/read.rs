//! Streaming readers: plain text and Markdown files, directories, JSONL and
//! standard input, as an iterator of [`Document`]s.

use crate::error::{Error, Location, RecordProblem, Result};
use serde_json::{Map, Value};
use stancetag_core::{Document, Span};
use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Name used for standard input in ids and messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Fields of the output record that an input record may not carry.
const RESERVED: &[&str] = &["sentences", "entities", "summary"];

/// Directory nesting deeper than this is reported (a symbolic-link loop, most likely).
const MAX_DEPTH: usize = 64;

/// How to read an input file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// JSONL for files ending in `.jsonl`, plain text otherwise (and for stdin).
    #[default]
    Auto,
    /// The whole file is one document (plain text or Markdown).
    Text,
    /// One JSON object per line: `text`, optional `id` and `targets`, any other fields.
    Jsonl,
}

impl InputFormat {
    fn resolve(self, path: Option<&Path>) -> InputFormat {
        match self {
            InputFormat::Auto => match path.and_then(Path::extension) {
                Some(ext) if ext.eq_ignore_ascii_case("jsonl") => InputFormat::Jsonl,
                _ => InputFormat::Text,
            },
            other => other,
        }
    }
}

/// One input: a file, a directory or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file, or a directory read recursively in sorted order.
    Path(PathBuf),
}

impl From<&str> for Input {
    /// `-` is standard input; anything else a path.
    fn from(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }
}

impl From<PathBuf> for Input {
    fn from(p: PathBuf) -> Input {
        if p.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(p)
        }
    }
}

/// Reads documents from `inputs`, in order, one at a time.
///
/// * A text file (or stdin in text format) is one document; its id is the
///   path as given, or `<stdin>`. A leading byte-order mark is dropped.
/// * A directory is read recursively, files in sorted order, each with the
///   format `format` resolves for it; the id is the path relative to the
///   directory. Entries whose name starts with `.` are not read.
/// * A JSONL file gives one document per line; blank lines hold no record
///   and are passed over. `text` is required; `id` (a string or an integer)
///   defaults to `<file>:<line>`; `targets` (`[{"start", "end"}]`, character
///   offsets) becomes [`Document::targets`] (byte spans, converted here); every other field is kept in
///   [`Document::meta`].
///
/// Each bad record (invalid UTF-8, an empty document, a malformed line, an
/// unreadable file) comes out as an `Err` naming the file and line, and
/// reading goes on after it: stop at the first error, or use
/// [`Documents::skip_bad`] to report each one and continue.
///
/// ```
/// use stancetag_preprocess::{read_documents, Input, InputFormat};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("news.jsonl");
/// std::fs::write(&path, "{\"id\": \"a\", \"text\": \"Hi.\", \"source\": \"x\"}\n{\"text\": 3}\n")?;
/// let mut docs = read_documents([Input::Path(path)], InputFormat::Auto);
/// let first = docs.next().unwrap()?;
/// assert_eq!((first.id.as_str(), first.text.as_str()), ("a", "Hi."));
/// assert_eq!(first.meta["source"], "x");
/// let err = docs.next().unwrap().unwrap_err();
/// assert!(err.to_string().ends_with("news.jsonl:2: field `text`: expected a string"));
/// assert!(docs.next().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_documents<I>(inputs: I, format: InputFormat) -> Documents
where
    I: IntoIterator,
    I::Item: Into<Input>,
{
    Documents {
        format,
        queue: inputs
            .into_iter()
            .map(|i| Pending::Input(i.into()))
            .collect(),
        jsonl: None,
    }
}

enum Pending {
    Input(Input),
    File { path: PathBuf, name: String },
    Failed(Error),
}

/// An open JSONL stream.
struct Jsonl {
    reader: Box<dyn BufRead>,
    name: String,
    line: usize,
    buf: Vec<u8>,
}

/// The documents of some inputs; see [`read_documents`].
pub struct Documents {
    format: InputFormat,
    queue: VecDeque<Pending>,
    jsonl: Option<Jsonl>,
}

impl Documents {
    /// Only the good documents: each error is handed to `on_bad` and reading
    /// goes on.
    pub fn skip_bad<F: FnMut(Error)>(self, on_bad: F) -> SkipBad<F> {
        SkipBad { docs: self, on_bad }
    }

    fn open(&mut self, input: Input) -> Option<Result<Document>> {
        match input {
            Input::Stdin => match self.format.resolve(None) {
                InputFormat::Jsonl => {
                    self.jsonl = Some(Jsonl::new(
                        Box::new(BufReader::new(io::stdin())),
                        STDIN_NAME,
                    ));
                    None
                }
                _ => {
                    let mut bytes = Vec::new();
                    Some(match io::stdin().lock().read_to_end(&mut bytes) {
                        Ok(_) => text_document(STDIN_NAME, bytes),
                        Err(source) => Err(Error::Io {
                            at: Location::file(STDIN_NAME),
                            source,
                        }),
                    })
                }
            },
            Input::Path(path) => {
                let name = path.display().to_string();
                match fs::metadata(&path) {
                    Err(source) => Some(Err(Error::Io {
                        at: Location::file(&name),
                        source,
                    })),
                    Ok(meta) if meta.is_dir() => {
                        let mut found = Vec::new();
                        walk(&path, &path, 0, &mut found);
                        for p in found.into_iter().rev() {
                            self.queue.push_front(p);
                        }
                        None
                    }
                    Ok(_) => self.open_file(path, name),
                }
            }
        }
    }

    fn open_file(&mut self, path: PathBuf, name: String) -> Option<Result<Document>> {
        match self.format.resolve(Some(&path)) {
            InputFormat::Jsonl => match fs::File::open(&path) {
                Ok(f) => {
                    self.jsonl = Some(Jsonl::new(Box::new(BufReader::new(f)), &name));
                    None
                }
                Err(source) => Some(Err(Error::Io {
                    at: Location::file(&name),
                    source,
                })),
            },
            _ => Some(match fs::read(&path) {
                Ok(bytes) => text_document(&name, bytes),
                Err(source) => Err(Error::Io {
                    at: Location::file(&name),
                    source,
                }),
            }),
        }
    }
}

impl Iterator for Documents {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(jsonl) = &mut self.jsonl {
                match jsonl.next_record() {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            let item = match self.queue.pop_front()? {
                Pending::Input(input) => self.open(input),
                Pending::File { path, name } => self.open_file(path, name),
                Pending::Failed(err) => Some(Err(err)),
            };
            if item.is_some() {
                return item;
            }
        }
    }
}

/// The good documents of a [`Documents`]; see [`Documents::skip_bad`].
pub struct SkipBad<F> {
    docs: Documents,
    on_bad: F,
}

impl<F: FnMut(Error)> Iterator for SkipBad<F> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            match self.docs.next()? {
                Ok(doc) => return Some(doc),
                Err(err) => (self.on_bad)(err),
            }
        }
    }
}

/// Lists the files under `dir` recursively, sorted by name, as pending files
/// named relative to `root`; unreadable directories become pending errors.
fn walk(root: &Path, dir: &Path, depth: usize, found: &mut Vec<Pending>) {
    let at = || Location::file(&dir.display().to_string());
    if depth > MAX_DEPTH {
        found.push(Pending::Failed(Error::Io {
            at: at(),
            source: io::Error::other("directories nested too deeply (a symbolic-link loop?)"),
        }));
        return;
    }
    let entries = match fs::read_dir(dir).and_then(|rd| rd.collect::<io::Result<Vec<_>>>()) {
        Ok(entries) => entries,
        Err(source) => {
            found.push(Pending::Failed(Error::Io { at: at(), source }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .into_iter()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(root, &path, depth + 1, found);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push(Pending::File { path, name });
        }
    }
}

/// A whole file as one document.
fn text_document(name: &str, mut bytes: Vec<u8>) -> Result<Document> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        Error::InvalidUtf8 {
            at: Location::line(name, line),
            column: bad - line_start + 1,
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty {
            at: Location::file(name),
        });
    }
    Ok(Document::new(name, text))
}

impl Jsonl {
    fn new(reader: Box<dyn BufRead>, name: &str) -> Jsonl {
        Jsonl {
            reader,
            name: name.to_string(),
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next record, `None` at the end of the stream or after a read error.
    fn next_record(&mut self) -> Option<Result<Document>> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(source) => {
                    // A failing stream would fail again: report it once and stop.
                    self.reader = Box::new(io::empty());
                    return Some(Err(Error::Io {
                        at: Location::line(&self.name, self.line),
                        source,
                    }));
                }
            }
            let mut bytes = &self.buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_record(bytes, &self.name, self.line));
        }
    }
}

fn parse_record(bytes: &[u8], name: &str, line: usize) -> Result<Document> {
    let at = || Location::line(name, line);
    let bad = |problem| Error::Record { at: at(), problem };
    let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        at: at(),
        column: e.valid_up_to() + 1,
    })?;
    let value: Value =
        serde_json::from_str(text).map_err(|source| Error::Json { at: at(), source })?;
    let mut obj: Map<String, Value> = match value {
        Value::Object(obj) => obj,
        other => {
            return Err(bad(RecordProblem::NotAnObject {
                found: json_type(&other),
            }))
        }
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) => s,
        _ => {
            return Err(bad(RecordProblem::Field {
                field: "text",
                expected: "a string",
            }))
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Empty { at: at() });
    }
    let id = match obj.remove("id") {
        None => format!("{name}:{line}"),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        Some(_) => {
            return Err(bad(RecordProblem::Field {
                field: "id",
                expected: "a string or an integer",
            }))
        }
    };
    let targets = match obj.remove("targets") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_targets(v, &text).map_err(bad)?),
    };
    if let Some(field) = RESERVED.iter().find(|f| obj.contains_key(**f)) {
        return Err(bad(RecordProblem::Reserved {
            field: field.to_string(),
        }));
    }
    Ok(Document {
        id,
        text,
        meta: obj,
        targets,
    })
}

fn parse_targets(v: Value, text: &str) -> Result<Vec<Span>, RecordProblem> {
    const EXPECTED: &str = "an array of {\"start\": integer, \"end\": integer} objects";
    let shape = RecordProblem::Field {
        field: "targets",
        expected: EXPECTED,
    };
    let Value::Array(items) = v else {
        return Err(shape);
    };
    let len = text.chars().count();
    let mut spans = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let start = item.get("start").and_then(Value::as_u64);
        let end = item.get("end").and_then(Value::as_u64);
        let (Some(start), Some(end)) = (start, end) else {
            return Err(shape);
        };
        if start > end || end > len as u64 {
            return Err(RecordProblem::TargetOutOfRange {
                index,
                start,
                end,
                len,
            });
        }
        spans.push((start as usize, end as usize));
    }
    // Checked above; converted to byte spans once, here.
    let idx = stancetag_core::CharIndex::new(text);
    Ok(spans
        .into_iter()
        .map(|(a, z)| Span::new(idx.byte_of_char(a), idx.byte_of_char(z)))
        .collect())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn read_all(inputs: Vec<Input>, format: InputFormat) -> Vec<Result<Document>> {
        read_documents(inputs, format).collect()
    }

    #[test]
    fn directory_is_read_recursively_in_sorted_order_with_relative_ids() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("b/c")).unwrap();
        fs::write(dir.path().join("z.md"), "# Z\n").unwrap();
        fs::write(dir.path().join("a.txt"), "A.").unwrap();
        fs::write(dir.path().join("b/c/d.txt"), "D.").unwrap();
        fs::write(dir.path().join(".hidden"), "H.").unwrap();
        fs::write(
            dir.path().join("b/e.jsonl"),
            "{\"text\": \"E1.\"}\n\n{\"text\": \"E2.\", \"id\": 7}\n",
        )
        .unwrap();
        let docs = read_all(vec![Input::Path(dir.path().into())], InputFormat::Auto);
        let ids: Vec<String> = docs.into_iter().map(|d| d.unwrap().id).collect();
        assert_eq!(ids, ["a.txt", "b/c/d.txt", "b/e.jsonl:1", "7", "z.md"]);
    }

    #[test]
    fn jsonl_keeps_meta_and_targets() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        fs::write(
            &p,
            "\u{feff}{\"text\": \"¥1 Tokyo\", \"targets\": [{\"start\": 3, \"end\": 8}], \"src\": {\"a\": 1}}\r\n",
        )
        .unwrap();
        let docs = read_all(vec![Input::Path(p.clone())], InputFormat::Auto);
        let doc = docs.into_iter().next().unwrap().unwrap();
        assert_eq!(doc.id, format!("{}:1", p.display()));
        assert_eq!(doc.targets, Some(vec![Span::new(4, 9)])); // ¥ is two bytes
        assert_eq!(doc.meta["src"]["a"], 1);
        assert_eq!(doc.meta.len(), 1);
    }

    #[test]
    fn bad_records_name_file_and_line_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.jsonl");
        let mut content = Vec::new();
        content.extend_from_slice(b"{\"text\": \"ok one.\"}\n");
        content.extend_from_slice(b"{\"text\": \"caf\xE9\"}\n");
        content.extend_from_slice(b"{\"text\": \"   \"}\n");
        content.extend_from_slice(b"{\"text\": \"no end\"\n");
        content.extend_from_slice(b"[1, 2]\n");
        content
            .extend_from_slice(b"{\"text\": \"t\", \"targets\": [{\"start\": 0, \"end\": 5}]}\n");
        content.extend_from_slice(b"{\"text\": \"t\", \"targets\": {\"start\": 0}}\n");
        content.extend_from_slice(b"{\"text\": \"t\", \"sentences\": []}\n");
        content.extend_from_slice(b"{\"text\": \"t\", \"id\": [1]}\n");
        content.extend_from_slice(b"{\"text\": \"ok two.\"}");
        fs::write(&p, content).unwrap();
        let name = p.display().to_string();
        let docs = read_all(vec![Input::Path(p)], InputFormat::Jsonl);
        let rendered: Vec<String> = docs
            .iter()
            .map(|d| match d {
                Ok(doc) => format!("ok {}", doc.text),
                Err(e) => e.to_string().replace(&name, "F"),
            })
            .collect();
        assert_eq!(
            rendered,
            [
                "ok ok one.",
                "F:2: invalid UTF-8 at byte 14 of the line; expected UTF-8 text",
                "F:3: empty document; expected some text",
                "F:4: malformed JSON; expected one JSON object per line",
                "F:5: expected a JSON object, found an array",
                "F:6: target 0 (0..5) is outside the text of 1 characters or reversed; expected 0 <= start <= end <= 1",
                "F:7: field `targets`: expected an array of {\"start\": integer, \"end\": integer} objects",
                "F:8: field `sentences` is written by stancetag; remove it from the input",
                "F:9: field `id`: expected a string or an integer",
                "ok ok two.",
            ]
        );
    }

    #[test]
    fn skip_bad_reports_every_error_and_keeps_good_documents() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "fine.").unwrap();
        fs::write(dir.path().join("b.txt"), b"line one\nbad \xFF byte").unwrap();
        fs::write(dir.path().join("c.txt"), " \n\t").unwrap();
        fs::write(dir.path().join("d.txt"), "also fine.").unwrap();
        let mut errors = Vec::new();
        let good: Vec<String> = read_documents([Input::Path(dir.path().into())], InputFormat::Auto)
            .skip_bad(|e| errors.push(e.to_string()))
            .map(|d| d.id)
            .collect();
        assert_eq!(good, ["a.txt", "d.txt"]);
        assert_eq!(
            errors,
            [
                "b.txt:2: invalid UTF-8 at byte 5 of the line; expected UTF-8 text",
                "c.txt: empty document; expected some text",
            ]
        );
    }

    #[test]
    fn missing_file_is_an_error_naming_it() {
        let docs = read_all(vec![Input::from("/no/such/file.txt")], InputFormat::Auto);
        assert_eq!(docs.len(), 1);
        let err = docs.into_iter().next().unwrap().unwrap_err();
        assert_eq!(err.to_string(), "/no/such/file.txt: cannot read");
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn text_file_keeps_text_untouched_but_drops_bom() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.md");
        fs::write(&p, "\u{feff}## Title\r\n\r\nBody  text.\n").unwrap();
        let doc = read_all(vec![Input::Path(p)], InputFormat::Auto)
            .pop()
            .unwrap()
            .unwrap();
        assert_eq!(doc.text, "## Title\r\n\r\nBody  text.\n");
        assert!(doc.meta.is_empty() && doc.targets.is_none());
    }

    #[test]
    fn dash_is_stdin() {
        assert_eq!(Input::from("-"), Input::Stdin);
        assert_eq!(Input::from(PathBuf::from("-")), Input::Stdin);
        assert_eq!(Input::from("a"), Input::Path("a".into()));
    }
}
