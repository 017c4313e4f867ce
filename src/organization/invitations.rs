//! Invitations: invite, revoke, purge the expired, accept. Refused with
//! [`MemberError`], which `members.rs` defines.

use super::Organization;
use super::events::Event;
use super::members::MemberError;
use super::recorded::Recorded;
use crate::id::UserId;
use crate::limits;
use crate::member::{Invitation, Member};
use crate::permission::Permission;
use crate::role::Role;
use crate::text::Email;
use crate::time::Timestamp;

impl Organization {
    /// Invites an address, at `now`, with a role among Admin, Developer and
    /// Viewer, until `expires_at`. Needs *Invite members*. An expired
    /// invitation to the same address is replaced.
    ///
    /// # Errors
    /// In this order: [`MemberError::Access`];
    /// [`MemberError::OwnerOnlyByTransfer`], [`MemberError::ExpiryNotAfterNow`];
    /// [`MemberError::AlreadyAMember`], [`MemberError::AlreadyInvited`] (a
    /// pending invitation), [`MemberError::LimitReached`].
    pub fn invite(
        &mut self,
        actor: &UserId,
        now: Timestamp,
        email: Email,
        role: Role,
        expires_at: Timestamp,
    ) -> Result<Recorded, MemberError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        if role == Role::Owner {
            return Err(MemberError::OwnerOnlyByTransfer);
        }
        if expires_at <= now {
            return Err(MemberError::ExpiryNotAfterNow { expires_at, now });
        }
        if self.member_by_email(&email).is_some() {
            return Err(MemberError::AlreadyAMember { email });
        }
        let earlier = self.invitation_index(&email);
        match earlier.and_then(|at| self.invitations.get(at)) {
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
        if let Some(at) = earlier {
            self.invitations.remove(at);
        }
        self.invitations.push(Invitation {
            email: email.clone(),
            role,
            expires_at,
        });
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
    pub fn revoke_invitation(
        &mut self,
        actor: &UserId,
        now: Timestamp,
        email: &Email,
    ) -> Result<Recorded, MemberError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        let at = self
            .invitation_index(email)
            .ok_or_else(|| MemberError::NoSuchInvitation {
                email: email.clone(),
            })?;
        self.invitations.remove(at);
        Ok(self.record(
            actor,
            now,
            Event::InvitationRevoked {
                email: email.clone(),
            },
        ))
    }

    fn invitation_index(&self, email: &Email) -> Option<usize> {
        self.invitations
            .iter()
            .position(|invitation| invitation.email.eq_ignore_case(email))
    }

    /// Removes the invitations that have expired at `now`; `None` when none
    /// had. Housekeeping for the service that holds the organization: it
    /// needs no permission (the actor is who ran it, for the log), and
    /// changes nothing anyone could still act on.
    pub fn purge_expired(&mut self, actor: &UserId, now: Timestamp) -> Option<Recorded> {
        let before = self.invitations.len();
        self.invitations
            .retain(|invitation| !invitation.is_expired(now));
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
    /// [`MemberError::NoSuchInvitation`], [`MemberError::InvitationExpired`],
    /// [`MemberError::UserAlreadyAMember`], [`MemberError::LimitReached`].
    pub fn accept_invitation(
        &mut self,
        actor: &UserId,
        now: Timestamp,
        email: &Email,
    ) -> Result<Recorded, MemberError> {
        let (at, invitation) = self
            .invitation_index(email)
            .and_then(|at| Some((at, self.invitations.get(at)?)))
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
        let invitation = self.invitations.remove(at);
        self.others.insert(Member {
            id: actor.clone(),
            email: invitation.email,
            role: invitation.role,
        });
        Ok(self.record(
            actor,
            now,
            Event::InvitationAccepted {
                email: email.clone(),
            },
        ))
    }
}
