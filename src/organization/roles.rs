//! Custom roles: define, redefine, delete; how a member's role reference
//! resolves; and [`CustomRoleError`], the error of the commands on roles.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use super::authorize::AccessError;
use super::events::Event;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::cluster::Cluster;
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::limits;
use crate::member::Actor;
use crate::permission::Permission;
use crate::project::Project;
use crate::role::{CustomRole, Held, Role, RoleRef};
use crate::text::Name;
use crate::time::Timestamp;
use crate::validation::{Problem, ValidationError};

/// Why a command on custom roles was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum CustomRoleError {
    /// Not a member, or without *Invite members*.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// No custom role with this id.
    #[error("custom role {role} is not defined in the organization", role = crate::text::Shown(.role.as_str()))]
    NoSuchRole {
        /// The role.
        role: CustomRoleId,
    },
    /// The definition is invalid: a built-in role's name, a cluster or
    /// project the organization does not have, an entry listed twice.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A custom role with this id already exists.
    #[error("custom role {role} already exists", role = crate::text::Shown(.role.as_str()))]
    RoleExists {
        /// The role.
        role: CustomRoleId,
    },
    /// Another custom role already has this name (compared case-insensitively).
    #[error("a custom role named {name:?} already exists")]
    RoleNameTaken {
        /// The name.
        name: Name,
    },
    /// Members, invitations or API tokens still hold the role.
    #[error("custom role {role} is still held by {holders} members, invitations or API tokens", role = crate::text::Shown(.role.as_str()))]
    RoleInUse {
        /// The role.
        role: CustomRoleId,
        /// How many hold it.
        holders: usize,
    },
    /// The organization holds as many custom roles as it may.
    #[error("{} holds at most {} {}", limit.holder(), limit.value(), limit.unit())]
    LimitReached {
        /// The limit it would pass.
        limit: limits::Limit,
        /// The size the command would have made.
        size: usize,
    },
}

impl CustomRoleError {
    /// A stable machine name: the access error's, the validation error's,
    /// or the variant's in snake case.
    pub fn kind(&self) -> &'static str {
        match self {
            CustomRoleError::Access(error) => error.kind(),
            CustomRoleError::NoSuchRole { .. } => "no_such_role",
            CustomRoleError::Invalid(error) => error.kind(),
            CustomRoleError::RoleExists { .. } => "role_exists",
            CustomRoleError::RoleNameTaken { .. } => "role_name_taken",
            CustomRoleError::RoleInUse { .. } => "role_in_use",
            CustomRoleError::LimitReached { .. } => "limit_reached",
        }
    }

    /// Forbidden, not found, invalid or conflict.
    pub const fn category(&self) -> ErrorCategory {
        match self {
            CustomRoleError::Access(error) => error.category(),
            CustomRoleError::NoSuchRole { .. } => ErrorCategory::NotFound,
            CustomRoleError::Invalid(_) => ErrorCategory::Invalid,
            CustomRoleError::RoleExists { .. }
            | CustomRoleError::RoleNameTaken { .. }
            | CustomRoleError::RoleInUse { .. }
            | CustomRoleError::LimitReached { .. } => ErrorCategory::Conflict,
        }
    }
}

impl Organization {
    /// The custom roles, by id.
    pub fn custom_roles(&self) -> &[CustomRole] {
        &self.custom_roles
    }

    /// The custom role with this id.
    pub fn custom_role(&self, id: &CustomRoleId) -> Option<&CustomRole> {
        self.custom_role_index(id)
            .ok()
            .and_then(|at| self.custom_roles.get(at))
    }

    fn custom_role_index(&self, id: &CustomRoleId) -> Result<usize, usize> {
        self.custom_roles.binary_search_by(|role| role.id().cmp(id))
    }

