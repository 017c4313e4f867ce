//! Projects and their deployment rules, and the error of every command on
//! projects, rules and environments.

use super::Organization;
use super::authorize::AccessError;
use super::events::Event;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::id::{ClusterId, EnvironmentId, ProjectId, RuleId};
use crate::limits;
use crate::member::Actor;
use crate::permission::Permission;
use crate::placement::PlacementError;
use crate::project::Project;
use crate::rules::DeploymentRule;
use crate::text::{InvalidValue, Name};
use crate::time::Timestamp;

/// Why a command on projects, deployment rules or environments was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum ProjectError {
    /// Not a member, or without the permission.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// No project with this id.
    #[error("project {project} is not in the organization", project = crate::text::Shown(.project.as_str()))]
    NoSuchProject {
        /// The project.
        project: ProjectId,
    },
    /// No environment with this id in the project.
    #[error("environment {environment} is not in project {project}", project = crate::text::Shown(.project.as_str()), environment = crate::text::Shown(.environment.as_str()))]
    NoSuchEnvironment {
        /// The project.
        project: ProjectId,
        /// The environment.
        environment: EnvironmentId,
    },
    /// No deployment rule with this id in the project.
    #[error("deployment rule {rule} is not in project {project}", project = crate::text::Shown(.project.as_str()), rule = crate::text::Shown(.rule.as_str()))]
    NoSuchRule {
        /// The project.
        project: ProjectId,
        /// The rule.
        rule: RuleId,
    },
    /// The new environment could not be placed.
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// A value over its limit (a rule's free texts or weekdays).
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    /// A reordering did not name each rule of the project exactly once.
    #[error("a new rule order must name each of the project's {expected} rules exactly once")]
    NotAPermutation {
        /// How many rules the project has.
        expected: usize,
    },
    /// A new deployment rule targets a cluster the organization does not
    /// have. Its kind is `unknown_cluster`, as for any cluster a command
    /// names that is not there (invalid); a placement whose matching rule
    /// targets such a cluster is [`PlacementError::RuleTargetsUnknownCluster`]
    /// (a conflict with the state).
    #[error("deployment rule {rule} targets cluster {cluster}, which is not in the organization", cluster = crate::text::Shown(.cluster.as_str()), rule = crate::text::Shown(.rule.as_str()))]
    RuleTargetsUnknownCluster {
        /// The rule.
        rule: RuleId,
        /// The cluster.
        cluster: ClusterId,
    },
    /// A project with this id already exists.
    #[error("project {project} already exists", project = crate::text::Shown(.project.as_str()))]
    ProjectExists {
        /// The project.
        project: ProjectId,
    },
    /// Another project already has this name (compared case-insensitively).
    /// The message names only the name: the caller may not see the project.
    #[error("a project named {name:?} already exists")]
    ProjectNameTaken {
        /// The name.
        name: Name,
        /// The project that has it (for the service's logs: neither the
        /// message nor the JSON form names it).
        project: ProjectId,
    },
    /// An environment with this id already exists in the organization.
    #[error("environment {environment} already exists", environment = crate::text::Shown(.environment.as_str()))]
    EnvironmentExists {
        /// The environment.
        environment: EnvironmentId,
    },
    /// Another environment of the project already has this name. The
    /// message names neither the environment nor its mode: the caller may
    /// not see it (the name being taken is the one accepted leak).
    #[error("project {project} already has an environment named {name:?}", project = crate::text::Shown(.project.as_str()))]
    EnvironmentNameTaken {
        /// The project.
        project: ProjectId,
        /// The name.
        name: Name,
        /// The environment that has it (for the service's logs: neither
        /// the message nor the JSON form names it).
        environment: EnvironmentId,
    },
    /// A deployment rule with this id already exists in the organization.
    #[error("deployment rule {rule} already exists", rule = crate::text::Shown(.rule.as_str()))]
    RuleExists {
        /// The rule.
        rule: RuleId,
    },
    /// The organization or project holds as much of this as it may.
    #[error("{} holds at most {} {}", limit.holder(), limit.value(), limit.unit())]
    LimitReached {
        /// The limit it would pass.
        limit: limits::Limit,
        /// The size the command would have made.
        size: usize,
    },
}

