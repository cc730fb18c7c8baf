//! `stancetag tag`: split, find named entities, write JSONL.

use crate::io::{chunked, InputArgs, Output, CHUNK_DOCUMENTS};
use crate::models::ModelArgs;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use stancetag_inference::Tagger;
use stancetag_preprocess::{LineSplitter, RuleSplitter, SentenceSplitter};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Tag documents: sentences with their sentiment, named entities with the stance toward each, and a summary of the actors, as JSONL with character offsets.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Each line (or JSONL record) is one sentence: no sentence splitting.
    #[arg(long)]
    sentences: bool,
    #[command(flatten)]
    models: ModelArgs,
    /// Documents read and tagged together (at most about 1 MiB of text):
    /// bigger chunks fill the model's length-sorted batches better.
    #[arg(long, default_value_t = CHUNK_DOCUMENTS)]
    chunk: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (models, load_secs) = args.models.load()?;
    let splitter: Box<dyn SentenceSplitter> = if args.sentences {
        Box::new(LineSplitter)
    } else {
        Box::new(RuleSplitter)
    };
    let mut tagger = Tagger::new(splitter, models, args.models.batch_size);
    let (docs, skipped) = args.input.documents();
    let mut out = Output::create(args.output.as_deref())?;
    let progress = Progress::new();
    for chunk in chunked(docs, args.chunk) {
        for tagged in tagger.tag(chunk?)? {
            progress.add(
                tagged.sentences.len(),
                tagged.text.split_whitespace().count(),
            );
            out.json_line(&tagged)?;
        }
    }
    out.finish()?;
    progress.finish(load_secs);
    Ok(if skipped.get() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A spinner with counts and rates on a terminal; nothing otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    counts: std::cell::Cell<(usize, usize, usize)>,
}

impl Progress {
    fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            counts: Default::default(),
        }
    }

    fn add(&self, sentences: usize, words: usize) {
        let (d, s, w) = self.counts.get();
        let c = (d + 1, s + sentences, w + words);
        self.counts.set(c);
        if let Some(bar) = &self.bar {
            let secs = self.started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} documents, {} sentences ({:.0} sentences/s)",
                c.0,
                c.1,
                c.1 as f64 / secs
            ));
        }
    }

    fn finish(&self, load_secs: f64) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            let (d, s, w) = self.counts.get();
            let secs = self.started.elapsed().as_secs_f64().max(1e-9);
            eprintln!(
                "stancetag: tagged {d} documents, {s} sentences, {w} words in {secs:.1} s \
                 ({:.0} sentences/s, {:.0} words/s; model load {load_secs:.1} s)",
                s as f64 / secs,
                w as f64 / secs
            );
        }
    }
}
