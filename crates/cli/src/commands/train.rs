//! `stancetag train`: fine-tune the models shipped in `models/`.

use crate::progress::Progress;
use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use stancetag_core::tags::{chunks, iob2};
use stancetag_core::{Polarity, RelationLabel, RelationScores, TaggedDocument};
use stancetag_evaluation::{
    conlleval, join_directions, read_conll, read_directed, read_newsmtsc, score_directed,
    split_class, Confusion, DirectedExample, TagPair,
};
use stancetag_inference::{
    read_bert_config, train_ner, train_relations, train_stance, weights_sha256, Casing, Device,
    NerConfig, NerModel, RelationConfig, RelationHead, SentenceLabel, StanceConfig, StanceExample,
    StanceInput, StanceModel, TaggedWords, Tensor, TrainConfig, TrainEvent, Trunk, WordPieces,
};
use stancetag_preprocess::words;
use std::collections::BTreeSet;
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
    /// Fine-tune the sentence-sentiment and target-stance model on NewsMTSC (and SST-2).
    Stance(StanceArgs),
    /// Train the directed-relation head on a stance model (kept frozen) from
    /// the directed-sentiment dataset of Park, Pan & Joo (2021).
    Relations(RelationsArgs),
}

#[derive(clap::Args)]
struct RelationsArgs {
    /// Training file of the dataset (`sentence<TAB>p<TAB>q<TAB>class`, entities in brackets).
    #[arg(long)]
    train: PathBuf,
    /// Validation file (model selection: 5-class macro-F1).
    #[arg(long)]
    valid: PathBuf,
    /// The stance model whose encoder pass the head reads (kept frozen).
    #[arg(long, default_value = "models/stance")]
    stance: PathBuf,
    /// The NER model, when --stance is a branch of one.
    #[arg(long)]
    ner: Option<PathBuf>,
    /// Width of the head's hidden layer.
    #[arg(long, default_value_t = 256)]
    hidden: i64,
    /// Dropout on the features and the hidden layer.
    #[arg(long, default_value_t = 0.1)]
    dropout: f64,
    /// Use only the first N training examples (for quick trials).
    #[arg(long)]
    limit: Option<usize>,
    #[command(flatten)]
    common: Common,
}

/// Options every training run has.
#[derive(clap::Args)]
struct Common {
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
    #[arg(long, default_value_t = 3)]
    epochs: usize,
    /// Sentences per batch.
    #[arg(long, default_value_t = 32)]
    batch_size: usize,
    /// Peak learning rate of the encoder.
    #[arg(long, default_value_t = 1e-4)]
    lr: f64,
    /// Peak learning rate of the new layers (heads, casing).
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    /// Fraction of steps spent warming up.
    #[arg(long, default_value_t = 0.1)]
    warmup: f64,
    /// AdamW weight decay.
    #[arg(long, default_value_t = 0.01)]
    weight_decay: f64,
    /// Random seed (initialisation, shuffling, dropout, dev split).
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// Stop after this many epochs without a better dev score.
    #[arg(long, default_value_t = 2)]
    patience: usize,
    /// libtorch intra-op threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

impl Common {
    fn prepare(&self) -> Result<TrainConfig> {
        if let Some(n) = self.threads {
            stancetag_inference::set_threads(n);
        }
        if self.out.join("checkpoint").join("state.json").exists() && !self.resume {
            bail!(
                "{} holds a checkpoint: pass --resume to continue it, or choose another --out",
                self.out.display()
            );
        }
        stancetag_inference::manual_seed(self.seed);
        Ok(TrainConfig {
            epochs: self.epochs,
            batch_size: self.batch_size,
            lr: self.lr,
            head_lr: self.head_lr,
            warmup: self.warmup,
            weight_decay: self.weight_decay,
            seed: self.seed,
            patience: self.patience,
        })
    }