    /// What a role reference holds here; `None` for a custom role the
    /// organization does not define (which no member, invitation or token
    /// of it can hold).
    #[inline]
    pub(crate) fn held(&self, role: &RoleRef) -> Option<Held<'_>> {
        match role {
            RoleRef::BuiltIn(role) => Some(Held::BuiltIn(*role)),
            RoleRef::Custom(id) => self.custom_role(id).map(Held::Custom),
        }
    }

    /// Defines a custom role at the lowest levels (every cluster `VIEWER`,
    /// every project `NO_ACCESS`). Needs *Invite members*.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// org.create_custom_role(&ada, now, "on-call".parse()?, Name::new("On-call")?, String::new())?;
    /// assert_eq!(org.custom_roles().len(), 1);
    /// let err = org.create_custom_role(&ada, now, "r2".parse()?, Name::new("ON-CALL")?, String::new()).unwrap_err();
    /// assert_eq!(err.kind(), "role_name_taken");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// In this order: [`CustomRoleError::Access`];
    /// [`CustomRoleError::Invalid`] (a built-in role's name or id, a
    /// description over its limit); [`CustomRoleError::RoleExists`],
    /// [`CustomRoleError::RoleNameTaken`], [`CustomRoleError::LimitReached`].
    pub fn create_custom_role<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        id: CustomRoleId,
        name: Name,
        description: String,
    ) -> Result<Recorded, CustomRoleError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        if Role::from_id(id.as_str()).is_some() {
            return Err(ValidationError::new("id", id.as_str(), Problem::BuiltInRoleName).into());
        }
        let role = CustomRole::new(id, name, description)?;
        let Err(at) = self.custom_role_index(role.id()) else {
            return Err(CustomRoleError::RoleExists {
                role: role.id().clone(),
            });
        };
        self.check_role_name(&role)?;
        if self.custom_roles.len() >= limits::CUSTOM_ROLES {
            return Err(CustomRoleError::LimitReached {
                limit: limits::Limit::CustomRoles,
                size: self.custom_roles.len() + 1,
            });
        }
        let event = Event::CustomRoleCreated {
            role: role.id().clone(),
            name: role.name().clone(),
            description: String::from(role.description()),
        };
        self.custom_roles.insert(at, role);
        Ok(self.record(actor, now, event))
    }

    /// Replaces a custom role's whole definition (name, description and
    /// levels) with `role`'s, matched by id; the clusters and projects it
    /// does not list are at the lowest levels. Needs *Invite members*.
    /// Redefining a role as it is changes nothing.
    ///
    /// # Errors
    /// In this order: [`CustomRoleError::Access`];
    /// [`CustomRoleError::NoSuchRole`]; [`CustomRoleError::Invalid`] at
    /// `clusters[i].cluster_id` or `projects[i].project_id` for one the
    /// organization does not have; [`CustomRoleError::RoleNameTaken`].
    pub fn update_custom_role<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        role: CustomRole,
    ) -> Result<Option<Recorded>, CustomRoleError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let at = self
            .custom_role_index(role.id())
            .map_err(|_| CustomRoleError::NoSuchRole {
                role: role.id().clone(),
            })?;
        self.check_definition(&role)?;
        self.check_role_name(&role)?;
        let Some(slot) = self.custom_roles.get_mut(at) else {
            return Err(CustomRoleError::NoSuchRole {
                role: role.id().clone(),
            });
        };
        if *slot == role {
            return Ok(None);
        }
        *slot = role.clone();
        Ok(Some(self.record(
            actor,
            now,
            Event::CustomRoleUpdated { role },
        )))
    }

    /// Deletes a custom role that nobody holds. Needs *Invite members*.
    /// Counting who holds it reads every member, invitation and token once.
    ///
    /// # Errors
    /// In this order: [`CustomRoleError::Access`];
    /// [`CustomRoleError::NoSuchRole`]; [`CustomRoleError::RoleInUse`]
    /// with how many members, invitations and API tokens hold it.
    pub fn delete_custom_role<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        role: &CustomRoleId,
    ) -> Result<Recorded, CustomRoleError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::INVITE_MEMBERS)?;
        let at = self
            .custom_role_index(role)
            .map_err(|_| CustomRoleError::NoSuchRole { role: role.clone() })?;
        let holders = self.holders_of(role);
        if holders > 0 {
            return Err(CustomRoleError::RoleInUse {
                role: role.clone(),
                holders,
            });
        }
        self.custom_roles.remove(at);
        Ok(self.record(actor, now, Event::CustomRoleDeleted { role: role.clone() }))
    }

    /// How many members, invitations and API tokens hold the custom role `id`.
    fn holders_of(&self, id: &CustomRoleId) -> usize {
        let holds = |role: &RoleRef| role.custom() == Some(id);
        self.members().filter(|member| holds(&member.role)).count()
            + self
                .invitations()
                .iter()
                .filter(|invitation| holds(&invitation.role))
                .count()
            + self
                .tokens()
                .iter()
                .filter(|token| holds(&token.role))
                .count()
    }

    /// Refuses a name another custom role has (case-insensitively).
    fn check_role_name(&self, role: &CustomRole) -> Result<(), CustomRoleError> {
        match self
            .custom_roles
            .iter()
            .find(|other| other.id() != role.id() && other.name().eq_ignore_case(role.name()))
        {
            Some(_) => Err(CustomRoleError::RoleNameTaken {
                name: role.name().clone(),
            }),
            None => Ok(()),
        }
    }

    /// Refuses a definition that lists a cluster or a project the
    /// organization does not have, naming its path.
    fn check_definition(&self, role: &CustomRole) -> Result<(), ValidationError> {
        Known::new(&self.clusters, &self.projects).check(role)
    }

    /// A deleted cluster drops out of every custom role.
    pub(super) fn forget_cluster(&mut self, cluster: &ClusterId) {
        for role in &mut self.custom_roles {
            role.forget_cluster(cluster);
        }
    }

    /// A deleted project drops out of every custom role.
    pub(super) fn forget_project(&mut self, project: &ProjectId) {
        for role in &mut self.custom_roles {
            role.forget_project(project);
        }
    }
}

