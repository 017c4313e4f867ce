//! An index of a pattern's tokens, on the stack: for each distinct character
//! (folded), the positions holding it, and the positions of `?` and `*`.
//!
//! The distinct keys are kept in order, and the positions of each as
//! entries (a word's number, the word's bits), one for each 64 positions
//! where it occurs: at most one key and one entry per token, so the index
//! is linear in the pattern (18 bytes per token, about 19 KB in all).
//! Filling it takes steps linear in the tokens: their keys are sorted by
//! comparisons when there are at most [`SMALL`], else by a radix sort, one
//! pass of 256 digits per byte that differs between keys. A key is looked
//! up by a table read for ASCII, by a binary search among the distinct keys
//! otherwise.

use super::Token;
use crate::limits;
use crate::text::fold_char;

/// How many tokens an index holds at most: every pattern's.
const CAP: usize = limits::WILDCARD;
/// Words in a set of positions `0..=CAP` (17).
pub(crate) const WORDS: usize = (CAP + 1).div_ceil(64);

/// A set of positions `0..64 × WORDS`.
pub(crate) type Set = [u64; WORDS];

/// A position takes 10 bits (`CAP` is 1,024), a folded key at most 22.
const POSITION_BITS: u32 = 10;
/// Up to how many characters are sorted by comparisons: fewer steps than
/// a radix pass over 256 digits.
const SMALL: usize = 64;

/// The index of one sequence of at most [`CAP`] tokens (about 19 KB).
pub(crate) struct Index {
    /// While filling, `key << 10 | position` (or in `keys`, by turns with
    /// the radix sort); then the entries: a word's number, and its bits in
    /// `bits`.
    words: [u32; CAP],
    bits: [u64; CAP],
    /// The `distinct` keys in increasing order; the entries of `keys[i]`
    /// are `starts[i]..starts[i + 1]`.
    keys: [u32; CAP],
    starts: [u16; CAP + 1],
    distinct: usize,
    /// For each ASCII key, 1 + its place in `keys` (0: absent).
    ascii: [u16; 128],
    /// How many tokens the sequence holds.
    len: usize,
    /// The positions of `?`, and of `*`.
    any: Set,
    star: Set,
}

impl Index {
    /// An empty index, to be filled with [`Index::fill`].
    pub(crate) fn new() -> Self {
        Index {
            words: [0; CAP],
            bits: [0; CAP],
            keys: [0; CAP],
            starts: [0; CAP + 1],
            distinct: 0,
            ascii: [0; 128],
            len: 0,
            any: [0; WORDS],
            star: [0; WORDS],
        }
    }

    /// Indexes `tokens` in place of what the index held, in O(tokens)
    /// steps. Tokens past [`CAP`] are ignored: a pattern holds at most [`CAP`].
    pub(crate) fn fill(&mut self, tokens: impl Iterator<Item = Token>) {
        self.ascii = [0; 128];
        self.any = [0; WORDS];
        self.star = [0; WORDS];
        let (mut chars, mut len) = (0, 0);
        let (mut all, mut common) = (0u32, u32::MAX);
        for (position, token) in tokens.take(CAP).enumerate() {
            len = position + 1;
            match token {
                Token::Star => insert(&mut self.star, position),
                Token::Any => insert(&mut self.any, position),
                Token::Char(c) => {
                    let key = fold_char(c);
                    (all, common) = (all | key, common & key);
                    if let (Some(slot), Ok(position)) =
                        (self.words.get_mut(chars), u32::try_from(position))
                    {
                        *slot = (key << POSITION_BITS) | position;
                        chars += 1;
                    }
                }
            }
        }
        self.len = len;
        // Sorted by key then position: a few by comparisons, more by a
        // radix sort on the keys, stable (the positions are in order), one
        // pass per byte that differs between keys.
        let mut in_words = true;
        if chars <= SMALL {
            self.words
                .get_mut(..chars)
                .unwrap_or_default()
                .sort_unstable();
        } else {
            for shift in [0, 8, 16] {
                if ((all ^ common) >> shift) & 0xFF == 0 {
                    continue;
                }
                let (from, to) = if in_words {
                    (&self.words, &mut self.keys)
                } else {
                    (&self.keys, &mut self.words)
                };
                radix_pass(
                    from.get(..chars).unwrap_or_default(),
                    to,
                    shift + POSITION_BITS,
                );
                in_words = !in_words;
            }
        }
        // One entry per key and word, in place: each write lands at or
        // before the place just read.
        let (mut used, mut distinct): (usize, usize) = (0, 0);
        for i in 0..chars {
            let sorted = if in_words { &self.words } else { &self.keys };
            let Some(&packed) = sorted.get(i) else {
                break;
            };
            let (key, position) = (packed >> POSITION_BITS, packed & ((1 << POSITION_BITS) - 1));
            let (word, bit) = (position / 64, 1u64 << (position % 64));
            let last_key = distinct.checked_sub(1).and_then(|k| self.keys.get(k));
            if last_key != Some(&key) {
                if let (Some(slot), Some(start)) =
                    (self.keys.get_mut(distinct), self.starts.get_mut(distinct))
                {
                    (*slot, *start) = (key, u16::try_from(used).unwrap_or(u16::MAX));
                }
                distinct += 1;
                let slot = usize::try_from(key).ok();
                if let Some(slot) = slot.and_then(|k| self.ascii.get_mut(k)) {
                    *slot = u16::try_from(distinct).unwrap_or(0);
                }
            } else {
                // The same key: in the last entry's word, or in a new one.
                let at = used.wrapping_sub(1);
                if self.words.get(at) == Some(&word) {
                    if let Some(bits) = self.bits.get_mut(at) {
                        *bits |= bit;
                    }
                    continue;
                }
            }
            if let (Some(w), Some(b)) = (self.words.get_mut(used), self.bits.get_mut(used)) {
                (*w, *b) = (word, bit);
            }
            used += 1;
        }
        if let Some(end) = self.starts.get_mut(distinct) {
            *end = u16::try_from(used).unwrap_or(u16::MAX);
        }
        self.distinct = distinct;
    }