    fn finish(
        &self,
        report: &stancetag_inference::TrainReport,
        tc: &TrainConfig,
        started: Instant,
        data: serde_json::Value,
    ) -> Result<()> {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "train: best dev score {:.4} at epoch {} ({:.1} min); model in {}",
            report.best_dev,
            report.best_epoch,
            secs / 60.0,
            self.out.join("model").display()
        );
        let summary = serde_json::json!({
            "report": report,
            "config": tc,
            "seconds": secs,
            "data": data,
        });
        let path = self.out.join("train-report.json");
        std::fs::write(&path, serde_json::to_string_pretty(&summary)?)
            .with_context(|| format!("writing {}", path.display()))
    }
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
    /// Development data, scored (entity F1) after each epoch for model selection.
    #[arg(long)]
    dev: PathBuf,
    #[command(flatten)]
    common: Common,
    /// Where casing features enter the model.
    #[arg(long, value_enum, default_value = "input")]
    casing: Casing,
    /// How tags are decoded.
    #[arg(long, value_enum, default_value = "viterbi")]
    decode: Decode,
    /// Longest input in word pieces; longer sentences are windowed.
    #[arg(long, default_value_t = 256)]
    max_pieces: usize,
    /// Use only the first N training sentences (for quick trials).
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(clap::Args)]
struct StanceArgs {
    /// NewsMTSC training data (JSONL: `sentence_normalized`, `targets` with polarity).
    /// A seeded share of its sentences is held out as the dev set.
    #[arg(long)]
    newsmtsc: PathBuf,
    /// Share of the NewsMTSC sentences held out for dev.
    #[arg(long, default_value_t = 0.1)]
    dev_share: f64,
    /// SST-2 TSV (`sentence<TAB>label`): binary sentence sentiment, teaching
    /// the polar classes against each other (neutral comes from NewsMTSC).
    #[arg(long)]
    sst2: Option<PathBuf>,
    /// SST-2 phrases used at most (those of at least 6 words, in file order).
    #[arg(long, default_value_t = 6000)]
    sst2_limit: usize,
    #[command(flatten)]
    common: Common,
    /// Width of the target head's hidden layer.
    #[arg(long, default_value_t = 256)]
    head_hidden: i64,
    /// Train a branch of this NER model: the model shares that model's
    /// lower --shared-layers (frozen) and trains only the layers above, so
    /// `tag` runs the lower layers once for both models.
    #[arg(long, value_name = "DIR")]
    trunk: Option<PathBuf>,
    /// Encoder layers shared with the --trunk NER model.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "trunk")]
    shared_layers: usize,
    /// Longest input in word pieces; longer sentences are windowed.
    #[arg(long, default_value_t = 256)]
    max_pieces: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.task {
        Task::Ner(a) => train_ner_cmd(a),
        Task::Stance(a) => train_stance_cmd(a),
        Task::Relations(a) => train_relations_cmd(a),
    }
}

/// Words and IOB2 tags of a CoNLL file's sentences, whatever scheme it uses.
fn conll_sentences(path: &Path) -> Result<Vec<(Vec<String>, Vec<String>)>> {
    let file = read_conll(path, None)?;
    Ok(file
        .documents
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| {
            let tags: Vec<&str> = s.tokens.iter().map(|t| t.tag.as_str()).collect();
            let words = s.tokens.iter().map(|t| t.text.clone()).collect();
            (words, iob2(&chunks(&tags), tags.len()))
        })
        .collect())
}

