//! The named-entity recognizer: encoder + casing features + linear layer,
//! decoded with constrained Viterbi.

use crate::casing::CASING_CLASSES;
use crate::config::{ModelConfig, NerConfig};
use crate::error::{io_err, Error, Result};
use crate::tokenize::{Encoded, WordPieces};
use rust_bert::bert::{BertEmbeddings, BertModel};
use std::path::Path;
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
    bert: BertModel<BertEmbeddings>,
    word_embeddings: Tensor,
    casing_in: Option<nn::Embedding>,
    casing_out: Option<nn::Embedding>,
    classifier: nn::Linear,
    dropout: f64,
    pub(crate) config: NerConfig,
    pub(crate) pieces: WordPieces,
}

impl NerModel {
    /// Build an untrained model on `device` (weights randomly initialised;
    /// load the encoder with [`NerModel::load_encoder`]).
    pub fn new(config: NerConfig, pieces: WordPieces, device: Device) -> Result<NerModel> {
        if config.labels.first().map(String::as_str) != Some("O") {
            return Err(Error::Invalid("the first NER label must be O".into()));
        }
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(
            &root / "bert",
            &config.encoder,
            false,
        );
        let word_embeddings = vs
            .variables()
            .remove("bert.embeddings.word_embeddings.weight")
            .ok_or_else(|| Error::Invalid("encoder has no word embeddings".into()))?;
        let hidden = config.encoder.hidden_size;
        let zeros = nn::EmbeddingConfig {
            ws_init: nn::Init::Const(0.0),
            ..Default::default()
        };
        let casing_in = config
            .casing
            .input()
            .then(|| nn::embedding(&root / "casing_in", CASING_CLASSES, hidden, zeros));
        let casing_out = config.casing.output().then(|| {
            nn::embedding(
                &root / "casing_out",
                CASING_CLASSES,
                config.casing_dim,
                Default::default(),
            )
        });
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
            bert,
            word_embeddings,
            casing_in,
            casing_out,
            classifier,
            dropout,
            config,
            pieces,
        })
    }

    /// Copy a base encoder's weights (a BERT safetensors file whose names
    /// have no `bert.` prefix, as all-MiniLM-L6-v2's) into the model.
    pub fn load_encoder(&mut self, path: &Path) -> Result<()> {
        let named = Tensor::read_safetensors(path)?;
        let mut vars = self.vs.variables();
        let mut loaded = 0;
        tch::no_grad(|| -> Result<()> {
            for (name, t) in &named {
                let key = format!("bert.{}", name.strip_prefix("bert.").unwrap_or(name));
                if let Some(var) = vars.get_mut(&key) {
                    var.f_copy_(t)?;
                    loaded += 1;
                }
            }
            Ok(())
        })?;
        let expected = vars.keys().filter(|k| k.starts_with("bert.")).count();
        if loaded != expected {
            return Err(Error::Config {
                path: path.to_path_buf(),
                message: format!("found {loaded} of the encoder's {expected} tensors"),
            });
        }
        Ok(())
    }

    /// Load a trained model directory (`config.json`, `model.safetensors`,
    /// `tokenizer.json`).
    pub fn load(dir: &Path, device: Device) -> Result<NerModel> {
        let config = match ModelConfig::from_file(&dir.join("config.json"))? {
            ModelConfig::Ner(c) => c,
        };
        let pieces = WordPieces::from_file(&dir.join("tokenizer.json"))?;
        let mut model = NerModel::new(config, pieces, device)?;
        let weights = dir.join("model.safetensors");
        model.vs.load(&weights).map_err(|e| Error::Config {
            path: weights.clone(),
            message: e.to_string(),
        })?;
        // Weights are stored in fp16; compute in fp32.
        model.vs.float();
        model.refresh_word_embeddings()?;
        Ok(model)
    }

    /// Write the model directory: config, fp16 weights, tokenizer.
    pub fn save(&self, dir: &Path, tokenizer_json: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let config = serde_json::to_string_pretty(&ModelConfig::Ner(self.config.clone()))?;
        std::fs::write(dir.join("config.json"), config).map_err(io_err(dir.join("config.json")))?;
        let mut named: Vec<(String, Tensor)> = self
            .vs
            .variables()
            .into_iter()
            .map(|(k, v)| (k, v.to_kind(Kind::Half)))
            .collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        Tensor::write_safetensors(&named, dir.join("model.safetensors"))?;
        if tokenizer_json != dir.join("tokenizer.json") {
            std::fs::copy(tokenizer_json, dir.join("tokenizer.json"))
                .map_err(io_err(tokenizer_json))?;
        }
        Ok(())
    }

    /// `vs.float()` replaces the variables; keep our handle current.
    fn refresh_word_embeddings(&mut self) -> Result<()> {
        self.word_embeddings = self
            .vs
            .variables()
            .remove("bert.embeddings.word_embeddings.weight")
            .ok_or_else(|| Error::Invalid("encoder has no word embeddings".into()))?;
        Ok(())
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
        let device = self.vs.device();
        let width = batch.iter().map(|e| e.len()).max().unwrap_or(0);
        let n = batch.len();
        let mut ids = vec![0i64; n * width];
        let mut mask = vec![0i64; n * width];
        let mut casing = vec![0i64; n * width];
        for (i, e) in batch.iter().enumerate() {
            let row = i * width;
            ids[row..row + e.len()].copy_from_slice(&e.ids);
            casing[row..row + e.len()].copy_from_slice(&e.casing);
            mask[row..row + e.len()].fill(1);
        }
        let shape = [n as i64, width as i64];
        let ids = Tensor::from_slice(&ids).view(shape).to(device);
        let mask = Tensor::from_slice(&mask).view(shape).to(device);
        let casing = Tensor::from_slice(&casing).view(shape).to(device);
        let mut embeds = Tensor::embedding(&self.word_embeddings, &ids, 0, false, false);
        if let Some(emb) = &self.casing_in {
            embeds = embeds + emb.forward(&casing);
        }
        let hidden = self
            .bert
            .forward_t(
                None,
                Some(&mask),
                None,
                None,
                Some(&embeds),
                None,
                None,
                train,
            )?
            .hidden_state;
        let hidden = match &self.casing_out {
            Some(emb) => Tensor::cat(&[hidden, emb.forward(&casing)], -1),
            None => hidden,
        };
        Ok(hidden.dropout(self.dropout, train).apply(&self.classifier))
    }

    /// Per-word log-probabilities `[words][labels]` for each sentence of a
    /// batch (each sentence fits the model's window).
    pub fn word_log_probs(&self, batch: &[&Encoded]) -> Result<Vec<Vec<Vec<f32>>>> {
        let logits = tch::no_grad(|| self.logits(batch, false))?;
        let lp = logits.log_softmax(-1, Kind::Float).to_device(Device::Cpu);
        let (_, width, nl) = lp.size3()?;
        let flat: Vec<f32> = Vec::<f32>::try_from(lp.contiguous().view([-1]))?;
        let nl = nl as usize;
        Ok(batch
            .iter()
            .enumerate()
            .map(|(i, e)| {
                e.first_piece
                    .iter()
                    .map(|&p| {
                        let at = (i * width as usize + p) * nl;
                        flat[at..at + nl].to_vec()
                    })
                    .collect()
            })
            .collect())
    }

    /// Decode one sentence's word log-probabilities into tags.
    pub fn decode(&self, scores: &[Vec<f32>]) -> Vec<WordTag> {
        if self.config.constrained_decoding {
            viterbi(&self.config.labels, scores)
        } else {
            scores
                .iter()
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

/// True when IOB2 label `cur` may follow `prev` (`None` = sentence start).
fn allowed(prev: Option<&str>, cur: &str) -> bool {
    match cur.strip_prefix("I-") {
        None => true,
        Some(t) => prev.is_some_and(|p| p.strip_prefix("B-").or(p.strip_prefix("I-")) == Some(t)),
    }
}

/// The most probable label sequence in which every `I-X` follows `B-X` or `I-X`.
pub fn viterbi(labels: &[String], scores: &[Vec<f32>]) -> Vec<WordTag> {
    let n = scores.len();
    let nl = labels.len();
    if n == 0 {
        return Vec::new();
    }
    let neg = f32::NEG_INFINITY;
    let mut best = vec![vec![neg; nl]; n];
    let mut back = vec![vec![0usize; nl]; n];
    for (j, l) in labels.iter().enumerate() {
        if allowed(None, l) {
            best[0][j] = scores[0][j];
        }
    }
    for i in 1..n {
        for (j, l) in labels.iter().enumerate() {
            let mut arg = 0;
            let mut top = neg;
            for (k, p) in labels.iter().enumerate() {
                if best[i - 1][k] > top && allowed(Some(p), l) {
                    top = best[i - 1][k];
                    arg = k;
                }
            }
            best[i][j] = top + scores[i][j];
            back[i][j] = arg;
        }
    }
    let mut j = (0..nl)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
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
            prob: scores[i][j].exp(),
        };
        j = back[i][j];
    }
    out
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
        let scores = vec![
            vec![ln(0.6), ln(0.3), ln(0.02), ln(0.06), ln(0.02)],
            vec![ln(0.1), ln(0.05), ln(0.8), ln(0.03), ln(0.02)],
        ];
        let tags: Vec<usize> = viterbi(&labels(), &scores)
            .iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(tags, [1, 2]); // B-PER I-PER (0.3*0.8 > 0.6*0.1)
    }

    #[test]
    fn viterbi_never_starts_with_inside() {
        let scores = vec![vec![-5.0, -5.0, -0.01, -5.0, -5.0]];
        let tags = viterbi(&labels(), &scores);
        assert_ne!(tags[0].label, 2);
        assert_ne!(tags[0].label, 4);
    }
}

