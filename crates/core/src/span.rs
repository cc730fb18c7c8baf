use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of **byte** offsets into a document's
/// original text, on character boundaries: `&text[span.range()]` is its text.
///
/// Every stage works in bytes; records on disk count characters, converted
/// once per document at the edge (see [`crate::wire`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First character of the span.
    pub start: usize,
    /// One past the last character of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` (inclusive) to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The span as a range, to slice the text with.
    ///
    /// ```
    /// use stancetag_core::Span;
    /// let text = "作者 Seoul";
    /// assert_eq!(&text[Span::new(7, 12).range()], "Seoul");
    /// ```
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The words `[first, last + 1)` of `words` (ordered spans) that overlap
    /// this span; `None` when none does.
    ///
    /// ```
    /// use stancetag_core::Span;
    /// let words = [Span::new(0, 5), Span::new(6, 11), Span::new(12, 18)];
    /// assert_eq!(Span::new(3, 8).word_range(&words), Some((0, 2)));
    /// assert_eq!(Span::new(11, 12).word_range(&words), None);
    /// ```
    pub fn word_range(&self, words: &[Span]) -> Option<(usize, usize)> {
        let first = words.iter().position(|w| w.end > self.start)?;
        let last = words.iter().rposition(|w| w.start < self.end)?;
        (first <= last).then_some((first, last + 1))
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Converts between byte offsets and character offsets of one text.
///
/// Rust strings are indexed by bytes; stancetag's records count characters,
/// so that offsets mean the same in Python or any tool that counts code
/// points. Only [`crate::wire`] and the readers of user targets use it. Building the index is O(n) once; each lookup is
/// O(log n) (or O(1) for ASCII-only texts).
///
/// ```
/// use stancetag_core::CharIndex;
/// let text = "¥1,000 trillion";
/// let idx = CharIndex::new(text);
/// assert_eq!(idx.char_of_byte(2), 1); // '¥' is two bytes
/// assert_eq!(idx.byte_of_char(1), 2);
/// assert_eq!(idx.slice(text, 1, 6), "1,000");
/// ```
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// (byte offset, char offset, byte length) of every non-ASCII character,
    /// in order; empty for ASCII text.
    wide: Vec<(usize, usize, usize)>,
    chars: usize,
}

impl CharIndex {
    /// Index `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut wide = Vec::new();
        let mut chars = 0;
        for (b, c) in text.char_indices() {
            if !c.is_ascii() {
                wide.push((b, chars, c.len_utf8()));
            }
            chars += 1;
        }
        CharIndex { wide, chars }
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Character offset of a byte offset that falls on a character boundary
    /// (or the end of the text).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.wide.partition_point(|&(b, _, _)| b < byte) {
            0 => byte,
            n => {
                let (b, c, len) = self.wide[n - 1];
                c + 1 + (byte - b - len)
            }
        }
    }

    /// Byte offset of a character offset (`char_len()` maps to the text's length).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        match self.wide.partition_point(|&(_, c, _)| c < ch) {
            0 => ch,
            n => {
                let (b, c, len) = self.wide[n - 1];
                b + len + (ch - c - 1)
            }
        }
    }

    /// The text of a character span.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        &text[self.byte_of_char(start)..self.byte_of_char(end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_on_mixed_text() {
        let text = "a¥b 作者: Xiu “x” ok";
        let idx = CharIndex::new(text);
        assert_eq!(idx.char_len(), text.chars().count());
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of_byte(b), ci);
            assert_eq!(idx.byte_of_char(ci), b);
        }
        assert_eq!(idx.char_of_byte(text.len()), idx.char_len());
        assert_eq!(idx.byte_of_char(idx.char_len()), text.len());
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        assert!(a.overlaps(&Span::new(4, 6)));
        assert!(!a.overlaps(&Span::new(5, 6)));
        assert!(a.contains(&Span::new(1, 5)));
        assert_eq!(a.len(), 5);
    }
}
