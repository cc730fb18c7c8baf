//! The rule-based sentence splitter.
//!
//! Two passes over the original text, both on byte offsets:
//!
//! 1. **Lines to blocks.** Each line is classified (heading, table or
//!    metadata row, list item, title-like line, how it ends). Lines are
//!    joined into blocks that no sentence may cross: a blank line ends a
//!    block unless it is a page-break artefact inside a sentence; a single
//!    newline does not, unless the lines are headings, list items, rows,
//!    Markdown hard breaks, a title line, or a run of short unpunctuated lines.
//! 2. **Stops inside a block.** Every `.`, `!`, `?`, `…` and CJK stop is a
//!    candidate; closing quotes, brackets, emphasis markers and footnote
//!    markers after it belong to the sentence. Whether it ends a sentence
//!    depends on the word before it (abbreviation, initial, number) and on the
//!    word after it (case, typical sentence openers). Run-in numbered or
//!    lettered lists (`1. first 2. second`) and bullets start new units.

use crate::abbrev::{self, Abbrev};
use crate::text::{char_at, char_before, skip_space, space_at, trim_range};

/// Appends the trimmed byte ranges of the sentences of `text` to `out`.
pub(crate) fn split_bytes(text: &str, out: &mut Vec<(usize, usize)>) {
    let mut blocks = Blocks {
        s: text,
        out,
        cur: None,
        prev_last: None,
    };
    let mut para: Vec<Line> = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        match Line::analyze(text, pos, end) {
            Some(line) => para.push(line),
            None => {
                if !para.is_empty() {
                    blocks.paragraph(&para);
                    para.clear();
                }
            }
        }
        pos = end + 1;
    }
    if !para.is_empty() {
        blocks.paragraph(&para);
    }
    blocks.close();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    Other,
}

fn case_of(c: char) -> Case {
    if c.is_ascii_digit() {
        Case::Digit
    } else if c.is_lowercase() {
        Case::Lower
    } else if c.is_uppercase() {
        Case::Upper
    } else {
        Case::Other
    }
}

/// How a line ends, after closing quotes, brackets and footnote markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// `.`, `!`, `?`, `…` or a CJK stop.
    Terminal,
    /// `:` or `;`.
    Colon,
    /// `,`.
    Comma,
    /// A word broken by a hyphen (`develop-`).
    Hyphen,
    /// A letter or digit.
    Word,
    /// Anything else.
    Other,
}

/// One non-blank line.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// First non-whitespace byte.
    start: usize,
    /// One past the last non-whitespace byte.
    end: usize,
    /// A Markdown ATX heading (`## Title`).
    heading: bool,
    /// A table or metadata row (`a | b | c`).
    table: bool,
    /// Starts a list item, a footnote entry or a bold label (`**April 4:**`).
    item: bool,
    /// Ends in a Markdown hard line break (two spaces or a backslash).
    hard_break: bool,
    /// How the line ends.
    ends: End,
    /// The last word is a function word (`the`, `of`, `to`).
    ends_function_word: bool,
    /// Number of words, counted up to 13.
    words: usize,
    /// Case of the first letter or digit.
    first: Case,
    /// Short, capitalised, without final punctuation: a title or byline.
    title_like: bool,
}

/// Lower-case words allowed inside a title.
const TITLE_SMALL: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "de", "for", "from", "in", "into", "of", "on", "or",
    "over", "per", "the", "to", "vs", "via", "with",
];

const OPENERS: &[char] = &[
    '"', '\'', '“', '‘', '(', '[', '*', '_', '#', '«', '¿', '¡', '`',
];
const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '}', '*', '_', '”', '’', '»', '›', '」', '』', '）',
];

