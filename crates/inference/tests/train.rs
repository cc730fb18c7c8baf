//! Training on a tiny encoder: the same seed gives the same weights, and a
//! run resumed from its checkpoint ends where an unbroken run ends.

use stancetag_inference::{
    train_ner, Casing, Device, Error, NerConfig, NerModel, TaggedWords, TrainConfig, WordPieces,
};
use std::path::{Path, PathBuf};

fn tokenizer() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner/tokenizer.json")
}

/// A 1-layer, 32-wide BERT: fast enough to train in a test.
fn tiny_model() -> NerModel {
    let encoder = serde_json::from_value(serde_json::json!({
        "hidden_act": "gelu", "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1,
        "hidden_size": 32, "initializer_range": 0.02, "intermediate_size": 64,
        "max_position_embeddings": 64, "num_attention_heads": 2, "num_hidden_layers": 1,
        "type_vocab_size": 2, "vocab_size": 30522
    }))
    .unwrap();
    let labels = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
        .map(String::from)
        .to_vec();
    let config = NerConfig {
        labels,
        casing: Casing::Input,
        casing_dim: 4,
        max_pieces: 64,
        constrained_decoding: true,
        encoder,
    };
    tch::manual_seed(7);
    NerModel::new(
        config,
        WordPieces::from_file(&tokenizer()).unwrap(),
        Device::Cpu,
    )
    .unwrap()
}

fn data() -> Vec<TaggedWords> {
    let s = |w: &[&str], l: &[usize]| TaggedWords {
        words: w.iter().map(|x| x.to_string()).collect(),
        labels: l.to_vec(),
    };
    (0..12)
        .flat_map(|_| {
            [
                s(&["Kim", "visited", "Seoul", "."], &[3, 0, 1, 0]),
                s(
                    &["Talks", "in", "North", "Korea", "stalled"],
                    &[0, 0, 1, 2, 0],
                ),
                s(&["Lee", "Myung-bak", "spoke"], &[3, 4, 0]),
            ]
        })
        .collect()
}

fn config(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        batch_size: 8,
        patience: 5,
        ..TrainConfig::default()
    }
}

/// Train for 2 epochs and return the best model's weights. The dev score
/// rises every epoch (so each epoch's model is kept), counting from
/// `first_epoch`; at `crash_at` it fails instead, as a killed run would,
/// after that epoch's steps and before its checkpoint.
fn run(out: &Path, resume: bool, first_epoch: usize, crash_at: Option<usize>) -> Option<Vec<u8>> {
    let mut model = tiny_model();
    let mut epoch = first_epoch;
    let mut dev = |_: &NerModel| {
        epoch += 1;
        if Some(epoch) == crash_at {
            return Err(Error::Invalid("crash".into()));
        }
        Ok(epoch as f64)
    };
    train_ner(
        &mut model,
        &data(),
        &config(2),
        out,
        resume,
        &mut dev,
        &mut |_| {},
    )
    .ok()?;
    Some(std::fs::read(out.join("model").join("model.safetensors")).unwrap())
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn same_seed_same_weights_and_resume_equals_unbroken() {
    tch::set_num_threads(1);
    let unbroken = run(&scratch("train-unbroken"), false, 0, None).unwrap();
    let again = run(&scratch("train-again"), false, 0, None).unwrap();
    assert!(unbroken == again, "two runs with one seed differ");

    let dir = scratch("train-resumed");
    assert!(
        run(&dir, false, 0, Some(2)).is_none(),
        "the run should crash in epoch 2"
    );
    let after_one = std::fs::read(dir.join("model").join("model.safetensors")).unwrap();
    assert!(after_one != unbroken, "one epoch should not equal two");
    let resumed = run(&dir, true, 1, None).unwrap();
    assert!(
        resumed == unbroken,
        "a resumed run differs from an unbroken one"
    );
}
