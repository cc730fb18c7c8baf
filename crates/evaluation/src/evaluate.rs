//! Scoring a prediction against gold: every applicable metric, and the
//! mistakes behind them.

use crate::actors::{score_actors, ActorReport};
use crate::boundaries::{boundary_counts, BoundaryCounts};
use crate::classification::{ClassificationReport, Confusion};
use crate::conlleval::{conlleval_spans, ConllevalCounts};
use crate::error::{Error, Result};
use crate::input::{Dataset, Format};
use crate::jsonl::clip;
use crate::prf::Prf;
use crate::relations::{score_relations, RelationReport};
use crate::semeval::{semeval, SchemeCounts, SemEvalResult};
use serde::{Deserialize, Serialize};
use stancetag_core::{CharIndex, Polarity, Scored, Span, TaggedDocument};
use std::collections::{BTreeMap, HashMap};

/// Which metrics a gold file supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tasks {
    /// Sentence boundaries.
    pub sentences: bool,
    /// Entity spans and types.
    pub entities: bool,
    /// Sentence sentiment.
    pub sentiment: bool,
    /// Stance toward entities.
    pub entity_stance: bool,
    /// Stance toward user-given targets.
    pub target_stance: bool,
    /// The actor of each entity mention.
    #[serde(default)]
    pub actors: bool,
    /// Directed relations between entities or between targets.
    #[serde(default)]
    pub relations: bool,
}

impl Tasks {
    /// What a gold file annotates: CoNLL files entities, CoNLL-U files
    /// sentences, NewsMTSC files target stance, and JSONL files whatever
    /// some document of it carries.
    pub fn of_gold(format: Format, gold: &[TaggedDocument]) -> Tasks {
        match format {
            Format::Conll => Tasks {
                entities: true,
                ..Tasks::default()
            },
            Format::Conllu => Tasks {
                sentences: true,
                ..Tasks::default()
            },
            Format::Newsmtsc => Tasks {
                target_stance: true,
                ..Tasks::default()
            },
            Format::Directed => Tasks {
                relations: true,
                ..Tasks::default()
            },
            Format::Jsonl => Tasks {
                sentences: gold.iter().any(|d| !d.sentences.is_empty()),
                entities: gold.iter().any(|d| !d.entities.is_empty()),
                sentiment: gold
                    .iter()
                    .any(|d| d.sentences.iter().any(|s| s.sentiment.is_some())),
                entity_stance: gold
                    .iter()
                    .any(|d| d.entities.iter().any(|e| e.stance.is_some())),
                target_stance: gold
                    .iter()
                    .any(|d| d.targets.iter().flatten().any(|t| t.stance.is_some())),
                actors: gold
                    .iter()
                    .any(|d| d.entities.iter().any(|e| e.actor.is_some())),
                relations: gold.iter().any(|d| {
                    d.target_relations.is_some()
                        || d.sentences.iter().any(|s| !s.relations.is_empty())
                }),
            },
        }
    }
}

/// How to score.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The metrics to compute.
    pub tasks: Tasks,
    /// How many mistakes to list (all are counted).
    pub max_errors: usize,
    /// conlleval's counts on the token tags, when gold and prediction are
    /// both CoNLL files (see [`ConllFile::conlleval`](crate::ConllFile::conlleval));
    /// without them, conlleval's numbers are counted on exact spans.
    pub conlleval_tokens: Option<ConllevalCounts>,
}

/// What conlleval's numbers were counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Token tags, line by line, as the perl script does.
    Tokens,
    /// Exact character spans and types.
    Spans,
}

/// Precision, recall and F1 with the chunk counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CountedScores {
    /// `correct / predicted`.
    pub precision: f64,
    /// `correct / gold`.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities that are exactly right.
    pub correct: usize,
}

impl CountedScores {
    fn new(gold: usize, predicted: usize, correct: usize) -> CountedScores {
        let s = Prf::from_counts(correct, predicted, gold);
        CountedScores {
            precision: s.precision,
            recall: s.recall,
            f1: s.f1,
            gold,
            predicted,
            correct,
        }
    }
}

