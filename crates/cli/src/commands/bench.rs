//! `stancetag bench`: accuracy and speed of models, over a sweep of
//! precision, thread, worker and batch-size settings.

use crate::io::{chunked, default_model, OutputArgs, ReportFormat, CHUNK_DOCUMENTS};
use crate::progress::Progress;
use crate::table::Table;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use stancetag_core::{Document, TaggedDocument};
use stancetag_evaluation::{
    detect_format, evaluate_datasets, load, per_second, percentile, Dataset, Report, Spread,
};
use stancetag_inference::{Precision, PrecisionChoice};
use stancetag_pipeline::{predict, ModelSettings, Tagger};
use stancetag_preprocess::{read_documents, Input, InputFormat, RuleSplitter};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Benchmark models: accuracy against a gold file and tagging speed, for
/// each NER model and each setting of a sweep (every combination of
/// --precision, --threads, --workers and --batch-size).
///
/// Accuracy is scored through the evaluation crate, as `stancetag eval`
/// does: conlleval F1 for entities, macro-F1 for sentiment and stance when
/// the gold annotates them. Speed: model load time, sentences and words per
/// second (median and min-max of --runs timed runs after --warmup untimed
/// ones), p50 and p95 latency of the model batches of the timed runs, and
/// peak resident memory. Speed is measured on --corpus, by default the gold
/// file's own text tagged as `eval` tags it (a CoNLL gold on its own tokens).
/// A --corpus (files, directories, JSONL) is tagged as `stancetag tag` does:
/// rule splitter, chunks as `tag` makes them.
///
/// `--render FILE` measures nothing: it renders a report saved with
/// `--format json` as a table or Markdown.
#[derive(clap::Args)]
pub struct Args {
    /// Gold file: CoNLL, stancetag JSONL or NewsMTSC (format detected).
    #[arg(long, value_name = "FILE", required_unless_present = "render")]
    gold: Option<PathBuf>,
    /// Render this saved JSON report (from --format json) instead of measuring.
    #[arg(long, value_name = "FILE", conflicts_with = "gold")]
    render: Option<PathBuf>,
    /// NER model directories [default: the shipped models/ner].
    #[arg(long, value_name = "DIR", num_args = 1..)]
    models: Vec<PathBuf>,
    /// Sentiment and stance model directory [default: the shipped models/stance].
    #[arg(long, value_name = "DIR")]
    stance_model: Option<PathBuf>,
    /// Skip sentence sentiment and entity stance (NER only).
    #[arg(long)]
    no_stance: bool,
    /// Directed-relation head [default: the shipped models/relations, when present].
    #[arg(long, value_name = "DIR")]
    relation_model: Option<PathBuf>,
    /// Skip directed relations.
    #[arg(long, conflicts_with = "relation_model")]
    no_relations: bool,
    /// Measure speed on these documents (files or directories; JSONL or text)
    /// [default: the gold file's text].
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
    /// Total threads to try [default: the machine's cores].
    #[arg(long, value_name = "N", num_args = 1..)]
    threads: Vec<usize>,
    /// Model workers to try, each with its own copy of the models and
    /// threads/workers intra-op threads [default: as many as threads].
    #[arg(long, value_name = "N", num_args = 1..)]
    workers: Vec<usize>,
    /// Sentences per model batch, to try.
    #[arg(long, value_name = "N", num_args = 1.., default_values_t = [32])]
    batch_size: Vec<usize>,
    /// Encoder number formats to try (auto: bf16 where the CPU has AVX-512 BF16).
    #[arg(long, value_enum, num_args = 1.., default_values_t = [PrecisionChoice::Auto])]
    precision: Vec<PrecisionChoice>,
    /// Timed runs per setting.
    #[arg(long, value_name = "N", default_value_t = 3)]
    runs: usize,
    /// Untimed warm-up runs per setting, before the timed ones.
    #[arg(long, value_name = "N", default_value_t = 1)]
    warmup: usize,
    /// Output: an aligned table with notes, JSON (to track over time),
    /// Markdown (for the README) or CSV (the table's rows only).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    #[command(flatten)]
    output: OutputArgs,
}

