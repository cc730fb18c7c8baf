//! A CoNLL-2003 / Penn-Treebank-like word tokenizer.

use crate::abbrev;
use crate::text::to_spans;
use stancetag_core::Span;

/// Splits `text` into word tokens, as byte spans of `text`.
///
/// Tokenization follows CoNLL-2003 (Penn Treebank) conventions, the tokens
/// the NER model was trained on:
///
/// * whitespace separates tokens; `, ; : ( ) [ ] { } " “ ” ‘ ’ ? !` are
///   tokens of their own (a comma or colon between digits stays: `1,000`, `10:30`);
/// * abbreviations keep their period (`U.S.`, `Mr.`, `e.g.`, `W.`); any other
///   final period is split off; decimals (`9.4`), URLs and e-mail addresses
///   stay one token; currency signs are split from amounts (`$ 9.4`);
/// * clitics are split: `Korea 's`, `do n't`, `I 'm`;
/// * a hyphen between two capitalised parts is split (`Japan - North`,
///   `Tokyo - Pyongyang`), other hyphenated words stay whole (`Myung-bak`,
///   `Jong-il`, `well-known`);
/// * Markdown markers (`**`, `*`, `###`, `_`) are tokens of their own.
///
/// ```
/// use stancetag_preprocess::words;
///
/// let text = "**Japan-North Korea:** the U.S. didn't pay $9.4 trillion.";
/// let tokens: Vec<&str> = words(text).iter().map(|s| &text[s.range()]).collect();
/// assert_eq!(
///     tokens,
///     ["**", "Japan", "-", "North", "Korea", ":", "**", "the", "U.S.", "did", "n't", "pay",
///      "$", "9.4", "trillion", "."]
/// );
/// ```
pub fn words(text: &str) -> Vec<Span> {
    let mut bytes = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                chunk(text, a, i, &mut bytes);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        chunk(text, a, text.len(), &mut bytes);
    }
    to_spans(&bytes)
}

/// Punctuation that is always a token of its own.
fn always_split(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '‘'
            | ';'
            | '?'
            | '!'
            | '«'
            | '»'
            | '…'
            | '–'
            | '—'
            | '|'
    )
}

/// Markdown marker characters: a run of one is one token.
fn marker(c: char) -> bool {
    matches!(c, '*' | '#' | '_')
}

const LEADING: &[char] = &['(', '[', '{', '"', '“', '‘', '\'', '<', '*', '_', '«'];
const TRAILING: &[char] = &[
    ')', ']', '}', '"', '”', '’', '\'', '>', ',', ';', ':', '.', '!', '?', '*', '_', '»',
];

/// Tokenizes one whitespace-free chunk `s[a..z]`.
fn chunk(s: &str, a: usize, z: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &s[a..z];
    // URLs and e-mail addresses, with punctuation around them split off.
    let core = piece.trim_start_matches(LEADING);
    let lead = piece.len() - core.len();
    let core = core.trim_end_matches(TRAILING);
    if is_url_or_email(core) {
        let (ca, cz) = (a + lead, a + lead + core.len());
        generic(s, a, ca, out);
        out.push((ca, cz));
        generic(s, cz, z, out);
        return;
    }
    generic(s, a, z, out);
}

fn is_url_or_email(w: &str) -> bool {
    let lower_prefix =
        |p: &str| w.len() > p.len() && w.get(..p.len()).is_some_and(|x| x.eq_ignore_ascii_case(p));
    if lower_prefix("http://") || lower_prefix("https://") || lower_prefix("www.") {
        return true;
    }
    if w.contains("://") {
        return true;
    }
    match w.find('@') {
        Some(at) => at > 0 && w[at + 1..].contains('.') && !w.ends_with('.'),
        None => false,
    }
}

/// Splits always-split punctuation, markers and dashes; hands words to [`word`].
fn generic(s: &str, a: usize, z: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &s[a..z];
    let b = piece.as_bytes();
    let mut word_start = 0;
    let mut it = piece.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let prev = piece[..i].chars().next_back();
        let split_len = if always_split(c) {
            Some(c.len_utf8())
        } else if marker(c) && (i == word_start || at_word_end(next)) {
            // A run of `*`, `#` or `_` at a word's edge.
            let run = piece[i..].bytes().take_while(|&x| x == b[i]).count();
            Some(run)
        } else if c == ',' || c == ':' {
            let between_digits = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            (!between_digits).then_some(1)
        } else if c == '-' && next == Some('-') {
            Some(piece[i..].bytes().take_while(|&x| x == b'-').count())
        } else if (c == '\'' || c == '’') && (i == word_start || at_word_end(next)) {
            // A quote at a word's edge; inside a word it is an apostrophe.
            Some(c.len_utf8())
        } else {
            None
        };
        if let Some(len) = split_len {
            word(s, a + word_start, a + i, out);
            out.push((a + i, a + i + len));
            word_start = i + len;
            while it.peek().is_some_and(|&(j, _)| j < word_start) {
                it.next();
            }
        }
    }
    word(s, a + word_start, z, out);
}

