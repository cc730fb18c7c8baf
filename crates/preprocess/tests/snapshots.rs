//! Golden snapshots of the splitter on the corpus documents.
//!
//! Each snapshot (`tests/snapshots/split-<doc>.txt` at the workspace root) has
//! one sentence per line, line breaks inside a sentence shown as `⏎`.
//! After a deliberate change to the splitter, rewrite them with
//! `STANCETAG_BLESS=1 cargo test --release -p stancetag-preprocess snapshot`
//! and read the diff before committing.

use stancetag_preprocess::{RuleSplitter, SentenceSplitter};
use std::path::PathBuf;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn render(text: &str) -> String {
    let mut out = String::new();
    for span in RuleSplitter.split(text) {
        let sentence = &text[span.range()];
        out.push_str(&sentence.replace("\r\n", "\n").replace('\n', "⏎"));
        out.push('\n');
    }
    out
}

/// A line diff good enough to read a snapshot change: lines only in one side.
fn diff(expected: &str, actual: &str) -> String {
    let exp: Vec<&str> = expected.lines().collect();
    let act: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for l in &exp {
        if !act.contains(l) {
            out.push_str(&format!("- {l}\n"));
        }
    }
    for l in &act {
        if !exp.contains(l) {
            out.push_str(&format!("+ {l}\n"));
        }
    }
    out
}

fn check(doc: &str) {
    let root = workspace();
    let text = std::fs::read_to_string(root.join("corpus").join(format!("{doc}.txt")))
        .expect("corpus document is part of the repository");
    let actual = render(&text);
    let path = root
        .join("tests/snapshots")
        .join(format!("split-{doc}.txt"));
    if std::env::var("STANCETAG_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).expect("snapshot is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        panic!(
            "split of corpus/{doc}.txt differs from {}:\n{}\n(rerun with STANCETAG_BLESS=1 to accept)",
            path.display(),
            diff(&expected, &actual)
        );
    }
}

#[test]
fn snapshot_japan_korea() {
    check("japan-korea-relations-2008-q2");
}

#[test]
fn snapshot_cross_straits() {
    check("cross-straits-relations-2015");
}
