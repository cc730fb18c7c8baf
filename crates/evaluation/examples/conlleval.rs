//! A drop-in for the conlleval perl script: reads `token ... gold predicted`
//! lines on standard input and prints conlleval's report, number for number.
//!
//! ```text
//! paste -d' ' gold.conll <(cut -d' ' -f4 pred.conll) | cargo run --release -p stancetag-evaluation --example conlleval
//! ```
//!
//! Lines are split on single spaces, as conlleval does by default; an empty
//! line or a line starting with `-X-` is a sentence boundary.

use stancetag_evaluation::{conlleval, TagPair};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("conlleval: cannot read standard input: {e}");
        return ExitCode::FAILURE;
    }
    let mut lines = Vec::new();
    for (n, line) in input.lines().enumerate() {
        // Perl's split drops trailing empty fields.
        let mut fields: Vec<&str> = line.split(' ').collect();
        while fields.last() == Some(&"") {
            fields.pop();
        }
        lines.push(match fields.as_slice() {
            [] | ["-X-", ..] => TagPair::Boundary,
            [_] => {
                eprintln!("conlleval: unexpected number of features in line {}", n + 1);
                return ExitCode::FAILURE;
            }
            [.., gold, predicted] => TagPair::Token { gold, predicted },
        });
    }
    let c = conlleval(lines);
    let o = c.overall.scores();
    println!(
        "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
        c.tokens, c.overall.gold, c.overall.predicted, c.overall.correct
    );
    if c.tokens > 0 {
        println!(
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            100.0 * c.accuracy(),
            100.0 * o.precision,
            100.0 * o.recall,
            100.0 * o.f1
        );
    }
    // conlleval lists the sorted keys of its gold and guessed counts,
    // dropping a repeat unless the previous key is false in Perl ("" or "0").
    let mut keys: Vec<&String> = c
        .per_type
        .iter()
        .filter(|(_, n)| n.gold > 0)
        .chain(c.per_type.iter().filter(|(_, n)| n.predicted > 0))
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    let mut last: Option<&String> = None;
    for k in keys {
        let perl_false = match last {
            None => true,
            Some(l) => l.is_empty() || l == "0",
        };
        if perl_false || last != Some(k) {
            let n = &c.per_type[k];
            let s = n.scores();
            println!(
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                k,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                n.predicted
            );
        }
        last = Some(k);
    }
    ExitCode::SUCCESS
}
