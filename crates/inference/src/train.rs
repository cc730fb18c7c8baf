//! Fine-tuning: AdamW with warm-up and linear decay, a fixed seed, length-
//! bucketed batches, dev-score model selection with early stopping, and
//! checkpoints that resume exactly.

use crate::error::{io_err, Error, Result};
use crate::ner::NerModel;
use crate::tokenize::Encoded;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tch::{nn, Reduction, Tensor};

/// Training hyper-parameters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Passes over the training data (at most).
    pub epochs: usize,
    /// Sentences per batch.
    pub batch_size: usize,
    /// Peak learning rate of the encoder.
    pub lr: f64,
    /// Peak learning rate of the new layers (classifier, casing embeddings).
    pub head_lr: f64,
    /// Fraction of the steps spent warming up linearly from 0.
    pub warmup: f64,
    /// AdamW decoupled weight decay (not applied to biases and LayerNorm).
    pub weight_decay: f64,
    /// Seed for initialisation, shuffling and dropout.
    pub seed: u64,
    /// Stop after this many epochs without a better dev score.
    pub patience: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 5,
            batch_size: 32,
            lr: 1e-4,
            head_lr: 1e-3,
            warmup: 0.1,
            weight_decay: 0.01,
            seed: 13,
            patience: 2,
        }
    }
}

/// A training sentence: words and the index of each word's gold label.
#[derive(Debug, Clone)]
pub struct TaggedWords {
    /// The words.
    pub words: Vec<String>,
    /// Label index per word.
    pub labels: Vec<usize>,
}

/// What the trainer reports as it goes.
#[derive(Debug, Clone)]
pub enum TrainEvent {
    /// An epoch begins with this many steps.
    EpochStart {
        /// 1-based epoch.
        epoch: usize,
        /// Steps in this epoch.
        steps: usize,
    },
    /// A step was taken.
    Step {
        /// Step within the epoch (1-based).
        step: usize,
        /// Running mean loss of the epoch.
        loss: f64,
    },
    /// An epoch ended and was scored on dev.
    EpochEnd {
        /// 1-based epoch.
        epoch: usize,
        /// Mean training loss.
        loss: f64,
        /// Dev score.
        dev: f64,
        /// True when this is the best so far (the model was saved).
        best: bool,
        /// Seconds spent in the epoch (training and dev).
        seconds: f64,
    },
}

/// Where the trainer keeps its state, for resuming.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TrainState {
    epochs_done: usize,
    step: usize,
    best_dev: f64,
    best_epoch: usize,
    history: Vec<(usize, f64, f64)>,
    config: TrainConfig,
}

/// Summary of a finished training run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainReport {
    /// Best dev score.
    pub best_dev: f64,
    /// Epoch that reached it (1-based).
    pub best_epoch: usize,
    /// (epoch, mean loss, dev score) per epoch.
    pub history: Vec<(usize, f64, f64)>,
}

/// AdamW with its moment estimates kept as tensors, so they can be saved.
struct AdamW {
    params: Vec<(String, Tensor, bool, bool)>, // name, tensor, decay?, head?
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    beta1: f64,
    beta2: f64,
    eps: f64,
}