fn train_ner_cmd(a: NerArgs) -> Result<ExitCode> {
    let tc = a.common.prepare()?;
    let mut train = conll_sentences(&a.train)?;
    if let Some(n) = a.limit {
        train.truncate(n);
    }
    let dev = conll_sentences(&a.dev)?;
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
        casing: a.casing,
        casing_dim: 16,
        max_pieces: a.max_pieces,
        constrained_decoding: matches!(a.decode, Decode::Viterbi),
        encoder: read_bert_config(&a.common.base.join("config.json"))?,
    };
    let base = &a.common.base;
    let mut model = NerModel::new(
        config,
        WordPieces::from_file(&base.join("tokenizer.json"))?,
        Device::cuda_if_available(),
    )?;
    model
        .load_encoder(&base.join("model.safetensors"))
        .with_context(|| format!("loading the base encoder from {}", base.display()))?;
    let dev_words: Vec<Vec<&str>> = dev
        .iter()
        .map(|(w, _)| w.iter().map(String::as_str).collect())
        .collect();
    // Dev F1 as conlleval reads the gold and predicted tags of each sentence.
    let mut dev_score = |m: &NerModel| -> stancetag_inference::Result<f64> {
        let pred = m.tag_words(&dev_words, 64)?;
        let lines = dev.iter().zip(&pred).flat_map(|((_, gold), p)| {
            gold.iter()
                .zip(p)
                .map(|(g, t)| TagPair::Token {
                    gold: g,
                    predicted: &m.labels()[t.label],
                })
                .chain([TagPair::Boundary])
        });
        Ok(conlleval(lines).overall.scores().f1)
    };
    let started = Instant::now();
    let mut bar = EpochProgress::new();
    let report = train_ner(
        &mut model,
        &train_words,
        &tc,
        &a.common.out,
        a.common.resume,
        &mut dev_score,
        &mut |e| bar.event(e),
    )?;
    a.common.finish(
        &report,
        &tc,
        started,
        serde_json::json!({"train": a.train, "dev": a.dev}),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Stance examples from NewsMTSC documents (one sentence each): words, and
/// targets mapped to the words they overlap; the sentence label is the
/// targets' polarity when they all agree.
fn stance_examples(docs: &[TaggedDocument]) -> Vec<StanceExample> {
    docs.iter()
        .map(|d| {
            let spans = words(&d.text);
            let words: Vec<String> = spans
                .iter()
                .map(|s| d.text[s.range()].to_string())
                .collect();
            let targets: Vec<((usize, usize), usize)> = d
                .targets
                .iter()
                .flatten()
                .filter_map(|t| {
                    let range = t.span.word_range(&spans)?;
                    Some((range, t.stance?.label.index()))
                })
                .collect();
            let first = targets.first().map(|t| t.1);
            let sentence = match first {
                Some(c) if targets.iter().all(|t| t.1 == c) => SentenceLabel::Three(c),
                _ => SentenceLabel::None,
            };
            StanceExample {
                words,
                targets,
                sentence,
            }
        })
        .collect()
}

/// SST-2 phrases of at least 6 words, as binary sentence examples.
fn sst2_examples(path: &Path, limit: usize) -> Result<Vec<StanceExample>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let (sentence, label) = line.rsplit_once('\t').with_context(|| {
            format!(
                "{}:{}: expected `sentence<TAB>label`",
                path.display(),
                i + 1
            )
        })?;
        let positive = match label.trim() {
            "0" => false,
            "1" => true,
            other => bail!(
                "{}:{}: label {other:?} is not 0 or 1",
                path.display(),
                i + 1
            ),
        };
        let ws: Vec<String> = sentence.split_whitespace().map(String::from).collect();
        if ws.len() >= 6 && out.len() < limit {
            out.push(StanceExample {
                words: ws,
                targets: Vec::new(),
                sentence: SentenceLabel::Binary { positive },
            });
        }
    }
    Ok(out)
}

