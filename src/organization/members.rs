//! Members: change a role, remove, leave, transfer ownership; and
//! [`MemberError`], the error of every command on members or invitations
//! (the invitation commands are in `invitations.rs`).

use super::Organization;
use super::authorize::AccessError;
use super::events::Event;
use super::recorded::Recorded;
use super::roster::Slot;
use crate::category::ErrorCategory;
use crate::id::{CustomRoleId, UserId};
use crate::limits;
use crate::member::Actor;
use crate::permission::Permission;
use crate::role::{Role, RoleRef};
use crate::text::Email;
use crate::time::Timestamp;

/// Why a command on members or invitations was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum MemberError {
    /// Not a member, without the permission, or not the owner.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// The named user is not a member.
    #[error("user {user} is not a member of the organization", user = crate::text::Shown(.user.as_str()))]
    NoSuchMember {
        /// The user named by the command.
        user: UserId,
    },
    /// No custom role with this id: the role a command would give.
    #[error("custom role {role} is not defined in the organization", role = crate::text::Shown(.role.as_str()))]
    NoSuchRole {
        /// The role.
        role: CustomRoleId,
    },
    /// No invitation for this address.
    #[error("there is no invitation for {email}", email = crate::text::Shown(.email.as_str()))]
    NoSuchInvitation {
        /// The address.
        email: Email,
    },
    /// The Owner role is only ever given by transferring ownership.
    #[error(
        "the Owner role cannot be given by invitation or role change: transfer ownership instead"
    )]
    OwnerOnlyByTransfer,
    /// An invitation must expire after it is made.
    #[error("an invitation made at {now} must expire after it, not at {expires_at}")]
    ExpiryNotAfterNow {
        /// The expiry asked for.
        expires_at: Timestamp,
        /// When the invitation was made.
        now: Timestamp,
    },
    /// The owner's role cannot be changed, nor the owner removed.
    #[error("user {user} is the owner: transfer ownership first", user = crate::text::Shown(.user.as_str()))]
    OwnerIsFixed {
        /// The owner.
        user: UserId,
    },
    /// The owner cannot leave without transferring ownership first.
    #[error("the owner ({user}) cannot leave without transferring ownership first", user = crate::text::Shown(.user.as_str()))]
    OwnerCannotLeave {
        /// The owner.
        user: UserId,
    },
    /// The address already belongs to a member.
    #[error("{email} is already a member of the organization", email = crate::text::Shown(.email.as_str()))]
    AlreadyAMember {
        /// The member's address.
        email: Email,
    },
    /// The user accepting an invitation is already a member.
    #[error("user {user} is already a member of the organization", user = crate::text::Shown(.user.as_str()))]
    UserAlreadyAMember {
        /// The user.
        user: UserId,
    },
    /// The address already has a pending invitation.
    #[error("{email} already has a pending invitation", email = crate::text::Shown(.email.as_str()))]
    AlreadyInvited {
        /// The invited address.
        email: Email,
    },
    /// The invitation expired before it was accepted.
    #[error("the invitation for {email} expired at {expired_at}", email = crate::text::Shown(.email.as_str()))]
    InvitationExpired {
        /// The invited address.
        email: Email,
        /// When it expired.
        expired_at: Timestamp,
    },
    /// The organization holds as many members or invitations as it may.
    #[error("{} holds at most {} {}", limit.holder(), limit.value(), limit.unit())]
    LimitReached {
        /// The limit it would pass.
        limit: limits::Limit,
        /// The size the command would have made.
        size: usize,
    },
}

