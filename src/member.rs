//! Members, invitations and API tokens: who acts in an organization.

use alloc::string::String;
use core::fmt;

use crate::id::{ApiTokenId, UserId};
use crate::role::RoleRef;
use crate::text::{Email, Name, Shown};
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

/// An API token: one of the organization's machine principals (a service, a
/// CI pipeline, infrastructure as code), holding one role as a member does.
///
/// Its role is any but Owner, and never holds a permission its creator
/// lacked; a token with an expiry has no permission at all from that moment
/// on ([`ApiToken::is_expired`]). The organization checks it as it checks a
/// member holding the same role ([`crate::Organization::check_token`]).
///
/// ```
/// use orgmodel::*;
///
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// let token = ApiToken {
///     id: "t-ci".parse()?,
///     name: Name::new("CI")?,
///     description: String::new(),
///     role: Role::Developer.into(),
///     expires_at: Some(now.plus_seconds(3_600)),
/// };
/// assert!(!token.is_expired(now));
/// assert!(token.is_expired(now.plus_seconds(3_600)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ApiToken {
    /// Its id, unique among the organization's tokens.
    pub id: ApiTokenId,
    /// Its name.
    pub name: Name,
    /// Its description (at most [`crate::limits::TEXT`] characters).
    pub description: String,
    /// The role it holds: a built-in role but Owner, or one of the
    /// organization's custom roles.
    pub role: RoleRef,
    /// The first moment at which it has no permission; `None` for a token
    /// that never expires.
    pub expires_at: Option<Timestamp>,
}

impl ApiToken {
    /// Whether the token has expired at `now` (it expires *at* its expiry).
    #[inline]
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|expires_at| now >= expires_at)
    }
}

/// Who runs a command or is checked: a user, through their membership, or
/// one of the organization's API tokens. The owned form, as a log keeps
/// it; commands take the borrowed [`Actor`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principal {
    /// A user; a member of the organization, or refused as not one.
    User(UserId),
    /// An API token; one of the organization's, unexpired, or refused as
    /// no valid token.
    ApiToken(ApiTokenId),
}

/// Who runs a command, borrowed: what every command takes as its `actor`,
/// so that a `&UserId`, a `&ApiTokenId` or a `&Principal` may be passed.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let token: ApiTokenId = "t-ci".parse()?;
/// assert_eq!(Actor::from(&ada), Actor::User(&ada));
/// assert_eq!(Actor::from(&token).to_principal(), Principal::ApiToken(token.clone()));
/// assert_eq!(Actor::from(&token).to_string(), "API token t-ci");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor<'a> {
    /// A user.
    User(&'a UserId),
    /// An API token.
    ApiToken(&'a ApiTokenId),
}

impl<'a> Actor<'a> {
    /// The user, if the actor is one.
    #[inline]
    pub fn user(self) -> Option<&'a UserId> {
        match self {
            Actor::User(user) => Some(user),
            Actor::ApiToken(_) => None,
        }
    }

    /// The owned form.
    pub fn to_principal(self) -> Principal {
        match self {
            Actor::User(user) => Principal::User(user.clone()),
            Actor::ApiToken(token) => Principal::ApiToken(token.clone()),
        }
    }
}

impl<'a> From<&'a UserId> for Actor<'a> {
    #[inline]
    fn from(user: &'a UserId) -> Self {
        Actor::User(user)
    }
}

impl<'a> From<&'a ApiTokenId> for Actor<'a> {
    #[inline]
    fn from(token: &'a ApiTokenId) -> Self {
        Actor::ApiToken(token)
    }
}

impl<'a> From<&'a Principal> for Actor<'a> {
    #[inline]
    fn from(principal: &'a Principal) -> Self {
        match principal {
            Principal::User(user) => Actor::User(user),
            Principal::ApiToken(token) => Actor::ApiToken(token),
        }
    }
}

impl Principal {
    /// The borrowed form.
    #[inline]
    pub fn as_actor(&self) -> Actor<'_> {
        self.into()
    }
}

impl From<UserId> for Principal {
    fn from(user: UserId) -> Self {
        Principal::User(user)
    }
}

impl From<ApiTokenId> for Principal {
    fn from(token: ApiTokenId) -> Self {
        Principal::ApiToken(token)
    }
}

impl fmt::Display for Actor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::User(user) => write!(f, "user {}", Shown(user.as_str())),
            Actor::ApiToken(token) => write!(f, "API token {}", Shown(token.as_str())),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_actor().fmt(f)
    }
}