/// One setting of the sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Setting {
    precision: Precision,
    threads: usize,
    workers: usize,
    batch_size: usize,
}

/// The checked command line.
struct Config {
    gold: PathBuf,
    models: Vec<PathBuf>,
    stance_model: Option<PathBuf>,
    relation_model: Option<PathBuf>,
    corpus: Option<PathBuf>,
    settings: Vec<Setting>,
    runs: usize,
    warmup: usize,
    format: ReportFormat,
    output: OutputArgs,
}

impl Config {
    fn new(args: Args) -> Result<Config> {
        if args.runs == 0 {
            bail!("--runs must be at least 1");
        }
        for (name, values) in [
            ("--threads", &args.threads),
            ("--workers", &args.workers),
            ("--batch-size", &args.batch_size),
        ] {
            if values.contains(&0) {
                bail!("{name} must be at least 1");
            }
        }
        let threads = if args.threads.is_empty() {
            vec![std::thread::available_parallelism().map_or(1, usize::from)]
        } else {
            args.threads
        };
        let mut precisions: Vec<Precision> = Vec::new();
        for p in args.precision.iter().map(|p| p.resolve()) {
            if !precisions.contains(&p) {
                precisions.push(p);
            }
        }
        let (settings, skipped) = sweep(&precisions, &threads, &args.workers, &args.batch_size);
        for s in &skipped {
            eprintln!(
                "stancetag: bench: skipping {} workers on {} threads (at most one worker per thread)",
                s.workers, s.threads
            );
        }
        if settings.is_empty() {
            bail!("no setting has at most as many workers as threads");
        }
        let models = if args.models.is_empty() {
            vec![default_model("ner")]
        } else {
            args.models
        };
        let stance_model =
            (!args.no_stance).then(|| args.stance_model.unwrap_or_else(|| default_model("stance")));
        let relation_model = match (&stance_model, args.no_relations) {
            (Some(_), false) => args.relation_model.or_else(|| {
                let dir = default_model("relations");
                dir.join("config.json").exists().then_some(dir)
            }),
            _ => None,
        };
        Ok(Config {
            gold: args.gold.context("--gold is required")?,
            models,
            stance_model,
            relation_model,
            corpus: args.corpus,
            settings,
            runs: args.runs,
            warmup: args.warmup,
            format: args.format,
            output: args.output,
        })
    }
}

/// Every combination of the lists, in order (precision outermost), and the
/// combinations left out because they have more workers than threads. An
/// empty `workers` list means as many workers as threads.
fn sweep(
    precisions: &[Precision],
    threads: &[usize],
    workers: &[usize],
    batch: &[usize],
) -> (Vec<Setting>, Vec<Setting>) {
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for (&precision, &t) in precisions
        .iter()
        .flat_map(|p| threads.iter().map(move |t| (p, t)))
    {
        let ws: Vec<usize> = if workers.is_empty() {
            vec![t]
        } else {
            workers.to_vec()
        };
        for w in ws {
            for &b in batch {
                let s = Setting {
                    precision,
                    threads: t,
                    workers: w,
                    batch_size: b,
                };
                if w <= t {
                    kept.push(s);
                } else if !skipped.contains(&s) {
                    skipped.push(s);
                }
            }
        }
    }
    (kept, skipped)
}

/// Everything `bench` measured, as written with `--format json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchReport {
    /// stancetag's version.
    pub version: String,
    /// When the benchmark ended, in seconds since the Unix epoch.
    pub unix_time: u64,
    /// The machine.
    pub host: Host,
    /// The gold file.
    pub gold: String,
    /// What speed was measured on: the gold file's text, or the --corpus path.
    pub corpus: String,
    /// Sentences in the speed corpus (as tagged).
    pub sentences: usize,
    /// Whitespace-separated words in the speed corpus.
    pub words: usize,
    /// Untimed warm-up runs per setting.
    pub warmup: usize,
    /// Timed runs per setting.
    pub runs: usize,
    /// One result per model and setting.
    pub results: Vec<BenchResult>,
}