impl NerModel {
    /// Tag sentences given as words: length-sorted batches of at most
    /// `batch_size` sentences, sentences longer than the model's window split
    /// into overlapping windows (each word scored in the window where it sits
    /// farthest from an edge), then decoded. Output order = input order.
    pub fn tag_words(
        &self,
        sentences: &[Vec<&str>],
        batch_size: usize,
    ) -> Result<Vec<Vec<WordTag>>> {
        // Each unit is (sentence, first word, encoding of the window).
        let mut units: Vec<(usize, usize, Encoded)> = Vec::new();
        for (s, words) in sentences.iter().enumerate() {
            for (start, end) in self.windows(words)? {
                units.push((s, start, self.pieces.encode(&words[start..end])?));
            }
        }
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&u| units[u].2.len());
        let mut scores: Vec<Vec<Vec<f32>>> = sentences
            .iter()
            .map(|w| vec![Vec::new(); w.len()])
            .collect();
        let mut margin: Vec<Vec<usize>> = sentences.iter().map(|w| vec![0; w.len()]).collect();
        for chunk in order.chunks(batch_size.max(1)) {
            let batch: Vec<&Encoded> = chunk.iter().map(|&u| &units[u].2).collect();
            let lps = self.word_log_probs(&batch)?;
            for (&u, lp) in chunk.iter().zip(lps) {
                let (s, start, _) = units[u];
                let n = lp.len();
                for (k, word_lp) in lp.into_iter().enumerate() {
                    let m = k.min(n - 1 - k) + 1;
                    if m > margin[s][start + k] {
                        margin[s][start + k] = m;
                        scores[s][start + k] = word_lp;
                    }
                }
            }
        }
        Ok(scores.iter().map(|sc| self.decode(sc)).collect())
    }

    /// Word ranges whose encodings fit the window, overlapping by half.
    fn windows(&self, words: &[&str]) -> Result<Vec<(usize, usize)>> {
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let full = self.pieces.encode(words)?;
        let budget = self.config.max_pieces.saturating_sub(2).max(8);
        if full.len() <= self.config.max_pieces {
            return Ok(vec![(0, words.len())]);
        }
        // Pieces per word, from the first-piece positions.
        let mut cost: Vec<usize> = full.first_piece.windows(2).map(|w| w[1] - w[0]).collect();
        cost.push(full.len() - 1 - full.first_piece[words.len() - 1]);
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let mut end = start;
            let mut used = 0;
            while end < words.len() && (end == start || used + cost[end] <= budget) {
                used += cost[end];
                end += 1;
            }
            out.push((start, end));
            if end == words.len() {
                return Ok(out);
            }
            start = (start + (end - start).div_ceil(2)).max(start + 1);
        }
    }
}
