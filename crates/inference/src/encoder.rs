//! The shared encoder: rust-bert's `BertModel` over word pieces whose
//! embeddings carry the word's casing class, plus the model-directory files.

use crate::casing::CASING_CLASSES;
use crate::error::{io_err, Error, Result};
use crate::tokenize::{Encoded, WordPieces};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use std::path::Path;
use tch::{nn, nn::Module, Kind, Tensor};

/// A BERT encoder at `bert.*` in a var store, with an optional casing
/// embedding (`casing_in`, initialised to zero so training starts from the
/// base model) added to the word-piece embeddings.
pub(crate) struct Encoder {
    bert: BertModel<BertEmbeddings>,
    word_embeddings: Tensor,
    casing_in: Option<nn::Embedding>,
}

/// The encoder's output for a batch.
pub(crate) struct Hidden {
    /// `[batch, pieces, hidden]`.
    pub states: Tensor,
    /// `[batch, pieces]`, 1.0 on real pieces, 0.0 on padding.
    pub mask: Tensor,
    /// `[batch, pieces]` casing classes.
    pub casing: Tensor,
}

impl Encoder {
    pub(crate) fn new(vs: &nn::VarStore, config: &BertConfig, casing: bool) -> Result<Encoder> {
        let root = vs.root();
        let bert =
            BertModel::<BertEmbeddings>::new_with_optional_pooler(&root / "bert", config, false);
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
        Ok(Encoder {
            bert,
            word_embeddings,
            casing_in,
        })
    }

    /// Run the encoder over a batch, padded to its longest sentence.
    pub(crate) fn forward(&self, batch: &[&Encoded], train: bool) -> Result<Hidden> {
        let device = self.word_embeddings.device();
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
            // Not `+=`: on a tch tensor that is an in-place op inside the autograd graph.
            #[allow(clippy::assign_op_pattern)]
            {
                embeds = embeds + emb.forward(&casing);
            }
        }
        let states = self
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
        Ok(Hidden {
            states,
            mask: mask.to_kind(Kind::Float),
            casing,
        })
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

/// Load a model directory's weights into `vs` (fp16 on disk, fp32 in memory).
pub(crate) fn load_weights(vs: &mut nn::VarStore, dir: &Path) -> Result<()> {
    let weights = dir.join("model.safetensors");
    vs.load(&weights).map_err(|e| Error::Config {
        path: weights.clone(),
        message: e.to_string(),
    })?;
    vs.float();
    Ok(())
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
