//! Sentence-boundary precision, recall and F1 of stancetag's rule-based
//! splitter on CoNLL-U files (UD English EWT dev and test, for instance):
//!
//! ```text
//! cargo run --release -p stancetag-evaluation --example ewt_boundaries -- en_ewt-ud-dev.conllu
//! ```
//!
//! Documents are rebuilt from `# newdoc`, `# newpar` and `# text` (see
//! [`parse_conllu`]); boundaries are compared ignoring whitespace (see
//! [`boundary_counts`]). `--show N` also prints up to N missed and N spurious
//! boundaries with some context.

use stancetag_evaluation::{boundary_counts, parse_conllu, BoundaryCounts};
use stancetag_preprocess::{RuleSplitter, SentenceSplitter, Span};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--show" {
            match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => show = n,
                None => {
                    eprintln!("ewt_boundaries: --show needs a number");
                    return ExitCode::from(2);
                }
            }
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() {
        eprintln!("usage: ewt_boundaries [--show N] FILE.conllu...");
        return ExitCode::from(2);
    }
    for file in files {
        let path = Path::new(&file);
        let input = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("ewt_boundaries: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        };
        let docs = match parse_conllu(&input, path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("ewt_boundaries: {e}");
                return ExitCode::from(2);
            }
        };
        let mut total = BoundaryCounts::default();
        let mut missed = Vec::new();
        let mut spurious = Vec::new();
        let mut sentences = 0;
        for d in &docs {
            let text = &d.document.text;
            let predicted = RuleSplitter.split(text);
            total.add(boundary_counts(text, &d.sentences, &predicted));
            sentences += d.sentences.len();
            if show > 0 {
                let chars: Vec<char> = text.chars().collect();
                let ends = |spans: &[Span]| -> Vec<usize> {
                    spans[..spans.len().saturating_sub(1)]
                        .iter()
                        .map(|s| s.end)
                        .collect()
                };
                let (gold, pred) = (ends(&d.sentences), ends(&predicted));
                let starts = |spans: &[Span]| -> Vec<usize> {
                    spans.iter().skip(1).map(|s| s.start).collect()
                };
                let (gold_starts, pred_starts) = (starts(&d.sentences), starts(&predicted));
                let context = |at: usize| {
                    let a = at.saturating_sub(60);
                    let z = (at + 40).min(chars.len());
                    let left: String = chars[a..at].iter().collect();
                    let right: String = chars[at..z].iter().collect();
                    format!("{left}‖{right}").replace('\n', "⏎")
                };
                // Whitespace-insensitive: a boundary matches if the other side
                // has a sentence end or start within the whitespace around it.
                let near = |x: usize, ends: &[usize], starts: &[usize]| {
                    let (mut a, mut z) = (x, x);
                    while a > 0 && chars[a - 1].is_whitespace() {
                        a -= 1;
                    }
                    while z < chars.len() && chars[z].is_whitespace() {
                        z += 1;
                    }
                    ends.iter().chain(starts).any(|&e| e >= a && e <= z)
                };
                for &g in &gold {
                    if !near(g, &pred, &pred_starts) {
                        missed.push(context(g));
                    }
                }
                for &p in &pred {
                    if !near(p, &gold, &gold_starts) {
                        spurious.push(context(p));
                    }
                }
            }
        }
        let s = total.scores();
        println!(
            "{file}: {} documents, {sentences} sentences, {} gold boundaries, {} predicted, {} correct",
            docs.len(),
            total.gold,
            total.predicted,
            total.correct
        );
        println!(
            "precision {:.2}%  recall {:.2}%  F1 {:.2}%",
            100.0 * s.precision,
            100.0 * s.recall,
            100.0 * s.f1
        );
        if show > 0 {
            println!(
                "\nmissed boundaries ({} shown of {}):",
                show.min(missed.len()),
                missed.len()
            );
            for m in missed.iter().take(show) {
                println!("  {m}");
            }
            println!(
                "\nspurious boundaries ({} shown of {}):",
                show.min(spurious.len()),
                spurious.len()
            );
            for m in spurious.iter().take(show) {
                println!("  {m}");
            }
        }
    }
    ExitCode::SUCCESS
}
