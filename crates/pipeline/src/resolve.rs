//! Actor resolution: every entity mention (and every user target) to the
//! actor it names, within a document and across documents.
//!
//! A [`Dictionary`] maps aliases to actor ids: the built-in one is
//! generated from the `world-countries` data (countries, official names,
//! alternative spellings, capitals, demonyms; ODbL) plus a curated list
//! (what that data lacks: "U.S.", "DPRK", "ROK", former states,
//! international organisations and parties, regions and disputed places);
//! `--actors FILE` extends and overrides it. See `crates/pipeline/data/README.md`.
//!
//! [`Resolver::resolve`] decides each mention of one document, in this order:
//!
//! 1. **Dictionary.** The mention's [key](alias_key) (quotes, possessive,
//!    a leading "the", dots and case removed; hyphens as spaces) is looked
//!    up; failing that, a plural demonym ("South Koreans") and the parts of
//!    a hyphenated word ("anti-Japanese", "Japanese-made"). Person mentions
//!    look up persons only. One sense → that actor, with its role (`name`,
//!    `capital`, `demonym`).
//! 2. **Acronyms defined in the text**: two mentions written `A (B)`, one of
//!    them an acronym, are one actor ("Democratic People's Republic of Korea
//!    (DPRK)", "Center for a New American Security (CNAS)"), and so is every
//!    other mention of either form in the document.
//! 3. **Ambiguity.** An alias with several senses ("Korea", "Georgia",
//!    "Washington", "Congo") or a short form ("the North", "the Strait",
//!    marked `@short`) resolves to the one candidate the document names
//!    unambiguously elsewhere; with none or several it is left unresolved:
//!    no `actor`, its ids in `candidates`.
//! 4. **Persons** outside the dictionary are merged within the document:
//!    titles dropped, name order ignored ("Fukuda Yasuo", "Yasuo Fukuda",
//!    "Prime Minister Fukuda"); a one-word name joins the one longer name
//!    that starts or ends with it ("Lee" → "Lee Myung-bak"). When several
//!    longer names fit, the title decides (a "President Lee" joins the
//!    name written with "President"), then salience (the name with at
//!    least twice the mentions of every other); otherwise the mention stays
//!    unresolved with the candidates. Id: `per/` + the slug of the longest
//!    form.
//! 5. **Organisations and places** outside the dictionary get `org/`/`loc/`
//!    ids from their longest form (an organisation defined with an acronym:
//!    from the acronym); an organisation name whose words are a part of
//!    exactly one longer organisation name of the document joins it
//!    ("Asiana" → "Asiana Airlines"). `MISC` mentions outside the dictionary
//!    (treaties, events, talks) name no actor.
//!
//! Capitals share their country's id, with `role: "capital"`, as the
//! government ("Seoul protested") and as the place ("met in Seoul"), the
//! rule of the annotation guidelines (§7.2).
//!
//! ```
//! use stancetag_core::{Document, Entity, Span, TaggedDocument};
//! use stancetag_pipeline::resolve::{Dictionary, Resolver};
//!
//! let text = "North Korea fired. Pyongyang said the North would not stop. Seoul said Korea is one.";
//! let mut doc = TaggedDocument::from(Document::new("d", text));
//! for (s, e, label, sentence) in [(0, 11, "LOC", 0), (19, 28, "LOC", 1), (38, 43, "LOC", 1), (60, 65, "LOC", 2), (71, 76, "LOC", 2)] {
//!     doc.entities.push(Entity::new(Span::new(s, e), label, sentence));
//! }
//! Resolver::new(Dictionary::builtin()).resolve(&mut doc);
//! let ids: Vec<_> = doc.entities.iter().map(|e| e.actor.as_ref().map(|a| a.id.as_str())).collect();
//! assert_eq!(ids, [Some("PRK"), Some("PRK"), Some("PRK"), Some("KOR"), None]);
//! assert_eq!(doc.entities[1].actor.as_ref().unwrap().role.as_str(), "capital");
//! assert_eq!(doc.entities[4].candidates, ["KOR", "PRK"]); // "Korea": both are named
//! ```

use crate::actors::{clean_mention, strip_titles, TITLE_WORDS};
use crate::{Error, Result};
use stancetag_core::{ActorKind, ActorLink, ActorRole, Span, TaggedDocument};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const CURATED: &str = include_str!("../data/curated.tsv");

/// One meaning of an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sense {
    id: Arc<str>,
    role: ActorRole,
    /// A short form: resolves only when the document names the actor otherwise.
    short: bool,
}

/// Aliases → actor ids, and each id's canonical name and kind.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    actors: HashMap<Arc<str>, (String, ActorKind)>,
    senses: HashMap<String, Vec<Sense>>,
    sources: Vec<String>,
}

