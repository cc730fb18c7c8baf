//! The conductor: documents in, tagged documents out.
//!
//! Splitting and word tokenization run on all cores ([`par_map`]). The
//! sentences of a chunk of documents are then sorted by length, cut into
//! rounds and dealt out to the workers ([`deal`]); each worker owns its own
//! models and runs NER, then stance, on its rounds. The results are
//! attached to the documents ([`attach`]) and each document's actors are
//! summarised. Every offset here is a byte offset; characters are counted
//! only when a record is written.

use crate::actors::{summarize, Grouping};
use crate::error::Result;
use crate::resolve::{Dictionary, Resolver};
use stancetag_core::tags::Chunk;
use stancetag_core::{
    Document, Entity, PolarityScores, Relation, RelationScores, Scored, Span, TaggedDocument,
};
use stancetag_inference::{
    relation_pairs, BatchTimes, Models, SentenceInput, SentenceOutput, WordTag,
};
use stancetag_preprocess::{par_map, words, SentenceSplitter};

/// What the tagger needs of a worker's models: one set per worker thread.
/// [`Models`] is the real one; tests use a fake that needs no libtorch.
pub trait Worker: Send {
    /// The NER labels the tags index (IOB2).
    fn labels(&self) -> &[String];
    /// True when the worker scores sentiment and stance.
    fn has_stance(&self) -> bool;
    /// Tags (and, with stance, sentiment and stance) of a round of
    /// sentences, in batches of `batch`.
    fn run(
        &mut self,
        sentences: &[SentenceInput<'_>],
        batch: usize,
        times: Option<&mut BatchTimes>,
    ) -> stancetag_inference::Result<Vec<SentenceOutput>>;
    /// NER tags only, for pre-tokenized sentences.
    fn tag_words(
        &mut self,
        sentences: &[&[&str]],
        batch: usize,
        times: Option<&mut Vec<std::time::Duration>>,
    ) -> stancetag_inference::Result<Vec<Vec<WordTag>>>;
}

impl Worker for Models {
    fn labels(&self) -> &[String] {
        self.ner.labels()
    }

    fn has_stance(&self) -> bool {
        self.stance.is_some()
    }

    fn run(
        &mut self,
        sentences: &[SentenceInput<'_>],
        batch: usize,
        times: Option<&mut BatchTimes>,
    ) -> stancetag_inference::Result<Vec<SentenceOutput>> {
        Models::run(self, sentences, batch, times)
    }

    fn tag_words(
        &mut self,
        sentences: &[&[&str]],
        batch: usize,
        times: Option<&mut Vec<std::time::Duration>>,
    ) -> stancetag_inference::Result<Vec<Vec<WordTag>>> {
        self.ner.tag_words_timed(sentences, batch, times)
    }
}

/// Tags documents with a splitter and model workers.
pub struct Tagger<W: Worker = Models> {
    splitter: Box<dyn SentenceSplitter>,
    workers: Vec<W>,
    batch_size: usize,
    /// Per worker, when recording batch times.
    times: Option<Vec<BatchTimes>>,
    /// Resolves mentions to actors (step 7); `None` leaves them unresolved.
    resolver: Option<Resolver>,
    /// Keep relations labelled none too (default: polar ones only).
    all_relations: bool,
}

/// A sentence queued for the models.
#[derive(Debug, Clone, PartialEq)]
struct Queued {
    doc: usize,
    sentence: usize,
    /// Word spans, relative to the sentence (bytes).
    words: Vec<Span>,
    /// User targets in this sentence: their indices in the document's targets…
    target_ids: Vec<usize>,
    /// …and the words `[start, end)` each covers.
    target_words: Vec<(usize, usize)>,
}

impl<W: Worker> Tagger<W> {
    /// A tagger with one set of models per worker (at least one worker).
    pub fn new(splitter: Box<dyn SentenceSplitter>, workers: Vec<W>, batch_size: usize) -> Self {
        assert!(!workers.is_empty(), "a tagger needs at least one worker");
        Tagger {
            splitter,
            workers,
            batch_size: batch_size.max(1),
            times: None,
            resolver: Some(Resolver::new(Dictionary::builtin())),
            all_relations: false,
        }
    }