    /// How many tokens the sequence holds.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The positions of `?`.
    #[inline]
    pub(crate) fn any(&self) -> &Set {
        &self.any
    }

    /// The positions of `*`.
    #[inline]
    pub(crate) fn star(&self) -> &Set {
        &self.star
    }

    /// The positions of `key`, as (word, bits) in increasing word order.
    #[inline]
    pub(crate) fn of(&self, key: u32) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.entries(self.find(key))
    }

    /// Where the entries of `key` are (an empty range if none).
    #[inline]
    pub(crate) fn find(&self, key: u32) -> (usize, usize) {
        let keys = self.keys.get(..self.distinct).unwrap_or_default();
        let at = match usize::try_from(key).ok().and_then(|k| self.ascii.get(k)) {
            Some(&slot) => usize::from(slot).checked_sub(1),
            None => {
                let at = keys.partition_point(|&k| k < key);
                (keys.get(at) == Some(&key)).then_some(at)
            }
        };
        let start = |i: usize| self.starts.get(i).map_or(0, |&s| usize::from(s));
        at.map_or((0, 0), |at| (start(at), start(at + 1)))
    }

    /// The entries `first..end`, as (word, bits).
    #[inline]
    pub(crate) fn entries(
        &self,
        (first, end): (usize, usize),
    ) -> impl Iterator<Item = (usize, u64)> + '_ {
        let words = self.words.get(first..end).unwrap_or_default();
        let bits = self.bits.get(first..end).unwrap_or_default();
        words
            .iter()
            .zip(bits)
            .map(|(&word, &bits)| (word as usize, bits))
    }
}

/// One stable counting-sort pass of `from` into `to` by the byte at `shift`.
fn radix_pass(from: &[u32], to: &mut [u32; CAP], shift: u32) {
    let digit = |value: u32| ((value >> shift) & 0xFF) as usize;
    let mut starts = [0u16; 256];
    for &value in from {
        if let Some(count) = starts.get_mut(digit(value)) {
            *count += 1;
        }
    }
    let mut sum = 0;
    for start in &mut starts {
        (*start, sum) = (sum, sum + *start);
    }
    for &value in from {
        if let Some(start) = starts.get_mut(digit(value)) {
            if let Some(slot) = to.get_mut(usize::from(*start)) {
                *slot = value;
            }
            *start += 1;
        }
    }
}

/// Adds `position` to `set`.
#[inline]
pub(crate) fn insert(set: &mut Set, position: usize) {
    if let Some(word) = set.get_mut(position / 64) {
        *word |= 1 << (position % 64);
    }
}

/// The word `w` of the set of positions `from..to`.
#[inline]
pub(crate) fn range_word(w: usize, from: usize, to: usize) -> u64 {
    let (low, high) = (w * 64, w * 64 + 64);
    let (a, b) = (from.clamp(low, high) - low, to.clamp(low, high) - low);
    if a < b {
        (u64::MAX >> (64 - (b - a))) << a
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The size that the docs state.
    #[test]
    fn an_index_takes_about_19_kb() {
        assert!(size_of::<Index>() <= 19 * 1_024);
        assert!(size_of::<super::super::Covered>() <= 19 * 1_024);
        assert!(size_of::<super::super::search::Positions>() <= 10 * 1_024);
    }

    /// Each key's positions, from the index and by a plain scan, for
    /// sequences that take 0 to 3 radix passes (or none: the small ones).
    #[test]
    fn an_index_holds_each_keys_positions() {
        let alphabets: [&[char]; 4] = [
            &['a', 'B', 'b', '?', '*'],
            &['a', 'é', 'É', 'k', '\u{212A}', '?'],
            &['a', '\u{4E00}', '\u{4E01}', '\u{4F00}', 'Σ', 'σ', '*'],
            &['a', 'İ', 'i', '\u{10400}', '\u{4E00}', 'é', '?', '*'],
        ];
        let mut index = Index::new();
        let mut seed = 7u64;
        for alphabet in alphabets {
            for len in [0, 1, 2, 63, 64, 65, 66, 200, 1_000, CAP] {
                let tokens: Vec<Token> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        Token::of(alphabet[(seed >> 33) as usize % alphabet.len()])
                    })
                    .collect();
                // Refilled: what an earlier sequence left must not show.
                index.fill(tokens.iter().copied());
                assert_eq!(index.len(), len);
                for &c in alphabet.iter().chain(&['x', 'K', 'I', '\u{4E02}']) {
                    let mut expected = [0u64; WORDS];
                    for (at, token) in tokens.iter().enumerate() {
                        let hit = match (Token::of(c), *token) {
                            (Token::Char(c), Token::Char(p)) => fold_char(c) == fold_char(p),
                            (a, b) => a == b,
                        };
                        if hit {
                            insert(&mut expected, at);
                        }
                    }
                    let found = match Token::of(c) {
                        Token::Star => index.star,
                        Token::Any => index.any,
                        Token::Char(c) => {
                            let mut set = [0u64; WORDS];
                            for (w, bits) in index.of(fold_char(c)) {
                                set[w] |= bits;
                            }
                            set
                        }
                    };
                    assert_eq!(found, expected, "{c:?} in {len} tokens of {alphabet:?}");
                }
            }
        }
    }
}
