//! The members other than the owner, in id order: the list a check
//! searches and the member commands change.

use alloc::vec::Vec;
use core::fmt;
use core::hash::{Hash, Hasher};

use crate::id::UserId;
use crate::member::Member;
use crate::role::RoleRef;

/// The members other than the owner, sorted by user id, in blocks of at
/// most [`PAGE`] members, each block on a page of its own, with the first 8
/// bytes of every id (its prefix) beside the members.
///
/// A lookup binary-searches a sample of the blocks' first prefixes (small
/// enough to stay in cache), counts the prefixes below its own among the
/// [`STRIDE`] blocks it lands between, binary-searches its block's page,
/// and compares whole ids only where prefixes are equal: that keeps a
/// check on 100,000 members to a few cache misses. The pages' prefixes lie in one
/// array, so that they are found without following a pointer (the page's
/// members are, while its prefixes are searched).
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
    /// Per page: its members, sorted by id (none for a free page).
    lists: Vec<Vec<Member>>,
    /// [`PAGE`] places a page: `prefix` of its members in their order, then
    /// [`EMPTY`]: a page's prefixes are sorted whatever its length.
    prefixes: Vec<u64>,
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
pub(super) fn prefix(id: &UserId) -> u64 {
    crate::id::prefix(id.as_str())
}

