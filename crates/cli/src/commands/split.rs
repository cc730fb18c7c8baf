//! `stancetag split`: sentence-split documents.

use crate::io::{InputArgs, OutputArgs};
use anyhow::Result;
use clap::ValueEnum;
use stancetag_core::TaggedDocument;
use stancetag_preprocess::{par_map, LineSplitter, RuleSplitter, SentenceSplitter};
use std::process::ExitCode;

/// Split documents into sentences (JSONL with character offsets, or one sentence per line).
///
/// Exit status: 0 when every document was split, 1 when some bad records
/// were skipped (--skip-bad), 2 on an error.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutputFormat,
    #[command(flatten)]
    output: OutputArgs,
    /// Each line (or JSONL record) is one sentence: no sentence splitting.
    #[arg(long)]
    sentences: bool,
    /// Documents read and split together, in parallel (bounds memory).
    #[arg(long, default_value_t = 256, value_name = "N")]
    chunk: usize,
}

/// What `split` writes.
#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object per document: `id`, the input's other fields,
    /// `sentences` (`start`, `end` in characters of the original text, and
    /// `text`), and `text`.
    Jsonl,
    /// One sentence per line; whitespace with a line break inside a
    /// sentence is written as one space.
    Text,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let splitter: &dyn SentenceSplitter = if args.sentences {
        &LineSplitter
    } else {
        &RuleSplitter
    };
    let (docs, skipped) = args.input.documents();
    let mut out = args.output.create()?;
    let mut docs = docs.peekable();
    let mut chunk = Vec::with_capacity(args.chunk.max(1));
    while docs.peek().is_some() {
        chunk.clear();
        for doc in docs.by_ref().take(args.chunk.max(1)) {
            chunk.push(doc?);
        }
        let spans = par_map(&chunk, |doc| splitter.split(&doc.text));
        for (doc, spans) in chunk.drain(..).zip(spans) {
            match args.format {
                OutputFormat::Jsonl => {
                    out.json_line(&TaggedDocument::with_sentences(doc, &spans))?;
                }
                OutputFormat::Text => {
                    for span in spans {
                        out.text(&one_line(&doc.text[span.range()]))?;
                        out.text("\n")?;
                    }
                }
            }
        }
    }
    out.finish()?;
    Ok(if skipped.get() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `sentence` with each whitespace run that holds a line break made one space.
fn one_line(sentence: &str) -> String {
    if !sentence.contains(['\n', '\r']) {
        return sentence.to_string();
    }
    let mut out = String::with_capacity(sentence.len());
    let mut run = String::new();
    for c in sentence.chars() {
        if c.is_whitespace() {
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push_str(if run.contains(['\n', '\r']) {
                    " "
                } else {
                    &run
                });
                run.clear();
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn line_breaks_become_one_space() {
        assert_eq!(one_line("a  b\n\nc \r\n d"), "a  b c d");
        assert_eq!(one_line("plain"), "plain");
    }
}
