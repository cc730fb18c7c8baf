//! `stancetag network`: the actor × actor relation network of tagged
//! documents, with every number worked out by hand below.

use super::with_stdin;
use std::process::{Command, Output};

/// d1: Japan → North Korea negative (scores: 0.9 - 0.0 = -0.9), Tokyo →
/// Pyongyang negative (-0.5), Pyongyang → Japan positive (gold: +1); d2:
/// Japan → North Korea negative (gold: -1), a "Kim & Co" → Japan none. The
/// documents carry no actors: `network` resolves them ("Tokyo" is Japan,
/// "Pyongyang" and "DPRK" North Korea) unless `--no-actors`.
/// Japan→North Korea: 3 negative, mean (-0.9 - 0.5 - 1) / 3 = -0.8.
const DOCS: &str = concat!(
    r#"{"id":"d1","text":"Japan blamed North Korea. Tokyo sanctioned Pyongyang. Pyongyang thanked Japan.","sentences":[{"start":0,"end":25,"relations":[{"source":0,"target":1,"label":"negative","scores":{"negative":0.9,"none":0.1,"positive":0.0}}]},{"start":26,"end":53,"relations":[{"source":2,"target":3,"label":"negative","scores":{"negative":0.6,"none":0.3,"positive":0.1}}]},{"start":54,"end":78,"relations":[{"source":4,"target":5,"label":"positive"}]}],"entities":[{"start":0,"end":5,"text":"Japan","label":"LOC","sentence":0},{"start":13,"end":24,"text":"North Korea","label":"LOC","sentence":0},{"start":26,"end":31,"text":"Tokyo","label":"LOC","sentence":1},{"start":43,"end":52,"text":"Pyongyang","label":"LOC","sentence":1},{"start":54,"end":63,"text":"Pyongyang","label":"LOC","sentence":2},{"start":72,"end":77,"text":"Japan","label":"LOC","sentence":2}]}"#,
    "\n",
    r#"{"id":"d2","text":"Japan condemned the DPRK. Kim & Co met Japan.","sentences":[{"start":0,"end":25,"relations":[{"source":0,"target":1,"label":"negative"}]},{"start":26,"end":45,"relations":[{"source":2,"target":3,"label":"none"}]}],"entities":[{"start":0,"end":5,"text":"Japan","label":"LOC","sentence":0},{"start":20,"end":24,"text":"DPRK","label":"LOC","sentence":0},{"start":26,"end":34,"text":"Kim & Co","label":"ORG","sentence":1},{"start":39,"end":44,"text":"Japan","label":"LOC","sentence":1}]}"#,
    "\n"
);

fn network(args: &[&str]) -> Output {
    with_stdin(
        Command::new(env!("CARGO_BIN_EXE_stancetag"))
            .arg("network")
            .args(args),
        DOCS,
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

#[test]
fn edges_by_actor_pair() {
    assert_eq!(
        stdout(&network(&["--format", "csv", "--min-relations", "0"])),
        "source,source_name,target,target_name,positive,negative,none,documents,mean_score,dominant,example\n\
         JPN,Japan,PRK,North Korea,0,3,0,2,-0.8000,negative,Japan blamed North Korea.\n\
         PRK,North Korea,JPN,Japan,1,0,0,1,1.0000,positive,Pyongyang thanked Japan.\n\
         org/kim-co,Kim & Co,JPN,Japan,0,0,1,1,0.0000,mixed,Kim & Co met Japan.\n"
    );
    // The default drops edges without a polar relation; --top keeps the strongest.
    let table = stdout(&network(&["--top", "1"]));
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(table.lines().nth(1).unwrap().starts_with("JPN "), "{table}");
}

#[test]
fn graphml_escapes_and_types() {
    // Without actors every mention is a node of its own name.
    let xml = stdout(&network(&[
        "--format",
        "graphml",
        "--min-relations",
        "0",
        "--no-actors",
    ]));
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"),
        "{xml}"
    );
    assert!(xml.contains(r#"<graph id="stancetag" edgedefault="directed">"#));
    assert!(xml.contains(
        r#"<key id="mean_score" for="edge" attr.name="mean_score" attr.type="double"/>"#
    ));
    assert!(xml.contains(r#"<node id="~ORG:kim &amp; co">"#), "{xml}");
    assert!(
        xml.contains(r#"<data key="name">Kim &amp; Co</data>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<edge source="~LOC:japan" target="~LOC:north korea">"#));
    // Japan → North Korea -0.9 (d1), Japan → DPRK -1 (d2) are two edges now.
    assert!(xml.contains(r#"<data key="mean_score">-0.900000</data>"#));
    // Japan, North Korea, Tokyo, Pyongyang, DPRK, Kim & Co.
    assert_eq!(xml.matches("<node ").count(), 6);
    assert_eq!(xml.matches("<edge ").count(), 5);
}
