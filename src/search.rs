//! Bit-parallel search for one segment of a wildcard (the part between two
//! stars): the Shift-And algorithm, with case folding and `?`.
//!
//! Each character of the name costs one lookup of the segment positions that
//! accept it and a shift of the match state, whatever the segment holds, so a
//! search is linear in the name (times one word per 64 segment characters):
//! no input can make it compare a segment at every position.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use crate::wildcard::Token;

/// Segments up to this many characters are searched with a state that lives
/// on the stack; longer ones fall back to trying each position.
pub(crate) const MAX_LEN: usize = 64 * WORDS;
const WORDS: usize = 64;

/// A character's lowercase form (`char::to_lowercase`, at most 3 characters),
/// padded: two characters match exactly when their forms are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Folded([char; 3]);

#[inline]
fn fold(c: char) -> Folded {
    let mut form = ['\0'; 3];
    if c.is_ascii() {
        form[0] = c.to_ascii_lowercase();
    } else {
        for (slot, lower) in form.iter_mut().zip(c.to_lowercase()) {
            *slot = lower;
        }
    }
    Folded(form)
}

/// One segment, compiled: for each folded character that appears in it, the
/// bit set of positions that accept it (`?` positions included).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Searcher {
    /// Words of state in use: `len.div_ceil(64)`.
    words: usize,
    /// The bit of the segment's last position, in the last word.
    last_bit: u64,
    /// Positions holding `?`: what any other character is accepted at.
    any: Box<[u64]>,
    /// Sorted by folded character.
    classes: Box<[(Folded, Box<[u64]>)]>,
}

impl Searcher {
    /// Compiles a segment of 1 to [`MAX_LEN`] tokens, none of them a star.
    pub(crate) fn new(segment: &[Token]) -> Self {
        let len = segment.len().clamp(1, MAX_LEN);
        let words = len.div_ceil(64);
        let mut any = vec![0u64; words];
        let mut classes: BTreeMap<Folded, Vec<u64>> = BTreeMap::new();
        for (position, token) in segment.iter().take(len).enumerate() {
            let (word, bit) = (position / 64, 1u64 << (position % 64));
            let set = match *token {
                Token::Char(c) => classes.entry(fold(c)).or_insert_with(|| vec![0u64; words]),
                Token::Any | Token::Star => &mut any,
            };
            if let Some(w) = set.get_mut(word) {
                *w |= bit;
            }
        }
        let classes = classes
            .into_iter()
            .map(|(folded, mut mask)| {
                for (m, a) in mask.iter_mut().zip(&any) {
                    *m |= a;
                }
                (folded, mask.into_boxed_slice())
            })
            .collect();
        Searcher {
            words,
            last_bit: 1u64 << ((len - 1) % 64),
            any: any.into_boxed_slice(),
            classes,
        }
    }

    #[inline]
    fn accepting(&self, c: char) -> &[u64] {
        let folded = fold(c);
        match self.classes.binary_search_by(|(f, _)| f.cmp(&folded)) {
            Ok(i) => self.classes.get(i).map_or(&self.any, |(_, mask)| mask),
            Err(_) => &self.any,
        }
    }

    /// The end (in bytes) of the leftmost match in `s`.
    pub(crate) fn find(&self, s: &str) -> Option<usize> {
        // Bit p of `state`: the segment's first p + 1 positions match the
        // characters that end here.
        let mut state = [0u64; WORDS];
        let state = state.get_mut(..self.words)?;
        for (i, c) in s.char_indices() {
            let mut carry = 1; // a match may start at every character
            for (word, accepted) in state.iter_mut().zip(self.accepting(c)) {
                let next = *word >> 63;
                *word = ((*word << 1) | carry) & accepted;
                carry = next;
            }
            if state.last().is_some_and(|word| word & self.last_bit != 0) {
                return Some(i + c.len_utf8());
            }
        }
        None
    }
}
