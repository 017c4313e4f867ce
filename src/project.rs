//! Projects: the deployment rules and environments of one project.

use alloc::vec::Vec;

use crate::environment::Environment;
use crate::id::{EnvironmentId, ProjectId};
use crate::rules::DeploymentRules;
use crate::text::Name;

/// A project: its deployment rules and its environments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::wire::ProjectWire",
        into = "crate::wire::ProjectWire"
    )
)]
pub struct Project {
    pub(crate) id: ProjectId,
    pub(crate) name: Name,
    pub(crate) deployment_rules: DeploymentRules,
    pub(crate) environments: Vec<Environment>,
}

impl Project {
    /// An empty project.
    pub(crate) fn new(id: ProjectId, name: Name) -> Self {
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
}
