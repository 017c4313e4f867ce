//! Members and invitations.

use alloc::vec::Vec;

use crate::id::UserId;
use crate::role::Role;
use crate::text::Email;
use crate::time::Timestamp;

/// A member of an organization: a user, their address and their one role there.
///
/// On the wire a member is written with `role_id` and `role_name` (and the
/// deprecated `role` for the source document's four roles), and read by
/// whichever of them names a built-in role; one the platform's API returns
/// on a custom role (a `role_id` only) is refused with an error that says so.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Member {
    /// The user.
    pub id: UserId,
    /// Their address, unique among the members (case-insensitively).
    pub email: Email,
    /// Their role in this organization.
    pub role: Role,
}

/// Whether an invitation can still be accepted, spelled as the API's
/// `invitation_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum InvitationStatus {
    /// It can be accepted.
    Pending,
    /// Its expiry has passed: it can no longer be accepted, does not block a
    /// new invitation to the same address, and can be purged.
    Expired,
}

/// An invitation to join an organization, pending until it expires.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct Invitation {
    /// The invited address.
    pub email: Email,
    /// The role the invitee gets on accepting: Admin, Developer or Viewer.
    pub role: Role,
    /// The first moment at which the invitation can no longer be accepted.
    pub expires_at: Timestamp,
}

impl Invitation {
    /// Whether the invitation has expired at `now` (it expires *at* its expiry).
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }

    /// Its status at `now`.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let now = Timestamp::from_unix_seconds(1_000);
    /// let invitation = Invitation { email: Email::new("bob@acme.dev")?, role: Role::Viewer, expires_at: now.plus_seconds(60) };
    /// assert_eq!(invitation.status(now), InvitationStatus::Pending);
    /// assert_eq!(invitation.status(now.plus_seconds(60)), InvitationStatus::Expired);
    /// # Ok::<(), orgmodel::InvalidValue>(())
    /// ```
    pub fn status(&self, now: Timestamp) -> InvitationStatus {
        if self.is_expired(now) {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }
}

/// The members other than the owner, sorted by user id, with a dense index of
/// id prefixes beside them.
///
/// A lookup binary-searches a sample of every 16th prefix (half a byte a
/// member, small enough to stay in cache), then the 16 prefixes of one block
/// (two cache lines), and compares whole ids only where prefixes are equal:
/// that keeps a check on 100,000 members to a few cache misses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Members {
    list: Vec<Member>,
    /// `prefix(list[i].id)`, non-decreasing because `list` is sorted by id.
    prefixes: Vec<u64>,
    /// `prefixes[i * STRIDE]`.
    sample: Vec<u64>,
}

/// Prefixes per block of the sample.
const STRIDE: usize = 16;

/// The first 8 bytes of an id, big-endian, zero-padded: ordered like the ids.
#[inline]
fn prefix(id: &UserId) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(id.as_str().as_bytes()) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

impl Members {
    /// Members in any order; sorts them by id.
    pub(crate) fn new(mut list: Vec<Member>) -> Self {
        list.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        list.shrink_to_fit();
        let prefixes = list.iter().map(|member| prefix(&member.id)).collect();
        let mut members = Members {
            list,
            prefixes,
            sample: Vec::new(),
        };
        members.resample();
        members
    }

    fn resample(&mut self) {
        self.sample = self.prefixes.iter().step_by(STRIDE).copied().collect();
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn as_slice(&self) -> &[Member] {
        &self.list
    }

    pub(crate) fn into_vec(self) -> Vec<Member> {
        self.list
    }

    /// Where the member with this id is, or where it would go.
    #[inline]
    pub(crate) fn position(&self, id: &UserId) -> Result<usize, usize> {
        let key = prefix(id);
        // Block `b - 1` starts below `key` and block `b` does not: the first
        // prefix not below `key` lies after the start of `b - 1`, by `b`'s start.
        let b = self.sample.partition_point(|&k| k < key);
        let low = b.saturating_sub(1) * STRIDE;
        let high = (b * STRIDE + 1).min(self.prefixes.len());
        let block = self.prefixes.get(low..high).unwrap_or_default();
        let start = low + block.partition_point(|&k| k < key);
        // The run of equal prefixes is almost always one long: gallop over it.
        let run = self.prefixes.get(start..).unwrap_or_default();
        let mut bound = 1;
        while run.get(bound).is_some_and(|&k| k == key) {
            bound *= 2;
        }
        let from = bound / 2;
        let to = bound.min(run.len());
        let len = from
            + run
                .get(from..to)
                .unwrap_or_default()
                .partition_point(|&k| k == key);
        let candidates = self.list.get(start..start + len).unwrap_or_default();
        candidates
            .binary_search_by(|member| member.id.cmp(id))
            .map(|i| start + i)
            .map_err(|i| start + i)
    }

    #[inline]
    pub(crate) fn get(&self, id: &UserId) -> Option<&Member> {
        self.list.get(self.position(id).ok()?)
    }

    /// Sets the role of the member at `at` (ids never change in place).
    pub(crate) fn set_role(&mut self, at: usize, role: Role) {
        if let Some(member) = self.list.get_mut(at) {
            member.role = role;
        }
    }

    /// Inserts a member whose id is not yet present, keeping the order.
    pub(crate) fn insert(&mut self, member: Member) {
        let at = self.position(&member.id).unwrap_or_else(|at| at);
        self.prefixes.insert(at, prefix(&member.id));
        self.list.insert(at, member);
        self.resample();
    }

    /// Removes the member at `at`, a position found by [`Members::position`].
    pub(crate) fn remove(&mut self, at: usize) -> Member {
        self.prefixes.remove(at);
        self.resample();
        self.list.remove(at)
    }
}
