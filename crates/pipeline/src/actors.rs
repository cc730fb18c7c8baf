//! How each actor is portrayed: a document's entity mentions merged into
//! actors with stance counts and a mean score ([`summarize`]), and the same
//! summed over a corpus ([`CorpusSummary`]).
//!
//! # Merging rules
//!
//! Mentions of one document are merged into one actor when, after
//! [`clean_mention`] (surrounding `**` and quotes, a possessive `'s` / `’s`
//! and extra whitespace removed), and for `PER` mentions after leading titles
//! are dropped ([`strip_titles`]):
//!
//! 1. their texts are equal ignoring case (`Japan`, `JAPAN`, `Japan's`,
//!    `"Japan"`; `President Lee Myung-bak` and `Lee Myung-bak`);
//! 2. a single-token `PER` actor equals the first or the last token of
//!    exactly one longer `PER` actor of the document (`Lee` and
//!    `Lee Myung-bak`; `Fukuda`, `Prime Minister Fukuda` and
//!    `Fukuda Yasuo`). When it matches two or more different longer names
//!    (`Kim` beside `Kim Jong-il` and `Kim Dae-jung`) it is ambiguous and
//!    stays an actor of its own.
//!
//! Nothing else is guessed: acronyms (`DPRK`), other spellings and
//! metonyms (`Pyongyang` for North Korea) stay separate actors, and rule 2
//! applies to persons only (`Korea` does not merge into `North Korea`).
//!
//! ```
//! use stancetag_pipeline::actors::{summarize, Grouping};
//! use stancetag_core::{Document, Entity, Polarity, PolarityScores, Scored, Span, TaggedDocument};
//!
//! let text = "Lee Myung-bak met Kim. Lee's aide left.";
//! let mention = |start: usize, end: usize, stance: Option<Scored>| {
//!     let mut e = Entity::new(Span::new(start, end), "PER", 0);
//!     e.stance = stance;
//!     e
//! };
//! let mut doc = TaggedDocument::from(Document::new("d", text));
//! doc.entities = vec![
//!     mention(0, 13, Some(Scored::gold(Polarity::Positive))),
//!     mention(18, 21, None),
//!     mention(23, 28, Some(Scored::predicted(PolarityScores::from_array([0.6, 0.3, 0.1])))),
//! ];
//! let actors = summarize(&doc, Grouping::Surface);
//! assert_eq!(actors[0].name, "Lee Myung-bak");
//! assert_eq!(actors[0].mentions, 2);
//! assert_eq!((actors[0].stance.positive, actors[0].stance.negative), (1, 1));
//! assert!((actors[0].mean_score - 0.25).abs() < 1e-6); // (1 + (0.1 - 0.6)) / 2
//! assert_eq!((actors[1].name.as_str(), actors[1].stance.neutral), ("Kim", 0));
//! ```

use serde::{Deserialize, Serialize};
use stancetag_core::{
    ActorKind, ActorLink, ActorSummary, AliasCount, Entity, Polarity, Scored, StanceCounts,
    TaggedDocument,
};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Words that may open a person mention without being part of the name
/// (compared lower-case, without a final `.`).
pub(crate) const TITLE_WORDS: &[&str] = &[
    "admiral",
    "adm",
    "ambassador",
    "cabinet",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "col",
    "colonel",
    "commander",
    "crown",
    "defence",
    "defense",
    "deputy",
    "dr",
    "emperor",
    "empress",
    "envoy",
    "foreign",
    "gen",
    "general",
    "governor",
    "king",
    "lt",
    "mayor",
    "minister",
    "miss",
    "mr",
    "mrs",
    "ms",
    "pm",
    "pope",
    "premier",
    "president",
    "president-elect",
    "prime",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rep",
    "secretary",
    "secretary-general",
    "sen",
    "senator",
    "sheikh",
    "vice",
];

/// Words that continue a title but never open one (`Secretary of State`).
const TITLE_CONTINUATIONS: &[&str] = &["of", "state"];

/// Quote characters stripped from both ends of a mention.
const QUOTES: &[char] = &[
    '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‚', '「', '」', '『', '』', '`',
];