    /// Keep every scored entity pair in `relations`, `none` included
    /// (default: only positive and negative ones). Target relations are
    /// always all kept.
    pub fn set_all_relations(&mut self, all: bool) {
        self.all_relations = all;
    }

    /// Resolve mentions with this resolver (the default: the built-in
    /// dictionary), or not at all (`None`: no `actor` fields, summaries by surface).
    pub fn set_resolver(&mut self, resolver: Option<Resolver>) {
        self.resolver = resolver;
    }

    /// Start (`true`) or stop recording the wall time of every model batch;
    /// either way, the times recorded so far are dropped.
    pub fn record_batch_times(&mut self, on: bool) {
        self.times = on.then(|| vec![BatchTimes::default(); self.workers.len()]);
    }

    /// The batch times recorded since the last call (empty when not
    /// recording), the workers' lists concatenated; recording goes on.
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
            words: words(tagged[doc].sentence_text(sentence)),
            target_ids: Vec::new(),
            target_words: Vec::new(),
        });
        place_targets(&tagged, &mut queue);
        let found = self.run_models(&tagged, &queue)?;
        attach(&mut tagged, &queue, found);
        if let Some(resolver) = &self.resolver {
            for doc in &mut tagged {
                resolver.resolve(doc);
            }
        }
        for doc in &mut tagged {
            keep_relations(doc, self.all_relations);
        }
        if self.workers[0].has_stance() {
            let grouping = match self.resolver {
                Some(_) => Grouping::Actor,
                None => Grouping::Surface,
            };
            for doc in &mut tagged {
                doc.summary = summarize(doc, grouping);
            }
        }
        Ok(tagged)
    }

    /// Run the models over all queued sentences, dealt out to the workers by length.
    fn run_models(
        &mut self,
        docs: &[TaggedDocument],
        queue: &[Queued],
    ) -> Result<Vec<SentenceOutput>> {
        let texts: Vec<Vec<&str>> = queue
            .iter()
            .map(|q| {
                let s = docs[q.doc].sentence_text(q.sentence);
                q.words.iter().map(|w| &s[w.range()]).collect()
            })
            .collect();
        let batch = self.batch_size;
        deal(
            &mut self.workers,
            self.times.as_deref_mut(),
            &texts,
            batch * ROUND_BATCHES,
            |worker, times, round| {
                let inputs: Vec<SentenceInput> = round
                    .iter()
                    .map(|&i| SentenceInput {
                        words: &texts[i],
                        targets: &queue[i].target_words,
                    })
                    .collect();
                Ok(worker.run(&inputs, batch, times)?)
            },
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
                let input: Vec<&[&str]> = round.iter().map(|&i| sentences[i].as_slice()).collect();
                Ok(worker.tag_words(&input, batch, times.map(|t| &mut t.ner))?)
            },
        )
    }

    /// The NER model's labels.
    pub fn ner_labels(&self) -> &[String] {
        self.workers[0].labels()
    }

    /// Give the workers back (to tag with another splitter, say).
    pub fn into_workers(self) -> Vec<W> {
        self.workers
    }
}

/// Sentences per round, in batches: a round is sorted by length, cut into
/// batches and run by one worker; with a stance branch, the states the NER
/// pass keeps for it are those of one round.
const ROUND_BATCHES: usize = 8;

/// Deal sentences out to the workers: sorted by length (bytes of their
/// words) and cut into rounds of `round` sentences, round k going to worker
/// k mod n, so that every batch, and with it the output, is the same
/// whatever the number of workers. Runs `f` on each round in its worker's
/// thread (with that worker's batch times, when recording) and puts the
/// results back in input order.
fn deal<W, R, F>(
    workers: &mut [W],
    times: Option<&mut [BatchTimes]>,
    sentences: &[Vec<&str>],
    round: usize,
    f: F,
) -> Result<Vec<R>>
where
    W: Worker,
    R: Send + Default,
    F: Fn(&mut W, Option<&mut BatchTimes>, &[usize]) -> Result<Vec<R>> + Sync,
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