/// conlleval-compatible NER scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConllevalReport {
    /// What the chunks were counted on.
    pub basis: Basis,
    /// Overall precision (conlleval's, as a fraction).
    pub precision: f64,
    /// Overall recall.
    pub recall: f64,
    /// Overall F1 (conlleval's FB1).
    pub f1: f64,
    /// Gold chunks.
    pub gold: usize,
    /// Predicted chunks.
    pub predicted: usize,
    /// Correct chunks.
    pub correct: usize,
    /// Tokens (with `basis: tokens`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<usize>,
    /// Share of tokens tagged right (with `basis: tokens`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
    /// Per entity type.
    pub per_type: BTreeMap<String, CountedScores>,
}

impl ConllevalReport {
    fn new(counts: &ConllevalCounts, basis: Basis) -> ConllevalReport {
        let o = CountedScores::new(
            counts.overall.gold,
            counts.overall.predicted,
            counts.overall.correct,
        );
        let tokens = (basis == Basis::Tokens).then_some(counts.tokens);
        ConllevalReport {
            basis,
            precision: o.precision,
            recall: o.recall,
            f1: o.f1,
            gold: o.gold,
            predicted: o.predicted,
            correct: o.correct,
            tokens,
            accuracy: tokens.map(|_| counts.accuracy()),
            per_type: counts
                .per_type
                .iter()
                .map(|(t, c)| {
                    (
                        t.clone(),
                        CountedScores::new(c.gold, c.predicted, c.correct),
                    )
                })
                .collect(),
        }
    }
}

/// One SemEval scheme's counts and scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SchemeScores {
    /// The counts.
    #[serde(flatten)]
    pub counts: SchemeCounts,
    /// `correct + incorrect + partial + missed`.
    pub possible: usize,
    /// `correct + incorrect + partial + spurious`.
    pub actual: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl SchemeScores {
    fn new(counts: &SchemeCounts, half_credit: bool) -> SchemeScores {
        let s = counts.scores(half_credit);
        SchemeScores {
            counts: *counts,
            possible: counts.possible(),
            actual: counts.actual(),
            precision: s.precision,
            recall: s.recall,
            f1: s.f1,
        }
    }
}

/// One SemEval scheme: micro average (over all entities), macro average
/// (mean over types) and per type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeReport {
    /// Counted over all entities.
    pub micro: SchemeScores,
    /// Mean of the per-type scores.
    #[serde(rename = "macro")]
    pub macro_: Prf,
    /// Per entity type.
    pub per_type: BTreeMap<String, SchemeScores>,
}

/// The four SemEval-2013 schemes that nervaluate reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SemEvalReport {
    /// Exact boundaries and type.
    pub strict: SchemeReport,
    /// Exact boundaries, any type.
    pub exact: SchemeReport,
    /// Overlapping boundaries (half credit), any type.
    pub partial: SchemeReport,
    /// Overlap and the right type.
    #[serde(rename = "type")]
    pub type_: SchemeReport,
}

impl SemEvalReport {
    fn new(r: &SemEvalResult) -> SemEvalReport {
        let scheme = |pick: fn(&crate::SemEvalCounts) -> &SchemeCounts, half: bool| {
            let per_type: BTreeMap<String, SchemeScores> = r
                .per_type
                .iter()
                .map(|(t, c)| (t.clone(), SchemeScores::new(pick(c), half)))
                .collect();
            SchemeReport {
                micro: SchemeScores::new(pick(&r.overall), half),
                macro_: Prf::mean(per_type.values().map(|s| Prf {
                    precision: s.precision,
                    recall: s.recall,
                    f1: s.f1,
                })),
                per_type,
            }
        };
        SemEvalReport {
            strict: scheme(|c| &c.strict, false),
            exact: scheme(|c| &c.exact, false),
            partial: scheme(|c| &c.partial, true),
            type_: scheme(|c| &c.type_, false),
        }
    }

    /// The schemes with their names.
    pub fn schemes(&self) -> [(&'static str, &SchemeReport); 4] {
        [
            ("strict", &self.strict),
            ("exact", &self.exact),
            ("partial", &self.partial),
            ("type", &self.type_),
        ]
    }
}

/// Entity scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerReport {
    /// conlleval-compatible exact-match scores.
    pub conlleval: ConllevalReport,
    /// SemEval-2013 schemes.
    pub semeval: SemEvalReport,
}