impl MemberError {
    /// A stable machine name: the access error's, or the variant's in snake case.
    pub const fn kind(&self) -> &'static str {
        match self {
            MemberError::Access(error) => error.kind(),
            MemberError::NoSuchMember { .. } => "no_such_member",
            MemberError::NoSuchInvitation { .. } => "no_such_invitation",
            MemberError::NoSuchRole { .. } => "no_such_role",
            MemberError::OwnerOnlyByTransfer => "owner_only_by_transfer",
            MemberError::ExpiryNotAfterNow { .. } => "expiry_not_after_now",
            MemberError::OwnerIsFixed { .. } => "owner_is_fixed",
            MemberError::OwnerCannotLeave { .. } => "owner_cannot_leave",
            MemberError::AlreadyAMember { .. } => "already_a_member",
            MemberError::UserAlreadyAMember { .. } => "user_already_a_member",
            MemberError::AlreadyInvited { .. } => "already_invited",
            MemberError::InvitationExpired { .. } => "invitation_expired",
            MemberError::LimitReached { .. } => "limit_reached",
        }
    }

    /// Forbidden, not found, invalid or conflict.
    pub const fn category(&self) -> ErrorCategory {
        match self {
            MemberError::Access(error) => error.category(),
            MemberError::NoSuchMember { .. }
            | MemberError::NoSuchInvitation { .. }
            | MemberError::NoSuchRole { .. } => ErrorCategory::NotFound,
            MemberError::OwnerOnlyByTransfer | MemberError::ExpiryNotAfterNow { .. } => {
                ErrorCategory::Invalid
            }
            MemberError::OwnerIsFixed { .. }
            | MemberError::OwnerCannotLeave { .. }
            | MemberError::AlreadyAMember { .. }
            | MemberError::UserAlreadyAMember { .. }
            | MemberError::AlreadyInvited { .. }
            | MemberError::InvitationExpired { .. }
            | MemberError::LimitReached { .. } => ErrorCategory::Conflict,
        }
    }
}

impl Organization {
    /// Refuses a custom role the organization does not define.
    pub(super) fn check_role_defined(&self, role: &RoleRef) -> Result<(), MemberError> {
        match role.custom() {
            Some(id) if self.custom_role(id).is_none() => {
                Err(MemberError::NoSuchRole { role: id.clone() })
            }
            _ => Ok(()),
        }
    }

    /// The position of `user` among the other members, refusing a user who
    /// is not a member; the owner is `Ok(None)`.
    fn find_member(&self, user: &UserId) -> Result<Option<Slot>, MemberError> {
        if self.owner.id == *user {
            return Ok(None);
        }
        self.others
            .position(user)
            .map(Some)
            .map_err(|_| MemberError::NoSuchMember { user: user.clone() })
    }

