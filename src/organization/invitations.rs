//! Invitations: invite, revoke, purge the expired, accept. Refused with
//! [`MemberError`], which `members.rs` defines.

use super::Organization;
use super::addresses::Holder;
use super::events::Event;
use super::members::MemberError;
use super::recorded::Recorded;
use crate::limits;
use crate::member::{Actor, Invitation, Member};
use crate::permission::Permission;
use crate::role::RoleRef;
use crate::text::Email;
use crate::time::Timestamp;

impl Organization {
    /// Invites an address, at `now`, with any role but Owner (a built-in
    /// role or one of the organization's custom roles), until `expires_at`.
    /// Needs *Invite members*. An expired invitation to the same address is
    /// replaced.
    ///
    /// # Errors
    /// In this order: [`MemberError::Access`]; [`MemberError::NoSuchRole`];
    /// [`MemberError::OwnerOnlyByTransfer`], [`MemberError::ExpiryNotAfterNow`];
    /// [`MemberError::AlreadyAMember`], [`MemberError::AlreadyInvited`] (a
    /// pending invitation), [`MemberError::LimitReached`].
    pub fn invite<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        email: Email,
        role: impl Into<RoleRef>,
        expires_at: Timestamp,
    ) -> Result<Recorded, MemberError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let role = role.into();
        self.check_role_defined(&role)?;
        if role.is_owner() {
            return Err(MemberError::OwnerOnlyByTransfer);
        }
        if expires_at <= now {
            return Err(MemberError::ExpiryNotAfterNow { expires_at, now });
        }
        let earlier = match self.holder_of(&email) {
            Some(Holder::Member(_)) => return Err(MemberError::AlreadyAMember { email }),
            Some(Holder::Invitation(number)) => Some(number),
            None => None,
        };
        match earlier.and_then(|number| self.invitations.get(number)) {
            Some(invitation) if !invitation.is_expired(now) => {
                return Err(MemberError::AlreadyInvited { email });
            }
            Some(_) => {}
            None if self.invitations.len() >= limits::INVITATIONS => {
                return Err(MemberError::LimitReached {
                    limit: limits::Limit::Invitations,
                    size: self.invitations.len() + 1,
                });
            }
            None => {}
        }
        if let Some(number) = earlier {
            self.invitations.remove(number);
        }
        let number = self.invitations.push(Invitation {
            email: email.clone(),
            role: role.clone(),
            expires_at,
        });
        if earlier.is_some() {
            self.addresses.replace(&email, Holder::Invitation(number));
        } else {
            self.addresses.insert(&email, Holder::Invitation(number));
        }
        Ok(self.record(
            actor,
            now,
            Event::Invited {
                email,
                role,
                expires_at,
            },
        ))
    }

    /// Withdraws an invitation, expired or not. Needs *Invite members*.
    ///
    /// # Errors
    /// [`MemberError::Access`], [`MemberError::NoSuchInvitation`].
    pub fn revoke_invitation<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        email: &Email,
    ) -> Result<Recorded, MemberError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let number =
            self.invitation_number(email)
                .ok_or_else(|| MemberError::NoSuchInvitation {
                    email: email.clone(),
                })?;
        self.invitations.remove(number);
        self.addresses.remove(email);
        Ok(self.record(
            actor,
            now,
            Event::InvitationRevoked {
                email: email.clone(),
            },
        ))
    }

    /// The number of the invitation to this address (compared
    /// case-insensitively): a lookup in the index of addresses.
    fn invitation_number(&self, email: &Email) -> Option<u64> {
        match self.holder_of(email)? {
            Holder::Invitation(number) => Some(number),
            Holder::Member(_) => None,
        }
    }

    /// Removes the invitations that have expired at `now`; `None` when none
    /// had. Housekeeping for the service that holds the organization: it
    /// needs no permission (the actor is who ran it, for the log), and
    /// changes nothing anyone could still act on.
    pub fn purge_expired<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
    ) -> Option<Recorded> {
        let actor = actor.into();
        let before = self.invitations.len();
        let addresses = &mut self.addresses;
        self.invitations.retain(|invitation| {
            let expired = invitation.is_expired(now);
            if expired {
                addresses.remove(&invitation.email);
            }
            !expired
        });
        (self.invitations.len() != before)
            .then(|| self.record(actor, now, Event::ExpiredInvitationsPurged))
    }

    /// `actor` accepts the invitation sent to `email` at `now`, and becomes a
    /// member with the invitation's role. An invitation can be accepted until
    /// (not at) its expiry.
    ///
    /// The caller vouches that `actor` controls `email` (typically: they
    /// followed the link the service e-mailed); the crate sends nothing.
    ///
    /// # Errors
    /// [`MemberError::Access`] when the actor is a token (only a user
    /// accepts), [`MemberError::NoSuchInvitation`],
    /// [`MemberError::InvitationExpired`], [`MemberError::UserAlreadyAMember`],
    /// [`MemberError::LimitReached`].
    pub fn accept_invitation<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        email: &Email,
    ) -> Result<Recorded, MemberError> {
        let actor = self.acting_user(actor.into(), now)?;
        let (number, invitation) = self
            .invitation_number(email)
            .and_then(|number| Some((number, self.invitations.get(number)?)))
            .ok_or_else(|| MemberError::NoSuchInvitation {
                email: email.clone(),
            })?;
        if invitation.is_expired(now) {
            return Err(MemberError::InvitationExpired {
                email: invitation.email.clone(),
                expired_at: invitation.expires_at,
            });
        }
        if self.member(actor).is_some() {
            return Err(MemberError::UserAlreadyAMember {
                user: actor.clone(),
            });
        }
        if self.member_count() >= limits::MEMBERS {
            return Err(MemberError::LimitReached {
                limit: limits::Limit::Members,
                size: self.member_count() + 1,
            });
        }
        let invitation =
            self.invitations
                .remove(number)
                .ok_or_else(|| MemberError::NoSuchInvitation {
                    email: email.clone(),
                })?;
        self.addresses
            .replace(&invitation.email, Holder::member(actor));
        self.others.insert(Member {
            id: actor.clone(),
            email: invitation.email,
            role: invitation.role,
        });
        Ok(self.record(
            actor.into(),
            now,
            Event::InvitationAccepted {
                email: email.clone(),
            },
        ))
    }
}
