//! An index of a pattern's tokens, on the stack: for each distinct character
//! (folded), the positions holding it, and the positions of `?` and `*`.
//!
//! The positions of one character are kept as entries (its key, a word's
//! number, the word's bits), one for each 64 positions where it occurs,
//! sorted by key then word: at most one entry per token, so the index is
//! linear in the pattern (18 bytes per token, about 19 KB in all). Filling
//! it takes steps linear in the tokens: their keys are sorted by
//! comparisons when there are at most [`SMALL`], else by a radix sort, one
//! pass of 256 digits per byte that differs between keys. A character is
//! looked up by a table read for ASCII keys, by a binary search among the
//! entries otherwise.

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
/// A word's number takes 5 bits.
const WORD_BITS: u32 = 5;

/// The index of one sequence of at most [`CAP`] tokens (about 19 KB).
pub(crate) struct Index {
    /// While filling, `key << 10 | position`; then `used` entries
    /// `key << 5 | word`, sorted, with the word's bits in `bits`.
    tags: [u32; CAP],
    bits: [u64; CAP],
    /// At the first entry of each key, where its entries end.
    run_end: [u16; CAP],
    /// The other half of the radix sort.
    scratch: [u32; CAP],
    used: usize,
    /// For each ASCII key, 1 + the place of its first entry (0: absent).
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
            tags: [0; CAP],
            bits: [0; CAP],
            run_end: [0; CAP],
            scratch: [0; CAP],
            used: 0,
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
                    if let (Some(tag), Ok(position)) =
                        (self.tags.get_mut(chars), u32::try_from(position))
                    {
                        *tag = (key << POSITION_BITS) | position;
                        chars += 1;
                    }
                }
            }
        }
        self.len = len;
        // Sorted by key then position: a few by comparisons, more by a
        // radix sort on the keys, stable (the positions are in order), one
        // pass per byte that differs between keys.
        if chars <= SMALL {
            self.tags
                .get_mut(..chars)
                .unwrap_or_default()
                .sort_unstable();
        } else {
            let mut sorted_in_tags = true;
            for shift in [0, 8, 16] {
                if ((all ^ common) >> shift) & 0xFF == 0 {
                    continue;
                }
                let (from, to) = if sorted_in_tags {
                    (&self.tags, &mut self.scratch)
                } else {
                    (&self.scratch, &mut self.tags)
                };
                radix_pass(
                    from.get(..chars).unwrap_or_default(),
                    to,
                    shift + POSITION_BITS,
                );
                sorted_in_tags = !sorted_in_tags;
            }
            if !sorted_in_tags {
                self.tags = self.scratch;
            }
        }
        // One entry per key and word, in place.
        let (mut used, mut run_start): (usize, usize) = (0, 0);
        for i in 0..chars {
            let Some(&packed) = self.tags.get(i) else {
                break;
            };
            let (key, position) = (packed >> POSITION_BITS, packed & ((1 << POSITION_BITS) - 1));
            let tag = (key << WORD_BITS) | (position / 64);
            let bit = 1u64 << (position % 64);
            let last = used.checked_sub(1);
            match last.and_then(|at| Some((self.tags.get(at)?, at))) {
                Some((&previous, at)) if previous == tag => {
                    if let Some(bits) = self.bits.get_mut(at) {
                        *bits |= bit;
                    }
                }
                previous => {
                    let first_of_key = previous.is_none_or(|(&p, _)| p >> WORD_BITS != key);
                    if first_of_key {
                        self.end_run(run_start, used);
                        run_start = used;
                        let slot = usize::try_from(key).ok();
                        if let Some(slot) = slot.and_then(|k| self.ascii.get_mut(k)) {
                            *slot = u16::try_from(used + 1).unwrap_or(0);
                        }
                    }
                    if let (Some(t), Some(b)) = (self.tags.get_mut(used), self.bits.get_mut(used)) {
                        (*t, *b) = (tag, bit);
                    }
                    used += 1;
                }
            }
        }
        self.end_run(run_start, used);
        self.used = used;
    }

    /// Notes that the entries of the key whose first is `start` end at `end`.
    fn end_run(&mut self, start: usize, end: usize) {
        if let (Some(slot), Ok(end)) = (self.run_end.get_mut(start), u16::try_from(end)) {
            *slot = end;
        }
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
        let tags = self.tags.get(..self.used).unwrap_or_default();
        let first = match usize::try_from(key).ok().and_then(|k| self.ascii.get(k)) {
            Some(&slot) => usize::from(slot).checked_sub(1).unwrap_or(tags.len()),
            None => tags.partition_point(|&tag| tag >> WORD_BITS < key),
        };
        let found = tags.get(first).is_some_and(|&tag| tag >> WORD_BITS == key);
        match self.run_end.get(first) {
            Some(&end) if found => (first, usize::from(end)),
            _ => (first, first),
        }
    }

    /// The entries `first..end`, as (word, bits).
    #[inline]
    pub(crate) fn entries(
        &self,
        (first, end): (usize, usize),
    ) -> impl Iterator<Item = (usize, u64)> + '_ {
        let tags = self.tags.get(first..end).unwrap_or_default();
        let bits = self.bits.get(first..end).unwrap_or_default();
        tags.iter()
            .zip(bits)
            .map(|(tag, bits)| ((tag & ((1 << WORD_BITS) - 1)) as usize, *bits))
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
