//! `stancetag tag` with the shipped models (`models/ner`, `models/stance`):
//! entities, sentiment, stance, targets, summaries, windows, threads.

use super::with_stdin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tag-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tag(args: &[&str], stdin: &str) -> Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stancetag"));
    with_stdin(cmd.arg("tag").args(args).current_dir(root), stdin)
}

fn docs(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn slice(doc: &Value, v: &Value) -> String {
    let (a, z) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
    doc["text"]
        .as_str()
        .unwrap()
        .chars()
        .skip(a as usize)
        .take((z - a) as usize)
        .collect()
}

fn entities(doc: &Value) -> Vec<(String, String)> {
    doc["entities"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    assert_eq!(e["text"].as_str().unwrap(), slice(doc, e));
                    (
                        e["text"].as_str().unwrap().to_string(),
                        e["label"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

const TEXT: &str = "Prime Minister Fukuda Yasuo met President Lee Myung-bak in Tokyo on April 21. \
                    The two leaders agreed to resume shuttle diplomacy. \
                    North Korea denounced the summit.";

#[test]
fn finds_whole_names_with_offsets_sentiment_and_stance() {
    let d = &docs(&tag(&["--input-format", "text", "--threads", "1"], TEXT))[0];
    let e = entities(d);
    for want in [
        ("Fukuda Yasuo", "PER"),
        ("Lee Myung-bak", "PER"),
        ("Tokyo", "LOC"),
        ("North Korea", "LOC"),
    ] {
        assert!(
            e.contains(&(want.0.into(), want.1.into())),
            "{want:?} not in {e:?}"
        );
    }
    assert_eq!(d["sentences"].as_array().unwrap().len(), 3);
    for s in d["sentences"].as_array().unwrap() {
        assert_eq!(s["text"].as_str().unwrap(), slice(d, s));
        let p = &s["sentiment"]["scores"];
        let sum: f64 = ["negative", "neutral", "positive"]
            .iter()
            .map(|k| p[k].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-4);
    }
    for ent in d["entities"].as_array().unwrap() {
        assert!(ent["stance"]["label"].is_string());
        let s = ent["sentence"].as_u64().unwrap() as usize;
        let sentence = &d["sentences"][s];
        assert!(sentence["start"].as_u64() <= ent["start"].as_u64());
        assert!(ent["end"].as_u64() <= sentence["end"].as_u64());
    }
    // "Lee Myung-bak" and later "Lee" would merge; here each actor appears once.
    let names: Vec<&str> = d["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Lee Myung-bak"), "{names:?}");
}

#[test]
fn jsonl_metadata_and_targets_come_back_in_order() {
    let line = r#"{"id":"t1","source":"wire","text":"Seoul welcomed Tokyo's decision, while Pyongyang denounced it.","targets":[{"start":39,"end":48},{"start":0,"end":5}]}"#;
    let d = &docs(&tag(&["--input-format", "jsonl", "--threads", "1"], line))[0];
    assert_eq!(d["id"], "t1");
    assert_eq!(d["source"], "wire");
    let t = d["targets"].as_array().unwrap();
    assert_eq!(
        (t[0]["start"].as_u64(), t[1]["start"].as_u64()),
        (Some(39), Some(0))
    );
    assert!(t.iter().all(|t| t["stance"]["label"].is_string()));
}

#[test]
fn no_stance_tags_entities_only() {
    let d = &docs(&tag(
        &["--input-format", "text", "--no-stance", "--threads", "1"],
        TEXT,
    ))[0];
    assert!(!entities(d).is_empty());
    assert!(d["sentences"][0].get("sentiment").is_none());
    assert!(d["entities"][0].get("stance").is_none());
}

#[test]
fn the_stance_branch_tags_sentiment_and_stance() {
    let args = [
        "--input-format",
        "text",
        "--threads",
        "1",
        "--stance-model",
        "models/stance-branch",
    ];
    let d = &docs(&tag(&args, TEXT))[0];
    assert_eq!(entities(d), entities(&docs(&tag(&args[..4], TEXT))[0]));
    for s in d["sentences"].as_array().unwrap() {
        let p = &s["sentiment"]["scores"];
        let sum: f64 = ["negative", "neutral", "positive"]
            .iter()
            .map(|k| p[k].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-3, "{s}");
    }
    assert!(d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["stance"]["label"].is_string()));
}

#[test]
fn bf16_finds_what_fp32_finds() {
    let run = |precision: &str| {
        let args = [
            "--input-format",
            "text",
            "--threads",
            "1",
            "--precision",
            precision,
        ];
        docs(&tag(&args, TEXT)).remove(0)
    };
    let (fp32, bf16) = (run("fp32"), run("bf16"));
    assert_eq!(entities(&fp32), entities(&bf16));
    let sentiment = |d: &Value, i: usize, k: &str| {
        d["sentences"][i]["sentiment"]["scores"][k]
            .as_f64()
            .unwrap()
    };
    for i in 0..3 {
        for k in ["negative", "neutral", "positive"] {
            let (a, b) = (sentiment(&fp32, i, k), sentiment(&bf16, i, k));
            assert!((a - b).abs() < 0.1, "sentence {i} {k}: fp32 {a}, bf16 {b}");
        }
    }
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/japan-korea-relations-2008-q2.txt");
    let corpus = corpus.to_str().unwrap();
    let one = tag(&[corpus, "--threads", "1", "--batch-size", "16"], "");
    let two = tag(&[corpus, "--threads", "2", "--batch-size", "16"], "");
    assert!(one.status.success() && two.status.success());
    // Workers get whole rounds of batches, the same ones for any number of
    // workers: the output is byte for byte the same.
    assert!(
        one.stdout == two.stdout,
        "output differs between 1 and 2 threads"
    );
    let (a, b) = (docs(&one), docs(&two));
    assert_eq!(entities(&a[0]), entities(&b[0]));
    assert_eq!(
        a[0]["sentences"].as_array().unwrap().len(),
        b[0]["sentences"].as_array().unwrap().len()
    );
    for (x, y) in a[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b[0]["entities"].as_array().unwrap())
    {
        assert_eq!(x["stance"]["label"], y["stance"]["label"]);
        assert!((x["score"].as_f64().unwrap() - y["score"].as_f64().unwrap()).abs() < 1e-3);
    }
}

#[test]
fn long_sentences_are_windowed_without_losing_or_doubling_entities() {
    // One sentence of about 600 word pieces, a name every 40 words.
    let mut text = String::new();
    for i in 0..15 {
        text.push_str(
            "Officials in Seoul said that the talks with the delegation were long and that the ",
        );
        text.push_str(
            "issue of the fishing boats would be discussed again next week by the two sides and ",
        );
        text.push_str(if i % 2 == 0 { "Kim Jong-il " } else { "Japan " });
    }
    text.push('.');
    let d = &docs(&tag(
        &[
            "--input-format",
            "text",
            "--sentences",
            "--no-stance",
            "--threads",
            "1",
        ],
        &text,
    ))[0];
    assert_eq!(d["sentences"].as_array().unwrap().len(), 1);
    let e = entities(d);
    let count = |name: &str| e.iter().filter(|(t, _)| t == name).count();
    assert_eq!(count("Seoul"), 15, "{e:?}");
    assert_eq!(count("Kim Jong-il"), 8, "{e:?}");
    assert_eq!(count("Japan"), 7, "{e:?}");
    let mut starts: Vec<u64> = d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_u64().unwrap())
        .collect();
    let n = starts.len();
    starts.dedup();
    assert_eq!(starts.len(), n, "an entity was reported twice");
}

#[test]
fn output_file_is_written_atomically() {
    let dir = scratch("atomic");
    let out = dir.join("out.jsonl");
    let o = tag(
        &[
            "--input-format",
            "text",
            "--no-stance",
            "--threads",
            "1",
            "-o",
            out.to_str().unwrap(),
        ],
        TEXT,
    );
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "a temporary file was left behind");
}

#[test]
fn a_missing_model_is_named() {
    let o = tag(
        &["--ner-model", "/nonexistent/ner", "--input-format", "text"],
        TEXT,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("loading the NER model from /nonexistent/ner")
    );
}
