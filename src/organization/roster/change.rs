//! Changing the list: inserting and removing members, splitting a full
//! block, joining a block that fell too small to a neighbour.

use alloc::vec::Vec;

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
        if self.len_of(page) >= PAGE {
            // A full block gives its second half to a new block after it.
            let half = PAGE / 2;
            let next = self.new_page();
            let tail = self
                .list_mut(page)
                .map(|on| on.split_off(half.min(on.len())));
            if let (Some(tail), Some(on)) = (tail, self.list_mut(next)) {
                on.extend(tail);
            }
            self.move_prefixes(page * PAGE + half, PAGE - half, next * PAGE);
            self.empty_from(page, half);
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
        let len = self.len_of(page);
        let at = at.min(len);
        if let Some(on) = self.list_mut(page) {
            on.insert(at, member);
        }
        let base = page * PAGE;
        if let Some(prefixes) = self.prefixes.get_mut(base + at..=base + len) {
            if let Some(last) = prefixes.last_mut() {
                *last = key;
            }
            prefixes.rotate_right(1);
        }
        self.len += 1;
        self.refresh_first(block);
        if self.blocks.len() != blocks {
            self.resample();
        }
    }

    /// Removes the member at `slot`, a place found by [`Members::position`].
    pub(crate) fn remove(&mut self, slot: Slot) -> Option<Member> {
        let page = slot.page;
        let len = self.len_of(page);
        if slot.at >= len {
            return None;
        }
        let member = self.list_mut(page)?.remove(slot.at);
        let base = page * PAGE;
        if let Some(prefixes) = self.prefixes.get_mut(base + slot.at..base + len) {
            prefixes.rotate_left(1);
            if let Some(last) = prefixes.last_mut() {
                *last = EMPTY;
            }
        }
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
        Some(member)
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
        let mut on_right = self.list_mut(rp).map(core::mem::take).unwrap_or_default();
        let (lb, rb) = (lp * PAGE, rp * PAGE);
        if ll + rl <= PAGE {
            if let Some(on_left) = self.list_mut(lp) {
                on_left.append(&mut on_right);
            }
            self.move_prefixes(rb, rl, lb + ll);
            self.empty_from(rp, 0);
            self.free.push(rp);
            self.blocks.remove(right);
        } else {
            let share = (ll + rl) / 2;
            if ll < share {
                let moved = share - ll;
                if let Some(on_left) = self.list_mut(lp) {
                    on_left.extend(on_right.drain(..moved.min(rl)));
                }
                self.move_prefixes(rb, moved, lb + ll);
                self.move_prefixes(rb + moved, rl - moved, rb);
                self.empty_from(rp, rl - moved);
            } else {
                let moved = ll - share;
                let mut tail: Vec<Member> = self
                    .list_mut(lp)
                    .map(|on| on.split_off(share.min(on.len())))
                    .unwrap_or_default();
                tail.reserve(PAGE - moved);
                tail.append(&mut on_right);
                on_right = tail;
                self.move_prefixes(rb, rl, rb + moved);
                self.move_prefixes(lb + share, moved, rb);
                self.empty_from(lp, share);
            }
            self.refresh_first(right);
        }
        if let Some(on) = self.list_mut(rp) {
            *on = on_right;
        }
        self.refresh_first(left);
    }

    /// A page no block holds: a freed one, or a new one at the end.
    fn new_page(&mut self) -> usize {
        self.free.pop().unwrap_or_else(|| {
            let page = self.lists.len();
            self.lists.push(Vec::with_capacity(PAGE));
            self.prefixes.resize((page + 1) * PAGE, EMPTY);
            page
        })
    }

    fn len_of(&self, page: usize) -> usize {
        self.on(page).len()
    }

    fn list_mut(&mut self, page: usize) -> Option<&mut Vec<Member>> {
        self.lists.get_mut(page)
    }

    /// Copies `len` prefixes from place `from` to place `to` (the ranges
    /// may overlap).
    fn move_prefixes(&mut self, from: usize, len: usize, to: usize) {
        let end = self.prefixes.len();
        if from + len <= end && to + len <= end {
            self.prefixes.copy_within(from..from + len, to);
        }
    }

    /// Marks the places of `page` from `from` on empty.
    fn empty_from(&mut self, page: usize, from: usize) {
        if let Some(prefixes) = self.prefixes.get_mut(page * PAGE + from..(page + 1) * PAGE) {
            prefixes.fill(EMPTY);
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
