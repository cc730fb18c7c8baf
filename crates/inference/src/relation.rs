//! Directed relations between two targets of a sentence, from the stance
//! model's encoder pass.
//!
//! For an ordered pair (source `i`, target `j`) of a sentence's targets the
//! head reads what the stance model has already computed for each target –
//! the mean of its pieces `t` and its attention context `c` – plus the mean
//! of the pieces between the two spans `b`, the sentence mean `s` and
//! whether the source comes first: `[t_i, t_j, t_i∘t_j, c_i, c_j, b, s,
//! order]`, one hidden layer (GELU), three classes (negative, none,
//! positive). Nothing is encoded again: a pair costs two small matrix
//! products. The head lives in a directory of its own (`models/relations/`),
//! bound to the stance weights it was trained on by their SHA-256.

use crate::config::{ModelConfig, RelationConfig};
use crate::encoder::{load_weights, weights_sha256};
use crate::error::{io_err, Error, Result};
use std::path::Path;
use tch::{nn, Device, Kind, Tensor};

/// Width of the pair features for encoder width `h`.
pub fn feature_width(h: i64) -> i64 {
    7 * h + 1
}

/// The relation head.
pub struct RelationHead {
    pub(crate) vs: nn::VarStore,
    hidden: nn::Linear,
    out: nn::Linear,
    dropout: f64,
    pub(crate) config: RelationConfig,
}

impl RelationHead {
    /// An untrained head.
    pub fn new(config: RelationConfig, device: Device) -> RelationHead {
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let f = feature_width(config.encoder_width);
        RelationHead {
            hidden: nn::linear(
                &root / "relation_hidden",
                f,
                config.hidden,
                Default::default(),
            ),
            out: nn::linear(&root / "relation_out", config.hidden, 3, Default::default()),
            dropout: config.dropout,
            vs,
            config,
        }
    }

    /// Load a head directory and check that it was trained on the stance
    /// model in `stance_dir`.
    pub fn load(dir: &Path, stance_dir: &Path, device: Device) -> Result<RelationHead> {
        let path = dir.join("config.json");
        let config = match ModelConfig::from_file(&path)? {
            ModelConfig::Relations(c) => c,
            other => {
                return Err(Error::Config {
                    path,
                    message: format!("expected a relations model, found a {} model", other.kind()),
                })
            }
        };
        let sha = weights_sha256(stance_dir)?;
        if config.stance_sha256 != sha {
            return Err(Error::Config {
                path,
                message: format!(
                    "this relation head was trained on the stance model whose weights have \
                     SHA-256 {}, not on {} ({sha}); give the stance model it was trained on",
                    config.stance_sha256,
                    stance_dir.display()
                ),
            });
        }
        let mut head = RelationHead::new(config, device);
        load_weights(&mut head.vs, dir)?;
        Ok(head)
    }

    /// Write the head directory (config and fp16 weights).
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let path = dir.join("config.json");
        let config = ModelConfig::Relations(self.config.clone());
        std::fs::write(&path, serde_json::to_string_pretty(&config)? + "\n")
            .map_err(io_err(&path))?;
        let mut named: Vec<(String, Tensor)> = self
            .vs
            .variables()
            .into_iter()
            .map(|(k, v)| (k, v.to_kind(Kind::Half)))
            .collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        Tensor::write_safetensors(&named, dir.join("model.safetensors"))?;
        Ok(())
    }

    /// The head's configuration.
    pub fn config(&self) -> &RelationConfig {
        &self.config
    }

    /// Probabilities (negative, none, positive) of each row of pair features.
    pub fn probabilities(&self, features: &Tensor) -> Result<Vec<[f32; 3]>> {
        let p = tch::no_grad(|| self.logits(&features.to(self.vs.device()), false))
            .softmax(-1, Kind::Float)
            .to_device(Device::Cpu)
            .contiguous();
        let flat = Vec::<f32>::try_from(p.view([-1]))?;
        Ok(flat.chunks(3).map(|c| [c[0], c[1], c[2]]).collect())
    }

    /// Logits `[pairs, 3]` of pair features `[pairs, feature_width]`.
    pub fn logits(&self, features: &Tensor, train: bool) -> Tensor {
        features
            .dropout(self.dropout, train)
            .apply(&self.hidden)
            .gelu("none")
            .dropout(self.dropout, train)
            .apply(&self.out)
    }
}

/// Pair features (see the module docs). `rows[k]` is the sentence of target
/// `k`, `spans[k]` its piece range, `mean[r]` the mean state of sentence
/// `r`; `pairs` index targets (global).
#[allow(clippy::too_many_arguments)]
pub(crate) fn pair_features(
    states: &Tensor,
    mask: &Tensor,
    target: &Tensor,
    context: &Tensor,
    mean: &Tensor,
    rows: &[i64],
    spans: &[(usize, usize)],
    pairs: &[(usize, usize)],
) -> Result<Tensor> {
    let device = states.device();
    let (_, width, _) = states.size3()?;
    let p = pairs.len();
    let src = Tensor::from_slice(&pairs.iter().map(|x| x.0 as i64).collect::<Vec<_>>()).to(device);
    let dst = Tensor::from_slice(&pairs.iter().map(|x| x.1 as i64).collect::<Vec<_>>()).to(device);
    let pair_rows: Vec<i64> = pairs.iter().map(|x| rows[x.0]).collect();
    let pair_rows = Tensor::from_slice(&pair_rows).to(device);
    // The mean state of the pieces strictly between the two spans, from
    // prefix sums over each sentence (memory O(batch × width), not
    // O(pairs × width) as a mask per pair would take).
    let (batch, _, hidden) = states.size3()?;
    let m = mask.unsqueeze(-1);
    let zero = Tensor::zeros([batch, 1, hidden], (Kind::Float, device));
    let sums = Tensor::cat(&[&zero, &(states * &m).cumsum(1, Kind::Float)], 1)
        .view([batch * (width + 1), hidden]);
    let counts = Tensor::cat(
        &[
            &Tensor::zeros([batch, 1], (Kind::Float, device)),
            &mask.cumsum(1, Kind::Float),
        ],
        1,
    )
    .view([batch * (width + 1)]);
    let mut lo = Vec::with_capacity(p);
    let mut hi = Vec::with_capacity(p);
    let mut order = vec![0f32; p];
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let (a, b) = (spans[i], spans[j]);
        let (l, h) = if a.0 <= b.0 { (a.1, b.0) } else { (b.1, a.0) };
        let base = rows[i] * (width + 1);
        lo.push(base + l as i64);
        hi.push(base + h.max(l) as i64);
        order[k] = f32::from(a.0 <= b.0);
    }
    let lo = Tensor::from_slice(&lo).to(device);
    let hi = Tensor::from_slice(&hi).to(device);
    let between = (sums.index_select(0, &hi) - sums.index_select(0, &lo))
        / (counts.index_select(0, &hi) - counts.index_select(0, &lo))
            .clamp_min(1.0)
            .unsqueeze(-1);
    let ti = target.index_select(0, &src);
    let tj = target.index_select(0, &dst);
    let prod = &ti * &tj;
    let order = Tensor::from_slice(&order).view([p as i64, 1]).to(device);
    Ok(Tensor::cat(
        &[
            ti,
            tj,
            prod,
            context.index_select(0, &src),
            context.index_select(0, &dst),
            between,
            mean.index_select(0, &pair_rows),
            order,
        ],
        -1,
    ))
}
