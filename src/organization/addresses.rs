//! The invitations, and the index of every address of the organization (its
//! members' and its invitations'): how a command finds a member or an
//! invitation by address, and keeps addresses unique case-insensitively,
//! without a scan.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::borrow::Borrow;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{BuildHasher, Hash, Hasher};
use core::ops::Bound;

mod numbered;

pub(super) use numbered::Invitations;

use super::roster::{Members, prefix};
use crate::id::UserId;
use crate::member::{Invitation, Member};
use crate::text::Email;

/// Whose an address is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holder {
    /// A member's, by the first 8 bytes of the user id (see
    /// [`Members::with_prefix`]): nothing to allocate, and a user id almost
    /// never shares them.
    Member(u64),
    /// An invitation's, by the number it was made under ([`Invitations`]).
    Invitation(u64),
}

impl Holder {
    /// The holder of a member's address.
    pub(super) fn member(id: &UserId) -> Holder {
        Holder::Member(prefix(id))
    }
}

/// The members and invitations of an organization, which hold its
/// addresses: a lookup checks its hit against them.
#[derive(Clone, Copy)]
pub(super) struct Holders<'a> {
    pub(super) owner: &'a Member,
    pub(super) others: &'a Members,
    pub(super) invitations: &'a Invitations,
}

impl Holders<'_> {
    /// Whether `holder` holds `email` (compared case-insensitively).
    fn hold(&self, holder: Holder, email: &Email) -> bool {
        match holder {
            Holder::Member(key) => {
                (prefix(&self.owner.id) == key && self.owner.email.eq_ignore_case(email))
                    || self
                        .others
                        .with_prefix(key)
                        .any(|member| member.email.eq_ignore_case(email))
            }
            Holder::Invitation(number) => self
                .invitations
                .get(number)
                .is_some_and(|invitation| invitation.email.eq_ignore_case(email)),
        }
    }
}

/// Every address of the organization, members' and invitations' alike, by
/// the FxHash of its lowercase form (the key of every comparison of
/// addresses): no string is copied into it.
///
/// An address whose hash another took first is kept apart, by hash and
/// lowercase form, so that a lookup costs O(log n) comparisons whatever
/// addresses a document holds; a lookup's hit among the first is checked
/// against the address its holder holds.
///
/// It is derived from the members and the invitations, and every command
/// that changes them keeps it in step (a document read builds it anew): it
/// takes no part in `==` or in hashing.
#[derive(Clone, Default)]
pub(super) struct Addresses {
    /// By hash: the holder of the address that took it first.
    first: BTreeMap<u64, Holder>,
    /// The addresses whose hash another took first.
    more: BTreeMap<Key, Holder>,
}

/// An address kept apart: its hash, then its lowercase form.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    hash: u64,
    text: Box<str>,
}

/// The deterministic FxHash (no randomness in a pure crate). The crate's
/// own tests hash by length, in four values, so that addresses collide all
/// the time there and every path of the index is taken.
fn hash(text: &str) -> u64 {
    if cfg!(test) {
        text.len() as u64 % 4
    } else {
        rustc_hash::FxBuildHasher.hash_one(text)
    }
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

/// Which addresses a document repeats (compared case-insensitively).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Repeats {
    /// Two members'.
    pub(super) members: bool,
    /// A member's and an invitation's.
    pub(super) to_members: bool,
    /// Two invitations'.
    pub(super) invitations: bool,
}

