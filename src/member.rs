//! Members and invitations.

use crate::id::UserId;
use crate::role::RoleRef;
use crate::text::Email;
use crate::time::Timestamp;

/// A member of an organization: a user, their address and their one role there.
///
/// On the wire a member is written with `role_id` and `role_name` (and the
/// deprecated `role` for the source document's four roles), and read by
/// whichever of them names a built-in role, else as the custom role its
/// `role_id` names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Member {
    /// The user.
    pub id: UserId,
    /// Their address, unique among the members (case-insensitively).
    pub email: Email,
    /// Their role in this organization: a built-in role or one of its
    /// custom roles.
    pub role: RoleRef,
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
pub struct Invitation {
    /// The invited address.
    pub email: Email,
    /// The role the invitee gets on accepting: any but Owner.
    pub role: RoleRef,
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
    /// let invitation = Invitation { email: Email::new("bob@acme.dev")?, role: Role::Viewer.into(), expires_at: now.plus_seconds(60) };
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
