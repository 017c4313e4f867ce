//! A custom role: an organization's own role, with a level per cluster and,
//! per project, `is_admin` and a level per mode.

mod requests;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::Role;
use super::levels::{ClusterLevel, ProjectAccess, ProjectLevel};
use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId, ProjectId, prefix};
use crate::limits::Limit;
use crate::permission::Permission;
use crate::text::{Name, check_text};
use crate::validation::{Problem, ValidationError, unique};

pub use requests::{CreateCustomRoleRequest, UpdateCustomRoleRequest};

/// A role an organization defines for itself.
///
/// It is created at the lowest levels (every cluster `VIEWER`, every
/// project `NO_ACCESS`) and changed by replacing its whole definition
/// ([`CustomRole::define`]). Its rows are computed once, when it is
/// defined, so a check under it stays a mask test. Whether the listed
/// clusters and projects are the organization's is the organization's to
/// check; a custom role only refuses what it can see alone: a built-in
/// role's name, a cluster or project listed twice, more entries than the
/// organization may hold.
///
/// ```
/// use orgmodel::*;
///
/// let shop: ProjectId = "shop".parse()?;
/// let role = CustomRole::new("r1".parse()?, Name::new("Shop developers")?, "")?
///     .define(
///         [("dev".parse()?, ClusterLevel::EnvCreator)],
///         [(shop.clone(), ProjectAccess::new(false, [(Mode::Development, ProjectLevel::Manager), (Mode::Production, ProjectLevel::Viewer)]))],
///     )?;
/// assert!(role.rows(&shop, Mode::Development).contains(Permission::EDIT_DEVELOPMENT_ENVIRONMENT));
/// assert!(role.rows(&shop, Mode::Production).contains(Permission::READ_ENVIRONMENT));
/// assert!(!role.rows(&shop, Mode::Production).contains(Permission::STOP_PRODUCTION_ENVIRONMENT));
/// assert_eq!(role.cluster_level(&"prod".parse()?), ClusterLevel::Viewer);
/// assert!(CustomRole::new("r2".parse()?, Name::new("viewer")?, "").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CustomRole {
    id: CustomRoleId,
    name: Name,
    description: String,
    /// Sorted by cluster id; unlisted clusters are at `VIEWER`.
    clusters: Vec<(ClusterId, ClusterLevel)>,
    /// Sorted by project id; unlisted projects are at `NO_ACCESS`.
    projects: Vec<(ProjectId, ProjectAccess)>,
    /// The [`prefix`] of each project's id, in `projects`' order: a check
    /// searches these eight bytes in one short array, and compares whole ids
    /// only among the projects whose prefix is the one asked (almost always
    /// one), instead of following every id it passes to the heap.
    prefixes: Vec<u64>,
}

/// As derived, without the prefixes (they follow the projects).
impl fmt::Debug for CustomRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomRole")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("description", &self.description)
            .field("clusters", &self.clusters)
            .field("projects", &self.projects)
            .finish()
    }
}

impl CustomRole {
    /// A role at the lowest levels.
    ///
    /// # Errors
    /// [`Problem::BuiltInRoleName`] at `name` when it is a built-in role's
    /// name (`viewer`, `DevOps`, `billing manager`, case-insensitively);
    /// a description over [`crate::limits::TEXT`] characters.
    pub fn new(
        id: CustomRoleId,
        name: Name,
        description: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let description = description.into();
        check_name_and_description(&name, &description)?;
        Ok(CustomRole::of(
            id,
            name,
            description,
            Vec::new(),
            Vec::new(),
        ))
    }

    /// The role of these entries, each sorted by id with no id twice.
    fn of(
        id: CustomRoleId,
        name: Name,
        description: String,
        clusters: Clusters,
        projects: Projects,
    ) -> Self {
        let prefixes = prefixes(&projects);
        CustomRole {
            id,
            name,
            description,
            clusters,
            projects,
            prefixes,
        }
    }

    /// The role with its whole definition replaced: these cluster levels
    /// and project accesses, and the lowest levels everywhere else.
    ///
    /// # Errors
    /// [`Problem::Duplicate`] at `clusters[i].cluster_id` or
    /// `projects[i].project_id` for an entry listed twice;
    /// [`Problem::TooMany`] past [`crate::limits::CLUSTERS`] or [`crate::limits::PROJECTS`]
    /// entries. The role is unchanged on error (it is taken by value and
    /// dropped; keep a clone to retry).
    pub fn define(
        mut self,
        clusters: impl IntoIterator<Item = (ClusterId, ClusterLevel)>,
        projects: impl IntoIterator<Item = (ProjectId, ProjectAccess)>,
    ) -> Result<Self, ValidationError> {
        let clusters = bounded(clusters, "clusters", Limit::Clusters)?;
        let projects = bounded(projects, "projects", Limit::Projects)?;
        (self.clusters, self.projects) = sorted(clusters, projects, ["clusters", "projects"])?;
        self.prefixes = prefixes(&self.projects);
        Ok(self)
    }

    /// The role's id.
    pub fn id(&self) -> &CustomRoleId {
        &self.id
    }

