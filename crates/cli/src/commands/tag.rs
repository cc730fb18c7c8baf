//! `stancetag tag`: split, find named entities, score sentiment and stance, write JSONL.

use crate::io::{chunked, ActorArgs, InputArgs, OutputArgs, CHUNK_DOCUMENTS};
use crate::models::ModelArgs;
use crate::progress::Progress;
use anyhow::Result;
use stancetag_pipeline::Tagger;
use stancetag_preprocess::{LineSplitter, RuleSplitter, SentenceSplitter};
use std::process::ExitCode;
use std::time::Instant;

/// Tag documents: sentences with their sentiment, named entities with the stance toward each and the actor each names, and a summary of the actors, as JSONL with character offsets.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Each line (or JSONL record) is one sentence: no sentence splitting.
    #[arg(long)]
    sentences: bool,
    #[command(flatten)]
    models: ModelArgs,
    #[command(flatten)]
    actors: ActorArgs,
    /// Keep every scored pair of entities in a sentence's `relations`, those
    /// labelled `none` too (default: positive and negative ones only;
    /// `target_relations` always hold every ordered pair of targets).
    #[arg(long, conflicts_with = "no_relations")]
    all_relations: bool,
    /// Documents read and tagged together (at most about 1 MiB of text):
    /// bigger chunks fill the model's length-sorted batches better.
    #[arg(long, default_value_t = CHUNK_DOCUMENTS)]
    chunk: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let resolver = args.actors.resolver()?;
    let loaded = args.models.load()?;
    let splitter: Box<dyn SentenceSplitter> = if args.sentences {
        Box::new(LineSplitter)
    } else {
        Box::new(RuleSplitter)
    };
    let mut tagger = Tagger::new(splitter, loaded.workers, args.models.batch_size);
    tagger.set_resolver(resolver);
    tagger.set_all_relations(args.all_relations);
    let (docs, skipped) = args.input.documents();
    let mut out = args.output.create()?;
    let mut progress = Progress::new();
    progress.spinner();
    let started = Instant::now();
    let (mut d, mut s, mut w) = (0usize, 0usize, 0usize);
    for chunk in chunked(docs, args.chunk) {
        for tagged in tagger.tag(chunk?)? {
            d += 1;
            s += tagged.sentences.len();
            w += tagged.text.split_whitespace().count();
            out.json_line(&tagged)?;
        }
        progress.set_message(|| {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            format!(
                "{d} documents, {s} sentences ({:.0} sentences/s)",
                s as f64 / secs
            )
        });
    }
    out.finish()?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    progress.say(|| {
        format!(
            "stancetag: tagged {d} documents, {s} sentences, {w} words in {secs:.1} s \
             ({:.0} sentences/s, {:.0} words/s; model load {:.1} s)",
            s as f64 / secs,
            w as f64 / secs,
            loaded.load_secs
        )
    });
    Ok(if skipped.get() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
