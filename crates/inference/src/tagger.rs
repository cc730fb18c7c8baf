//! The tagging pipeline: documents in, tagged documents out.
//!
//! Splitting and word tokenization run on all cores ([`par_map`]). The
//! sentences of a chunk of documents are then sorted by length and dealt out
//! to the workers; each worker owns its own models (tch tensors are not
//! `Sync`), runs NER on its share, then the stance model: one encoder pass
//! per sentence gives the sentence's sentiment and, once the entity spans are
//! known, the stance toward each entity and user target. The output does not
//! depend on the number of workers.
//!
//! For benchmarks, the tagger can also record the wall time of every model
//! batch ([`Tagger::record_batch_times`], [`Tagger::take_batch_times`]); off
//! by default, when it reads no clock.

use crate::encoder::Plan;
use crate::error::Result;
use crate::ner::{NerModel, WordTag};
use crate::stance::{StanceInput, StanceModel, StanceOutput};
use stancetag_core::tags::{chunks, Chunk};
use stancetag_core::{CharIndex, Document, Entity, PolarityScores, Scored, Span, TaggedDocument};
use stancetag_preprocess::{par_map, words, SentenceSplitter};
use std::time::Duration;

/// The models one worker thread owns.
pub struct Worker {
    /// The named-entity recognizer.
    pub ner: NerModel,
    /// The sentiment and stance model, if stance is wanted.
    pub stance: Option<StanceModel>,
}

/// Tags documents with a splitter and model workers.
pub struct Tagger {
    splitter: Box<dyn SentenceSplitter>,
    workers: Vec<Worker>,
    batch_size: usize,
    /// Per worker, when recording batch times.
    times: Option<Vec<BatchTimes>>,
}

/// Wall times of model batches, in the order each worker ran them (the
/// workers' lists concatenated). Each NER batch time covers the encoder
/// forward, log-softmax and copying the scores out; each stance batch time
/// the encoder forward, heads and softmax. Tokenizing and decoding are not
/// included.
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

/// A sentence queued for the models.
struct Queued {
    doc: usize,
    sentence: usize,
    /// Word spans, relative to the sentence.
    words: Vec<Span>,
    /// User targets in this sentence: (index in the document's targets, word range).
    targets: Vec<(usize, (usize, usize))>,
}

/// What the models found in one sentence.
#[derive(Default)]
struct Found {
    tags: Vec<WordTag>,
    stance: Option<StanceOutput>,
}

impl Tagger {
    /// A tagger with one set of models per worker (at least one worker).
    pub fn new(
        splitter: Box<dyn SentenceSplitter>,
        workers: Vec<Worker>,
        batch_size: usize,
    ) -> Tagger {
        assert!(!workers.is_empty(), "a tagger needs at least one worker");
        Tagger {
            splitter,
            workers,
            batch_size: batch_size.max(1),
            times: None,
        }
    }

    /// Start (`true`) or stop recording the wall time of every model batch;
    /// either way, the times recorded so far are dropped.
    pub fn record_batch_times(&mut self, on: bool) {
        self.times = on.then(|| vec![BatchTimes::default(); self.workers.len()]);
    }

    /// The batch times recorded since the last call (empty when not
    /// recording); recording goes on.
    pub fn take_batch_times(&mut self) -> BatchTimes {
        let mut all = BatchTimes::default();
        for t in self.times.iter_mut().flatten() {
            all.append(t);
        }
        all
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
        let mut queue = par_map(&slots, |&(doc, sentence)| Queued {
            doc,
            sentence,
            words: words(&tagged[doc].sentences[sentence].text),
            targets: Vec::new(),
        });
        place_targets(&tagged, &mut queue);
        let found = self.run_models(&tagged, &queue)?;
        let labels = self.workers[0].ner.labels().to_vec();
        attach(&mut tagged, &queue, &found, &labels);
        if self.workers[0].stance.is_some() {
            for doc in &mut tagged {
                doc.summary = stancetag_core::summary::summarize(doc);
            }
        }
        Ok(tagged)
    }

