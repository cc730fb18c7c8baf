//! Inputs shared by the inference benches: the repository's corpus cut
//! into sentences of words (whitespace tokens, a sentence ending at a token
//! that ends in `.`, `?` or `!`: this crate does not split text itself, the
//! benches only need sentences of realistic length), and the shipped NER
//! model when present.

#![allow(dead_code)] // each bench uses a part

use std::path::{Path, PathBuf};

/// `models/ner` at the workspace root.
pub fn ner_model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/ner")
}

/// The shipped NER model's directory, or `None` (with a message on stderr
/// saying which bench is skipped) when it is absent.
pub fn ner_model_or_skip(bench: &str) -> Option<PathBuf> {
    let dir = ner_model_dir();
    if dir.join("model.safetensors").is_file() && dir.join("tokenizer.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipping the {bench} bench: no model in {} (train one with `stancetag train ner`)",
            dir.display()
        );
        None
    }
}

/// The sentences of the two corpus documents, as words.
pub fn corpus_sentences() -> Vec<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut out = Vec::new();
    for doc in [
        "japan-korea-relations-2008-q2.txt",
        "cross-straits-relations-2015.txt",
    ] {
        let text = match std::fs::read_to_string(dir.join(doc)) {
            Ok(t) => t,
            Err(e) => panic!("cannot read corpus/{doc}: {e}"),
        };
        for paragraph in text.split("\n\n") {
            let mut sentence = Vec::new();
            for word in paragraph.split_whitespace() {
                sentence.push(word.to_string());
                if word.ends_with(['.', '?', '!']) {
                    out.push(std::mem::take(&mut sentence));
                }
            }
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
    }
    out
}

/// Borrowed views of sentences.
pub fn as_strs(sentences: &[Vec<String>]) -> Vec<Vec<&str>> {
    sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect()
}
