//! Whether one pattern covers another, bit-parallel over the covered
//! pattern's tokens.

use alloc::vec;
use alloc::vec::Vec;

use super::Token;
use crate::text::fold_char;

/// A set of positions `0..64 × words`.
type Bits = Vec<u64>;

/// A pattern indexed to be tested for cover by many others: each distinct
/// token with the positions holding it.
pub(crate) struct Covered {
    classes: Vec<(u32, Bits)>,
    /// How many tokens the pattern holds.
    len: usize,
    /// Positions that `?` produces: every one but the stars.
    not_star: Bits,
}

const STAR: u32 = u32::MAX;
const ANY: u32 = u32::MAX - 1;

impl Covered {
    pub(crate) fn new(inner: impl Iterator<Item = Token>) -> Self {
        let mut keyed: Vec<(u32, usize)> = inner
            .map(|token| match token {
                Token::Star => STAR,
                Token::Any => ANY,
                Token::Char(c) => fold_char(c),
            })
            .zip(0..)
            .collect();
        let len = keyed.len();
        let words = (len + 1).div_ceil(64);
        keyed.sort_unstable();
        let mut classes: Vec<(u32, Bits)> = Vec::new();
        for (key, position) in keyed {
            if classes.last().is_none_or(|(last, _)| *last != key) {
                classes.push((key, vec![0; words]));
            }
            if let Some(word) = classes
                .last_mut()
                .and_then(|(_, set)| set.get_mut(position / 64))
            {
                *word |= 1 << (position % 64);
            }
        }
        let mut covered = Covered {
            classes,
            len,
            not_star: Vec::new(),
        };
        let stars = covered.of(STAR, words);
        covered.not_star = (0..words)
            .map(|w| range_word(w, 0, len) & !stars.get(w).copied().unwrap_or(0))
            .collect();
        covered
    }

    fn of(&self, key: u32, words: usize) -> Bits {
        match self.classes.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self
                .classes
                .get(i)
                .map(|(_, set)| set.clone())
                .unwrap_or_default(),
            Err(_) => vec![0; words],
        }
    }

    /// Whether `outer` can produce every string this pattern can, reading
    /// its `?` as produced only by `?` or `*` and its `*` only by `*`.
    pub(crate) fn by(&self, outer: impl Iterator<Item = Token>) -> bool {
        let (m, words) = (self.len, (self.len + 1).div_ceil(64));
        // Bit j of `reach`: `outer`'s tokens so far can produce the first j.
        let mut reach: Bits = (0..words).map(|w| range_word(w, 0, 1)).collect();
        for token in outer {
            match token {
                Token::Star => {
                    let Some(from) = lowest(&reach) else {
                        return false;
                    };
                    for (w, word) in reach.iter_mut().enumerate() {
                        *word = range_word(w, from, m + 1);
                    }
                }
                Token::Any => step(&mut reach, &self.not_star),
                Token::Char(c) => step(&mut reach, &self.of(fold_char(c), words)),
            }
            if lowest(&reach).is_none() {
                return false;
            }
        }
        reach
            .get(m / 64)
            .is_some_and(|word| word & (1 << (m % 64)) != 0)
    }
}

/// `reach` becomes `(reach & produced) << 1`.
fn step(reach: &mut Bits, produced: &Bits) {
    let mut carry = 0;
    for (word, accepted) in reach.iter_mut().zip(produced) {
        let kept = *word & accepted;
        *word = (kept << 1) | carry;
        carry = kept >> 63;
    }
}

/// The word `w` of the set of positions `from..to`.
fn range_word(w: usize, from: usize, to: usize) -> u64 {
    let (low, high) = (w * 64, w * 64 + 64);
    let (a, b) = (from.clamp(low, high) - low, to.clamp(low, high) - low);
    if a < b {
        (u64::MAX >> (64 - (b - a))) << a
    } else {
        0
    }
}

fn lowest(set: &Bits) -> Option<usize> {
    set.iter()
        .enumerate()
        .find(|(_, word)| **word != 0)
        .map(|(w, word)| w * 64 + word.trailing_zeros() as usize)
}