/// A mention as an actor name: surrounding whitespace, Markdown `**` / `__`
/// and quotes removed, a possessive `'s` / `’s` (or the bare `'` of
/// `Philippines'`) removed, inner whitespace collapsed to single spaces.
/// Case is kept. A mention that would be left empty is returned trimmed.
///
/// ```
/// use stancetag_pipeline::actors::clean_mention;
/// assert_eq!(clean_mention("**Japan’s**"), "Japan");
/// assert_eq!(clean_mention("“the abduction issue”"), "the abduction issue");
/// assert_eq!(clean_mention("Lee\n Myung-bak's"), "Lee Myung-bak");
/// assert_eq!(clean_mention("the Philippines'"), "the Philippines");
/// assert_eq!(clean_mention("**"), "**");
/// ```
pub fn clean_mention(text: &str) -> String {
    let mut s = text.trim();
    loop {
        let before = s.len();
        s = s.trim_start_matches("**").trim_end_matches("**");
        s = s.trim_start_matches("__").trim_end_matches("__");
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                if rest.chars().last().is_some_and(char::is_alphanumeric) {
                    s = rest;
                }
            }
        }
        s = s.trim_matches(QUOTES).trim();
        if s.len() == before {
            break;
        }
    }
    if s.is_empty() {
        return text.trim().to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A cleaned person mention without its leading titles (`President`,
/// `Prime Minister`, `Secretary of State`, `Mr.`…); a mention made only of
/// titles stays as it is.
///
/// ```
/// use stancetag_pipeline::actors::strip_titles;
/// assert_eq!(strip_titles("President Lee Myung-bak"), "Lee Myung-bak");
/// assert_eq!(strip_titles("Prime Minister Fukuda"), "Fukuda");
/// assert_eq!(strip_titles("Secretary of State Rice"), "Rice");
/// assert_eq!(strip_titles("Mr. Kim"), "Kim");
/// assert_eq!(strip_titles("Prime Minister"), "Prime Minister");
/// assert_eq!(strip_titles("Martin Luther King"), "Martin Luther King");
/// ```
pub fn strip_titles(name: &str) -> &str {
    let tokens: Vec<(usize, &str)> = name
        .split(' ')
        .scan(0, |pos, t| {
            let start = *pos;
            *pos += t.len() + 1;
            Some((start, t))
        })
        .collect();
    let mut skip = 0;
    while skip < tokens.len() {
        let word = tokens[skip].1.trim_end_matches('.').to_lowercase();
        let is_title = TITLE_WORDS.contains(&word.as_str())
            || (skip > 0 && TITLE_CONTINUATIONS.contains(&word.as_str()));
        if !is_title {
            break;
        }
        skip += 1;
    }
    // All titles (or none): keep the mention as it is.
    match tokens.get(skip) {
        Some(&(start, _)) if skip > 0 => &name[start..],
        _ => name,
    }
}

/// The name under which a mention is merged and shown: [`clean_mention`],
/// then [`strip_titles`] for persons (label `PER`).
///
/// ```
/// use stancetag_pipeline::actors::actor_name;
/// assert_eq!(actor_name("President Lee's", "PER"), "Lee");
/// assert_eq!(actor_name("General Motors", "ORG"), "General Motors");
/// ```
pub fn actor_name(text: &str, label: &str) -> String {
    let cleaned = clean_mention(text);
    if label == "PER" {
        strip_titles(&cleaned).to_string()
    } else {
        cleaned
    }
}

/// The stance score of one mention: `P(positive) - P(negative)` when the
/// stance has scores, else +1, 0 or -1 for a gold label.
pub fn stance_score(stance: &Scored) -> f64 {
    match stance.scores {
        Some(p) => f64::from(p.positive) - f64::from(p.negative),
        None => match stance.label {
            Polarity::Negative => -1.0,
            Polarity::Neutral => 0.0,
            Polarity::Positive => 1.0,
        },
    }
}

/// How mentions are grouped into the rows of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Grouping {
    /// By resolved actor id; unresolved mentions
    /// are grouped by their text, as `surface` does.
    #[default]
    Actor,
    /// By the mention's text only (the merging rules in the module docs),
    /// ignoring actor ids.
    Surface,
}

/// One mention, prepared for merging.
struct Mention<'a> {
    entity: &'a Entity,
    /// The cleaned name, titles dropped for persons: the display form.
    name: String,
    /// `name` lower-cased: the merge key.
    key: String,
}