impl Line {
    fn analyze(s: &str, start: usize, end: usize) -> Option<Line> {
        let raw = &s[start..end];
        let (cs, ce) = trim_range(s, start, end);
        if cs == ce {
            return None;
        }
        let content = &s[cs..ce];
        let cb = content.as_bytes();
        let raw_trail = raw.trim_end_matches('\r');
        let hard_break = raw_trail.ends_with("  ") || raw_trail.ends_with('\\');

        let hashes = cb.iter().take_while(|&&c| c == b'#').count();
        let heading = (1..=6).contains(&hashes) && cb.get(hashes).is_none_or(|&c| c == b' ');
        let table = cb[0] == b'|' || content.contains(" | ");
        let item = starts_item(content);

        let mut words = 0;
        let mut title_like = true;
        for w in content.split_whitespace() {
            words += 1;
            if words > 12 {
                title_like = false;
                words = 13;
                break;
            }
            if title_like {
                let w = w.trim_start_matches(OPENERS);
                if let Some(c) = w.chars().next() {
                    if c.is_lowercase() {
                        let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                        title_like = TITLE_SMALL.contains(&core);
                    }
                }
            }
        }

        let first = content
            .trim_start_matches(OPENERS)
            .chars()
            .find(|c| c.is_alphanumeric())
            .map_or(Case::Other, case_of);

        let tail = strip_closers(content);
        let last = tail.chars().next_back();
        let ends = match last {
            Some('.' | '!' | '?' | '…' | '。' | '！' | '？') => End::Terminal,
            Some(':' | ';') => End::Colon,
            Some(',') => End::Comma,
            Some('-') if char_before(tail, tail.len() - 1).is_some_and(char::is_alphabetic) => {
                End::Hyphen
            }
            Some(c) if c.is_alphanumeric() => End::Word,
            _ => End::Other,
        };
        let last_word = tail
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let ends_function_word = ends == End::Word && abbrev::is_function_word(last_word);
        let title_like = title_like
            && matches!(first, Case::Upper | Case::Digit)
            && !matches!(ends, End::Terminal | End::Comma | End::Hyphen)
            && !ends_function_word;
        Some(Line {
            start: cs,
            end: ce,
            heading,
            table,
            item,
            hard_break,
            ends,
            ends_function_word,
            words,
            first,
            title_like,
        })
    }

    /// Ends a paragraph that may continue after a page break.
    fn is_short_unpunctuated(&self) -> bool {
        self.words <= 5 && matches!(self.ends, End::Word | End::Other)
    }
}

