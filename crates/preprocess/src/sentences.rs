//! Sentence splitters: the [`SentenceSplitter`] trait, the rule-based
//! [`RuleSplitter`], the one-sentence-per-line [`LineSplitter`] and their
//! serializable configuration.

use crate::rules;
use crate::text::{to_spans, trim_range};
use serde::{Deserialize, Serialize};
use stancetag_core::{Document, Span, TaggedDocument};

/// Splits a text into sentences.
///
/// Spans are byte offsets of the text as given; they are
/// trimmed of whitespace, in order and do not overlap, and every
/// non-whitespace character lies in exactly one of them.
pub trait SentenceSplitter: Send + Sync {
    /// Sentence spans of `text`, as byte offsets.
    fn split(&self, text: &str) -> Vec<Span>;

    /// The document as a [`TaggedDocument`] holding its sentences.
    fn split_document(&self, doc: Document) -> TaggedDocument {
        let spans = self.split(&doc.text);
        TaggedDocument::with_sentences(doc, &spans)
    }
}

/// The rule-based splitter for English prose, Markdown and CJK stops.
///
/// It handles abbreviations (`U.S.`, `Mr.`, `e.g.`, also when one really
/// ends a sentence), initials, numbers, decimals and currency, ellipses,
/// closing quotes, brackets and footnote markers after a stop, Markdown
/// headings, emphasis and chronology labels, title lines, lists, URLs and
/// e-mail addresses, and sentences broken by line or page breaks.
///
/// ```
/// use stancetag_preprocess::{RuleSplitter, SentenceSplitter};
///
/// let text = "Mr. Lee visited the U.S. in June. He met George W. Bush.";
/// let spans = RuleSplitter.split(text);
/// let sentences: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
/// assert_eq!(sentences, ["Mr. Lee visited the U.S. in June.", "He met George W. Bush."]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSplitter;

impl SentenceSplitter for RuleSplitter {
    fn split(&self, text: &str) -> Vec<Span> {
        let mut bytes = Vec::new();
        rules::split_bytes(text, &mut bytes);
        to_spans(&bytes)
    }
}

/// Treats each non-blank line as one pre-split sentence (trimmed).
///
/// ```
/// use stancetag_preprocess::{LineSplitter, SentenceSplitter, Span};
///
/// let text = "One. Two.\n\n  “Three” \n";
/// let spans = LineSplitter.split(text);
/// assert_eq!(spans, [Span::new(0, 9), Span::new(13, 24)]); // “ and ” are 3 bytes each
/// assert_eq!(&text[spans[1].range()], "“Three”");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineSplitter;

impl SentenceSplitter for LineSplitter {
    fn split(&self, text: &str) -> Vec<Span> {
        let mut bytes = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
            let (a, z) = trim_range(text, pos, end);
            if a < z {
                bytes.push((a, z));
            }
            pos = end + 1;
        }
        to_spans(&bytes)
    }
}

/// Which splitter to use, as stored in a configuration file
/// (`{"type": "rules"}` or `{"type": "lines"}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum SplitterConfig {
    /// [`RuleSplitter`].
    #[default]
    Rules,
    /// [`LineSplitter`]: one sentence per line.
    Lines,
}

impl SplitterConfig {
    /// The configured splitter.
    pub fn build(self) -> Box<dyn SentenceSplitter> {
        match self {
            SplitterConfig::Rules => Box::new(RuleSplitter),
            SplitterConfig::Lines => Box::new(LineSplitter),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_round_trips_through_json() {
        for config in [SplitterConfig::Rules, SplitterConfig::Lines] {
            let json = serde_json::to_string(&config).unwrap();
            let back: SplitterConfig = serde_json::from_str(&json).unwrap();
            assert_eq!(back, config);
        }
        assert_eq!(
            serde_json::to_string(&SplitterConfig::Lines).unwrap(),
            r#"{"type":"lines"}"#
        );
        assert!(serde_json::from_str::<SplitterConfig>(r#"{"type":"words"}"#).is_err());
    }

    #[test]
    fn split_document_has_byte_spans_and_writes_char_offsets() {
        let doc = Document::new("d", "作者 说。Tokyo agreed. Seoul did not.");
        let tagged = RuleSplitter.split_document(doc);
        let texts: Vec<&str> = (0..3).map(|i| tagged.sentence_text(i)).collect();
        assert_eq!(texts, ["作者 说。", "Tokyo agreed.", "Seoul did not."]);
        assert_eq!(tagged.sentences[1].span, stancetag_core::Span::new(13, 26));
        let line = serde_json::to_string(&tagged).unwrap();
        assert!(line.contains(r#"{"start":5,"end":18,"text":"Tokyo agreed."}"#));
    }

    #[test]
    fn line_splitter_keeps_each_line() {
        let text = "a. b\r\nsecond line\n\n\nthird";
        let spans = LineSplitter.split(text);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(got, ["a. b", "second line", "third"]);
    }
}
