//! The shared encoder: rust-bert's `BertModel` over word pieces whose
//! embeddings carry the word's casing class, plus the model-directory files.

use crate::casing::CASING_CLASSES;
use crate::error::{io_err, Error, Result};
use crate::tokenize::{Encoded, WordPieces};
use rust_bert::bert::{BertConfig, BertEmbedding, BertEmbeddings, BertLayer};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tch::{nn, nn::Module, Kind, Tensor};

/// The number format the encoder runs in at inference (training is fp32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// 32-bit floats.
    Fp32,
    /// bfloat16 encoder weights and activations (8-bit mantissa); the heads,
    /// softmax and decoding stay fp32. About twice as fast as fp32 on a CPU
    /// with AVX-512 BF16 instructions, much slower on one without.
    Bf16,
}

/// The precision asked for: a fixed one, or the faster one this CPU
/// computes natively.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum PrecisionChoice {
    /// bf16 where the CPU has AVX-512 BF16, else fp32.
    #[default]
    Auto,
    /// 32-bit floats.
    Fp32,
    /// bfloat16 (slow on CPUs without AVX-512 BF16).
    Bf16,
}

impl PrecisionChoice {
    /// The precision to run in on this machine.
    pub fn resolve(self) -> Precision {
        match self {
            PrecisionChoice::Auto => Precision::native(),
            PrecisionChoice::Fp32 => Precision::Fp32,
            PrecisionChoice::Bf16 => Precision::Bf16,
        }
    }
}

impl Precision {
    /// bf16 where the CPU computes it natively (AVX-512 BF16), else fp32.
    pub fn native() -> Precision {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512bf16") {
            return Precision::Bf16;
        }
        Precision::Fp32
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Bf16 => "bf16",
        }
    }

    fn kind(self) -> Kind {
        match self {
            Precision::Fp32 => Kind::Float,
            Precision::Bf16 => Kind::BFloat16,
        }
    }
}

/// BERT layers `first..end` at `bert.*` in a var store. An encoder whose
/// layers start at 0 also has the embeddings, with an optional casing
/// embedding (`casing_in`, initialised to zero so training starts from the
/// base model) added to the word-piece embeddings; one that starts higher
/// (a stance *branch*) reads the states another encoder's lower layers made.
pub(crate) struct Encoder {
    embeddings: Option<Embeddings>,
    /// The number of the first layer in `layers`.
    first: usize,
    layers: Vec<BertLayer>,
}

struct Embeddings {
    bert: BertEmbeddings,
    word_embeddings: Tensor,
    casing_in: Option<nn::Embedding>,
}

/// The encoder's output for a batch.
pub(crate) struct Hidden {
    /// `[batch, pieces, hidden]`, in the encoder's precision until
    /// [`Hidden::float`].
    pub states: Tensor,
    /// `[batch, pieces]`, 1.0 on real pieces, 0.0 on padding.
    pub mask: Tensor,
    /// `[batch, 1, 1, pieces]`: 0 on real pieces, -10000 on padding, added
    /// to the attention scores.
    additive_mask: Tensor,
    /// `[batch, pieces]` casing classes.
    pub casing: Tensor,
}

impl Hidden {
    /// Another handle on the same tensors.
    pub(crate) fn shallow_clone(&self) -> Hidden {
        Hidden {
            states: self.states.shallow_clone(),
            mask: self.mask.shallow_clone(),
            additive_mask: self.additive_mask.shallow_clone(),
            casing: self.casing.shallow_clone(),
        }
    }

    /// The states as fp32, whatever the encoder's precision.
    pub(crate) fn float(self) -> Hidden {
        Hidden {
            states: self.states.to_kind(Kind::Float),
            ..self
        }
    }
}

