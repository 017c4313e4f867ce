//! Checks: may this member do this here? And the refusal every command
//! starts with.

use super::Organization;
use crate::access::{Action, Resource};
use crate::category::ErrorCategory;
use crate::decision::{Decision, Denial, DenialReason};
use crate::environment::Mode;
use crate::id::UserId;
use crate::member::Member;
use crate::permission::Permission;
use crate::role::{Capability, Role};

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
    /// The acting user's role lacks the permission the command needs.
    #[error("user {user} may not do this: {denial}", user = crate::text::Shown(.user.as_str()))]
    Denied {
        /// The acting user.
        user: UserId,
        /// What was missing, and the least role that has it.
        denial: Denial,
    },
    /// Only the owner may do this (transfer ownership).
    #[error("only the owner may transfer ownership, and user {user} is not the owner", user = crate::text::Shown(.user.as_str()))]
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
        match self.mode_of(resource) {
            Ok(mode) => role.decide(action.permission(mode)),
            Err(()) => denied(action, DenialReason::UnknownResource),
        }
    }

    /// Every action `user` may do on `resource`, as one set: what
    /// [`Organization::check`] allows, action by action (a property test
    /// shows they agree). Empty for a non-member or a resource outside the
    /// organization. A console shows or hides its buttons with one call.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let allowed = org.allowed(&ada, Resource::Organization);
    /// assert!(allowed.contains(Permission::DELETE_ORGANIZATION | Permission::EDIT_PROJECT));
    /// assert!(!allowed.intersects(Permission::READ_DATABASE), "database rows need an environment");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allowed(&self, user: &UserId, resource: Resource<'_>) -> Permission {
        match (self.role_of(user), self.mode_of(resource)) {
            (Some(role), Ok(mode)) => role.permissions() & resource.rows(mode),
            _ => Permission::empty(),
        }
    }

    /// The members who may do `action` on `resource`, the owner first, then
    /// by user id; none on a resource outside the organization or one the
    /// action is not about. It allocates nothing.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let billing: Vec<_> = org.who_can(Action::ManageBilling, Resource::Organization).map(|m| m.id.as_str()).collect();
    /// assert_eq!(billing, ["ada"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn who_can(
        &self,
        action: Action,
        resource: Resource<'_>,
    ) -> impl Iterator<Item = &Member> + '_ {
        let needed = match self.mode_of(resource) {
            Ok(mode) if resource.answers(action) => Some(action.permission(mode)),
            _ => None,
        };
        self.members()
            .filter(move |member| needed.is_some_and(|needed| member.role.can(needed)))
    }

    /// The mode that picks the rows for `resource`: `None` outside
    /// environments, `Err` for a resource outside the organization.
    fn mode_of(&self, resource: Resource<'_>) -> Result<Option<Mode>, ()> {
        match resource {
            Resource::Organization => Ok(None),
            Resource::Project(project) => self.project(project).map(|_| None).ok_or(()),
            Resource::Environment {
                project,
                environment,
            } => self
                .project(project)
                .and_then(|project| project.environment(environment))
                .map(|environment| Some(environment.mode))
                .ok_or(()),
        }
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

    /// The actor's role, if they are a member and it holds `capability`.
    pub(super) fn authorize_capability(
        &self,
        actor: &UserId,
        capability: Capability,
    ) -> Result<Role, AccessError> {
        let role = self.member_role(actor)?;
        role.decide_capability(capability)
            .into_result()
            .map_err(|denial| AccessError::Denied {
                user: actor.clone(),
                denial,
            })?;
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
