//! A gold file's text tagged the way the gold is scored: what `stancetag
//! eval` scores and `stancetag bench` times.
//!
//! A CoNLL gold is tagged on its own tokens and a NewsMTSC gold one record
//! per sentence (both with the [`LineSplitter`]); a stancetag JSONL gold end
//! to end, with the [`RuleSplitter`]; a CoNLL-U gold (sentence boundaries
//! only) is only split.

use crate::error::Result;
use crate::tagger::{Tagger, Worker};
use stancetag_core::tags::{chunks, iob2};
use stancetag_core::{Document, TaggedDocument};
use stancetag_evaluation::{ConllFile, Dataset, Format, TagScheme};
use stancetag_preprocess::{LineSplitter, RuleSplitter, SentenceSplitter};
use std::path::PathBuf;

/// The splitter a gold file's text is tagged with.
pub fn gold_splitter(format: Format) -> Box<dyn SentenceSplitter> {
    match format {
        Format::Conll | Format::Newsmtsc | Format::Directed => Box::new(LineSplitter),
        _ => Box::new(RuleSplitter),
    }
}

/// True when scoring this gold needs models (every format but CoNLL-U,
/// which annotates sentence boundaries only).
pub fn needs_models(gold: &Dataset) -> bool {
    gold.format != Format::Conllu
}

/// The gold documents as the splitter alone splits them (CoNLL-U gold).
pub fn split_only(gold: &Dataset) -> Dataset {
    let splitter = gold_splitter(gold.format);
    Dataset::from_documents(
        gold.documents
            .iter()
            .map(|d| splitter.split_document(Document::new(d.id.clone(), d.text.clone())))
            .collect(),
    )
}

/// The models' tagging of the gold text, in the gold's documents (the
/// tagger should have been made with [`gold_splitter`]).
pub fn predict<W: Worker>(gold: &Dataset, tagger: &mut Tagger<W>) -> Result<Dataset> {
    if let Some(conll) = &gold.conll {
        return conll_predictions(conll, tagger);
    }
    let docs = gold.documents.iter().map(as_input).collect();
    Ok(Dataset::from_documents(tagger.tag(docs)?))
}

/// A gold document as input: its id, text and targets.
fn as_input(d: &TaggedDocument) -> Document {
    Document {
        id: d.id.clone(),
        text: d.text.clone(),
        meta: Default::default(),
        targets: d
            .targets
            .as_ref()
            .map(|t| t.iter().map(|t| t.span).collect()),
    }
}

/// The gold CoNLL file with every tag replaced by the model's (IOB2), so
/// conlleval scores the model on exactly the gold tokens.
fn conll_predictions<W: Worker>(gold: &ConllFile, tagger: &mut Tagger<W>) -> Result<Dataset> {
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
    let sentences = pred.documents.iter_mut().flat_map(|d| &mut d.sentences);
    for (sentence, t) in sentences.zip(&tags) {
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
        skipped: 0,
    })
}