/// How many of the first items are `equal` (the items that are come
/// first): the run of equal prefixes is almost always one long, so gallop
/// over it.
#[inline]
fn run_of<T>(items: &[T], equal: impl Fn(&T) -> bool) -> usize {
    match items {
        [_, second, ..] if equal(second) => {}
        [first, ..] => return usize::from(equal(first)),
        [] => return 0,
    }
    let mut bound = 2;
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
            lists: Vec::with_capacity(blocks),
            prefixes: Vec::with_capacity(blocks * PAGE),
            free: Vec::new(),
            len,
        };
        // As many members in every block, give or take one.
        let mut list = list.into_iter();
        for page in 0..blocks {
            let held = len / blocks + usize::from(page < len % blocks);
            let mut on = Vec::with_capacity(PAGE);
            on.extend(list.by_ref().take(held));
            let base = members.prefixes.len();
            members
                .prefixes
                .extend(on.iter().map(|member| prefix(&member.id)));
            members.prefixes.resize(base + PAGE, EMPTY);
            let first = members.prefixes.get(base).copied().unwrap_or(EMPTY);
            members.blocks.push(Head { first, page });
            members.lists.push(on);
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
    #[inline]
    fn on(&self, page: usize) -> &[Member] {
        self.lists.get(page).map_or(&[], Vec::as_slice)
    }

    /// The members in id order.
    pub(crate) fn iter(&self) -> Iter<'_> {
        Iter {
            members: self,
            blocks: self.blocks.iter(),
            page: [].iter(),
            left: self.len,
        }
    }

    pub(crate) fn into_vec(mut self) -> Vec<Member> {
        let mut list = Vec::with_capacity(self.len);
        for &Head { page, .. } in &self.blocks {
            if let Some(on) = self.lists.get_mut(page) {
                list.append(on);
            }
        }
        list
    }

    /// Where the member with this id is, or where it would go.
    #[inline]
    pub(crate) fn position(&self, id: &UserId) -> Result<Slot, Slot> {
        let key = prefix(id);
        let low = self.first_not_below(key);
        // The last block whose first id is not above `id`: by prefixes, and
        // by whole ids among the blocks whose first prefix is `key`.
        let block = if self.blocks.get(low).is_some_and(|head| head.first == key) {
            self.after_tied(low, key, id)
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
        // The whole page, empty places last: its search need not wait for
        // the page's length, which comes with its members.
        let base = page * PAGE;
        let prefixes = self.prefixes.get(base..base + PAGE).unwrap_or_default();
        let start = prefixes.partition_point(|&k| k < key);
        let run = run_of(prefixes.get(start..).unwrap_or_default(), |&k| k == key);
        let candidates = self.on(page).get(start..start + run).unwrap_or_default();
        candidates
            .binary_search_by(|member| member.id.cmp(id))
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

    /// The first block whose first prefix is not below `key`.
    #[inline]
    fn first_not_below(&self, key: u64) -> usize {
        // `low`, the first block whose first prefix is not below `key`:
        // sampled block `s - 1` starts below `key` and sampled block `s`
        // does not, so `low` lies after the start of `s - 1`, by `s`'s
        // start. Counted there rather than searched: the comparisons do not
        // wait on each other.
        if self.blocks.len() <= STRIDE {
            self.blocks.partition_point(|head| head.first < key)
        } else {
            let s = self.sample.partition_point(|&k| k < key);
            let from = s.saturating_sub(1) * STRIDE;
            let to = (s * STRIDE + 1).min(self.blocks.len());
            from + self
                .blocks
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .filter(|head| head.first < key)
                .count()
        }
    }

    /// `low` and the blocks after it whose first prefix is `key` (almost
    /// never any): the first of them whose first id is above `id`.
    #[cold]
    fn after_tied(&self, low: usize, key: u64, id: &UserId) -> usize {
        let tied = self.blocks.get(low..).unwrap_or_default();
        let tied = tied.get(..run_of(tied, |head| head.first == key));
        low + tied.unwrap_or_default().partition_point(|head| {
            self.on(head.page)
                .first()
                .is_some_and(|first| first.id <= *id)
        })
    }

    /// The members whose id starts with these 8 bytes (see [`prefix`]), in
    /// id order: almost always one or none.
    pub(crate) fn with_prefix(&self, key: u64) -> impl Iterator<Item = &Member> + '_ {
        let start = self.first_not_below(key).saturating_sub(1);
        let at = self.blocks.get(start).map_or(0, |head| {
            let base = head.page * PAGE;
            self.prefixes
                .get(base..base + PAGE)
                .unwrap_or_default()
                .partition_point(|&k| k < key)
        });
        self.blocks
            .get(start..)
            .unwrap_or_default()
            .iter()
            .flat_map(|head| self.on(head.page))
            .skip(at)
            .take_while(move |member| prefix(&member.id) == key)
    }

    #[inline]
    pub(crate) fn get(&self, id: &UserId) -> Option<&Member> {
        self.at(self.position(id).ok()?)
    }

    /// The member at `slot`.
    #[inline]
    pub(crate) fn at(&self, slot: Slot) -> Option<&Member> {
        self.on(slot.page).get(slot.at)
    }

    /// Sets the role of the member at `slot` (ids never change in place).
    pub(crate) fn set_role(&mut self, slot: Slot, role: RoleRef) {
        if let Some(member) = self
            .lists
            .get_mut(slot.page)
            .and_then(|on| on.get_mut(slot.at))
        {
            member.role = role;
        }
    }
}

/// The members of a list in id order, page after page; it knows how many
/// are left (as a slice's iterator does: a serializer may need the length
/// first).
#[derive(Clone)]
pub(crate) struct Iter<'a> {
    members: &'a Members,
    /// The blocks after the one being read.
    blocks: core::slice::Iter<'a, Head>,
    /// What is left of the block being read.
    page: core::slice::Iter<'a, Member>,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Member;

    #[inline]
    fn next(&mut self) -> Option<&'a Member> {
        loop {
            if let Some(member) = self.page.next() {
                self.left = self.left.saturating_sub(1);
                return Some(member);
            }
            self.page = self.members.on(self.blocks.next()?.page).iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }

    /// A page at a time, as fast as a slice (`filter`, `count`, `for_each`
    /// and the like go through it).
    fn fold<B, F: FnMut(B, &'a Member) -> B>(self, init: B, mut f: F) -> B {
        let Iter {
            members,
            blocks,
            page,
            ..
        } = self;
        let mut acc = page.fold(init, &mut f);
        for head in blocks {
            acc = members.on(head.page).iter().fold(acc, &mut f);
        }
        acc
    }
}

impl ExactSizeIterator for Iter<'_> {}

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
