//! Small byte- and character-level helpers shared by the splitter and the tokenizer.

use stancetag_core::Span;

/// The character starting at byte `i` of `s` (`i` must be a character boundary).
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// The character ending just before byte `i` of `s`.
#[inline]
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|r| r.chars().next_back())
}

/// Byte length of the whitespace character at `i`, if there is one.
#[inline]
pub(crate) fn space_at(s: &str, i: usize) -> Option<usize> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return b.is_ascii_whitespace().then_some(1);
    }
    let c = char_at(s, i)?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// First byte at or after `i` (and before `end`) that is not whitespace.
#[inline]
pub(crate) fn skip_space(s: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match space_at(s, i) {
            Some(n) => i += n,
            None => break,
        }
    }
    i
}

/// The byte range `[start, end)` with whitespace trimmed from both sides.
pub(crate) fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &s[start..end];
    let t = piece.trim_start();
    let start = start + (piece.len() - t.len());
    let t = t.trim_end();
    (start, start + t.len())
}

/// Byte ranges as spans.
pub(crate) fn to_spans(bytes: &[(usize, usize)]) -> Vec<Span> {
    bytes.iter().map(|&(a, z)| Span::new(a, z)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_unicode_space() {
        let s = "\u{3000} a b\u{a0}\n";
        let (a, b) = trim_range(s, 0, s.len());
        assert_eq!(&s[a..b], "a b");
        assert_eq!(skip_space(s, 0, s.len()), s.find('a').unwrap());
    }
}
