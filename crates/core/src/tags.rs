//! Token tag sequences (IOB1, IOB2, BIOES, IO) turned into labelled chunks.
//!
//! [`chunks`] follows conlleval's `startOfChunk` / `endOfChunk` rules, so every
//! scheme, and ill-formed sequences such as an `I-X` after `O`, are read
//! exactly as conlleval reads them.

/// A labelled run of tokens `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity type, e.g. `PER`.
    pub label: String,
}

/// Splits a tag into its prefix (`B`, `I`, `E`, `S`, `O`) and type.
fn split(tag: &str) -> (&str, &str) {
    match tag.split_once('-') {
        Some((p, t)) if p.len() == 1 => (p, t),
        _ if tag == "O" => ("O", ""),
        // A bare type with no prefix counts as inside (IO scheme).
        _ => ("I", tag),
    }
}

fn end_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, typ: &str) -> bool {
    matches!(
        (prev_tag, tag),
        ("B", "B")
            | ("B", "S")
            | ("B", "O")
            | ("I", "B")
            | ("I", "S")
            | ("I", "O")
            | ("E", _)
            | ("S", _)
    ) || (prev_tag != "O" && prev_tag != "." && prev_type != typ)
}

fn start_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, typ: &str) -> bool {
    matches!(
        (prev_tag, tag),
        ("B", "B")
            | ("I", "B")
            | ("O", "B")
            | ("S", "B")
            | ("E", "B")
            | ("E", "E")
            | ("E", "I")
            | ("O", "E")
            | ("O", "I")
            | ("S", "E")
            | ("S", "I")
    ) || tag == "S"
        || (tag != "O" && tag != "." && prev_type != typ)
}

/// The chunks of a tag sequence, read with conlleval's rules.
///
/// ```
/// use stancetag_core::tags::chunks;
/// // IOB1: a B- only separates two adjacent chunks of one type.
/// let c = chunks(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]);
/// assert_eq!(c.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>(), [(0, 2), (3, 4), (4, 5)]);
/// // Ill-formed IOB2: an I- after O starts a chunk.
/// assert_eq!(chunks(&["O", "I-ORG"])[0].label, "ORG");
/// ```
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let (mut prev_tag, mut prev_type) = ("O", "");
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (t, typ) = split(tag.as_ref());
        if let Some((s, label)) = open {
            if end_of_chunk(prev_tag, t, prev_type, typ) {
                out.push(Chunk {
                    start: s,
                    end: i,
                    label: label.to_string(),
                });
                open = None;
            }
        }
        if start_of_chunk(prev_tag, t, prev_type, typ) {
            open = Some((i, typ));
        }
        prev_tag = t;
        prev_type = typ;
    }
    if let Some((s, label)) = open {
        out.push(Chunk {
            start: s,
            end: tags.len(),
            label: label.to_string(),
        });
    }
    out
}

/// IOB2 tags (`B-X`, `I-X`, `O`) for chunks over `len` tokens.
///
/// ```
/// use stancetag_core::tags::{chunks, iob2};
/// let tags = ["S-PER", "O", "B-ORG", "E-ORG"];
/// assert_eq!(iob2(&chunks(&tags), 4), ["B-PER", "O", "B-ORG", "I-ORG"]);
/// ```
pub fn iob2(chunks: &[Chunk], len: usize) -> Vec<String> {
    let mut tags = vec!["O".to_string(); len];
    for c in chunks {
        for (k, tag) in tags[c.start..c.end].iter_mut().enumerate() {
            *tag = format!("{}-{}", if k == 0 { "B" } else { "I" }, c.label);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
        chunks(tags)
            .into_iter()
            .map(|c| (c.start, c.end, c.label))
            .collect()
    }

    #[test]
    fn iob2_sequences() {
        assert_eq!(
            spans(&["B-PER", "I-PER", "B-PER", "O", "B-LOC"]),
            [
                (0, 2, "PER".into()),
                (2, 3, "PER".into()),
                (4, 5, "LOC".into())
            ]
        );
    }

    #[test]
    fn bioes_sequences() {
        assert_eq!(
            spans(&["S-LOC", "B-ORG", "I-ORG", "E-ORG", "S-LOC", "S-LOC"]),
            [
                (0, 1, "LOC".into()),
                (1, 4, "ORG".into()),
                (4, 5, "LOC".into()),
                (5, 6, "LOC".into())
            ]
        );
    }

    #[test]
    fn io_and_type_changes() {
        // IO: a type change splits; same type runs merge.
        assert_eq!(
            spans(&["PER", "PER", "LOC", "O", "LOC"]),
            [
                (0, 2, "PER".into()),
                (2, 3, "LOC".into()),
                (4, 5, "LOC".into())
            ]
        );
        // An I-X after S-X (ill-formed BIOES) starts a new chunk.
        assert_eq!(
            spans(&["S-PER", "I-PER"]),
            [(0, 1, "PER".into()), (1, 2, "PER".into())]
        );
        // I-X after B-Y starts a new chunk of type X.
        assert_eq!(
            spans(&["B-PER", "I-LOC"]),
            [(0, 1, "PER".into()), (1, 2, "LOC".into())]
        );
    }
}