impl ProjectError {
    /// A stable machine name: the access, placement or value error's, or
    /// the variant's in snake case.
    pub const fn kind(&self) -> &'static str {
        match self {
            ProjectError::Access(error) => error.kind(),
            ProjectError::Placement(error) => error.kind(),
            ProjectError::Invalid(error) => error.kind(),
            ProjectError::NoSuchProject { .. } => "no_such_project",
            ProjectError::NoSuchEnvironment { .. } => "no_such_environment",
            ProjectError::NoSuchRule { .. } => "no_such_rule",
            ProjectError::NotAPermutation { .. } => "not_a_permutation",
            ProjectError::RuleTargetsUnknownCluster { .. } => "unknown_cluster",
            ProjectError::ProjectExists { .. } => "project_exists",
            ProjectError::ProjectNameTaken { .. } => "project_name_taken",
            ProjectError::EnvironmentExists { .. } => "environment_exists",
            ProjectError::EnvironmentNameTaken { .. } => "environment_name_taken",
            ProjectError::RuleExists { .. } => "rule_exists",
            ProjectError::LimitReached { .. } => "limit_reached",
        }
    }

    /// Forbidden, not found, invalid or conflict.
    pub const fn category(&self) -> ErrorCategory {
        match self {
            ProjectError::Access(error) => error.category(),
            ProjectError::Placement(error) => error.category(),
            ProjectError::NoSuchProject { .. }
            | ProjectError::NoSuchEnvironment { .. }
            | ProjectError::NoSuchRule { .. } => ErrorCategory::NotFound,
            ProjectError::Invalid(_)
            | ProjectError::NotAPermutation { .. }
            | ProjectError::RuleTargetsUnknownCluster { .. } => ErrorCategory::Invalid,
            ProjectError::ProjectExists { .. }
            | ProjectError::ProjectNameTaken { .. }
            | ProjectError::EnvironmentExists { .. }
            | ProjectError::EnvironmentNameTaken { .. }
            | ProjectError::RuleExists { .. }
            | ProjectError::LimitReached { .. } => ErrorCategory::Conflict,
        }
    }
}

/// A limit passed, as a conflict with the state.
fn limit_reached(error: InvalidValue) -> ProjectError {
    match error {
        InvalidValue::TooLong { limit, size, .. } => ProjectError::LimitReached { limit, size },
        other => ProjectError::Invalid(other),
    }
}

impl Organization {
    pub(super) fn project_index(&self, project: &ProjectId) -> Result<usize, ProjectError> {
        self.project_index
            .find(&self.projects, project)
            .ok_or_else(|| ProjectError::NoSuchProject {
                project: project.clone(),
            })
    }

    pub(super) fn project_mut(
        &mut self,
        project: &ProjectId,
    ) -> Result<&mut Project, ProjectError> {
        let at = self.project_index(project)?;
        self.projects
            .get_mut(at)
            .ok_or_else(|| ProjectError::NoSuchProject {
                project: project.clone(),
            })
    }