/// The ids of an organization's clusters and projects, sorted, so that
/// checking every entry of a definition costs O(n log n) whatever it lists.
pub(super) struct Known<'a> {
    clusters: Vec<&'a ClusterId>,
    projects: Vec<&'a ProjectId>,
}

impl<'a> Known<'a> {
    pub(super) fn new(clusters: &'a [Cluster], projects: &'a [Project]) -> Self {
        let mut known = Known {
            clusters: clusters.iter().map(|cluster| &cluster.id).collect(),
            projects: projects.iter().map(|project| &project.id).collect(),
        };
        known.clusters.sort_unstable();
        known.projects.sort_unstable();
        known
    }

    /// Refuses the first cluster or project of `role` that is not known,
    /// at `cluster_permissions[i].cluster_id` or
    /// `project_permissions[i].project_id`, as the wire names them (the
    /// role holds its entries by id, so `i` counts them in id order; the
    /// error shows the id).
    pub(super) fn check(&self, role: &CustomRole) -> Result<(), ValidationError> {
        let unknown =
            |field: String, id: &str, problem| Err(ValidationError::new(field, id, problem));
        for (at, (cluster, _)) in role.clusters().enumerate() {
            if self.clusters.binary_search(&cluster).is_err() {
                return unknown(
                    format!("cluster_permissions[{at}].cluster_id"),
                    cluster.as_str(),
                    Problem::UnknownCluster,
                );
            }
        }
        for (at, (project, _)) in role.projects().enumerate() {
            if self.projects.binary_search(&project).is_err() {
                return unknown(
                    format!("project_permissions[{at}].project_id"),
                    project.as_str(),
                    Problem::UnknownProject,
                );
            }
        }
        Ok(())
    }
}
