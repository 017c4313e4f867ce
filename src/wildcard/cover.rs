//! Whether one pattern covers another, bit-parallel over the covered
//! pattern's tokens.

use super::Token;
use super::index::{Index, Set, WORDS, range_word};
use crate::text::fold_char;

/// A pattern indexed to be tested for cover by many others, on the stack
/// (about 16 KB): made once, and refilled for each pattern tested.
pub(crate) struct Covered {
    index: Index,
    /// The positions that `?` produces: every one but the stars.
    not_star: Set,
    /// Whether `index` holds the pattern now tested.
    filled: bool,
}

impl Covered {
    /// An index that holds no pattern yet.
    pub(crate) fn empty() -> Self {
        Covered {
            index: Index::new(),
            not_star: [0; WORDS],
            filled: false,
        }
    }

    /// Forgets the pattern held: the next test indexes its own.
    pub(crate) fn forget(&mut self) {
        self.filled = false;
    }

    /// This index holding `inner`, indexed on first use since the last
    /// [`Covered::forget`].
    pub(crate) fn holding(&mut self, inner: impl Iterator<Item = Token>) -> &Self {
        if !self.filled {
            self.index.fill(inner);
            let len = self.index.len();
            for (w, (out, star)) in self.not_star.iter_mut().zip(self.index.star()).enumerate() {
                *out = range_word(w, 0, len) & !star;
            }
            self.filled = true;
        }
        self
    }

    /// Whether `outer` can produce every string the indexed pattern can,
    /// reading its `?` as produced only by `?` or `*` and its `*` only by
    /// `*`: for each token of `outer`, one lookup and a few operations on
    /// sets of at most [`WORDS`] words.
    pub(crate) fn by(&self, outer: impl Iterator<Item = Token>) -> bool {
        let m = self.index.len();
        let words = (m + 1).div_ceil(64);
        // Bit j of `reach`: `outer`'s tokens so far can produce the first j.
        let mut reach: Set = [0; WORDS];
        reach[0] = 1;
        for token in outer {
            let mut nonzero = 0;
            match token {
                Token::Star => {
                    // A star produces any run: from the first reached on.
                    let Some(from) = lowest(&reach) else {
                        return false;
                    };
                    for (w, word) in reach.iter_mut().enumerate().take(words) {
                        *word = range_word(w, from, m + 1);
                    }
                    continue;
                }
                Token::Any => {
                    let mut carry = 0;
                    for (word, produced) in reach.iter_mut().zip(&self.not_star).take(words) {
                        let kept = *word & produced;
                        *word = (kept << 1) | carry;
                        carry = kept >> 63;
                        nonzero |= *word;
                    }
                }
                Token::Char(c) => {
                    let mut run = self.index.of(fold_char(c)).peekable();
                    let mut carry = 0;
                    for (w, word) in reach.iter_mut().enumerate().take(words) {
                        let kept = run
                            .next_if(|&(at, _)| at == w)
                            .map_or(0, |(_, bits)| *word & bits);
                        *word = (kept << 1) | carry;
                        carry = kept >> 63;
                        nonzero |= *word;
                    }
                }
            }
            if nonzero == 0 {
                return false;
            }
        }
        reach
            .get(m / 64)
            .is_some_and(|word| word & (1 << (m % 64)) != 0)
    }
}

/// The lowest position of `set`.
#[inline]
fn lowest(set: &Set) -> Option<usize> {
    set.iter()
        .enumerate()
        .find(|(_, word)| **word != 0)
        .map(|(w, word)| w * 64 + word.trailing_zeros() as usize)
}
