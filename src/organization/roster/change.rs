//! Changing the list: inserting and removing members, splitting a full
//! block, joining a block that fell too small to a neighbour.

use super::{EMPTY, Head, MIN, Members, PAGE, STRIDE, Slot, prefix};
use crate::member::Member;

impl Members {
    /// Inserts a member whose id is not yet present, keeping the order; one
    /// whose id is present is not inserted.
    pub(crate) fn insert(&mut self, member: Member) {
        let Err(Slot { block, mut at, .. }) = self.position(&member.id) else {
            return;
        };
        let key = prefix(&member.id);
        let blocks = self.blocks.len();
        let mut page = match self.blocks.get(block) {
            Some(head) => head.page,
            None => {
                let page = self.new_page();
                self.blocks.push(Head { first: key, page });
                page
            }
        };
        let len = self.lens.get(page).copied().unwrap_or_default();
        if len >= PAGE {
            // A full block gives its second half to a new block after it.
            let half = PAGE / 2;
            let next = self.new_page();
            for i in 0..PAGE - half {
                self.shift(page * PAGE + half + i, next * PAGE + i);
            }
            self.set_len(page, half);
            self.set_len(next, PAGE - half);
            self.blocks.insert(
                block + 1,
                Head {
                    first: 0,
                    page: next,
                },
            );
            self.refresh_first(block + 1);
            if at > half {
                (page, at) = (next, at - half);
            }
        }
        let len = self.lens.get(page).copied().unwrap_or_default();
        let base = page * PAGE;
        if let Some(places) = self.places.get_mut(base + at..=base + len) {
            if let Some(last) = places.last_mut() {
                *last = Some(member);
            }
            places.rotate_right(1);
        }
        if let Some(prefixes) = self.prefixes.get_mut(base + at..=base + len) {
            if let Some(last) = prefixes.last_mut() {
                *last = key;
            }
            prefixes.rotate_right(1);
        }
        self.set_len(page, len + 1);
        self.len += 1;
        self.refresh_first(block);
        if self.blocks.len() != blocks {
            self.resample();
        }
    }

    /// Removes the member at `slot`, a place found by [`Members::position`].
    pub(crate) fn remove(&mut self, slot: Slot) -> Option<Member> {
        let page = slot.page;
        let len = self.lens.get(page).copied().unwrap_or_default();
        let base = page * PAGE;
        let places = self.places.get_mut(base + slot.at..base + len)?;
        let member = places.first_mut()?.take();
        places.rotate_left(1);
        if let Some(prefixes) = self.prefixes.get_mut(base + slot.at..base + len) {
            prefixes.rotate_left(1);
            if let Some(last) = prefixes.last_mut() {
                *last = EMPTY;
            }
        }
        self.set_len(page, len - 1);
        self.len -= 1;
        if len - 1 < MIN {
            let blocks = self.blocks.len();
            self.join(slot.block);
            if self.blocks.len() != blocks {
                self.resample();
            }
        } else {
            self.refresh_first(slot.block);
        }
        member
    }

    /// Joins a block that fell under [`MIN`] members to a neighbour, or,
    /// when the two would not fit on a page, shares their members out
    /// evenly; frees the page of a block left empty.
    fn join(&mut self, block: usize) {
        let (left, right) = if block + 1 < self.blocks.len() {
            (block, block + 1)
        } else {
            (block.saturating_sub(1), block)
        };
        let (Some(&Head { page: lp, .. }), Some(&Head { page: rp, .. })) =
            (self.blocks.get(left), self.blocks.get(right))
        else {
            return;
        };
        let (ll, rl) = (self.len_of(lp), self.len_of(rp));
        if left == right {
            // The only block: it goes when empty.
            if ll == 0 {
                self.blocks.clear();
                self.free.push(lp);
            } else {
                self.refresh_first(left);
            }
            return;
        }
        if ll + rl <= PAGE {
            for i in 0..rl {
                self.shift(rp * PAGE + i, lp * PAGE + ll + i);
            }
            self.set_len(lp, ll + rl);
            self.set_len(rp, 0);
            self.free.push(rp);
            self.blocks.remove(right);
        } else {
            let share = (ll + rl) / 2;
            if ll < share {
                let moved = share - ll;
                for i in 0..moved {
                    self.shift(rp * PAGE + i, lp * PAGE + ll + i);
                }
                for i in 0..rl - moved {
                    self.shift(rp * PAGE + moved + i, rp * PAGE + i);
                }
            } else {
                let moved = ll - share;
                for i in (0..rl).rev() {
                    self.shift(rp * PAGE + i, rp * PAGE + moved + i);
                }
                for i in 0..moved {
                    self.shift(lp * PAGE + share + i, rp * PAGE + i);
                }
            }
            self.set_len(lp, share);
            self.set_len(rp, ll + rl - share);
            self.refresh_first(right);
        }
        self.refresh_first(left);
    }

    /// Moves the member (and its prefix) in place `from` to place `to`.
    fn shift(&mut self, from: usize, to: usize) {
        let member = self.places.get_mut(from).and_then(Option::take);
        if let Some(place) = self.places.get_mut(to) {
            *place = member;
        }
        let key = self
            .prefixes
            .get_mut(from)
            .map_or(EMPTY, |place| core::mem::replace(place, EMPTY));
        if let Some(place) = self.prefixes.get_mut(to) {
            *place = key;
        }
    }

    /// A page no block holds: a freed one, or a new one at the end.
    fn new_page(&mut self) -> usize {
        self.free.pop().unwrap_or_else(|| {
            let page = self.lens.len();
            self.lens.push(0);
            self.prefixes.resize((page + 1) * PAGE, EMPTY);
            self.places.resize((page + 1) * PAGE, None);
            page
        })
    }

    fn len_of(&self, page: usize) -> usize {
        self.lens.get(page).copied().unwrap_or_default()
    }

    fn set_len(&mut self, page: usize, len: usize) {
        if let Some(held) = self.lens.get_mut(page) {
            *held = len;
        }
    }

    fn refresh_first(&mut self, block: usize) {
        if let Some(head) = self.blocks.get_mut(block) {
            if let Some(&first) = self.prefixes.get(head.page * PAGE) {
                head.first = first;
                if block % STRIDE == 0 {
                    if let Some(sampled) = self.sample.get_mut(block / STRIDE) {
                        *sampled = first;
                    }
                }
            }
        }
    }
}
