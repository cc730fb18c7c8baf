//! `stancetag eval` on the evaluation crate's fixtures (their numbers are
//! worked out in `crates/evaluation/tests/files.rs`).

use super::fixture;
use std::process::{Command, Output};

fn eval(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancetag"))
        .arg("eval")
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = eval(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn close(v: &serde_json::Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

#[test]
fn conll_scores_sit_at_the_documented_keys() {
    let (g, p) = (fixture("iob1.gold.conll"), fixture("iob1.pred.conll"));
    let v = json(&["--gold", &g, "--pred", &p]);
    let c = &v["ner"]["conlleval"];
    assert_eq!(c["basis"], "tokens");
    assert!(close(&c["precision"], 3.0 / 7.0));
    assert!(close(&c["recall"], 3.0 / 7.0));
    assert!(close(&c["f1"], 3.0 / 7.0));
    assert_eq!(c["tokens"], 18);
    assert_eq!(v["ner"]["semeval"]["strict"]["micro"]["possible"], 8);
    assert_eq!(v["errors"]["total"], 5);

    // Forcing the gold's scheme is checked against its tags.
    let out = eval(&["--gold", &g, "--pred", &p, "--scheme", "bioes"]);
    assert!(out.status.success());
    let out = eval(&["--gold", &g, "--pred", &p, "--scheme", "io"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("iob1.gold.conll:11: tag \"B-PER\" is not an io tag"),
        "{err}"
    );
}

#[test]
fn jsonl_table_and_markdown() {
    let (g, p) = (fixture("tagged.gold.jsonl"), fixture("tagged.pred.jsonl"));
    let out = eval(&["--gold", &g, "--pred", &p, "--errors", "2"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("overall     6     6        3  50.00  50.00  50.00"),
        "{text}"
    );
    assert!(text.contains("Errors: 6 in all"), "{text}");
    assert!(text.contains("(first 2 shown)"), "{text}");
    assert!(text.contains("Tokyo praised [[Seoul]]."), "{text}");

    let out = eval(&["--gold", &g, "--pred", &p, "--format", "markdown"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("| class | gold | pred | P | R | F1 |\n|---|---:|"),
        "{text}"
    );

    let v = json(&["--gold", &g, "--pred", &p]);
    assert!(close(&v["sentiment"]["accuracy"], 2.0 / 3.0));
    assert_eq!(v["stance"]["entities"]["matched"], 4);
    assert_eq!(v["sentences"]["f1"], 1.0);
}

#[test]
fn newsmtsc_gold_with_forced_formats() {
    let (g, p) = (
        fixture("newsmtsc.gold.jsonl"),
        fixture("newsmtsc.pred.jsonl"),
    );
    let v = json(&[
        "--gold",
        &g,
        "--gold-format",
        "newsmtsc",
        "--pred",
        &p,
        "--pred-format",
        "jsonl",
    ]);
    assert!(close(&v["stance"]["targets"]["accuracy"], 0.5));
    assert!(v.get("ner").is_none());
}

#[test]
fn conllu_gold_is_split_by_stancetag() {
    let v = json(&["--gold", &fixture("two-sentences.conllu")]);
    let s = &v["sentences"];
    assert_eq!(
        (s["gold"].as_u64(), s["correct"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn clear_errors() {
    let g = fixture("tagged.gold.jsonl");
    // Without --pred the models tag the gold text: a missing model is named.
    let out = eval(&["--gold", &g, "--ner-model", "/nonexistent/ner"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loading the NER model from /nonexistent/ner"),
        "{err}"
    );

    let out = eval(&["--gold", &fixture("newsmtsc.gold.jsonl"), "--pred", &g]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gold document \"n1\" is missing from the predictions"),
        "{err}"
    );

    let out = eval(&[
        "--gold",
        &fixture("iob1.gold.conll"),
        "--pred",
        &fixture("illformed.pred.conll"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the files are not aligned: expected -DOCSTART-, found token \"Merkel\""),
        "{err}"
    );
}