impl Encoder {
    /// The embeddings (when `layers.start` is 0) and `layers` of a BERT encoder.
    pub(crate) fn new(
        vs: &nn::VarStore,
        config: &BertConfig,
        casing: bool,
        layers: std::ops::Range<usize>,
    ) -> Result<Encoder> {
        let root = vs.root();
        let embeddings = if layers.start == 0 {
            let bert = BertEmbeddings::new(&root / "bert" / "embeddings", config);
            let word_embeddings = vs
                .variables()
                .remove("bert.embeddings.word_embeddings.weight")
                .ok_or_else(|| Error::Invalid("encoder has no word embeddings".into()))?;
            let zeros = nn::EmbeddingConfig {
                ws_init: nn::Init::Const(0.0),
                ..Default::default()
            };
            let casing_in = casing.then(|| {
                nn::embedding(
                    &root / "casing_in",
                    CASING_CLASSES,
                    config.hidden_size,
                    zeros,
                )
            });
            Some(Embeddings {
                bert,
                word_embeddings,
                casing_in,
            })
        } else {
            None
        };
        let path = &root / "bert" / "encoder" / "layer";
        let first = layers.start;
        let layers = layers
            .map(|i| BertLayer::new(&path / i as i64, config))
            .collect();
        Ok(Encoder {
            embeddings,
            first,
            layers,
        })
    }

    /// Convert the encoder's weights (`bert.*`, `casing_in.*` in `vs`) to
    /// `precision`; the model's other weights stay fp32.
    pub(crate) fn set_precision(&self, vs: &nn::VarStore, precision: Precision) {
        tch::no_grad(|| {
            for (name, mut var) in vs.variables() {
                if name.starts_with("bert.") || name.starts_with("casing_in.") {
                    // `set_data` swaps the storage under every handle of the
                    // variable, the encoder's own included.
                    var.set_data(&var.to_kind(precision.kind()));
                }
            }
        });
    }

    /// Embed a batch, padded to its longest sentence (an encoder whose
    /// layers start at 0 only).
    pub(crate) fn embed(&self, batch: &[&Encoded], train: bool) -> Result<Hidden> {
        let emb = self
            .embeddings
            .as_ref()
            .ok_or_else(|| Error::Invalid("a branch encoder has no embeddings".into()))?;
        let device = emb.word_embeddings.device();
        let width = batch.iter().map(|e| e.len()).max().unwrap_or(0);
        let n = batch.len();
        let mut ids = vec![0i64; n * width];
        let mut mask = vec![0f32; n * width];
        let mut casing = vec![0i64; n * width];
        for (i, e) in batch.iter().enumerate() {
            let row = i * width;
            ids[row..row + e.len()].copy_from_slice(&e.ids);
            casing[row..row + e.len()].copy_from_slice(&e.casing);
            mask[row..row + e.len()].fill(1.0);
        }
        let shape = [n as i64, width as i64];
        let ids = Tensor::from_slice(&ids).view(shape).to(device);
        let mask = Tensor::from_slice(&mask).view(shape).to(device);
        let casing = Tensor::from_slice(&casing).view(shape).to(device);
        let mut embeds = Tensor::embedding(&emb.word_embeddings, &ids, 0, false, false);
        if let Some(c) = &emb.casing_in {
            // Not `+=`: on a tch tensor that is an in-place op inside the autograd graph.
            #[allow(clippy::assign_op_pattern)]
            {
                embeds = embeds + c.forward(&casing);
            }
        }
        let states = emb.bert.forward_t(None, None, None, Some(&embeds), train)?;
        let additive_mask = ((&mask - 1.0) * 10000.0)
            .unsqueeze(1)
            .unsqueeze(1)
            .to_kind(states.kind());
        Ok(Hidden {
            states,
            mask,
            additive_mask,
            casing,
        })
    }

    /// The number of the layer after the encoder's last.
    pub(crate) fn end(&self) -> usize {
        self.first + self.layers.len()
    }

    /// Run the encoder's layers over states from the layer below.
    pub(crate) fn layers(&self, h: Hidden, train: bool) -> Hidden {
        self.run(h, self.first..self.end(), train)
    }

    /// Run layers `range` (numbered in the whole encoder, within this one's)
    /// over states from the layer below them.
    pub(crate) fn run(&self, h: Hidden, range: std::ops::Range<usize>, train: bool) -> Hidden {
        let layers = &self.layers[range.start - self.first..range.end - self.first];
        let states = layers.iter().fold(h.states, |x, layer| {
            layer
                .forward_t(&x, Some(&h.additive_mask), None, None, train)
                .hidden_state
        });
        Hidden { states, ..h }
    }

