//! Bit-parallel search over a short sequence of folded characters.
//!
//! A [`Positions`] indexes a sequence of at most [`CAP`] keys (a name's
//! folded characters): for each distinct key, the bit set of the positions
//! that hold it. A segment of a pattern (the part
//! between two stars) is then found by intersecting, for each of its
//! characters, the positions of that character shifted back by its offset:
//! one lookup and a few word operations per pattern character, whatever the
//! name holds, so no input can make a search compare a segment at every
//! position. Everything lives on the stack: searching allocates nothing.

/// The longest sequence indexed: every valid name fits (see [`crate::limits::NAME`]).
pub(crate) const CAP: usize = 256;
const WORDS: usize = CAP / 64;

/// A set of positions `0..CAP`.
pub(crate) type Bits = [u64; WORDS];

/// The positions of each distinct key of a sequence.
pub(crate) struct Positions {
    /// Distinct keys in increasing order, with the positions holding each.
    keys: [u32; CAP],
    sets: [Bits; CAP],
    distinct: usize,
}

impl Positions {
    /// Indexes `keys`, which must hold at most [`CAP`] items (the rest is ignored).
    pub(crate) fn new(keys: impl Iterator<Item = u32>) -> Self {
        let mut pairs = [(0u32, 0u8); CAP];
        let mut len = 0;
        for ((slot, key), position) in pairs.iter_mut().zip(keys).zip(0..=u8::MAX) {
            *slot = (key, position);
            len += 1;
        }
        let pairs = pairs.get_mut(..len).unwrap_or_default();
        pairs.sort_unstable();
        let mut index = Positions {
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
            }
            if let Some(set) = index.sets.get_mut(index.distinct - 1) {
                insert(set, usize::from(position));
            }
        }
        index
    }

    /// The positions holding `key`.
    #[inline]
    pub(crate) fn of(&self, key: u32) -> Bits {
        let keys = self.keys.get(..self.distinct).unwrap_or_default();
        match keys.binary_search(&key) {
            Ok(i) => self.sets.get(i).copied().unwrap_or_default(),
            Err(_) => [0; WORDS],
        }
    }
}

/// Adds `position` to `set`.
#[inline]
pub(crate) fn insert(set: &mut Bits, position: usize) {
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

/// `set` with every position moved `by` down (`p` becomes `p - by`).
#[inline]
pub(crate) fn shift_down(set: &Bits, by: usize) -> Bits {
    let (words, bits) = (by / 64, by % 64);
    let mut out = [0; WORDS];
    for (i, slot) in out.iter_mut().enumerate() {
        let low = set.get(i + words).copied().unwrap_or(0);
        let high = set.get(i + words + 1).copied().unwrap_or(0);
        *slot = if bits == 0 {
            low
        } else {
            (low >> bits) | (high << (64 - bits))
        };
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
