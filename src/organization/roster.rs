//! The members other than the owner, in id order: the list a check
//! searches and the member commands change.

use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use crate::id::UserId;
use crate::member::Member;
use crate::role::Role;

/// The members other than the owner, sorted by user id, in blocks of at
/// most [`PAGE`] members, each block on a page of its own, with the first 8
/// bytes of every id (its prefix) beside the members.
///
/// A lookup binary-searches a sample of the blocks' first prefixes (small
/// enough to stay in cache), counts the prefixes below its own among the
/// [`STRIDE`] blocks it lands between, then among its block's page, and
/// compares whole ids only where prefixes are equal: that keeps a check on
/// 100,000 members to a few cache misses. The pages lie in one array, so
/// that a block's members are found without following a pointer.
///
/// Inserting or removing a member moves at most a page's members (two
/// pages' when a block splits or joins a neighbour), and, when blocks
/// split or join, the list of blocks (16 bytes a block) and the sample:
/// never the members of other blocks.
#[derive(Clone, Default)]
pub(crate) struct Members {
    /// The blocks, in id order.
    blocks: Vec<Head>,
    /// `blocks[i * STRIDE].first`: the search over the blocks starts here.
    sample: Vec<u64>,
    /// Per page: how many members it holds (none for a free page).
    lens: Vec<usize>,
    /// [`PAGE`] places a page: `prefix` of the member in the same place,
    /// then [`EMPTY`]: a page's prefixes are sorted whatever its length.
    prefixes: Vec<u64>,
    /// [`PAGE`] places a page: its members, sorted by id, then `None`.
    places: Vec<Option<Member>>,
    /// Pages no block holds.
    free: Vec<usize>,
    len: usize,
}

/// A block: the prefix of its first id (non-decreasing along the blocks)
/// and its page, side by side, so that the search over the blocks ends on
/// the page.
#[derive(Clone, Copy)]
struct Head {
    first: u64,
    page: usize,
}

/// Where a member is among the others: its block, the block's page, and
/// its place there. A slot holds until the list changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    block: usize,
    page: usize,
    at: usize,
}

/// The members a page holds; a full block splits in two.
const PAGE: usize = 32;
/// A block left with fewer joins a neighbour, or takes some of its members.
const MIN: usize = PAGE / 4;
/// Blocks per entry of the sample.
const STRIDE: usize = 8;
/// The most members a block holds when the list is built at once: pages
/// nearly full are fewer to search, and a few places are left for new
/// members.
const BUILT: usize = PAGE - PAGE / 8;

/// The prefix of an empty place: above every id's, as no UTF-8 text starts
/// with the byte `0xFF`.
const EMPTY: u64 = u64::MAX;

/// The first 8 bytes of an id, big-endian, zero-padded: ordered like the ids.
#[inline]
fn prefix(id: &UserId) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(id.as_str().as_bytes()) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

/// How many of a page's prefixes (sorted) are below `key`: in two steps
/// of independent comparisons, the last of every eighth, then the eight of
/// one group, rather than in five steps that each wait for the one before.
#[inline]
fn below(prefixes: &[u64], key: u64) -> usize {
    let group = (1..PAGE / 8)
        .filter(|g| prefixes.get(g * 8 - 1).is_some_and(|&k| k < key))
        .count();
    let within = prefixes
        .get(group * 8..group * 8 + 8)
        .unwrap_or_default()
        .iter()
        .filter(|&&k| k < key)
        .count();
    group * 8 + within
}

/// How many of the first items are `equal` (the items that are come
/// first): the run of equal prefixes is almost always one long, so gallop
/// over it.
#[inline]
fn run_of<T>(items: &[T], equal: impl Fn(&T) -> bool) -> usize {
    let mut bound = 1;
    while items.get(bound).is_some_and(&equal) {
        bound *= 2;
    }
    let from = bound / 2;
    let to = bound.min(items.len());
    from + items
        .get(from..to)
        .unwrap_or_default()
        .partition_point(equal)
}

impl Members {
    /// Members in any order; sorts them by id.
    pub(crate) fn new(mut list: Vec<Member>) -> Self {
        list.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let len = list.len();
        let blocks = len.div_ceil(BUILT);
        let mut members = Members {
            blocks: Vec::with_capacity(blocks),
            sample: Vec::new(),
            lens: Vec::with_capacity(blocks),
            prefixes: Vec::with_capacity(blocks * PAGE),
            places: Vec::with_capacity(blocks * PAGE),
            free: Vec::new(),
            len,
        };
        // As many members in every block, give or take one.
        let mut list = list.into_iter();
        for page in 0..blocks {
            let before = members.places.len();
            let held = len / blocks + usize::from(page < len % blocks);
            for member in list.by_ref().take(held) {
                members.prefixes.push(prefix(&member.id));
                members.places.push(Some(member));
            }
            members.lens.push(held);
            let first = members.prefixes.get(before).copied().unwrap_or_default();
            members.blocks.push(Head { first, page });
            members.prefixes.resize(before + PAGE, EMPTY);
            members.places.resize(before + PAGE, None);
        }
        members.resample();
        members
    }

