//! Custom roles on the wire, as the API's `OrganizationCustomRole`,
//! `OrganizationCustomRoleCreateRequest` and
//! `OrganizationCustomRoleUpdateRequest` have them: a level per cluster
//! (`cluster_permissions`) and, per project, `is_admin` and a level per
//! environment type (`project_permissions`).
//!
//! Reading validates as [`CustomRole::define`] does, every error naming its
//! path on the wire (`project_permissions[0].permissions[1].environment_type`);
//! the lists are read element by element, each entry made final as soon as
//! it is read and refused past its limit without keeping the rest. The
//! names the API adds (`cluster_name`, `project_name`) are ignored on read;
//! [`CustomRoleDocument`] writes them from the organization (`written.rs`).

mod written;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::convert::Infallible;

use serde::Deserialize;
use serde::de::Deserializer;

use super::bounded::refused;
use super::{guard, lists, null_as_default};
use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::limits::Limit;
use crate::role::{
    ClusterLevel, CreateCustomRoleRequest, CustomRole, ProjectAccess, ProjectLevel,
    UpdateCustomRoleRequest,
};
use crate::text::Name;
use crate::validation::{Problem, ValidationError};

pub use written::CustomRoleDocument;

/// The wire's names of a definition's two lists, as errors name them.
const LISTS: [&str; 2] = ["cluster_permissions", "project_permissions"];

/// One entry of `cluster_permissions` (its `cluster_name` ignored).
#[derive(Deserialize)]
struct ClusterEntry {
    cluster_id: ClusterId,
    permission: ClusterLevel,
}

/// One entry of a project's `permissions`.
#[derive(Deserialize)]
struct ModeEntry {
    environment_type: Mode,
    permission: ProjectLevel,
}

/// One entry of `project_permissions` (its `project_name` ignored).
#[derive(Deserialize)]
struct ProjectEntry {
    project_id: ProjectId,
    #[serde(default, deserialize_with = "null_as_default")]
    is_admin: bool,
    #[serde(default, deserialize_with = "permissions")]
    permissions: Vec<(Mode, ProjectLevel)>,
}

type Clusters = lists::Made<(ClusterId, ClusterLevel), ValidationError>;
type Projects = lists::Made<(ProjectId, ProjectAccess), ValidationError>;

/// A project's levels as listed: at most a few bytes an entry of at least
/// fifty, so they are kept until the project is made.
fn permissions<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(Mode, ProjectLevel)>, D::Error> {
    let list = lists::made(deserializer, "permissions", |entry: ModeEntry, _| {
        Ok::<_, Infallible>((entry.environment_type, entry.permission))
    })?;
    Ok(list.items)
}

/// The cluster entries, refused past [`Limit::Clusters`].
fn cluster_permissions<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Clusters, D::Error> {
    lists::made(
        deserializer,
        "cluster_permissions",
        |entry: ClusterEntry, at| {
            ValidationError::check_count("cluster_permissions", at + 1, Limit::Clusters)?;
            Ok((entry.cluster_id, entry.permission))
        },
    )
}

/// The project entries, refused past [`Limit::Projects`] or at a mode
/// listed twice in one project.
fn project_permissions<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Projects, D::Error> {
    lists::made(deserializer, "project_permissions", project)
}

fn project(entry: ProjectEntry, at: usize) -> Result<(ProjectId, ProjectAccess), ValidationError> {
    ValidationError::check_count("project_permissions", at + 1, Limit::Projects)?;
    let mut seen = [false; 4];
    for (i, (mode, _)) in entry.permissions.iter().enumerate() {
        let slot = Mode::ALL
            .iter()
            .position(|m| m == mode)
            .and_then(|s| seen.get_mut(s));
        match slot {
            Some(seen) if !*seen => *seen = true,
            _ => {
                return Err(ValidationError::new(
                    format!("project_permissions[{at}].permissions[{i}].environment_type"),
                    <&str>::from(*mode).to_ascii_uppercase(),
                    Problem::Duplicate,
                ));
            }
        }
    }
    let access = ProjectAccess::new(entry.is_admin, entry.permissions);
    Ok((entry.project_id, access))
}

/// The definition of a role, however it came: its lists' first error, else
/// the checks of [`UpdateCustomRoleRequest::new`], named on the wire.
fn definition(
    name: Name,
    description: String,
    clusters: Clusters,
    projects: Projects,
) -> Result<UpdateCustomRoleRequest, ValidationError> {
    if let Some(error) = clusters.error.or(projects.error) {
        return Err(error);
    }
    UpdateCustomRoleRequest::listed(name, description, clusters.items, projects.items, LISTS)
}

