//! Checks: may this member do this here? And the refusal every command
//! starts with.

use super::Organization;
use crate::access::{Action, Resource};
use crate::category::ErrorCategory;
use crate::decision::{Decision, Denial, DenialReason};
use crate::id::UserId;
use crate::permission::{Permission, Role};

/// Why a caller may not run a command: the refusal every command checks
/// first, before it looks anything up, so that it reveals nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccessError {
    /// The acting user is not a member of the organization.
    #[error("user {user} is not a member of the organization")]
    NotAMember {
        /// The acting user.
        user: UserId,
    },
    /// The acting user's role lacks the permission the command needs.
    #[error("user {user} may not do this: {denial}")]
    Denied {
        /// The acting user.
        user: UserId,
        /// What was missing, and the least role that has it.
        denial: Denial,
    },
    /// Only the owner may do this (transfer ownership).
    #[error("only the owner may transfer ownership, and user {user} is not the owner")]
    NotTheOwner {
        /// The acting user.
        user: UserId,
    },
}

impl AccessError {
    /// `not_a_member`, `denied` or `not_the_owner`.
    pub const fn kind(&self) -> &'static str {
        match self {
            AccessError::NotAMember { .. } => "not_a_member",
            AccessError::Denied { .. } => "denied",
            AccessError::NotTheOwner { .. } => "not_the_owner",
        }
    }

    /// Always [`ErrorCategory::Forbidden`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Forbidden
    }
}

impl Organization {
    /// May `user` do `action` on `resource`? The answer comes with its reason.
    ///
    /// A check is scoped to this organization: a user who is not a member is
    /// denied everything, whatever their roles elsewhere, before the resource
    /// is looked up; a resource that is not part of this organization is
    /// denied to everyone. An action is answered only on a resource it is
    /// about ([`Resource::answers`]): environment, application and database
    /// actions need an environment, whose mode picks the table's production
    /// row (`Production`) or development row (every other mode). Anywhere
    /// else the action is denied as [`DenialReason::NotApplicable`], never
    /// answered by falling back to a row.
    ///
    /// It allocates nothing and costs a binary search over the members.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// assert!(org.check(&ada, Action::DeleteOrganization, Resource::Organization).is_allowed());
    ///
    /// let Decision::Denied(denial) = org.check(&ada, Action::EditDatabase, Resource::Organization) else { panic!() };
    /// assert_eq!(denial.reason, DenialReason::NotApplicable);
    ///
    /// let stranger: UserId = "eve".parse()?;
    /// let Decision::Denied(denial) = org.check(&stranger, Action::ReadProject, Resource::Organization) else { panic!() };
    /// assert_eq!(denial.reason, DenialReason::NotAMember);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, user: &UserId, action: Action, resource: Resource<'_>) -> Decision {
        let Some(role) = self.role_of(user) else {
            return denied(action, DenialReason::NotAMember);
        };
        if !resource.answers(action) {
            return denied(action, DenialReason::NotApplicable);
        }
        let mode = match resource {
            Resource::Organization => None,
            Resource::Project(project) => match self.project(project) {
                Some(_) => None,
                None => return denied(action, DenialReason::UnknownResource),
            },
            Resource::Environment {
                project,
                environment,
            } => match self
                .project(project)
                .and_then(|project| project.environment(environment))
            {
                Some(environment) => Some(environment.mode),
                None => return denied(action, DenialReason::UnknownResource),
            },
        };
        role.decide(action.permission(mode))
    }

    /// The actor's role, if they are a member.
    pub(super) fn member_role(&self, actor: &UserId) -> Result<Role, AccessError> {
        self.role_of(actor).ok_or_else(|| AccessError::NotAMember {
            user: actor.clone(),
        })
    }

    /// The actor's role, if they are a member and it holds `permission`.
    pub(super) fn authorize(
        &self,
        actor: &UserId,
        permission: Permission,
    ) -> Result<Role, AccessError> {
        let role = self.member_role(actor)?;
        allow(actor, role, permission)?;
        Ok(role)
    }
}

/// The denial of `action` without a resource's mode: the production row,
/// the stricter, names what was asked.
fn denied(action: Action, reason: DenialReason) -> Decision {
    Decision::Denied(Denial::new(action.permission(None), reason))
}

/// Refuses `actor` unless `role` holds `permission`.
pub(super) fn allow(actor: &UserId, role: Role, permission: Permission) -> Result<(), AccessError> {
    role.decide(permission)
        .into_result()
        .map_err(|denial| AccessError::Denied {
            user: actor.clone(),
            denial,
        })
}
