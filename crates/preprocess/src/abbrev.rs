//! Word lists shared by the sentence splitter and the word tokenizer.

/// What a word that ends in a period is, as far as sentence ends go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Not an abbreviation: a period after it ends a sentence.
    None,
    /// A title or other word that always precedes what it abbreviates
    /// (`Mr.`, `Dr.`, `Gen.`, `Mt.`): never ends a sentence.
    Prepositive,
    /// Never ends a sentence in practice (`e.g.`, `i.e.`, `vs.`, `cf.`).
    Inner,
    /// Usually precedes a number (`No. 4`, `p. 55`, `Fig. 3`, `Jan. 23`):
    /// ends a sentence only before a typical sentence opener.
    BeforeNumber,
    /// A time of day (`a.m.`, `P.M.`).
    Time,
    /// Often ends a sentence (`etc.`): a capitalised word after it starts a
    /// new one.
    Final,
    /// Can end a sentence or stand inside one (`U.S.`, `Co.`, `Jr.`):
    /// ends a sentence only before a typical sentence opener.
    Ambiguous,
    /// A single capital letter: an initial (`George W. Bush`).
    Initial,
}

/// Titles and other prepositive abbreviations (lower case, no period).
const PREPOSITIVE: &[&str] = &[
    "adm", "amb", "brig", "capt", "cdr", "cmdr", "col", "comdr", "cpl", "dr", "drs", "ft", "gen",
    "gov", "hon", "insp", "lt", "maj", "messrs", "mlle", "mme", "mr", "mrs", "ms", "msgr", "mt",
    "pres", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt", "surg",
];

/// Abbreviations that do not end sentences in practice.
const INNER: &[&str] = &[
    "cf", "e.g", "eg", "i.e", "ie", "p.s", "ps", "viz", "vs", "v",
];

/// Abbreviations usually followed by a number or a name.
const BEFORE_NUMBER: &[&str] = &[
    "apr", "art", "arts", "aug", "ca", "ch", "chap", "col", "dec", "ed", "eds", "feb", "fig",
    "figs", "jan", "jul", "jun", "mar", "no", "nos", "nov", "oct", "op", "p", "para", "pp", "sec",
    "sect", "sep", "sept", "tel", "vol", "vols",
];

/// Of [`BEFORE_NUMBER`], those also taken in lower case (`vol. 3`, `pp. 4-5`).
const LOWER_OK: &[&str] = &[
    "ca", "ch", "chap", "fig", "figs", "nos", "op", "para", "pp", "sec", "sect", "vol", "vols",
];

/// Abbreviations that can end a sentence or stand inside one.
const AMBIGUOUS: &[&str] = &[
    "al", "approx", "assn", "assoc", "ave", "avg", "bldg", "blvd", "bros", "cm", "co", "cont",
    "corp", "dept", "dist", "esp", "est", "ext", "ft", "gal", "govt", "hr", "hrs", "ibid", "inc",
    "incl", "intl", "jr", "kg", "km", "lb", "lbs", "ltd", "max", "mfg", "min", "mins", "misc",
    "mm", "mo", "mos", "natl", "orig", "oz", "pl", "plc", "pt", "pts", "qt", "rd", "resp", "sq",
    "sr", "ste", "tbsp", "temp", "tsp", "univ", "wk", "wks", "yr", "yrs",
];

/// Capitalised words that typically open a sentence: after an ambiguous
/// abbreviation they mark a sentence end (`... in the U.S. By June, ...`).
const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Afterwards",
    "Again",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "Are",
    "As",
    "At",
    "Because",
    "Before",
    "Being",
    "Both",
    "But",
    "By",
    "Can",
    "Consequently",
    "Despite",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Even",
    "Ever",
    "Every",
    "Finally",
    "First",
    "For",
    "Forty",
    "Furthermore",
    "Given",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "Is",
    "It",
    "Its",
    "Last",
    "Later",
    "Let",
    "Many",
    "Meanwhile",
    "More",
    "Moreover",
    "Most",
    "My",
    "Neither",
    "Nevertheless",
    "Next",
    "No",
    "Nor",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "Perhaps",
    "Please",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "Therefore",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "Unlike",
    "Until",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Within",
    "Without",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Prepositions that open a fronted adverbial (`At 5 a.m. Mr. Smith ...`).
const PREPOSITIONS: &[&str] = &[
    "about", "after", "around", "at", "before", "by", "from", "in", "on", "since", "until",
];

/// Words that cannot end a sentence: a paragraph that ends in one continues
/// after a page break.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "between", "both", "but", "by", "for", "from",
    "had", "has", "have", "in", "into", "is", "its", "nor", "of", "on", "or", "than", "that",
    "the", "their", "to", "was", "were", "which", "who", "whose", "will", "with",
];

fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