impl AdamW {
    fn new(vs: &nn::VarStore) -> AdamW {
        let mut params: Vec<(String, Tensor, bool, bool)> = vs
            .variables()
            .into_iter()
            .map(|(name, t)| {
                let decay = !(name.ends_with(".bias")
                    || name.contains("LayerNorm")
                    || name.contains("layer_norm"));
                let head = !name.starts_with("bert.");
                (name, t, decay, head)
            })
            .collect();
        params.sort_by(|a, b| a.0.cmp(&b.0));
        let m = params.iter().map(|p| p.1.zeros_like()).collect();
        let v = params.iter().map(|p| p.1.zeros_like()).collect();
        AdamW {
            params,
            m,
            v,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }

    fn zero_grad(&mut self) {
        for p in &mut self.params {
            let mut g = p.1.grad();
            if g.defined() {
                let _ = g.zero_();
            }
        }
    }

    fn step(&mut self, step: usize, lr: f64, head_lr: f64, wd: f64) {
        let t = step as f64;
        let bc1 = 1.0 - self.beta1.powf(t);
        let bc2 = 1.0 - self.beta2.powf(t);
        tch::no_grad(|| {
            for (i, (_, p, decay, head)) in self.params.iter_mut().enumerate() {
                let g = p.grad();
                if !g.defined() {
                    continue;
                }
                let lr = if *head { head_lr } else { lr };
                if *decay && wd > 0.0 {
                    let _ = p.f_mul_scalar_(1.0 - lr * wd);
                }
                let m = &mut self.m[i];
                let _ = m.f_mul_scalar_(self.beta1);
                let _ = m.f_add_(&(&g * (1.0 - self.beta1)));
                let v = &mut self.v[i];
                let _ = v.f_mul_scalar_(self.beta2);
                let _ = v.f_add_(&(&g * &g * (1.0 - self.beta2)));
                let denom = (&self.v[i] / bc2).sqrt() + self.eps;
                let update = (&self.m[i] / bc1) / denom * lr;
                let _ = p.f_sub_(&update);
            }
        });
    }

    fn save(&self, path: &Path) -> Result<()> {
        let mut named = Vec::with_capacity(self.params.len() * 2);
        for (i, (name, ..)) in self.params.iter().enumerate() {
            named.push((format!("m.{name}"), self.m[i].shallow_clone()));
            named.push((format!("v.{name}"), self.v[i].shallow_clone()));
        }
        Tensor::write_safetensors(&named, path)?;
        Ok(())
    }

    fn load(&mut self, path: &Path) -> Result<()> {
        let named: std::collections::HashMap<String, Tensor> =
            Tensor::read_safetensors(path)?.into_iter().collect();
        tch::no_grad(|| -> Result<()> {
            for (i, (name, ..)) in self.params.iter().enumerate() {
                for (prefix, dst) in [("m", &mut self.m[i]), ("v", &mut self.v[i])] {
                    let src = named.get(&format!("{prefix}.{name}")).ok_or_else(|| {
                        Error::MissingTensor {
                            path: path.to_path_buf(),
                            what: "the optimizer state",
                            name: format!("{prefix}.{name}"),
                        }
                    })?;
                    dst.f_copy_(src)?;
                }
            }
            Ok(())
        })
    }
}

/// A small, seedable generator (SplitMix64) for shuffling: the same seed
/// gives the same order on every platform.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Batches of indices for one epoch: shuffled, then sorted by length within
/// pools of 50 batches (little padding), then the batch order shuffled.
pub(crate) fn epoch_batches(lengths: &[usize], batch: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = SplitMix::new(seed);
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    rng.shuffle(&mut order);
    let mut batches = Vec::new();
    for pool in order.chunks_mut(batch * 50) {
        pool.sort_by_key(|&i| lengths[i]);
        batches.extend(pool.chunks(batch).map(<[usize]>::to_vec));
    }
    rng.shuffle(&mut batches);
    batches
}

/// A model the trainer can fine-tune.
pub trait Trainable {
    /// The model's variables.
    fn var_store(&self) -> &nn::VarStore;
    /// The model's variables, for loading a checkpoint.
    fn var_store_mut(&mut self) -> &mut nn::VarStore;
    /// Write the model directory.
    fn save(&self, dir: &Path) -> Result<()>;
}

impl Trainable for NerModel {
    fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }
    fn var_store_mut(&mut self) -> &mut nn::VarStore {
        &mut self.vs
    }
    fn save(&self, dir: &Path) -> Result<()> {
        NerModel::save(self, dir)
    }
}

/// The mean loss of a batch of example indices.
pub type LossFn<'a, M> = Box<dyn FnMut(&M, &[usize]) -> Result<Tensor> + 'a>;

/// The dev score of a model (higher is better).
pub type ScoreFn<'a, M> = Box<dyn FnMut(&M) -> Result<f64> + 'a>;

/// The model-specific parts of a training run.
pub struct Objective<'a, M> {
    /// Size of each training example (word pieces), for length-bucketed batches.
    pub lengths: Vec<usize>,
    /// The mean loss of a batch of example indices.
    pub loss: LossFn<'a, M>,
    /// The dev score of the model (higher is better).
    pub dev_score: ScoreFn<'a, M>,
}

