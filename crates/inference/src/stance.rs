//! Sentence sentiment and target stance from one encoder pass per sentence.
//!
//! The sentence head reads the mean of the sentence's piece states. Each
//! target is read from the mean of its own pieces, an attention over the
//! sentence queried by that mean (so each target finds the words that speak
//! of it), and the sentence mean: a few small matrix products per target,
//! after one shared encoder pass.

use crate::config::{ModelConfig, StanceConfig};
use crate::encoder::{load_base_encoder, load_weights, save_model_dir, windows, Encoder};
use crate::error::{Error, Result};
use crate::tokenize::{Encoded, WordPieces};
use std::path::Path;
use std::time::{Duration, Instant};
use tch::{nn, Device, Kind, Tensor};

/// A sentence to score: its words, and its targets as word ranges `[start, end)`.
#[derive(Debug, Clone, Default)]
pub struct StanceInput<'a> {
    /// The sentence's words.
    pub words: Vec<&'a str>,
    /// Targets, as word ranges.
    pub targets: Vec<(usize, usize)>,
}

/// Probabilities (negative, neutral, positive) for a sentence and its targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StanceOutput {
    /// Sentence sentiment.
    pub sentence: [f32; 3],
    /// Stance toward each target, in input order.
    pub targets: Vec<[f32; 3]>,
}

/// The sentiment and stance model. One per worker thread.
pub struct StanceModel {
    pub(crate) vs: nn::VarStore,
    encoder: Encoder,
    sentence_head: nn::Linear,
    query: nn::Linear,
    target_hidden: nn::Linear,
    target_out: nn::Linear,
    dropout: f64,
    pub(crate) config: StanceConfig,
    pub(crate) pieces: WordPieces,
}

/// Logits of a batch: `[sentences, 3]` and `[targets, 3]` (targets of all
/// sentences, in order).
pub(crate) struct StanceLogits {
    pub sentence: Tensor,
    pub targets: Tensor,
}

impl StanceModel {
    /// An untrained model (load the base encoder with [`StanceModel::load_encoder`]).
    pub fn new(config: StanceConfig, pieces: WordPieces, device: Device) -> Result<StanceModel> {
        let vs = nn::VarStore::new(device);
        let encoder = Encoder::new(&vs, &config.encoder, config.casing)?;
        let root = vs.root();
        let h = config.encoder.hidden_size;
        let no_bias = nn::LinearConfig {
            bias: false,
            ..Default::default()
        };
        Ok(StanceModel {
            sentence_head: nn::linear(&root / "sentence_head", h, 3, Default::default()),
            query: nn::linear(&root / "target_query", h, h, no_bias),
            target_hidden: nn::linear(
                &root / "target_hidden",
                3 * h,
                config.head_hidden,
                Default::default(),
            ),
            target_out: nn::linear(
                &root / "target_out",
                config.head_hidden,
                3,
                Default::default(),
            ),
            dropout: config.encoder.hidden_dropout_prob,
            vs,
            encoder,
            config,
            pieces,
        })
    }

    /// Copy a base encoder's weights into the model.
    pub fn load_encoder(&mut self, path: &Path) -> Result<()> {
        load_base_encoder(&self.vs, path)
    }

    /// Load a trained model directory.
    pub fn load(dir: &Path, device: Device) -> Result<StanceModel> {
        let path = dir.join("config.json");
        let config = match ModelConfig::from_file(&path)? {
            ModelConfig::Stance(c) => c,
            other => {
                return Err(Error::Config {
                    path,
                    message: format!("expected a stance model, found a {} model", other.kind()),
                })
            }
        };
        let pieces = WordPieces::from_file(&dir.join("tokenizer.json"))?;
        let mut model = StanceModel::new(config, pieces, device)?;
        load_weights(&mut model.vs, dir)?;
        Ok(model)
    }