/// The lookup key of a mention or alias: [`clean_mention`], then lower
/// case, curly apostrophes straight, dots removed, hyphens and dashes as
/// spaces, whitespace collapsed and a leading "the" dropped.
///
/// ```
/// use stancetag_pipeline::resolve::alias_key;
/// assert_eq!(alias_key("the U.S.’s"), "us");
/// assert_eq!(alias_key("Asia-Pacific"), "asia pacific");
/// assert_eq!(alias_key("Democratic People’s Republic of\nKorea"), "democratic people's republic of korea");
/// ```
pub fn alias_key(text: &str) -> String {
    let cleaned = clean_mention(text);
    let mut out = String::with_capacity(cleaned.len());
    for ch in cleaned.chars() {
        match ch {
            '’' | '‘' | '`' | '´' | 'ʼ' => out.push('\''),
            '.' => {}
            '-' | '‐' | '‑' | '–' | '—' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    let mut key = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(k) = key.strip_suffix("'s").filter(|k| !k.is_empty()) {
        key.truncate(k.len());
    }
    match key.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => key,
    }
}

/// The id slug of a name: ASCII (accents removed, other letters
/// transliterated), lower case, every run of other characters one `-`.
///
/// ```
/// use stancetag_pipeline::resolve::slug;
/// assert_eq!(slug("Lee Myung-bak"), "lee-myung-bak");
/// assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
/// assert_eq!(slug("Onagawa No. 4 Junior High School"), "onagawa-no-4-junior-high-school");
/// ```
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Dictionary {
    /// The built-in dictionary (parsed once per process).
    pub fn builtin() -> Arc<Dictionary> {
        static BUILTIN: OnceLock<Arc<Dictionary>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut d = Dictionary::default();
                d.add_tsv(COUNTRIES, "countries.tsv")
                    .and_then(|()| d.add_tsv(CURATED, "curated.tsv"))
                    .expect("the built-in actor dictionary parses (tested)");
                d.sources = vec![format!(
                    "built-in ({} actors, {} aliases)",
                    d.actors.len(),
                    d.senses.len()
                )];
                Arc::new(d)
            })
            .clone()
    }

    /// Number of actors.
    pub fn actors(&self) -> usize {
        self.actors.len()
    }

    /// Number of distinct alias keys.
    pub fn aliases(&self) -> usize {
        self.senses.len()
    }

    /// Where the entries came from: the built-in dictionary, then each user file.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The canonical name and kind of an id.
    pub fn actor(&self, id: &str) -> Option<(&str, ActorKind)> {
        self.actors.get(id).map(|(n, k)| (n.as_str(), *k))
    }

    /// The ids an alias may name, each once, in dictionary order.
    ///
    /// ```
    /// use stancetag_pipeline::resolve::Dictionary;
    /// let d = Dictionary::builtin();
    /// assert_eq!(d.lookup("U.S."), ["USA"]);
    /// assert_eq!(d.lookup("Pyongyang"), ["PRK"]);
    /// assert_eq!(d.lookup("Georgia"), ["GEO", "loc/georgia-us"]);
    /// ```
    pub fn lookup(&self, alias: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for s in self.senses.get(&alias_key(alias)).into_iter().flatten() {
            if !ids.contains(&&*s.id) {
                ids.push(&s.id);
            }
        }
        ids
    }

    /// Adds the rows of a TSV table `id<TAB>kind<TAB>name<TAB>aliases`
    /// (aliases `|`-separated, each with an optional `@capital`,
    /// `@demonym` or `@short`); `#` lines are comments.
    fn add_tsv(&mut self, text: &str, source: &str) -> Result<()> {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |msg: String| Error::Actors(format!("{source}:{}: {msg}", i + 1));
            let fields: Vec<&str> = line.split('\t').collect();
            if !(3..=4).contains(&fields.len()) {
                return Err(at(format!(
                    "expected id, kind, name and aliases separated by tabs, found {} fields",
                    fields.len()
                )));
            }
            let kind: ActorKind = fields[1].parse().map_err(at)?;
            let id = self
                .add_actor(fields[0], Some(fields[2]), Some(kind))
                .map_err(at)?;
            self.add_alias(fields[2], &id, ActorRole::Name, false);
            for alias in fields.get(3).into_iter().flat_map(|a| a.split('|')) {
                let (alias, role, short) = match alias.rsplit_once('@') {
                    Some((a, "capital")) => (a, ActorRole::Capital, false),
                    Some((a, "demonym")) => (a, ActorRole::Demonym, false),
                    Some((a, "short")) => (a, ActorRole::Name, true),
                    Some((_, other)) => {
                        return Err(at(format!(
                            "unknown alias suffix @{other} (expected @capital, @demonym or @short)"
                        )))
                    }
                    None => (alias, ActorRole::Name, false),
                };
                if !alias.trim().is_empty() {
                    self.add_alias(alias, &id, role, short);
                }
            }
        }
        Ok(())
    }

    /// Registers an id (or updates its name); the kind must match the id's form.
    fn add_actor(
        &mut self,
        id: &str,
        name: Option<&str>,
        kind: Option<ActorKind>,
    ) -> std::result::Result<Arc<str>, String> {
        let id = id.trim();
        let of_id = ActorKind::of_id(id);
        let kind = match (kind, of_id, self.actors.get(id)) {
            (Some(k), Some(f), _) if k != f => {
                return Err(format!("id {id:?} is a {f} id, not a {k}"));
            }
            (Some(k), _, _) => k,
            (None, Some(f), _) => f,
            (None, None, Some((_, k))) => *k,
            (None, None, None) => {
                return Err(format!(
                    "id {id:?}: give a kind, or use an id of the form ABC, per/…, org/…, loc/… or grp/…"
                ))
            }
        };
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(format!("id {id:?} is empty or contains whitespace"));
        }
        let key: Arc<str> = match self.actors.get_key_value(id) {
            Some((k, _)) => k.clone(),
            None => Arc::from(id),
        };
        let entry = self
            .actors
            .entry(key.clone())
            .or_insert_with(|| (id.to_string(), kind));
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
            entry.0 = name.to_string();
        }
        entry.1 = kind;
        Ok(key)
    }

    fn add_alias(&mut self, alias: &str, id: &Arc<str>, role: ActorRole, short: bool) {
        let senses = self.senses.entry(alias_key(alias)).or_default();
        if !senses.iter().any(|s| s.id == *id) {
            senses.push(Sense {
                id: id.clone(),
                role,
                short,
            });
        }
    }

    /// Extends the dictionary from a user file, CSV (a header with `alias`,
    /// `id` and optionally `name`, `kind`, `role`) or JSONL (objects with
    /// those keys), chosen by the extension `.jsonl`/`.json` or else CSV.
    /// A user alias **replaces** every built-in sense of that alias (so
    /// "China" can be coded as the party); a name given for an id renames
    /// it. Returns the number of rows read.
    ///
    /// ```
    /// use stancetag_pipeline::resolve::Dictionary;
    /// let dir = std::env::temp_dir().join(format!("stancetag-doc-actors-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("actors.csv");
    /// std::fs::write(&path, "alias,id,name,kind\nBlue House,KOR,,\nWashington,USA,,\n").unwrap();
    /// let mut d = (*Dictionary::builtin()).clone();
    /// assert_eq!(d.extend_from_file(&path).unwrap(), 2);
    /// assert_eq!(d.lookup("Blue House"), ["KOR"]);
    /// assert_eq!(d.lookup("Washington"), ["USA"]); // no longer ambiguous
    /// ```
    pub fn extend_from_file(&mut self, path: &Path) -> Result<usize> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Actors(format!("cannot read {}: {e}", path.display())))?;
        let rows = if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("jsonl" | "json")
        ) {
            user_rows_jsonl(&text, path)?
        } else {
            user_rows_csv(&text, path)?
        };
        let mut replaced: HashSet<String> = HashSet::new();
        for (line, row) in &rows {
            let at = |msg: String| Error::Actors(format!("{}:{line}: {msg}", path.display()));
            if row.alias.trim().is_empty() || row.id.trim().is_empty() {
                return Err(at("`alias` and `id` must not be empty".into()));
            }
            let kind = row
                .kind
                .as_deref()
                .filter(|k| !k.trim().is_empty())
                .map(str::parse)
                .transpose()
                .map_err(at)?;
            let role = match row.role.as_deref().map(str::trim) {
                None | Some("") | Some("name") => ActorRole::Name,
                Some("capital") => ActorRole::Capital,
                Some("demonym") => ActorRole::Demonym,
                Some(other) => {
                    return Err(at(format!(
                        "unknown role {other:?} (expected name, capital or demonym)"
                    )))
                }
            };
            let id = self
                .add_actor(&row.id, row.name.as_deref(), kind)
                .map_err(at)?;
            let key = alias_key(&row.alias);
            if replaced.insert(key.clone()) {
                self.senses.remove(&key);
            }
            self.add_alias(&row.alias, &id, role, false);
        }
        self.sources
            .push(format!("{} ({} rows)", path.display(), rows.len()));
        Ok(rows.len())
    }
}

