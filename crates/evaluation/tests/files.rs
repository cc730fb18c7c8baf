//! Scores of the fixture files in `tests/fixtures/`, computed by hand (the
//! reasoning is in the comments) and checked against the conlleval perl
//! script for the CoNLL pairs.

use stancetag_evaluation::{
    evaluate, evaluate_datasets, load, Basis, Dataset, Error, Format, MistakeKind, Options, Report,
    Tasks,
};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Dataset {
    load(&fixture(name), None, None).unwrap()
}

/// Scores a fixture pair as `stancetag eval` does; without `tokens`,
/// conlleval's numbers are counted on spans.
fn score(gold: &str, pred: &str, tokens: bool) -> Report {
    let (g, mut p) = (read(gold), read(pred));
    if !tokens {
        p.conll = None;
    }
    evaluate_datasets(&g, &p, 100).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn iob1_gold_against_iob2_prediction() {
    // Gold chunks (IOB1): ORG EU, MISC German, PER Peter Blackburn, PER Lee
    // (B- splits it off), LOC Sri Lanka, LOC Bonn, LOC Paris = 7.
    // Predicted: ORG EU, MISC German, PER Peter Blackburn Lee, LOC Sri,
    // LOC Lanka, ORG Bonn, LOC Paris (I- after O starts it) = 7.
    // Correct: EU, German, Paris = 3. Tokens: 16 + 2 -DOCSTART- lines.
    let r = score("iob1.gold.conll", "iob1.pred.conll", true);
    let c = r.ner.as_ref().unwrap().conlleval.clone();
    assert_eq!(c.basis, Basis::Tokens);
    assert_eq!((c.gold, c.predicted, c.correct), (7, 7, 3));
    assert!(close(c.precision, 3.0 / 7.0) && close(c.recall, 3.0 / 7.0) && close(c.f1, 3.0 / 7.0));
    // Equal tags: 2 -DOCSTART-, rejects, call, ., Blackburn, visited, ., and, Paris, . = 11.
    assert_eq!(c.tokens, Some(18));
    assert!(close(c.accuracy.unwrap(), 11.0 / 18.0));
    let t = &c.per_type;
    assert_eq!(
        (t["ORG"].gold, t["ORG"].predicted, t["ORG"].correct),
        (1, 2, 1)
    );
    assert!(close(t["ORG"].f1, 2.0 / 3.0));
    assert_eq!(
        (t["PER"].gold, t["PER"].predicted, t["PER"].correct),
        (2, 1, 0)
    );
    assert_eq!(
        (t["LOC"].gold, t["LOC"].predicted, t["LOC"].correct),
        (3, 3, 1)
    );
    assert_eq!(t["MISC"].f1, 1.0);
}

#[test]
fn iob1_semeval_schemes() {
    // doc 1: EU, German exact; "Peter Blackburn Lee" overlaps PER "Peter
    // Blackburn" (same type) and settles it, so "Lee" is missed; "Sri" and
    // "Lanka" each overlap LOC "Sri Lanka". doc 2: ORG Bonn has gold LOC's
    // boundaries; Paris exact.
    let r = score("iob1.gold.conll", "iob1.pred.conll", true);
    let s = &r.ner.as_ref().unwrap().semeval;
    let five = |m: &stancetag_evaluation::SchemeScores| {
        let c = m.counts;
        [
            c.correct,
            c.incorrect,
            c.partial,
            c.missed,
            c.spurious,
            m.possible,
            m.actual,
        ]
    };
    assert_eq!(five(&s.strict.micro), [3, 4, 0, 1, 0, 8, 7]);
    assert_eq!(five(&s.exact.micro), [4, 3, 0, 1, 0, 8, 7]);
    assert_eq!(five(&s.partial.micro), [4, 0, 3, 1, 0, 8, 7]);
    assert_eq!(five(&s.type_.micro), [6, 1, 0, 1, 0, 8, 7]);
    assert!(close(s.strict.micro.precision, 3.0 / 7.0) && close(s.strict.micro.recall, 3.0 / 8.0));
    assert!(
        close(s.partial.micro.precision, 5.5 / 7.0) && close(s.partial.micro.recall, 5.5 / 8.0)
    );
    // Strict per type: ORG 1, MISC 1, PER 0, LOC 1 of 4 (P = R = F1 = 1/4).
    assert!(close(s.strict.per_type["LOC"].f1, 0.25));
    assert!(close(s.strict.macro_.f1, (1.0 + 1.0 + 0.0 + 0.25) / 4.0));

    let e = &r.errors;
    assert_eq!(e.total, 5);
    assert_eq!(e.counts[&MistakeKind::WrongBoundary], 3);
    assert_eq!(e.counts[&MistakeKind::Missed], 1);
    assert_eq!(e.counts[&MistakeKind::WrongType], 1);
    let lee = e
        .shown
        .iter()
        .find(|m| m.kind == MistakeKind::Missed)
        .unwrap();
    assert_eq!(lee.text, "Lee");
    assert_eq!(lee.context, "Peter Blackburn [[Lee]] visited Sri Lanka .");
    let bonn = e
        .shown
        .iter()
        .find(|m| m.kind == MistakeKind::WrongType)
        .unwrap();
    assert_eq!(
        (
            bonn.document.as_str(),
            bonn.gold.as_deref(),
            bonn.predicted.as_deref()
        ),
        ("2", Some("LOC"), Some("ORG"))
    );
}

#[test]
fn ill_formed_iob2_prediction() {
    // Gold (IOB2): PER Merkel, PER Obama, LOC New York City, ORG United
    // Nations = 4. Predicted: PER Merkel (I- after O), PER "Obama in",
    // LOC "New York", ORG "City" (I-ORG after I-LOC), ORG United Nations = 5.
    // Correct: Merkel, United Nations. Tags equal on 8 of 12 tokens.
    let r = score("illformed.gold.conll", "illformed.pred.conll", true);
    let c = &r.ner.as_ref().unwrap().conlleval;
    assert_eq!((c.gold, c.predicted, c.correct), (4, 5, 2));
    assert!(close(c.precision, 0.4) && close(c.recall, 0.5) && close(c.f1, 4.0 / 9.0));
    assert!(close(c.accuracy.unwrap(), 8.0 / 12.0));
    assert_eq!(
        (c.per_type["ORG"].predicted, c.per_type["ORG"].correct),
        (2, 1)
    );
}

#[test]
fn spans_agree_with_tokens_on_iob_files() {
    // The files' chunks read as spans give conlleval's chunk counts.
    for (g, p) in [
        ("iob1.gold.conll", "iob1.pred.conll"),
        ("illformed.gold.conll", "illformed.pred.conll"),
    ] {
        let tokens = score(g, p, true).ner.unwrap().conlleval;
        let spans = score(g, p, false).ner.unwrap().conlleval;
        assert_eq!(spans.basis, Basis::Spans);
        assert_eq!(spans.tokens, None);
        assert_eq!(
            (spans.gold, spans.predicted, spans.correct),
            (tokens.gold, tokens.predicted, tokens.correct)
        );
        assert_eq!(spans.per_type, tokens.per_type);
    }
}

#[test]
fn tagged_jsonl_all_tasks() {
    let r = score("tagged.gold.jsonl", "tagged.pred.jsonl", true);
    assert_eq!((r.documents, r.extra_predicted_documents), (2, 1));
    // Sentences: d1 has one gold boundary (after "Seoul."), predicted too;
    // d2 has none.
    let b = r.sentences.as_ref().unwrap();
    assert_eq!((b.gold, b.predicted, b.correct, b.f1), (1, 1, 1, 1.0));
    // Entities: gold 6; predicted 6; right: Tokyo, Beijing, Moscow.
    let c = &r.ner.as_ref().unwrap().conlleval;
    assert_eq!(
        (c.basis, c.gold, c.predicted, c.correct),
        (Basis::Spans, 6, 6, 3)
    );
    assert_eq!(c.f1, 0.5);

    // Sentiment: (pos, pos), (neg, neu), (neu, neu).
    let s = r.sentiment.as_ref().unwrap();
    assert_eq!((s.gold, s.matched), (3, 3));
    assert!(close(s.accuracy, 2.0 / 3.0));
    assert_eq!(
        s.confusion,
        vec![vec![0, 1, 0], vec![0, 1, 0], vec![0, 0, 1]]
    );
    // F1: negative 0, neutral 2/3 (P 1/2, R 1), positive 1.
    assert!(close(s.macro_f1, (0.0 + 2.0 / 3.0 + 1.0) / 3.0));

    // Entity stance on exact spans: Tokyo (neu, neu), Seoul (pos, neg),
    // Beijing (neg, neg), Moscow (neg, neg); "Kyiv met" and Minsk unmatched.
    let st = r.stance.as_ref().unwrap().entities.as_ref().unwrap();
    assert_eq!((st.gold, st.matched), (6, 4));
    assert_eq!(st.accuracy, 0.75);
    assert!(r.stance.as_ref().unwrap().targets.is_none());

    let e = &r.errors;
    let kinds: Vec<_> = e
        .shown
        .iter()
        .map(|m| (m.document.as_str(), m.kind, m.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("d1", MistakeKind::WrongType, "Seoul"),
            ("d1", MistakeKind::WrongStance, "Seoul"),
            (
                "d1",
                MistakeKind::WrongSentiment,
                "Beijing objected to the plan."
            ),
            ("d1", MistakeKind::Spurious, "plan"),
            ("d2", MistakeKind::WrongBoundary, "Kyiv"),
            ("d2", MistakeKind::Missed, "Minsk"),
        ]
    );
    assert_eq!(e.shown[1].context, "Tokyo praised [[Seoul]].");
    assert_eq!(e.shown[4].predicted_text.as_deref(), Some("Kyiv met"));
}

#[test]
fn newsmtsc_target_stance() {
    let g = read("newsmtsc.gold.jsonl");
    assert_eq!(g.format, Format::Newsmtsc);
    // (neg, neg), (neu, neg), (pos, pos), (pos, neu)
    let r = score("newsmtsc.gold.jsonl", "newsmtsc.pred.jsonl", true);
    assert!(r.ner.is_none() && r.sentiment.is_none());
    let t = r.stance.unwrap().targets.unwrap();
    assert_eq!((t.gold, t.matched, t.accuracy), (4, 4, 0.5));
    assert_eq!(
        t.confusion,
        vec![vec![1, 0, 0], vec![1, 0, 0], vec![0, 1, 1]]
    );
    // F1: negative 2/3 (P 1/2, R 1), neutral 0, positive 2/3 (P 1, R 1/2).
    assert!(close(t.macro_f1, (2.0 / 3.0 + 0.0 + 2.0 / 3.0) / 3.0));
    assert_eq!(r.errors.counts[&MistakeKind::WrongStance], 2);
    assert_eq!(
        r.errors.shown[0].context,
        "Clinton’s aides said Trump lied about [[Comey]]."
    );
}

#[test]
fn pairing_errors_name_the_document() {
    let g = read("tagged.gold.jsonl");
    let options = Options {
        tasks: Tasks::of_gold(g.format, &g.documents),
        ..Options::default()
    };
    let err = evaluate(&g.documents, &g.documents[..1], &options).unwrap_err();
    assert!(matches!(&err, Error::MissingDocument { id } if id == "d2"));
    assert_eq!(
        err.to_string(),
        "gold document \"d2\" is missing from the predictions"
    );

    let mut other = g.documents.clone();
    other[1].text = "Moscow and Kiev met in Minsk.".into();
    let err = evaluate(&g.documents, &other, &options)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "document \"d2\": the predicted text differs from the gold text at character 12 \
         (gold \"yiv met in Minsk.\", predicted \"iev met in Minsk.\")"
    );
}

#[test]
fn misaligned_conll_files() {
    let g = read("iob1.gold.conll");
    let p = read("illformed.pred.conll");
    let err = g
        .conll
        .unwrap()
        .conlleval(&p.conll.unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("iob1.gold.conll:1 and "), "{err}");
    assert!(
        err.ends_with("expected -DOCSTART-, found token \"Merkel\""),
        "{err}"
    );
}
