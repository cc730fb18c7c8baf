//! `stancetag eval`: score predictions against gold.

use crate::models::ModelArgs;
use crate::predict::{gold_tagger, predict};
use anyhow::{bail, Context};
use clap::ValueEnum;
use stancetag_core::Document;
use stancetag_evaluation::{
    detect_format, evaluate_datasets, load, render_markdown, render_table, Dataset, Format, Report,
    TagScheme,
};
use stancetag_preprocess::{RuleSplitter, SentenceSplitter};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Score predictions against gold: entities (conlleval-compatible and the
/// SemEval-2013 schemes), sentiment and stance, with the mistakes behind them.
///
/// Gold and prediction may each be stancetag JSONL or CoNLL (`token ... tag`
/// per line); the gold may also be NewsMTSC JSONL, or CoNLL-U, whose text is
/// then split into sentences by stancetag's splitter unless `--pred` is
/// given. Without `--pred`, the models tag the gold text themselves and are
/// scored in one step: a CoNLL gold on its own tokens, a NewsMTSC gold on its
/// targets (each record one sentence), a stancetag JSONL gold end to end
/// (splitting included). Documents are paired by id. Only what the gold file
/// annotates is scored.
#[derive(clap::Args)]
pub struct Args {
    /// Gold file.
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Predicted file [default: tag the gold text with the models].
    #[arg(long, value_name = "FILE")]
    pred: Option<PathBuf>,
    /// Format of the gold file [default: from its extension and first line].
    #[arg(long, value_enum, value_name = "FORMAT")]
    gold_format: Option<FileFormat>,
    /// Format of the predicted file [default: from its extension and first line].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pred_format: Option<FileFormat>,
    /// Tagging scheme of CoNLL files; every tag must follow it [default: detect].
    #[arg(long, value_enum)]
    scheme: Option<Scheme>,
    /// Output: aligned tables, JSON (scores as fractions) or Markdown tables.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    format: Output,
    /// Number of mistakes to list (all are counted).
    #[arg(long, value_name = "N", default_value_t = 20)]
    errors: usize,
    #[command(flatten)]
    models: ModelArgs,
}

/// File formats.
#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    /// stancetag JSONL (the output of `stancetag tag`).
    Jsonl,
    /// CoNLL NER: `token ... tag` per line, blank lines between sentences.
    Conll,
    /// NewsMTSC JSONL (gold target stance).
    Newsmtsc,
    /// CoNLL-U (gold sentence boundaries).
    Conllu,
}

impl From<FileFormat> for Format {
    fn from(f: FileFormat) -> Format {
        match f {
            FileFormat::Jsonl => Format::Jsonl,
            FileFormat::Conll => Format::Conll,
            FileFormat::Newsmtsc => Format::Newsmtsc,
            FileFormat::Conllu => Format::Conllu,
        }
    }
}

/// Tagging schemes of CoNLL files.
#[derive(Clone, Copy, ValueEnum)]
enum Scheme {
    /// `I-X` throughout, `B-X` between two chunks of one type.
    Iob1,
    /// `B-X` on every chunk's first token.
    Iob2,
    /// `B-X`, `I-X`, `E-X`, `S-X`.
    Bioes,
    /// `I-X` (or a bare `X`) only.
    Io,
}

impl From<Scheme> for TagScheme {
    fn from(s: Scheme) -> TagScheme {
        match s {
            Scheme::Iob1 => TagScheme::Iob1,
            Scheme::Iob2 => TagScheme::Iob2,
            Scheme::Bioes => TagScheme::Bioes,
            Scheme::Io => TagScheme::Io,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// Aligned tables for a terminal.
    Table,
    /// One JSON object.
    Json,
    /// Markdown tables.
    Markdown,
}

/// The checked command line.
struct Config {
    gold: PathBuf,
    gold_format: Format,
    /// `None`: split the gold text (CoNLL-U gold only).
    pred: Option<PathBuf>,
    pred_format: Option<Format>,
    scheme: Option<TagScheme>,
    output: Output,
    max_errors: usize,
    models: ModelArgs,
}

impl Config {
    fn new(args: Args) -> anyhow::Result<Config> {
        let gold_format = match args.gold_format {
            Some(f) => f.into(),
            None => detect_format(&args.gold)?,
        };
        Ok(Config {
            gold: args.gold,
            gold_format,
            pred: args.pred,
            pred_format: args.pred_format.map(Format::from),
            scheme: args.scheme.map(TagScheme::from),
            output: args.format,
            max_errors: args.errors,
            models: args.models,
        })
    }
}

/// Reads both files (or splits the gold text) and scores them.
fn score(config: &Config) -> anyhow::Result<Report> {
    let gold = load(&config.gold, Some(config.gold_format), config.scheme)
        .with_context(|| format!("reading gold {}", config.gold.display()))?;
    let pred = match &config.pred {
        Some(path) => {
            let pred = load(path, config.pred_format, config.scheme)
                .with_context(|| format!("reading predictions {}", path.display()))?;
            if pred.format == Format::Newsmtsc {
                bail!("{}: NewsMTSC files can only be gold", path.display());
            }
            pred
        }
        None if gold.format == Format::Conllu => Dataset::from_documents(
            gold.documents
                .iter()
                .map(|d| RuleSplitter.split_document(Document::new(d.id.clone(), d.text.clone())))
                .collect(),
        ),
        None => {
            let (workers, _) = config.models.load()?;
            let mut tagger = gold_tagger(&gold, workers, config.models.batch_size);
            predict(&gold, &mut tagger)?
        }
    };
    Ok(evaluate_datasets(&gold, &pred, config.max_errors)?)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::new(args)?;
    let report = score(&config)?;
    let text = match config.output {
        Output::Table => render_table(&report),
        Output::Markdown => render_markdown(&report),
        Output::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
