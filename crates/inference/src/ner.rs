//! The named-entity recognizer: encoder + casing features + linear layer,
//! decoded with constrained Viterbi.

use crate::config::{ModelConfig, NerConfig};
use crate::encoder::{
    load_base_encoder, load_weights, save_model_dir, weights_sha256, Encoder, Hidden, Plan,
    Precision,
};
use crate::error::{Error, Result};
use crate::tokenize::{Encoded, WordPieces};
use ndarray::{Array2, Array3, ArrayView2, Axis};
use std::path::Path;
use std::time::{Duration, Instant};
use tch::{nn, nn::Module, Device, Kind, Tensor};

/// A word's predicted tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordTag {
    /// Index into the model's labels.
    pub label: usize,
    /// Probability of that label.
    pub prob: f32,
}

/// A named-entity recognizer. Owns its tensors: one per worker thread
/// (tch tensors are `Send` but not `Sync`).
pub struct NerModel {
    pub(crate) vs: nn::VarStore,
    encoder: Encoder,
    casing_out: Option<nn::Embedding>,
    classifier: nn::Linear,
    dropout: f64,
    pub(crate) config: NerConfig,
    pub(crate) pieces: WordPieces,
    /// SHA-256 of the `model.safetensors` it was loaded from (hex).
    pub(crate) weights_sha256: Option<String>,
}

impl NerModel {
    /// Build an untrained model on `device` (weights randomly initialised;
    /// load the encoder with [`NerModel::load_encoder`]).
    pub fn new(config: NerConfig, pieces: WordPieces, device: Device) -> Result<NerModel> {
        if config.labels.first().map(String::as_str) != Some("O") {
            return Err(Error::Invalid("the first NER label must be O".into()));
        }
        let vs = nn::VarStore::new(device);
        let layers = 0..config.encoder.num_hidden_layers as usize;
        let encoder = Encoder::new(&vs, &config.encoder, config.casing.input(), layers)?;
        let root = vs.root();
        let casing_out = config.casing.output().then(|| {
            nn::embedding(
                &root / "casing_out",
                crate::casing::CASING_CLASSES,
                config.casing_dim,
                Default::default(),
            )
        });
        let hidden = config.encoder.hidden_size;
        let width = hidden
            + if config.casing.output() {
                config.casing_dim
            } else {
                0
            };
        let classifier = nn::linear(
            &root / "classifier",
            width,
            config.labels.len() as i64,
            Default::default(),
        );
        let dropout = config.encoder.hidden_dropout_prob;
        Ok(NerModel {
            vs,
            encoder,
            casing_out,
            classifier,
            dropout,
            config,
            pieces,
            weights_sha256: None,
        })
    }

    /// Copy a base encoder's weights (a BERT safetensors file whose names
    /// have no `bert.` prefix, as all-MiniLM-L6-v2's) into the model.
    pub fn load_encoder(&mut self, path: &Path) -> Result<()> {
        load_base_encoder(&self.vs, path)
    }

    /// Load a trained model directory (`config.json`, `model.safetensors`,
    /// `tokenizer.json`).
    pub fn load(dir: &Path, device: Device) -> Result<NerModel> {
        let config = read_config(dir)?;
        let pieces = WordPieces::from_file(&dir.join("tokenizer.json"))?;
        let mut model = NerModel::new(config, pieces, device)?;
        model.weights_sha256 = Some(weights_sha256(dir)?);
        load_weights(&mut model.vs, dir)?;
        Ok(model)
    }

    /// Run the encoder in `precision` from now on (models load as fp32).
    pub fn set_precision(&mut self, precision: Precision) {
        self.encoder.set_precision(&self.vs, precision);
    }

    /// Write the model directory: config, fp16 weights, tokenizer.
    pub fn save(&self, dir: &Path) -> Result<()> {
        save_model_dir(
            dir,
            &ModelConfig::Ner(self.config.clone()),
            &self.vs,
            &self.pieces,
        )
    }

    /// The model's labels (IOB2).
    pub fn labels(&self) -> &[String] {
        &self.config.labels
    }

    /// The model's configuration.
    pub fn config(&self) -> &NerConfig {
        &self.config
    }

    /// The word-piece tokenizer.
    pub fn pieces(&self) -> &WordPieces {
        &self.pieces
    }

    /// Logits `[batch, pieces, labels]` for a batch of encoded sentences.
    pub fn logits(&self, batch: &[&Encoded], train: bool) -> Result<Tensor> {
        Ok(self.head(self.encoder.forward(batch, train)?, train))
    }

