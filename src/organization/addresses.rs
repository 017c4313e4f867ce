//! The invitations, and the index of every address of the organization (its
//! members' and its invitations'): how a command finds a member or an
//! invitation by address, and keeps addresses unique case-insensitively,
//! without a scan.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::borrow::Borrow;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{BuildHasher, Hash, Hasher};

use super::roster::prefix;
use crate::id::UserId;
use crate::member::{Invitation, Member};
use crate::text::Email;

/// Whose an address is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holder {
    /// A member's, by the first 8 bytes of the user id (see
    /// [`Members::with_prefix`](super::roster::Members::with_prefix)):
    /// nothing to allocate, and a user id almost never shares them.
    Member(u64),
    /// An invitation's, by the number it was made under ([`Invitations`]).
    Invitation(u64),
}

/// Every address of the organization, members' and invitations' alike, by
/// its lowercase form (the key of every comparison of addresses).
///
/// It is derived from the members and the invitations, and every command
/// that changes them keeps it in step (a document read builds it anew): it
/// takes no part in `==` or in hashing. A B-tree ordered by the hash of the
/// lowercase form, then by the form itself: comparisons rarely read the
/// text, and a lookup costs O(log n) comparisons whatever addresses a
/// document holds (colliding hashes only make it read the text).
#[derive(Clone, Default)]
pub(super) struct Addresses(BTreeMap<Key, Holder>);

/// An address in the index: the hash of its lowercase form, then the form.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    hash: u64,
    text: Box<str>,
}

impl Key {
    fn of(email: &Email) -> Key {
        let text = email.folded();
        Key {
            hash: hash(&text),
            text: text.into(),
        }
    }
}

/// The deterministic FxHash (no randomness in a pure crate).
fn hash(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// A key or a borrowed one, so that a lookup builds no string: ordered as
/// [`Key`] is, by hash, then text.
trait Keyed {
    fn parts(&self) -> (u64, &str);
}

impl Keyed for Key {
    fn parts(&self) -> (u64, &str) {
        (self.hash, &self.text)
    }
}

impl Keyed for (u64, &str) {
    fn parts(&self) -> (u64, &str) {
        *self
    }
}

impl<'a> Borrow<dyn Keyed + 'a> for Key {
    fn borrow(&self) -> &(dyn Keyed + 'a) {
        self
    }
}

impl PartialEq for dyn Keyed + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn Keyed + '_ {}

impl PartialOrd for dyn Keyed + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn Keyed + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

/// Looks `email` up in `map` by its borrowed key.
fn probe<R>(email: &Email, look: impl FnOnce(&dyn Keyed) -> R) -> R {
    let text = email.folded();
    look(&(hash(&text), &*text))
}

impl Holder {
    /// The holder of a member's address.
    pub(super) fn member(id: &UserId) -> Holder {
        Holder::Member(prefix(id))
    }
}

impl Addresses {
    /// The index of these members' addresses; it holds fewer entries than
    /// there are members when two addresses are equal case-insensitively.
    pub(super) fn of_members(members: &[Member]) -> Self {
        Addresses(
            members
                .iter()
                .map(|member| (Key::of(&member.email), Holder::member(&member.id)))
                .collect(),
        )
    }

    /// Adds the addresses of [`Invitations::new`]`(invitations)`; returns
    /// how many distinct addresses they hold. Where an address is both a
    /// member's and an invitation's, the index holds it once.
    pub(super) fn add_invitations(&mut self, invitations: &[Invitation]) -> usize {
        let mut added: BTreeMap<Key, Holder> = invitations
            .iter()
            .zip(0..)
            .map(|(invitation, number)| (Key::of(&invitation.email), Holder::Invitation(number)))
            .collect();
        let distinct = added.len();
        self.0.append(&mut added);
        distinct
    }

    /// How many addresses it holds.
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whose this address is.
    pub(super) fn get(&self, email: &Email) -> Option<&Holder> {
        probe(email, |key| self.0.get(key))
    }

    /// Gives this address to `holder`, whoever held it.
    pub(super) fn set(&mut self, email: &Email, holder: Holder) {
        match probe(email, |key| self.0.get_mut(key)) {
            Some(held) => *held = holder,
            None => {
                self.0.insert(Key::of(email), holder);
            }
        }
    }

    /// Forgets this address.
    pub(super) fn remove(&mut self, email: &Email) {
        probe(email, |key| self.0.remove(key));
    }
}

/// Always equal: the index follows from what the organization holds.
impl PartialEq for Addresses {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Addresses {}

/// Hashes nothing, as it compares equal to any other.
impl Hash for Addresses {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl fmt::Debug for Addresses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Addresses({})", self.0.len())
    }
}

/// The invitations in the order they were made, each with the number it was
/// made under (increasing along the list, never reused), so that one found
/// by its address is found in the list by binary search. `==` and hashing
/// look at the invitations only.
#[derive(Clone, Default)]
pub(super) struct Invitations {
    list: Vec<Invitation>,
    numbers: Vec<u64>,
    next: u64,
}

impl Invitations {
    /// These invitations, numbered from 0 in their order.
    pub(super) fn new(list: Vec<Invitation>) -> Self {
        let next = list.len() as u64;
        Invitations {
            numbers: (0..next).collect(),
            list,
            next,
        }
    }

    pub(super) fn as_slice(&self) -> &[Invitation] {
        &self.list
    }

    pub(super) fn into_vec(self) -> Vec<Invitation> {
        self.list
    }

    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    fn position(&self, number: u64) -> Option<usize> {
        self.numbers.binary_search(&number).ok()
    }

    /// The invitation made under `number`.
    pub(super) fn get(&self, number: u64) -> Option<&Invitation> {
        self.list.get(self.position(number)?)
    }

    /// Adds an invitation after the others; returns its number.
    pub(super) fn push(&mut self, invitation: Invitation) -> u64 {
        let number = self.next;
        self.next += 1;
        self.list.push(invitation);
        self.numbers.push(number);
        number
    }

    /// Takes out the invitation made under `number`.
    pub(super) fn remove(&mut self, number: u64) -> Option<Invitation> {
        let at = self.position(number)?;
        self.numbers.remove(at);
        Some(self.list.remove(at))
    }

    /// Keeps the invitations `keep` keeps, in their order.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&Invitation) -> bool) {
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

#[cfg(test)]
mod tests;
