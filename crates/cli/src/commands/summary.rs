//! `stancetag summary`: how each actor is portrayed over a corpus.

use crate::io::{ActorArgs, OutputArgs, ReportFormat};
use crate::table::Table;
use anyhow::{Context, Result};
use stancetag_core::TaggedDocument;
use stancetag_pipeline::actors::{CorpusActor, CorpusBuilder, CorpusSummary, Grouping};
use stancetag_pipeline::resolve::Resolver;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Actor × stance table of tagged documents: how often each actor is spoken
/// of negatively, neutrally or positively, and its mean stance score.
///
/// Reads the JSONL written by `stancetag tag` (one document per line) and
/// uses each document's `summary`, or computes it from its entities. Rows
/// are actors (`--by actor`, the default): mentions resolved to one actor id
/// are one row, whatever their spelling, with the spellings seen in
/// `aliases`; documents whose mentions carry no actor (older output, gold
/// files) are resolved here with the built-in dictionary and `--actors`.
/// Unresolved mentions keep rows of their own, merged by name (ignoring
/// case) and label, as every row is with `--by surface`.
#[derive(clap::Args)]
pub struct Args {
    /// Tagged JSONL files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format (JSON: one object with `documents` and `actors`).
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
    /// Show only the N most mentioned actors.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Show only actors with at least N mentions.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_mentions: usize,
    /// Rows by resolved actor, or by the mention's text (the table before actors).
    #[arg(long, value_enum, default_value = "actor")]
    by: Grouping,
    #[command(flatten)]
    actors: ActorArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut corpus = CorpusBuilder::with_grouping(args.by);
    let resolver = match args.by {
        Grouping::Actor => args.actors.resolver()?,
        Grouping::Surface => None,
    };
    read_tagged(&args.files, resolver.as_ref(), &mut |doc| {
        corpus.add_document(doc)
    })?;
    let mut summary = corpus.finish();
    summary.filter(args.min_mentions, args.top);
    let mut out = args.output.create()?;
    out.text(&render(&summary, args.format, args.by)?)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Column names of `--by surface`, in the order of every rendering.
pub const COLUMNS: [&str; 8] = [
    "name",
    "label",
    "documents",
    "mentions",
    "negative",
    "neutral",
    "positive",
    "mean_score",
];

/// Column names of `--by actor`: the actor id (`-` for unresolved rows), its
/// kind, and the spellings seen last.
pub const ACTOR_COLUMNS: [&str; 11] = [
    "actor",
    "name",
    "kind",
    "label",
    "documents",
    "mentions",
    "negative",
    "neutral",
    "positive",
    "mean_score",
    "aliases",
];

/// Spellings shown in a table row (all of them in CSV).
const TABLE_ALIASES: usize = 4;

/// The summary in the chosen format. In a table the mean score is signed
/// with two decimals (`-` when no mention has a stance) and the aliases are
/// the four most frequent, `text ×n`; in CSV the score has four decimals
/// (empty when none) and every alias is listed, `;`-separated.
fn render(summary: &CorpusSummary, format: ReportFormat, by: Grouping) -> Result<String> {
    let table = |decimals: usize, none: &str, aliases: usize| {
        let mut t = match by {
            Grouping::Actor => Table::new(&ACTOR_COLUMNS)
                .text_columns(4)
                .last_column_text(),
            Grouping::Surface => Table::new(&COLUMNS).text_columns(2),
        };
        for a in &summary.actors {
            let mut cells = cells(a, decimals, none);
            if by == Grouping::Actor {
                let shown: Vec<String> = a
                    .aliases
                    .iter()
                    .take(aliases)
                    .map(|x| format!("{} ×{}", x.text, x.mentions))
                    .collect();
                let more = a.aliases.len().saturating_sub(aliases);
                let mut list = shown.join(if aliases == usize::MAX { "; " } else { ", " });
                if more > 0 {
                    list.push_str(&format!(", +{more}"));
                }
                cells.insert(0, a.id.clone().unwrap_or_else(|| "-".into()));
                cells.insert(2, a.kind.map_or_else(|| "-".into(), |k| k.to_string()));
                cells.push(list);
            }
            t.row(cells);
        }
        t
    };
    Ok(match format {
        ReportFormat::Table => table(2, "-", TABLE_ALIASES).to_text(),
        ReportFormat::Markdown => table(2, "-", TABLE_ALIASES).to_markdown(),
        ReportFormat::Csv => table(4, "", usize::MAX).to_csv()?,
        ReportFormat::Json => serde_json::to_string_pretty(summary)? + "\n",
    })
}

fn cells(actor: &CorpusActor, decimals: usize, none: &str) -> Vec<String> {
    let score = |s: f32| {
        let s = no_negative_zero(s, decimals as i32);
        if decimals == 2 {
            format!("{s:+.2}")
        } else {
            format!("{s:.decimals$}")
        }
    };
    vec![
        actor.name.clone(),
        actor.label.clone(),
        actor.documents.to_string(),
        actor.mentions.to_string(),
        actor.negative.to_string(),
        actor.neutral.to_string(),
        actor.positive.to_string(),
        actor.mean_score.map_or_else(|| none.to_string(), score),
    ]
}

/// `x`, or +0 when it rounds to zero at `decimals` places (no `-0.00`).
fn no_negative_zero(x: f32, decimals: i32) -> f32 {
    if (f64::from(x) * 10f64.powi(decimals)).round() == 0.0 {
        0.0
    } else {
        x
    }
}

/// Reads the tagged documents of `files` (`-` or none: standard input) and
/// hands each to `add`. Documents without any resolved or undecided mention
/// are resolved first when `resolver` is given.
pub fn read_tagged(
    files: &[PathBuf],
    resolver: Option<&Resolver>,
    add: &mut dyn FnMut(&TaggedDocument),
) -> Result<()> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    for path in files {
        if path.as_os_str() == "-" {
            for_each_document(std::io::stdin().lock(), Path::new("<stdin>"), resolver, add)?;
        } else {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            for_each_document(BufReader::new(file), path, resolver, add)?;
        }
    }
    Ok(())
}