    /// The classifier over the encoder's (fp32) output.
    fn head(&self, h: Hidden, train: bool) -> Tensor {
        let states = match &self.casing_out {
            Some(emb) => Tensor::cat(&[h.states, emb.forward(&h.casing)], -1),
            None => h.states,
        };
        states.dropout(self.dropout, train).apply(&self.classifier)
    }

    /// Per-word log-probabilities `[words, labels]` for each sentence of a
    /// batch (each sentence fits the model's window).
    pub fn word_log_probs(&self, batch: &[&Encoded]) -> Result<Vec<Array2<f32>>> {
        let logits = tch::no_grad(|| self.logits(batch, false))?;
        word_log_probs(&logits, batch)
    }

    /// Decode one sentence's word log-probabilities `[words, labels]` into tags.
    pub fn decode(&self, scores: ArrayView2<f32>) -> Vec<WordTag> {
        if self.config.constrained_decoding {
            viterbi(&self.config.labels, scores)
        } else {
            scores
                .rows()
                .into_iter()
                .map(|s| {
                    let (label, &lp) = s
                        .iter()
                        .enumerate()
                        .max_by(|a, b| a.1.total_cmp(b.1))
                        .expect("at least one label");
                    WordTag {
                        label,
                        prob: lp.exp(),
                    }
                })
                .collect()
        }
    }
}

/// A NER model directory's configuration.
pub(crate) fn read_config(dir: &Path) -> Result<NerConfig> {
    let path = dir.join("config.json");
    match ModelConfig::from_file(&path)? {
        ModelConfig::Ner(c) => Ok(c),
        other => Err(Error::Config {
            path,
            message: format!("expected a NER model, found a {} model", other.kind()),
        }),
    }
}

/// The states a NER pass kept for a stance branch, one per batch of its
/// plan (taken by the branch as it goes).
pub(crate) type KeptStates = Vec<Option<Hidden>>;

/// Per-word log-probabilities `[words, labels]` of a batch's logits
/// `[batch, pieces, labels]`, read at each word's first piece.
fn word_log_probs(logits: &Tensor, batch: &[&Encoded]) -> Result<Vec<Array2<f32>>> {
    let lp = logits.log_softmax(-1, Kind::Float).to_device(Device::Cpu);
    let (n, width, nl) = lp.size3()?;
    let flat: Vec<f32> = Vec::<f32>::try_from(lp.contiguous().view([-1]))?;
    let lp = Array3::from_shape_vec((n as usize, width as usize, nl as usize), flat)?;
    Ok(batch
        .iter()
        .enumerate()
        .map(|(i, e)| lp.index_axis(Axis(0), i).select(Axis(0), &e.first_piece))
        .collect())
}

/// True when IOB2 label `cur` may follow `prev` (`None` = sentence start).
fn allowed(prev: Option<&str>, cur: &str) -> bool {
    match cur.strip_prefix("I-") {
        None => true,
        Some(t) => prev.is_some_and(|p| p.strip_prefix("B-").or(p.strip_prefix("I-")) == Some(t)),
    }
}

/// The most probable label sequence in which every `I-X` follows `B-X` or
/// `I-X`, over per-word log-probabilities `[words, labels]`.
pub fn viterbi(labels: &[String], scores: ArrayView2<f32>) -> Vec<WordTag> {
    let (n, nl) = scores.dim();
    if n == 0 {
        return Vec::new();
    }
    assert_eq!(nl, labels.len(), "one score per label");
    // allowed[k][j]: label j may follow label k.
    let allowed_after: Vec<Vec<bool>> = labels
        .iter()
        .map(|p| labels.iter().map(|l| allowed(Some(p), l)).collect())
        .collect();
    let neg = f32::NEG_INFINITY;
    let mut best = Array2::<f32>::from_elem((n, nl), neg);
    let mut back = Array2::<usize>::zeros((n, nl));
    for (j, l) in labels.iter().enumerate() {
        if allowed(None, l) {
            best[[0, j]] = scores[[0, j]];
        }
    }
    for i in 1..n {
        for j in 0..nl {
            let mut arg = 0;
            let mut top = neg;
            for k in 0..nl {
                if best[[i - 1, k]] > top && allowed_after[k][j] {
                    top = best[[i - 1, k]];
                    arg = k;
                }
            }
            best[[i, j]] = top + scores[[i, j]];
            back[[i, j]] = arg;
        }
    }
    let last = best.row(n - 1);
    let mut j = (0..nl)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .unwrap_or(0);
    let mut out = vec![
        WordTag {
            label: 0,
            prob: 0.0
        };
        n
    ];
    for i in (0..n).rev() {
        out[i] = WordTag {
            label: j,
            prob: scores[[i, j]].exp(),
        };
        j = back[[i, j]];
    }
    out
}

