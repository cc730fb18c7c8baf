//! `stancetag summary`: the corpus actor × stance table of two tagged
//! documents, with every number worked out by hand below.

use super::with_stdin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Japan–Korea news, as `stancetag tag` writes it. Mention scores
/// (P(positive) - P(negative)):
///
/// - d1: Lee Myung-bak +0.5, Fukuda Yasuo 0, Tokyo (no stance), Lee +0.9,
///   Japan's +0.6, Fukuda -0.2, Pyongyang -0.8.
/// - d2: Pyongyang (gold negative) -1, Japan -0.6, “abduction issue” -0.5,
///   Kim Jong-il -0.9, Kim Dae-jung +0.6, Tokyo (gold neutral) 0, Kim -0.1
///   ("Kim" matches two longer names: ambiguous, its own actor).
const D1: &str = r#"{"id":"d1","text":"President Lee Myung-bak met Fukuda Yasuo in Tokyo. Lee welcomed Japan's apology. Fukuda criticised Pyongyang.","sentences":[{"start":0,"end":50,"text":"President Lee Myung-bak met Fukuda Yasuo in Tokyo."},{"start":51,"end":80,"text":"Lee welcomed Japan's apology."},{"start":81,"end":109,"text":"Fukuda criticised Pyongyang."}],"entities":[{"start":10,"end":23,"text":"Lee Myung-bak","label":"PER","sentence":0,"stance":{"label":"positive","scores":{"negative":0.1,"neutral":0.3,"positive":0.6}}},{"start":28,"end":40,"text":"Fukuda Yasuo","label":"PER","sentence":0,"stance":{"label":"neutral","scores":{"negative":0.2,"neutral":0.6,"positive":0.2}}},{"start":44,"end":49,"text":"Tokyo","label":"LOC","sentence":0},{"start":51,"end":54,"text":"Lee","label":"PER","sentence":1,"stance":{"label":"positive","scores":{"negative":0.0,"neutral":0.1,"positive":0.9}}},{"start":64,"end":71,"text":"Japan's","label":"LOC","sentence":1,"stance":{"label":"positive","scores":{"negative":0.1,"neutral":0.2,"positive":0.7}}},{"start":81,"end":87,"text":"Fukuda","label":"PER","sentence":2,"stance":{"label":"neutral","scores":{"negative":0.3,"neutral":0.6,"positive":0.1}}},{"start":99,"end":108,"text":"Pyongyang","label":"LOC","sentence":2,"stance":{"label":"negative","scores":{"negative":0.8,"neutral":0.2,"positive":0.0}}}]}"#;
const D2: &str = r#"{"id":"d2","text":"Pyongyang rejected Japan's demands on the “abduction issue”. Kim Jong-il and Kim Dae-jung met in Tokyo. Kim spoke.","sentences":[{"start":0,"end":60,"text":"Pyongyang rejected Japan's demands on the “abduction issue”."},{"start":61,"end":103,"text":"Kim Jong-il and Kim Dae-jung met in Tokyo."},{"start":104,"end":114,"text":"Kim spoke."}],"entities":[{"start":0,"end":9,"text":"Pyongyang","label":"LOC","sentence":0,"stance":{"label":"negative"}},{"start":19,"end":24,"text":"Japan","label":"LOC","sentence":0,"stance":{"label":"negative","scores":{"negative":0.7,"neutral":0.2,"positive":0.1}}},{"start":42,"end":59,"text":"“abduction issue”","label":"MISC","sentence":0,"stance":{"label":"negative","scores":{"negative":0.6,"neutral":0.3,"positive":0.1}}},{"start":61,"end":72,"text":"Kim Jong-il","label":"PER","sentence":1,"stance":{"label":"negative","scores":{"negative":0.9,"neutral":0.1,"positive":0.0}}},{"start":77,"end":89,"text":"Kim Dae-jung","label":"PER","sentence":1,"stance":{"label":"positive","scores":{"negative":0.1,"neutral":0.2,"positive":0.7}}},{"start":97,"end":102,"text":"Tokyo","label":"LOC","sentence":1,"stance":{"label":"neutral"}},{"start":104,"end":107,"text":"Kim","label":"PER","sentence":2,"stance":{"label":"neutral","scores":{"negative":0.2,"neutral":0.7,"positive":0.1}}}]}"#;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("summary-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The two documents in two files.
fn corpus(name: &str) -> (PathBuf, String, String) {
    let dir = scratch(name);
    let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    std::fs::write(&a, format!("{D1}\n")).unwrap();
    std::fs::write(&b, format!("\n{D2}\n")).unwrap();
    (dir, a.display().to_string(), b.display().to_string())
}