impl Addresses {
    /// The index of these members' and invitations' addresses (the
    /// invitations numbered from 0, as [`Invitations::new`] does), and
    /// which addresses repeat: where one does, the index holds it once.
    pub(super) fn new(members: &[Member], invitations: &[Invitation]) -> (Self, Repeats) {
        let email = |at: usize| match at.checked_sub(members.len()) {
            None => members.get(at).map(|member| &member.email),
            Some(number) => invitations.get(number).map(|invitation| &invitation.email),
        };
        // Hashed and given their holders in the lists' order (the order
        // their strings lie in memory), then sorted by hash.
        let mut hashes: Vec<(u64, usize, Holder)> = members
            .iter()
            .map(|member| (&member.email, Holder::member(&member.id)))
            .chain(
                invitations
                    .iter()
                    .zip(0..)
                    .map(|(invitation, number)| (&invitation.email, Holder::Invitation(number))),
            )
            .zip(0..)
            .map(|((email, holder), at)| (hash(&email.folded()), at, holder))
            .collect();
        hashes.sort_unstable_by_key(|&(hash, at, _)| (hash, at));
        let mut first = Vec::with_capacity(hashes.len());
        let mut more = Vec::new();
        let mut repeats = Repeats::default();
        for group in hashes.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(hash, _, holder)) = group.first() else {
                continue;
            };
            if group.len() == 1 {
                first.push((hash, holder));
                continue;
            }
            // Addresses whose hashes collide: equal ones repeat, the others
            // after the first are kept apart.
            let mut texts: Vec<(Cow<'_, str>, usize, Holder)> = group
                .iter()
                .filter_map(|&(_, at, holder)| Some((email(at)?.folded(), at, holder)))
                .collect();
            texts.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            for pair in texts.windows(2) {
                if let [(a, i, _), (b, j, _)] = pair {
                    if a == b {
                        match (*i < members.len(), *j < members.len()) {
                            (true, true) => repeats.members = true,
                            (false, false) => repeats.invitations = true,
                            _ => repeats.to_members = true,
                        }
                    }
                }
            }
            texts.dedup_by(|a, b| a.0 == b.0);
            let mut texts = texts.into_iter();
            if let Some((_, _, holder)) = texts.next() {
                first.push((hash, holder));
            }
            more.extend(texts.map(|(text, _, holder)| {
                let text = text.into();
                (Key { hash, text }, holder)
            }));
        }
        let addresses = Addresses {
            first: first.into_iter().collect(),
            more: more.into_iter().collect(),
        };
        (addresses, repeats)
    }

    /// How many addresses it holds.
    pub(super) fn len(&self) -> usize {
        self.first.len() + self.more.len()
    }

    /// Whose this address is.
    pub(super) fn get(&self, email: &Email, holders: Holders<'_>) -> Option<Holder> {
        let text = email.folded();
        let hash = hash(&text);
        if !self.more.is_empty() {
            if let Some(&holder) = self.more.get(&(hash, &*text) as &dyn Keyed) {
                return Some(holder);
            }
        }
        self.first
            .get(&hash)
            .copied()
            .filter(|&holder| holders.hold(holder, email))
    }

    /// Gives an address no one holds to `holder`.
    pub(super) fn insert(&mut self, email: &Email, holder: Holder) {
        let text = email.folded();
        let hash = hash(&text);
        if let alloc::collections::btree_map::Entry::Vacant(vacant) = self.first.entry(hash) {
            vacant.insert(holder);
        } else {
            let text = text.into();
            self.more.insert(Key { hash, text }, holder);
        }
    }

    /// Gives an address held to `holder` instead.
    pub(super) fn replace(&mut self, email: &Email, holder: Holder) {
        let text = email.folded();
        let hash = hash(&text);
        if let Some(held) = self.more.get_mut(&(hash, &*text) as &dyn Keyed) {
            *held = holder;
        } else if let Some(held) = self.first.get_mut(&hash) {
            *held = holder;
        }
    }

    /// Forgets an address held: when it was the first of its hash, the next
    /// address of that hash (if any) becomes the first.
    pub(super) fn remove(&mut self, email: &Email) {
        let text = email.folded();
        let hash = hash(&text);
        if self.more.remove(&(hash, &*text) as &dyn Keyed).is_some() {
            return;
        }
        self.first.remove(&hash);
        let from: &dyn Keyed = &(hash, "");
        let next = self
            .more
            .range::<dyn Keyed, _>((Bound::Included(from), Bound::Unbounded))
            .next()
            .filter(|(key, _)| key.hash == hash)
            .map(|(key, _)| key.clone());
        if let Some(holder) = next.and_then(|key| self.more.remove(&key)) {
            self.first.insert(hash, holder);
        }
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
        write!(f, "Addresses({})", self.len())
    }
}

#[cfg(test)]
mod tests;
