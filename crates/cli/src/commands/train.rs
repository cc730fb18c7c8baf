//! `stancetag train`: fine-tune the models shipped in `models/`.

use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use stancetag_core::tags::{chunks, iob2, Chunk};
use stancetag_inference::{
    read_bert_config, read_conll, train_ner, Casing, ConllSentence, Device, NerConfig, NerModel,
    TaggedWords, TrainConfig, TrainEvent, WordPieces,
};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Train a model from labelled data.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Fine-tune a named-entity recognizer on CoNLL files (IOB1, IOB2, BIOES or IO tags).
    Ner(NerArgs),
}

/// Where casing features enter the model.
#[derive(Clone, Copy, ValueEnum)]
enum CasingArg {
    None,
    Input,
    Output,
    Both,
}

/// How tags are decoded.
#[derive(Clone, Copy, ValueEnum)]
enum Decode {
    /// Constrained Viterbi: only valid IOB2 sequences.
    Viterbi,
    /// Most probable tag per word.
    Argmax,
}

#[derive(clap::Args)]
struct NerArgs {
    /// Training data (CoNLL: `token ... tag` lines, blank line between sentences).
    #[arg(long)]
    train: PathBuf,
    /// Development data, scored after each epoch for model selection.
    #[arg(long)]
    dev: PathBuf,
    /// Output directory: the best model goes to OUT/model, checkpoints to OUT/checkpoint.
    #[arg(long)]
    out: PathBuf,
    /// Base encoder directory (config.json, model.safetensors, tokenizer.json).
    #[arg(long, default_value = "deps/minilm")]
    base: PathBuf,
    /// Continue from the checkpoint in OUT.
    #[arg(long)]
    resume: bool,
    /// Maximum number of epochs.
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Sentences per batch.
    #[arg(long, default_value_t = 32)]
    batch_size: usize,
    /// Peak learning rate of the encoder.
    #[arg(long, default_value_t = 1e-4)]
    lr: f64,
    /// Peak learning rate of the new layers (classifier, casing).
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    /// Fraction of steps spent warming up.
    #[arg(long, default_value_t = 0.1)]
    warmup: f64,
    /// AdamW weight decay.
    #[arg(long, default_value_t = 0.01)]
    weight_decay: f64,
    /// Random seed (initialisation, shuffling, dropout).
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// Stop after this many epochs without a better dev F1.
    #[arg(long, default_value_t = 2)]
    patience: usize,
    /// Where casing features enter the model.
    #[arg(long, value_enum, default_value = "input")]
    casing: CasingArg,
    /// How tags are decoded.
    #[arg(long, value_enum, default_value = "viterbi")]
    decode: Decode,
    /// Longest input in word pieces; longer sentences are windowed.
    #[arg(long, default_value_t = 256)]
    max_pieces: usize,
    /// Use only the first N training sentences (for quick trials).
    #[arg(long)]
    limit: Option<usize>,
    /// libtorch intra-op threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.task {
        Task::Ner(a) => train_ner_cmd(a),
    }
}

/// Words and IOB2 tags of CoNLL sentences, whatever scheme the file uses.
fn normalised(sentences: Vec<ConllSentence>) -> Vec<(Vec<String>, Vec<String>)> {
    sentences
        .into_iter()
        .map(|s| {
            let tags = iob2(&chunks(&s.tags), s.tags.len());
            (s.tokens, tags)
        })
        .collect()
}

