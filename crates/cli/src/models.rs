//! Model options shared by the verbs that tag: which models, in which
//! precision, with how many workers and threads. The policy behind the
//! defaults is the pipeline's ([`ModelSettings`]).

use crate::io::default_model;
use anyhow::Result;
use stancetag_inference::{weights_sha256, ModelConfig, PrecisionChoice};
use stancetag_pipeline::{Loaded, ModelSettings};
use std::path::PathBuf;

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
    /// Directed-relation head directory [default: the shipped models/relations, when present].
    #[arg(long, value_name = "DIR")]
    pub relation_model: Option<PathBuf>,
    /// Skip directed relations between entities and between targets.
    #[arg(long, conflicts_with = "relation_model")]
    pub no_relations: bool,
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
    #[arg(long, value_enum, default_value_t = PrecisionChoice::Auto)]
    pub precision: PrecisionChoice,
}

impl ModelArgs {
    /// The settings these arguments ask for.
    pub fn settings(&self) -> ModelSettings {
        ModelSettings {
            ner: self
                .ner_model
                .clone()
                .unwrap_or_else(|| default_model("ner")),
            stance: (!self.no_stance).then(|| {
                self.stance_model
                    .clone()
                    .unwrap_or_else(|| default_model("stance"))
            }),
            relations: if self.no_stance || self.no_relations {
                None
            } else {
                self.relation_model
                    .clone()
                    .or_else(|| self.default_relations())
            },
            precision: self.precision,
            threads: self.threads,
            workers: self.workers,
            batch_size: self.batch_size,
        }
    }

    /// The shipped relation head, when it is there and reads the chosen
    /// stance model: with another `--stance-model` (a branch, your own) it
    /// would be refused, so relations are left out with a note instead.
    fn default_relations(&self) -> Option<PathBuf> {
        let dir = default_model("relations");
        let config = ModelConfig::from_file(&dir.join("config.json")).ok()?;
        let ModelConfig::Relations(config) = config else {
            return None;
        };
        let Some(stance) = &self.stance_model else {
            return Some(dir);
        };
        if weights_sha256(stance).is_ok_and(|sha| sha == config.stance_sha256) {
            return Some(dir);
        }
        eprintln!(
            "stancetag: no relations: {} reads another stance model than {} \
             (give a --relation-model trained on it, or --no-relations to silence this)",
            dir.display(),
            stance.display()
        );
        None
    }

    /// Size the thread pools and load one set of models per worker.
    pub fn load(&self) -> Result<Loaded> {
        let settings = self.settings();
        settings.load().map_err(|e| match e {
            stancetag_pipeline::Error::Load { what: "stance", .. } => {
                let e = anyhow::Error::new(e);
                anyhow::anyhow!("{e:#} (--no-stance tags without the stance model)")
            }
            e => e.into(),
        })
    }
}