/// Stance scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceReport {
    /// Toward entities whose span matches a gold entity exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<ClassificationReport>,
    /// Toward targets, matched by span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<ClassificationReport>,
}

/// Kinds of mistakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MistakeKind {
    /// A gold entity no prediction overlaps.
    Missed,
    /// A predicted entity that overlaps no gold entity.
    Spurious,
    /// A predicted entity with the gold boundaries and another type.
    WrongType,
    /// A predicted entity that overlaps a gold entity without its boundaries.
    WrongBoundary,
    /// A wrong stance toward an entity or target of the right span.
    WrongStance,
    /// A wrong sentiment of a sentence of the right span.
    WrongSentiment,
    /// A wrong actor (or none) for an entity of the right span.
    WrongActor,
}

impl MistakeKind {
    /// Snake-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            MistakeKind::Missed => "missed",
            MistakeKind::Spurious => "spurious",
            MistakeKind::WrongType => "wrong_type",
            MistakeKind::WrongBoundary => "wrong_boundary",
            MistakeKind::WrongStance => "wrong_stance",
            MistakeKind::WrongSentiment => "wrong_sentiment",
            MistakeKind::WrongActor => "wrong_actor",
        }
    }
}

/// One mistake, with its context for a human to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mistake {
    /// What went wrong.
    pub kind: MistakeKind,
    /// Document id.
    pub document: String,
    /// The span concerned, in characters of the document text (as in the
    /// JSONL files): the gold one, or the predicted one for a spurious entity.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// Gold label (entity type or polarity), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<String>,
    /// Predicted label, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted: Option<String>,
    /// The predicted span (characters), when it differs from `span`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_span: Option<Span>,
    /// Its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_text: Option<String>,
    /// The sentence around the span, with the span between `[[` and `]]`.
    pub context: String,
}

/// The mistakes: counted by kind, and the first ones listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MistakesReport {
    /// All mistakes.
    pub total: usize,
    /// Mistakes per kind.
    pub counts: BTreeMap<MistakeKind, usize>,
    /// The first mistakes, in document and text order.
    pub shown: Vec<Mistake>,
}

/// All scores of a prediction against gold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Gold documents scored.
    pub documents: usize,
    /// Predicted documents with no gold counterpart (ignored).
    pub extra_predicted_documents: usize,
    /// Entity scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ner: Option<NerReport>,
    /// Sentence boundaries (inside documents, ignoring whitespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentences: Option<CountedScores>,
    /// Sentence sentiment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<ClassificationReport>,
    /// Stance toward entities and targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<StanceReport>,
    /// Actors of the predicted mentions that match a gold mention exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actors: Option<ActorReport>,
    /// Actors resolved on the gold mentions themselves (the resolver alone,
    /// without NER errors); filled in by the caller that resolves them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actors_on_gold_mentions: Option<ActorReport>,
    /// Directed relations (see [`score_relations`](crate::score_relations)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relations: Option<RelationReport>,
    /// Mistakes.
    pub errors: MistakesReport,
}

