//! Checks: may this member do this here? And the refusal every command
//! starts with.

use super::Organization;
use crate::access::{Action, Resource};
use crate::decision::{Decision, Denial, DenialReason};
use crate::environment::Mode;
use crate::id::{ApiTokenId, UserId};
use crate::member::{ApiToken, Member};
use crate::permission::Permission;
use crate::role::{Held, RoleRef};
use crate::time::Timestamp;

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
        let Some(held) = self.held_by(user) else {
            return denied(action, DenialReason::NotAMember);
        };
        self.check_held(held, action, resource)
    }

    /// The check of whoever holds `held`: a member or a token.
    #[inline]
    fn check_held(&self, held: Held<'_>, action: Action, resource: Resource<'_>) -> Decision {
        if !resource.answers(action) {
            return denied(action, DenialReason::NotApplicable);
        }
        match self.rows_held(held, resource) {
            Ok((rows, mode)) => decide(held, rows, action.permission(mode)),
            Err(()) => denied(action, DenialReason::UnknownResource),
        }
    }

    /// May the API token `token` do `action` on `resource` at `now`? A
    /// token is checked exactly as a member holding its role is
    /// ([`Organization::check`]), and has no permission at all from its
    /// expiry on: a token that is not the organization's and an expired one
    /// are denied alike, as [`DenialReason::NoValidToken`], before the
    /// resource is looked up.
    ///
    /// It allocates nothing and costs a binary search over the tokens.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// let expires_at = Some(now.plus_seconds(60));
    /// org.create_api_token(&ada, now, ApiToken { id: "t".parse()?, name: Name::new("CI")?, description: String::new(), role: Role::Viewer.into(), expires_at })?;
    ///
    /// let token: ApiTokenId = "t".parse()?;
    /// assert!(org.check_token(&token, now, Action::ReadProject, Resource::Organization).is_allowed());
    /// let expired = org.check_token(&token, now.plus_seconds(60), Action::ReadProject, Resource::Organization);
    /// let unknown = org.check_token(&"nope".parse()?, now, Action::ReadProject, Resource::Organization);
    /// assert_eq!(expired, unknown);
    /// let Decision::Denied(denial) = expired else { panic!() };
    /// assert_eq!(denial.reason, DenialReason::NoValidToken);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_token(
        &self,
        token: &ApiTokenId,
        now: Timestamp,
        action: Action,
        resource: Resource<'_>,
    ) -> Decision {
        let Some(held) = self.held_by_token(token, now) else {
            return denied(action, DenialReason::NoValidToken);
        };
        self.check_held(held, action, resource)
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
        match self
            .held_by(user)
            .map(|held| self.rows_held(held, resource))
        {
            Some(Ok((rows, mode))) => rows & resource.rows(mode),
            _ => Permission::empty(),
        }
    }

    /// Every action the API token `token` may do on `resource` at `now`:
    /// what [`Organization::check_token`] allows, action by action. Empty
    /// for a token that is not the organization's or has expired.
    pub fn allowed_token(
        &self,
        token: &ApiTokenId,
        now: Timestamp,
        resource: Resource<'_>,
    ) -> Permission {
        match self
            .held_by_token(token, now)
            .map(|held| self.rows_held(held, resource))
        {
            Some(Ok((rows, mode))) => rows & resource.rows(mode),
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
    pub fn who_can<'a>(
        &'a self,
        action: Action,
        resource: Resource<'a>,
    ) -> impl Iterator<Item = &'a Member> + 'a {
        let needed = self.needed(action, resource);
        self.members().filter(move |member| {
            needed.is_some_and(|needed| self.holds(&member.role, needed, resource))
        })
    }

    /// The API tokens that may do `action` on `resource` at `now`, by id:
    /// the unexpired ones whose role allows it, exactly as
    /// [`Organization::check_token`] decides. [`Organization::who_can`]
    /// lists the members; a service that asks "who can" of both chains
    /// the two. It allocates nothing.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let now = Timestamp::from_unix_seconds(0);
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// for (id, role) in [("t-billing", Role::BillingManager), ("t-viewer", Role::Viewer)] {
    ///     let token = ApiToken { id: id.parse()?, name: Name::new(id)?, description: String::new(), role: role.into(), expires_at: None };
    ///     org.create_api_token(&ada, now, token)?;
    /// }
    /// let billing: Vec<_> = org.tokens_who_can(Action::ManageBilling, Resource::Organization, now).map(|t| t.id.as_str()).collect();
    /// assert_eq!(billing, ["t-billing"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tokens_who_can<'a>(
        &'a self,
        action: Action,
        resource: Resource<'a>,
        now: Timestamp,
    ) -> impl Iterator<Item = &'a ApiToken> + 'a {
        let needed = self.needed(action, resource);
        self.tokens()
            .iter()
            .filter(move |token| !token.is_expired(now))
            .filter(move |token| {
                needed.is_some_and(|needed| self.holds(&token.role, needed, resource))
            })
    }

    /// The row `action` needs on `resource`: `None` on a resource outside
    /// the organization or one the action is not about.
    fn needed(&self, action: Action, resource: Resource<'_>) -> Option<Permission> {
        match self.mode_of(resource) {
            Ok(mode) if resource.answers(action) => Some(action.permission(mode)),
            _ => None,
        }
    }

    /// Whether `role` holds `needed` on `resource`.
    fn holds(&self, role: &RoleRef, needed: Permission, resource: Resource<'_>) -> bool {
        match self.held(role) {
            Some(Held::BuiltIn(role)) => role.can(needed),
            Some(custom) => self
                .rows_held(custom, resource)
                .is_ok_and(|(rows, _)| rows.contains(needed)),
            None => false,
        }
    }

    /// The rows `held` holds on `resource`, and the mode that picks them;
    /// `Err` for a resource outside the organization, or one a custom role
    /// cannot read (it answers exactly as one that does not exist).
    fn rows_held(
        &self,
        held: Held<'_>,
        resource: Resource<'_>,
    ) -> Result<(Permission, Option<Mode>), ()> {
        let mode = self.mode_of(resource)?;
        let Held::Custom(custom) = held else {
            return Ok((held.rows_on_organization(), mode));
        };
        let rows = match (resource, mode) {
            (Resource::Organization, _) => held.rows_on_organization(),
            (Resource::Cluster(cluster), _) => held.rows_on_cluster(cluster),
            (Resource::Project(project), _) => {
                let access = custom.project(project);
                if !access.reads_project() {
                    return Err(());
                }
                access.rows(Mode::Production)
            }
            (Resource::Environment { project, .. }, Some(mode)) => {
                let rows = custom.rows(project, mode);
                if !rows.contains(Permission::READ_ENVIRONMENT) {
                    return Err(());
                }
                rows
            }
            (Resource::Environment { .. }, None) => return Err(()),
        };
        Ok((rows, mode))
    }

    /// The mode that picks the rows for `resource`: `None` outside
    /// environments, `Err` for a resource outside the organization.
    fn mode_of(&self, resource: Resource<'_>) -> Result<Option<Mode>, ()> {
        match resource {
            Resource::Organization => Ok(None),
            Resource::Cluster(cluster) => self.cluster(cluster).map(|_| None).ok_or(()),
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

    /// What the user's role holds here, if they are a member.
    #[inline]
    pub(super) fn held_by(&self, user: &UserId) -> Option<Held<'_>> {
        self.member(user).and_then(|member| self.held(&member.role))
    }
}

/// Decides `permission` for `held`, which holds `rows` where it was asked.
pub(super) fn decide(held: Held<'_>, rows: Permission, permission: Permission) -> Decision {
    match held {
        Held::BuiltIn(role) => role.decide(permission),
        Held::Custom(_) if rows.contains(permission) => Decision::Allowed {
            permission,
            role: None,
        },
        Held::Custom(_) => {
            Decision::Denied(Denial::lacking(permission, rows, DenialReason::CustomRole))
        }
    }
}

/// The denial of `action` without a resource's mode: the production row,
/// the stricter, names what was asked.
fn denied(action: Action, reason: DenialReason) -> Decision {
    Decision::Denied(Denial::new(action.permission(None), reason))
}
