//! Model options shared by the verbs that tag: which models, how many
//! workers and threads, and loading them.

use crate::io::default_model;
use anyhow::{Context, Result};
use stancetag_inference::{Device, NerModel, Precision, StanceModel, Worker};
use std::path::PathBuf;
use std::time::Instant;

/// Models and threads.
#[derive(clap::Args)]
pub struct ModelArgs {
    /// NER model directory [default: the shipped models/ner].
    #[arg(long, value_name = "DIR")]
    pub ner_model: Option<PathBuf>,
    /// Sentiment and stance model directory [default: the shipped models/stance].
    #[arg(long, value_name = "DIR")]
    pub stance_model: Option<PathBuf>,
    /// Skip sentence sentiment and entity stance (NER only).
    #[arg(long)]
    pub no_stance: bool,
    /// Threads in all [default: the machine's cores].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Model workers, each with its own copy of the models, sharing the threads
    /// [default: 2 in bf16, 1 in fp32 or on one thread: two workers keep two
    /// cores busier than one worker's intra-op threads do, and in bf16 two
    /// still peak well under 1 GiB; in fp32 they can pass it].
    #[arg(long)]
    pub workers: Option<usize>,
    /// Sentences per model batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Number format of the encoders: bf16 is about twice as fast as fp32
    /// on CPUs with AVX-512 BF16, at a small accuracy cost (see the model
    /// cards); auto picks bf16 on such CPUs, fp32 elsewhere.
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto)]
    pub precision: PrecisionArg,
}

/// `--precision` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    /// bf16 where the CPU has AVX-512 BF16, else fp32.
    Auto,
    /// 32-bit floats.
    Fp32,
    /// bfloat16 (slow on CPUs without AVX-512 BF16).
    Bf16,
}

impl PrecisionArg {
    /// The precision to run in on this machine.
    pub fn resolve(self) -> Precision {
        match self {
            PrecisionArg::Auto => Precision::native(),
            PrecisionArg::Fp32 => Precision::Fp32,
            PrecisionArg::Bf16 => Precision::Bf16,
        }
    }
}

impl ModelArgs {
    /// Set libtorch's threads and load one set of models per worker;
    /// returns them with the seconds loading took.
    pub fn load(&self) -> Result<(Vec<Worker>, f64)> {
        let threads = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
            .max(1);
        let precision = self.precision.resolve();
        let default_workers = match precision {
            Precision::Bf16 => 2,
            Precision::Fp32 => 1,
        };
        let workers = self.workers.unwrap_or(default_workers).clamp(1, threads);
        tch::set_num_threads((threads / workers).max(1) as i32);
        let ner_dir = self
            .ner_model
            .clone()
            .unwrap_or_else(|| default_model("ner"));
        let stance_dir = (!self.no_stance).then(|| {
            self.stance_model
                .clone()
                .unwrap_or_else(|| default_model("stance"))
        });
        let started = Instant::now();
        let models = (0..workers)
            .map(|_| -> Result<Worker> {
                let mut ner = NerModel::load(&ner_dir, Device::Cpu)
                    .with_context(|| format!("loading the NER model from {}", ner_dir.display()))?;
                ner.set_precision(precision);
                let stance = match &stance_dir {
                    Some(dir) => {
                        let mut stance = StanceModel::load(dir, Some(&ner_dir), Device::Cpu)
                            .with_context(|| {
                                format!(
                                "loading the stance model from {} (--no-stance tags without it)",
                                dir.display()
                            )
                            })?;
                        stance.set_precision(precision);
                        Some(stance)
                    }
                    None => None,
                };
                Ok(Worker { ner, stance })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((models, started.elapsed().as_secs_f64()))
    }
}
