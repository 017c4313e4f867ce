//! Environments: placing a new one, creating it, deleting it.

use super::Organization;
use super::check::allow;
use super::projects::ProjectError;
use crate::access::Action;
use crate::environment::{CreateEnvironmentRequest, Environment};
use crate::id::{EnvironmentId, ProjectId, UserId};
use crate::limits;
use crate::permission::Permission;
use crate::placement::{Placement, PlacementError, resolve_named, resolve_target_cluster};
use crate::text::Name;

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

    /// Creates an environment in a project and returns it. In this order:
    /// the actor must be a member with *Edit development environment* (the
    /// weaker row, checked before anything is looked up, so that a caller
    /// without it learns nothing about clusters or rules); the project must
    /// exist; the environment is placed (see [`Organization::placement`]);
    /// the actor must hold *Edit production environment* or *Edit
    /// development environment* for the **resolved** mode (a Developer whose
    /// environment resolves to `Production` is refused); its id must be new
    /// in the organization and its name free in the project.
    ///
    /// The crate has no source of ids: the caller supplies the new id.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// org.add_cluster(&ada, Cluster::new("c1".parse()?, Name::new("main")?, CloudProvider::Aws, "eu-west-3"))?;
    /// org.add_project(&ada, "p".parse()?, Name::new("shop")?)?;
    ///
    /// let env = org.create_environment(&ada, &"p".parse()?, "e1".parse()?, &CreateEnvironmentRequest::new("staging").with_mode(Mode::Staging))?;
    /// assert_eq!((env.cluster_id.as_str(), env.mode), ("c1", Mode::Staging));
    ///
    /// let again = org.create_environment(&ada, &"p".parse()?, "e2".parse()?, &CreateEnvironmentRequest::new("STAGING"));
    /// assert!(matches!(again, Err(ProjectError::EnvironmentNameTaken { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::Placement`], [`ProjectError::Access`] again (the
    /// resolved mode), [`ProjectError::EnvironmentExists`],
    /// [`ProjectError::EnvironmentNameTaken`], [`ProjectError::LimitReached`].
    pub fn create_environment(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        id: EnvironmentId,
        request: &CreateEnvironmentRequest,
    ) -> Result<Environment, ProjectError> {
        let role = self.authorize(actor, Permission::EDIT_DEVELOPMENT_ENVIRONMENT)?;
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
        allow(
            actor,
            role,
            Action::EditEnvironment.permission(Some(placement.mode)),
        )?;
        let environment = Environment {
            id,
            name,
            mode: placement.mode,
            cluster_id: placement.cluster.clone(),
        };
        self.add_environment(project, environment.clone())?;
        Ok(environment)
    }

    /// Adds an environment already placed, as a recorded event says: the
    /// actor needs the *Edit … environment* row of its mode, its project and
    /// cluster must exist, its id be new and its name free.
    pub(super) fn insert_environment(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        environment: Environment,
    ) -> Result<(), ProjectError> {
        let role = self.authorize(actor, Permission::EDIT_DEVELOPMENT_ENVIRONMENT)?;
        allow(
            actor,
            role,
            Action::EditEnvironment.permission(Some(environment.mode)),
        )?;
        self.project_index(project)?;
        if self.cluster(&environment.cluster_id).is_none() {
            return Err(PlacementError::UnknownCluster {
                cluster: environment.cluster_id,
            }
            .into());
        }
        self.add_environment(project, environment)
    }

    /// Adds a placed environment to an existing project: its id must be new
    /// in the organization and its name free in the project.
    fn add_environment(
        &mut self,
        project: &ProjectId,
        environment: Environment,
    ) -> Result<(), ProjectError> {
        if self.environment(&environment.id).is_some() {
            return Err(ProjectError::EnvironmentExists {
                environment: environment.id,
            });
        }
        let target = self.project_mut(project)?;
        if let Some(existing) = target
            .environments
            .iter()
            .find(|e| e.name.eq_ignore_case(&environment.name))
        {
            return Err(ProjectError::EnvironmentNameTaken {
                project: project.clone(),
                name: environment.name,
                environment: existing.id.clone(),
            });
        }
        if target.environments.len() >= limits::ENVIRONMENTS {
            return Err(ProjectError::LimitReached {
                limit: limits::Limit::Environments,
                size: target.environments.len() + 1,
            });
        }
        target.environments.push(environment);
        self.touch();
        Ok(())
    }

    /// Deletes an environment. Needs *Delete development environment* (checked
    /// before anything is looked up), and *Delete production environment*
    /// when the environment is in `Production`.
    ///
    /// # Errors
    /// [`ProjectError::Access`], [`ProjectError::NoSuchProject`],
    /// [`ProjectError::NoSuchEnvironment`], [`ProjectError::Access`] again (its mode).
    pub fn delete_environment(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        environment: &EnvironmentId,
    ) -> Result<Environment, ProjectError> {
        let role = self.authorize(actor, Permission::DELETE_DEVELOPMENT_ENVIRONMENT)?;
        let target = self.project_mut(project)?;
        let (index, mode) = target
            .environments
            .iter()
            .enumerate()
            .find(|(_, e)| e.id == *environment)
            .map(|(index, e)| (index, e.mode))
            .ok_or_else(|| ProjectError::NoSuchEnvironment {
                project: project.clone(),
                environment: environment.clone(),
            })?;
        allow(
            actor,
            role,
            Action::DeleteEnvironment.permission(Some(mode)),
        )?;
        let removed = target.environments.remove(index);
        self.touch();
        Ok(removed)
    }
}