/// Pairs every gold document with the predicted one of the same id and
/// text.
fn pair<'a>(
    gold: &'a [TaggedDocument],
    pred: &'a [TaggedDocument],
) -> Result<Vec<(&'a TaggedDocument, &'a TaggedDocument)>> {
    let by_id: HashMap<&str, &TaggedDocument> = pred.iter().map(|d| (d.id.as_str(), d)).collect();
    gold.iter()
        .map(|g| {
            let p = *by_id
                .get(g.id.as_str())
                .ok_or_else(|| Error::MissingDocument { id: g.id.clone() })?;
            if p.text != g.text {
                let at = g
                    .text
                    .chars()
                    .zip(p.text.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let from = |t: &str| clip(&t.chars().skip(at).collect::<String>(), 20);
                return Err(Error::TextMismatch {
                    id: g.id.clone(),
                    at,
                    gold: from(&g.text),
                    predicted: from(&p.text),
                });
            }
            Ok((g, p))
        })
        .collect()
}

/// Scores `pred` against `gold`: documents are paired by id (every gold
/// document must have a prediction with the same text) and every metric
/// in `options.tasks` is computed, whatever produced the prediction.
///
/// ```
/// use stancetag_core::{Document, Entity, Span, TaggedDocument};
/// use stancetag_evaluation::{evaluate, Format, Options, Tasks};
///
/// let doc = Document::new("d", "Kim met Abe.");
/// let mut gold = TaggedDocument::with_sentences(doc, &[Span::new(0, 12)]);
/// let ent = |s, e, label: &str| Entity::new(Span::new(s, e), label, 0);
/// gold.entities = vec![ent(0, 3, "PER"), ent(8, 11, "PER")];
/// let mut pred = gold.clone();
/// pred.entities[1].label = "LOC".into();
///
/// let options = Options { tasks: Tasks::of_gold(Format::Jsonl, &[gold.clone()]), max_errors: 10, ..Options::default() };
/// let report = evaluate(&[gold], &[pred], &options).unwrap();
/// let ner = report.ner.unwrap();
/// assert_eq!((ner.conlleval.precision, ner.conlleval.recall), (0.5, 0.5));
/// assert_eq!(ner.semeval.exact.micro.f1, 1.0);
/// assert_eq!(report.errors.shown[0].context, "Kim met [[Abe]].");
/// ```
pub fn evaluate(
    gold: &[TaggedDocument],
    pred: &[TaggedDocument],
    options: &Options,
) -> Result<Report> {
    let pairs = pair(gold, pred)?;
    let tasks = options.tasks;
    let mut mistakes = Vec::new();
    let mut span_counts = ConllevalCounts::default();
    let mut sem = SemEvalResult::default();
    let mut bounds = BoundaryCounts::default();
    let (mut sentiment, mut sentiment_gold) = (Confusion::default(), 0);
    let (mut ent_stance, mut ent_stance_gold) = (Confusion::default(), 0);
    let (mut tgt_stance, mut tgt_stance_gold) = (Confusion::default(), 0);
    for (g, p) in &pairs {
        let ctx = Context::new(g);
        let mut doc_mistakes = Vec::new();
        if tasks.sentences {
            let spans = |d: &TaggedDocument| d.sentences.iter().map(|s| s.span).collect::<Vec<_>>();
            bounds.add(boundary_counts(&g.text, &spans(g), &spans(p)));
        }
        if tasks.entities {
            let ge: Vec<_> = g
                .entities
                .iter()
                .map(|e| (e.span.start, e.span.end, e.label.as_str()))
                .collect();
            let pe: Vec<_> = p
                .entities
                .iter()
                .map(|e| (e.span.start, e.span.end, e.label.as_str()))
                .collect();
            span_counts.add(&conlleval_spans(&ge, &pe));
            sem.add(&semeval(&ge, &pe));
            entity_mistakes(&ctx, &ge, &pe, &mut doc_mistakes);
        }
        if tasks.sentiment {
            score_polarity(
                g.sentences.iter().map(|s| (s.span, s.sentiment)),
                p.sentences.iter().map(|q| (q.span, q.sentiment)),
                MistakeKind::WrongSentiment,
                &ctx,
                (&mut sentiment, &mut sentiment_gold),
                &mut doc_mistakes,
            );
        }
        if tasks.entity_stance {
            score_polarity(
                g.entities.iter().map(|e| (e.span, e.stance)),
                p.entities.iter().map(|q| (q.span, q.stance)),
                MistakeKind::WrongStance,
                &ctx,
                (&mut ent_stance, &mut ent_stance_gold),
                &mut doc_mistakes,
            );
        }
        if tasks.target_stance {
            let spans = |t: &stancetag_core::Target| (t.span, t.stance);
            score_polarity(
                g.targets.iter().flatten().map(spans),
                p.targets.iter().flatten().map(spans),
                MistakeKind::WrongStance,
                &ctx,
                (&mut tgt_stance, &mut tgt_stance_gold),
                &mut doc_mistakes,
            );
        }
        if tasks.actors {
            actor_mistakes(&ctx, g, p, &mut doc_mistakes);
        }
        doc_mistakes.sort_by_key(|m| (m.span.start, m.span.end, m.kind));
        mistakes.extend(doc_mistakes);
    }

    let ner = tasks.entities.then(|| NerReport {
        conlleval: match &options.conlleval_tokens {
            Some(c) => ConllevalReport::new(c, Basis::Tokens),
            None => ConllevalReport::new(&span_counts, Basis::Spans),
        },
        semeval: SemEvalReport::new(&sem),
    });
    let stance = (tasks.entity_stance || tasks.target_stance).then(|| StanceReport {
        entities: tasks
            .entity_stance
            .then(|| ClassificationReport::new(&ent_stance, ent_stance_gold)),
        targets: tasks
            .target_stance
            .then(|| ClassificationReport::new(&tgt_stance, tgt_stance_gold)),
    });
    let mut counts = BTreeMap::new();
    for m in &mistakes {
        *counts.entry(m.kind).or_insert(0) += 1;
    }
    let total = mistakes.len();
    mistakes.truncate(options.max_errors);
    Ok(Report {
        documents: pairs.len(),
        extra_predicted_documents: pred.len().saturating_sub(pairs.len()),
        ner,
        sentences: tasks
            .sentences
            .then(|| CountedScores::new(bounds.gold, bounds.predicted, bounds.correct)),
        sentiment: tasks
            .sentiment
            .then(|| ClassificationReport::new(&sentiment, sentiment_gold)),
        stance,
        actors: tasks.actors.then(|| score_actors(&pairs)),
        actors_on_gold_mentions: None,
        relations: if tasks.relations {
            score_relations(&pairs)
        } else {
            None
        },
        errors: MistakesReport {
            total,
            counts,
            shown: mistakes,
        },
    })
}

/// Entity mistakes of one document, settled as [`semeval`] settles them:
/// a prediction that is not exactly right is a wrong type (same boundaries)
/// or a wrong boundary (overlap) on the first such gold entity, else
/// spurious; a gold entity no prediction settled on is missed.
fn entity_mistakes(
    ctx: &Context,
    gold: &[(usize, usize, &str)],
    pred: &[(usize, usize, &str)],
    out: &mut Vec<Mistake>,
) {
    let mut settled = vec![false; gold.len()];
    for p in pred {
        if let Some(g) = gold.iter().position(|g| g == p) {
            settled[g] = true;
            continue;
        }
        let pspan = Span::new(p.0, p.1);
        let hit = gold
            .iter()
            .position(|g| (g.0, g.1) == (p.0, p.1) || (g.0 < p.1 && p.0 < g.1));
        let Some(gi) = hit else {
            let mut m = ctx.mistake(MistakeKind::Spurious, pspan);
            m.predicted = Some(p.2.to_string());
            out.push(m);
            continue;
        };
        settled[gi] = true;
        let g = gold[gi];
        let mut m = if (g.0, g.1) == (p.0, p.1) {
            ctx.mistake(MistakeKind::WrongType, pspan)
        } else {
            let mut m = ctx.mistake(MistakeKind::WrongBoundary, Span::new(g.0, g.1));
            m.predicted_text = Some(ctx.slice(pspan).to_string());
            m.predicted_span = Some(ctx.chars(pspan));
            m
        };
        m.gold = Some(g.2.to_string());
        m.predicted = Some(p.2.to_string());
        out.push(m);
    }
    for (g, done) in gold.iter().zip(settled) {
        if !done {
            let mut m = ctx.mistake(MistakeKind::Missed, Span::new(g.0, g.1));
            m.gold = Some(g.2.to_string());
            out.push(m);
        }
    }
}

/// A gold document, indexed for quoting spans in their sentences.
/// Polarity labels scored on the items whose span the prediction has too:
/// every labelled gold item counts in `gold`; a matched one with a predicted
/// label goes into `confusion`, and a different label becomes a mistake.
fn score_polarity(
    gold: impl Iterator<Item = (Span, Option<Scored>)>,
    predicted: impl Iterator<Item = (Span, Option<Scored>)>,
    kind: MistakeKind,
    ctx: &Context<'_>,
    (confusion, gold_count): (&mut Confusion, &mut usize),
    mistakes: &mut Vec<Mistake>,
) {
    let predicted: Vec<(Span, Option<Scored>)> = predicted.collect();
    for (span, label) in gold {
        let Some(g) = label else { continue };
        *gold_count += 1;
        let found = predicted.iter().find(|q| q.0 == span).and_then(|q| q.1);
        if let Some(p) = found {
            confusion.add(g.label, p.label);
            if g.label != p.label {
                mistakes.push(ctx.labelled(kind, span, g.label, p.label));
            }
        }
    }
}

/// Entities of the right span whose predicted actor differs from the gold
/// one (`-` for none; a predicted undecided mention shows its candidates).
fn actor_mistakes(
    ctx: &Context<'_>,
    gold: &TaggedDocument,
    pred: &TaggedDocument,
    mistakes: &mut Vec<Mistake>,
) {
    for e in &gold.entities {
        let Some(q) = pred.entities.iter().find(|q| q.span == e.span) else {
            continue;
        };
        let g = e.actor.as_ref().map(|a| a.id.as_str());
        let p = q.actor.as_ref().map(|a| a.id.as_str());
        if g != p {
            let mut m = ctx.mistake(MistakeKind::WrongActor, e.span);
            m.gold = Some(g.unwrap_or("-").to_string());
            m.predicted = Some(match p {
                Some(p) => p.to_string(),
                None if q.candidates.is_empty() => "-".to_string(),
                None => format!("? {}", q.candidates.join(" ")),
            });
            mistakes.push(m);
        }
    }
}

struct Context<'a> {
    doc: &'a TaggedDocument,
    idx: CharIndex,
}