    /// Run the models over all queued sentences, dealt out to the workers by length.
    fn run_models(&mut self, docs: &[TaggedDocument], queue: &[Queued]) -> Result<Vec<Found>> {
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
        let batch = self.batch_size;
        deal(
            &mut self.workers,
            self.times.as_deref_mut(),
            &texts,
            batch * ROUND_BATCHES,
            |worker, times, round| worker.run(round, &texts, queue, batch, times),
        )
    }

    /// NER tags of pre-tokenized sentences (no splitting, no stance), e.g.
    /// to score a model on a CoNLL file's own tokens.
    pub fn ner_words(&mut self, sentences: &[Vec<&str>]) -> Result<Vec<Vec<WordTag>>> {
        let batch = self.batch_size;
        deal(
            &mut self.workers,
            self.times.as_deref_mut(),
            sentences,
            batch * ROUND_BATCHES,
            |worker, times, round| {
                let input: Vec<Vec<&str>> = round.iter().map(|&i| sentences[i].clone()).collect();
                worker
                    .ner
                    .tag_words_timed(&input, batch, times.map(|t| &mut t.ner))
            },
        )
    }

    /// The NER model's labels.
    pub fn ner_labels(&self) -> &[String] {
        self.workers[0].ner.labels()
    }

    /// Give the workers back (to tag with another splitter, say).
    pub fn into_workers(self) -> Vec<Worker> {
        self.workers
    }
}

/// Sentences per round: a round is sorted by length, cut into batches and
/// run by one worker; with a stance branch, the states the NER pass keeps
/// for it are those of one round.
const ROUND_BATCHES: usize = 8;