/// A role as the API writes it (`OrganizationCustomRole`).
#[derive(Deserialize)]
struct RoleWire {
    id: CustomRoleId,
    name: Name,
    #[serde(default, deserialize_with = "null_as_default")]
    description: String,
    #[serde(default, deserialize_with = "cluster_permissions")]
    cluster_permissions: Clusters,
    #[serde(default, deserialize_with = "project_permissions")]
    project_permissions: Projects,
}

impl RoleWire {
    fn role(self) -> Result<CustomRole, ValidationError> {
        let request = definition(
            self.name,
            self.description,
            self.cluster_permissions,
            self.project_permissions,
        )?;
        Ok(request.into_role(self.id))
    }
}

impl<'de> Deserialize<'de> for CustomRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, RoleWire::deserialize)?;
        wire.role().map_err(refused)
    }
}

/// The custom roles of an organization document, each made a role (and
/// checked alone) as soon as it is read; the first that is not valid is the
/// list's error, its path under `custom_roles[r]`. Whether their clusters
/// and projects are the organization's, and their names unique, is the
/// organization's to check.
pub(super) fn custom_roles<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<lists::Made<CustomRole, ValidationError>, D::Error> {
    lists::made(deserializer, "custom_roles", |wire: RoleWire, r| {
        ValidationError::check_count("custom_roles", r + 1, Limit::CustomRoles)?;
        wire.role().map_err(|mut error| {
            error.field = format!("custom_roles[{r}].{}", error.field);
            error
        })
    })
}

/// `OrganizationCustomRoleCreateRequest`.
#[derive(Deserialize)]
struct CreateWire {
    name: Name,
    #[serde(default, deserialize_with = "null_as_default")]
    description: String,
}

impl<'de> Deserialize<'de> for CreateCustomRoleRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, CreateWire::deserialize)?;
        CreateCustomRoleRequest::new(wire.name, wire.description).map_err(refused)
    }
}

/// `OrganizationCustomRoleUpdateRequest`: both lists are required (an
/// update replaces the whole definition), `null` reads as empty.
#[derive(Deserialize)]
struct UpdateWire {
    name: Name,
    #[serde(default, deserialize_with = "null_as_default")]
    description: String,
    #[serde(deserialize_with = "cluster_permissions")]
    cluster_permissions: Clusters,
    #[serde(deserialize_with = "project_permissions")]
    project_permissions: Projects,
}

impl<'de> Deserialize<'de> for UpdateCustomRoleRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, UpdateWire::deserialize)?;
        definition(
            wire.name,
            wire.description,
            wire.cluster_permissions,
            wire.project_permissions,
        )
        .map_err(refused)
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;

    use serde::Deserialize;

    use super::custom_roles;
    use crate::role::CustomRole;
    use crate::validation::ValidationError;

    #[derive(Deserialize)]
    struct Document {
        #[serde(deserialize_with = "custom_roles")]
        custom_roles: super::lists::Made<CustomRole, ValidationError>,
    }

    fn read(roles: &str) -> super::lists::Made<CustomRole, ValidationError> {
        let text = format!(r#"{{"custom_roles": {roles}}}"#);
        serde_json::from_str::<Document>(&text)
            .unwrap()
            .custom_roles
    }

    #[test]
    fn a_documents_custom_roles_are_read_one_by_one_and_refused_with_their_path() {
        let role = |id: &str, modes: &str| {
            format!(
                r#"{{"id": "{id}", "name": "{id}", "project_permissions": [{{"project_id": "p", "permissions": [{modes}]}}]}}"#
            )
        };
        let dev = r#"{"environment_type": "DEVELOPMENT", "permission": "VIEWER"}"#;
        let roles = read(&format!("[{}, {}]", role("a", dev), role("b", dev)));
        assert!(roles.error.is_none());
        assert_eq!(roles.items.len(), 2);
        let twice = format!("{dev}, {dev}");
        let roles = read(&format!("[{}, {}]", role("a", dev), role("b", &twice)));
        let error = roles.error.unwrap();
        assert_eq!(
            (error.path(), error.kind()),
            (
                "custom_roles[1].project_permissions[0].permissions[1].environment_type",
                "duplicate"
            )
        );
        assert!(roles.items.is_empty());
        assert!(read("null").items.is_empty());
    }
}