fn ascii_lower(word: &str, buf: &mut [u8; 16]) -> Option<usize> {
    let b = word.as_bytes();
    if b.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    Some(b.len())
}

/// Classify `word`, the text before a period (without the period itself and
/// without opening quotes or brackets): `U.S` for `U.S.`, `Mr` for `Mr.`.
pub(crate) fn classify(word: &str) -> Abbrev {
    let b = word.as_bytes();
    if b.is_empty() {
        return Abbrev::None;
    }
    if b.len() == 1 {
        let c = b[0];
        return if c.is_ascii_uppercase() {
            Abbrev::Initial
        } else if c == b'p' || c == b'v' {
            // p. 55, v. (versus)
            if c == b'p' {
                Abbrev::BeforeNumber
            } else {
                Abbrev::Inner
            }
        } else {
            Abbrev::None
        };
    }
    let mut buf = [0u8; 16];
    let Some(n) = ascii_lower(word, &mut buf) else {
        return Abbrev::None;
    };
    let lower = std::str::from_utf8(&buf[..n]).unwrap_or("");
    if lower == "a.m" || lower == "p.m" {
        return Abbrev::Time;
    }
    if contains(INNER, lower) {
        return Abbrev::Inner;
    }
    if lower == "etc" {
        return Abbrev::Final;
    }
    // Months and other abbreviations that look like words are taken only
    // capitalised (`Mar.`, `No.`), so `no.` or `mar.` at a sentence end stay words.
    let capitalised = b[0].is_ascii_uppercase();
    if contains(PREPOSITIVE, lower) && (capitalised || lower == "st" || lower == "mt") {
        return Abbrev::Prepositive;
    }
    if contains(BEFORE_NUMBER, lower) && (capitalised || contains(LOWER_OK, lower)) {
        return Abbrev::BeforeNumber;
    }
    if contains(AMBIGUOUS, lower) {
        return Abbrev::Ambiguous;
    }
    if is_dotted(b) {
        return Abbrev::Ambiguous;
    }
    Abbrev::None
}

/// `U.S`, `e.g`, `Ph.D`, `U.S.A`: short letter groups joined by periods.
fn is_dotted(b: &[u8]) -> bool {
    let mut groups = 0;
    for part in b.split(|&c| c == b'.') {
        if part.is_empty() || part.len() > 2 || !part.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// True for a word that typically opens a sentence (`The`, `However`, `It`).
pub(crate) fn is_starter(word: &str) -> bool {
    STARTERS.binary_search(&word).is_ok()
}

/// True for a preposition that opens a fronted adverbial.
pub(crate) fn is_preposition(word: &str) -> bool {
    let mut buf = [0u8; 16];
    match ascii_lower(word, &mut buf) {
        Some(n) => contains(PREPOSITIONS, std::str::from_utf8(&buf[..n]).unwrap_or("")),
        None => false,
    }
}

/// True for a function word that cannot end a sentence.
pub(crate) fn is_function_word(word: &str) -> bool {
    contains(FUNCTION_WORDS, word)
}

/// True if a word that ends in a period keeps the period as part of the word
/// (`U.S.`, `Mr.`, `e.g.`, `W.`), for tokenization.
pub(crate) fn keeps_period(word: &str) -> bool {
    !matches!(classify(word), Abbrev::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        let mut sorted = STARTERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STARTERS);
    }

    #[test]
    fn classifies_common_abbreviations() {
        assert_eq!(classify("Mr"), Abbrev::Prepositive);
        assert_eq!(classify("Gen"), Abbrev::Prepositive);
        assert_eq!(classify("st"), Abbrev::Prepositive);
        assert_eq!(classify("U.S"), Abbrev::Ambiguous);
        assert_eq!(classify("U.S.A"), Abbrev::Ambiguous);
        assert_eq!(classify("Ph.D"), Abbrev::Ambiguous);
        assert_eq!(classify("e.g"), Abbrev::Inner);
        assert_eq!(classify("i.e"), Abbrev::Inner);
        assert_eq!(classify("etc"), Abbrev::Final);
        assert_eq!(classify("Jan"), Abbrev::BeforeNumber);
        assert_eq!(classify("No"), Abbrev::BeforeNumber);
        assert_eq!(classify("p"), Abbrev::BeforeNumber);
        assert_eq!(classify("a.m"), Abbrev::Time);
        assert_eq!(classify("P.M"), Abbrev::Time);
        assert_eq!(classify("W"), Abbrev::Initial);
        assert_eq!(classify("Co"), Abbrev::Ambiguous);
    }

    #[test]
    fn ordinary_words_are_not_abbreviations() {
        for w in [
            "Asia",
            "world",
            "no",
            "mar",
            "dog",
            "a",
            "1,000",
            "Noes”",
            "example.com",
        ] {
            assert_eq!(classify(w), Abbrev::None, "{w}");
        }
    }
}
