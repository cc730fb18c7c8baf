//! The tagging pipeline: documents in, tagged documents out.
//!
//! Splitting and word tokenization run on all cores ([`par_map`]); the
//! sentences of a chunk of documents are then sorted by length and dealt out
//! to the model workers, each owning its own model (tch tensors are not
//! `Sync`). The output does not depend on the number of workers.

use crate::error::Result;
use crate::ner::{NerModel, WordTag};
use stancetag_core::tags::chunks;
use stancetag_core::{CharIndex, Document, Entity, Span, TaggedDocument};
use stancetag_preprocess::{par_map, words, SentenceSplitter};

/// Tags documents with a splitter and NER model workers.
pub struct Tagger {
    splitter: Box<dyn SentenceSplitter>,
    workers: Vec<NerModel>,
    batch_size: usize,
}

/// A sentence queued for the models.
struct Queued {
    doc: usize,
    sentence: usize,
    words: Vec<Span>,
}

impl Tagger {
    /// A tagger with one model per worker (at least one).
    pub fn new(
        splitter: Box<dyn SentenceSplitter>,
        workers: Vec<NerModel>,
        batch_size: usize,
    ) -> Tagger {
        assert!(!workers.is_empty(), "a tagger needs at least one model");
        Tagger {
            splitter,
            workers,
            batch_size: batch_size.max(1),
        }
    }

    /// Split, tokenize and tag a chunk of documents.
    pub fn tag(&mut self, docs: Vec<Document>) -> Result<Vec<TaggedDocument>> {
        let splitter = &*self.splitter;
        let spans = par_map(&docs, |d| splitter.split(&d.text));
        let mut tagged: Vec<TaggedDocument> = docs
            .into_iter()
            .zip(&spans)
            .map(|(d, s)| TaggedDocument::with_sentences(d, s))
            .collect();
        let slots: Vec<(usize, usize)> = tagged
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| (0..doc.sentences.len()).map(move |s| (d, s)))
            .collect();
        let queue = par_map(&slots, |&(doc, sentence)| Queued {
            doc,
            sentence,
            words: words(&tagged[doc].sentences[sentence].text),
        });
        let tags = self.run_models(&tagged, &queue)?;
        attach_entities(&mut tagged, &queue, &tags, self.workers[0].labels());
        Ok(tagged)
    }

    /// NER over all queued sentences, dealt out to the workers by length.
    fn run_models(
        &mut self,
        docs: &[TaggedDocument],
        queue: &[Queued],
    ) -> Result<Vec<Vec<WordTag>>> {
        let texts: Vec<Vec<&str>> = queue
            .iter()
            .map(|q| {
                let s = &docs[q.doc].sentences[q.sentence].text;
                let idx = CharIndex::new(s);
                q.words
                    .iter()
                    .map(|w| idx.slice(s, w.start, w.end))
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].iter().map(|w| w.len()).sum::<usize>());
        let n = self.workers.len();
        let batch = self.batch_size;
        // Worker k takes every n-th sentence in length order: equal shares.
        let shares: Vec<Vec<usize>> = (0..n)
            .map(|k| order.iter().copied().skip(k).step_by(n).collect())
            .collect();
        let results: Vec<Result<Vec<Vec<WordTag>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .workers
                .iter_mut()
                .zip(&shares)
                .map(|(model, share)| {
                    let input: Vec<Vec<&str>> = share.iter().map(|&i| texts[i].clone()).collect();
                    scope.spawn(move || model.tag_words(&input, batch))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a model worker panicked"))
                .collect()
        });
        let mut out = vec![Vec::new(); texts.len()];
        for (share, result) in shares.iter().zip(results) {
            for (&i, tags) in share.iter().zip(result?) {
                out[i] = tags;
            }
        }
        Ok(out)
    }
}

/// Turn word tags into entity mentions with document character offsets.
fn attach_entities(
    docs: &mut [TaggedDocument],
    queue: &[Queued],
    tags: &[Vec<WordTag>],
    labels: &[String],
) {
    for (q, tags) in queue.iter().zip(tags) {
        let names: Vec<&str> = tags.iter().map(|t| labels[t.label].as_str()).collect();
        let doc = &mut docs[q.doc];
        let base = doc.sentences[q.sentence].start;
        for c in chunks(&names) {
            let start = base + q.words[c.start].start;
            let end = base + q.words[c.end - 1].end;
            let score =
                tags[c.start..c.end].iter().map(|t| t.prob).sum::<f32>() / (c.end - c.start) as f32;
            doc.entities.push(Entity {
                start,
                end,
                text: String::new(),
                label: c.label,
                score: Some(score),
                sentence: q.sentence,
                stance: None,
            });
        }
    }
    for doc in docs {
        let idx = CharIndex::new(&doc.text);
        for e in &mut doc.entities {
            e.text = idx.slice(&doc.text, e.start, e.end).to_string();
        }
    }
}