/// Fine-tune `model`, scoring on dev after each epoch. The best model is
/// written to `out/model`, checkpoints to `out/checkpoint`; with `resume`,
/// training continues from the checkpoint there.
pub fn train<M: Trainable>(
    model: &mut M,
    mut objective: Objective<'_, M>,
    config: &TrainConfig,
    out: &Path,
    resume: bool,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<TrainReport> {
    let lengths = &objective.lengths;
    let steps_per_epoch = lengths.len().div_ceil(config.batch_size);
    let total = (steps_per_epoch * config.epochs).max(1);
    let warm = ((total as f64) * config.warmup).round().max(1.0);
    let schedule = |step: usize| {
        let s = step as f64;
        if s < warm {
            s / warm
        } else {
            ((total as f64 - s) / (total as f64 - warm)).max(0.0)
        }
    };

    let ckpt = out.join("checkpoint");
    let best_dir = out.join("model");
    std::fs::create_dir_all(&ckpt).map_err(io_err(&ckpt))?;
    let mut opt = AdamW::new(model.var_store());
    let state_path = ckpt.join("state.json");
    let mut state = if resume && state_path.exists() {
        let state: TrainState = serde_json::from_str(
            &std::fs::read_to_string(&state_path).map_err(io_err(&state_path))?,
        )?;
        model.var_store_mut().load(ckpt.join("model.safetensors"))?;
        opt.load(&ckpt.join("optimizer.safetensors"))?;
        state
    } else {
        TrainState {
            epochs_done: 0,
            step: 0,
            best_dev: f64::NEG_INFINITY,
            best_epoch: 0,
            history: Vec::new(),
            config: config.clone(),
        }
    };

    let stalled = |s: &TrainState| {
        s.epochs_done > 0 && s.epochs_done - s.best_epoch >= config.patience.max(1)
    };
    while state.epochs_done < config.epochs && !stalled(&state) {
        let epoch = state.epochs_done + 1;
        let started = std::time::Instant::now();
        // Seeded per epoch, so a resumed run is the same as an unbroken one.
        tch::manual_seed((config.seed ^ ((epoch as u64) << 32)) as i64);
        let batches = epoch_batches(lengths, config.batch_size, config.seed + epoch as u64);
        progress(TrainEvent::EpochStart {
            epoch,
            steps: batches.len(),
        });
        let mut loss_sum = 0.0;
        for (k, batch) in batches.iter().enumerate() {
            let loss = (objective.loss)(model, batch)?;
            opt.zero_grad();
            loss.backward();
            state.step += 1;
            let f = schedule(state.step);
            opt.step(
                state.step,
                config.lr * f,
                config.head_lr * f,
                config.weight_decay,
            );
            loss_sum += loss.double_value(&[]);
            progress(TrainEvent::Step {
                step: k + 1,
                loss: loss_sum / (k + 1) as f64,
            });
        }
        let dev = (objective.dev_score)(model)?;
        let loss = loss_sum / batches.len().max(1) as f64;
        let best = dev > state.best_dev;
        if best {
            state.best_dev = dev;
            state.best_epoch = epoch;
            model.save(&best_dir)?;
        }
        state.epochs_done = epoch;
        state.history.push((epoch, loss, dev));
        save_checkpoint(model.var_store(), &opt, &state, &ckpt)?;
        progress(TrainEvent::EpochEnd {
            epoch,
            loss,
            dev,
            best,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    Ok(TrainReport {
        best_dev: state.best_dev,
        best_epoch: state.best_epoch,
        history: state.history,
    })
}

/// Fine-tune a NER model on word-tagged sentences (see [`train`]).
pub fn train_ner(
    model: &mut NerModel,
    data: &[TaggedWords],
    config: &TrainConfig,
    out: &Path,
    resume: bool,
    dev_score: &mut dyn FnMut(&NerModel) -> Result<f64>,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<TrainReport> {
    let max = model.config.max_pieces;
    let mut encoded = Vec::with_capacity(data.len());
    for s in data {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let e = model.pieces.encode(&words)?;
        if e.len() <= max {
            encoded.push((e, s.labels.clone()));
        }
    }
    if encoded.len() < data.len() {
        // Rare (none in CoNLL-2003 at 256 pieces); said, never silent.
        eprintln!(
            "train: {} sentences longer than {max} pieces left out of training",
            data.len() - encoded.len()
        );
    }
    let encoded = &encoded;
    let objective = Objective {
        lengths: encoded.iter().map(|(e, _)| e.len()).collect(),
        loss: Box::new(move |m: &NerModel, batch: &[usize]| {
            let refs: Vec<&Encoded> = batch.iter().map(|&i| &encoded[i].0).collect();
            let width = refs.iter().map(|e| e.len()).max().unwrap_or(0);
            let mut gold = vec![-100i64; batch.len() * width];
            for (r, &i) in batch.iter().enumerate() {
                let (e, labels) = &encoded[i];
                for (w, &p) in e.first_piece.iter().enumerate() {
                    gold[r * width + p] = labels[w] as i64;
                }
            }
            let gold = Tensor::from_slice(&gold).to(m.vs.device());
            let logits = m.logits(&refs, true)?;
            let nl = logits.size()[2];
            Ok(logits.view([-1, nl]).cross_entropy_loss::<Tensor>(
                &gold,
                None,
                Reduction::Mean,
                -100,
                0.0,
            ))
        }),
        dev_score: Box::new(dev_score),
    };
    train(model, objective, config, out, resume, progress)
}

fn save_checkpoint(vs: &nn::VarStore, opt: &AdamW, state: &TrainState, dir: &Path) -> Result<()> {
    // Write to temporary names, then rename: a crash never leaves a torn checkpoint.
    // The temporary name keeps the extension: tch picks the format by it.
    let tmp = |n: &str| dir.join(format!("tmp.{n}"));
    vs.save(tmp("model.safetensors"))?;
    opt.save(&tmp("optimizer.safetensors"))?;
    std::fs::write(tmp("state.json"), serde_json::to_string_pretty(state)?)
        .map_err(io_err(tmp("state.json")))?;
    for n in ["model.safetensors", "optimizer.safetensors", "state.json"] {
        std::fs::rename(tmp(n), dir.join(n)).map_err(io_err(dir.join(n)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_index_once_and_depend_only_on_seed() {
        let lengths: Vec<usize> = (0..1000).map(|i| (i * 7919) % 61).collect();
        let a = epoch_batches(&lengths, 32, 5);
        let mut all: Vec<usize> = a.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_eq!(a, epoch_batches(&lengths, 32, 5));
        assert_ne!(a, epoch_batches(&lengths, 32, 6));
    }
}

impl Trainable for crate::stance::StanceModel {
    fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }
    fn var_store_mut(&mut self) -> &mut nn::VarStore {
        &mut self.vs
    }
    fn save(&self, dir: &Path) -> Result<()> {
        crate::stance::StanceModel::save(self, dir)
    }
}

/// The sentence-level label of a stance training example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceLabel {
    /// No sentence label.
    None,
    /// A three-way label: 0 negative, 1 neutral, 2 positive.
    Three(usize),
    /// A binary label (negative or positive; e.g. SST-2): trains the two
    /// polar classes against each other, leaving neutral to the 3-way data.
    Binary {
        /// True for positive.
        positive: bool,
    },
}

/// A stance training sentence: words, targets (word ranges with a class
/// 0 negative, 1 neutral, 2 positive) and an optional sentence label.
#[derive(Debug, Clone)]
pub struct StanceExample {
    /// The words.
    pub words: Vec<String>,
    /// Targets: word range and class.
    pub targets: Vec<((usize, usize), usize)>,
    /// Sentence label.
    pub sentence: SentenceLabel,
}

/// Fine-tune a stance model (see [`train`]). The loss is the targets'
/// cross-entropy plus half the sentence labels' cross-entropy.
#[allow(clippy::assign_op_pattern)]
pub fn train_stance(
    model: &mut crate::stance::StanceModel,
    data: &[StanceExample],
    config: &TrainConfig,
    out: &Path,
    resume: bool,
    dev_score: &mut dyn FnMut(&crate::stance::StanceModel) -> Result<f64>,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<TrainReport> {
    use crate::stance::StanceModel;
    let max = model.config.max_pieces;
    let mut kept: Vec<(Encoded, &StanceExample)> = Vec::with_capacity(data.len());
    for ex in data {
        let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
        let e = model.pieces.encode(&words)?;
        if e.len() <= max {
            kept.push((e, ex));
        }
    }
    if kept.len() < data.len() {
        eprintln!(
            "train: {} sentences longer than {max} pieces left out of training",
            data.len() - kept.len()
        );
    }
    let kept = &kept;
    let objective = Objective {
        lengths: kept.iter().map(|(e, _)| e.len()).collect(),
        loss: Box::new(move |m: &StanceModel, batch: &[usize]| {
            let refs: Vec<&Encoded> = batch.iter().map(|&i| &kept[i].0).collect();
            let spans: Vec<Vec<(usize, usize)>> = batch
                .iter()
                .map(|&i| {
                    let (e, ex) = &kept[i];
                    let ranges: Vec<(usize, usize)> = ex.targets.iter().map(|t| t.0).collect();
                    StanceModel::piece_ranges(e, &ranges)
                })
                .collect();
            let logits = m.logits(&refs, &spans, true)?;
            let device = m.vs.device();
            let gold_t: Vec<i64> = batch
                .iter()
                .flat_map(|&i| kept[i].1.targets.iter().map(|t| t.1 as i64))
                .collect();
            // Sums below are not `+=`: on tch tensors that is in-place, inside autograd.
            let mut loss = Tensor::zeros([], (tch::Kind::Float, device));
            if !gold_t.is_empty() {
                let g = Tensor::from_slice(&gold_t).to(device);
                loss = loss + logits.targets.cross_entropy_for_logits(&g);
            }
            let mut three = Vec::new();
            let mut binary = Vec::new();
            for (r, &i) in batch.iter().enumerate() {
                match kept[i].1.sentence {
                    SentenceLabel::None => {}
                    SentenceLabel::Three(c) => three.push((r as i64, c as i64)),
                    SentenceLabel::Binary { positive } => {
                        binary.push((r as i64, i64::from(positive)))
                    }
                }
            }
            for (pairs, polar_only) in [(three, false), (binary, true)] {
                if pairs.is_empty() {
                    continue;
                }
                let rows =
                    Tensor::from_slice(&pairs.iter().map(|p| p.0).collect::<Vec<_>>()).to(device);
                let gold =
                    Tensor::from_slice(&pairs.iter().map(|p| p.1).collect::<Vec<_>>()).to(device);
                let mut l = logits.sentence.index_select(0, &rows);
                if polar_only {
                    l = l.index_select(1, &Tensor::from_slice(&[0i64, 2]).to(device));
                }
                loss = loss + l.cross_entropy_for_logits(&gold) * 0.5;
            }
            Ok(loss)
        }),
        dev_score: Box::new(dev_score),
    };
    train(model, objective, config, out, resume, progress)
}

impl Trainable for crate::relation::RelationHead {
    fn var_store(&self) -> &nn::VarStore {
        &self.vs
    }
    fn var_store_mut(&mut self) -> &mut nn::VarStore {
        &mut self.vs
    }
    fn save(&self, dir: &Path) -> Result<()> {
        crate::relation::RelationHead::save(self, dir)
    }
}

/// Train a relation head on cached pair features (see [`train`]): the
/// stance model that made them stays frozen. Example `i` owns the feature
/// rows `rows[i]` (its ordered pairs); `labels` holds one class per row
/// (0 negative, 1 none, 2 positive), `class_weights` the loss weight of
/// each class.
#[allow(clippy::too_many_arguments)]
pub fn train_relations(
    head: &mut crate::relation::RelationHead,
    features: &Tensor,
    labels: &Tensor,
    rows: &[Vec<i64>],
    class_weights: [f64; 3],
    config: &TrainConfig,
    out: &Path,
    resume: bool,
    dev_score: &mut dyn FnMut(&crate::relation::RelationHead) -> Result<f64>,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<TrainReport> {
    let device = head.vs.device();
    let weights = Tensor::from_slice(&class_weights.map(|w| w as f32)).to(device);
    let objective = Objective {
        lengths: vec![1; rows.len()],
        loss: Box::new(move |m: &crate::relation::RelationHead, batch: &[usize]| {
            let index: Vec<i64> = batch
                .iter()
                .flat_map(|&i| rows[i].iter().copied())
                .collect();
            let index = Tensor::from_slice(&index).to(device);
            let x = features.index_select(0, &index).to(device);
            let y = labels.index_select(0, &index).to(device);
            Ok(m.logits(&x, true).cross_entropy_loss(
                &y,
                Some(weights.shallow_clone()),
                Reduction::Mean,
                -100,
                0.0,
            ))
        }),
        dev_score: Box::new(dev_score),
    };
    train(head, objective, config, out, resume, progress)
}
