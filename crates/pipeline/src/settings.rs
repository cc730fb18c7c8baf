//! Which models run, in which precision, with how many workers and threads:
//! the policy, and loading one set of models per worker.

use crate::error::{Error, Result};
use stancetag_inference::{
    Device, Models, NerModel, Precision, PrecisionChoice, RelationHead, StanceModel,
};
use std::path::PathBuf;
use std::time::Instant;

/// The model settings of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSettings {
    /// The NER model directory.
    pub ner: PathBuf,
    /// The sentiment and stance model directory; `None`: NER only.
    pub stance: Option<PathBuf>,
    /// The relation head directory (needs `stance`); `None`: no relations.
    pub relations: Option<PathBuf>,
    /// Number format of the encoders.
    pub precision: PrecisionChoice,
    /// Threads in all; `None`: the machine's cores.
    pub threads: Option<usize>,
    /// Model workers; `None`: [`ModelSettings::default_workers`].
    pub workers: Option<usize>,
    /// Sentences per model batch.
    pub batch_size: usize,
}

/// Models loaded for a run, with the settings they were resolved to.
pub struct Loaded {
    /// One set of models per worker.
    pub workers: Vec<Models>,
    /// The precision the encoders run in.
    pub precision: Precision,
    /// Threads in all (rayon's pool for splitting; libtorch's intra-op
    /// threads are this divided among the workers).
    pub threads: usize,
    /// Seconds loading took.
    pub load_secs: f64,
}

impl ModelSettings {
    /// Workers when none are asked for: 2 in bf16, 1 in fp32 or on one
    /// thread. Two workers keep two cores busier than one worker's intra-op
    /// threads do, and in bf16 two still peak well under 1 GiB; in fp32 they
    /// can pass it.
    pub fn default_workers(precision: Precision) -> usize {
        match precision {
            Precision::Bf16 => 2,
            Precision::Fp32 => 1,
        }
    }

    /// Threads in all: the setting, else the machine's cores.
    pub fn threads(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
            .max(1)
    }

    /// Size the thread pools and load one set of models per worker.
    ///
    /// rayon's pool (splitting, tokenizing) gets all threads; libtorch's
    /// intra-op pool gets the threads divided among the workers. Workers are
    /// at most as many as threads.
    pub fn load(&self) -> Result<Loaded> {
        let threads = self.threads();
        let precision = self.precision.resolve();
        let workers = self
            .workers
            .unwrap_or_else(|| Self::default_workers(precision))
            .clamp(1, threads);
        stancetag_preprocess::set_threads(threads);
        stancetag_inference::set_threads((threads / workers).max(1));
        let started = Instant::now();
        let workers = (0..workers)
            .map(|_| self.load_one(precision))
            .collect::<Result<Vec<_>>>()?;
        Ok(Loaded {
            workers,
            precision,
            threads,
            load_secs: started.elapsed().as_secs_f64(),
        })
    }

    fn load_one(&self, precision: Precision) -> Result<Models> {
        let mut ner = NerModel::load(&self.ner, Device::Cpu).map_err(|source| Error::Load {
            what: "NER",
            dir: self.ner.clone(),
            source: Box::new(source),
        })?;
        ner.set_precision(precision);
        let stance = match &self.stance {
            Some(dir) => {
                let mut stance =
                    StanceModel::load(dir, Some(&self.ner), Device::Cpu).map_err(|source| {
                        Error::Load {
                            what: "stance",
                            dir: dir.clone(),
                            source: Box::new(source),
                        }
                    })?;
                stance.set_precision(precision);
                if let Some(rel) = &self.relations {
                    let head = RelationHead::load(rel, dir, Device::Cpu).map_err(|source| {
                        Error::Load {
                            what: "relations",
                            dir: rel.clone(),
                            source: Box::new(source),
                        }
                    })?;
                    stance.attach_relations(head);
                }
                Some(stance)
            }
            None => None,
        };
        Ok(Models { ner, stance })
    }
}