    /// The role's name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The role's description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The listed clusters and their levels, by cluster id.
    pub fn clusters(&self) -> impl ExactSizeIterator<Item = (&ClusterId, ClusterLevel)> + '_ {
        self.clusters.iter().map(|(id, level)| (id, *level))
    }

    /// The listed projects and the role's access to each, by project id.
    pub fn projects(&self) -> impl ExactSizeIterator<Item = (&ProjectId, &ProjectAccess)> + '_ {
        self.projects.iter().map(|(id, access)| (id, access))
    }

    /// The level on `cluster`: `VIEWER` when it is not listed.
    pub fn cluster_level(&self, cluster: &ClusterId) -> ClusterLevel {
        self.clusters
            .binary_search_by(|(id, _)| id.cmp(cluster))
            .ok()
            .and_then(|at| self.clusters.get(at))
            .map_or(ClusterLevel::Viewer, |(_, level)| *level)
    }

    /// The access to `project`: [`ProjectAccess::NONE`] when it is not listed.
    /// A search of the projects' prefixes, then of the ids among those
    /// that share `project`'s prefix; it allocates nothing.
    #[inline]
    pub fn project(&self, project: &ProjectId) -> &ProjectAccess {
        let key = prefix(project.as_str());
        let start = self.prefixes.partition_point(|&k| k < key);
        let end = self.prefixes.partition_point(|&k| k <= key);
        let tied = self.projects.get(start..end).unwrap_or_default();
        tied.binary_search_by(|(id, _)| id.cmp(project))
            .ok()
            .and_then(|at| tied.get(at))
            .map_or(&ProjectAccess::NONE, |(_, access)| access)
    }

    /// The rows of the table the role holds on `project` and its resources
    /// in `mode` (a binary search and a mask: nothing is computed here).
    #[inline]
    pub fn rows(&self, project: &ProjectId, mode: Mode) -> Permission {
        self.project(project).rows(mode)
    }

    /// Removes the entry of a deleted cluster.
    pub(crate) fn forget_cluster(&mut self, cluster: &ClusterId) {
        if let Ok(at) = self.clusters.binary_search_by(|(id, _)| id.cmp(cluster)) {
            self.clusters.remove(at);
        }
    }

    /// Removes the entry of a deleted project.
    pub(crate) fn forget_project(&mut self, project: &ProjectId) {
        if let Ok(at) = self.projects.binary_search_by(|(id, _)| id.cmp(project)) {
            self.projects.remove(at);
            if at < self.prefixes.len() {
                self.prefixes.remove(at);
            }
        }
    }

    /// The highest level of any cluster (`VIEWER` when none is listed).
    pub fn highest_cluster_level(&self) -> ClusterLevel {
        self.clusters
            .iter()
            .map(|(_, level)| *level)
            .max()
            .unwrap_or_default()
    }

    /// Whether the role is at `MANAGER` on some mode of some project (or
    /// administers one) but at `ENV_CREATOR` on no cluster: it may edit
    /// environments and never create one, which is seldom what was meant.
    /// A console shows it as a warning; the role is valid.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let role = CustomRole::new("r".parse()?, Name::new("Deployers")?, "")?
    ///     .define([], [("shop".parse()?, ProjectAccess::new(true, []))])?;
    /// assert!(role.manages_without_creating());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn manages_without_creating(&self) -> bool {
        self.highest_cluster_level() < ClusterLevel::EnvCreator
            && self.projects.iter().any(|(_, access)| {
                Mode::ALL
                    .into_iter()
                    .any(|mode| access.level(mode) == ProjectLevel::Manager)
            })
    }
}

/// A definition's cluster entries.
type Clusters = Vec<(ClusterId, ClusterLevel)>;
/// A definition's project entries.
type Projects = Vec<(ProjectId, ProjectAccess)>;

/// Refuses a built-in role's name and a description over its limit.
fn check_name_and_description(name: &Name, description: &str) -> Result<(), ValidationError> {
    if name.as_str().parse::<Role>().is_ok() {
        return Err(ValidationError::new(
            "name",
            name.as_str(),
            Problem::BuiltInRoleName,
        ));
    }
    check_text("description", description)
        .map_err(|error| ValidationError::new("description", "", Problem::Value(error)))
}

/// The entries of a definition, refused when one is listed twice (at
/// `{lists[0]}[i].cluster_id` or `{lists[1]}[i].project_id`, `i` its
/// position as given), else sorted by id. They are within their limits.
fn sorted(
    mut clusters: Clusters,
    mut projects: Projects,
    lists: [&str; 2],
) -> Result<(Clusters, Projects), ValidationError> {
    let [cluster_list, project_list] = lists;
    unique(
        clusters.iter().map(|(id, _)| id),
        |at| format!("{cluster_list}[{at}].cluster_id"),
        |at| shown(clusters.get(at).map(|(id, _)| id.as_str())),
    )?;
    unique(
        projects.iter().map(|(id, _)| id),
        |at| format!("{project_list}[{at}].project_id"),
        |at| shown(projects.get(at).map(|(id, _)| id.as_str())),
    )?;
    clusters.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    projects.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok((clusters, projects))
}

/// The prefixes of `projects`' ids, in their order.
fn prefixes(projects: &Projects) -> Vec<u64> {
    projects.iter().map(|(id, _)| prefix(id.as_str())).collect()
}

fn shown(id: Option<&str>) -> String {
    String::from(id.unwrap_or_default())
}

/// Collects at most `limit` items, refusing more without reading them all.
fn bounded<T>(
    items: impl IntoIterator<Item = T>,
    field: &str,
    limit: Limit,
) -> Result<Vec<T>, ValidationError> {
    let mut out = Vec::new();
    for (at, item) in items.into_iter().enumerate() {
        if at >= limit.value() {
            ValidationError::check_count(field, at + 1, limit)?;
        }
        out.push(item);
    }
    Ok(out)
}
