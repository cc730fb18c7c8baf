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

/// Converts ordered byte offsets of one text to character offsets in one
/// forward pass.
pub(crate) struct CharCounter<'t> {
    bytes: &'t [u8],
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharCounter {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of byte offset `byte`, which must not be smaller
    /// than the previous call's.
    #[inline]
    pub(crate) fn chars_to(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte);
        self.chars += self.bytes[self.byte..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        self.byte = byte;
        self.chars
    }
}

/// Converts ordered, non-overlapping byte ranges to character spans.
pub(crate) fn to_char_spans(text: &str, bytes: &[(usize, usize)]) -> Vec<Span> {
    if text.is_ascii() {
        return bytes.iter().map(|&(a, z)| Span::new(a, z)).collect();
    }
    let mut counter = CharCounter::new(text);
    bytes
        .iter()
        .map(|&(a, z)| {
            let start = counter.chars_to(a);
            Span::new(start, counter.chars_to(z))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_forward() {
        let s = "¥1,000 作者 x";
        let mut c = CharCounter::new(s);
        assert_eq!(c.chars_to(0), 0);
        assert_eq!(c.chars_to(2), 1);
        assert_eq!(c.chars_to(s.len()), s.chars().count());
    }

    #[test]
    fn trims_unicode_space() {
        let s = "\u{3000} a b\u{a0}\n";
        let (a, b) = trim_range(s, 0, s.len());
        assert_eq!(&s[a..b], "a b");
        assert_eq!(skip_space(s, 0, s.len()), s.find('a').unwrap());
    }
}