fn summary(args: &[&str], stdin: &str) -> Output {
    with_stdin(
        Command::new(env!("CARGO_BIN_EXE_stancetag"))
            .arg("summary")
            .args(args),
        stdin,
    )
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// By actor (the default): the mentions are resolved here with the built-in
/// dictionary, since the documents carry no `actor` fields. Japan: Japan's
/// +0.6, Japan -0.6, Tokyo (gold neutral) 0, and d1's Tokyo without a stance
/// counted as a mention only: mean 0. North Korea: Pyongyang -0.8 and -1.
const ACTORS: &str = "\
actor              name             kind     label  documents  mentions  negative  neutral  positive  mean_score  aliases
JPN                Japan            country  LOC            2         4         1        1         1       +0.00  Tokyo ×2, Japan ×2
per/fukuda-yasuo   Fukuda Yasuo     person   PER            1         2         0        2         0       -0.10  Fukuda Yasuo ×1, Fukuda ×1
per/lee-myung-bak  Lee Myung-bak    person   PER            1         2         0        0         2       +0.70  Lee Myung-bak ×1, Lee ×1
PRK                North Korea      country  LOC            2         2         2        0         0       -0.90  Pyongyang ×2
-                  abduction issue  -        MISC           1         1         1        0         0       -0.50  abduction issue ×1
-                  Kim              -        PER            1         1         0        1         0       -0.10  Kim ×1
per/kim-dae-jung   Kim Dae-jung     person   PER            1         1         0        0         1       +0.60  Kim Dae-jung ×1
per/kim-jong-il    Kim Jong-il      person   PER            1         1         1        0         0       -0.90  Kim Jong-il ×1
";

/// `--by surface`: the table before actors, rows by the mention's text.
const TABLE: &str = "\
name             label  documents  mentions  negative  neutral  positive  mean_score
Fukuda Yasuo     PER            1         2         0        2         0       -0.10
Japan            LOC            2         2         1        0         1       +0.00
Lee Myung-bak    PER            1         2         0        0         2       +0.70
Pyongyang        LOC            2         2         2        0         0       -0.90
Tokyo            LOC            2         2         0        1         0       +0.00
abduction issue  MISC           1         1         1        0         0       -0.50
Kim              PER            1         1         0        1         0       -0.10
Kim Dae-jung     PER            1         1         0        0         1       +0.60
Kim Jong-il      PER            1         1         1        0         0       -0.90
";

#[test]
fn table_of_two_files() {
    let (_dir, a, b) = corpus("table");
    assert_eq!(stdout(&summary(&[&a, &b], "")), ACTORS);
    assert_eq!(stdout(&summary(&[&a, &b, "--by", "surface"], "")), TABLE);
}

#[test]
fn standard_input_and_filters() {
    let input = format!("{D1}\n{D2}\n");
    assert_eq!(stdout(&summary(&["--by", "surface"], &input)), TABLE);
    let out = stdout(&summary(
        &["-", "--by", "surface", "--min-mentions", "2", "--top", "2"],
        &input,
    ));
    assert_eq!(
        out.lines()
            .skip(1)
            .map(|l| l.split("  ").next().unwrap())
            .collect::<Vec<_>>(),
        ["Fukuda Yasuo", "Japan"]
    );
}

#[test]
fn csv_and_json() {
    let (_dir, a, b) = corpus("formats");
    let csv = stdout(&summary(&[&a, &b, "--format", "csv", "--top", "2"], ""));
    assert_eq!(
        csv,
        "actor,name,kind,label,documents,mentions,negative,neutral,positive,mean_score,aliases\n\
         JPN,Japan,country,LOC,2,4,1,1,1,0.0000,Tokyo ×2; Japan ×2\n\
         per/fukuda-yasuo,Fukuda Yasuo,person,PER,1,2,0,2,0,-0.1000,Fukuda Yasuo ×1; Fukuda ×1\n"
    );
    let csv = stdout(&summary(
        &[&a, &b, "--by", "surface", "--format", "csv", "--top", "2"],
        "",
    ));
    assert_eq!(
        csv,
        "name,label,documents,mentions,negative,neutral,positive,mean_score\n\
         Fukuda Yasuo,PER,1,2,0,2,0,-0.1000\n\
         Japan,LOC,2,2,1,0,1,0.0000\n"
    );

    let json: Value = serde_json::from_str(&stdout(&summary(
        &[&a, &b, "--by", "surface", "--format", "json"],
        "",
    )))
    .unwrap();
    assert_eq!(json["documents"], 2);
    let actors = json["actors"].as_array().unwrap();
    assert_eq!(actors.len(), 9);
    let lee = &actors[2];
    assert_eq!(lee["name"], "Lee Myung-bak");
    assert_eq!(
        (lee["mentions"].as_u64(), lee["positive"].as_u64()),
        (Some(2), Some(2))
    );
    assert!((lee["mean_score"].as_f64().unwrap() - 0.7).abs() < 1e-6);
}

#[test]
fn output_file_is_written() {
    let (dir, a, b) = corpus("output");
    let target = dir.join("actors.csv");
    let out = summary(
        &[&a, &b, "--format", "csv", "-o", target.to_str().unwrap()],
        "",
    );
    assert!(stdout(&out).is_empty());
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("actor,name,kind,label,"), "{text}");
    assert_eq!(text.lines().count(), 9);
}

#[test]
fn bad_input_names_file_and_line() {
    let dir = scratch("bad");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, format!("{D1}\n\n{{\"id\": \"d2\", \"text\": 3}}\n")).unwrap();
    let out = summary(&[bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:3: expected a tagged document", bad.display())),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let missing = dir.join("missing.jsonl");
    let out = summary(&[missing.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));

    let out = summary(&["--format", "xml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("possible values: table, json, markdown, csv"));
}