/// Every document of one tagged JSONL stream (blank lines skipped); `path`
/// names the stream in errors, with the line number.
fn for_each_document<R: BufRead>(
    reader: R,
    path: &Path,
    resolver: Option<&Resolver>,
    add: &mut dyn FnMut(&TaggedDocument),
) -> Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut doc: TaggedDocument = serde_json::from_str(&line).with_context(|| {
            format!(
                "{}:{}: expected a tagged document (one JSON object per line, \
                 as written by `stancetag tag`)",
                path.display(),
                i + 1
            )
        })?;
        if let Some(resolver) = resolver {
            let untouched = doc
                .entities
                .iter()
                .all(|e| e.actor.is_none() && e.candidates.is_empty());
            if untouched && !doc.entities.is_empty() {
                resolver.resolve(&mut doc);
                doc.summary.clear();
            }
        }
        add(&doc);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"id":"d1","text":"Japan's envoy.","sentences":[{"start":0,"end":14,"text":"Japan's envoy."}],"entities":[{"start":0,"end":7,"text":"Japan's","label":"LOC","sentence":0,"stance":{"label":"negative"}}]}"#;

    #[test]
    fn reads_documents_and_skips_blank_lines() {
        let input = format!("{DOC}\n\n  \n{DOC}\n");
        let mut corpus = CorpusBuilder::new();
        for_each_document(input.as_bytes(), Path::new("t.jsonl"), None, &mut |d| {
            corpus.add_document(d)
        })
        .unwrap();
        let s = corpus.finish();
        assert_eq!(s.documents, 2);
        assert_eq!(s.actors[0].name, "Japan");
        assert_eq!((s.actors[0].documents, s.actors[0].negative), (2, 2));
        assert_eq!(s.actors[0].mean_score, Some(-1.0));
    }

    #[test]
    fn a_malformed_line_names_file_and_line() {
        let input = format!("{DOC}\n\n{{\"id\": \"d2\"}}\n");
        let mut corpus = CorpusBuilder::new();
        let err = for_each_document(input.as_bytes(), Path::new("t.jsonl"), None, &mut |d| {
            corpus.add_document(d)
        })
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.starts_with("t.jsonl:3: expected a tagged document"),
            "{msg}"
        );
        assert!(msg.contains("missing field"), "{msg}");
    }
    fn corpus_row(name: &str, mentions: usize, mean: Option<f32>) -> CorpusActor {
        CorpusActor {
            id: None,
            kind: None,
            aliases: Vec::new(),
            name: name.into(),
            label: "LOC".into(),
            documents: 1,
            mentions,
            negative: 1,
            neutral: 0,
            positive: 2,
            mean_score: mean,
        }
    }

    #[test]
    fn table_aligns_columns() {
        let c = CorpusSummary {
            documents: 2,
            actors: vec![
                corpus_row("Lee Myung-bak", 12, Some(0.25)),
                corpus_row("東京", 3, None),
                corpus_row("Seoul", 1, Some(-0.001)),
            ],
        };
        assert_eq!(
            render(&c, ReportFormat::Table, Grouping::Surface).unwrap(),
            "\
name           label  documents  mentions  negative  neutral  positive  mean_score
Lee Myung-bak  LOC            1        12         1        0         2       +0.25
東京           LOC            1         3         1        0         2           -
Seoul          LOC            1         1         1        0         2       +0.00
"
        );
        assert_eq!(
            render(
                &CorpusSummary::default(),
                ReportFormat::Table,
                Grouping::Surface
            )
            .unwrap(),
            "name  label  documents  mentions  negative  neutral  positive  mean_score\n"
        );
    }

    #[test]
    fn csv_quotes_as_rfc_4180() {
        let c = CorpusSummary {
            documents: 1,
            actors: vec![
                corpus_row("Seoul", 1, Some(-1.0 / 3.0)),
                corpus_row("Kim \"Dear Leader\" Jong-il", 1, None),
                corpus_row("Korea, North", 1, Some(0.5)),
                corpus_row("line\nbreak", 1, Some(-0.00001)),
            ],
        };
        assert_eq!(
            render(&c, ReportFormat::Csv, Grouping::Surface).unwrap(),
            "\
name,label,documents,mentions,negative,neutral,positive,mean_score
Seoul,LOC,1,1,1,0,2,-0.3333
\"Kim \"\"Dear Leader\"\" Jong-il\",LOC,1,1,1,0,2,
\"Korea, North\",LOC,1,1,1,0,2,0.5000
\"line\nbreak\",LOC,1,1,1,0,2,0.0000
"
        );
    }
}