/// One row of a user dictionary.
#[derive(serde::Deserialize)]
struct UserRow {
    alias: String,
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

fn user_rows_csv(text: &str, path: &Path) -> Result<Vec<(usize, UserRow)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.deserialize::<UserRow>() {
        let row = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::Actors(format!(
                "{}:{line}: {e} (expected a header `alias,id,name,kind[,role]`)",
                path.display()
            ))
        })?;
        rows.push((rows.len() + 2, row));
    }
    Ok(rows)
}

fn user_rows_jsonl(text: &str, path: &Path) -> Result<Vec<(usize, UserRow)>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: UserRow = serde_json::from_str(line).map_err(|e| {
            Error::Actors(format!(
                "{}:{}: {e} (expected {{\"alias\", \"id\", \"name\", \"kind\"}})",
                path.display(),
                i + 1
            ))
        })?;
        rows.push((i + 1, row));
    }
    Ok(rows)
}

/// What step 1–3 made of one mention.
#[derive(Debug, Clone)]
enum Res {
    Known(Arc<str>, ActorRole),
    Open(Vec<Sense>),
    Local(ActorKind),
    Nothing,
}

/// Resolves the mentions of documents with one dictionary.
#[derive(Debug, Clone)]
pub struct Resolver {
    dict: Arc<Dictionary>,
}

