//! The invitations in the order they were made, numbered.

use alloc::vec::Vec;
use core::fmt;
use core::hash::{Hash, Hasher};

use crate::member::Invitation;

/// The invitations in the order they were made, each with the number it was
/// made under (increasing along the list, never reused), so that one found
/// by its address is found in the list by binary search. `==` and hashing
/// look at the invitations only.
#[derive(Clone, Default)]
pub(in crate::organization) struct Invitations {
    list: Vec<Invitation>,
    pub(super) numbers: Vec<u64>,
    pub(super) next: u64,
}

impl Invitations {
    /// These invitations, numbered from 0 in their order.
    pub(in crate::organization) fn new(list: Vec<Invitation>) -> Self {
        let next = list.len() as u64;
        Invitations {
            numbers: (0..next).collect(),
            list,
            next,
        }
    }

    pub(in crate::organization) fn as_slice(&self) -> &[Invitation] {
        &self.list
    }

    pub(in crate::organization) fn into_vec(self) -> Vec<Invitation> {
        self.list
    }

    pub(in crate::organization) fn len(&self) -> usize {
        self.list.len()
    }

    fn position(&self, number: u64) -> Option<usize> {
        self.numbers.binary_search(&number).ok()
    }

    /// The invitation made under `number`.
    pub(in crate::organization) fn get(&self, number: u64) -> Option<&Invitation> {
        self.list.get(self.position(number)?)
    }

    /// Adds an invitation after the others; returns its number.
    pub(in crate::organization) fn push(&mut self, invitation: Invitation) -> u64 {
        let number = self.next;
        self.next += 1;
        self.list.push(invitation);
        self.numbers.push(number);
        number
    }

    /// Takes out the invitation made under `number`.
    pub(in crate::organization) fn remove(&mut self, number: u64) -> Option<Invitation> {
        let at = self.position(number)?;
        self.numbers.remove(at);
        Some(self.list.remove(at))
    }

    /// Keeps the invitations `keep` keeps, in their order.
    pub(in crate::organization) fn retain(&mut self, mut keep: impl FnMut(&Invitation) -> bool) {
        let mut kept = Vec::with_capacity(self.list.len());
        self.list.retain(|invitation| {
            let keep = keep(invitation);
            kept.push(keep);
            keep
        });
        let mut kept = kept.into_iter();
        self.numbers.retain(|_| kept.next().unwrap_or(true));
    }
}

impl PartialEq for Invitations {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for Invitations {}

impl Hash for Invitations {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.list.hash(state);
    }
}

impl fmt::Debug for Invitations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.list.fmt(f)
    }
}
