//! Input and output shared by the verbs: reading documents from the command
//! line's paths, and writing results atomically.

use anyhow::{Context, Result};
use stancetag_core::Document;
use stancetag_pipeline::resolve::{Dictionary, Resolver};
use stancetag_preprocess::{read_documents, Input, InputFormat};
use std::cell::Cell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The inputs of a verb that reads documents.
#[derive(clap::Args)]
pub struct InputArgs {
    /// Files or directories (read recursively, sorted); `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// How to read input files.
    #[arg(long, value_enum, default_value = "auto")]
    pub input_format: InputFormat,
    /// Report each bad record on stderr and go on (exit code 1) instead of stopping.
    #[arg(long)]
    pub skip_bad: bool,
}

impl InputArgs {
    /// The documents, and a counter of the bad records skipped so far.
    pub fn documents(&self) -> (Box<dyn Iterator<Item = Result<Document>>>, Rc<Cell<usize>>) {
        let inputs: Vec<Input> = if self.paths.is_empty() {
            vec![Input::Stdin]
        } else {
            self.paths.iter().cloned().map(Input::from).collect()
        };
        let docs = read_documents(inputs, self.input_format);
        let skipped = Rc::new(Cell::new(0));
        if self.skip_bad {
            let counter = Rc::clone(&skipped);
            let iter = docs
                .skip_bad(move |e| {
                    counter.set(counter.get() + 1);
                    eprintln!("stancetag: skipped: {e}");
                })
                .map(Ok);
            (Box::new(iter), skipped)
        } else {
            (
                Box::new(docs.map(|d| d.map_err(anyhow::Error::from))),
                skipped,
            )
        }
    }
}

/// Where a verb writes: `-o FILE`, or standard output.
#[derive(clap::Args)]
pub struct OutputArgs {
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Open the output.
    pub fn create(&self) -> Result<Output> {
        Output::create(self.output.as_deref())
    }
}

/// How mentions are resolved to actors.
#[derive(clap::Args)]
pub struct ActorArgs {
    /// A user actor dictionary, CSV (header `alias,id,name,kind[,role]`) or
    /// JSONL (`{"alias", "id", "name", "kind"}` per line): extends the
    /// built-in one, and an alias it lists replaces the built-in senses of
    /// that alias. Repeatable; later files win.
    #[arg(long, value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    /// Do not resolve mentions to actors (no `actor` fields; summaries by surface).
    #[arg(long, conflicts_with = "actors")]
    pub no_actors: bool,
}

impl ActorArgs {
    /// The resolver these arguments ask for (`None` with `--no-actors`).
    pub fn resolver(&self) -> Result<Option<Resolver>> {
        if self.no_actors {
            return Ok(None);
        }
        let mut dict = Dictionary::builtin();
        if !self.actors.is_empty() {
            let mut own = (*dict).clone();
            for path in &self.actors {
                own.extend_from_file(path)?;
            }
            dict = std::sync::Arc::new(own);
        }
        Ok(Some(Resolver::new(dict)))
    }
}

/// How a verb that prints a report or a table renders it.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON object.
    Json,
    /// Markdown tables (for a README).
    Markdown,
    /// Comma-separated values with a header line (RFC 4180 quoting).
    Csv,
}

/// Standard output, or a file written atomically: to a temporary file in the
/// same directory, renamed over the target by [`Output::finish`]. An
/// interrupted run leaves no truncated file that looks complete.
pub struct Output {
    writer: BufWriter<Box<dyn Write>>,
    target: Option<(PathBuf, PathBuf)>, // (temporary, final)
}

