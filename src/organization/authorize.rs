//! The refusal every command starts with: who acts (a member, or a valid
//! API token), and whether their role may, judged before anything is
//! looked up so that it reveals nothing.

use super::Organization;
use super::check::decide;
use crate::category::ErrorCategory;
use crate::decision::{Decision, Denial, DenialReason};
use crate::id::{ApiTokenId, ClusterId, ProjectId, UserId};
use crate::member::{Actor, Principal};
use crate::permission::Permission;
use crate::role::{Capability, Held};
use crate::time::Timestamp;

/// Why a caller may not run a command: the refusal every command checks
/// first, before it looks anything up, so that it reveals nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum AccessError {
    /// The acting user is not a member of the organization.
    #[error("user {user} is not a member of the organization", user = crate::text::Shown(.user.as_str()))]
    NotAMember {
        /// The acting user.
        user: UserId,
    },
    /// The acting API token is not one of the organization's, or has
    /// expired: the two are refused alike.
    #[error("API token {token} is not a valid token of the organization (unknown or expired)", token = crate::text::Shown(.token.as_str()))]
    NoValidToken {
        /// The acting token.
        token: ApiTokenId,
    },
    /// The actor's role lacks the permission the command needs.
    #[error("{actor} may not do this: {denial}")]
    Denied {
        /// The acting user or token.
        actor: Principal,
        /// What was missing, and the built-in roles that have it.
        denial: Denial,
    },
    /// Only the owner may do this (transfer ownership).
    #[error("only the owner may transfer ownership, and user {user} is not the owner", user = crate::text::Shown(.user.as_str()))]
    NotTheOwner {
        /// The acting user.
        user: UserId,
    },
    /// Only a user may do this (accept an invitation, leave, transfer
    /// ownership), and the actor is a valid API token.
    #[error("API token {token} may not do this: only a user may accept an invitation, leave or transfer ownership", token = crate::text::Shown(.token.as_str()))]
    NotAUser {
        /// The acting token.
        token: ApiTokenId,
    },
}

impl AccessError {
    /// `not_a_member`, `no_valid_token`, `denied`, `not_the_owner` or
    /// `not_a_user`.
    pub const fn kind(&self) -> &'static str {
        match self {
            AccessError::NotAMember { .. } => "not_a_member",
            AccessError::NoValidToken { .. } => "no_valid_token",
            AccessError::Denied { .. } => "denied",
            AccessError::NotTheOwner { .. } => "not_the_owner",
            AccessError::NotAUser { .. } => "not_a_user",
        }
    }

    /// Always [`ErrorCategory::Forbidden`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Forbidden
    }
}

impl Organization {
    /// The user's role, if they are a member.
    pub(super) fn member_role(&self, user: &UserId) -> Result<Held<'_>, AccessError> {
        self.held_by(user)
            .ok_or_else(|| AccessError::NotAMember { user: user.clone() })
    }

    /// The actor's role at `now`: a member's, or a valid token's.
    pub(super) fn actor_role(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
    ) -> Result<Held<'_>, AccessError> {
        match actor {
            Actor::User(user) => self.member_role(user),
            Actor::ApiToken(token) => {
                self.held_by_token(token, now)
                    .ok_or_else(|| AccessError::NoValidToken {
                        token: token.clone(),
                    })
            }
        }
    }

    /// The acting user, for the commands only a user runs (accept an
    /// invitation, leave, transfer ownership): a token is refused as no
    /// valid token, or, valid, as not a user.
    pub(super) fn acting_user<'a>(
        &self,
        actor: Actor<'a>,
        now: Timestamp,
    ) -> Result<&'a UserId, AccessError> {
        match actor {
            Actor::User(user) => Ok(user),
            Actor::ApiToken(token) => {
                self.actor_role(actor, now)?;
                Err(AccessError::NotAUser {
                    token: token.clone(),
                })
            }
        }
    }

    /// The actor's role, if it holds `permission` on the organization
    /// itself (a custom role holds only *Read organization*).
    pub(super) fn authorize(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        permission: Permission,
    ) -> Result<Held<'_>, AccessError> {
        let held = self.actor_role(actor, now)?;
        allow(actor, held, held.rows_on_organization(), permission)?;
        Ok(held)
    }

    /// The actor's role, if it holds `permission` on `project` or its
    /// resources in some mode: judged from the role alone, before the
    /// project is looked up, so that a project that does not exist and one
    /// the role cannot use are refused alike.
    pub(super) fn authorize_in(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        project: &ProjectId,
        permission: Permission,
    ) -> Result<Held<'_>, AccessError> {
        let held = self.actor_role(actor, now)?;
        allow(actor, held, held.rows_in_project(project), permission)?;
        Ok(held)
    }

    /// The actor's role, if it holds `capability`.
    pub(super) fn authorize_capability(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        capability: Capability,
    ) -> Result<Held<'_>, AccessError> {
        let held = self.actor_role(actor, now)?;
        let decision = match held {
            Held::BuiltIn(role) => role.decide_capability(capability),
            Held::Custom(_) => {
                Decision::Denied(Denial::of_capability(capability, DenialReason::CustomRole))
            }
        };
        decision
            .into_result()
            .map_err(|denial| AccessError::Denied {
                actor: actor.to_principal(),
                denial,
            })?;
        Ok(held)
    }

    /// Refuses `actor` unless it may stop, start and update `cluster`:
    /// a role that manages clusters, or a custom role at `ADMIN` on it
    /// (judged before the cluster is looked up).
    pub(super) fn authorize_cluster(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        cluster: &ClusterId,
    ) -> Result<(), AccessError> {
        match self.actor_role(actor, now)? {
            held @ Held::Custom(_) if held.administers(cluster) => Ok(()),
            _ => self
                .authorize_capability(actor, now, Capability::MANAGE_CLUSTERS)
                .map(|_| ()),
        }
    }
}

/// Refuses `actor` unless `held`, holding `rows` where it was asked,
/// holds `permission`.
pub(super) fn allow(
    actor: Actor<'_>,
    held: Held<'_>,
    rows: Permission,
    permission: Permission,
) -> Result<(), AccessError> {
    decide(held, rows, permission)
        .into_result()
        .map_err(|denial| AccessError::Denied {
            actor: actor.to_principal(),
            denial,
        })
}
