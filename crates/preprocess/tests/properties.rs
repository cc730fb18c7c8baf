//! Property tests: invariants of the splitters and the tokenizer on
//! generated text, and parallel output equal to sequential output.

use proptest::prelude::*;
use stancetag_preprocess::{
    par_map, set_parallelism, words, LineSplitter, RuleSplitter, SentenceSplitter, Span,
};

/// Pieces that exercise the rules: abbreviations, numbers, closers, Markdown,
/// CJK, line and page breaks, lists, URLs.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "Tokyo", "agreed", "the", "U.S.", "Mr.", "e.g.", "etc.", "W.", "I.", "a.m.", "No.", "p.",
    "1,000", "$9.4", "\\$1.1", "¥1,000", "27.2", "1.", "2)", "a.", "“", "”", "’", "'", "\"",
    "(", ")", "[1]", "[3]2", ".", ". ", "?", "!", "...", "…", ". . .", "**", "*", "###", "#",
    "-", "–", "|", " | ", "作者", "。", "！", "？", "•", "⁃", "https://a.b/c.html",
    "x@y.org", "\n", "\n\n", "  \n", "\r\n", "\t", " ", " ", "\u{3000}", "\u{a0}", "[", "]",
    "The", "However", "It", "of", "to", "and", "Seoul", "Kim", "Jong-il", "Japan-North",
    "n't", "'s", ":", ";", ",",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|pieces| {
            let mut s = String::new();
            for (i, p) in pieces.iter().enumerate() {
                if i % 3 != 2 {
                    s.push(' ');
                }
                s.push_str(p);
            }
            s
        }),
        any::<String>(),
        "[a-zA-Z .!?\n\"')(\\[\\]*#0-9,:;-]{0,200}",
    ]
}

/// Spans are in bounds, on character boundaries, non-empty, ordered,
/// non-overlapping and trimmed, and (when `cover`) every non-whitespace
/// character lies in one of them.
fn check_spans(text: &str, spans: &[Span], cover: bool) -> Result<(), TestCaseError> {
    let mut covered = vec![false; text.len()];
    let mut prev_end = 0;
    for s in spans {
        prop_assert!(s.start < s.end, "empty or reversed span {:?}", s);
        prop_assert!(
            s.end <= text.len(),
            "span {:?} past the end {}",
            s,
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {:?} is not on character boundaries",
            s
        );
        prop_assert!(
            s.start >= prev_end,
            "span {:?} overlaps or is out of order",
            s
        );
        let piece = &text[s.range()];
        prop_assert!(piece.trim() == piece, "span {:?} is not trimmed", s);
        covered[s.range()].iter_mut().for_each(|c| *c = true);
        prev_end = s.end;
    }
    if cover {
        for (i, c) in text.char_indices() {
            prop_assert!(
                c.is_whitespace() || covered[i],
                "character at byte {} ({:?}) is in no span",
                i,
                c
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn rule_splitter_invariants(text in text_strategy()) {
        check_spans(&text, &RuleSplitter.split(&text), true)?;
    }

    #[test]
    fn line_splitter_invariants(text in text_strategy()) {
        check_spans(&text, &LineSplitter.split(&text), true)?;
    }

    #[test]
    fn word_invariants(text in text_strategy()) {
        let spans = words(&text);
        check_spans(&text, &spans, true)?;
        for s in &spans {
            prop_assert!(
                !text[s.range()].chars().any(char::is_whitespace),
                "token {:?} holds whitespace",
                s
            );
        }
    }

    #[test]
    fn splitting_is_the_same_with_and_without_parallelism(
        texts in prop::collection::vec(text_strategy(), 0..40)
    ) {
        set_parallelism(true);
        let parallel = par_map(&texts, |t| RuleSplitter.split(t));
        set_parallelism(false);
        let sequential = par_map(&texts, |t| RuleSplitter.split(t));
        set_parallelism(true);
        prop_assert_eq!(parallel, sequential);
    }
}
