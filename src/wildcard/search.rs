//! Bit-parallel search over a name of at most [`CAP`] characters.
//!
//! A [`Positions`] indexes a name's folded characters: for each distinct
//! one, the bit set of the positions that hold it. A segment of a pattern
//! (the part between two stars) is then found by carrying the set of
//! positions where a match of its first characters can end, one character
//! at a time, and intersecting it with the positions of the next character:
//! one lookup and a few word operations per pattern character, whatever the
//! name holds, so no input can make a search compare a segment at every
//! position. Everything lives on the stack: searching allocates nothing.

use crate::text::fold_char;

/// The longest name indexed: every valid name fits (see [`crate::limits::NAME`]).
pub(crate) const CAP: usize = 256;
const WORDS: usize = CAP / 64;

/// A set of positions `0..CAP`.
pub(crate) type Bits = [u64; WORDS];

/// The positions of each distinct character of a name, folded.
pub(crate) struct Positions {
    /// How many characters the name holds.
    len: usize,
    /// For each ASCII key, 1 + the index of its set (0: absent).
    ascii: [u16; 128],
    /// Distinct keys in increasing order, with the positions holding each.
    keys: [u32; CAP],
    sets: [Bits; CAP],
    distinct: usize,
}

impl Positions {
    /// Indexes `name`, or `None` if it holds more than [`CAP`] characters.
    pub(crate) fn new(name: &str) -> Option<Self> {
        let mut pairs = [(0u32, 0u8); CAP];
        let mut len = 0;
        for c in name.chars() {
            let slot = pairs.get_mut(len)?;
            *slot = (fold_char(c), u8::try_from(len).ok()?);
            len += 1;
        }
        let pairs = pairs.get_mut(..len).unwrap_or_default();
        pairs.sort_unstable();
        let mut index = Positions {
            len,
            ascii: [0; 128],
            keys: [0; CAP],
            sets: [[0; WORDS]; CAP],
            distinct: 0,
        };
        for &(key, position) in &*pairs {
            let new = index.distinct == 0
                || index
                    .keys
                    .get(index.distinct - 1)
                    .is_some_and(|&last| last != key);
            if new {
                if let Some(slot) = index.keys.get_mut(index.distinct) {
                    *slot = key;
                }
                index.distinct += 1;
                if let Some(slot) = usize::try_from(key)
                    .ok()
                    .and_then(|k| index.ascii.get_mut(k))
                {
                    *slot = u16::try_from(index.distinct).unwrap_or(0);
                }
            }
            if let Some(set) = index.sets.get_mut(index.distinct - 1) {
                insert(set, usize::from(position));
            }
        }
        Some(index)
    }

    /// How many characters the name holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The positions holding a character whose key is `key`.
    #[inline]
    pub(crate) fn of(&self, key: u32) -> Bits {
        let found = match usize::try_from(key).ok().and_then(|k| self.ascii.get(k)) {
            Some(&slot) => usize::from(slot).checked_sub(1),
            None => {
                let keys = self.keys.get(..self.distinct).unwrap_or_default();
                keys.binary_search(&key).ok()
            }
        };
        found
            .and_then(|i| self.sets.get(i).copied())
            .unwrap_or([0; WORDS])
    }
}

/// Adds `position` to `set`.
#[inline]
fn insert(set: &mut Bits, position: usize) {
    if let Some(word) = set.get_mut(position / 64) {
        *word |= 1 << (position % 64);
    }
}

/// The positions `from..to`.
#[inline]
pub(crate) fn range(from: usize, to: usize) -> Bits {
    let mut set = [0; WORDS];
    for (w, word) in set.iter_mut().enumerate() {
        let (low, high) = (w * 64, w * 64 + 64);
        let (a, b) = (from.clamp(low, high) - low, to.clamp(low, high) - low);
        if a < b {
            *word = (u64::MAX >> (64 - (b - a))) << a;
        }
    }
    set
}

/// `set` with every position moved one up (`p` becomes `p + 1`).
#[inline]
pub(crate) fn shift_up_one(set: &Bits) -> Bits {
    let mut out = [0; WORDS];
    let mut carry = 0;
    for (slot, &word) in out.iter_mut().zip(set) {
        *slot = (word << 1) | carry;
        carry = word >> 63;
    }
    out
}

#[inline]
pub(crate) fn and(a: &Bits, b: &Bits) -> Bits {
    let mut out = [0; WORDS];
    for ((slot, x), y) in out.iter_mut().zip(a).zip(b) {
        *slot = x & y;
    }
    out
}

/// The lowest position of `set`.
#[inline]
pub(crate) fn lowest(set: &Bits) -> Option<usize> {
    set.iter()
        .enumerate()
        .find(|(_, word)| **word != 0)
        .map(|(w, word)| w * 64 + word.trailing_zeros() as usize)
}