    /// Samples the blocks' first prefixes anew, after blocks came or went.
    fn resample(&mut self) {
        self.sample.clear();
        self.sample
            .extend(self.blocks.iter().step_by(STRIDE).map(|head| head.first));
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The members on `page`.
    fn on(&self, page: usize) -> &[Option<Member>] {
        let len = self.lens.get(page).copied().unwrap_or_default();
        self.places
            .get(page * PAGE..page * PAGE + len)
            .unwrap_or_default()
    }

    /// The members in id order.
    pub(crate) fn iter(&self) -> Counted<impl Iterator<Item = &Member> + Clone + '_> {
        Counted {
            members: self
                .blocks
                .iter()
                .flat_map(|head| self.on(head.page).iter().flatten()),
            left: self.len,
        }
    }

    pub(crate) fn into_vec(mut self) -> Vec<Member> {
        let mut list = Vec::with_capacity(self.len);
        for &Head { page, .. } in &self.blocks {
            let len = self.lens.get(page).copied().unwrap_or_default();
            if let Some(places) = self.places.get_mut(page * PAGE..page * PAGE + len) {
                list.extend(places.iter_mut().filter_map(Option::take));
            }
        }
        list
    }

    /// Where the member with this id is, or where it would go.
    #[inline]
    pub(crate) fn position(&self, id: &UserId) -> Result<Slot, Slot> {
        let key = prefix(id);
        // `low`, the first block whose first prefix is not below `key`:
        // sampled block `s - 1` starts below `key` and sampled block `s`
        // does not, so `low` lies after the start of `s - 1`, by `s`'s start.
        let s = self.sample.partition_point(|&k| k < key);
        let from = s.saturating_sub(1) * STRIDE;
        let to = (s * STRIDE + 1).min(self.blocks.len());
        let low = from
            + self
                .blocks
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .filter(|head| head.first < key)
                .count();
        // The last block whose first id is not above `id`: by prefixes, and
        // by whole ids among the blocks whose first prefix is `key`.
        let block = if self.blocks.get(low).is_some_and(|head| head.first == key) {
            let tied = self.blocks.get(low..).unwrap_or_default();
            let tied = tied.get(..run_of(tied, |head| head.first == key));
            low + tied.unwrap_or_default().partition_point(|head| {
                self.on(head.page)
                    .first()
                    .and_then(Option::as_ref)
                    .is_some_and(|first| first.id <= *id)
            })
        } else {
            low
        }
        .saturating_sub(1);
        let Some(&Head { page, .. }) = self.blocks.get(block) else {
            return Err(Slot {
                block: 0,
                page: 0,
                at: 0,
            });
        };
        let base = page * PAGE;
        let prefixes = self.prefixes.get(base..base + PAGE).unwrap_or_default();
        let start = below(prefixes, key);
        let run = run_of(prefixes.get(start..).unwrap_or_default(), |&k| k == key);
        let candidates = self
            .places
            .get(base + start..base + start + run)
            .unwrap_or_default();
        candidates
            .binary_search_by(|place| place.as_ref().map_or(Ordering::Greater, |m| m.id.cmp(id)))
            .map(|i| Slot {
                block,
                page,
                at: start + i,
            })
            .map_err(|i| Slot {
                block,
                page,
                at: start + i,
            })
    }

    #[inline]
    pub(crate) fn get(&self, id: &UserId) -> Option<&Member> {
        self.at(self.position(id).ok()?)
    }

    /// The member at `slot`.
    pub(crate) fn at(&self, slot: Slot) -> Option<&Member> {
        if slot.at >= PAGE {
            return None;
        }
        self.places.get(slot.page * PAGE + slot.at)?.as_ref()
    }

    /// Sets the role of the member at `slot` (ids never change in place).
    pub(crate) fn set_role(&mut self, slot: Slot, role: Role) {
        if slot.at < PAGE {
            if let Some(Some(member)) = self.places.get_mut(slot.page * PAGE + slot.at) {
                member.role = role;
            }
        }
    }
}

/// The members of a list, which knows how many are left (as a slice's
/// iterator does: a serializer may need the length first).
#[derive(Clone)]
pub(crate) struct Counted<I> {
    members: I,
    left: usize,
}

impl<'a, I: Iterator<Item = &'a Member>> Iterator for Counted<I> {
    type Item = &'a Member;

    fn next(&mut self) -> Option<&'a Member> {
        let member = self.members.next()?;
        self.left = self.left.saturating_sub(1);
        Some(member)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'a, I: Iterator<Item = &'a Member>> ExactSizeIterator for Counted<I> {}

/// Two lists are equal when they hold the same members, however they are
/// laid out in pages.
impl PartialEq for Members {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Members {}

impl Hash for Members {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len);
        for member in self.iter() {
            member.hash(state);
        }
    }
}

impl fmt::Debug for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

mod change;
#[cfg(test)]
mod tests;