    /// Embed a batch and run every layer; fp32 states.
    pub(crate) fn forward(&self, batch: &[&Encoded], train: bool) -> Result<Hidden> {
        Ok(self.layers(self.embed(batch, train)?, train).float())
    }
}

/// Copy a base encoder's weights (a BERT safetensors file; names with or
/// without a `bert.` prefix) into the `bert.*` variables of `vs`.
pub(crate) fn load_base_encoder(vs: &nn::VarStore, path: &Path) -> Result<()> {
    let named = Tensor::read_safetensors(path)?;
    let mut vars = vs.variables();
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

/// Write a model directory: `config.json`, fp16 `model.safetensors`, `tokenizer.json`.
pub(crate) fn save_model_dir(
    dir: &Path,
    config: &impl serde::Serialize,
    vs: &nn::VarStore,
    pieces: &WordPieces,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let path = dir.join("config.json");
    std::fs::write(&path, serde_json::to_string_pretty(config)? + "\n").map_err(io_err(&path))?;
    let mut named: Vec<(String, Tensor)> = vs
        .variables()
        .into_iter()
        .map(|(k, v)| (k, v.to_kind(Kind::Half)))
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    Tensor::write_safetensors(&named, dir.join("model.safetensors"))?;
    pieces.save(&dir.join("tokenizer.json"))
}

/// Load a model directory's weights into `vs` (fp16 on disk, fp32 in
/// memory; tensors of the file that `vs` lacks are left out).
pub(crate) fn load_weights(vs: &mut nn::VarStore, dir: &Path) -> Result<()> {
    let weights = dir.join("model.safetensors");
    vs.load(&weights).map_err(|source| Error::Weights {
        path: weights.clone(),
        source,
    })?;
    vs.float();
    Ok(())
}

/// SHA-256 (hex) of a model directory's weights file: what a stance branch
/// records of the NER model it grew from.
pub fn weights_sha256(dir: &Path) -> Result<String> {
    use sha2::Digest;
    let weights = dir.join("model.safetensors");
    let bytes = std::fs::read(&weights).map_err(io_err(&weights))?;
    Ok(sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A window of a sentence, encoded.
pub(crate) struct Unit {
    /// Index of the sentence.
    pub sentence: usize,
    /// The window's words `[start, end)` in the sentence.
    pub start: usize,
    pub end: usize,
    pub enc: Encoded,
}

/// Sentences cut into windows that fit a model ([`windows`]) and grouped
/// into batches of similar length. Two models with the same tokenizer and
/// window see the same plan, so one can hand its states to the other.
pub(crate) struct Plan {
    pub units: Vec<Unit>,
    /// Indices into `units`, sorted by length, at most `batch_size` each.
    pub batches: Vec<Vec<usize>>,
}

impl Plan {
    pub(crate) fn new<'w, S: AsRef<[&'w str]>>(
        pieces: &WordPieces,
        sentences: &[S],
        max_pieces: usize,
        batch_size: usize,
    ) -> Result<Plan> {
        let mut units = Vec::new();
        for (sentence, words) in sentences.iter().enumerate() {
            let words = words.as_ref();
            for (start, end) in windows(pieces, words, max_pieces)? {
                units.push(Unit {
                    sentence,
                    start,
                    end,
                    enc: pieces.encode(&words[start..end])?,
                });
            }
        }
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&u| units[u].enc.len());
        let batches = order.chunks(batch_size.max(1)).map(<[_]>::to_vec).collect();
        Ok(Plan { units, batches })
    }

    /// The encodings of a batch.
    pub(crate) fn encodings(&self, batch: &[usize]) -> Vec<&Encoded> {
        batch.iter().map(|&u| &self.units[u].enc).collect()
    }
}

/// Word ranges of a sentence whose encodings fit `max_pieces`, overlapping
/// by half; one range when the sentence fits.
pub(crate) fn windows(
    pieces: &WordPieces,
    words: &[&str],
    max_pieces: usize,
) -> Result<Vec<(usize, usize)>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let full = pieces.encode(words)?;
    if full.len() <= max_pieces {
        return Ok(vec![(0, words.len())]);
    }
    let budget = max_pieces.saturating_sub(2).max(8);
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
