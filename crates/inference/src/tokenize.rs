//! Words to word pieces, with the map back from pieces to words.

use crate::casing::casing_class;
use crate::error::{Error, Result};
use std::path::Path;
use tokenizers::Tokenizer;

/// A sentence's words encoded for the encoder.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    /// Word-piece ids, with `[CLS]` first and `[SEP]` last.
    pub ids: Vec<i64>,
    /// Casing class of the word each piece belongs to (0 for special tokens).
    pub casing: Vec<i64>,
    /// For each word, the index of its first piece in `ids`.
    pub first_piece: Vec<usize>,
    /// For each piece, the word it belongs to (`None` for special tokens).
    pub word_of_piece: Vec<Option<usize>>,
}

impl Encoded {
    /// Number of pieces, special tokens included.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no pieces.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The encoder's word-piece tokenizer (Hugging Face `tokenizers`, from the
/// model's `tokenizer.json`), with padding and truncation turned off:
/// batches are padded by the caller, long sentences are windowed.
#[derive(Clone)]
pub struct WordPieces {
    tokenizer: Tokenizer,
    cls: i64,
    sep: i64,
}

impl WordPieces {
    /// Load `tokenizer.json`.
    pub fn from_file(path: &Path) -> Result<WordPieces> {
        let file_err = |source| Error::TokenizerFile {
            path: path.to_path_buf(),
            source,
        };
        let mut tokenizer = Tokenizer::from_file(path).map_err(file_err)?;
        tokenizer.with_padding(None);
        tokenizer.with_truncation(None).map_err(file_err)?;
        let id = |token: &'static str| {
            tokenizer
                .token_to_id(token)
                .map(i64::from)
                .ok_or_else(|| Error::MissingToken {
                    path: path.to_path_buf(),
                    token,
                })
        };
        let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);
        Ok(WordPieces {
            tokenizer,
            cls,
            sep,
        })
    }

    /// Write the tokenizer as `tokenizer.json`.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.tokenizer
            .save(path, false)
            .map_err(|source| Error::TokenizerFile {
                path: path.to_path_buf(),
                source,
            })
    }

    /// Encode a sentence given as words. A word that yields no piece (a
    /// control character, say) is given `[UNK]`'s place by pointing at the
    /// next piece, so every word has a first piece.
    pub fn encode(&self, words: &[&str]) -> Result<Encoded> {
        let enc = self
            .tokenizer
            .encode(words, false)
            .map_err(Error::Tokenize)?;
        let mut out = Encoded {
            ids: Vec::with_capacity(enc.len() + 2),
            casing: Vec::with_capacity(enc.len() + 2),
            first_piece: vec![usize::MAX; words.len()],
            word_of_piece: Vec::with_capacity(enc.len() + 2),
        };
        out.ids.push(self.cls);
        out.casing.push(0);
        out.word_of_piece.push(None);
        let cases: Vec<i64> = words.iter().map(|w| casing_class(w)).collect();
        for (&id, w) in enc.get_ids().iter().zip(enc.get_word_ids()) {
            let w = w.map(|w| w as usize);
            if let Some(w) = w {
                if out.first_piece[w] == usize::MAX {
                    out.first_piece[w] = out.ids.len();
                }
            }
            out.ids.push(i64::from(id));
            out.casing.push(w.map_or(0, |w| cases[w]));
            out.word_of_piece.push(w);
        }
        out.ids.push(self.sep);
        out.casing.push(0);
        out.word_of_piece.push(None);
        // Words with no piece share the next word's first piece (or [SEP]).
        let mut next = out.ids.len() - 1;
        for fp in out.first_piece.iter_mut().rev() {
            if *fp == usize::MAX {
                *fp = next;
            } else {
                next = *fp;
            }
        }
        Ok(out)
    }
}
