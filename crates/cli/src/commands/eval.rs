//! `stancetag eval`: score predictions against gold.

use crate::io::{ActorArgs, ReportFormat};
use crate::models::ModelArgs;
use crate::report::{render_markdown, render_table};
use anyhow::{bail, Context};
use stancetag_evaluation::{
    apply_baseline, detect_format, evaluate_datasets, load, score_actors, Format, RelationBaseline,
    Report, TagScheme,
};
use stancetag_pipeline::{predict, Tagger};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Score predictions against gold: entities (conlleval-compatible and the
/// SemEval-2013 schemes), sentiment and stance, actors (mention → actor
/// accuracy and B-cubed, on the gold mentions and on the predicted ones),
/// directed relations (the five classes of the directed-sentiment dataset
/// per mention pair), with the mistakes behind them.
///
/// Gold and prediction may each be stancetag JSONL or CoNLL (`token ... tag`
/// per line); the gold may also be NewsMTSC JSONL, a directed-sentiment file
/// (`sentence<TAB>p<TAB>q<TAB>class`, the pair in brackets), or CoNLL-U,
/// whose text is then split into sentences by stancetag's splitter unless
/// `--pred` is given. Without `--pred`, the models tag the gold text
/// themselves and are scored in one step: a CoNLL gold on its own tokens, a
/// NewsMTSC or directed-sentiment gold on its targets (each record one
/// sentence; relations through `target_relations`), a stancetag JSONL gold end to end
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
    gold_format: Option<Format>,
    /// Format of the predicted file [default: from its extension and first line].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pred_format: Option<Format>,
    /// Tagging scheme of CoNLL files; every tag must follow it [default: detect].
    #[arg(long, value_enum)]
    scheme: Option<TagScheme>,
    /// Output: aligned tables, JSON (scores as fractions) or Markdown tables
    /// (not CSV: the report is several tables).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Number of mistakes to list (all are counted).
    #[arg(long, value_name = "N", default_value_t = 20)]
    errors: usize,
    /// Score a baseline's relations instead of the relation model's: the
    /// majority class (none everywhere), or relations derived from the
    /// stance toward each of the two mentions (the more polar one is the
    /// target, the other the source).
    #[arg(long, value_enum, value_name = "BASELINE")]
    relation_baseline: Option<RelationBaseline>,
    #[command(flatten)]
    models: ModelArgs,
    #[command(flatten)]
    actors: ActorArgs,
}

/// The checked command line.
struct Config {
    gold: PathBuf,
    gold_format: Format,
    /// `None`: split the gold text (CoNLL-U gold only).
    pred: Option<PathBuf>,
    pred_format: Option<Format>,
    scheme: Option<TagScheme>,
    output: ReportFormat,
    max_errors: usize,
    relation_baseline: Option<RelationBaseline>,
    models: ModelArgs,
    actors: ActorArgs,
}

impl Config {
    fn new(args: Args) -> anyhow::Result<Config> {
        if args.format == ReportFormat::Csv {
            bail!("--format csv: the evaluation report is several tables; use json, table or markdown");
        }
        let gold_format = match args.gold_format {
            Some(f) => f,
            None => detect_format(&args.gold)?,
        };
        Ok(Config {
            gold: args.gold,
            gold_format,
            pred: args.pred,
            pred_format: args.pred_format,
            scheme: args.scheme,
            output: args.format,
            max_errors: args.errors,
            relation_baseline: args.relation_baseline,
            models: args.models,
            actors: args.actors,
        })
    }
}

/// Reads both files (or splits the gold text) and scores them.
fn score(config: &Config) -> anyhow::Result<Report> {
    let gold = load(&config.gold, Some(config.gold_format), config.scheme)
        .with_context(|| format!("reading gold {}", config.gold.display()))?;
    if gold.skipped > 0 {
        eprintln!(
            "stancetag: {}: {} malformed lines left out (brackets that do not match the entity fields)",
            config.gold.display(),
            gold.skipped
        );
    }
    let mut pred = match &config.pred {
        Some(path) => {
            let pred = load(path, config.pred_format, config.scheme)
                .with_context(|| format!("reading predictions {}", path.display()))?;
            if pred.format == Format::Newsmtsc {
                bail!("{}: NewsMTSC files can only be gold", path.display());
            }
            pred
        }
        None if !predict::needs_models(&gold) => predict::split_only(&gold),
        None => {
            let loaded = config.models.load()?;
            let splitter = predict::gold_splitter(gold.format);
            let mut tagger = Tagger::new(splitter, loaded.workers, config.models.batch_size);
            tagger.set_resolver(config.actors.resolver()?);
            predict::predict(&gold, &mut tagger)?
        }
    };
    if let Some(baseline) = config.relation_baseline {
        for d in &mut pred.documents {
            apply_baseline(d, baseline);
        }
    }
    let mut report = evaluate_datasets(&gold, &pred, config.max_errors)?;
    if report.actors.is_some() {
        if let Some(resolver) = config.actors.resolver()? {
            // The resolver alone: the gold mentions, their actors removed, resolved.
            let resolved: Vec<_> = gold
                .documents
                .iter()
                .map(|g| {
                    let mut d = g.clone();
                    for e in &mut d.entities {
                        e.actor = None;
                        e.candidates.clear();
                    }
                    resolver.resolve(&mut d);
                    d
                })
                .collect();
            let pairs: Vec<_> = gold.documents.iter().zip(&resolved).collect();
            report.actors_on_gold_mentions = Some(score_actors(&pairs));
        }
    }
    Ok(report)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = Config::new(args)?;
    let report = score(&config)?;
    let text = match config.output {
        ReportFormat::Table | ReportFormat::Csv => render_table(&report),
        ReportFormat::Markdown => render_markdown(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