    /// Write the model directory.
    pub fn save(&self, dir: &Path) -> Result<()> {
        save_model_dir(
            dir,
            &ModelConfig::Stance(self.config.clone()),
            &self.vs,
            &self.pieces,
        )
    }

    /// The word-piece tokenizer.
    pub fn pieces(&self) -> &WordPieces {
        &self.pieces
    }

    /// The model's configuration.
    pub fn config(&self) -> &StanceConfig {
        &self.config
    }

    /// Logits for a batch of encoded sentences and their targets, given as
    /// piece ranges `[start, end)` per sentence.
    pub(crate) fn logits(
        &self,
        batch: &[&Encoded],
        targets: &[Vec<(usize, usize)>],
        train: bool,
    ) -> Result<StanceLogits> {
        let h = self.encoder.forward(batch, train)?;
        let device = h.states.device();
        let (_, width, hidden) = h.states.size3()?;
        let m = h.mask.unsqueeze(-1);
        let mean = (&h.states * &m).sum_dim_intlist(1, false, Kind::Float)
            / m.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0);
        let sentence = mean.dropout(self.dropout, train).apply(&self.sentence_head);

        let n: usize = targets.iter().map(Vec::len).sum();
        if n == 0 {
            return Ok(StanceLogits {
                sentence,
                targets: Tensor::zeros([0, 3], (Kind::Float, device)),
            });
        }
        let mut rows = Vec::with_capacity(n);
        let mut span_mask = vec![0f32; n * width as usize];
        for (r, spans) in targets.iter().enumerate() {
            for &(a, z) in spans {
                let k = rows.len();
                span_mask[k * width as usize + a..k * width as usize + z.max(a + 1)].fill(1.0);
                rows.push(r as i64);
            }
        }
        let rows = Tensor::from_slice(&rows).to(device);
        let span_mask = Tensor::from_slice(&span_mask)
            .view([n as i64, width])
            .to(device);
        let states = h.states.index_select(0, &rows); // [n, T, H]
        let sm = span_mask.unsqueeze(-1);
        let target = (&states * &sm).sum_dim_intlist(1, false, Kind::Float)
            / sm.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0);
        let q = target.apply(&self.query).unsqueeze(-1); // [n, H, 1]
        let scores = states.matmul(&q).squeeze_dim(-1) / (hidden as f64).sqrt();
        let pad = (h.mask.index_select(0, &rows) - 1.0) * 1e4;
        let attn = (scores + pad).softmax(-1, Kind::Float).unsqueeze(-1);
        let context = (&states * attn).sum_dim_intlist(1, false, Kind::Float);
        let feats = Tensor::cat(&[target, context, mean.index_select(0, &rows)], -1);
        let targets = feats
            .dropout(self.dropout, train)
            .apply(&self.target_hidden)
            .gelu("none")
            .dropout(self.dropout, train)
            .apply(&self.target_out);
        Ok(StanceLogits { sentence, targets })
    }

    /// Piece ranges of word-range targets in an encoding of `words[offset..]`.
    pub(crate) fn piece_ranges(e: &Encoded, targets: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let n = e.first_piece.len();
        targets
            .iter()
            .map(|&(a, z)| {
                let start = e.first_piece[a.min(n.saturating_sub(1))];
                let end = if z < n { e.first_piece[z] } else { e.len() - 1 };
                (start, end.max(start + 1))
            })
            .collect()
    }

    /// Score sentences: length-sorted batches; a sentence longer than the
    /// window is read in overlapping windows (sentiment averaged over them,
    /// each target read in the window where it sits farthest from an edge).
    pub fn predict(
        &self,
        inputs: &[StanceInput<'_>],
        batch_size: usize,
    ) -> Result<Vec<StanceOutput>> {
        self.predict_timed(inputs, batch_size, None)
    }

    /// [`StanceModel::predict`], pushing onto `times` (when given) the wall
    /// time of each model batch: encoder forward, heads, softmax and the copy
    /// of the probabilities out of the tensors. Without `times` it reads no
    /// clock.
    pub fn predict_timed(
        &self,
        inputs: &[StanceInput<'_>],
        batch_size: usize,
        mut times: Option<&mut Vec<Duration>>,
    ) -> Result<Vec<StanceOutput>> {
        // Units: (input, first word, encoding, targets inside as (index, word range)).
        struct Unit {
            input: usize,
            enc: Encoded,
            targets: Vec<(usize, (usize, usize))>,
        }
        let mut units = Vec::new();
        for (i, inp) in inputs.iter().enumerate() {
            let wins = windows(&self.pieces, &inp.words, self.config.max_pieces)?;
            // Each target goes to the window that holds it with the widest margin.
            let mut home = vec![None; inp.targets.len()];
            for (t, &(a, z)) in inp.targets.iter().enumerate() {
                let best = wins
                    .iter()
                    .enumerate()
                    .filter(|(_, &(s, e))| s <= a && z <= e)
                    .max_by_key(|(_, &(s, e))| (a - s).min(e - z));
                home[t] = best.map(|(w, _)| w).or(Some(0));
            }
            for (w, &(s, e)) in wins.iter().enumerate() {
                let targets = inp
                    .targets
                    .iter()
                    .enumerate()
                    .filter(|(t, _)| home[*t] == Some(w))
                    .map(|(t, &(a, z))| (t, (a.clamp(s, e) - s, z.clamp(s, e) - s)))
                    .collect();
                units.push(Unit {
                    input: i,
                    enc: self.pieces.encode(&inp.words[s..e])?,
                    targets,
                });
            }
        }
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&u| units[u].enc.len());
        let mut out: Vec<StanceOutput> = inputs
            .iter()
            .map(|i| StanceOutput {
                sentence: [0.0; 3],
                targets: vec![[0.0; 3]; i.targets.len()],
            })
            .collect();
        let mut windows_of = vec![0usize; inputs.len()];
        for chunk in order.chunks(batch_size.max(1)) {
            let batch: Vec<&Encoded> = chunk.iter().map(|&u| &units[u].enc).collect();
            let spans: Vec<Vec<(usize, usize)>> = chunk
                .iter()
                .map(|&u| {
                    let ranges: Vec<(usize, usize)> =
                        units[u].targets.iter().map(|t| t.1).collect();
                    StanceModel::piece_ranges(&units[u].enc, &ranges)
                })
                .collect();
            let started = times.is_some().then(Instant::now);
            let logits = tch::no_grad(|| self.logits(&batch, &spans, false))?;
            let sent = probs(&logits.sentence)?;
            let targ = probs(&logits.targets)?;
            if let (Some(times), Some(started)) = (times.as_deref_mut(), started) {
                times.push(started.elapsed());
            }
            let mut k = 0;
            for (j, &u) in chunk.iter().enumerate() {
                let unit = &units[u];
                let o = &mut out[unit.input];
                for (acc, p) in o.sentence.iter_mut().zip(sent[j]) {
                    *acc += p;
                }
                windows_of[unit.input] += 1;
                for &(t, _) in &unit.targets {
                    o.targets[t] = targ[k];
                    k += 1;
                }
            }
        }
        for (o, &n) in out.iter_mut().zip(&windows_of) {
            if n > 1 {
                o.sentence.iter_mut().for_each(|p| *p /= n as f32);
            }
        }
        Ok(out)
    }
}

/// Softmax rows of a `[n, 3]` logit tensor, as arrays.
fn probs(logits: &Tensor) -> Result<Vec<[f32; 3]>> {
    let p = logits
        .softmax(-1, Kind::Float)
        .to_device(Device::Cpu)
        .contiguous();
    let flat = Vec::<f32>::try_from(p.view([-1]))?;
    Ok(flat.chunks(3).map(|c| [c[0], c[1], c[2]]).collect())
}