/// Groups of mention indices merged by their text (rules 1 and 2 of the
/// module docs), in order of first mention.
fn surface_groups(mentions: &[Mention], members: &[usize]) -> Vec<Vec<usize>> {
    // Rule 1: identical names.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for &i in members {
        match by_key.get(mentions[i].key.as_str()) {
            Some(&g) => groups[g].push(i),
            None => {
                by_key.insert(&mentions[i].key, groups.len());
                groups.push(vec![i]);
            }
        }
    }

    // Rule 2: a one-token person into the only longer person name that
    // starts or ends with that token.
    let is_person = |g: &[usize]| group_label(mentions, g) == "PER";
    let tokens = |g: &[usize]| mentions[g[0]].key.split(' ').count();
    let mut target: Vec<Option<usize>> = vec![None; groups.len()];
    for (s, short) in groups.iter().enumerate() {
        if tokens(short) != 1 || !is_person(short) {
            continue;
        }
        let word = mentions[short[0]].key.as_str();
        let mut found = groups.iter().enumerate().filter(|(_, long)| {
            let key = mentions[long[0]].key.as_str();
            tokens(long) > 1
                && is_person(long)
                && (key.split(' ').next() == Some(word) || key.split(' ').next_back() == Some(word))
        });
        if let (Some((l, _)), None) = (found.next(), found.next()) {
            target[s] = Some(l);
        }
    }
    for s in 0..groups.len() {
        if let Some(l) = target[s] {
            let moved = std::mem::take(&mut groups[s]);
            groups[l].extend(moved);
        }
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// Index of a group's canonical mention: the longest name, the first on ties.
fn canonical(mentions: &[Mention], members: &[usize]) -> usize {
    let mut best = members[0];
    for &m in &members[1..] {
        if mentions[m].name.chars().count() > mentions[best].name.chars().count() {
            best = m;
        }
    }
    best
}

/// The most frequent label; ties go to the canonical mention's label.
fn group_label<'a>(mentions: &'a [Mention], members: &[usize]) -> &'a str {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &m in members {
        *counts.entry(mentions[m].entity.label.as_str()).or_default() += 1;
    }
    let canonical = mentions[canonical(mentions, members)].entity.label.as_str();
    let top = counts.values().copied().max().unwrap_or(0);
    if counts.get(canonical) == Some(&top) {
        return canonical;
    }
    // Several other labels may tie: take the one seen first.
    members
        .iter()
        .map(|&m| mentions[m].entity.label.as_str())
        .find(|l| counts.get(l) == Some(&top))
        .unwrap_or(canonical)
}

/// Spellings of a group with their counts, most frequent first (ties: first seen).
fn alias_counts(mentions: &[Mention], members: &[usize]) -> Vec<AliasCount> {
    let mut out: Vec<AliasCount> = Vec::new();
    for &m in members {
        match out.iter_mut().find(|a| a.text == mentions[m].name) {
            Some(a) => a.mentions += 1,
            None => out.push(AliasCount {
                text: mentions[m].name.clone(),
                mentions: 1,
            }),
        }
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.mentions));
    out
}

/// The distinct actors of a document, with mention counts, stance counts and
/// mean stance scores; sorted by mentions (most first), then name.
///
/// With [`Grouping::Actor`], mentions with an `actor` are grouped by its id
/// (the row takes the actor's name and kind) and the others by their text;
/// with [`Grouping::Surface`] every mention is grouped by its text, by the
/// rules in the [module docs](self). A text-grouped row's `name` is its
/// longest mention as cleaned by [`clean_mention`] (titles dropped for
/// persons; the first on ties). The `label` is the most frequent label of
/// the mentions (ties: the canonical mention's). `mean_score` averages
/// [`stance_score`] over the mentions that have a stance, and is 0 when
/// none has (then all stance counts are 0 too). Mentions without stance
/// count only in `mentions`.
pub fn summarize(doc: &TaggedDocument, grouping: Grouping) -> Vec<ActorSummary> {
    let mentions: Vec<Mention> = doc
        .entities
        .iter()
        .map(|entity| {
            let name = actor_name(doc.slice(entity.span), &entity.label);
            let key = name.to_lowercase();
            Mention { entity, name, key }
        })
        .collect();

    let mut rows: Vec<(Option<&ActorLink>, Vec<usize>)> = Vec::new();
    let mut unresolved: Vec<usize> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        match (&m.entity.actor, grouping) {
            (Some(actor), Grouping::Actor) => match by_id.get(actor.id.as_str()) {
                Some(&r) => rows[r].1.push(i),
                None => {
                    by_id.insert(&actor.id, rows.len());
                    rows.push((Some(actor), vec![i]));
                }
            },
            _ => unresolved.push(i),
        }
    }
    rows.extend(
        surface_groups(&mentions, &unresolved)
            .into_iter()
            .map(|g| (None, g)),
    );

    let mut actors: Vec<ActorSummary> = rows
        .into_iter()
        .map(|(actor, mut members)| {
            members.sort_unstable();
            let mut stance = StanceCounts::default();
            let mut sum = 0.0;
            for &m in &members {
                if let Some(s) = &mentions[m].entity.stance {
                    stance.add(s.label);
                    sum += stance_score(s);
                }
            }
            let scored = stance.negative + stance.neutral + stance.positive;
            let surface = mentions[canonical(&mentions, &members)].name.clone();
            ActorSummary {
                id: actor.map(|a| a.id.clone()),
                name: match actor {
                    Some(a) if !a.name.is_empty() => a.name.clone(),
                    _ => surface,
                },
                kind: actor.map(|a| a.kind),
                label: group_label(&mentions, &members).to_string(),
                aliases: if grouping == Grouping::Actor {
                    alias_counts(&mentions, &members)
                } else {
                    Vec::new()
                },
                mentions: members.len(),
                stance,
                mean_score: if scored == 0 {
                    0.0
                } else {
                    (sum / scored as f64) as f32
                },
            }
        })
        .collect();
    actors.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.label.cmp(&b.label))
    });
    actors
}