/// Deal sentences out to the workers: sorted by length and cut into rounds
/// of `round` sentences, round k going to worker k mod n, so that every
/// batch, and with it the output, is the same whatever the number of
/// workers. Runs `f` on each round in its worker's thread (with that
/// worker's batch times, when recording) and puts the results back in
/// input order.
fn deal<R, F>(
    workers: &mut [Worker],
    times: Option<&mut [BatchTimes]>,
    sentences: &[Vec<&str>],
    round: usize,
    f: F,
) -> Result<Vec<R>>
where
    R: Send + Default,
    F: Fn(&mut Worker, Option<&mut BatchTimes>, &[usize]) -> Result<Vec<R>> + Sync,
{
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by_key(|&i| sentences[i].iter().map(|w| w.len()).sum::<usize>());
    let rounds: Vec<&[usize]> = order.chunks(round.max(1)).collect();
    let n = workers.len();
    let shares: Vec<Vec<&[usize]>> = (0..n)
        .map(|k| rounds.iter().copied().skip(k).step_by(n).collect())
        .collect();
    let mut slots: Vec<Option<&mut BatchTimes>> = match times {
        Some(times) => times.iter_mut().map(Some).collect(),
        None => Vec::new(),
    };
    slots.resize_with(n, || None);
    let f = &f;
    let results: Vec<Result<Vec<R>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .iter_mut()
            .zip(&shares)
            .zip(slots)
            .map(|((worker, share), mut times)| {
                scope.spawn(move || -> Result<Vec<R>> {
                    let mut out = Vec::new();
                    for round in share {
                        out.extend(f(worker, times.as_deref_mut(), round)?);
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a model worker panicked"))
            .collect()
    });
    let mut out: Vec<R> = (0..sentences.len()).map(|_| R::default()).collect();
    for (share, result) in shares.iter().zip(results) {
        for (&i, r) in share.iter().flat_map(|r| r.iter()).zip(result?) {
            out[i] = r;
        }
    }
    Ok(out)
}

impl Worker {
    /// NER, then sentiment and stance, for one round of sentences (`round`
    /// indexes `texts`). When the stance model is a branch of this NER model
    /// it goes on from the states the NER pass left at the layer where it
    /// branches off.
    fn run(
        &mut self,
        round: &[usize],
        texts: &[Vec<&str>],
        queue: &[Queued],
        batch: usize,
        mut times: Option<&mut BatchTimes>,
    ) -> Result<Vec<Found>> {
        let words: Vec<Vec<&str>> = round.iter().map(|&i| texts[i].clone()).collect();
        let Some(stance) = &self.stance else {
            let tags = self
                .ner
                .tag_words_timed(&words, batch, times.map(|t| &mut t.ner))?;
            return Ok(tags
                .into_iter()
                .map(|tags| Found { tags, stance: None })
                .collect());
        };
        let shared = stance.shared_layers(&self.ner);
        let plan = Plan::new(&self.ner.pieces, &words, self.ner.config.max_pieces, batch)?;
        let ner_times = times.as_deref_mut().map(|t| &mut t.ner);
        let (tags, mut kept) = self.ner.tag_plan(&plan, &words, ner_times, shared)?;
        let labels = self.ner.labels();
        let inputs: Vec<StanceInput> = round
            .iter()
            .zip(&words)
            .zip(&tags)
            .map(|((&i, w), t)| StanceInput {
                words: w.clone(),
                targets: entity_chunks(t, labels)
                    .iter()
                    .map(|c| (c.start, c.end))
                    .chain(queue[i].targets.iter().map(|t| t.1))
                    .collect(),
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
            .zip(outputs)
            .map(|(tags, o)| Found {
                tags,
                stance: Some(o),
            })
            .collect())
    }
}

fn entity_chunks(tags: &[WordTag], labels: &[String]) -> Vec<Chunk> {
    let names: Vec<&str> = tags.iter().map(|t| labels[t.label].as_str()).collect();
    chunks(&names)
}

/// Assign each user target to the sentence holding its first character,
/// as the range of that sentence's words it overlaps.
fn place_targets(docs: &[TaggedDocument], queue: &mut [Queued]) {
    let mut first = vec![usize::MAX; docs.len()];
    for (i, q) in queue.iter().enumerate() {
        first[q.doc] = first[q.doc].min(i);
    }
    for (d, doc) in docs.iter().enumerate() {
        let Some(targets) = &doc.targets else {
            continue;
        };
        for (t, target) in targets.iter().enumerate() {
            let Some(s) = doc
                .sentences
                .iter()
                .position(|s| s.start <= target.start && target.start < s.end)
                .or_else(|| doc.sentences.iter().position(|s| target.start < s.end))
            else {
                continue;
            };
            let q = &mut queue[first[d] + s];
            let base = doc.sentences[s].start;
            let local = Span::new(
                target.start.saturating_sub(base),
                target.end.saturating_sub(base),
            );
            if let Some(range) = local.word_range(&q.words) {
                q.targets.push((t, range));
            }
        }
    }
}

/// Write entities, sentiment and stance into the documents.
fn attach(docs: &mut [TaggedDocument], queue: &[Queued], found: &[Found], labels: &[String]) {
    for (q, f) in queue.iter().zip(found) {
        let doc = &mut docs[q.doc];
        let base = doc.sentences[q.sentence].start;
        let chunks = entity_chunks(&f.tags, labels);
        let stance = f.stance.as_ref();
        if let Some(o) = stance {
            doc.sentences[q.sentence].sentiment =
                Some(Scored::predicted(PolarityScores::from_array(o.sentence)));
        }
        for (k, c) in chunks.iter().enumerate() {
            let score = f.tags[c.start..c.end].iter().map(|t| t.prob).sum::<f32>()
                / (c.end - c.start) as f32;
            doc.entities.push(Entity {
                start: base + q.words[c.start].start,
                end: base + q.words[c.end - 1].end,
                text: String::new(),
                label: c.label.clone(),
                score: Some(score),
                sentence: q.sentence,
                stance: stance.map(|o| Scored::predicted(PolarityScores::from_array(o.targets[k]))),
            });
        }
        if let (Some(o), Some(targets)) = (stance, doc.targets.as_mut()) {
            for (j, &(t, _)) in q.targets.iter().enumerate() {
                targets[t].stance = Some(Scored::predicted(PolarityScores::from_array(
                    o.targets[chunks.len() + j],
                )));
            }
        }
    }
    for doc in docs {
        let idx = CharIndex::new(&doc.text);
        for e in &mut doc.entities {
            e.text = idx.slice(&doc.text, e.start, e.end).to_string();
        }
    }
}
