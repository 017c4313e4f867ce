//! Environments: placing a new one, creating it, deleting it.

use super::Organization;
use super::authorize::{AccessError, allow};
use super::events::Event;
use super::placed::PlacedEnvironment;
use super::projects::ProjectError;
use super::recorded::Recorded;
use crate::access::Action;
use crate::decision::{Denial, DenialReason, Shortfall};
use crate::environment::{CreateEnvironmentRequest, Environment, Mode};
use crate::id::{EnvironmentId, ProjectId};
use crate::limits;
use crate::member::Actor;
use crate::permission::Permission;
use crate::placement::{Placement, PlacementError, resolve_named, resolve_target_cluster};
use crate::role::{ClusterLevel, Held, ProjectLevel};
use crate::text::Name;
use crate::time::Timestamp;

impl Organization {
    /// Where a new environment of `project` would go, and why: a dry run of
    /// [`Organization::create_environment`]'s placement, with
    /// [`resolve_target_cluster`] over the organization's clusters and the
    /// project's rules. Like every reader it checks no permission: the
    /// service decides who may see it.
    ///
    /// # Errors
    /// [`ProjectError::NoSuchProject`], [`ProjectError::Placement`].
    pub fn placement(
        &self,
        project: &ProjectId,
        request: &CreateEnvironmentRequest,
    ) -> Result<Placement<'_>, ProjectError> {
        let project = self
            .project(project)
            .ok_or_else(|| ProjectError::NoSuchProject {
                project: project.clone(),
            })?;
        Ok(resolve_target_cluster(
            &self.clusters,
            &project.deployment_rules,
            request,
        )?)
    }

    /// Creates an environment in a project and records it, with its
    /// placement ([`Recorded::placement`]). In this order: the actor must be
    /// a member with *Edit development environment* (the weaker row, checked
    /// before anything is looked up, so that a caller without it learns
    /// nothing about clusters or rules); the project must exist; the
    /// environment is placed (see [`Organization::placement`]); the actor
    /// must hold *Edit production environment* or *Edit development
    /// environment* for the **resolved** mode (a Developer whose environment
    /// resolves to `Production` is refused); its id must be new in the
    /// organization and its name free in the project.
    ///
    /// The crate has no source of ids: the caller supplies the new id.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now): (UserId, _) = ("ada".parse()?, Timestamp::from_unix_seconds(0));
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let _ = org.add_cluster(&ada, now, Cluster::new("c1".parse()?, Name::new("main")?, CloudProvider::Aws, "eu-west-3"))?;
    /// let _ = org.add_project(&ada, now, "p".parse()?, Name::new("shop")?)?;
    ///
    /// let created = org.create_environment(&ada, now, &"p".parse()?, "e1".parse()?, &CreateEnvironmentRequest::new("staging").with_mode(Mode::Staging))?;
    /// let placement = created.placement().unwrap();
    /// assert_eq!((placement.cluster.as_str(), placement.mode), ("c1", Mode::Staging));
    /// assert_eq!((placement.cluster_source, placement.mode_source), (Source::Default, Source::Request));
    ///
    /// let again = org.create_environment(&ada, now, &"p".parse()?, "e2".parse()?, &CreateEnvironmentRequest::new("STAGING"));
    /// assert!(matches!(again, Err(ProjectError::EnvironmentNameTaken { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::Placement`], [`ProjectError::Access`] again (the
    /// resolved mode), [`ProjectError::EnvironmentExists`],
    /// [`ProjectError::EnvironmentNameTaken`], [`ProjectError::LimitReached`].
    pub fn create_environment<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
        id: EnvironmentId,
        request: &CreateEnvironmentRequest,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        let placed = self.place_environment(actor, now, project, id, request)?;
        self.add_environment(actor, now, placed)
    }

    /// Every check of [`Organization::create_environment`], in its order,
    /// and the environment it would add; changes nothing.
    pub(super) fn place_environment(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        project: &ProjectId,
        id: EnvironmentId,
        request: &CreateEnvironmentRequest,
    ) -> Result<PlacedEnvironment, ProjectError> {
        let held = self.authorize_to_create(actor, now, project)?;
        let at = self.project_index(project)?;
        let target = self
            .projects
            .get(at)
            .ok_or_else(|| ProjectError::NoSuchProject {
                project: project.clone(),
            })?;
        let name = Name::new(request.name.as_str())
            .map_err(|problem| PlacementError::InvalidName { problem })?;
        let placement = resolve_named(
            &self.clusters,
            &target.deployment_rules,
            name.as_str(),
            request,
        )?;
        self.allow_placement(actor, held, project, &placement)?;
        if self.environment(&id).is_some() {
            return Err(ProjectError::EnvironmentExists { environment: id });
        }
        if let Some(existing) = target
            .environments
            .iter()
            .find(|e| e.name.eq_ignore_case(&name))
        {
            return Err(ProjectError::EnvironmentNameTaken {
                project: project.clone(),
                name,
                environment: existing.id.clone(),
            });
        }
        if target.environments.len() >= limits::ENVIRONMENTS {
            return Err(ProjectError::LimitReached {
                limit: limits::Limit::Environments,
                size: target.environments.len() + 1,
            });
        }
        Ok(PlacedEnvironment {
            project: project.clone(),
            environment: Environment {
                id,
                name,
                mode: placement.mode,
                cluster_id: placement.cluster.clone(),
            },
            rule: placement.rule.cloned(),
            cluster_source: placement.cluster_source,
            mode_source: placement.mode_source,
        })
    }

    /// Adds an environment that [`Organization::place_environment`] placed.
    pub(super) fn add_environment(
        &mut self,
        actor: Actor<'_>,
        now: Timestamp,
        placed: PlacedEnvironment,
    ) -> Result<Recorded, ProjectError> {
        self.project_mut(&placed.project)?
            .environments
            .push(placed.environment.clone());
        Ok(self.record(actor, now, Event::EnvironmentCreated(placed)))
    }

    /// Deletes an environment. Needs *Delete development environment* (checked
    /// before anything is looked up), and *Delete production environment*
    /// when the environment is in `Production`.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::NoSuchEnvironment`], [`ProjectError::Access`] again (its mode).
    pub fn delete_environment<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        project: &ProjectId,
        environment: &EnvironmentId,
    ) -> Result<Recorded, ProjectError> {
        let actor = actor.into();
        let held = self.authorize_in(
            actor,
            now,
            project,
            Permission::DELETE_DEVELOPMENT_ENVIRONMENT,
        )?;
        let at = self.project_index(project)?;
        let (index, mode) = self
            .projects
            .get(at)
            .and_then(|target| {
                target
                    .environments
                    .iter()
                    .enumerate()
                    .find(|(_, e)| e.id == *environment)
                    .map(|(index, e)| (index, e.mode))
            })
            .ok_or_else(|| ProjectError::NoSuchEnvironment {
                project: project.clone(),
                environment: environment.clone(),
            })?;
        allow(
            actor,
            held,
            held.rows_in(project, mode),
            Action::DeleteEnvironment.permission(Some(mode)),
        )?;
        let target = self.project_mut(project)?;
        target.environments.remove(index);
        Ok(self.record(
            actor,
            now,
            Event::EnvironmentDeleted {
                project: project.clone(),
                environment: environment.clone(),
            },
        ))
    }

    /// Refuses, before any lookup, whoever no placement in `project` could
    /// allow: a built-in role without *Edit development environment*; a
    /// custom role without `MANAGER` on some mode of the project, or
    /// without `ENV_CREATOR` on some cluster.
    fn authorize_to_create(
        &self,
        actor: Actor<'_>,
        now: Timestamp,
        project: &ProjectId,
    ) -> Result<Held<'_>, AccessError> {
        let held = self.actor_role(actor, now)?;
        let Held::Custom(custom) = held else {
            return self.authorize(actor, now, Permission::EDIT_DEVELOPMENT_ENVIRONMENT);
        };
        let access = custom.project(project);
        let shortfall = if Mode::ALL
            .into_iter()
            .all(|mode| access.level(mode) < ProjectLevel::Manager)
        {
            Shortfall::AnyMode
        } else if custom.highest_cluster_level() < ClusterLevel::EnvCreator {
            Shortfall::AnyCluster
        } else {
            return Ok(held);
        };
        Err(short(
            actor,
            Permission::EDIT_DEVELOPMENT_ENVIRONMENT,
            shortfall,
        ))
    }

    /// Refuses a placement whose mode or cluster the actor's role may not
    /// create an environment on: a built-in role without the row of the
    /// resolved mode; a custom role below `MANAGER` on the resolved mode
    /// (said first) or below `ENV_CREATOR` on the resolved cluster.
    fn allow_placement(
        &self,
        actor: Actor<'_>,
        held: Held<'_>,
        project: &ProjectId,
        placement: &Placement<'_>,
    ) -> Result<(), AccessError> {
        let permission = Action::EditEnvironment.permission(Some(placement.mode));
        let Held::Custom(custom) = held else {
            return allow(actor, held, held.rows_on_organization(), permission);
        };
        let level = custom.project(project).level(placement.mode);
        let cluster = custom.cluster_level(placement.cluster);
        let shortfall = if level < ProjectLevel::Manager {
            Shortfall::Mode {
                mode: placement.mode,
                level,
            }
        } else if cluster < ClusterLevel::EnvCreator {
            Shortfall::Cluster { level: cluster }
        } else {
            return Ok(());
        };
        Err(short(actor, permission, shortfall))
    }
}

/// The denial of `permission` to a custom role whose `shortfall` keeps it
/// from creating an environment.
fn short(actor: Actor<'_>, permission: Permission, shortfall: Shortfall) -> AccessError {
    AccessError::Denied {
        actor: actor.to_principal(),
        denial: Denial::new(permission, DenialReason::Level(shortfall)),
    }
}
