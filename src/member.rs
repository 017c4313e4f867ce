//! Members, invitations and the time they are judged against.

use core::fmt;

use crate::id::UserId;
use crate::permission::Role;
use crate::text::Email;

/// A point in time, in seconds since the Unix epoch.
///
/// The crate never reads a clock: commands that depend on time take `now`.
///
/// ```
/// use orgmodel::Timestamp;
///
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// assert!(now < now.plus_seconds(3600));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Timestamp(u64);

impl Timestamp {
    /// The time `seconds` after the Unix epoch.
    pub const fn from_unix_seconds(seconds: u64) -> Self {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> u64 {
        self.0
    }

    /// The time `seconds` later (saturating).
    pub const fn plus_seconds(self, seconds: u64) -> Self {
        Timestamp(self.0.saturating_add(seconds))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s after the epoch", self.0)
    }
}

/// A member of an organization: a user, their address and their one role there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Member {
    /// The user.
    pub id: UserId,
    /// Their address, unique among the members (case-insensitively).
    pub email: Email,
    /// Their role in this organization.
    pub role: Role,
}

/// A pending invitation to join an organization.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Invitation {
    /// The invited address.
    pub email: Email,
    /// The role the invitee gets on accepting: Admin, Developer or Viewer.
    pub role: Role,
    /// The first moment at which the invitation can no longer be accepted.
    pub expires_at: Timestamp,
}

impl Invitation {
    /// Whether the invitation has expired at `now`.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }
}
