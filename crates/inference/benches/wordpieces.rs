//! Word-piece tokenizing: the shipped NER model's tokenizer (Hugging Face
//! `tokenizers`, padding and truncation off) encoding the corpus sentences
//! given as words, with the casing classes and the word-to-piece map.
//!
//! `cargo bench -p stancetag-inference --bench wordpieces` (needs
//! `models/ner`; skipped with a message when it is absent). Criterion reports
//! sentences per second as `thrpt`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancetag_inference::WordPieces;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let Some(dir) = common::ner_model_or_skip("wordpieces") else {
        return;
    };
    let pieces = match WordPieces::from_file(&dir.join("tokenizer.json")) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let owned = common::corpus_sentences();
    let sentences = common::as_strs(&owned);
    let mut group = c.benchmark_group("inference");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.sample_size(20);
    group.bench_function("wordpieces", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| pieces.encode(black_box(s)).map_or(0, |e| e.len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