    /// Creates an empty project. Needs *Edit project* (the table's write
    /// permission on projects, which Developers hold).
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::ProjectExists`],
    /// [`ProjectError::ProjectNameTaken`], [`ProjectError::LimitReached`].
    pub fn add_project<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        id: ProjectId,
        name: Name,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        self.authorize(actor, now, Permission::EDIT_PROJECT)?;
        if self.project(&id).is_some() {
            return Err(ProjectError::ProjectExists { project: id });
        }
        if let Some(existing) = self
            .projects
            .iter()
            .find(|project| project.name.eq_ignore_case(&name))
        {
            return Err(ProjectError::ProjectNameTaken {
                name,
                project: existing.id.clone(),
            });
        }
        if self.projects.len() >= limits::PROJECTS {
            return Err(ProjectError::LimitReached {
                limit: limits::Limit::Projects,
                size: self.projects.len() + 1,
            });
        }
        self.projects.push(Project::empty(id.clone(), name.clone()));
        self.project_index.pushed(&self.projects);
        Ok(self.record(actor, now, Event::ProjectAdded { project: id, name }))
    }

    /// Deletes a project with its environments and rules. Needs *Delete project*.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`].
    pub fn delete_project<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        self.authorize_in(actor, now, project, Permission::DELETE_PROJECT)?;
        let at = self.project_index(project)?;
        self.projects.remove(at);
        self.project_index.removed(at);
        self.forget_project(project);
        Ok(self.record(
            actor,
            now,
            Event::ProjectDeleted {
                project: project.clone(),
            },
        ))
    }

    /// Adds a deployment rule to a project, after the rules of lower or equal
    /// priority index. Its cluster must be one of the organization's, and its
    /// id new in the organization. Needs *Edit project*.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::Invalid`] (its free texts),
    /// [`ProjectError::RuleTargetsUnknownCluster`], [`ProjectError::RuleExists`],
    /// [`ProjectError::LimitReached`] (the project's rules or wildcard characters).
    pub fn add_rule<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
        rule: DeploymentRule,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        self.authorize_in(actor, now, project, Permission::EDIT_PROJECT)?;
        let at = self.project_index(project)?;
        rule.check()?;
        if self.cluster(&rule.cluster_id).is_none() {
            return Err(ProjectError::RuleTargetsUnknownCluster {
                rule: rule.id,
                cluster: rule.cluster_id,
            });
        }
        if self
            .projects
            .iter()
            .any(|p| p.deployment_rules.get(&rule.id).is_some())
        {
            return Err(ProjectError::RuleExists { rule: rule.id });
        }
        let rules = &mut self
            .projects
            .get_mut(at)
            .ok_or_else(|| ProjectError::NoSuchProject {
                project: project.clone(),
            })?
            .deployment_rules;
        rules.check_room(&rule).map_err(limit_reached)?;
        rules.insert(rule.clone());
        Ok(self.record(
            actor,
            now,
            Event::RuleAdded {
                project: project.clone(),
                rule,
            },
        ))
    }

    /// Removes a deployment rule from a project. Needs *Edit project*.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`], [`ProjectError::NoSuchRule`].
    pub fn remove_rule<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
        rule: &RuleId,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        self.authorize_in(actor, now, project, Permission::EDIT_PROJECT)?;
        self.project_mut(project)?
            .deployment_rules
            .remove(rule)
            .ok_or_else(|| ProjectError::NoSuchRule {
                project: project.clone(),
                rule: rule.clone(),
            })?;
        Ok(self.record(
            actor,
            now,
            Event::RuleRemoved {
                project: project.clone(),
                rule: rule.clone(),
            },
        ))
    }

    /// Puts a project's rules in the order of `order`, which must name each
    /// of them once, and renumbers their priority indices 0, 1, 2, …
    /// Needs *Edit project*. O(n log n). The order they already have (with
    /// indices 0, 1, 2, …) changes nothing.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::NotAPermutation`].
    pub fn reorder_rules<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
        order: &[RuleId],
    ) -> Result<Option<Recorded>, ProjectError> {
        let actor = actor.into();
        self.authorize_in(actor, now, project, Permission::EDIT_PROJECT)?;
        let rules = &mut self.project_mut(project)?.deployment_rules;
        match rules.reorder(order) {
            Some(true) => Ok(Some(self.record(
                actor,
                now,
                Event::RulesReordered {
                    project: project.clone(),
                    order: order.to_vec(),
                },
            ))),
            Some(false) => Ok(None),
            None => Err(ProjectError::NotAPermutation {
                expected: rules.len(),
            }),
        }
    }
}
