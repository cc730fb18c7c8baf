//! One set of models run together over a group of sentences: NER, then
//! sentence sentiment and the stance toward each entity it found and each
//! user target, sharing the NER pass's lower layers with a stance branch.

use crate::encoder::Plan;
use crate::error::Result;
use crate::ner::{NerModel, WordTag};
use crate::stance::{StanceInput, StanceModel, StanceOutput};
use stancetag_core::tags::{chunks, Chunk};
use std::time::Duration;

/// The models one worker thread owns (tch tensors are `Send`, not `Sync`).
pub struct Models {
    /// The named-entity recognizer.
    pub ner: NerModel,
    /// The sentiment and stance model, if stance is wanted.
    pub stance: Option<StanceModel>,
}

/// A sentence for [`Models::run`]: its words and the user targets in it,
/// as word ranges `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub struct SentenceInput<'a> {
    /// The sentence's words.
    pub words: &'a [&'a str],
    /// User targets, as word ranges.
    pub targets: &'a [(usize, usize)],
}

/// What the models found in one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceOutput {
    /// Each word's tag.
    pub tags: Vec<WordTag>,
    /// The entity mentions the tags make, as word ranges with their type.
    pub entities: Vec<Chunk>,
    /// Sentence sentiment, and the stance toward each entity then each
    /// user target (in that order), when stance is on; with a relation
    /// head, the relation of each pair of [`relation_pairs`].
    pub stance: Option<StanceOutput>,
}

/// Wall times of model batches, in the order they ran. Each NER batch time
/// covers the encoder forward, log-softmax and copying the scores out; each
/// stance batch time the encoder forward, heads and softmax. Tokenizing and
/// decoding are not included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchTimes {
    /// NER batches.
    pub ner: Vec<Duration>,
    /// Sentiment and stance batches.
    pub stance: Vec<Duration>,
}

impl BatchTimes {
    /// Append another list's times.
    pub fn append(&mut self, other: &mut BatchTimes) {
        self.ner.append(&mut other.ner);
        self.stance.append(&mut other.stance);
    }
}

impl Models {
    /// NER, then (when stance is on) sentiment and stance, for a group of
    /// sentences in batches of `batch` (pushing each batch's wall time onto
    /// `times` when given). When the stance model is a branch of this NER
    /// model it goes on from the states the NER pass left at the layer where
    /// it branches off, so those layers run once.
    pub fn run(
        &self,
        sentences: &[SentenceInput<'_>],
        batch: usize,
        mut times: Option<&mut BatchTimes>,
    ) -> Result<Vec<SentenceOutput>> {
        let words: Vec<&[&str]> = sentences.iter().map(|s| s.words).collect();
        let labels = self.ner.labels();
        let Some(stance) = &self.stance else {
            let tags = self
                .ner
                .tag_words_timed(&words, batch, times.map(|t| &mut t.ner))?;
            return Ok(tags
                .into_iter()
                .map(|tags| SentenceOutput {
                    entities: entity_chunks(&tags, labels),
                    tags,
                    stance: None,
                })
                .collect());
        };
        let shared = stance.shared_layers(&self.ner);
        let plan = Plan::new(&self.ner.pieces, &words, self.ner.config.max_pieces, batch)?;
        let ner_times = times.as_deref_mut().map(|t| &mut t.ner);
        let (tags, mut kept) = self.ner.tag_plan(&plan, &words, ner_times, shared)?;
        let entities: Vec<Vec<Chunk>> = tags.iter().map(|t| entity_chunks(t, labels)).collect();
        let spans: Vec<Vec<(usize, usize)>> = sentences
            .iter()
            .zip(&entities)
            .map(|(s, chunks)| {
                chunks
                    .iter()
                    .map(|c| (c.start, c.end))
                    .chain(s.targets.iter().copied())
                    .collect()
            })
            .collect();
        let with_relations = stance.has_relations();
        let inputs: Vec<StanceInput> = words
            .iter()
            .zip(spans)
            .zip(sentences.iter().zip(&entities))
            .map(|((&words, targets), (s, chunks))| StanceInput {
                words,
                targets,
                pairs: if with_relations {
                    relation_pairs(chunks.len(), s.targets.len())
                } else {
                    Vec::new()
                },
            })
            .collect();
        let stance_times = times.map(|t| &mut t.stance);
        let outputs = match shared {
            Some(_) => stance.predict_plan(&plan, &inputs, stance_times, |b, _| {
                let h = kept[b]
                    .take()
                    .expect("the NER pass keeps every batch's states");
                Ok(stance.branch(h))
            })?,
            None => stance.predict_timed(&inputs, batch, stance_times)?,
        };
        Ok(tags
            .into_iter()
            .zip(entities)
            .zip(outputs)
            .map(|((tags, entities), o)| SentenceOutput {
                tags,
                entities,
                stance: Some(o),
            })
            .collect())
    }
}

/// The ordered pairs whose relations [`Models::run`] scores in a sentence
/// with `entities` entities then `targets` user targets (stance target
/// indices): every ordered pair of two entities, in row-major order, then
/// every ordered pair of two user targets.
///
/// ```
/// use stancetag_inference::relation_pairs;
/// assert_eq!(relation_pairs(2, 2), [(0, 1), (1, 0), (2, 3), (3, 2)]);
/// ```
pub fn relation_pairs(entities: usize, targets: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (base, n) in [(0, entities), (entities, targets)] {
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    out.push((base + i, base + j));
                }
            }
        }
    }
    out
}

/// The labelled chunks of a tag sequence.
fn entity_chunks(tags: &[WordTag], labels: &[String]) -> Vec<Chunk> {
    let names: Vec<&str> = tags.iter().map(|t| labels[t.label].as_str()).collect();
    chunks(&names)
}