fn train_ner_cmd(a: NerArgs) -> Result<ExitCode> {
    if let Some(n) = a.threads {
        tch::set_num_threads(n as i32);
    }
    let ckpt = a.out.join("checkpoint").join("state.json");
    if ckpt.exists() && !a.resume {
        bail!(
            "{} holds a checkpoint: pass --resume to continue it, or choose another --out",
            a.out.display()
        );
    }
    let mut train = normalised(read_conll(&a.train)?);
    if let Some(n) = a.limit {
        train.truncate(n);
    }
    let dev = normalised(read_conll(&a.dev)?);
    let types: BTreeSet<&str> = train
        .iter()
        .flat_map(|(_, t)| t.iter())
        .filter_map(|t| t.strip_prefix("B-"))
        .collect();
    let mut labels = vec!["O".to_string()];
    for t in &types {
        labels.push(format!("B-{t}"));
        labels.push(format!("I-{t}"));
    }
    let index = |tag: &str| labels.iter().position(|l| l == tag);
    let train_words: Vec<TaggedWords> = train
        .iter()
        .map(|(w, t)| TaggedWords {
            words: w.clone(),
            labels: t.iter().map(|t| index(t).unwrap_or(0)).collect(),
        })
        .collect();
    eprintln!(
        "train: {} training sentences, {} dev sentences, labels {}",
        train_words.len(),
        dev.len(),
        labels.join(" ")
    );

    let config = NerConfig {
        labels: labels.clone(),
        casing: match a.casing {
            CasingArg::None => Casing::None,
            CasingArg::Input => Casing::Input,
            CasingArg::Output => Casing::Output,
            CasingArg::Both => Casing::Both,
        },
        casing_dim: 16,
        max_pieces: a.max_pieces,
        constrained_decoding: matches!(a.decode, Decode::Viterbi),
        encoder: read_bert_config(&a.base.join("config.json"))?,
    };
    let tokenizer = a.base.join("tokenizer.json");
    tch::manual_seed(a.seed as i64);
    let mut model = NerModel::new(
        config,
        WordPieces::from_file(&tokenizer)?,
        Device::cuda_if_available(),
    )?;
    model
        .load_encoder(&a.base.join("model.safetensors"))
        .with_context(|| format!("loading the base encoder from {}", a.base.display()))?;
    let tc = TrainConfig {
        epochs: a.epochs,
        batch_size: a.batch_size,
        lr: a.lr,
        head_lr: a.head_lr,
        warmup: a.warmup,
        weight_decay: a.weight_decay,
        seed: a.seed,
        patience: a.patience,
    };
    let dev_words: Vec<Vec<&str>> = dev
        .iter()
        .map(|(w, _)| w.iter().map(String::as_str).collect())
        .collect();
    let mut dev_score = |m: &NerModel| -> stancetag_inference::Result<f64> {
        let pred = m.tag_words(&dev_words, 64)?;
        let pairs: Vec<(Vec<Chunk>, Vec<Chunk>)> = dev
            .iter()
            .zip(&pred)
            .map(|((_, gold), p)| {
                let p: Vec<&str> = p.iter().map(|t| m.labels()[t.label].as_str()).collect();
                (chunks(gold), chunks(&p))
            })
            .collect();
        Ok(micro_f1(&pairs))
    };
    let started = Instant::now();
    let mut bar = Progress::new();
    let report = train_ner(
        &mut model,
        &train_words,
        &tc,
        &a.out,
        &tokenizer,
        &mut dev_score,
        &mut |e| bar.event(e),
    )?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "train: best dev F1 {:.4} at epoch {} ({:.1} min); model in {}",
        report.best_dev,
        report.best_epoch,
        secs / 60.0,
        a.out.join("model").display()
    );
    let summary = serde_json::json!({
        "report": report,
        "config": tc,
        "seconds": secs,
        "train": a.train, "dev": a.dev,
    });
    write(
        &a.out.join("train-report.json"),
        &serde_json::to_string_pretty(&summary)?,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Exact-match micro F1 over (gold, predicted) chunks per sentence.
fn micro_f1(pairs: &[(Vec<Chunk>, Vec<Chunk>)]) -> f64 {
    let (mut tp, mut ng, mut np) = (0usize, 0usize, 0usize);
    for (g, p) in pairs {
        ng += g.len();
        np += p.len();
        tp += p.iter().filter(|c| g.contains(c)).count();
    }
    if ng + np == 0 {
        return 1.0;
    }
    2.0 * tp as f64 / (ng + np) as f64
}

/// A progress bar on a terminal; a line per epoch otherwise.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Progress {
        Progress { bar: None }
    }

    fn event(&mut self, e: TrainEvent) {
        let tty = std::io::stderr().is_terminal();
        match e {
            TrainEvent::EpochStart { epoch, steps } if tty => {
                let bar = ProgressBar::new(steps as u64);
                bar.set_style(
                    ProgressStyle::with_template(
                        "epoch {prefix} {bar:40} {pos}/{len} {msg} [{elapsed} < {eta}]",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_prefix(epoch.to_string());
                self.bar = Some(bar);
            }
            TrainEvent::Step { step, loss } => {
                if let Some(bar) = &self.bar {
                    bar.set_position(step as u64);
                    if step % 10 == 0 {
                        bar.set_message(format!("loss {loss:.4}"));
                    }
                } else if step % 100 == 0 {
                    eprintln!("train: step {step} loss {loss:.4}");
                }
            }
            TrainEvent::EpochEnd {
                epoch,
                loss,
                dev,
                best,
                seconds,
            } => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                eprintln!(
                    "train: epoch {epoch} loss {loss:.4} dev F1 {dev:.4}{} ({seconds:.0} s)",
                    if best { " (best, saved)" } else { "" }
                );
            }
            _ => {}
        }
    }
}