/// Assign each user target to the sentence holding its first byte (or,
/// when it starts between sentences, the next sentence), as the range of
/// that sentence's words it overlaps. A target that overlaps no word gets
/// no stance.
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
            let start = target.span.start;
            let Some(s) = doc
                .sentences
                .iter()
                .position(|s| s.span.start <= start && start < s.span.end)
                .or_else(|| doc.sentences.iter().position(|s| start < s.span.end))
            else {
                continue;
            };
            let q = &mut queue[first[d] + s];
            let base = doc.sentences[s].span.start;
            let local = Span::new(
                target.span.start.saturating_sub(base),
                target.span.end.saturating_sub(base),
            );
            if let Some(range) = local.word_range(&q.words) {
                q.target_ids.push(t);
                q.target_words.push(range);
            }
        }
    }
}

/// Write entities, sentiment and stance into the documents.
fn attach(docs: &mut [TaggedDocument], queue: &[Queued], found: Vec<SentenceOutput>) {
    for (q, f) in queue.iter().zip(found) {
        let doc = &mut docs[q.doc];
        let base = doc.sentences[q.sentence].span.start;
        let stance = f.stance.as_ref();
        if let Some(o) = stance {
            doc.sentences[q.sentence].sentiment = Some(polarity(o.sentence));
        }
        let first_entity = doc.entities.len();
        if let Some(o) = stance.filter(|o| !o.relations.is_empty()) {
            let n = f.entities.len();
            let pairs = relation_pairs(n, q.target_ids.len());
            for (&(i, j), &p) in pairs.iter().zip(&o.relations) {
                let scores = RelationScores::from_array(p);
                if j < n {
                    doc.sentences[q.sentence]
                        .relations
                        .push(Relation::predicted(
                            first_entity + i,
                            first_entity + j,
                            scores,
                        ));
                } else {
                    let (s, t) = (q.target_ids[i - n], q.target_ids[j - n]);
                    doc.target_relations
                        .get_or_insert_with(Vec::new)
                        .push(Relation::predicted(s, t, scores));
                }
            }
        }
        for (k, c) in f.entities.iter().enumerate() {
            let mut entity = Entity::new(
                Span::new(base + q.words[c.start].start, base + q.words[c.end - 1].end),
                c.label.clone(),
                q.sentence,
            );
            entity.score = Some(mean_prob(&f.tags, c));
            entity.stance = stance.map(|o| polarity(o.targets[k]));
            doc.entities.push(entity);
        }
        if let (Some(o), Some(targets)) = (stance, doc.targets.as_mut()) {
            for (j, &t) in q.target_ids.iter().enumerate() {
                targets[t].stance = Some(polarity(o.targets[f.entities.len() + j]));
            }
        }
    }
}

/// Drop relations between two mentions of one actor (a document's
/// "Japan" and "Tokyo") and, unless `all`, those labelled none; target
/// relations are sorted by (source, target).
fn keep_relations(doc: &mut TaggedDocument, all: bool) {
    let entities = &doc.entities;
    let same_actor = |r: &Relation| match (&entities[r.source].actor, &entities[r.target].actor) {
        (Some(a), Some(b)) => a.id == b.id,
        _ => false,
    };
    for s in &mut doc.sentences {
        s.relations
            .retain(|r| (all || r.label.is_polar()) && !same_actor(r));
    }
    if let Some(rels) = &mut doc.target_relations {
        rels.sort_by_key(|r| (r.source, r.target));
    }
}

fn polarity(p: [f32; 3]) -> Scored {
    Scored::predicted(PolarityScores::from_array(p))
}