/// Is `s` written like an acronym ("DPRK", "CNAS", "G-77")?
fn is_acronym(s: &str) -> bool {
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    (2..=12).contains(&s.chars().count())
        && upper >= 2
        && !s.chars().any(|c| c.is_lowercase() || c.is_whitespace())
}

/// Lower-cased title words inside a person mention or just before it.
fn title_of(text: &str, span: Span) -> Option<String> {
    let mention = clean_mention(&text[span.range()]);
    let stripped = strip_titles(&mention);
    if stripped.len() < mention.len() {
        return Some(
            mention[..mention.len() - stripped.len()]
                .trim()
                .to_lowercase(),
        );
    }
    let before: Vec<&str> = text[..span.start]
        .split_whitespace()
        .rev()
        .take(3)
        .collect();
    let mut title: Vec<String> = Vec::new();
    for w in before {
        let w = w.trim_end_matches('.').to_lowercase();
        if TITLE_WORDS.contains(&w.as_str()) {
            title.push(w);
        } else {
            break;
        }
    }
    (!title.is_empty()).then(|| {
        title.reverse();
        title.join(" ")
    })
}

/// Union-find over mention indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut j = i;
        while self.0[j] != r {
            let next = self.0[j];
            self.0[j] = r;
            j = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

impl Resolver {
    /// A resolver with this dictionary.
    pub fn new(dict: Arc<Dictionary>) -> Resolver {
        Resolver { dict }
    }

    /// The dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Dictionary senses of a surface form (steps 1's fallbacks included).
    fn senses(&self, surface: &str, person: bool) -> Vec<Sense> {
        let keep = |s: &Sense| {
            let kind = self.dict.actors.get(&s.id).map(|(_, k)| *k);
            person == (kind == Some(ActorKind::Person))
        };
        let exact = |text: &str| -> Vec<Sense> {
            self.dict
                .senses
                .get(&alias_key(text))
                .map(|v| v.iter().filter(|s| keep(s)).cloned().collect())
                .unwrap_or_default()
        };
        let found = exact(surface);
        if !found.is_empty() || person {
            return found;
        }
        let cleaned = clean_mention(surface);
        // A plural demonym: "South Koreans".
        if let Some(singular) = cleaned.strip_suffix('s') {
            let found: Vec<Sense> = exact(singular)
                .into_iter()
                .filter(|s| s.role == ActorRole::Demonym)
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        // The parts of a hyphenated word: "anti-Japanese", "Japanese-made"
        // (not short forms: "cross-Straits" is no place).
        if cleaned.contains('-') && !cleaned.contains(' ') {
            let mut found: Vec<Sense> = Vec::new();
            for part in cleaned.split('-') {
                for mut s in exact(part).into_iter().filter(|s| !s.short) {
                    if !found.iter().any(|f| f.id == s.id) {
                        if s.role == ActorRole::Name {
                            s.role = ActorRole::Demonym;
                        }
                        found.push(s);
                    }
                }
            }
            return found;
        }
        Vec::new()
    }

    /// Sets `actor` and `candidates` of every entity and target of `doc`.
    pub fn resolve(&self, doc: &mut TaggedDocument) {
        let n = doc.entities.len();
        let surfaces: Vec<String> = doc
            .entities
            .iter()
            .map(|e| {
                let cleaned = clean_mention(doc.slice(e.span));
                if is_person(&e.label) {
                    strip_titles(&cleaned).to_string()
                } else {
                    cleaned
                }
            })
            .collect();
        let keys: Vec<String> = surfaces.iter().map(|s| alias_key(s)).collect();

        // 1. Dictionary.
        let mut res: Vec<Res> = doc
            .entities
            .iter()
            .zip(&surfaces)
            .map(|(e, surface)| {
                let person = is_person(&e.label);
                let senses = self.senses(surface, person);
                match senses.as_slice() {
                    [s] if !s.short => Res::Known(s.id.clone(), s.role),
                    [] => match local_kind(&e.label) {
                        Some(kind) => Res::Local(kind),
                        None => Res::Nothing,
                    },
                    _ => Res::Open(senses),
                }
            })
            .collect();

        // 2. Acronyms defined in the text: "A (B)".
        let mut sets = Sets((0..n).collect());
        let mut acronym: Vec<bool> = vec![false; n];
        let mut defined: HashMap<String, Res> = HashMap::new();
        for i in 1..n {
            let (a, b) = (&doc.entities[i - 1], &doc.entities[i]);
            if a.sentence != b.sentence || a.span.end > b.span.start {
                continue;
            }
            let between = doc.text[a.span.end..b.span.start].trim();
            let after = doc.text[b.span.end..].trim_start();
            if between != "(" || !after.starts_with(')') {
                continue;
            }
            let (sa, sb) = (&surfaces[i - 1], &surfaces[i]);
            if !(is_acronym(sa) || is_acronym(sb)) {
                continue;
            }
            match (res[i - 1].clone(), res[i].clone()) {
                (Res::Known(..), Res::Known(..)) => {}
                (known @ Res::Known(..), _) => {
                    defined.insert(keys[i].clone(), known.clone());
                    res[i] = known;
                }
                (_, known @ Res::Known(..)) => {
                    defined.insert(keys[i - 1].clone(), known.clone());
                    res[i - 1] = known;
                }
                (Res::Local(ka), Res::Local(kb)) if ka == kb => {
                    sets.union(i - 1, i);
                    acronym[i - 1] = is_acronym(sa);
                    acronym[i] = is_acronym(sb);
                }
                _ => {}
            }
        }
        for i in 0..n {
            if !matches!(res[i], Res::Known(..)) {
                if let Some(known) = defined.get(&keys[i]) {
                    res[i] = known.clone();
                }
            }
        }

        // 3. Ambiguity, from what the document names unambiguously.
        let supported: HashSet<Arc<str>> = res
            .iter()
            .filter_map(|r| match r {
                Res::Known(id, _) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let mut candidates: Vec<Vec<String>> = vec![Vec::new(); n];
        for i in 0..n {
            if let Res::Open(senses) = &res[i] {
                let hits: Vec<&Sense> = senses
                    .iter()
                    .filter(|s| supported.contains(&s.id))
                    .collect();
                let distinct: HashSet<&Arc<str>> = hits.iter().map(|s| &s.id).collect();
                if distinct.len() == 1 {
                    res[i] = Res::Known(hits[0].id.clone(), hits[0].role);
                } else {
                    for s in senses {
                        if !candidates[i].iter().any(|c| **c == *s.id) {
                            candidates[i].push(s.id.to_string());
                        }
                    }
                    res[i] = Res::Nothing;
                }
            }
        }

        // 4.–5. Local actors: group same keys, then persons and short organisation names.
        let mut first_of_key: HashMap<(ActorKind, String), usize> = HashMap::new();
        for i in 0..n {
            if let Res::Local(kind) = res[i] {
                let group_key = match kind {
                    ActorKind::Person => {
                        let mut words: Vec<String> = surfaces[i]
                            .to_lowercase()
                            .split(' ')
                            .map(str::to_string)
                            .collect();
                        words.sort();
                        words.join(" ")
                    }
                    _ => keys[i].clone(),
                };
                match first_of_key.get(&(kind, group_key.clone())) {
                    Some(&j) => sets.union(j, i),
                    None => {
                        first_of_key.insert((kind, group_key), i);
                    }
                }
            }
        }
        self.merge_short_persons(doc, &surfaces, &res, &mut sets, &mut candidates);
        merge_short_organisations(&keys, &res, &mut sets);

        // Ids and names of the local groups.
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in res.iter().enumerate() {
            if matches!(r, Res::Local(_)) && candidates[i].is_empty() {
                groups.entry(sets.find(i)).or_default().push(i);
            }
        }
        let mut local: HashMap<usize, ActorLink> = HashMap::new();
        for members in groups.values() {
            let Res::Local(kind) = res[members[0]] else {
                continue;
            };
            let longest = |pick: &dyn Fn(usize) -> bool| {
                members
                    .iter()
                    .copied()
                    .filter(|&m| pick(m))
                    .fold(None, |best: Option<usize>, m| match best {
                        Some(b) if surfaces[b].chars().count() >= surfaces[m].chars().count() => {
                            Some(b)
                        }
                        _ => Some(m),
                    })
            };
            let name_of = longest(&|m| !acronym[m]).or_else(|| longest(&|_| true));
            let id_of = longest(&|m| acronym[m]).or(name_of);
            let (Some(name_of), Some(id_of)) = (name_of, id_of) else {
                continue;
            };
            let tail = slug(&surfaces[id_of]);
            let link = ActorLink {
                id: format!(
                    "{}/{}",
                    kind.prefix().unwrap_or("org"),
                    if tail.is_empty() { "x".into() } else { tail }
                ),
                name: surfaces[name_of].clone(),
                kind,
                role: ActorRole::Name,
            };
            for &m in members {
                local.insert(m, link.clone());
            }
        }

        for i in 0..n {
            let e = &mut doc.entities[i];
            e.actor = match &res[i] {
                Res::Known(id, role) => Some(self.link(id, *role)),
                Res::Local(_) => local.get(&i).cloned(),
                Res::Open(_) | Res::Nothing => None,
            };
            e.candidates = std::mem::take(&mut candidates[i]);
        }
        self.resolve_targets(doc, &keys, &supported);
    }

    fn link(&self, id: &Arc<str>, role: ActorRole) -> ActorLink {
        let (name, kind) = self.dict.actors.get(id).cloned().unwrap_or_else(|| {
            (
                id.to_string(),
                ActorKind::of_id(id).unwrap_or(ActorKind::Organisation),
            )
        });
        ActorLink {
            id: id.to_string(),
            name,
            kind,
            role,
        }
    }

    /// Step 4: a one-word person name into the one longer name it fits,
    /// deciding between several by title, then by salience.
    fn merge_short_persons(
        &self,
        doc: &TaggedDocument,
        surfaces: &[String],
        res: &[Res],
        sets: &mut Sets,
        candidates: &mut [Vec<String>],
    ) {
        let persons: Vec<usize> = (0..res.len())
            .filter(|&i| matches!(res[i], Res::Local(ActorKind::Person)))
            .collect();
        let words = |i: usize| -> Vec<String> {
            surfaces[i]
                .to_lowercase()
                .split(' ')
                .map(str::to_string)
                .collect()
        };
        // Long names: one representative per group.
        let mut long: Vec<usize> = Vec::new();
        for &i in &persons {
            if words(i).len() > 1 && !long.iter().any(|&l| sets.find(l) == sets.find(i)) {
                long.push(i);
            }
        }
        let titles: Vec<Option<String>> = (0..res.len())
            .map(|i| {
                persons
                    .contains(&i)
                    .then(|| title_of(&doc.text, doc.entities[i].span))
                    .flatten()
            })
            .collect();
        let mut pending: Vec<(usize, Vec<usize>)> = Vec::new();
        for &i in &persons {
            let w = words(i);
            if w.len() != 1 {
                continue;
            }
            let fits: Vec<usize> = long
                .iter()
                .copied()
                .filter(|&l| {
                    let lw = words(l);
                    lw.first() == Some(&w[0]) || lw.last() == Some(&w[0])
                })
                .collect();
            match fits.as_slice() {
                [] => {}
                [l] => sets.union(*l, i),
                _ => pending.push((i, fits)),
            }
        }
        // Several fit: the title, then salience.
        let mut undecided = Vec::new();
        for (i, fits) in pending {
            let Some(t) = &titles[i] else {
                undecided.push((i, fits));
                continue;
            };
            let with_title: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|&l| {
                    let root = sets.find(l);
                    persons
                        .iter()
                        .any(|&m| m != i && sets.find(m) == root && titles[m].as_ref() == Some(t))
                })
                .collect();
            match with_title.as_slice() {
                [l] => sets.union(*l, i),
                _ => undecided.push((i, fits)),
            }
        }
        for (i, fits) in undecided {
            let mut counts: Vec<(usize, usize)> = fits
                .iter()
                .map(|&l| {
                    let root = sets.find(l);
                    (persons.iter().filter(|&&m| sets.find(m) == root).count(), l)
                })
                .collect();
            counts.sort_by_key(|a| std::cmp::Reverse(a.0));
            if counts[0].0 >= 2 * counts[1].0 {
                sets.union(counts[0].1, i);
            } else {
                candidates[i] = fits
                    .iter()
                    .map(|&l| format!("per/{}", slug(&surfaces[l])))
                    .collect();
            }
        }
    }

    /// Targets: the actor of the entity with the same span, else the dictionary.
    fn resolve_targets(
        &self,
        doc: &mut TaggedDocument,
        keys: &[String],
        supported: &HashSet<Arc<str>>,
    ) {
        let Some(targets) = doc.targets.as_mut() else {
            return;
        };
        for t in targets.iter_mut() {
            if let Some(e) = doc.entities.iter().find(|e| e.span == t.span) {
                t.actor = e.actor.clone();
                t.candidates = e.candidates.clone();
                continue;
            }
            let text = &doc.text[t.span.range()];
            let senses = self.senses(text, false);
            let key = alias_key(text);
            let hits: Vec<&Sense> = senses
                .iter()
                .filter(|s| senses.len() == 1 && !s.short || supported.contains(&s.id))
                .collect();
            if let [s] = hits.as_slice() {
                t.actor = Some(self.link(&s.id, s.role));
            } else if !senses.is_empty() {
                t.candidates = senses.iter().map(|s| s.id.to_string()).collect();
                t.candidates.dedup();
            } else if let Some(i) = keys.iter().position(|k| *k == key) {
                t.actor = doc.entities[i].actor.clone();
            }
        }
    }
}

/// Step 5: an organisation name whose words are an ordered part of exactly
/// one longer organisation name of the document joins it.
fn merge_short_organisations(keys: &[String], res: &[Res], sets: &mut Sets) {
    let orgs: Vec<usize> = (0..res.len())
        .filter(|&i| matches!(res[i], Res::Local(ActorKind::Organisation)))
        .collect();
    let is_part = |short: &str, long: &str| {
        let mut long = long.split(' ');
        short.split(' ').all(|w| long.any(|l| l == w))
    };
    for &i in &orgs {
        let mut fits: Vec<usize> = Vec::new();
        for &j in &orgs {
            if keys[j].split(' ').count() > keys[i].split(' ').count()
                && is_part(&keys[i], &keys[j])
                && !fits.iter().any(|&f| keys[f] == keys[j])
            {
                fits.push(j);
            }
        }
        if let [j] = fits.as_slice() {
            sets.union(*j, i);
        }
    }
}

fn is_person(label: &str) -> bool {
    matches!(label, "PER" | "PERSON")
}

fn local_kind(label: &str) -> Option<ActorKind> {
    match label {
        "PER" | "PERSON" => Some(ActorKind::Person),
        "ORG" => Some(ActorKind::Organisation),
        "LOC" | "GPE" | "FAC" => Some(ActorKind::Place),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancetag_core::{Document, Entity};

    /// A one-sentence-per-line document whose mentions are written `[text|LABEL]`.
    fn doc(marked: &str) -> TaggedDocument {
        let mut text = String::new();
        let mut entities = Vec::new();
        for (s, line) in marked.lines().enumerate() {
            if s > 0 {
                text.push(' ');
            }
            let mut rest = line;
            while let Some(open) = rest.find('[') {
                text.push_str(&rest[..open]);
                let close = rest[open..].find(']').unwrap() + open;
                let (mention, label) = rest[open + 1..close].rsplit_once('|').unwrap();
                let start = text.len();
                text.push_str(mention);
                entities.push(Entity::new(Span::new(start, text.len()), label, s));
                rest = &rest[close + 1..];
            }
            text.push_str(rest);
        }
        let mut doc = TaggedDocument::from(Document::new("d", text));
        doc.entities = entities;
        Resolver::new(Dictionary::builtin()).resolve(&mut doc);
        doc
    }

    fn ids(doc: &TaggedDocument) -> Vec<String> {
        doc.entities
            .iter()
            .map(|e| match &e.actor {
                Some(a) => a.id.clone(),
                None if e.candidates.is_empty() => "-".into(),
                None => format!("?{}", e.candidates.join(",")),
            })
            .collect()
    }

    #[test]
    fn builtin_dictionary_parses_and_is_large() {
        let d = Dictionary::builtin();
        assert_eq!(
            (d.actors(), d.aliases()),
            (379, 1605),
            "update data/README.md when this changes"
        );
        for (alias, id) in [
            ("US", "USA"),
            ("U.S.", "USA"),
            ("United States", "USA"),
            ("America", "USA"),
            ("DPRK", "PRK"),
            ("Democratic People’s Republic of Korea", "PRK"),
            ("ROK", "KOR"),
            ("PRC", "CHN"),
            ("ROC", "TWN"),
            ("Tokyo", "JPN"),
            ("Taipei", "TWN"),
            ("Moscow", "RUS"),
            ("Japanese", "JPN"),
            ("South Korean", "KOR"),
            ("UN", "org/un"),
            ("KMT", "org/kmt"),
            ("Soviet Union", "SUN"),
        ] {
            assert_eq!(d.lookup(alias), [id], "{alias}");
        }
    }

    #[test]
    fn variants_of_one_country_are_one_actor() {
        let d = doc("[US|LOC] and [U.S.|LOC] and [United States|LOC] and [Washington|LOC] and [Americans|MISC].");
        assert_eq!(ids(&d), ["USA"; 5]);
        assert_eq!(
            d.entities[3].actor.as_ref().unwrap().role,
            ActorRole::Capital
        );
        assert_eq!(
            d.entities[4].actor.as_ref().unwrap().role,
            ActorRole::Demonym
        );
    }

    #[test]
    fn ambiguous_names_need_the_document() {
        // "Washington" alone: the capital or the state; nothing tells.
        assert_eq!(
            ids(&doc("[Washington|LOC] voted.")),
            ["?USA,loc/washington-state"]
        );
        assert_eq!(ids(&doc("[Georgia|LOC] voted.")), ["?GEO,loc/georgia-us"]);
        assert_eq!(
            ids(&doc("[Tbilisi|LOC] said [Georgia|LOC] voted.")),
            ["GEO", "GEO"]
        );
        // Short forms need the full name.
        assert_eq!(ids(&doc("[the North|LOC] fired.")), ["?PRK"]);
        assert_eq!(
            ids(&doc("[South Korea|LOC] and [Korea|LOC].")),
            ["KOR", "KOR"]
        );
    }

    #[test]
    fn persons_merge_by_title_order_and_salience() {
        let d =
            doc("[Fukuda Yasuo|PER] met [Yasuo Fukuda|PER].\nPrime Minister [Fukuda|PER] left.");
        assert_eq!(ids(&d), ["per/fukuda-yasuo"; 3]);
        let d = doc("[Lee Myung-bak|PER] spoke.\n[Lee Myung-bak|PER] again.\nPresident [Lee Myung-bak|PER].\n[Lee Sang-duk|PER] went.\n[Lee|PER] said.\nPresident [Lee|PER] said.");
        assert_eq!(&ids(&d)[4..], ["per/lee-myung-bak", "per/lee-myung-bak"]);
        let d = doc("[Kim Jong-il|PER] and [Kim Dae-jung|PER] met; [Kim|PER] spoke.");
        assert_eq!(ids(&d)[2], "?per/kim-jong-il,per/kim-dae-jung");
    }

    #[test]
    fn acronyms_defined_in_the_text() {
        let d = doc(
            "The [Center for a New American Security|ORG] ([CNAS|ORG]) said.\n[CNAS|ORG] again.",
        );
        assert_eq!(ids(&d), ["org/cnas"; 3]);
        assert_eq!(
            d.entities[0].actor.as_ref().unwrap().name,
            "Center for a New American Security"
        );
        let d = doc("The [People's Democratic Republic of Korea|ORG] ([DPRK|ORG]) joined.");
        assert_eq!(ids(&d), ["PRK", "PRK"]);
    }

    #[test]
    fn short_organisation_names_and_unknown_misc() {
        let d = doc(
            "[Asiana Airlines|ORG] flew.\n[Asiana|ORG] landed after the [Six-Party Talks|MISC].",
        );
        assert_eq!(ids(&d), ["org/asiana-airlines", "org/asiana-airlines", "-"]);
        let d = doc("[anti-Japanese|MISC] and [Japanese-made|MISC] goods; [South Koreans|MISC].");
        assert_eq!(ids(&d), ["JPN", "JPN", "KOR"]);
    }

    #[test]
    fn user_dictionary_overrides_and_reports_bad_rows() {
        let dir = std::env::temp_dir().join(format!("stancetag-actors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.jsonl");
        std::fs::write(&path, "{\"alias\":\"China\",\"id\":\"org/cpc\"}\n{\"alias\":\"Blue House\",\"id\":\"KOR\",\"role\":\"capital\"}\n").unwrap();
        let mut d = (*Dictionary::builtin()).clone();
        assert_eq!(d.extend_from_file(&path).unwrap(), 2);
        assert_eq!(d.lookup("China"), ["org/cpc"]);
        let bad = dir.join("b.csv");
        std::fs::write(&bad, "alias,id,name,kind\nBlue House,blue house,,\n").unwrap();
        let err = d.extend_from_file(&bad).unwrap_err().to_string();
        assert!(err.contains("b.csv:2:"), "{err}");
    }
}
