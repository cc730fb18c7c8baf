//! `stancetag split`: output format, readers, bad records and exit codes.

use super::with_stdin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("split-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn split(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stancetag"));
    cmd.arg("split").args(args).envs(env.iter().copied());
    with_stdin(&mut cmd, stdin.unwrap_or(""))
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Each sentence's `text` is the slice of the document text its character
/// offsets name.
fn check_offsets(doc: &Value) {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for s in doc["sentences"].as_array().unwrap() {
        let (a, z) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[a..z].iter().collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
    }
}

#[test]
fn corpus_document_to_jsonl_matches_the_snapshot() {
    let doc = workspace().join("corpus/cross-straits-relations-2015.txt");
    let out = split(&[doc.to_str().unwrap()], None, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], doc.display().to_string());
    check_offsets(&docs[0]);
    let snapshot = std::fs::read_to_string(
        workspace().join("tests/snapshots/split-cross-straits-relations-2015.txt"),
    )
    .unwrap();
    let got: Vec<String> = docs[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().replace('\n', "⏎"))
        .collect();
    assert_eq!(got, snapshot.lines().collect::<Vec<_>>());
}

#[test]
fn jsonl_metadata_and_targets_are_carried_through() {
    let dir = scratch("meta");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Tokyo agreed. Seoul did not.\", \"source\": \"x\", \"targets\": [{\"start\": 0, \"end\": 5}]}\n\
         {\"id\": \"b\", \"text\": \"作者 说。Mr. Lee left.\"}\n",
    )
    .unwrap();
    let out = split(&[input.to_str().unwrap()], None, &[]);
    assert_eq!(out.status.code(), Some(0));
    let docs = lines(&out);
    assert_eq!(docs[0]["id"], format!("{}:1", input.display()));
    assert_eq!(docs[0]["source"], "x");
    assert_eq!(docs[0]["targets"][0]["end"], 5);
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(docs[1]["id"], "b");
    assert_eq!(docs[1]["sentences"][1]["text"], "Mr. Lee left.");
    assert_eq!(docs[1]["sentences"][1]["start"], 5);
    docs.iter().for_each(check_offsets);
}

#[test]
fn bad_records_stop_with_2_or_are_skipped_with_1() {
    let dir = scratch("bad");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Good one.\"}\n{\"txt\": \"no text\"}\n{\"text\": \"Also good.\"}\n",
    )
    .unwrap();
    let path = input.to_str().unwrap();

    let out = split(&[path], None, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{path}:2: field `text`: expected a string")),
        "{err}"
    );

    let out = split(&[path, "--skip-bad"], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{path}:2:")), "{err}");
    let texts: Vec<String> = lines(&out).iter().map(|d| d["text"].to_string()).collect();
    assert_eq!(texts, ["\"Good one.\"", "\"Also good.\""]);
}

#[test]
fn stdin_text_format_and_atomic_output_file() {
    let dir = scratch("stdin");
    let target = dir.join("out.txt");
    let out = split(
        &["-", "--format", "text", "-o", target.to_str().unwrap()],
        Some("### **Heading**\n\nThe U.S. agreed. Japan\nwaited.\n"),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "### **Heading**\nThe U.S. agreed.\nJapan waited.\n"
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "temporary files left behind");
}

#[test]
fn sentences_mode_takes_each_line() {
    let out = split(&["--sentences"], Some("One. Two.\nThree\n"), &[]);
    let docs = lines(&out);
    let texts: Vec<&str> = docs[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["One. Two.", "Three"]);
    assert_eq!(docs[0]["id"], "<stdin>");
}

#[test]
fn directory_output_keeps_input_order_with_and_without_parallelism() {
    let dir = scratch("dir");
    for i in 0..30 {
        std::fs::write(
            dir.join(format!("d{i:02}.txt")),
            format!("Doc {i}. Second {i}."),
        )
        .unwrap();
    }
    let path = dir.to_str().unwrap();
    let parallel = split(&[path, "--chunk", "7"], None, &[]);
    let sequential = split(
        &[path, "--chunk", "7"],
        None,
        &[("STANCETAG_PARALLELISM", "false")],
    );
    assert_eq!(parallel.status.code(), Some(0));
    assert_eq!(parallel.stdout, sequential.stdout);
    let ids: Vec<String> = lines(&parallel)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..30).map(|i| format!("d{i:02}.txt")).collect();
    assert_eq!(ids, expected);
}

/// Regression: a reader that closes the pipe early (`| head`) is not an error.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let corpus = workspace().join("corpus");
    let mut child = Command::new(env!("CARGO_BIN_EXE_stancetag"))
        .args(["split", corpus.to_str().unwrap(), corpus.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The rest (over 100 KB) meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
