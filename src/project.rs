//! Projects: the deployment rules and environments of one project.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::environment::Environment;
use crate::id::{EnvironmentId, ProjectId};
use crate::limits;
use crate::rules::DeploymentRules;
use crate::text::Name;
use crate::validation::{ValidationError, unique};

/// A project: its deployment rules and its environments.
///
/// ```
/// use orgmodel::*;
///
/// let env = |id: &str, name: &str| Environment { id: id.parse().unwrap(), name: Name::new(name).unwrap(), mode: Mode::Staging, cluster_id: "c".parse().unwrap() };
/// let project = Project::new("p".parse()?, Name::new("shop")?, DeploymentRules::default(), vec![env("e1", "qa")])?;
/// assert_eq!(project.environments().len(), 1);
///
/// let twins = Project::new("p".parse()?, Name::new("shop")?, DeploymentRules::default(), vec![env("e1", "qa"), env("e2", "QA")]);
/// assert_eq!(twins.unwrap_err().field, "environments[1].name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Project {
    pub(crate) id: ProjectId,
    pub(crate) name: Name,
    pub(crate) deployment_rules: DeploymentRules,
    pub(crate) environments: Vec<Environment>,
}

impl Project {
    /// A project with these rules and environments, checked as an
    /// organization holds them: at most [`limits::ENVIRONMENTS`]
    /// environments, with distinct ids and distinct names (case-insensitively).
    /// Whether their clusters exist is for the organization to check.
    ///
    /// # Errors
    /// A [`ValidationError`] at `environments[i]…`.
    pub fn new(
        id: ProjectId,
        name: Name,
        deployment_rules: DeploymentRules,
        environments: Vec<Environment>,
    ) -> Result<Self, ValidationError> {
        ValidationError::check_count(
            "environments",
            environments.len(),
            limits::Limit::Environments,
        )?;
        let shown = |i: usize, value: fn(&Environment) -> &str| {
            environments
                .get(i)
                .map(|e| String::from(value(e)))
                .unwrap_or_default()
        };
        unique(
            environments.iter().map(|e| &e.id),
            |i| format!("environments[{i}].id"),
            |i| shown(i, |e| e.id.as_str()),
        )?;
        unique(
            environments.iter().map(|e| e.name.folded()),
            |i| format!("environments[{i}].name"),
            |i| shown(i, |e| e.name.as_str()),
        )?;
        Ok(Project {
            id,
            name,
            deployment_rules,
            environments,
        })
    }

    /// An empty project.
    pub(crate) fn empty(id: ProjectId, name: Name) -> Self {
        Project {
            id,
            name,
            deployment_rules: DeploymentRules::default(),
            environments: Vec::new(),
        }
    }

    /// Its id.
    pub fn id(&self) -> &ProjectId {
        &self.id
    }

    /// Its name, unique in the organization (case-insensitively).
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// Its deployment rules, in priority order.
    pub fn deployment_rules(&self) -> &DeploymentRules {
        &self.deployment_rules
    }

    /// Its environments, in the order they were created.
    pub fn environments(&self) -> &[Environment] {
        &self.environments
    }

    /// The environment with this id.
    pub fn environment(&self, id: &EnvironmentId) -> Option<&Environment> {
        self.environments
            .iter()
            .find(|environment| environment.id == *id)
    }

    /// Takes the project apart: id, name, rules, environments.
    pub fn into_parts(self) -> (ProjectId, Name, DeploymentRules, Vec<Environment>) {
        (self.id, self.name, self.deployment_rules, self.environments)
    }
}