/// True at a word's end: no next character, or one that is not a letter or digit.
fn at_word_end(next: Option<char>) -> bool {
    next.is_none_or(|c| !c.is_alphanumeric())
}

/// Tokenizes a word without always-split punctuation: periods, currency,
/// per cent, clitics and hyphens.
fn word(s: &str, mut a: usize, mut z: usize, out: &mut Vec<(usize, usize)>) {
    if a >= z {
        return;
    }
    // Currency before an amount: `$9.4`, `\$1.1`, `¥1,000`.
    let w = &s[a..z];
    let sign = w.strip_prefix('\\').unwrap_or(w);
    if let Some(c) = sign.chars().next() {
        if matches!(c, '$' | '¥' | '€' | '£')
            && sign[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        {
            let end = a + (w.len() - sign.len()) + c.len_utf8();
            out.push((a, end));
            a = end;
        }
    }
    // Trailing periods and per cent, pushed after the rest.
    let mut tail = [(0, 0); 2];
    let mut tails = 0;
    let w = &s[a..z];
    let dots = w.len() - w.trim_end_matches('.').len();
    if dots >= 2 || (dots == 1 && w.len() == 1) {
        tail[tails] = (z - dots, z);
        tails += 1;
        z -= dots;
    } else if dots == 1 {
        let base = &w[..w.len() - 1];
        if !keeps_period(base) {
            tail[tails] = (z - 1, z);
            tails += 1;
            z -= 1;
        }
    }
    let w = &s[a..z];
    if w.len() > 1 && w.ends_with('%') && w[..w.len() - 1].ends_with(|c: char| c.is_ascii_digit()) {
        tail[tails] = (z - 1, z);
        tails += 1;
        z -= 1;
    }
    // Clitics.
    let w = &s[a..z];
    if let Some(n) = clitic_len(w) {
        hyphens(s, a, z - n, out);
        out.push((z - n, z));
    } else {
        hyphens(s, a, z, out);
    }
    out.extend(tail[..tails].iter().rev());
}

/// Does a word keep its final period? (`base` is the word without it.)
fn keeps_period(base: &str) -> bool {
    if base.is_empty() {
        return false;
    }
    if abbrev::keeps_period(base) {
        return true;
    }
    // Dotted forms not in the lists: `U.K`, `N.Y.C`.
    base.contains('.')
        && base
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(char::is_alphabetic))
}

/// Byte length of a clitic at the end of `w` (`'s`, `n't`, `'re`, ...).
fn clitic_len(w: &str) -> Option<usize> {
    let (rest, apos_len) = ['\'', '’'].iter().find_map(|&apos| {
        let i = w.rfind(apos)?;
        Some((&w[i..], apos.len_utf8()))
    })?;
    let after = &rest[apos_len..];
    let before = &w[..w.len() - rest.len()];
    let after_lower = |x: &str| after.eq_ignore_ascii_case(x);
    if after_lower("t") && before.len() > 1 && before.ends_with(['n', 'N']) {
        return Some(rest.len() + 1);
    }
    let is_clitic = ["s", "m", "d", "re", "ve", "ll"]
        .iter()
        .any(|c| after_lower(c));
    (is_clitic && !before.is_empty()).then_some(rest.len())
}