/// The mean probability of a chunk's tags: the entity's score.
fn mean_prob(tags: &[WordTag], c: &Chunk) -> f32 {
    tags[c.start..c.end].iter().map(|t| t.prob).sum::<f32>() / (c.end - c.start) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancetag_core::tags::chunks;
    use stancetag_inference::StanceOutput;
    use stancetag_preprocess::RuleSplitter;
    use std::sync::{Arc, Mutex};

    /// A worker with no model: every capitalised word is a one-word `LOC`,
    /// stance is a fixed function of the target's first word, sentiment of
    /// the sentence's word count. It records the rounds it was given.
    struct Fake {
        labels: Vec<String>,
        stance: bool,
        rounds: Rounds,
    }

    /// The rounds the fakes were given, each as its sentences' words.
    type Rounds = Arc<Mutex<Vec<Vec<String>>>>;

    impl Fake {
        fn new(stance: bool, rounds: &Rounds) -> Fake {
            Fake {
                labels: ["O", "B-LOC", "I-LOC"].map(String::from).to_vec(),
                stance,
                rounds: Arc::clone(rounds),
            }
        }

        fn tags(words: &[&str]) -> Vec<WordTag> {
            words
                .iter()
                .map(|w| WordTag {
                    label: usize::from(w.starts_with(char::is_uppercase)),
                    prob: 0.5,
                })
                .collect()
        }
    }

    fn scores_of(word: &str) -> [f32; 3] {
        let x = (word.len() % 3) as f32;
        [0.1 * x, 0.2, 1.0 - 0.2 - 0.1 * x]
    }

    impl Worker for Fake {
        fn labels(&self) -> &[String] {
            &self.labels
        }

        fn has_stance(&self) -> bool {
            self.stance
        }

        fn run(
            &mut self,
            sentences: &[SentenceInput<'_>],
            _batch: usize,
            _times: Option<&mut BatchTimes>,
        ) -> stancetag_inference::Result<Vec<SentenceOutput>> {
            self.rounds
                .lock()
                .unwrap()
                .push(sentences.iter().map(|s| s.words.join(" ")).collect());
            Ok(sentences
                .iter()
                .map(|s| {
                    let tags = Fake::tags(s.words);
                    let names: Vec<&str> =
                        tags.iter().map(|t| self.labels[t.label].as_str()).collect();
                    let entities = chunks(&names);
                    let firsts: Vec<&str> = entities
                        .iter()
                        .map(|c| c.start)
                        .chain(s.targets.iter().map(|t| t.0))
                        .map(|a| s.words[a])
                        .collect();
                    let stance = self.stance.then(|| StanceOutput {
                        sentence: [0.0, 1.0, 0.0],
                        targets: firsts.iter().map(|w| scores_of(w)).collect(),
                        // Polar when the source's first word is longer than the target's.
                        relations: relation_pairs(entities.len(), s.targets.len())
                            .into_iter()
                            .map(|(i, j)| match firsts[i].len().cmp(&firsts[j].len()) {
                                std::cmp::Ordering::Greater => [0.8, 0.1, 0.1],
                                _ => [0.1, 0.8, 0.1],
                            })
                            .collect(),
                    });
                    SentenceOutput {
                        tags,
                        entities,
                        stance,
                    }
                })
                .collect())
        }

        fn tag_words(
            &mut self,
            sentences: &[&[&str]],
            _batch: usize,
            _times: Option<&mut Vec<std::time::Duration>>,
        ) -> stancetag_inference::Result<Vec<Vec<WordTag>>> {
            Ok(sentences.iter().map(|w| Fake::tags(w)).collect())
        }
    }

    fn tagger(workers: usize, stance: bool, batch: usize) -> (Tagger<Fake>, Rounds) {
        let rounds = Arc::new(Mutex::new(Vec::new()));
        let fakes = (0..workers).map(|_| Fake::new(stance, &rounds)).collect();
        (Tagger::new(Box::new(RuleSplitter), fakes, batch), rounds)
    }

    fn corpus() -> Vec<Document> {
        let mut docs = vec![
            Document::new(
                "a",
                "“Seoul” protested. Then Tokyo and Beijing met in Osaka.",
            ),
            Document::new("b", "作者: Xiu. 台北 and Taipei agreed. no names here."),
        ];
        for i in 0..30 {
            let words: Vec<String> = (0..=i % 7).map(|k| format!("w{k}")).collect();
            docs.push(Document::new(
                format!("n{i}"),
                format!("Word {}.", words.join(" ")),
            ));
        }
        docs
    }

    #[test]
    fn entities_have_byte_spans_and_char_offsets_on_the_wire() {
        let (mut t, _) = tagger(1, true, 4);
        let out = t.tag(corpus()).unwrap();
        let texts: Vec<&str> = (0..out[0].entities.len())
            .map(|i| out[0].entity_text(i))
            .collect();
        assert_eq!(texts, ["Seoul", "Then", "Tokyo", "Beijing", "Osaka"]);
        let b: Vec<&str> = (0..out[1].entities.len())
            .map(|i| out[1].entity_text(i))
            .collect();
        assert_eq!(b, ["Xiu", "Taipei"]);
        // On the wire: characters. "作者: Xiu" puts Xiu at characters 4..7.
        let wire = serde_json::to_value(&out[1]).unwrap();
        assert_eq!(wire["entities"][0]["start"], 4);
        assert_eq!(wire["entities"][0]["text"], "Xiu");
        assert_eq!(wire["entities"][0]["sentence"], 0);
        assert_eq!(wire["entities"][1]["sentence"], 1);
        // Stance is the fake's function of the entity's first word.
        let s = out[0].entities[2].stance.unwrap().scores.unwrap();
        assert_eq!(s.to_array(), scores_of("Tokyo"));
        assert_eq!(out[0].entities[0].score, Some(0.5));
        assert!(out[0].sentences.iter().all(|s| s.sentiment.is_some()));
        assert!(!out[0].summary.is_empty());
    }

    #[test]
    fn output_and_batches_do_not_depend_on_the_number_of_workers() {
        let (mut one, rounds_one) = tagger(1, true, 2);
        let a = one.tag(corpus()).unwrap();
        for n in [2, 3] {
            let (mut many, rounds_many) = tagger(n, true, 2);
            let b = many.tag(corpus()).unwrap();
            assert_eq!(a, b, "{n} workers");
            let mut x = rounds_one.lock().unwrap().clone();
            let mut y = rounds_many.lock().unwrap().clone();
            x.sort();
            y.sort();
            assert_eq!(x, y, "the same rounds for {n} workers");
        }
        // Rounds hold batch * ROUND_BATCHES sentences, shortest first.
        let rounds = rounds_one.lock().unwrap();
        assert_eq!(rounds[0].len(), 2 * ROUND_BATCHES);
        let total: usize = rounds.iter().map(Vec::len).sum();
        assert_eq!(total, a.iter().map(|d| d.sentences.len()).sum::<usize>());
        let len = |s: &String| s.replace(' ', "").len();
        assert!(rounds[0].iter().map(len).max() <= rounds[1].iter().map(len).min());
    }

    #[test]
    fn targets_go_to_their_sentence_and_words() {
        let text = "Seoul protested. Then the Japanese Foreign Ministry replied.";
        let mut doc = Document::new("t", text);
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        doc.targets = Some(vec![
            at("Foreign Ministry"),
            at("Seoul"),
            Span::new(at("Ministry").start + 2, at("Ministry").end), // inside a word
            Span::new(16, 17), // the space between the sentences: no word
        ]);
        let tagged = TaggedDocument::with_sentences(doc.clone(), &RuleSplitter.split(text));
        let mut queue: Vec<Queued> = (0..2)
            .map(|s| Queued {
                doc: 0,
                sentence: s,
                words: words(tagged.sentence_text(s)),
                target_ids: Vec::new(),
                target_words: Vec::new(),
            })
            .collect();
        place_targets(&[tagged], &mut queue);
        assert_eq!(queue[0].target_ids, [1]);
        assert_eq!(queue[0].target_words, [(0, 1)]);
        // "Then the Japanese Foreign Ministry replied ." : words 3..5 and 4..5.
        assert_eq!(queue[1].target_ids, [0, 2]);
        assert_eq!(queue[1].target_words, [(3, 5), (4, 5)]);

        let (mut t, _) = tagger(2, true, 4);
        let out = t.tag(vec![doc]).unwrap();
        let targets = out[0].targets.as_ref().unwrap();
        assert_eq!(
            targets[0].stance.unwrap().scores.unwrap().to_array(),
            scores_of("Foreign")
        );
        assert!(targets[1].stance.is_some() && targets[2].stance.is_some());
        assert!(
            targets[3].stance.is_none(),
            "a target on no word has no stance"
        );
    }

    #[test]
    fn without_stance_there_is_no_sentiment_and_no_summary() {
        let (mut t, _) = tagger(2, false, 3);
        let out = t.tag(corpus()).unwrap();
        assert_eq!(out[0].entities.len(), 5);
        assert!(out[0].entities.iter().all(|e| e.stance.is_none()));
        assert!(out[0].sentences.iter().all(|s| s.sentiment.is_none()));
        assert!(out.iter().all(|d| d.summary.is_empty()));
        let words = vec![vec!["Seoul", "said"], vec!["no"]];
        let tags = t.ner_words(&words).unwrap();
        assert_eq!(tags[0][0].label, 1);
        assert_eq!(tags[1][0].label, 0);
    }
}
