//! The encoder forward of one batch: the shipped NER model's word scores
//! (`NerModel::word_log_probs`: MiniLM-L6 forward, classifier, log-softmax,
//! copy out) for 32 corpus sentences of about the median length, at one
//! libtorch thread and at all cores.
//!
//! `cargo bench -p stancetag-inference --bench encoder` (needs `models/ner`
//! at the workspace root; skipped with a message when it is absent).
//! Criterion reports sentences per second as `thrpt`.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stancetag_inference::{Device, Encoded, NerModel};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let Some(dir) = common::ner_model_or_skip("encoder") else {
        return;
    };
    let model = match NerModel::load(&dir, Device::Cpu) {
        Ok(m) => m,
        Err(e) => panic!("loading {}: {e}", dir.display()),
    };
    let owned = common::corpus_sentences();
    let sentences = common::as_strs(&owned);
    let mut encoded: Vec<Encoded> = sentences
        .iter()
        .filter_map(|s| model.pieces().encode(s).ok())
        .filter(|e| e.len() <= model.config().max_pieces)
        .collect();
    // 32 sentences around the median length, as a length-sorted batch would be.
    encoded.sort_by_key(Encoded::len);
    let mid = encoded.len() / 2;
    let batch: Vec<&Encoded> = encoded[mid.saturating_sub(16)..(mid + 16).min(encoded.len())]
        .iter()
        .collect();
    let pieces: usize = batch.iter().map(|e| e.len()).sum();
    eprintln!(
        "encoder bench: batch of {} sentences, {pieces} pieces",
        batch.len()
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut group = c.benchmark_group("encoder");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.sample_size(10);
    for threads in [1, cores] {
        tch::set_num_threads(threads as i32);
        group.bench_with_input(
            BenchmarkId::new("batch of 32", format!("{threads} threads")),
            &batch,
            |b, batch| {
                b.iter(|| {
                    model
                        .word_log_probs(black_box(batch))
                        .map_or(0, |s| s.len())
                })
            },
        );
        if threads == cores {
            break;
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