/// One actor of a corpus: its mentions over all documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusActor {
    /// The actor id (absent for rows of unresolved mentions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Canonical name: the actor's, or the most frequent spelling of an unresolved row.
    pub name: String,
    /// Kind of actor, with `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActorKind>,
    /// Entity type (of the row's first document).
    pub label: String,
    /// Number of documents that mention the actor.
    pub documents: usize,
    /// Number of mentions.
    pub mentions: usize,
    /// Mentions with negative stance.
    pub negative: usize,
    /// Mentions with neutral stance.
    pub neutral: usize,
    /// Mentions with positive stance.
    pub positive: usize,
    /// Mean stance score over the mentions with a stance, in [-1, 1];
    /// `None` when no mention has one.
    pub mean_score: Option<f32>,
    /// Spellings seen with their mention counts, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<AliasCount>,
}

/// The actors of a corpus with their stance, most mentioned first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CorpusSummary {
    /// Number of documents read.
    pub documents: usize,
    /// Actors, sorted by mentions (most first), then name.
    pub actors: Vec<CorpusActor>,
}

/// Running totals of one corpus actor.
#[derive(Default)]
struct Totals {
    id: Option<String>,
    kind: Option<ActorKind>,
    actor_name: Option<String>,
    /// Spellings of the name with their mention counts, in order of first use.
    spellings: Vec<(String, usize)>,
    aliases: Vec<AliasCount>,
    label: String,
    documents: usize,
    mentions: usize,
    stance: StanceCounts,
    score_sum: f64,
}

/// Builds a [`CorpusSummary`] one document at a time, so a corpus need not
/// be held in memory.
///
/// Rows with an actor id are merged by id; the others when their canonical
/// names are equal ignoring case (after [`actor_name`]) and their labels
/// are equal.
#[derive(Default)]
pub struct CorpusBuilder {
    grouping: Grouping,
    documents: usize,
    totals: Vec<Totals>,
    index: HashMap<(String, String), usize>,
}

impl CorpusBuilder {
    /// An empty corpus, grouped by actor.
    pub fn new() -> CorpusBuilder {
        CorpusBuilder::default()
    }

    /// An empty corpus with the given grouping.
    pub fn with_grouping(grouping: Grouping) -> CorpusBuilder {
        CorpusBuilder {
            grouping,
            ..CorpusBuilder::default()
        }
    }

    /// Add a document: its `summary` when it has one made with this
    /// builder's grouping, else [`summarize`] of it.
    pub fn add_document(&mut self, doc: &TaggedDocument) {
        let by_actor = doc
            .summary
            .iter()
            .any(|a| a.id.is_some() || !a.aliases.is_empty());
        let resolved = doc.entities.iter().any(|e| e.actor.is_some());
        let fits = match self.grouping {
            Grouping::Actor => by_actor || !resolved,
            Grouping::Surface => !by_actor,
        };
        if doc.summary.is_empty() || !fits {
            self.add_actors(&summarize(doc, self.grouping));
        } else {
            self.add_actors(&doc.summary);
        }
    }

    /// Add one document's actors (an actor listed twice counts one document).
    pub fn add_actors(&mut self, actors: &[ActorSummary]) {
        self.documents += 1;
        let mut seen = Vec::new();
        for actor in actors {
            let name = actor_name(&actor.name, &actor.label);
            let key = match &actor.id {
                Some(id) => ("id".to_string(), id.clone()),
                None => (name.to_lowercase(), actor.label.clone()),
            };
            let i = *self.index.entry(key).or_insert_with(|| {
                self.totals.push(Totals {
                    id: actor.id.clone(),
                    kind: actor.kind,
                    actor_name: actor.id.as_ref().map(|_| actor.name.clone()),
                    label: actor.label.clone(),
                    ..Totals::default()
                });
                self.totals.len() - 1
            });
            let t = &mut self.totals[i];
            if !seen.contains(&i) {
                seen.push(i);
                t.documents += 1;
            }
            match t.spellings.iter_mut().find(|(s, _)| *s == name) {
                Some((_, n)) => *n += actor.mentions,
                None => t.spellings.push((name, actor.mentions)),
            }
            for a in &actor.aliases {
                match t.aliases.iter_mut().find(|b| b.text == a.text) {
                    Some(b) => b.mentions += a.mentions,
                    None => t.aliases.push(a.clone()),
                }
            }
            t.mentions += actor.mentions;
            let s = actor.stance;
            t.stance.negative += s.negative;
            t.stance.neutral += s.neutral;
            t.stance.positive += s.positive;
            let scored = s.negative + s.neutral + s.positive;
            t.score_sum += f64::from(actor.mean_score) * scored as f64;
        }
    }

