//! Scores for stancetag's output: entities, sentences, sentiment and stance.
//!
//! Gold and predicted files are read into the same
//! [`TaggedDocument`](stancetag_core::TaggedDocument)s, whatever their
//! format: `stancetag tag` JSONL ([`read_jsonl`], checked on read), CoNLL NER
//! files in IOB1, IOB2, BIOES or IO ([`read_conll`]), NewsMTSC JSONL
//! ([`read_newsmtsc`]) and CoNLL-U ([`read_conllu`]). [`evaluate`] pairs
//! documents by id and computes what the gold file annotates:
//!
//! * sentence boundaries: precision, recall and F1 on character offsets,
//!   ignoring whitespace ([`boundary_counts`]);
//! * entities: conlleval-compatible precision, recall and F1 ([`conlleval`],
//!   a port of the perl script's chunk counting, on token tags when both
//!   files are CoNLL, else [`conlleval_spans`] on exact spans), and the four
//!   SemEval-2013 schemes of nervaluate ([`semeval`]);
//! * sentence sentiment and stance toward entities and targets: accuracy,
//!   per-class scores, macro-F1 and the confusion matrix ([`Confusion`]),
//!   on the items whose span matches gold exactly;
//! * the mistakes behind the numbers, each quoted in its sentence;
//! * for `stancetag bench`, statistics of timings: [`median`],
//!   [`percentile`], [`Spread`] (median and range) and [`per_second`].
//!
//! Every metric is a pure function; a ratio with a zero denominator is 0.
//!
//! ```
//! use std::path::Path;
//! use stancetag_evaluation::{evaluate, parse_conll, Options, Tasks, Format};
//!
//! let gold = "-DOCSTART- O\n\nKim B-PER\nmet O\nMoon B-PER\nJae I-PER\n";
//! let pred = "-DOCSTART- O\n\nKim B-PER\nmet O\nMoon B-PER\nJae B-LOC\n";
//! let gold = parse_conll(gold.as_bytes(), Path::new("gold.conll"), None).unwrap();
//! let pred = parse_conll(pred.as_bytes(), Path::new("pred.conll"), None).unwrap();
//! let (gold_docs, pred_docs) = (gold.to_documents(), pred.to_documents());
//! let options = Options {
//!     tasks: Tasks::of_gold(Format::Conll, &gold_docs),
//!     max_errors: 5,
//!     conlleval_tokens: Some(gold.conlleval(&pred).unwrap()),
//! };
//! let report = evaluate(&gold_docs, &pred_docs, &options).unwrap();
//! let ner = report.ner.unwrap();
//! // 1 of 3 predicted chunks is right, 1 of 2 gold chunks found.
//! assert_eq!((ner.conlleval.precision, ner.conlleval.recall), (1.0 / 3.0, 0.5));
//! assert_eq!(report.errors.shown[0].context, "Kim met [[Moon Jae]]");
//! ```
#![deny(missing_docs)]

mod actors;
mod boundaries;
mod classification;
mod conll;
mod conlleval;
mod conllu;
mod directed;
mod error;
mod evaluate;
mod input;
mod jsonl;
mod newsmtsc;
mod prf;
mod relations;
mod semeval;
mod timing;

pub use actors::{score_actors, ActorAccuracy, ActorReport};
pub use boundaries::{boundary_counts, BoundaryCounts};
pub use classification::{ClassScores, ClassificationReport, Confusion};
pub use conll::{
    detect_scheme, parse_conll, read_conll, ConllDocument, ConllFile, ConllSentence, ConllToken,
    TagScheme,
};
pub use conlleval::{conlleval, conlleval_spans, ChunkCounts, ConllevalCounts, TagPair};
pub use conllu::{parse_conllu, read_conllu, ConlluDocument};
pub use directed::{
    join_directions, parse_directed_line, read_directed, score_directed, split_class,
    DirectedExample, DIRECTED_CLASSES,
};
pub use error::{Error, Result};
pub use evaluate::{
    evaluate, evaluate_datasets, Basis, ConllevalReport, CountedScores, Mistake, MistakeKind,
    MistakesReport, NerReport, Options, Report, SchemeReport, SchemeScores, SemEvalReport,
    StanceReport, Tasks,
};
pub use input::{detect_format, load, Dataset, Format};
pub use jsonl::{parse_jsonl, read_jsonl};
pub use newsmtsc::{parse_newsmtsc, read_newsmtsc};
pub use prf::{ratio, Prf};
pub use relations::{
    apply_baseline, score_relations, PairScores, RelationBaseline, RelationReport,
};
pub use semeval::{semeval, SchemeCounts, SemEvalCounts, SemEvalResult};
pub use timing::{median, per_second, percentile, Spread};