/// The machine a benchmark ran on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Host {
    /// CPU model name (from /proc/cpuinfo).
    pub cpu: Option<String>,
    /// Logical cores available to the process.
    pub cores: usize,
    /// 1, 5 and 15-minute load averages when the benchmark started: other
    /// work on the machine slows the runs down.
    pub load_average: Option<[f64; 3]>,
}

/// One model under one setting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchResult {
    /// NER model directory.
    pub model: String,
    /// Stance model directory (absent with --no-stance).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance_model: Option<String>,
    /// Relation head directory (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_model: Option<String>,
    /// Number format of the encoders (reports from before `--precision`
    /// existed were fp32).
    #[serde(default = "fp32")]
    pub precision: Precision,
    /// Total threads.
    pub threads: usize,
    /// Model workers.
    pub workers: usize,
    /// libtorch intra-op threads of each worker (threads / workers).
    pub threads_per_worker: usize,
    /// Sentences per model batch.
    pub batch_size: usize,
    /// Seconds to load every worker's models.
    pub load_seconds: f64,
    /// Seconds per timed run.
    pub seconds: Spread,
    /// Sentences per second, over the timed runs.
    pub sentences_per_second: Spread,
    /// Words per second, over the timed runs.
    pub words_per_second: Spread,
    /// Latency of NER model batches (all batches of all timed runs; with
    /// several workers, each worker's batches run side by side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ner_batch_ms: Option<Latency>,
    /// Latency of stance model batches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance_batch_ms: Option<Latency>,
    /// Peak resident memory (VmHWM) in MiB. Process-wide: reset before this
    /// setting's models were loaded when `peak_rss_reset` is true, else the
    /// peak of the whole process so far.
    pub peak_rss_mib: Option<f64>,
    /// Whether the peak was reset before this setting (/proc/self/clear_refs).
    pub peak_rss_reset: bool,
    /// Accuracy against the gold file.
    pub accuracy: Accuracy,
}

fn fp32() -> Precision {
    Precision::Fp32
}

/// Percentiles of batch latencies, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Latency {
    /// Batches measured.
    pub batches: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Latency {
    /// `None` when there were no batches.
    fn of(times: &[Duration]) -> Option<Latency> {
        let ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        Some(Latency {
            batches: ms.len(),
            p50: percentile(&ms, 50.0)?,
            p95: percentile(&ms, 95.0)?,
        })
    }
}

/// Scores against the gold file: the ones it annotates.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Accuracy {
    /// conlleval F1 of entities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ner_f1: Option<f64>,
    /// Macro-F1 of sentence sentiment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment_macro_f1: Option<f64>,
    /// Macro-F1 of stance toward entities (matched by span).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_stance_macro_f1: Option<f64>,
    /// Macro-F1 of stance toward targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_stance_macro_f1: Option<f64>,
}

impl Accuracy {
    fn of(report: &Report) -> Accuracy {
        let stance = report.stance.as_ref();
        Accuracy {
            ner_f1: report.ner.as_ref().map(|n| n.conlleval.f1),
            sentiment_macro_f1: report.sentiment.as_ref().map(|s| s.macro_f1),
            entity_stance_macro_f1: stance.and_then(|s| s.entities.as_ref()).map(|c| c.macro_f1),
            target_stance_macro_f1: stance.and_then(|s| s.targets.as_ref()).map(|c| c.macro_f1),
        }
    }

    /// The stance score to show in a table: toward targets if the gold has
    /// them, else toward entities.
    fn stance(&self) -> Option<f64> {
        self.target_stance_macro_f1.or(self.entity_stance_macro_f1)
    }
}

/// What is timed.
enum Workload {
    /// The gold file's text, tagged as `eval` tags it.
    Gold,
    /// Documents tagged as `stancetag tag` tags them.
    Corpus(Vec<Document>),
}

/// One run's output.
struct RunOutput {
    /// The gold-text prediction (with the gold workload).
    predicted: Option<Dataset>,
    sentences: usize,
    words: usize,
}

fn count(docs: &[TaggedDocument]) -> (usize, usize) {
    docs.iter().fold((0, 0), |(s, w), d| {
        (s + d.sentences.len(), w + d.text.split_whitespace().count())
    })
}