    /// The corpus table, sorted by mentions (most first), then name.
    pub fn finish(self) -> CorpusSummary {
        let mut actors: Vec<CorpusActor> = self
            .totals
            .into_iter()
            .map(|mut t| {
                let scored = t.stance.negative + t.stance.neutral + t.stance.positive;
                let mut name = String::new();
                let mut most = 0;
                for (s, n) in t.spellings {
                    if n > most || name.is_empty() {
                        (name, most) = (s, n);
                    }
                }
                t.aliases.sort_by_key(|a| std::cmp::Reverse(a.mentions));
                CorpusActor {
                    id: t.id,
                    name: t.actor_name.unwrap_or(name),
                    kind: t.kind,
                    label: t.label,
                    documents: t.documents,
                    mentions: t.mentions,
                    negative: t.stance.negative,
                    neutral: t.stance.neutral,
                    positive: t.stance.positive,
                    mean_score: (scored > 0).then(|| (t.score_sum / scored as f64) as f32),
                    aliases: t.aliases,
                }
            })
            .collect();
        actors.sort_by(compare_rows);
        CorpusSummary {
            documents: self.documents,
            actors,
        }
    }
}

fn compare_rows(a: &CorpusActor, b: &CorpusActor) -> Ordering {
    b.mentions
        .cmp(&a.mentions)
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.label.cmp(&b.label))
}

