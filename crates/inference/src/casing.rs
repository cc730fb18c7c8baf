//! Casing classes of words: what the uncased encoder cannot see.

/// Number of casing classes, including padding (0).
pub const CASING_CLASSES: i64 = 9;

/// The casing class of a word (1..CASING_CLASSES; 0 is kept for padding and
/// special tokens).
///
/// ```
/// use stancetag_inference::casing_class;
/// assert_eq!(casing_class("tokyo"), 1);
/// assert_eq!(casing_class("Tokyo"), 2);
/// assert_eq!(casing_class("ASEAN"), 3);
/// assert_eq!(casing_class("McCain"), 5);
/// assert_eq!(casing_class("1970"), 6);
/// ```
pub fn casing_class(word: &str) -> i64 {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return 8 };
    let (mut upper, mut lower, mut digit, mut alpha) = (0, 0, 0, 0);
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
        if c.is_numeric() {
            digit += 1;
        }
        if c.is_alphabetic() {
            alpha += 1;
        }
    }
    let n = word.chars().count();
    if alpha == 0 {
        return match (digit, n) {
            (d, n) if d == n => 6,
            (d, _) if d > 0 => 7,
            _ => 8,
        };
    }
    if digit > 0 {
        return 7;
    }
    if upper == 0 {
        1
    } else if lower == 0 {
        if upper == 1 {
            4
        } else {
            3
        }
    } else if first.is_uppercase() && upper == 1 {
        2
    } else {
        5
    }
}
