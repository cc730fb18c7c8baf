//! The models' own tagging of a gold file's text, shared by `eval` (which
//! scores it) and `bench` (which also times it).

use anyhow::Context;
use stancetag_core::tags::{chunks, iob2};
use stancetag_core::{Document, Span};
use stancetag_evaluation::{ConllFile, Dataset, Format, TagScheme};
use stancetag_inference::{Tagger, Worker};
use stancetag_preprocess::{LineSplitter, RuleSplitter, SentenceSplitter};
use std::path::PathBuf;

/// A tagger for a gold file's text: a CoNLL gold is tagged on its own
/// tokens and a NewsMTSC gold one record per sentence (both
/// [`LineSplitter`]); a stancetag JSONL gold end to end, with the
/// [`RuleSplitter`].
pub fn gold_tagger(gold: &Dataset, workers: Vec<Worker>, batch_size: usize) -> Tagger {
    let splitter: Box<dyn SentenceSplitter> = match gold.format {
        Format::Conll | Format::Newsmtsc => Box::new(LineSplitter),
        _ => Box::new(RuleSplitter),
    };
    Tagger::new(splitter, workers, batch_size)
}

/// The models' tagging of the gold text (see [`gold_tagger`]), in the
/// gold's documents.
pub fn predict(gold: &Dataset, tagger: &mut Tagger) -> anyhow::Result<Dataset> {
    if let Some(conll) = &gold.conll {
        return conll_predictions(conll, tagger);
    }
    let docs = gold
        .documents
        .iter()
        .map(|d| Document {
            id: d.id.clone(),
            text: d.text.clone(),
            meta: Default::default(),
            targets: d
                .targets
                .as_ref()
                .map(|t| t.iter().map(|t| Span::new(t.start, t.end)).collect()),
        })
        .collect();
    Ok(Dataset::from_documents(tagger.tag(docs)?))
}

/// The gold CoNLL file with every tag replaced by the model's (IOB2), so
/// conlleval scores the model on exactly the gold tokens.
fn conll_predictions(gold: &ConllFile, tagger: &mut Tagger) -> anyhow::Result<Dataset> {
    let mut pred = gold.clone();
    pred.path = PathBuf::from("<model predictions>");
    pred.scheme = TagScheme::Iob2;
    let sentences: Vec<Vec<&str>> = gold
        .documents
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.tokens.iter().map(|t| t.text.as_str()).collect())
        .collect();
    let tags = tagger.ner_words(&sentences)?;
    let labels = tagger.ner_labels().to_vec();
    let mut next = tags.iter();
    for sentence in pred.documents.iter_mut().flat_map(|d| &mut d.sentences) {
        let t = next.next().context("one prediction per sentence")?;
        let names: Vec<&str> = t.iter().map(|w| labels[w.label].as_str()).collect();
        // The model decodes valid IOB2 already; iob2(chunks) only normalises.
        let names = iob2(&chunks(&names), names.len());
        for (token, tag) in sentence.tokens.iter_mut().zip(names) {
            token.tag = tag;
        }
    }
    Ok(Dataset {
        format: Format::Conll,
        documents: pred.to_documents(),
        conll: Some(pred),
    })
}