impl Output {
    /// Standard output when `path` is `None` or `-`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        match path.filter(|p| p.as_os_str() != "-") {
            None => Ok(Output {
                writer: BufWriter::new(Box::new(std::io::stdout().lock())),
                target: None,
            }),
            Some(path) if !replaceable(path) => {
                // A device or pipe (`/dev/null`, a FIFO): write to it directly;
                // renaming a file over it would replace the device itself.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                Ok(Output {
                    writer: BufWriter::new(Box::new(file)),
                    target: None,
                })
            }
            Some(path) => {
                let name = path
                    .file_name()
                    .with_context(|| format!("{}: not a file name", path.display()))?;
                let mut tmp_name = std::ffi::OsString::from(".");
                tmp_name.push(name);
                tmp_name.push(format!(".{}.tmp", std::process::id()));
                let tmp = path.with_file_name(tmp_name);
                let file = File::create(&tmp)
                    .with_context(|| format!("cannot create {}", tmp.display()))?;
                Ok(Output {
                    writer: BufWriter::new(Box::new(file)),
                    target: Some((tmp, path.to_path_buf())),
                })
            }
        }
    }

    /// Write one JSON value as a line.
    pub fn json_line<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer(&mut self.writer, value)?;
        self.writer.write_all(b"\n")?;
        Ok(())
    }

    /// Write text as is.
    pub fn text(&mut self, text: &str) -> Result<()> {
        self.writer.write_all(text.as_bytes())?;
        Ok(())
    }

    /// Flush, and move the temporary file into place.
    pub fn finish(mut self) -> Result<()> {
        self.writer.flush()?;
        if let Some((tmp, path)) = self.target.take() {
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))?;
        }
        Ok(())
    }
}

/// True when `path` is absent or a regular file, so a finished temporary
/// file may be renamed over it.
fn replaceable(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.is_file())
}

/// The default of `--chunk`: documents read and tagged together.
pub const CHUNK_DOCUMENTS: usize = 1024;

/// A chunk also ends once it holds this much text, so long documents keep
/// memory bounded while short ones still fill the model's batches.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Groups documents for tagging: at most `max_docs` documents or about
/// [`CHUNK_BYTES`] of text per chunk. A read error ends the chunk being
/// filled and comes out on its own.
pub fn chunked<I>(docs: I, max_docs: usize) -> impl Iterator<Item = Result<Vec<Document>>>
where
    I: Iterator<Item = Result<Document>>,
{
    let mut docs = docs;
    let mut pending_err = None;
    std::iter::from_fn(move || {
        if let Some(e) = pending_err.take() {
            return Some(Err(e));
        }
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < max_docs.max(1) && bytes < CHUNK_BYTES {
            match docs.next() {
                None => break,
                Some(Ok(d)) => {
                    bytes += d.text.len();
                    chunk.push(d);
                }
                Some(Err(e)) if chunk.is_empty() => return Some(Err(e)),
                Some(Err(e)) => {
                    pending_err = Some(e);
                    break;
                }
            }
        }
        (!chunk.is_empty()).then_some(Ok(chunk))
    })
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.target {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A shipped model directory: `$STANCETAG_MODELS/<name>`, else `models/<name>`
/// in the working directory, else `models/<name>` beside the repository the
/// binary was built in (`target/release/stancetag` → `models/`).
pub fn default_model(name: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("STANCETAG_MODELS") {
        return PathBuf::from(dir).join(name);
    }
    let local = Path::new("models").join(name);
    if local.exists() {
        return local;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("models").join(name)))
        .filter(|p| p.exists())
        .unwrap_or(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_files_replaced() {
        assert!(!replaceable(Path::new("/dev/null")));
        let dir = std::env::temp_dir().join(format!("stancetag-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("out.jsonl");
        assert!(replaceable(&file));
        std::fs::write(&file, "x").unwrap();
        assert!(replaceable(&file));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn chunks_keep_every_document_and_error_in_order() {
        let docs = (0..5).map(|i| {
            if i == 3 {
                Err(anyhow::anyhow!("bad record"))
            } else {
                Ok(Document::new(i.to_string(), "text"))
            }
        });
        let out: Vec<_> = chunked(docs, 2).collect();
        let shape: Vec<String> = out
            .iter()
            .map(|c| match c {
                Ok(d) => d.iter().map(|d| d.id.clone()).collect::<Vec<_>>().join(","),
                Err(e) => e.to_string(),
            })
            .collect();
        assert_eq!(shape, ["0,1", "2", "bad record", "4"]);
    }
}