/// Splits a hyphen between two capitalised parts (`Japan-North`), keeps others.
fn hyphens(s: &str, a: usize, z: usize, out: &mut Vec<(usize, usize)>) {
    if a >= z {
        return;
    }
    let w = &s[a..z];
    if !w.contains('-') {
        out.push((a, z));
        return;
    }
    let capitalised = |p: &str| p.chars().next().is_some_and(char::is_uppercase);
    let mut tok_start = a;
    let mut part_start = a;
    for (i, _) in w.match_indices('-') {
        let part = &w[part_start - a..i];
        let rest = &w[i + 1..];
        let next_part = rest.split('-').next().unwrap_or("");
        if capitalised(part) && capitalised(next_part) {
            if tok_start < a + i {
                out.push((tok_start, a + i));
            }
            out.push((a + i, a + i + 1));
            tok_start = a + i + 1;
        }
        part_start = a + i + 1;
    }
    if tok_start < z {
        out.push((tok_start, z));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        words(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn punctuation_is_split_from_words() {
        assert_eq!(
            toks("Yes, (really) [1]: “quoted” ‘single’ ok? no!"),
            [
                "Yes", ",", "(", "really", ")", "[", "1", "]", ":", "“", "quoted", "”", "‘",
                "single", "’", "ok", "?", "no", "!"
            ]
        );
    }

    #[test]
    fn abbreviations_keep_their_period_and_others_lose_it() {
        assert_eq!(
            toks("Mr. Lee went to the U.S."),
            ["Mr.", "Lee", "went", "to", "the", "U.S."]
        );
        assert_eq!(
            toks("e.g. this, i.e. that."),
            ["e.g.", "this", ",", "i.e.", "that", "."]
        );
        assert_eq!(
            toks("George W. Bush left Asia."),
            ["George", "W.", "Bush", "left", "Asia", "."]
        );
        assert_eq!(
            toks("the U.K. and Jan. 5"),
            ["the", "U.K.", "and", "Jan.", "5"]
        );
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            toks("¥1,000 trillion (\\$9.4 trillion), 7,200 at 10:30 and 60%."),
            [
                "¥", "1,000", "trillion", "(", "\\$", "9.4", "trillion", ")", ",", "7,200", "at",
                "10:30", "and", "60", "%", "."
            ]
        );
        assert_eq!(toks("1,000."), ["1,000", "."]);
    }

    #[test]
    fn urls_and_emails_are_one_token() {
        assert_eq!(
            toks("See https://www.example.50.com/new-site/a_b.html. Mail Jane.Doe@example.com, (www.x.org)"),
            ["See", "https://www.example.50.com/new-site/a_b.html", ".", "Mail", "Jane.Doe@example.com", ",", "(", "www.x.org", ")"]
        );
    }

    #[test]
    fn clitics_are_split() {
        assert_eq!(
            toks("Korea's Lee's don't"),
            ["Korea", "'s", "Lee", "'s", "do", "n't"]
        );
        assert_eq!(
            toks("Japan’s I'm they've"),
            ["Japan", "’s", "I", "'m", "they", "'ve"]
        );
        assert_eq!(toks("O'Brien"), ["O'Brien"]);
    }

    #[test]
    fn hyphen_between_capitalised_parts_is_split() {
        assert_eq!(toks("Japan-North Korea"), ["Japan", "-", "North", "Korea"]);
        assert_eq!(
            toks("Tokyo-Pyongyang talks"),
            ["Tokyo", "-", "Pyongyang", "talks"]
        );
        assert_eq!(
            toks("Seoul-Washington-Tokyo"),
            ["Seoul", "-", "Washington", "-", "Tokyo"]
        );
        assert_eq!(
            toks("Myung-bak, Kim Jong-il, well-known, F-16, anti-Chinese"),
            [
                "Myung-bak",
                ",",
                "Kim",
                "Jong-il",
                ",",
                "well-known",
                ",",
                "F-16",
                ",",
                "anti-Chinese"
            ]
        );
        assert_eq!(toks("Fukuda-Lee's"), ["Fukuda", "-", "Lee", "'s"]);
    }

    #[test]
    fn markdown_markers_are_tokens() {
        assert_eq!(
            toks("### **Japan relations** *Asahi Shimbun* **April 4, 2008:**"),
            [
                "###",
                "**",
                "Japan",
                "relations",
                "**",
                "*",
                "Asahi",
                "Shimbun",
                "*",
                "**",
                "April",
                "4",
                ",",
                "2008",
                ":",
                "**"
            ]
        );
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(toks("Tokyo – Seoul"), ["Tokyo", "–", "Seoul"]);
        assert_eq!(
            toks("term--the end..."),
            ["term", "--", "the", "end", "..."]
        );
        assert_eq!(toks("wait…"), ["wait", "…"]);
    }

    #[test]
    fn offsets_are_bytes_of_the_given_text() {
        let text = "作者: Xiu";
        assert_eq!(
            words(text),
            [Span::new(0, 6), Span::new(6, 7), Span::new(8, 11)]
        );
    }
}