impl Workload {
    fn run(&self, gold: &Dataset, tagger: &mut Tagger) -> Result<RunOutput> {
        match self {
            Workload::Gold => {
                let predicted = predict::predict(gold, tagger)?;
                let (sentences, words) = count(&predicted.documents);
                Ok(RunOutput {
                    predicted: Some(predicted),
                    sentences,
                    words,
                })
            }
            Workload::Corpus(docs) => {
                let (mut sentences, mut words) = (0, 0);
                for chunk in chunked(docs.iter().cloned().map(Ok), CHUNK_DOCUMENTS) {
                    let tagged = tagger.tag(chunk?)?;
                    let (s, w) = count(&tagged);
                    sentences += s;
                    words += w;
                }
                Ok(RunOutput {
                    predicted: None,
                    sentences,
                    words,
                })
            }
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(path) = &args.render {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let report: BenchReport = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a bench report", path.display()))?;
        write(&report, args.format, &args.output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::new(args)?;
    let progress = Progress::new();
    let say = |message: String| progress.say(|| format!("stancetag: bench: {message}"));
    let host = Host {
        cpu: cpu_model(),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        load_average: load_average(),
    };
    let gold = load(&config.gold, Some(detect_format(&config.gold)?), None)
        .with_context(|| format!("reading gold {}", config.gold.display()))?;
    let workload = match &config.corpus {
        None => Workload::Gold,
        Some(path) => Workload::Corpus(
            read_documents([Input::from(path.clone())], InputFormat::Auto)
                .collect::<std::result::Result<Vec<_>, _>>()
                .with_context(|| format!("reading corpus {}", path.display()))?,
        ),
    };
    let (mut corpus_sentences, mut corpus_words) = (0, 0);
    let mut results = Vec::new();
    for model in &config.models {
        for &setting in &config.settings {
            let label = format!(
                "{} {} threads {} workers {} batch {}",
                model.display(),
                setting.precision.name(),
                setting.threads,
                setting.workers,
                setting.batch_size
            );
            let peak_rss_reset = reset_peak_rss();
            let models = ModelSettings {
                ner: model.clone(),
                stance: config.stance_model.clone(),
                relations: config.relation_model.clone(),
                precision: match setting.precision {
                    Precision::Fp32 => PrecisionChoice::Fp32,
                    Precision::Bf16 => PrecisionChoice::Bf16,
                },
                threads: Some(setting.threads),
                workers: Some(setting.workers),
                batch_size: setting.batch_size,
            };
            say(format!("{label}: loading"));
            let loaded = models.load()?;
            let load_seconds = loaded.load_secs;
            // With the gold workload, the first run's prediction is scored;
            // with a corpus, the gold text is tagged once more, untimed.
            let splitter = predict::gold_splitter(gold.format);
            let mut tagger = Tagger::new(splitter, loaded.workers, setting.batch_size);
            let mut accuracy = None;
            if matches!(workload, Workload::Corpus(_)) {
                say(format!("{label}: scoring on the gold"));
                accuracy = Some(score(&gold, &predict::predict(&gold, &mut tagger)?)?);
                tagger = Tagger::new(
                    Box::new(RuleSplitter),
                    tagger.into_workers(),
                    setting.batch_size,
                );
            }
            for k in 0..config.warmup {
                say(format!("{label}: warm-up {}/{}", k + 1, config.warmup));
                let out = workload.run(&gold, &mut tagger)?;
                if let (None, Some(p)) = (&accuracy, &out.predicted) {
                    accuracy = Some(score(&gold, p)?);
                }
            }
            tagger.record_batch_times(true);
            let mut seconds = Vec::new();
            let (mut sent_rates, mut word_rates) = (Vec::new(), Vec::new());
            for k in 0..config.runs {
                let started = Instant::now();
                let out = workload.run(&gold, &mut tagger)?;
                let secs = started.elapsed().as_secs_f64();
                seconds.push(secs);
                sent_rates.push(per_second(out.sentences, secs));
                word_rates.push(per_second(out.words, secs));
                (corpus_sentences, corpus_words) = (out.sentences, out.words);
                say(format!(
                    "{label}: run {}/{}: {:.1} s, {:.1} sentences/s",
                    k + 1,
                    config.runs,
                    secs,
                    per_second(out.sentences, secs)
                ));
                if let (None, Some(p)) = (&accuracy, &out.predicted) {
                    accuracy = Some(score(&gold, p)?);
                }
            }
            let times = tagger.take_batch_times();
            drop(tagger);
            let spread = |v: &[f64]| Spread::of(v).context("at least one timed run");
            results.push(BenchResult {
                model: model.display().to_string(),
                stance_model: config
                    .stance_model
                    .as_ref()
                    .map(|p| p.display().to_string()),
                relation_model: config
                    .relation_model
                    .as_ref()
                    .map(|p| p.display().to_string()),
                precision: setting.precision,
                threads: setting.threads,
                workers: setting.workers,
                threads_per_worker: (setting.threads / setting.workers).max(1),
                batch_size: setting.batch_size,
                load_seconds,
                seconds: spread(&seconds)?,
                sentences_per_second: spread(&sent_rates)?,
                words_per_second: spread(&word_rates)?,
                ner_batch_ms: Latency::of(&times.ner),
                stance_batch_ms: Latency::of(&times.stance),
                peak_rss_mib: peak_rss_kib().map(|k| k as f64 / 1024.0),
                peak_rss_reset,
                accuracy: accuracy.unwrap_or_default(),
            });
        }
    }
    let report = BenchReport {
        version: env!("CARGO_PKG_VERSION").to_string(),
        unix_time: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        host,
        gold: config.gold.display().to_string(),
        corpus: config.corpus.as_ref().map_or_else(
            || format!("{} (gold text)", config.gold.display()),
            |p| p.display().to_string(),
        ),
        sentences: corpus_sentences,
        words: corpus_words,
        warmup: config.warmup,
        runs: config.runs,
        results,
    };
    write(&report, config.format, &config.output)?;
    Ok(ExitCode::SUCCESS)
}

fn write(report: &BenchReport, format: ReportFormat, output: &OutputArgs) -> Result<()> {
    let text = match format {
        ReportFormat::Table => render_table(report),
        ReportFormat::Markdown => render_markdown(report),
        ReportFormat::Csv => table(report).to_csv()?,
        ReportFormat::Json => serde_json::to_string_pretty(report)? + "\n",
    };
    let mut out = output.create()?;
    out.text(&text)?;
    out.finish()
}

fn score(gold: &Dataset, predicted: &Dataset) -> Result<Accuracy> {
    Ok(Accuracy::of(&evaluate_datasets(gold, predicted, 0)?))
}

// --- the machine -------------------------------------------------------------

/// `VmHWM` (peak resident set size) in KiB from the text of
/// `/proc/<pid>/status`.
fn parse_vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// This process's peak resident set size in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    parse_vm_hwm_kib(&std::fs::read_to_string("/proc/self/status").ok()?)
}

/// Reset the process's peak resident set size to its current size (Linux:
/// `5` written to `/proc/self/clear_refs`); false where that is not allowed.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
}

/// The three load averages of `/proc/loadavg`.
fn parse_load_average(text: &str) -> Option<[f64; 3]> {
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

fn load_average() -> Option<[f64; 3]> {
    parse_load_average(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

// --- rendering ---------------------------------------------------------------

const HEADERS: [&str; 14] = [
    "models",
    "precision",
    "threads",
    "workers",
    "batch",
    "load s",
    "sentences/s",
    "(min-max)",
    "words/s",
    "p50 batch ms",
    "p95 batch ms",
    "peak RSS MiB",
    "NER F1",
    "stance F1",
];

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

/// The results as a table: one row per model and setting.
fn table(report: &BenchReport) -> Table {
    let mut t = Table::new(&HEADERS);
    for r in &report.results {
        t.row(row(r));
    }
    t
}

fn row(r: &BenchResult) -> Vec<String> {
    let lat = |f: fn(&Latency) -> f64| {
        let ner = r.ner_batch_ms.as_ref().map(f);
        match r.stance_batch_ms.as_ref().map(f) {
            Some(s) => format!("{} / {s:.0}", opt(ner, 0)),
            None => opt(ner, 1),
        }
    };
    let s = &r.sentences_per_second;
    let model = match &r.stance_model {
        Some(stance) => format!("{} + {stance}", r.model),
        None => r.model.clone(),
    };
    vec![
        model,
        r.precision.name().to_string(),
        r.threads.to_string(),
        r.workers.to_string(),
        r.batch_size.to_string(),
        format!("{:.2}", r.load_seconds),
        format!("{:.1}", s.median),
        format!("{:.1}-{:.1}", s.min, s.max),
        format!("{:.0}", r.words_per_second.median),
        lat(|l| l.p50),
        lat(|l| l.p95),
        opt(r.peak_rss_mib, 0),
        opt(r.accuracy.ner_f1.map(|f| f * 100.0), 2),
        opt(r.accuracy.stance().map(|f| f * 100.0), 2),
    ]
}

/// Notes under the table: what was measured and how.
fn notes(report: &BenchReport) -> Vec<String> {
    let mut notes = vec![
        format!(
            "speed on {}: {} sentences, {} words; median (min-max) of {} timed run(s) after {} warm-up run(s)",
            report.corpus, report.sentences, report.words, report.runs, report.warmup
        ),
        "batch ms: p50/p95 wall time of the model batches of the timed runs (encoder forward to \
         scores, per worker; `NER / stance` when stance runs)"
            .to_string(),
        "peak RSS: the process-wide VmHWM, reset before each setting's models are loaded \
         (where /proc/self/clear_refs allows; else the peak of the whole run so far)"
            .to_string(),
        "F1 in %: conlleval F1 of entities; stance: macro-F1 toward targets, else entities \
         (`-`: not in the gold)"
            .to_string(),
    ];
    let h = &report.host;
    notes.push(format!(
        "host: {} ({} cores), load average {} at the start",
        h.cpu.as_deref().unwrap_or("unknown CPU"),
        h.cores,
        h.load_average.map_or_else(
            || "unknown".to_string(),
            |l| format!("{:.2} {:.2} {:.2}", l[0], l[1], l[2])
        )
    ));
    notes
}

/// An aligned table with notes, for a terminal.
pub fn render_table(report: &BenchReport) -> String {
    let mut out = table(report).to_text();
    out.push('\n');
    for n in notes(report) {
        out.push_str(&format!("* {n}\n"));
    }
    out
}

/// A Markdown table with notes.
pub fn render_markdown(report: &BenchReport) -> String {
    let mut out = table(report).to_markdown();
    out.push('\n');
    for n in notes(report) {
        out.push_str(&format!("- {n}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_kib() {
        let status =
            "Name:\tstancetag\nVmPeak:\t  900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm_kib(status), Some(123456));
        assert_eq!(parse_vm_hwm_kib("Name:\tx\n"), None);
        assert_eq!(parse_vm_hwm_kib("VmHWM:\tlots kB\n"), None);
    }

    #[test]
    fn load_average_has_three_numbers() {
        assert_eq!(
            parse_load_average("2.89 3.67 3.84 3/412 14632\n"),
            Some([2.89, 3.67, 3.84])
        );
        assert_eq!(parse_load_average("2.89"), None);
    }

    #[test]
    fn sweep_is_the_cross_product_without_more_workers_than_threads() {
        let fp32 = Precision::Fp32;
        let (kept, skipped) = sweep(&[fp32], &[1, 2], &[1, 2], &[8, 32]);
        let triples: Vec<(usize, usize, usize)> = kept
            .iter()
            .map(|s| (s.threads, s.workers, s.batch_size))
            .collect();
        assert_eq!(
            triples,
            [
                (1, 1, 8),
                (1, 1, 32),
                (2, 1, 8),
                (2, 1, 32),
                (2, 2, 8),
                (2, 2, 32)
            ]
        );
        assert_eq!(
            skipped,
            [
                Setting {
                    precision: fp32,
                    threads: 1,
                    workers: 2,
                    batch_size: 8
                },
                Setting {
                    precision: fp32,
                    threads: 1,
                    workers: 2,
                    batch_size: 32
                }
            ]
        );
        // No --workers: as many workers as threads.
        let (kept, _) = sweep(&[fp32], &[4], &[], &[32]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].workers, 4);
        // Precision is the outermost loop.
        let bf16 = Precision::Bf16;
        let (kept, _) = sweep(&[bf16, fp32], &[1, 2], &[1], &[32]);
        let pairs: Vec<(Precision, usize)> =
            kept.iter().map(|s| (s.precision, s.threads)).collect();
        assert_eq!(pairs, [(bf16, 1), (bf16, 2), (fp32, 1), (fp32, 2)]);
    }

    fn report() -> BenchReport {
        let spread = |v: f64| Spread {
            median: v,
            min: v - 1.0,
            max: v + 1.0,
            n: 3,
        };
        BenchReport {
            version: "0.0.0".into(),
            unix_time: 0,
            host: Host {
                cpu: Some("Test CPU".into()),
                cores: 2,
                load_average: Some([0.5, 0.25, 0.0]),
            },
            gold: "gold.conll".into(),
            corpus: "gold.conll (gold text)".into(),
            sentences: 10,
            words: 100,
            warmup: 1,
            runs: 3,
            results: vec![BenchResult {
                model: "models/ner".into(),
                stance_model: None,
                relation_model: None,
                precision: Precision::Bf16,
                threads: 2,
                workers: 1,
                threads_per_worker: 2,
                batch_size: 32,
                load_seconds: 0.25,
                seconds: spread(2.0),
                sentences_per_second: spread(5.0),
                words_per_second: spread(50.0),
                ner_batch_ms: Some(Latency {
                    batches: 4,
                    p50: 12.0,
                    p95: 20.5,
                }),
                stance_batch_ms: None,
                peak_rss_mib: Some(512.0),
                peak_rss_reset: true,
                accuracy: Accuracy {
                    ner_f1: Some(0.9),
                    ..Accuracy::default()
                },
            }],
        }
    }

    #[test]
    fn table_rendering() {
        let text = render_table(&report());
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("models      precision  threads  workers  batch"),
            "{header}"
        );
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("models/ner       bf16        2        1     32"),
            "{row}"
        );
        assert!(
            row.ends_with("12.0          20.5           512   90.00          -"),
            "{row}"
        );
        assert!(text.contains("* speed on gold.conll (gold text): 10 sentences, 100 words"));
        assert!(text.contains("load average 0.50 0.25 0.00"));
    }

    #[test]
    fn markdown_rendering() {
        let text = render_markdown(&report());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("| models | precision | threads |"));
        assert!(lines[1].starts_with("|---|---:|"));
        assert_eq!(
            lines[2],
            "| models/ner | bf16 | 2 | 1 | 32 | 0.25 | 5.0 | 4.0-6.0 | 50 | 12.0 | 20.5 | 512 | 90.00 | - |"
        );
        assert!(lines[4].starts_with("- speed on"));
    }

    #[test]
    fn a_saved_report_renders_as_the_original() {
        let json = serde_json::to_string(&report()).unwrap();
        let back: BenchReport = serde_json::from_str(&json).unwrap();
        assert_eq!(render_table(&back), render_table(&report()));
        assert_eq!(render_markdown(&back), render_markdown(&report()));
    }

    #[test]
    fn json_keys() {
        let v = serde_json::to_value(report()).unwrap();
        let r = &v["results"][0];
        assert_eq!(r["sentences_per_second"]["median"], 5.0);
        assert_eq!(r["ner_batch_ms"]["p95"], 20.5);
        assert_eq!(r["accuracy"]["ner_f1"], 0.9);
        assert!(r.get("stance_batch_ms").is_none());
        assert_eq!(v["host"]["cores"], 2);
        assert_eq!(r["precision"], "bf16");
        // A report saved before --precision existed reads as fp32.
        let mut old = v.clone();
        old["results"][0]
            .as_object_mut()
            .unwrap()
            .remove("precision");
        let old: BenchReport = serde_json::from_value(old).unwrap();
        assert_eq!(old.results[0].precision, Precision::Fp32);
    }
}