fn train_stance_cmd(a: StanceArgs) -> Result<ExitCode> {
    let tc = a.common.prepare()?;
    let docs = read_newsmtsc(&a.newsmtsc)?;
    // A seeded, deterministic dev split of the NewsMTSC sentences.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = a.common.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..order.len()).rev() {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        order.swap(i, (rng % (i as u64 + 1)) as usize);
    }
    let n_dev = ((docs.len() as f64) * a.dev_share).round() as usize;
    let (dev_idx, train_idx) = order.split_at(n_dev);
    let pick =
        |idx: &[usize]| -> Vec<TaggedDocument> { idx.iter().map(|&i| docs[i].clone()).collect() };
    let (dev_docs, train_docs) = (pick(dev_idx), pick(train_idx));
    let mut train = stance_examples(&train_docs);
    let dev = stance_examples(&dev_docs);
    let n_news = train.len();
    if let Some(path) = &a.sst2 {
        train.extend(sst2_examples(path, a.sst2_limit)?);
    }
    eprintln!(
        "train: {} NewsMTSC sentences ({} targets), {} SST-2 phrases; dev {} sentences ({} targets)",
        n_news,
        train[..n_news].iter().map(|e| e.targets.len()).sum::<usize>(),
        train.len() - n_news,
        dev.len(),
        dev.iter().map(|e| e.targets.len()).sum::<usize>()
    );
    let base = &a.common.base;
    let config = StanceConfig {
        // A branch reads the trunk's embeddings, casing included.
        casing: a.trunk.is_none(),
        head_hidden: a.head_hidden,
        max_pieces: a.max_pieces,
        encoder: read_bert_config(&base.join("config.json"))?,
        trunk: a.trunk.as_ref().map(|_| Trunk {
            layers: a.shared_layers,
            ner_sha256: String::new(),
        }),
    };
    let mut model = StanceModel::new(
        config,
        WordPieces::from_file(&base.join("tokenizer.json"))?,
        Device::cuda_if_available(),
    )?;
    model
        .load_encoder(&base.join("model.safetensors"))
        .with_context(|| format!("loading the base encoder from {}", base.display()))?;
    if let Some(dir) = &a.trunk {
        model
            .attach_trunk(dir)
            .with_context(|| format!("loading the NER trunk from {}", dir.display()))?;
    }
    let dev_words: Vec<Vec<&str>> = dev
        .iter()
        .map(|e| e.words.iter().map(String::as_str).collect())
        .collect();
    let mut dev_score = |m: &StanceModel| -> stancetag_inference::Result<f64> {
        let inputs: Vec<StanceInput> = dev
            .iter()
            .zip(&dev_words)
            .map(|(e, words)| StanceInput {
                words,
                targets: e.targets.iter().map(|t| t.0).collect(),
                pairs: Vec::new(),
            })
            .collect();
        let out = m.predict(&inputs, 64)?;
        let pairs = dev.iter().zip(&out).flat_map(|(e, o)| {
            e.targets.iter().zip(&o.targets).map(|(t, p)| {
                (
                    Polarity::ALL[t.1],
                    stancetag_core::PolarityScores::from_array(*p).argmax(),
                )
            })
        });
        Ok(Confusion::from_pairs(pairs).macro_f1())
    };
    let started = Instant::now();
    let mut bar = EpochProgress::new();
    let report = train_stance(
        &mut model,
        &train,
        &tc,
        &a.common.out,
        a.common.resume,
        &mut dev_score,
        &mut |e| bar.event(e),
    )?;
    a.common.finish(
        &report,
        &tc,
        started,
        serde_json::json!({"newsmtsc": a.newsmtsc, "dev_share": a.dev_share, "sst2": a.sst2, "sst2_limit": a.sst2_limit, "trunk": a.trunk, "shared_layers": a.trunk.as_ref().map(|_| a.shared_layers)}),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Pair features of the examples (p→q and q→p rows), computed with the
/// frozen stance model; examples whose entities fall outside the word
/// tokenization or that do not fit the model's window are left out.
/// Returns the features, the kept examples' indices, and their row pairs.
fn directed_features(
    model: &StanceModel,
    data: &[DirectedExample],
) -> Result<(Tensor, Vec<usize>, Vec<Vec<i64>>)> {
    let max = model.config().max_pieces;
    let mut prepared = Vec::new();
    for (i, ex) in data.iter().enumerate() {
        let spans = words(&ex.text);
        let (Some(p), Some(q)) = (ex.p.word_range(&spans), ex.q.word_range(&spans)) else {
            continue;
        };
        let w: Vec<&str> = spans.iter().map(|s| &ex.text[s.range()]).collect();
        let e = model.pieces().encode(&w)?;
        if e.len() > max {
            continue;
        }
        let ranges = StanceModel::piece_ranges(&e, &[p, q]);
        prepared.push((i, e, ranges));
    }
    prepared.sort_by_key(|p| p.1.len());
    let mut chunks = Vec::new();
    let mut kept = Vec::new();
    let progress = Progress::new();
    let started = Instant::now();
    for (b, batch) in prepared.chunks(64).enumerate() {
        let refs: Vec<&stancetag_inference::Encoded> = batch.iter().map(|p| &p.1).collect();
        let spans: Vec<Vec<(usize, usize)>> = batch.iter().map(|p| p.2.clone()).collect();
        let pairs = vec![vec![(0, 1), (1, 0)]; batch.len()];
        if let Some(f) = model.pair_features(&refs, &spans, &pairs)? {
            chunks.push(f);
        }
        kept.extend(batch.iter().map(|p| p.0));
        if b % 20 == 0 {
            progress.say(|| {
                format!(
                    "train: features of {} of {} sentences ({:.0}/s)",
                    kept.len(),
                    prepared.len(),
                    kept.len() as f64 / started.elapsed().as_secs_f64().max(1e-9)
                )
            });
        }
    }
    let rows = (0..kept.len() as i64)
        .map(|k| vec![2 * k, 2 * k + 1])
        .collect();
    Ok((Tensor::cat(&chunks, 0), kept, rows))
}

fn train_relations_cmd(a: RelationsArgs) -> Result<ExitCode> {
    let tc = a.common.prepare()?;
    let (mut train, bad_train) = read_directed(&a.train, true)?;
    if let Some(n) = a.limit {
        train.truncate(n);
    }
    let (valid, bad_valid) = read_directed(&a.valid, true)?;
    eprintln!(
        "train: {} training examples ({bad_train} malformed lines left out), {} validation ({bad_valid} left out)",
        train.len(),
        valid.len()
    );
    let device = Device::cuda_if_available();
    let stance = StanceModel::load(&a.stance, a.ner.as_deref(), device)
        .with_context(|| format!("loading the stance model from {}", a.stance.display()))?;
    let (train_x, train_kept, train_rows) = directed_features(&stance, &train)?;
    let (valid_x, valid_kept, _) = directed_features(&stance, &valid)?;
    let label = |c: RelationLabel| c.index() as i64;
    let mut labels = Vec::with_capacity(2 * train_kept.len());
    let mut counts = [0usize; 3];
    for &i in &train_kept {
        let (pq, qp) = split_class(train[i].class);
        for l in [pq, qp] {
            labels.push(label(l));
            counts[l.index()] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    // Inverse square-root frequency, normalised to mean 1 over the rows.
    let raw = counts.map(|n| 1.0 / (n.max(1) as f64 / total as f64).sqrt());
    let mean: f64 = (0..3).map(|c| raw[c] * counts[c] as f64).sum::<f64>() / total as f64;
    let class_weights = raw.map(|w| w / mean);
    eprintln!(
        "train: {} rows (negative {}, none {}, positive {}), class weights {:.2?}",
        total, counts[0], counts[1], counts[2], class_weights
    );
    let labels = Tensor::from_slice(&labels);
    let config = RelationConfig {
        hidden: a.hidden,
        encoder_width: stance.config().encoder.hidden_size,
        dropout: a.dropout,
        stance_sha256: weights_sha256(&a.stance)?,
    };
    let mut head = RelationHead::new(config, device);
    let mut dev_score = |m: &RelationHead| -> stancetag_inference::Result<f64> {
        let probs = m.probabilities(&valid_x)?;
        // Examples left out (too long for the window) count as predicted none.
        let mut predicted = vec![0usize; valid.len()];
        for (k, &i) in valid_kept.iter().enumerate() {
            let row = |r: usize| RelationScores::from_array(probs[r]);
            predicted[i] = join_directions(row(2 * k), row(2 * k + 1));
        }
        Ok(score_directed(&valid, &predicted).macro_f1)
    };
    let started = Instant::now();
    let mut bar = EpochProgress::new();
    let report = train_relations(
        &mut head,
        &train_x,
        &labels,
        &train_rows,
        class_weights,
        &tc,
        &a.common.out,
        a.common.resume,
        &mut dev_score,
        &mut |e| bar.event(e),
    )?;
    a.common.finish(
        &report,
        &tc,
        started,
        serde_json::json!({"train": a.train, "valid": a.valid, "stance": a.stance, "ner": a.ner,
            "train_examples": train.len(), "train_kept": train_kept.len(), "malformed_train_lines": bad_train,
            "valid_examples": valid.len(), "valid_kept": valid_kept.len(), "malformed_valid_lines": bad_valid,
            "class_weights": class_weights, "hidden": a.hidden, "dropout": a.dropout}),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar per epoch on a terminal; a line per 100 steps otherwise;
/// a line per epoch either way.
struct EpochProgress {
    progress: Progress,
}

impl EpochProgress {
    fn new() -> EpochProgress {
        EpochProgress {
            progress: Progress::new(),
        }
    }

    fn event(&mut self, e: TrainEvent) {
        let p = &mut self.progress;
        match e {
            TrainEvent::EpochStart { epoch, steps } => {
                p.bar(steps as u64, format!("epoch {epoch}"))
            }
            TrainEvent::Step { step, loss } => {
                if p.active() {
                    p.set_position(step as u64);
                    if step % 10 == 0 {
                        p.set_message(|| format!("loss {loss:.4}"));
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
                p.finish();
                eprintln!(
                    "train: epoch {epoch} loss {loss:.4} dev F1 {dev:.4}{} ({seconds:.0} s)",
                    if best { " (best, saved)" } else { "" }
                );
            }
        }
    }
}
