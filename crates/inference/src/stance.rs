//! Sentence sentiment and target stance from one encoder pass per sentence.
//!
//! The sentence head reads the mean of the sentence's piece states. Each
//! target is read from the mean of its own pieces, an attention over the
//! sentence queried by that mean (so each target finds the words that speak
//! of it), and the sentence mean: a few small matrix products per target,
//! after one shared encoder pass.
//!
//! A model is either a whole encoder of its own, or a *branch* of a NER
//! model ([`crate::Trunk`]): only the top layers, going on from the states
//! the NER encoder's lower layers made. Alone, a branch runs those lower
//! layers itself (a frozen copy); in the tagger it takes the states of the
//! NER model's own pass, so stance costs only the branch's layers.

use crate::config::{ModelConfig, StanceConfig};
use crate::encoder::{
    load_base_encoder, load_weights, save_model_dir, weights_sha256, Encoder, Hidden, Plan,
    Precision,
};
use crate::error::{Error, Result};
use crate::ner::NerModel;
use crate::relation::{pair_features, RelationHead};
use crate::tokenize::{Encoded, WordPieces};
use std::path::Path;
use std::time::{Duration, Instant};
use tch::{nn, Device, Kind, Tensor};

/// A sentence to score: its words, and its targets as word ranges `[start, end)`.
#[derive(Debug, Clone, Default)]
pub struct StanceInput<'a> {
    /// The sentence's words.
    pub words: &'a [&'a str],
    /// Targets, as word ranges.
    pub targets: Vec<(usize, usize)>,
    /// Ordered pairs of targets (indices into `targets`) whose relation to
    /// score; needs a relation head ([`StanceModel::attach_relations`]).
    pub pairs: Vec<(usize, usize)>,
}

/// Probabilities (negative, neutral, positive) for a sentence and its targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StanceOutput {
    /// Sentence sentiment.
    pub sentence: [f32; 3],
    /// Stance toward each target, in input order.
    pub targets: Vec<[f32; 3]>,
    /// Relation probabilities (negative, none, positive) of each input
    /// pair, in order. A pair whose targets the model read in different
    /// windows of a long sentence is `[0, 1, 0]` (none).
    pub relations: Vec<[f32; 3]>,
}

/// The sentiment and stance model. One per worker thread.
pub struct StanceModel {
    pub(crate) vs: nn::VarStore,
    encoder: Encoder,
    /// A branch's frozen copy of its NER model's lower layers (own var store).
    trunk: Option<(nn::VarStore, Encoder)>,
    sentence_head: nn::Linear,
    query: nn::Linear,
    target_hidden: nn::Linear,
    target_out: nn::Linear,
    dropout: f64,
    /// The directed-relation head, when one is attached.
    relations: Option<RelationHead>,
    pub(crate) config: StanceConfig,
    pub(crate) pieces: WordPieces,
}

/// Logits of a batch: `[sentences, 3]` and `[targets, 3]` (targets of all
/// sentences, in order).
pub(crate) struct StanceLogits {
    pub sentence: Tensor,
    pub targets: Tensor,
    /// `[pairs, 3]` when a relation head is attached and pairs were given.
    pub relations: Option<Tensor>,
}

/// What the heads read of each target: its sentence, the mean of its
/// pieces, its attention context, and its sentence's mean.
struct TargetParts {
    rows: Vec<i64>,
    target: Tensor,
    context: Tensor,
    mean: Tensor,
}