/// Characters of context kept on each side of a span.
const CONTEXT_CHARS: usize = 80;

impl<'a> Context<'a> {
    fn new(doc: &'a TaggedDocument) -> Context<'a> {
        Context {
            doc,
            idx: CharIndex::new(&doc.text),
        }
    }

    fn slice(&self, span: Span) -> &'a str {
        self.doc.slice(span)
    }

    /// A byte span as the character span a report shows.
    fn chars(&self, span: Span) -> Span {
        Span::new(
            self.idx.char_of_byte(span.start),
            self.idx.char_of_byte(span.end),
        )
    }

    /// The gold sentence holding the span's start (or a window of text
    /// around it), with the span marked and line breaks shown as spaces.
    fn quote(&self, span: Span) -> String {
        let text = &self.doc.text;
        let sentence =
            self.doc.sentences.iter().find(|s| {
                s.span.start <= span.start && span.start < s.span.end.max(s.span.start + 1)
            });
        let (start, end) = match sentence {
            Some(s) => (s.span.start, s.span.end.max(span.end)),
            None => (
                text[..span.start]
                    .char_indices()
                    .rev()
                    .nth(CONTEXT_CHARS - 1)
                    .map_or(0, |(i, _)| i),
                text[span.end..]
                    .char_indices()
                    .nth(CONTEXT_CHARS)
                    .map_or(text.len(), |(i, _)| span.end + i),
            ),
        };
        let before = &text[start..span.start];
        let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
        let before = if skip > 0 {
            format!("…{}", before.chars().skip(skip).collect::<String>())
        } else {
            before.to_string()
        };
        let after = clip(&text[span.end..end], CONTEXT_CHARS);
        let s = format!("{before}[[{}]]{after}", self.slice(span));
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A mistake on a byte span of the document.
    fn mistake(&self, kind: MistakeKind, span: Span) -> Mistake {
        Mistake {
            kind,
            document: self.doc.id.clone(),
            span: self.chars(span),
            text: self.slice(span).to_string(),
            gold: None,
            predicted: None,
            predicted_span: None,
            predicted_text: None,
            context: self.quote(span),
        }
    }

    fn labelled(
        &self,
        kind: MistakeKind,
        span: Span,
        gold: Polarity,
        predicted: Polarity,
    ) -> Mistake {
        let mut m = self.mistake(kind, span);
        m.gold = Some(gold.to_string());
        m.predicted = Some(predicted.to_string());
        m
    }
}

/// Scores a predicted file against a gold file: the tasks are those the
/// gold file annotates ([`Tasks::of_gold`]), and conlleval's numbers are
/// counted on token tags when both files are CoNLL (their tokens must then
/// be the same), else on exact spans.
pub fn evaluate_datasets(gold: &Dataset, pred: &Dataset, max_errors: usize) -> Result<Report> {
    let tasks = Tasks::of_gold(gold.format, &gold.documents);
    let conlleval_tokens = match (&gold.conll, &pred.conll) {
        (Some(g), Some(p)) if tasks.entities => Some(g.conlleval(p)?),
        _ => None,
    };
    let options = Options {
        tasks,
        max_errors,
        conlleval_tokens,
    };
    evaluate(&gold.documents, &pred.documents, &options)
}
