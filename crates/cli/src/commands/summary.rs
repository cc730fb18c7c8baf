//! `stancetag summary`: how each actor is portrayed over a corpus.

use crate::io::Output;
use anyhow::{Context, Result};
use clap::ValueEnum;
use stancetag_core::summary::{CorpusBuilder, CorpusSummary};
use stancetag_core::TaggedDocument;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How to print the table.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for the terminal.
    Table,
    /// Comma-separated values with a header line (RFC 4180 quoting).
    Csv,
    /// One JSON object: `documents` and `actors`.
    Json,
}

/// Actor × stance table of tagged documents: how often each actor is spoken
/// of negatively, neutrally or positively, and its mean stance score.
///
/// Reads the JSONL written by `stancetag tag` (one document per line) and
/// uses each document's `summary`, or computes it from its entities. Actors
/// of different documents are merged by name (ignoring case) and label.
#[derive(clap::Args)]
pub struct Args {
    /// Tagged JSONL files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Show only the N most mentioned actors.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Show only actors with at least N mentions.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_mentions: usize,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut corpus = CorpusBuilder::new();
    let stdin = [PathBuf::from("-")];
    let files = if args.files.is_empty() {
        &stdin[..]
    } else {
        &args.files[..]
    };
    for path in files {
        if path.as_os_str() == "-" {
            add_jsonl(std::io::stdin().lock(), Path::new("<stdin>"), &mut corpus)?;
        } else {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            add_jsonl(BufReader::new(file), path, &mut corpus)?;
        }
    }
    let mut summary = corpus.finish();
    summary.filter(args.min_mentions, args.top);
    let mut out = Output::create(args.output.as_deref())?;
    out.text(&render(&summary, args.format)?)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The summary in the chosen format.
fn render(summary: &CorpusSummary, format: Format) -> Result<String> {
    Ok(match format {
        Format::Table => summary.to_table(),
        Format::Csv => summary.to_csv(),
        Format::Json => serde_json::to_string_pretty(summary)? + "\n",
    })
}

/// Adds every document of a tagged JSONL stream (blank lines skipped); `path`
/// names the stream in errors, with the line number.
fn add_jsonl<R: BufRead>(reader: R, path: &Path, corpus: &mut CorpusBuilder) -> Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: TaggedDocument = serde_json::from_str(&line).with_context(|| {
            format!(
                "{}:{}: expected a tagged document (one JSON object per line, \
                 as written by `stancetag tag`)",
                path.display(),
                i + 1
            )
        })?;
        corpus.add_document(&doc);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"id":"d1","text":"Japan's envoy.","sentences":[{"start":0,"end":14,"text":"Japan's envoy."}],"entities":[{"start":0,"end":7,"text":"Japan's","label":"LOC","sentence":0,"stance":{"label":"negative"}}]}"#;

    #[test]
    fn reads_documents_and_skips_blank_lines() {
        let input = format!("{DOC}\n\n  \n{DOC}\n");
        let mut corpus = CorpusBuilder::new();
        add_jsonl(input.as_bytes(), Path::new("t.jsonl"), &mut corpus).unwrap();
        let s = corpus.finish();
        assert_eq!(s.documents, 2);
        assert_eq!(s.actors[0].name, "Japan");
        assert_eq!((s.actors[0].documents, s.actors[0].negative), (2, 2));
        assert_eq!(s.actors[0].mean_score, Some(-1.0));
    }

    #[test]
    fn a_malformed_line_names_file_and_line() {
        let input = format!("{DOC}\n\n{{\"id\": \"d2\"}}\n");
        let mut corpus = CorpusBuilder::new();
        let err = add_jsonl(input.as_bytes(), Path::new("t.jsonl"), &mut corpus).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.starts_with("t.jsonl:3: expected a tagged document"),
            "{msg}"
        );
        assert!(msg.contains("missing field"), "{msg}");
    }
}
