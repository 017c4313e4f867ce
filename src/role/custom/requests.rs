//! The requests that define a custom role, as the API takes them: creating
//! one takes a name and a description, updating one replaces its whole
//! definition. Neither carries the role's id: it is the URL's, and
//! [`CreateCustomRoleRequest::into_role`] and
//! [`UpdateCustomRoleRequest::into_role`] take it.

use alloc::string::String;
use alloc::vec::Vec;

use super::{CustomRole, bounded, check_name_and_description, sorted};
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::limits::Limit;
use crate::role::levels::{ClusterLevel, ProjectAccess};
use crate::text::Name;
use crate::validation::ValidationError;

/// A request to create a custom role (the API's
/// `OrganizationCustomRoleCreateRequest`): a name and a description. The
/// role starts at the lowest levels: `VIEWER` on every cluster, `NO_ACCESS`
/// on every project and mode.
///
/// ```
/// use orgmodel::*;
///
/// let request = CreateCustomRoleRequest::new(Name::new("Release managers")?, "deploy production")?;
/// let role = request.into_role("r1".parse()?);
/// assert_eq!(role.name().as_str(), "Release managers");
/// assert_eq!(role.cluster_level(&"prod".parse()?), ClusterLevel::Viewer);
/// assert_eq!(role.project(&"shop".parse()?), &ProjectAccess::NONE);
/// // A built-in role's name is refused, whatever its case.
/// assert_eq!(CreateCustomRoleRequest::new(Name::new("billing")?, "").unwrap_err().path(), "name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CreateCustomRoleRequest {
    name: Name,
    description: String,
}

impl CreateCustomRoleRequest {
    /// A request for a role named `name`.
    ///
    /// # Errors
    /// As [`CustomRole::new`]: a built-in role's name at `name`, a
    /// description over [`crate::limits::TEXT`] characters.
    pub fn new(name: Name, description: impl Into<String>) -> Result<Self, ValidationError> {
        let description = description.into();
        check_name_and_description(&name, &description)?;
        Ok(CreateCustomRoleRequest { name, description })
    }

    /// The new role's name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The new role's description (empty when none was given).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The role it creates, with the id the service gave it, at the lowest
    /// levels. Unique names among the organization's roles are the
    /// organization's to check.
    pub fn into_role(self, id: CustomRoleId) -> CustomRole {
        CustomRole::of(id, self.name, self.description, Vec::new(), Vec::new())
    }
}

/// A request replacing a custom role's whole definition (the API's
/// `OrganizationCustomRoleUpdateRequest`): its name, its description, a
/// level per listed cluster and an access per listed project. What it does
/// not list is at the lowest levels once applied.
///
/// ```
/// use orgmodel::*;
///
/// let blog: ProjectId = "blog".parse()?;
/// let request = UpdateCustomRoleRequest::new(
///     Name::new("Blog admins")?,
///     "",
///     [("main".parse()?, ClusterLevel::Admin)],
///     [(blog.clone(), ProjectAccess::new(true, []))],
/// )?;
/// let role = request.into_role("r1".parse()?);
/// assert_eq!(role.cluster_level(&"main".parse()?), ClusterLevel::Admin);
/// assert_eq!(role.cluster_level(&"prod".parse()?), ClusterLevel::Viewer);
/// assert!(Mode::ALL.into_iter().all(|mode| role.project(&blog).level(mode) == ProjectLevel::Manager));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UpdateCustomRoleRequest {
    name: Name,
    description: String,
    /// Sorted by cluster id, no id twice.
    clusters: Vec<(ClusterId, ClusterLevel)>,
    /// Sorted by project id, no id twice.
    projects: Vec<(ProjectId, ProjectAccess)>,
}

impl UpdateCustomRoleRequest {
    /// A definition: a name, a description, cluster levels and project
    /// accesses.
    ///
    /// # Errors
    /// As [`CustomRole::new`] and [`CustomRole::define`]: a built-in role's
    /// name at `name`, a description over its limit, an entry listed twice
    /// at `clusters[i].cluster_id` or `projects[i].project_id`, more
    /// entries than [`crate::limits::CLUSTERS`] or
    /// [`crate::limits::PROJECTS`].
    pub fn new(
        name: Name,
        description: impl Into<String>,
        clusters: impl IntoIterator<Item = (ClusterId, ClusterLevel)>,
        projects: impl IntoIterator<Item = (ProjectId, ProjectAccess)>,
    ) -> Result<Self, ValidationError> {
        let description = description.into();
        check_name_and_description(&name, &description)?;
        let clusters = bounded(clusters, "clusters", Limit::Clusters)?;
        let projects = bounded(projects, "projects", Limit::Projects)?;
        Self::listed(
            name,
            description,
            clusters,
            projects,
            ["clusters", "projects"],
        )
    }

    /// A definition of entries already within their limits, a duplicate
    /// named under the lists `lists` (the wire's `cluster_permissions` and
    /// `project_permissions`).
    pub(crate) fn listed(
        name: Name,
        description: String,
        clusters: Vec<(ClusterId, ClusterLevel)>,
        projects: Vec<(ProjectId, ProjectAccess)>,
        lists: [&str; 2],
    ) -> Result<Self, ValidationError> {
        check_name_and_description(&name, &description)?;
        let (clusters, projects) = sorted(clusters, projects, lists)?;
        Ok(UpdateCustomRoleRequest {
            name,
            description,
            clusters,
            projects,
        })
    }

    /// The role's new name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The role's new description (empty when none was given).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The listed clusters and their levels, by cluster id.
    pub fn clusters(&self) -> impl ExactSizeIterator<Item = (&ClusterId, ClusterLevel)> + '_ {
        self.clusters.iter().map(|(id, level)| (id, *level))
    }

    /// The listed projects and the access to each, by project id.
    pub fn projects(&self) -> impl ExactSizeIterator<Item = (&ProjectId, &ProjectAccess)> + '_ {
        self.projects.iter().map(|(id, access)| (id, access))
    }

    /// The role `id` as this request defines it. Whether the listed
    /// clusters and projects are the organization's, and whether the name
    /// is free, are the organization's to check.
    pub fn into_role(self, id: CustomRoleId) -> CustomRole {
        CustomRole::of(
            id,
            self.name,
            self.description,
            self.clusters,
            self.projects,
        )
    }
}