impl CorpusSummary {
    /// The summary of some documents (see [`CorpusBuilder`]).
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a TaggedDocument>) -> Self {
        let mut builder = CorpusBuilder::new();
        for doc in docs {
            builder.add_document(doc);
        }
        builder.finish()
    }

    /// Keep the actors with at least `min_mentions` mentions, then the first
    /// `top` of them (all when `None`).
    pub fn filter(&mut self, min_mentions: usize, top: Option<usize>) {
        self.actors.retain(|a| a.mentions >= min_mentions);
        if let Some(n) = top {
            self.actors.truncate(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancetag_core::{Document, PolarityScores};

    /// A mention to put in a test document: text, label, stance.
    type Mention = (String, String, Option<Scored>);

    fn entity(text: &str, label: &str, stance: Option<Scored>) -> Mention {
        (text.into(), label.into(), stance)
    }

    /// A document whose text is the mentions joined by ` | `, each an entity.
    fn doc(mentions: Vec<Mention>) -> TaggedDocument {
        let mut text = String::new();
        let mut entities = Vec::new();
        for (m, label, stance) in mentions {
            if !text.is_empty() {
                text.push_str(" | ");
            }
            let start = text.len();
            text.push_str(&m);
            let mut e = Entity::new(stancetag_core::Span::new(start, text.len()), label, 0);
            e.stance = stance;
            entities.push(e);
        }
        let mut doc = TaggedDocument::from(Document::new("d", text));
        doc.entities = entities;
        doc
    }

    /// (name, label, mentions) of each actor, in output order.
    fn actors(mentions: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let d = doc(mentions.iter().map(|(t, l)| entity(t, l, None)).collect());
        summarize(&d, Grouping::Surface)
            .into_iter()
            .map(|a| (a.name, a.label, a.mentions))
            .collect()
    }

    fn row(name: &str, label: &str, mentions: usize) -> (String, String, usize) {
        (name.into(), label.into(), mentions)
    }

    fn gold(p: Polarity) -> Option<Scored> {
        Some(Scored::gold(p))
    }

    fn predicted(p: [f32; 3]) -> Option<Scored> {
        Some(Scored::predicted(PolarityScores::from_array(p)))
    }

    fn close(a: f32, b: f64) -> bool {
        (f64::from(a) - b).abs() < 1e-6
    }

    #[test]
    fn identical_text_ignores_case_possessives_quotes_and_bold() {
        assert_eq!(
            actors(&[
                ("Japan", "LOC"),
                ("JAPAN", "LOC"),
                ("Japan's", "LOC"),
                ("Japan’s", "LOC"),
                ("**Japan**", "LOC"),
                ("“Japan”", "LOC"),
                ("'Japan'", "LOC"),
            ]),
            [row("Japan", "LOC", 7)]
        );
        // The possessive does not make a mention longer: the canonical
        // name is the cleaned one.
        assert_eq!(
            actors(&[("Pyongyang's", "LOC"), ("Pyongyang", "LOC")]),
            [row("Pyongyang", "LOC", 2)]
        );
    }

    #[test]
    fn clean_mention_edge_cases() {
        assert_eq!(clean_mention("  Japan  "), "Japan");
        assert_eq!(clean_mention("\"**Japan's**\""), "Japan");
        assert_eq!(clean_mention("O'Neill"), "O'Neill");
        assert_eq!(clean_mention("'s"), "s"); // not a possessive: a leading quote
        assert_eq!(clean_mention(""), "");
        assert_eq!(clean_mention("“”"), "“”");
    }

    #[test]
    fn title_and_name_merge() {
        assert_eq!(
            actors(&[("President Lee Myung-bak", "PER"), ("Lee Myung-bak", "PER")]),
            [row("Lee Myung-bak", "PER", 2)]
        );
        // Titles are only dropped from persons.
        assert_eq!(
            actors(&[("General Motors", "ORG"), ("Motors", "ORG")]),
            [row("General Motors", "ORG", 1), row("Motors", "ORG", 1)]
        );
    }

    #[test]
    fn single_token_person_merges_into_its_only_longer_name() {
        assert_eq!(
            actors(&[("Lee Myung-bak", "PER"), ("Lee", "PER"), ("Lee's", "PER")]),
            [row("Lee Myung-bak", "PER", 3)]
        );
        // Family name first, with a title; the first token matches.
        assert_eq!(
            actors(&[
                ("Prime Minister Fukuda", "PER"),
                ("Fukuda Yasuo", "PER"),
                ("Fukuda", "PER"),
            ]),
            [row("Fukuda Yasuo", "PER", 3)]
        );
        // The last token matches; a title-only prefix is dropped first.
        assert_eq!(
            actors(&[
                ("Mr. Kim", "PER"),
                ("Kim Jong-il", "PER"),
                ("Jong-il", "PER")
            ]),
            [row("Kim Jong-il", "PER", 3)]
        );
        // One longer name in two casings is one name.
        assert_eq!(
            actors(&[
                ("LEE MYUNG-BAK", "PER"),
                ("Lee Myung-bak", "PER"),
                ("Lee", "PER")
            ]),
            [row("LEE MYUNG-BAK", "PER", 3)]
        );
        // A middle token is not a match.
        assert_eq!(
            actors(&[("George W. Bush", "PER"), ("W.", "PER")]),
            [row("George W. Bush", "PER", 1), row("W.", "PER", 1)]
        );
    }

    #[test]
    fn ambiguous_single_token_stays_its_own_actor() {
        assert_eq!(
            actors(&[
                ("Kim Jong-il", "PER"),
                ("Kim", "PER"),
                ("Kim Dae-jung", "PER"),
                ("Kim", "PER"),
            ]),
            [
                row("Kim", "PER", 2),
                row("Kim Dae-jung", "PER", 1),
                row("Kim Jong-il", "PER", 1),
            ]
        );
        // First token of one name, last token of another.
        assert_eq!(
            actors(&[
                ("Lee Myung-bak", "PER"),
                ("Bruce Lee", "PER"),
                ("Lee", "PER")
            ]),
            [
                row("Bruce Lee", "PER", 1),
                row("Lee", "PER", 1),
                row("Lee Myung-bak", "PER", 1),
            ]
        );
    }

    #[test]
    fn only_persons_merge_by_token() {
        assert_eq!(
            actors(&[("North Korea", "LOC"), ("Korea", "LOC")]),
            [row("Korea", "LOC", 1), row("North Korea", "LOC", 1)]
        );
        // A non-person single token does not merge into a person.
        assert_eq!(
            actors(&[("Lee Myung-bak", "PER"), ("Lee", "ORG")]),
            [row("Lee", "ORG", 1), row("Lee Myung-bak", "PER", 1)]
        );
        // Nor does a person into a non-person longer name.
        assert_eq!(
            actors(&[("Toyota Motor", "ORG"), ("Toyota", "PER")]),
            [row("Toyota", "PER", 1), row("Toyota Motor", "ORG", 1)]
        );
        // Acronyms and other names are not guessed.
        assert_eq!(
            actors(&[
                ("North Korea", "LOC"),
                ("DPRK", "LOC"),
                ("Pyongyang", "LOC")
            ]),
            [
                row("DPRK", "LOC", 1),
                row("North Korea", "LOC", 1),
                row("Pyongyang", "LOC", 1),
            ]
        );
    }

    #[test]
    fn label_is_the_most_frequent_then_the_canonical_mentions() {
        assert_eq!(
            actors(&[("Japan", "ORG"), ("Japan", "LOC"), ("japan", "LOC")]),
            [row("Japan", "LOC", 3)]
        );
        // A tie: the canonical (longest, then first) mention's label.
        assert_eq!(
            actors(&[("Seoul", "ORG"), ("Seoul", "LOC")]),
            [row("Seoul", "ORG", 2)]
        );
        assert_eq!(
            actors(&[
                ("Abe", "PER"),
                ("Abe", "MISC"),
                ("Abe Shinzo", "MISC"),
                ("Abe Shinzo", "PER")
            ]),
            [row("Abe", "PER", 2), row("Abe Shinzo", "MISC", 2)]
        );
    }

    #[test]
    fn counts_and_mean_score() {
        let d = doc(vec![
            entity("Japan", "LOC", predicted([0.1, 0.2, 0.7])), // positive, +0.6
            entity("Japan", "LOC", predicted([0.6, 0.3, 0.1])), // negative, -0.5
            entity("Japan", "LOC", gold(Polarity::Neutral)),    // 0
            entity("Japan", "LOC", gold(Polarity::Negative)),   // -1
            entity("Japan", "LOC", None),                       // mention only
            entity("Seoul", "LOC", None),
        ]);
        let s = summarize(&d, Grouping::Surface);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].name.as_str(), s[0].mentions), ("Japan", 5));
        assert_eq!(
            s[0].stance,
            StanceCounts {
                negative: 2,
                neutral: 1,
                positive: 1
            }
        );
        assert!(close(s[0].mean_score, (0.6 - 0.5 + 0.0 - 1.0) / 4.0));
        // No stance at all: counts zero, mean 0.
        assert_eq!((s[1].mentions, s[1].stance), (1, StanceCounts::default()));
        assert_eq!(s[1].mean_score, 0.0);
    }

    #[test]
    fn merged_mentions_pool_their_stance() {
        let d = doc(vec![
            entity("President Lee Myung-bak", "PER", gold(Polarity::Positive)),
            entity("Lee", "PER", predicted([0.2, 0.4, 0.4])), // neutral (tie, earlier), +0.2
            entity("Japan", "LOC", gold(Polarity::Negative)),
        ]);
        let s = summarize(&d, Grouping::Surface);
        assert_eq!(s[0].name, "Lee Myung-bak");
        assert_eq!((s[0].stance.positive, s[0].stance.neutral), (1, 1));
        assert!(close(s[0].mean_score, (1.0 + 0.2) / 2.0));
        assert_eq!(s[1].name, "Japan");
        assert!(close(s[1].mean_score, -1.0));
    }

    #[test]
    fn resolved_mentions_are_grouped_by_actor_with_their_aliases() {
        let mut d = doc(vec![
            entity("US", "LOC", gold(Polarity::Negative)),
            entity("Tokyo", "LOC", None),
            entity("United States", "LOC", gold(Polarity::Positive)),
            entity("U.S.", "LOC", None),
            entity("US", "LOC", None),
            entity("Six", "MISC", None),
        ]);
        crate::resolve::Resolver::new(crate::resolve::Dictionary::builtin()).resolve(&mut d);
        let s = summarize(&d, Grouping::Actor);
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].id.as_deref(), s[0].name.as_str(), s[0].mentions),
            (Some("USA"), "United States", 4)
        );
        let aliases: Vec<_> = s[0]
            .aliases
            .iter()
            .map(|a| (a.text.as_str(), a.mentions))
            .collect();
        assert_eq!(aliases, [("US", 2), ("United States", 1), ("U.S.", 1)]);
        assert_eq!(s[0].kind, Some(ActorKind::Country));
        assert_eq!((s[0].stance.negative, s[0].stance.positive), (1, 1));
        assert_eq!(s[2].id, None); // "Six": no actor, a row of its own
                                   // By surface, the four spellings of the United States are three rows.
        assert_eq!(summarize(&d, Grouping::Surface).len(), 5);
        // Across documents rows merge by id.
        let c = CorpusSummary::from_documents([&d, &d]);
        assert_eq!((c.actors[0].documents, c.actors[0].mentions), (2, 8));
        assert_eq!(c.actors[0].aliases[0].mentions, 4);
    }

    #[test]
    fn empty_document_has_no_actors() {
        assert!(summarize(&doc(Vec::new()), Grouping::Actor).is_empty());
    }

    fn actor(name: &str, label: &str, mentions: usize, s: [usize; 3], mean: f32) -> ActorSummary {
        ActorSummary {
            id: None,
            name: name.into(),
            kind: None,
            label: label.into(),
            aliases: Vec::new(),
            mentions,
            stance: StanceCounts {
                negative: s[0],
                neutral: s[1],
                positive: s[2],
            },
            mean_score: mean,
        }
    }

    #[test]
    fn corpus_merges_by_name_and_label_weighting_means_by_stance_mentions() {
        // Document 1 carries its summary.
        let mut d1 = doc(Vec::new());
        d1.summary = vec![
            actor("Japan", "LOC", 3, [2, 0, 0], -0.8),
            actor("Lee Myung-bak", "PER", 1, [0, 0, 0], 0.0),
        ];
        // Document 2 is summarized on the fly: "japan's" and "Japan" are one
        // actor (tied labels: the first mention's, LOC), mean (1 + 0) / 2.
        let d2 = doc(vec![
            entity("japan's", "LOC", gold(Polarity::Positive)),
            entity("Japan", "ORG", gold(Polarity::Neutral)),
            entity("President Lee Myung-bak", "PER", None),
        ]);
        // Document 3: the same name with another label stays apart.
        let mut d3 = doc(Vec::new());
        d3.summary = vec![actor("JAPAN", "ORG", 1, [0, 1, 0], 0.1)];
        let c = CorpusSummary::from_documents([&d1, &d2, &d3]);
        assert_eq!(c.documents, 3);
        let japan = &c.actors[0];
        assert_eq!(
            (japan.name.as_str(), japan.label.as_str()),
            ("Japan", "LOC")
        );
        assert_eq!((japan.documents, japan.mentions), (2, 5));
        assert_eq!((japan.negative, japan.neutral, japan.positive), (2, 1, 1));
        // (-0.8 * 2 + 0.5 * 2) / 4
        assert!(close(japan.mean_score.unwrap(), -0.15));
        let lee = &c.actors[1];
        assert_eq!(
            (lee.name.as_str(), lee.documents, lee.mentions),
            ("Lee Myung-bak", 2, 2)
        );
        assert_eq!(lee.mean_score, None);
        let japan_org = &c.actors[2];
        assert_eq!(
            (japan_org.name.as_str(), japan_org.label.as_str()),
            ("JAPAN", "ORG")
        );
        assert!(close(japan_org.mean_score.unwrap(), 0.1));
    }

    #[test]
    fn corpus_name_is_the_most_mentioned_spelling_and_documents_count_once() {
        let mut b = CorpusBuilder::new();
        b.add_actors(&[actor("the Abduction Issue", "MISC", 1, [1, 0, 0], -1.0)]);
        b.add_actors(&[
            actor("the abduction issue", "MISC", 2, [0, 0, 0], 0.0),
            actor("The abduction issue", "MISC", 1, [0, 0, 0], 0.0),
        ]);
        let c = b.finish();
        assert_eq!(c.actors.len(), 1);
        let a = &c.actors[0];
        assert_eq!(
            (a.name.as_str(), a.documents, a.mentions),
            ("the abduction issue", 2, 4)
        );
        assert!(close(a.mean_score.unwrap(), -1.0));
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
    fn corpus_order_and_filter() {
        let mut b = CorpusBuilder::new();
        b.add_actors(&[
            actor("seoul", "LOC", 2, [0, 0, 0], 0.0),
            actor("Beijing", "LOC", 2, [0, 0, 0], 0.0),
            actor("Tokyo", "LOC", 5, [0, 0, 0], 0.0),
            actor("Manila", "LOC", 1, [0, 0, 0], 0.0),
        ]);
        let mut c = b.finish();
        let names = |c: &CorpusSummary| c.actors.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&c), ["Tokyo", "Beijing", "seoul", "Manila"]);
        c.filter(2, Some(2));
        assert_eq!(names(&c), ["Tokyo", "Beijing"]);
        c.filter(0, None);
        assert_eq!(names(&c), ["Tokyo", "Beijing"]);
        c.filter(0, Some(0));
        assert!(c.actors.is_empty());
    }

    #[test]
    fn corpus_json_round_trips() {
        let c = CorpusSummary {
            documents: 3,
            actors: vec![
                corpus_row("Seoul", 2, Some(0.5)),
                corpus_row("Tokyo", 1, None),
            ],
        };
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["actors"][0]["mean_score"], 0.5);
        assert_eq!(json["actors"][1]["mean_score"], serde_json::Value::Null);
        assert_eq!(json["actors"][0]["negative"], 1);
        let back: CorpusSummary = serde_json::from_value(json).unwrap();
        assert_eq!(back, c);
    }
}
