//! Segments found in a text of any length, each character read once.
//!
//! The segments of a pattern (the parts between stars) are found in turn,
//! each at its earliest end, by Shift-And: the set of the segment's
//! positions where a match can end at the current character is shifted one
//! up, the segment's start added, and intersected with the positions that
//! accept the character (the segment's `?`, and the character's own
//! positions from an [`Index`] of the segment). A segment is at most
//! [`crate::limits::WILDCARD`] characters, so a step is at most 16 words.

use core::str::Chars;

use super::Token;
use super::index::Index;
use crate::text::fold_char;

/// Whether `segments` occur in `text` in order, without overlapping: each
/// one is taken at its earliest end, which leaves the most text to the rest.
pub(crate) fn find_all<'s>(segments: impl Iterator<Item = &'s str>, text: &str) -> bool {
    // Built for the first segment of more than one token.
    let mut index: Option<Index> = None;
    let mut keys = Keys::new(text);
    for segment in segments {
        let mut tokens = segment.chars().map(Token::of);
        let found = match (tokens.next(), tokens.next()) {
            (None, _) => true,
            (Some(token), None) => find_one(token, &mut keys),
            _ => {
                let index = index.get_or_insert_with(Index::new);
                index.fill(segment.chars().map(Token::of));
                let last = index.len().saturating_sub(1);
                // The state's size fits the segment: 1, 2, 4, 8 or 16 words
                // (an index holds at most 1,024 tokens: 16 words).
                match last / 64 {
                    0 => find::<1>(index, &mut keys, last),
                    1 => find::<2>(index, &mut keys, last),
                    2..4 => find::<4>(index, &mut keys, last),
                    4..8 => find::<8>(index, &mut keys, last),
                    _ => find::<16>(index, &mut keys, last),
                }
            }
        };
        if !found {
            return false;
        }
    }
    true
}

/// Reads `keys` up to the first character that `token` (not a star) accepts.
fn find_one(token: Token, keys: &mut Keys<'_>) -> bool {
    let wanted = match token {
        Token::Char(c) => Some(fold_char(c)),
        Token::Star | Token::Any => None,
    };
    loop {
        keys.fill();
        if keys.len == 0 {
            return false;
        }
        let at = (0..keys.len).find(|&i| wanted.is_none_or(|key| keys.get(i) == key));
        match at {
            Some(i) => {
                keys.consume(i + 1);
                return true;
            }
            None => keys.consume(keys.len),
        }
    }
}

/// How many characters are looked up at most ahead of the state: their
/// lookups are independent, so the processor overlaps them. A segment looks
/// ahead 1, 2, 4, then 8 characters at a time, so the lookups it makes in
/// vain when it ends are at most as many as it used.
const AHEAD: usize = 8;

/// Reads `keys` up to the earliest end of a match of the indexed segment,
/// whose last position is `last` (below `64 × N`); false if none.
#[inline]
fn find<const N: usize>(index: &Index, keys: &mut Keys<'_>, last: usize) -> bool {
    let (last_word, last_bit) = (last / 64, 1 << (last % 64));
    let mut any = [0; N];
    for (word, set) in any.iter_mut().zip(index.any()) {
        *word = *set;
    }
    // Bit j: the segment's first j + 1 tokens match the text ending here.
    let mut ends = [0u64; N];
    let mut batch = 1;
    loop {
        keys.fill();
        let read = batch.min(keys.len);
        if read == 0 {
            return false;
        }
        let mut entries = [(0, 0); AHEAD];
        for (i, slot) in entries.iter_mut().enumerate().take(read) {
            *slot = index.find(keys.get(i));
        }
        for (i, &entries) in entries.iter().enumerate().take(read) {
            // The positions that accept the character: the `?`, and its own.
            let mut accepted = any;
            for (w, bits) in index.entries(entries) {
                if let Some(word) = accepted.get_mut(w) {
                    *word |= bits;
                }
            }
            // Moved one up, with the segment's start: where a match can go
            // on; then kept where the character is accepted.
            let mut carry = 1;
            for (word, accepted) in ends.iter_mut().zip(&accepted) {
                let shifted = (*word << 1) | carry;
                carry = *word >> 63;
                *word = shifted & accepted;
            }
            if ends.get(last_word).is_some_and(|word| word & last_bit != 0) {
                keys.consume(i + 1);
                return true;
            }
        }
        keys.consume(read);
        batch = AHEAD.min(2 * batch);
    }
}

/// The keys of a text's characters ([`fold_char`]), read [`AHEAD`] at a time.
struct Keys<'t> {
    chars: Chars<'t>,
    /// The next `len` keys, from `start` on, in a ring.
    ring: [u32; AHEAD],
    start: usize,
    len: usize,
}

impl<'t> Keys<'t> {
    fn new(text: &'t str) -> Self {
        Keys {
            chars: text.chars(),
            ring: [0; AHEAD],
            start: 0,
            len: 0,
        }
    }

    /// Reads characters until [`AHEAD`] keys are ready, or the text ends.
    #[inline]
    fn fill(&mut self) {
        while self.len < AHEAD {
            let Some(c) = self.chars.next() else {
                break;
            };
            if let Some(slot) = self.ring.get_mut((self.start + self.len) % AHEAD) {
                *slot = fold_char(c);
            }
            self.len += 1;
        }
    }

    /// The `i`-th key ready (below `len`).
    #[inline]
    fn get(&self, i: usize) -> u32 {
        self.ring
            .get((self.start + i) % AHEAD)
            .copied()
            .unwrap_or(0)
    }

    /// Drops the first `n` keys ready.
    #[inline]
    fn consume(&mut self, n: usize) {
        self.start = (self.start + n) % AHEAD;
        self.len = self.len.saturating_sub(n);
    }
}