/// `content` without closing quotes, brackets, emphasis and footnote markers at its end.
fn strip_closers(content: &str) -> &str {
    let mut t = content;
    loop {
        let before = t.len();
        t = t.trim_end_matches(CLOSERS);
        if let Some(open) = t
            .strip_suffix(']')
            .and_then(|r| r.rfind('[').map(|i| (r, i)))
        {
            let (r, i) = open;
            let inner = &r[i + 1..];
            if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
                t = &r[..i];
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// True if a line (trimmed) starts a list item, footnote entry or bold label.
fn starts_item(content: &str) -> bool {
    let b = content.as_bytes();
    if bullet_len(content, 0).is_some() {
        return true;
    }
    if marker_at(content, 0, content.len()).is_some() {
        return true;
    }
    if footnote_at(b, 0, b.len()).is_some() {
        return true;
    }
    // **Label:** text
    if let Some(rest) = content.strip_prefix("**") {
        if let Some(close) = rest.find("**") {
            let label = &rest[..close];
            let after = &rest[close + 2..];
            return close <= 80 && (label.ends_with(':') || after.starts_with(':'));
        }
    }
    false
}

/// Byte length of a bullet (with the space after `-`, `*` or `+`) at `i`.
fn bullet_len(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match *b.get(i)? {
        b'-' | b'*' | b'+' => (b.get(i + 1) == Some(&b' ')).then_some(2),
        0xe2 => match char_at(s, i)? {
            c @ ('•' | '‣' | '⁃' | '◦' | '▪' | '▸' | '►') => Some(c.len_utf8()),
            _ => None,
        },
        _ => None,
    }
}

/// A list marker at `i`: one or two digits or one letter, then `.`, `)` or
/// `.)`, then whitespace. Returns (value, is a letter, offset after it).
fn marker_at(s: &str, i: usize, end: usize) -> Option<(u32, bool, usize)> {
    let b = &s.as_bytes()[..end];
    let mut j = i;
    let mut value = 0u32;
    while j < b.len() && j - i < 3 && b[j].is_ascii_digit() {
        value = value * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    let letter = j == i;
    let mut upper = false;
    if letter {
        let c = *b.get(j)?;
        if !c.is_ascii_alphabetic() {
            return None;
        }
        upper = c.is_ascii_uppercase();
        value = u32::from(c.to_ascii_lowercase());
        j += 1;
    } else if j - i > 2 {
        return None;
    }
    let dot = match b.get(j)? {
        b'.' => {
            j += 1;
            if b.get(j) == Some(&b')') {
                j += 1;
            }
            true
        }
        b')' => {
            j += 1;
            false
        }
        _ => return None,
    };
    if letter && upper && dot {
        // `A. Noel`: an initial, not a list marker.
        return None;
    }
    space_at(s, j)?;
    Some((value, letter, j))
}

/// A footnote marker `[12]` (with optional digits after it, `[3]2`) at `i`;
/// returns the offset after it.
fn footnote_at(b: &[u8], i: usize, end: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = i + 1;
    while j < end && j - i <= 3 && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == i + 1 || j >= end || b[j] != b']' {
        return None;
    }
    j += 1;
    while j < end && j - i <= 8 && b[j].is_ascii_digit() {
        j += 1;
    }
    Some(j)
}

/// Groups lines into blocks and hands each block to the scanner.
struct Blocks<'t, 'o> {
    s: &'t str,
    out: &'o mut Vec<(usize, usize)>,
    /// The open block: (start, end, is a heading).
    cur: Option<(usize, usize, bool)>,
    /// Last line of the previous paragraph, if it may continue.
    prev_last: Option<Line>,
}

impl Blocks<'_, '_> {
    fn paragraph(&mut self, para: &[Line]) {
        let list_like = para.len() >= 2 && para.iter().all(Line::is_short_unpunctuated);
        let first = &para[0];
        let joins = match &self.prev_last {
            Some(prev) => !structural_break(prev, first) && continues(prev, first),
            None => false,
        };
        if joins {
            if let Some(cur) = &mut self.cur {
                cur.1 = first.end;
            }
        } else {
            self.close();
            self.cur = Some((first.start, first.end, first.heading));
        }
        for pair in para.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let brk = list_like
                || structural_break(a, b)
                || a.hard_break
                || (a.title_like && b.first != Case::Lower);
            if brk {
                self.close();
                self.cur = Some((b.start, b.end, b.heading));
            } else if let Some(cur) = &mut self.cur {
                cur.1 = b.end;
            }
        }
        let last = para[para.len() - 1];
        self.prev_last = (!list_like).then_some(last);
    }

    fn close(&mut self) {
        if let Some((start, end, heading)) = self.cur.take() {
            if heading {
                self.out.push(trim_range(self.s, start, end));
            } else {
                Scanner::new(self.s, end, self.out).scan(start);
            }
        }
    }
}

/// A break between two lines whatever the whitespace between them.
fn structural_break(a: &Line, b: &Line) -> bool {
    a.heading || b.heading || a.table || b.table || b.item
}

/// True if the paragraph ending in `a` continues in the one starting with
/// `b`: a sentence broken by a page break.
fn continues(a: &Line, b: &Line) -> bool {
    if a.title_like {
        return false;
    }
    match a.ends {
        End::Hyphen | End::Comma => b.first == Case::Lower,
        End::Word => {
            (a.ends_function_word && matches!(b.first, Case::Lower | Case::Upper))
                || (b.first == Case::Lower && a.words >= 8)
        }
        _ => false,
    }
}

/// State of a run-in list: the marker expected next.
#[derive(Debug, Clone, Copy)]
struct List {
    next: u32,
    letter: bool,
}

/// Finds sentence ends inside one block.
struct Scanner<'t, 'o> {
    s: &'t str,
    b: &'t [u8],
    end: usize,
    /// Start of the current sentence.
    seg: usize,
    list: Option<List>,
    out: &'o mut Vec<(usize, usize)>,
}

/// What follows a candidate stop.
struct Next<'t> {
    case: Case,
    /// The ASCII letters of the next word (`Mr` for `Mr.`), for word lists.
    word: &'t str,
}

impl<'t, 'o> Scanner<'t, 'o> {
    fn new(s: &'t str, end: usize, out: &'o mut Vec<(usize, usize)>) -> Self {
        Scanner {
            s,
            b: s.as_bytes(),
            end,
            seg: 0,
            list: None,
            out,
        }
    }

    fn scan(mut self, start: usize) {
        self.seg = start;
        let mut i = self.sentence_start(start);
        while i < self.end {
            i = match self.b[i] {
                b'.' | b'!' | b'?' => self.stop(i),
                0xe2 => match char_at(self.s, i) {
                    Some('…') => self.stop(i),
                    Some('•' | '‣' | '⁃' | '◦' | '▪' | '▸' | '►') => self.bullet(i),
                    _ => i + 1,
                },
                0xe3 | 0xef => match char_at(self.s, i) {
                    Some('。' | '！' | '？' | '．') => self.stop(i),
                    _ => i + 1,
                },
                b'-' | b'_' | b'=' | b'*' | b'~' if i > 0 && space_at(self.s, i - 1).is_some() => {
                    self.separator(i)
                }
                b' ' | b'\t' | b'\n' | b'\r' if self.list.is_some() => self.list_item(i),
                _ => i + 1,
            };
        }
        self.push(self.seg, self.end);
    }

    fn push(&mut self, start: usize, end: usize) {
        let (a, z) = trim_range(self.s, start, end);
        if a < z {
            self.out.push((a, z));
        }
    }

    /// Ends the current sentence at `end`; the next one starts at `next`.
    fn cut(&mut self, end: usize, next: usize) -> usize {
        self.push(self.seg, end);
        self.seg = next;
        self.sentence_start(next)
    }

    /// Skips a bullet and a list marker at the start of a sentence; returns
    /// where scanning goes on.
    fn sentence_start(&mut self, p: usize) -> usize {
        let mut q = p;
        if let Some(n) = bullet_len(self.s, q) {
            q = skip_space(self.s, q + n, self.end);
        }
        match marker_at(self.s, q, self.end) {
            Some((value, letter, after)) => {
                self.list = Some(List {
                    next: value + 1,
                    letter,
                });
                after
            }
            None => q,
        }
    }

    /// Whitespace at `i` inside a run-in list: does the next item start after it?
    fn list_item(&mut self, i: usize) -> usize {
        if let Some(list) = self.list {
            if let Some((value, letter, _)) = marker_at(self.s, i + 1, self.end) {
                if value == list.next && letter == list.letter {
                    return self.cut(i, i + 1);
                }
            }
        }
        i + 1
    }

    /// A separator standing alone is a unit of its own.
    fn separator(&mut self, i: usize) -> usize {
        match separator_at(self.s, i, self.end) {
            Some(after) => {
                if i > self.seg {
                    self.push(self.seg, i);
                }
                self.seg = i;
                let next = skip_space(self.s, after, self.end);
                self.cut(after, next)
            }
            None => i + 1,
        }
    }

    /// A bullet inside a block starts a new unit.
    fn bullet(&mut self, i: usize) -> usize {
        let len = bullet_len(self.s, i).unwrap_or(1);
        if i > self.seg && char_before(self.s, i).is_some_and(char::is_whitespace) {
            return self.cut(i, i);
        }
        i + len
    }

    /// A candidate stop at `t0`; returns where scanning goes on.
    fn stop(&mut self, t0: usize) -> usize {
        let (s, b, end) = (self.s, self.b, self.end);
        let mut j = t0;
        let mut dots = 0;
        let mut bang = false;
        let mut cjk = false;
        let mut spaced = false;
        while j < end {
            match b[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'!' | b'?' => {
                    bang = true;
                    j += 1;
                }
                b' ' if dots > 0
                    && !bang
                    && b.get(j + 1) == Some(&b'.')
                    && (j + 2 >= end
                        || matches!(b[j + 2], b' ' | b'.' | b'\n' | b'\r' | b'"')
                        || char_at(s, j + 2).is_some_and(|c| CLOSERS.contains(&c))) =>
                {
                    spaced = true;
                    j += 1;
                }
                0xe2 if s[j..].starts_with('…') => {
                    dots += 3;
                    j += '…'.len_utf8();
                }
                0xe3 | 0xef => match char_at(s, j) {
                    Some(c @ ('。' | '！' | '？' | '．')) => {
                        cjk = true;
                        j += c.len_utf8();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        if j == t0 {
            return t0 + 1;
        }
        // Closing quotes, brackets, emphasis and footnote markers.
        let mut k = j;
        while k < end {
            if let Some(a) = footnote_at(b, k, end) {
                k = a;
                continue;
            }
            match char_at(s, k) {
                Some(c) if CLOSERS.contains(&c) => k += c.len_utf8(),
                _ => break,
            }
        }
        if k >= end {
            return end;
        }
        if space_at(s, k).is_none() {
            if cjk || (dots == 1 && !bang && k == j && self.missing_space(t0, k)) {
                return self.cut(k, k);
            }
            return j;
        }
        let closed = k > j;
        let mut n = skip_space(s, k, end);
        // A footnote marker, a lone closing bracket or quote, or an emoticon
        // after the space still belongs to this sentence (same line only).
        while n < end && !b[k..n].contains(&b'\n') {
            match trailing_token(s, n, end) {
                Some(a) => {
                    k = a;
                    n = skip_space(s, a, end);
                }
                None => break,
            }
        }
        if n >= end {
            return end;
        }
        let boundary = cjk || self.decide(t0, dots, bang, spaced, closed, n);
        if boundary {
            self.cut(k, n)
        } else {
            k
        }
    }

    /// `world.Today`: a period between a lower-case word and a capitalised
    /// one, with no space, outside URLs, e-mail addresses and dotted names.
    fn missing_space(&self, t0: usize, k: usize) -> bool {
        let b = self.b;
        if !(k + 1 < self.end && b[k].is_ascii_uppercase() && b[k + 1].is_ascii_lowercase()) {
            return false;
        }
        if t0 == 0 || !(b[t0 - 1].is_ascii_lowercase() || b[t0 - 1].is_ascii_digit()) {
            return false;
        }
        let ts = self.token_start(t0);
        let mut te = k;
        while te < self.end && space_at(self.s, te).is_none() {
            te += 1;
        }
        let before = &b[ts..t0];
        let after = &b[k..te];
        let dotted_after = after
            .windows(2)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphanumeric());
        let tld = after
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .map(u8::to_ascii_lowercase)
            .collect::<Vec<u8>>();
        let domain = matches!(
            tld.as_slice(),
            b"com" | b"org" | b"net" | b"edu" | b"gov" | b"info" | b"biz"
        );
        !domain
            && !before.contains(&b'.')
            && !before.contains(&b'@')
            && !after.contains(&b'@')
            && !before.contains(&b'/')
            && !after.contains(&b'/')
            && !dotted_after
    }

    /// Start of the whitespace-delimited token that ends at `i`.
    fn token_start(&self, i: usize) -> usize {
        let mut ts = i;
        while ts > self.seg {
            match char_before(self.s, ts) {
                Some(c) if !c.is_whitespace() => ts -= c.len_utf8(),
                _ => break,
            }
        }
        ts
    }

    /// The word before the token starting at `ts`, if any.
    fn word_before(&self, ts: usize) -> &'t str {
        let s = self.s;
        let mut e = ts;
        while e > self.seg {
            match char_before(s, e) {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            }
        }
        let start = self.token_start(e);
        s[start..e].trim_matches(|c: char| !c.is_alphanumeric())
    }

    fn next_word(&self, n: usize) -> Next<'t> {
        let rest = self.s[n..self.end].trim_start_matches(OPENERS);
        let Some(c) = rest.chars().next() else {
            return Next {
                case: Case::Other,
                word: "",
            };
        };
        let len = rest
            .bytes()
            .position(|b| !b.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        Next {
            case: case_of(c),
            word: &rest[..len],
        }
    }

    /// Does the stop at `t0` (with `dots` periods, `?`/`!` if `bang`) end a
    /// sentence, given that the next sentence would start at `n`?
    fn decide(
        &self,
        t0: usize,
        dots: usize,
        bang: bool,
        spaced: bool,
        closed: bool,
        n: usize,
    ) -> bool {
        let next = self.next_word(n);
        if next.case == Case::Other && matches!(self.b[n], b',' | b';' | b':') {
            // No sentence starts with a comma.
            return false;
        }
        let not_lower = next.case != Case::Lower;
        let ts = self.token_start(t0);
        let word = self.s[ts..t0]
            .trim_start_matches(OPENERS)
            .trim_end_matches(CLOSERS);
        if bang {
            if not_lower {
                return true;
            }
            // Lower case after `?`, `!!` or a lower-case word and `!` (web
            // text); `Yahoo! in ...` stays one sentence.
            let question = self.b[t0..n].contains(&b'?');
            let lower_word = word.chars().next().is_none_or(char::is_lowercase);
            return !closed && (question || self.b[t0..n].starts_with(b"!!") || lower_word);
        }
        if dots >= 2 {
            if matches!(char_before(self.s, t0), Some('[' | '(')) {
                // `[...]`: an omission inside a quotation.
                return false;
            }
            if spaced {
                return dots >= 4 && not_lower;
            }
            if dots >= 4 {
                return not_lower;
            }
            return next.case == Case::Upper;
        }
        if word.is_empty() {
            return not_lower;
        }
        // A lower-case start after an ordinary word or a number and a bare
        // period (web text): `... don't tell val. the following weekend`.
        let lower_start = next.case == Case::Lower && !closed;
        if is_number(word) {
            return not_lower || lower_start;
        }
        let upper = next.case == Case::Upper;
        match abbrev::classify(word) {
            Abbrev::None => match next.case {
                Case::Upper | Case::Other => true,
                Case::Digit => is_lower_word(word),
                Case::Lower => lower_start && word.chars().nth(1).is_some(),
            },
            Abbrev::Prepositive | Abbrev::Inner => false,
            Abbrev::Initial => {
                let pronoun = word == "I"
                    && self
                        .word_before(ts)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase);
                if pronoun {
                    upper || next.case == Case::Other
                } else {
                    upper && abbrev::is_starter(next.word)
                }
            }
            Abbrev::BeforeNumber | Abbrev::Ambiguous => upper && abbrev::is_starter(next.word),
            Abbrev::Final => upper,
            Abbrev::Time => {
                upper
                    && (abbrev::is_starter(next.word)
                        || abbrev::classify(next.word) == Abbrev::Prepositive)
                    && !self.fronted_adverbial(ts)
            }
        }
    }

    /// The sentence so far is a short phrase opened by a preposition
    /// (`At 5 a.m.`): what follows is its clause, not a new sentence.
    fn fronted_adverbial(&self, ts: usize) -> bool {
        let mut words = self.s[self.seg..ts].split_whitespace();
        let first = words.next().map(|w| w.trim_start_matches(OPENERS));
        first.is_some_and(abbrev::is_preposition) && words.count() <= 2
    }
}

/// A token after a stop and a space that still belongs to the sentence:
/// a footnote marker (`[4]`), a lone closing bracket or quote, or an
/// emoticon (`:)`, `:-(`, `;P`), followed by whitespace or the end.
/// Returns the offset after it.
fn trailing_token(s: &str, n: usize, end: usize) -> Option<usize> {
    let b = s.as_bytes();
    let after = if let Some(a) = footnote_at(b, n, end) {
        a
    } else if matches!(b[n], b':' | b';' | b'=') {
        let mut j = n + 1;
        if j < end && b[j] == b'-' {
            j += 1;
        }
        if j < end && matches!(b[j], b')' | b'(' | b'P' | b'p' | b'D' | b'/' | b'|') {
            j + 1
        } else {
            return None;
        }
    } else {
        match char_at(s, n)? {
            c @ (')' | ']' | '”' | '’' | '»') => n + c.len_utf8(),
            _ => return None,
        }
    };
    (after >= end || space_at(s, after).is_some()).then_some(after)
}

/// A separator (`***`, `=====`, `----`, `_____`, `~~~`) standing alone
/// at `i`; returns the offset after it.
fn separator_at(s: &str, i: usize, end: usize) -> Option<usize> {
    let b = s.as_bytes();
    let c = b[i];
    let run = b[i..end].iter().take_while(|&&x| x == c).count();
    let after = i + run;
    let min = if c == b'-' { 4 } else { 3 };
    (run >= min && (after >= end || space_at(s, after).is_some())).then_some(after)
}

/// `1,000`, `$100.00`, `\$9.4`, `¥1,000`, `2015-03-10`, `20th`.
fn is_number(word: &str) -> bool {
    word.trim_start_matches(['\\', '$', '¥', '€', '£', '+', '-', '~', '#'])
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit())
}

/// An ordinary lower-case word of two or more letters.
fn is_lower_word(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_lowercase)
}

#[cfg(test)]
mod tests;
