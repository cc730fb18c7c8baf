//! `stancetag network`: who acts on, blames or backs whom, over a corpus.

use crate::commands::summary::read_tagged;
use crate::io::{ActorArgs, OutputArgs};
use crate::table::Table;
use anyhow::Result;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use stancetag_pipeline::network::{Network, NetworkBuilder};
use std::path::PathBuf;
use std::process::ExitCode;

/// The directed actor × actor network of tagged documents: for each ordered
/// pair of actors, how many relations go from the first to the second,
/// positive and negative, and their mean score.
///
/// Reads the JSONL written by `stancetag tag` (or gold files) and adds up the
/// sentences' `relations` by the actors of their two mentions (an unresolved
/// mention is a node of its own, id `~LABEL:name`; documents whose mentions
/// carry no actor are resolved here, as `summary` does). The mean score is
/// the mean of P(positive) − P(negative) over the edge's relations (+1 / −1
/// for gold labels). Edges come strongest first: most polar relations, then
/// the larger |mean score|. Relations labelled none count only in output
/// tagged with `--all-relations` (the `none` column).
#[derive(clap::Args)]
pub struct Args {
    /// Tagged JSONL files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: NetworkFormat,
    /// Show only the N strongest edges.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Show only edges with at least N positive + negative relations.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_relations: usize,
    #[command(flatten)]
    actors: ActorArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// How `stancetag network` renders the network.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkFormat {
    /// Aligned columns for a terminal (with an example sentence per edge).
    Table,
    /// Markdown table.
    Markdown,
    /// Edge list, comma-separated with a header line (RFC 4180 quoting).
    Csv,
    /// One JSON object with `documents`, `nodes` and `edges`.
    Json,
    /// GraphML (opens in Gephi, networkx, igraph, Cytoscape).
    Graphml,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut network = NetworkBuilder::default();
    let resolver = args.actors.resolver()?;
    read_tagged(&args.files, resolver.as_ref(), &mut |doc| {
        network.add_document(doc)
    })?;
    let mut network = network.finish();
    network.filter(args.min_relations, args.top);
    let mut out = args.output.create()?;
    out.text(&render(&network, args.format)?)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Columns of the table, Markdown and CSV renderings.
const COLUMNS: [&str; 11] = [
    "source",
    "source_name",
    "target",
    "target_name",
    "positive",
    "negative",
    "none",
    "documents",
    "mean_score",
    "dominant",
    "example",
];

/// Characters of the example sentence shown in a table.
const TABLE_EXAMPLE: usize = 80;

fn render(network: &Network, format: NetworkFormat) -> Result<String> {
    let name = |id: &str| {
        network
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or_else(String::new, |n| n.name.clone())
    };
    let table = |decimals: usize, example: usize| {
        let mut t = Table::new(&COLUMNS).text_columns(4).last_column_text();
        for e in &network.edges {
            let mut ex: String = e.example.chars().take(example).collect();
            if ex.len() < e.example.len() {
                ex.push('…');
            }
            let dominant = match e.positive.cmp(&e.negative) {
                std::cmp::Ordering::Greater => "positive",
                std::cmp::Ordering::Less => "negative",
                std::cmp::Ordering::Equal => "mixed",
            };
            let score = if decimals == 2 {
                format!("{:+.2}", e.mean_score)
            } else {
                format!("{:.4}", e.mean_score)
            };
            t.row(vec![
                e.source.clone(),
                name(&e.source),
                e.target.clone(),
                name(&e.target),
                e.positive.to_string(),
                e.negative.to_string(),
                e.none.to_string(),
                e.documents.to_string(),
                score,
                dominant.into(),
                ex,
            ]);
        }
        t
    };
    Ok(match format {
        NetworkFormat::Table => table(2, TABLE_EXAMPLE).to_text(),
        NetworkFormat::Markdown => table(2, TABLE_EXAMPLE).to_markdown(),
        NetworkFormat::Csv => table(4, usize::MAX).to_csv()?,
        NetworkFormat::Json => serde_json::to_string_pretty(network)? + "\n",
        NetworkFormat::Graphml => graphml(network)?,
    })
}

/// The network as GraphML: nodes with `name` and `kind`; directed edges with
/// `positive`, `negative`, `none`, `relations` (positive + negative, the
/// weight), `documents` and `mean_score`.
fn graphml(network: &Network) -> Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
                 http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    let keys = [
        ("name", "node", "string"),
        ("kind", "node", "string"),
        ("positive", "edge", "int"),
        ("negative", "edge", "int"),
        ("none", "edge", "int"),
        ("relations", "edge", "int"),
        ("documents", "edge", "int"),
        ("mean_score", "edge", "double"),
    ];
    for (id, domain, ty) in keys {
        w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
            ("id", id),
            ("for", domain),
            ("attr.name", id),
            ("attr.type", ty),
        ])))?;
    }
    w.write_event(Event::Start(
        BytesStart::new("graph")
            .with_attributes([("id", "stancetag"), ("edgedefault", "directed")]),
    ))?;
    let data = |w: &mut Writer<Vec<u8>>, key: &str, value: &str| -> Result<()> {
        w.write_event(Event::Start(
            BytesStart::new("data").with_attributes([("key", key)]),
        ))?;
        w.write_event(Event::Text(BytesText::new(value)))?;
        w.write_event(Event::End(BytesEnd::new("data")))?;
        Ok(())
    };
    for n in &network.nodes {
        w.write_event(Event::Start(
            BytesStart::new("node").with_attributes([("id", n.id.as_str())]),
        ))?;
        data(&mut w, "name", &n.name)?;
        data(
            &mut w,
            "kind",
            &n.kind.map_or_else(|| "-".to_string(), |k| k.to_string()),
        )?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for e in &network.edges {
        w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            ("source", e.source.as_str()),
            ("target", e.target.as_str()),
        ])))?;
        data(&mut w, "positive", &e.positive.to_string())?;
        data(&mut w, "negative", &e.negative.to_string())?;
        data(&mut w, "none", &e.none.to_string())?;
        data(&mut w, "relations", &e.polar().to_string())?;
        data(&mut w, "documents", &e.documents.to_string())?;
        data(&mut w, "mean_score", &format!("{:.6}", e.mean_score))?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    let mut text = String::from_utf8(w.into_inner())?;
    text.push('\n');
    Ok(text)
}
