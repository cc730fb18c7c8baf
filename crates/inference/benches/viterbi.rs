//! Constrained Viterbi decoding of word scores over the nine CoNLL IOB2
//! labels, for sentences of 14 words (about CoNLL-2003's mean) and 40 words.
//! The scores are synthetic (a fixed pseudo-random sequence, normalised
//! per word), so no model is needed.
//!
//! `cargo bench -p stancetag-inference --bench viterbi`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stancetag_inference::viterbi;
use std::hint::black_box;

const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Log-probabilities `[words, labels]` from a small linear congruential generator.
fn scores(words: usize, seed: u64) -> ndarray::Array2<f32> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f32) / (1u64 << 31) as f32
    };
    let mut out = ndarray::Array2::zeros((words, LABELS.len()));
    for mut row in out.rows_mut() {
        row.iter_mut().for_each(|x| *x = next() * 6.0);
        let log_sum = row.iter().map(|x| x.exp()).sum::<f32>().ln();
        row -= log_sum;
    }
    out
}

fn bench(c: &mut Criterion) {
    let labels: Vec<String> = LABELS.iter().map(|l| l.to_string()).collect();
    let mut group = c.benchmark_group("viterbi");
    for words in [14, 40] {
        let batch: Vec<ndarray::Array2<f32>> = (0..32).map(|k| scores(words, k)).collect();
        group.throughput(Throughput::Elements(batch.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("32 sentences", format!("{words} words")),
            &batch,
            |b, batch| {
                b.iter(|| {
                    batch
                        .iter()
                        .map(|s| viterbi(&labels, black_box(s.view())).len())
                        .sum::<usize>()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