impl NerModel {
    /// Tag sentences given as words: length-sorted batches of at most
    /// `batch_size` sentences, sentences longer than the model's window split
    /// into overlapping windows (each word scored in the window where it sits
    /// farthest from an edge), then decoded. Output order = input order.
    pub fn tag_words<'w, S: AsRef<[&'w str]>>(
        &self,
        sentences: &[S],
        batch_size: usize,
    ) -> Result<Vec<Vec<WordTag>>> {
        self.tag_words_timed(sentences, batch_size, None)
    }

    /// [`NerModel::tag_words`], pushing onto `times` (when given) the wall
    /// time of each model batch: encoder forward, log-softmax and the copy of
    /// the word scores out of the tensor (not tokenizing, not decoding).
    /// Without `times` it reads no clock.
    pub fn tag_words_timed<'w, S: AsRef<[&'w str]>>(
        &self,
        sentences: &[S],
        batch_size: usize,
        times: Option<&mut Vec<Duration>>,
    ) -> Result<Vec<Vec<WordTag>>> {
        let plan = Plan::new(&self.pieces, sentences, self.config.max_pieces, batch_size)?;
        Ok(self.tag_plan(&plan, sentences, times, None)?.0)
    }

    /// Tag the sentences of a plan. With `keep = Some(k)`, also return the
    /// states after layer `k` of each batch (for a stance branch to go on from).
    pub(crate) fn tag_plan<'w, S: AsRef<[&'w str]>>(
        &self,
        plan: &Plan,
        sentences: &[S],
        mut times: Option<&mut Vec<Duration>>,
        keep: Option<usize>,
    ) -> Result<(Vec<Vec<WordTag>>, KeptStates)> {
        let nl = self.config.labels.len();
        let mut scores: Vec<Array2<f32>> = sentences
            .iter()
            .map(|w| Array2::zeros((w.as_ref().len(), nl)))
            .collect();
        let mut margin: Vec<Vec<usize>> = sentences
            .iter()
            .map(|w| vec![0; w.as_ref().len()])
            .collect();
        let mut kept = Vec::new();
        let layers = self.encoder.end();
        for chunk in &plan.batches {
            let batch = plan.encodings(chunk);
            let started = times.is_some().then(Instant::now);
            let logits = tch::no_grad(|| -> Result<Tensor> {
                let mut h = self.encoder.embed(&batch, false)?;
                if let Some(k) = keep {
                    h = self.encoder.run(h, 0..k, false);
                    kept.push(Some(h.shallow_clone()));
                    h = self.encoder.run(h, k..layers, false);
                } else {
                    h = self.encoder.layers(h, false);
                }
                Ok(self.head(h.float(), false))
            })?;
            let lps = word_log_probs(&logits, &batch)?;
            if let (Some(times), Some(started)) = (times.as_deref_mut(), started) {
                times.push(started.elapsed());
            }
            for (&u, lp) in chunk.iter().zip(lps) {
                let (s, start) = (plan.units[u].sentence, plan.units[u].start);
                let n = lp.nrows();
                for (k, word_lp) in lp.rows().into_iter().enumerate() {
                    let m = k.min(n - 1 - k) + 1;
                    if m > margin[s][start + k] {
                        margin[s][start + k] = m;
                        scores[s].row_mut(start + k).assign(&word_lp);
                    }
                }
            }
        }
        let tags = scores.iter().map(|sc| self.decode(sc.view())).collect();
        Ok((tags, kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn viterbi_repairs_an_orphan_inside_tag() {
        // Argmax would give O I-PER: invalid. Viterbi must choose a valid path.
        let ln = |p: f32| p.ln();
        let scores = ndarray::array![
            [ln(0.6), ln(0.3), ln(0.02), ln(0.06), ln(0.02)],
            [ln(0.1), ln(0.05), ln(0.8), ln(0.03), ln(0.02)],
        ];
        let tags: Vec<usize> = viterbi(&labels(), scores.view())
            .iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(tags, [1, 2]); // B-PER I-PER (0.3*0.8 > 0.6*0.1)
    }

    #[test]
    fn viterbi_never_starts_with_inside() {
        let scores = ndarray::array![[-5.0, -5.0, -0.01, -5.0, -5.0]];
        let tags = viterbi(&labels(), scores.view());
        assert_ne!(tags[0].label, 2);
        assert_ne!(tags[0].label, 4);
    }
}
