//! Sentence-splitting and tokenization throughput on plain English text.
//!
//! The input is the two corpus documents concatenated and repeated to about
//! 4 MB. Run with
//! `cargo bench -p stancetag-preprocess --bench split`
//! (criterion reports MB/s as `thrpt`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancetag_preprocess::{words, RuleSplitter, SentenceSplitter};
use std::hint::black_box;
use std::path::Path;

fn corpus() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut one = String::new();
    for doc in [
        "japan-korea-relations-2008-q2.txt",
        "cross-straits-relations-2015.txt",
    ] {
        match std::fs::read_to_string(dir.join(doc)) {
            Ok(t) => one.push_str(&t),
            Err(e) => panic!("cannot read corpus/{doc}: {e}"),
        }
        one.push_str("\n\n");
    }
    one.repeat((4_000_000 / one.len()).max(1))
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("preprocess");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("split", |b| b.iter(|| RuleSplitter.split(black_box(&text))));
    let sentences: Vec<&str> = {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let byte = |c: usize| chars.get(c).map_or(text.len(), |&(b, _)| b);
        RuleSplitter
            .split(&text)
            .iter()
            .map(|s| &text[byte(s.start)..byte(s.end)])
            .collect()
    };
    group.bench_function("words", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| words(black_box(s)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
