//! `stancetag bench`: argument checking, and (ignored: it loads the shipped
//! model) one small end-to-end run. A benchmark is not a test: nothing here
//! looks at a duration, only at the report's shape and its accuracy.
//!
//! `cargo test --release -p stancetag-cli --test cli bench -- --include-ignored`

use super::fixture;
use std::path::PathBuf;
use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancetag"))
        .arg("bench")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_arguments_are_named() {
    let g = fixture("iob1.gold.conll");
    let out = bench(&["--gold", &g, "--runs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--runs must be at least 1"),
        "{}",
        stderr(&out)
    );

    let out = bench(&["--gold", &g, "--batch-size", "8", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--batch-size must be at least 1"),
        "{}",
        stderr(&out)
    );

    let out = bench(&["--gold", &g, "--threads", "1", "--workers", "2"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("skipping 2 workers on 1 threads"), "{err}");
    assert!(
        err.contains("no setting has at most as many workers as threads"),
        "{err}"
    );

    let out = bench(&["--render", "/nonexistent/bench.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read /nonexistent/bench.json"),
        "{}",
        stderr(&out)
    );

    let out = bench(&["--gold", &g, "--models", "/nonexistent/ner", "--no-stance"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("loading the NER model from /nonexistent/ner"),
        "{}",
        stderr(&out)
    );
}

#[test]
#[ignore = "loads the shipped models/ner"]
fn json_report_with_the_shipped_model() {
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner");
    let g = fixture("iob1.gold.conll");
    let out = bench(&[
        "--gold",
        &g,
        "--models",
        model.to_str().unwrap(),
        "--no-stance",
        "--threads",
        "1",
        "--workers",
        "1",
        "--batch-size",
        "2",
        "8",
        "--runs",
        "2",
        "--warmup",
        "0",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"], 2);
    assert!(v["sentences"].as_u64().unwrap() > 0);
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for (r, batch) in results.iter().zip([2, 8]) {
        assert_eq!(r["batch_size"], batch);
        assert!(["fp32", "bf16"].contains(&r["precision"].as_str().unwrap()));
        assert_eq!(r["sentences_per_second"]["n"], 2);
        assert!(r["ner_batch_ms"]["batches"].as_u64().unwrap() > 0);
        assert!(r.get("stance_batch_ms").is_none());
        let f1 = r["accuracy"]["ner_f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{f1}");
    }

    // A saved report renders as Markdown without measuring again.
    let saved = std::env::temp_dir().join(format!("stancetag-bench-{}.json", std::process::id()));
    std::fs::write(&saved, &out.stdout).unwrap();
    let md = bench(&["--render", saved.to_str().unwrap(), "--format", "markdown"]);
    let _ = std::fs::remove_file(&saved);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("| models | precision | threads |"), "{md}");
    assert_eq!(
        md.lines().filter(|l| l.contains("| 1 | 1 |")).count(),
        2,
        "{md}"
    );
}