    /// Changes a member's role to any role but Owner: a built-in role or
    /// one of the organization's custom roles. Needs *Invite members*. The
    /// owner's role cannot change, and nobody becomes Owner this way: see
    /// [`Organization::transfer_ownership`]. Changing a role to the role
    /// held changes nothing.
    ///
    /// # Errors
    /// [`MemberError::Access`], [`MemberError::NoSuchMember`],
    /// [`MemberError::NoSuchRole`], [`MemberError::OwnerOnlyByTransfer`],
    /// [`MemberError::OwnerIsFixed`].
    pub fn change_role<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        member: &UserId,
        role: impl Into<RoleRef>,
    ) -> Result<Option<Recorded>, MemberError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let role = role.into();
        let at = self.find_member(member)?;
        self.check_role_defined(&role)?;
        if role.is_owner() {
            return Err(MemberError::OwnerOnlyByTransfer);
        }
        let at = at.ok_or_else(|| MemberError::OwnerIsFixed {
            user: member.clone(),
        })?;
        if self.others.at(at).is_none_or(|m| m.role == role) {
            return Ok(None);
        }
        self.others.set_role(at, role.clone());
        Ok(Some(self.record(
            actor,
            now,
            Event::RoleChanged {
                member: member.clone(),
                role,
            },
        )))
    }

    /// Removes a member other than the owner. Needs *Invite members*.
    ///
    /// # Errors
    /// [`MemberError::Access`], [`MemberError::NoSuchMember`],
    /// [`MemberError::OwnerIsFixed`].
    pub fn remove_member<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        member: &UserId,
    ) -> Result<Recorded, MemberError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let at = self
            .find_member(member)?
            .ok_or_else(|| MemberError::OwnerIsFixed {
                user: member.clone(),
            })?;
        if let Some(removed) = self.others.remove(at) {
            self.addresses.remove(&removed.email);
        }
        Ok(self.record(
            actor,
            now,
            Event::MemberRemoved {
                member: member.clone(),
            },
        ))
    }

    /// The actor leaves the organization. The owner must transfer ownership
    /// first. Needs only membership.
    ///
    /// # Errors
    /// [`MemberError::Access`] (not a member, or a token: only a user
    /// leaves), [`MemberError::OwnerCannotLeave`].
    pub fn leave<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
    ) -> Result<Recorded, MemberError> {
        let actor = self.acting_user(actor.into(), now)?;
        self.member_role(actor)?;
        let at = self
            .find_member(actor)?
            .ok_or_else(|| MemberError::OwnerCannotLeave {
                user: actor.clone(),
            })?;
        if let Some(left) = self.others.remove(at) {
            self.addresses.remove(&left.email);
        }
        Ok(self.record(actor.into(), now, Event::MemberLeft))
    }

    /// The owner hands ownership to another member, who becomes Owner; the
    /// former owner becomes Admin. Transferring to oneself changes nothing.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, bob): (UserId, UserId) = ("ada".parse()?, "bob".parse()?);
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// let mut log = vec![];
    /// log.push(org.invite(&ada, now, Email::new("bob@acme.dev")?, Role::Viewer, now.plus_seconds(60))?);
    /// log.push(org.accept_invitation(&bob, now, &Email::new("bob@acme.dev")?)?);
    ///
    /// log.extend(org.transfer_ownership(&ada, now, &bob)?);
    /// assert_eq!(org.owner().id, bob);
    /// assert_eq!(org.role_of(&ada), Some(&Role::Admin.into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MemberError::Access`] (not a member, a token, or not the owner),
    /// [`MemberError::NoSuchMember`].
    pub fn transfer_ownership<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        to: &UserId,
    ) -> Result<Option<Recorded>, MemberError> {
        let actor = self.acting_user(actor.into(), now)?;
        self.member_role(actor)?;
        if self.owner.id != *actor {
            return Err(AccessError::NotTheOwner {
                user: actor.clone(),
            }
            .into());
        }
        let Some(at) = self.find_member(to)? else {
            return Ok(None);
        };
        let Some(mut heir) = self.others.remove(at) else {
            return Err(MemberError::NoSuchMember { user: to.clone() });
        };
        heir.role = RoleRef::BuiltIn(Role::Owner);
        let mut former = core::mem::replace(&mut self.owner, heir);
        former.role = RoleRef::BuiltIn(Role::Admin);
        self.others.insert(former);
        Ok(Some(self.record(
            actor.into(),
            now,
            Event::OwnershipTransferred { to: to.clone() },
        )))
    }
}

/// A request to change a member's role, as the API's
/// `MemberRoleUpdateRequest` has it (`user_id`, `role_id`): the role is a
/// built-in role (by name or the crate's fixed id) or a custom role's id.
/// It is the command [`Command::ChangeRole`](super::Command::ChangeRole).
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use orgmodel::*;
///
/// let request: MemberRoleUpdateRequest = serde_json::from_str(r#"{"user_id": "bob", "role_id": "devops"}"#)?;
/// assert_eq!(request.role, Role::DevOps);
/// assert!(matches!(Command::from(request), Command::ChangeRole { .. }));
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemberRoleUpdateRequest {
    /// The member whose role changes.
    pub member: UserId,
    /// Their new role.
    pub role: RoleRef,
}

impl From<MemberRoleUpdateRequest> for super::Command {
    fn from(request: MemberRoleUpdateRequest) -> Self {
        super::Command::ChangeRole {
            member: request.member,
            role: request.role,
        }
    }
}
