use crate::wire;
use crate::{ActorKind, ActorLink, Polarity, Relation, Scored, Span};
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
    /// Spans the user asked about (`"targets": [{"start", "end"}]` in JSONL
    /// input), as byte spans of `text`.
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
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Where the sentence lies in the document text (bytes).
    pub span: Span,
    /// Sentiment of the sentence.
    pub sentiment: Option<Scored>,
    /// Directed relations between the sentence's entities (document-level
    /// entity indices); empty when none was found or none was asked for.
    pub relations: Vec<Relation>,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Where the mention lies in the document text (bytes).
    pub span: Span,
    /// Entity type (`PER`, `ORG`, `LOC`, `MISC` for the shipped model).
    pub label: String,
    /// The model's confidence (mean probability of the mention's tags); absent in gold files.
    pub score: Option<f32>,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
    /// Stance expressed toward the mention in its sentence.
    pub stance: Option<Scored>,
    /// The actor the mention names, when it names one the resolver could decide.
    pub actor: Option<ActorLink>,
    /// The ids a mention could name when the document does not decide
    /// between them (then `actor` is `None`).
    pub candidates: Vec<String>,
}

impl Entity {
    /// A mention with no score, stance or actor.
    pub fn new(span: Span, label: impl Into<String>, sentence: usize) -> Entity {
        Entity {
            span,
            label: label.into(),
            score: None,
            sentence,
            stance: None,
            actor: None,
            candidates: Vec::new(),
        }
    }
}

/// A user-given span whose stance was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Where the target lies in the document text (bytes).
    pub span: Span,
    /// Stance expressed toward the target in its sentence.
    pub stance: Option<Scored>,
    /// The actor the target names, if any (as for [`Entity::actor`]).
    pub actor: Option<ActorLink>,
    /// Candidate ids of an undecided target (as for [`Entity::candidates`]).
    pub candidates: Vec<String>,
}

impl Target {
    /// A target with no stance or actor.
    pub fn new(span: Span) -> Target {
        Target {
            span,
            stance: None,
            actor: None,
            candidates: Vec::new(),
        }
    }
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

    /// The number of mentions counted.
    pub fn total(&self) -> usize {
        self.negative + self.neutral + self.positive
    }
}

/// One spelling of an actor with the number of its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasCount {
    /// The mention as cleaned (quotes, possessive and titles removed).
    pub text: String,
    /// Its mentions.
    pub mentions: usize,
}

/// One distinct actor of a document: its mentions merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSummary {
    /// The actor id; absent for mentions the resolver left unresolved
    /// (they are merged by their text) and in summaries `--by surface`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The actor's canonical name (the dictionary's, else its longest mention).
    pub name: String,
    /// Kind of actor, with `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActorKind>,
    /// Entity type (the most frequent of its mentions).
    pub label: String,
    /// The spellings seen, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<AliasCount>,
    /// Number of mentions.
    pub mentions: usize,
    /// Stance counts over the mentions.
    pub stance: StanceCounts,
    /// Mean stance score over the mentions: P(positive) - P(negative), in [-1, 1].
    pub mean_score: f32,
}

/// A document with what the stages found in it: the record written by
/// `stancetag split` and `stancetag tag`, and read from gold files.
///
/// In memory every span is a byte span of `text`, so `&doc.text[span]`
/// slices it. The JSON form counts characters (Unicode scalar values, as
/// Python's `str` does) and repeats each span's text: [`Serialize`] converts
/// once per document when a record is written, [`TaggedDocument::from_wire`]
/// (and [`Deserialize`], which uses it) once when one is read, checking
/// every span.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedDocument {
    /// Document id.
    pub id: String,
    /// Other fields of the input record, carried through.
    pub meta: Meta,
    /// Sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// Entity mentions, in text order.
    pub entities: Vec<Entity>,
    /// User-given targets, in input order.
    pub targets: Option<Vec<Target>>,
    /// Relations between user targets (indices into `targets`), one per
    /// ordered pair of targets in one sentence.
    pub target_relations: Option<Vec<Relation>>,
    /// Distinct actors of the document.
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
            targets: doc
                .targets
                .map(|t| t.into_iter().map(Target::new).collect()),
            target_relations: None,
            summary: Vec::new(),
            text: doc.text,
        }
    }
}

impl TaggedDocument {
    /// A document with the given sentence spans (bytes of its text).
    pub fn with_sentences(doc: Document, spans: &[Span]) -> TaggedDocument {
        let mut tagged = TaggedDocument::from(doc);
        tagged.sentences = spans
            .iter()
            .map(|&span| Sentence {
                span,
                sentiment: None,
                relations: Vec::new(),
            })
            .collect();
        tagged
    }

    /// The text of a span of this document.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        self.slice(self.sentences[i].span)
    }

    /// The text of entity `i`.
    pub fn entity_text(&self, i: usize) -> &str {
        self.slice(self.entities[i].span)
    }

    /// The JSON form: character offsets, with every span's text.
    pub fn to_wire(&self) -> wire::Document<'_> {
        wire::Document::from_tagged(self)
    }

    /// A document from its JSON form, with every span checked against the
    /// text: in bounds, in order, equal to its `text` field where one is
    /// given, and every entity inside the sentence it names.
    ///
    /// ```
    /// use stancetag_core::{wire, TaggedDocument};
    /// let line = r#"{"id":"d","text":"作者 Seoul said no.","sentences":[{"start":0,"end":17}],
    ///   "entities":[{"start":3,"end":8,"text":"Seoul","label":"LOC","sentence":0}]}"#;
    /// let w: wire::OwnedDocument = serde_json::from_str(line).unwrap();
    /// let doc = TaggedDocument::from_wire(w).unwrap();
    /// assert_eq!(doc.entity_text(0), "Seoul");
    /// assert_eq!(doc.entities[0].span.start, 7); // bytes: "作者 " is 7 bytes
    ///
    /// let bad = line.replace(r#""end":8,"text":"Seoul""#, r#""end":7,"text":"Seoul""#);
    /// let w: wire::OwnedDocument = serde_json::from_str(&bad).unwrap();
    /// assert_eq!(
    ///     TaggedDocument::from_wire(w).unwrap_err().to_string(),
    ///     r#"entity 0 (3..7): its text "Seoul" is not the document text there ("Seou")"#
    /// );
    /// ```
    pub fn from_wire(w: wire::OwnedDocument) -> Result<TaggedDocument, wire::RecordError> {
        w.into_tagged()
    }
}

impl Serialize for TaggedDocument {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TaggedDocument {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = wire::OwnedDocument::deserialize(deserializer)?;
        w.into_tagged().map_err(serde::de::Error::custom)
    }
}
