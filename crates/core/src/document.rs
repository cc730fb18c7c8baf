use crate::{CharIndex, Polarity, Scored, Span};
use serde::{Deserialize, Serialize};

/// Metadata fields of an input record, carried through to the output as they are.
pub type Meta = serde_json::Map<String, serde_json::Value>;

/// One input document: its id, its original text and any other fields of its
/// input record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Document id: the path relative to the input directory, the JSONL `id`
    /// field, or a generated one.
    pub id: String,
    /// The original text, never modified.
    pub text: String,
    /// Other fields of the input record (JSONL input only).
    pub meta: Meta,
    /// Spans the user asked about (`"targets": [{"start", "end"}]` in JSONL input).
    pub targets: Option<Vec<Span>>,
}

impl Document {
    /// A document with no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }
}

/// A sentence of a tagged document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// First character of the sentence in the document text.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The sentence text: exactly the document text between `start` and `end`.
    pub text: String,
    /// Sentiment of the sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Scored>,
}

impl Sentence {
    /// The sentence's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// First character of the mention in the document text.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The mention: exactly the document text between `start` and `end`.
    pub text: String,
    /// Entity type (`PER`, `ORG`, `LOC`, `MISC` for the shipped model).
    pub label: String,
    /// The model's confidence (mean probability of the mention's tags); absent in gold files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
    /// Stance expressed toward the mention in its sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Scored>,
}

impl Entity {
    /// The mention's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A user-given span whose stance was asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// First character of the target in the document text.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// Stance expressed toward the target in its sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Scored>,
}

/// How often an actor was spoken of with each polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StanceCounts {
    /// Mentions with negative stance.
    pub negative: usize,
    /// Mentions with neutral stance.
    pub neutral: usize,
    /// Mentions with positive stance.
    pub positive: usize,
}

impl StanceCounts {
    /// Count one mention.
    pub fn add(&mut self, p: Polarity) {
        match p {
            Polarity::Negative => self.negative += 1,
            Polarity::Neutral => self.neutral += 1,
            Polarity::Positive => self.positive += 1,
        }
    }
}

/// One distinct actor of a document: its mentions merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSummary {
    /// The actor's canonical name (its longest mention).
    pub name: String,
    /// Entity type.
    pub label: String,
    /// Number of mentions.
    pub mentions: usize,
    /// Stance counts over the mentions.
    pub stance: StanceCounts,
    /// Mean stance score over the mentions: P(positive) - P(negative), in [-1, 1].
    pub mean_score: f32,
}

/// A document with what the stages found in it: the record written by
/// `stancetag split` and `stancetag tag`, and read from gold files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedDocument {
    /// Document id.
    pub id: String,
    /// Other fields of the input record, carried through.
    #[serde(flatten)]
    pub meta: Meta,
    /// Sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// Entity mentions, in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// User-given targets, in input order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<Target>>,
    /// Distinct actors of the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<ActorSummary>,
    /// The original document text.
    pub text: String,
}

impl From<Document> for TaggedDocument {
    fn from(doc: Document) -> TaggedDocument {
        TaggedDocument {
            id: doc.id,
            meta: doc.meta,
            sentences: Vec::new(),
            entities: Vec::new(),
            targets: doc.targets.map(|t| {
                t.into_iter()
                    .map(|s| Target {
                        start: s.start,
                        end: s.end,
                        stance: None,
                    })
                    .collect()
            }),
            summary: Vec::new(),
            text: doc.text,
        }
    }
}

impl TaggedDocument {
    /// A document with the given sentence spans (text copied from the document).
    pub fn with_sentences(doc: Document, spans: &[Span]) -> TaggedDocument {
        let mut tagged = TaggedDocument::from(doc);
        let idx = CharIndex::new(&tagged.text);
        tagged.sentences.reserve(spans.len());
        for &span in spans {
            tagged.push_sentence_indexed(&idx, span);
        }
        tagged
    }

    /// Append a sentence, copying its text from the document.
    /// For many sentences, build a [`CharIndex`] once and use [`TaggedDocument::push_sentence_indexed`].
    pub fn push_sentence(&mut self, span: Span) {
        let idx = CharIndex::new(&self.text);
        self.push_sentence_indexed(&idx, span);
    }

    /// Append a sentence, with an index of this document's text.
    pub fn push_sentence_indexed(&mut self, idx: &CharIndex, span: Span) {
        let text = idx.slice(&self.text, span.start, span.end).to_string();
        self.sentences.push(Sentence {
            start: span.start,
            end: span.end,
            text,
            sentiment: None,
        });
    }
}