impl StanceModel {
    /// An untrained model (load the base encoder with [`StanceModel::load_encoder`]).
    pub fn new(config: StanceConfig, pieces: WordPieces, device: Device) -> Result<StanceModel> {
        let vs = nn::VarStore::new(device);
        let first = config.trunk.as_ref().map_or(0, |t| t.layers);
        let layers = first..config.encoder.num_hidden_layers as usize;
        if layers.is_empty() {
            return Err(Error::Invalid(format!(
                "a stance branch needs at least one layer of its own; its NER trunk has {first} of {}",
                layers.end
            )));
        }
        let encoder = Encoder::new(&vs, &config.encoder, config.casing, layers)?;
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
            relations: None,
            vs,
            encoder,
            trunk: None,
            config,
            pieces,
        })
    }

    /// Copy a base encoder's weights into the model.
    pub fn load_encoder(&mut self, path: &Path) -> Result<()> {
        load_base_encoder(&self.vs, path)
    }

    /// Make this (branch) model grow from the NER model in `ner_dir`: load
    /// that model's lower layers, frozen, and its tokenizer. The NER weights
    /// must be the ones the branch was trained on (checked by SHA-256, except
    /// while the configuration's hash is empty, before training).
    pub fn attach_trunk(&mut self, ner_dir: &Path) -> Result<()> {
        let Some(trunk) = &mut self.config.trunk else {
            return Err(Error::Invalid(
                "this stance model has an encoder of its own, not a NER trunk".into(),
            ));
        };
        let ner = crate::ner::read_config(ner_dir)?;
        let sha = weights_sha256(ner_dir)?;
        if trunk.ner_sha256.is_empty() {
            trunk.ner_sha256 = sha;
        } else if trunk.ner_sha256 != sha {
            return Err(Error::Config {
                path: ner_dir.join("model.safetensors"),
                message: format!(
                    "this stance model is a branch of the NER model whose weights have SHA-256 {}, \
                     not of this one ({sha}); give the NER model it was trained on",
                    trunk.ner_sha256
                ),
            });
        }
        let mut vs = nn::VarStore::new(self.vs.device());
        let encoder = Encoder::new(&vs, &ner.encoder, ner.casing.input(), 0..trunk.layers)?;
        load_weights(&mut vs, ner_dir)?;
        vs.freeze();
        self.trunk = Some((vs, encoder));
        self.pieces = WordPieces::from_file(&ner_dir.join("tokenizer.json"))?;
        Ok(())
    }

    /// The number of NER layers this model shares with `ner`, when it is a
    /// branch of exactly that model (same weights, same window).
    pub(crate) fn shared_layers(&self, ner: &NerModel) -> Option<usize> {
        let trunk = self.config.trunk.as_ref()?;
        (ner.weights_sha256.as_deref() == Some(trunk.ner_sha256.as_str())
            && ner.config.max_pieces == self.config.max_pieces)
            .then_some(trunk.layers)
    }

    /// Load a trained model directory; a branch also needs the directory of
    /// its NER model.
    pub fn load(dir: &Path, ner_dir: Option<&Path>, device: Device) -> Result<StanceModel> {
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
        if model.config.trunk.is_some() {
            let ner_dir = ner_dir.ok_or_else(|| Error::Config {
                path: path.clone(),
                message: "this stance model is a branch of a NER model; give that model too".into(),
            })?;
            model.attach_trunk(ner_dir)?;
        }
        Ok(model)
    }

    /// Score relations between targets with this head from now on.
    pub fn attach_relations(&mut self, head: RelationHead) {
        self.relations = Some(head);
    }

    /// True when a relation head is attached.
    pub fn has_relations(&self) -> bool {
        self.relations.is_some()
    }

    /// Run the encoder in `precision` from now on (models load as fp32).
    pub fn set_precision(&mut self, precision: Precision) {
        self.encoder.set_precision(&self.vs, precision);
        if let Some((vs, trunk)) = &self.trunk {
            trunk.set_precision(vs, precision);
        }
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
        let h = self.hidden(batch, train)?;
        self.heads(h, targets, &[], train)
    }

    /// The encoder's fp32 output: a branch runs its frozen trunk first.
    fn hidden(&self, batch: &[&Encoded], train: bool) -> Result<Hidden> {
        let h = match &self.trunk {
            Some((_, trunk)) => tch::no_grad(|| -> Result<Hidden> {
                Ok(trunk.layers(trunk.embed(batch, false)?, false))
            })?,
            None if self.config.trunk.is_some() => {
                return Err(Error::Invalid(
                    "this stance branch has no NER trunk attached".into(),
                ))
            }
            None => self.encoder.embed(batch, train)?,
        };
        Ok(self.encoder.layers(h, train).float())
    }

    /// Sentence means `[sentences, H]`.
    fn means(h: &Hidden) -> Tensor {
        let m = h.mask.unsqueeze(-1);
        (&h.states * &m).sum_dim_intlist(1, false, Kind::Float)
            / m.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0)
    }

    /// The parts of every target of the batch (none when there are none).
    fn target_parts(
        &self,
        h: &Hidden,
        mean: &Tensor,
        targets: &[Vec<(usize, usize)>],
    ) -> Result<Option<TargetParts>> {
        let device = h.states.device();
        let (_, width, hidden) = h.states.size3()?;
        let n: usize = targets.iter().map(Vec::len).sum();
        if n == 0 {
            return Ok(None);
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
        let row_index = Tensor::from_slice(&rows).to(device);
        let span_mask = Tensor::from_slice(&span_mask)
            .view([n as i64, width])
            .to(device);
        let states = h.states.index_select(0, &row_index); // [n, T, H]
        let sm = span_mask.unsqueeze(-1);
        let target = (&states * &sm).sum_dim_intlist(1, false, Kind::Float)
            / sm.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0);
        let q = target.apply(&self.query).unsqueeze(-1); // [n, H, 1]
        let scores = states.matmul(&q).squeeze_dim(-1) / (hidden as f64).sqrt();
        let pad = (h.mask.index_select(0, &row_index) - 1.0) * 1e4;
        let attn = (scores + pad).softmax(-1, Kind::Float).unsqueeze(-1);
        let context = (&states * attn).sum_dim_intlist(1, false, Kind::Float);
        Ok(Some(TargetParts {
            mean: mean.index_select(0, &row_index),
            rows,
            target,
            context,
        }))
    }

    /// Pair features of the batch's pairs (`pairs[r]`: ordered pairs of
    /// sentence `r`'s targets, local indices), with the global target
    /// indices into `parts`.
    fn features(
        h: &Hidden,
        mean: &Tensor,
        parts: &TargetParts,
        targets: &[Vec<(usize, usize)>],
        pairs: &[Vec<(usize, usize)>],
    ) -> Result<Option<Tensor>> {
        let mut global = Vec::new();
        let mut spans = Vec::new();
        let mut offset = 0;
        for (r, ts) in targets.iter().enumerate() {
            spans.extend(ts.iter().copied());
            for &(i, j) in pairs.get(r).map_or(&[][..], Vec::as_slice) {
                global.push((offset + i, offset + j));
            }
            offset += ts.len();
        }
        if global.is_empty() {
            return Ok(None);
        }
        // `mean` has a row per sentence of the batch (indexed by the pairs'
        // rows); `parts.mean` has one per target.
        pair_features(
            &h.states,
            &h.mask,
            &parts.target,
            &parts.context,
            mean,
            &parts.rows,
            &spans,
            &global,
        )
        .map(Some)
    }

    /// The pair features of a batch, computed without gradients: what the
    /// relation head is trained on while this model stays frozen.
    pub fn pair_features(
        &self,
        batch: &[&Encoded],
        targets: &[Vec<(usize, usize)>],
        pairs: &[Vec<(usize, usize)>],
    ) -> Result<Option<Tensor>> {
        tch::no_grad(|| {
            let h = self.hidden(batch, false)?;
            let mean = Self::means(&h);
            match self.target_parts(&h, &mean, targets)? {
                Some(parts) => Self::features(&h, &mean, &parts, targets, pairs),
                None => Ok(None),
            }
        })
    }

    /// The heads over the encoder's fp32 output.
    fn heads(
        &self,
        h: Hidden,
        targets: &[Vec<(usize, usize)>],
        pairs: &[Vec<(usize, usize)>],
        train: bool,
    ) -> Result<StanceLogits> {
        let device = h.states.device();
        let mean = Self::means(&h);
        let sentence = mean.dropout(self.dropout, train).apply(&self.sentence_head);
        let Some(parts) = self.target_parts(&h, &mean, targets)? else {
            return Ok(StanceLogits {
                sentence,
                targets: Tensor::zeros([0, 3], (Kind::Float, device)),
                relations: None,
            });
        };
        let feats = Tensor::cat(&[&parts.target, &parts.context, &parts.mean], -1);
        let target_logits = feats
            .dropout(self.dropout, train)
            .apply(&self.target_hidden)
            .gelu("none")
            .dropout(self.dropout, train)
            .apply(&self.target_out);
        let relations = match &self.relations {
            Some(head) => {
                Self::features(&h, &mean, &parts, targets, pairs)?.map(|f| head.logits(&f, train))
            }
            None => None,
        };
        Ok(StanceLogits {
            sentence,
            targets: target_logits,
            relations,
        })
    }

    /// Piece ranges of word-range targets in an encoding of `words[offset..]`.
    pub fn piece_ranges(e: &Encoded, targets: &[(usize, usize)]) -> Vec<(usize, usize)> {
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
        times: Option<&mut Vec<Duration>>,
    ) -> Result<Vec<StanceOutput>> {
        let words: Vec<&[&str]> = inputs.iter().map(|i| i.words).collect();
        let plan = Plan::new(&self.pieces, &words, self.config.max_pieces, batch_size)?;
        self.predict_plan(&plan, inputs, times, |_, batch| self.hidden(batch, false))
    }

    /// Score the sentences of a plan, as its batches come: `hidden` gives
    /// the fp32 encoder output of batch `b`.
    pub(crate) fn predict_plan(
        &self,
        plan: &Plan,
        inputs: &[StanceInput<'_>],
        mut times: Option<&mut Vec<Duration>>,
        mut hidden: impl FnMut(usize, &[&Encoded]) -> Result<Hidden>,
    ) -> Result<Vec<StanceOutput>> {
        // Each target goes to the window that holds it with the widest margin.
        let mut home: Vec<Vec<Option<usize>>> =
            inputs.iter().map(|i| vec![None; i.targets.len()]).collect();
        let mut first_unit = vec![None; inputs.len()];
        for (u, unit) in plan.units.iter().enumerate() {
            let first = *first_unit[unit.sentence].get_or_insert(u);
            for (t, &(a, z)) in inputs[unit.sentence].targets.iter().enumerate() {
                let margin = |u: usize| {
                    let w = &plan.units[u];
                    (w.start <= a && z <= w.end).then(|| (a - w.start).min(w.end - z))
                };
                let h = &mut home[unit.sentence][t];
                let better = match (margin(u), h.and_then(margin)) {
                    (Some(m), Some(best)) => m >= best,
                    (Some(_), None) => true,
                    (None, _) => h.is_none() && u == first,
                };
                if better {
                    *h = Some(u);
                }
            }
        }
        let mut out: Vec<StanceOutput> = inputs
            .iter()
            .map(|i| StanceOutput {
                sentence: [0.0; 3],
                targets: vec![[0.0; 3]; i.targets.len()],
                relations: vec![[0.0, 1.0, 0.0]; i.pairs.len()],
            })
            .collect();
        let mut windows_of = vec![0usize; inputs.len()];
        for (b, chunk) in plan.batches.iter().enumerate() {
            let batch = plan.encodings(chunk);
            // Per unit: (target index, word range inside the window).
            let homed: Vec<Vec<(usize, (usize, usize))>> = chunk
                .iter()
                .map(|&u| {
                    let w = &plan.units[u];
                    inputs[w.sentence]
                        .targets
                        .iter()
                        .enumerate()
                        .filter(|(t, _)| home[w.sentence][*t] == Some(u))
                        .map(|(t, &(a, z))| {
                            let clamp = |x: usize| x.clamp(w.start, w.end) - w.start;
                            (t, (clamp(a), clamp(z)))
                        })
                        .collect()
                })
                .collect();
            let spans: Vec<Vec<(usize, usize)>> = chunk
                .iter()
                .zip(&homed)
                .map(|(&u, ts)| {
                    let ranges: Vec<(usize, usize)> = ts.iter().map(|t| t.1).collect();
                    StanceModel::piece_ranges(&plan.units[u].enc, &ranges)
                })
                .collect();
            // Per unit: (pair index, local pair) of the pairs homed in it.
            let paired: Vec<Vec<(usize, (usize, usize))>> = chunk
                .iter()
                .zip(&homed)
                .map(|(&u, ts)| {
                    if self.relations.is_none() {
                        return Vec::new();
                    }
                    let local = |t: usize| ts.iter().position(|h| h.0 == t);
                    inputs[plan.units[u].sentence]
                        .pairs
                        .iter()
                        .enumerate()
                        .filter_map(|(k, &(i, j))| Some((k, (local(i)?, local(j)?))))
                        .collect()
                })
                .collect();
            let local_pairs: Vec<Vec<(usize, usize)>> = paired
                .iter()
                .map(|ps| ps.iter().map(|p| p.1).collect())
                .collect();
            let started = times.is_some().then(Instant::now);
            let logits =
                tch::no_grad(|| self.heads(hidden(b, &batch)?, &spans, &local_pairs, false))?;
            let sent = probs(&logits.sentence)?;
            let targ = probs(&logits.targets)?;
            let rels = match &logits.relations {
                Some(r) => probs(r)?,
                None => Vec::new(),
            };
            if let (Some(times), Some(started)) = (times.as_deref_mut(), started) {
                times.push(started.elapsed());
            }
            let mut k = 0;
            let mut kr = 0;
            for (j, (&u, ts)) in chunk.iter().zip(&homed).enumerate() {
                let s = plan.units[u].sentence;
                let o = &mut out[s];
                for (acc, p) in o.sentence.iter_mut().zip(sent[j]) {
                    *acc += p;
                }
                windows_of[s] += 1;
                for &(t, _) in ts {
                    o.targets[t] = targ[k];
                    k += 1;
                }
                for &(pair, _) in &paired[j] {
                    if let Some(r) = rels.get(kr) {
                        o.relations[pair] = *r;
                    }
                    kr += 1;
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

    /// Go on from the NER trunk's states (a branch that
    /// [`StanceModel::shared_layers`] says shares them): fp32 output.
    pub(crate) fn branch(&self, h: Hidden) -> Hidden {
        self.encoder.layers(h, false).float()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn models() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models")
    }

    fn sentences() -> Vec<Vec<&'static str>> {
        [
            "Seoul protested Tokyo 's claim to Dokdo .",
            "Prime Minister Fukuda praised President Lee Myung-bak for his visit to Japan .",
            "Beijing warned that Taiwan independence would end the thaw in cross-Strait relations .",
            "The talks ended .",
        ]
        .iter()
        .map(|s| s.split(' ').collect())
        .collect()
    }

    /// The tagger's path (the branch going on from the NER pass's states)
    /// gives what the branch gives alone (running its frozen trunk copy).
    #[test]
    fn a_branch_on_the_ner_pass_equals_the_branch_alone() {
        let ner = NerModel::load(&models().join("ner"), Device::Cpu).unwrap();
        let stance = StanceModel::load(
            &models().join("stance-branch"),
            Some(&models().join("ner")),
            Device::Cpu,
        )
        .unwrap();
        let k = stance
            .shared_layers(&ner)
            .expect("the shipped stance model is a branch of the shipped NER model");
        let words = sentences();
        let inputs: Vec<StanceInput> = words
            .iter()
            .map(|w| StanceInput {
                words: w,
                targets: vec![(0, 1), (2, 3)],
                pairs: Vec::new(),
            })
            .collect();
        let alone = stance.predict(&inputs, 2).unwrap();
        let plan = Plan::new(&ner.pieces, &words, ner.config.max_pieces, 2).unwrap();
        let (_, mut kept) = ner.tag_plan(&plan, &words, None, Some(k)).unwrap();
        let shared = stance
            .predict_plan(&plan, &inputs, None, |b, _| {
                Ok(stance.branch(kept[b].take().unwrap()))
            })
            .unwrap();
        assert_eq!(alone.len(), shared.len());
        for (a, s) in alone.iter().zip(&shared) {
            let pairs = a
                .targets
                .iter()
                .chain([&a.sentence])
                .zip(s.targets.iter().chain([&s.sentence]));
            for (pa, ps) in pairs {
                for (x, y) in pa.iter().zip(ps) {
                    assert!((x - y).abs() < 1e-5, "{a:?} vs {s:?}");
                }
            }
        }
    }

    /// A sentence's relation scores do not depend on the sentences that
    /// share its batch (each pair reads its own sentence's mean state).
    #[test]
    fn relations_of_a_sentence_do_not_depend_on_its_batch() {
        let mut stance = StanceModel::load(&models().join("stance"), None, Device::Cpu).unwrap();
        tch::manual_seed(7);
        let config = crate::RelationConfig {
            hidden: 16,
            encoder_width: stance.config().encoder.hidden_size,
            dropout: 0.0,
            stance_sha256: String::new(),
        };
        stance.attach_relations(RelationHead::new(config, Device::Cpu));
        let words = sentences();
        let inputs: Vec<StanceInput> = words
            .iter()
            .map(|w| StanceInput {
                words: w,
                targets: vec![(0, 1), (2, 3)],
                pairs: vec![(0, 1), (1, 0)],
            })
            .collect();
        let batched = stance.predict(&inputs, 4).unwrap();
        for (input, b) in inputs.iter().zip(&batched) {
            let alone = stance.predict(std::slice::from_ref(input), 1).unwrap();
            assert_eq!(alone[0].relations.len(), 2);
            for (x, y) in alone[0]
                .relations
                .iter()
                .flatten()
                .zip(b.relations.iter().flatten())
            {
                assert!(
                    (x - y).abs() < 1e-5,
                    "{:?} vs {:?}",
                    alone[0].relations,
                    b.relations
                );
            }
        }
    }

    #[test]
    fn a_branch_refuses_a_ner_model_it_was_not_trained_on() {
        let dir = std::env::temp_dir().join(format!("stancetag-branch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let shipped = models().join("stance-branch");
        let text = std::fs::read_to_string(shipped.join("config.json")).unwrap();
        let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
        config["trunk"]["ner_sha256"] = "00".repeat(32).into();
        std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
        for f in ["model.safetensors", "tokenizer.json"] {
            std::fs::copy(shipped.join(f), dir.join(f)).unwrap();
        }
        let err = StanceModel::load(&dir, Some(&models().join("ner")), Device::Cpu)
            .err()
            .expect("a NER model with other weights is refused");
        let message = err.to_string();
        assert!(message.contains("SHA-256"), "{message}");
        assert!(message.contains("model.safetensors"), "{message}");
        let err = StanceModel::load(&dir, None, Device::Cpu).err().unwrap();
        assert!(err.to_string().contains("branch of a NER model"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
