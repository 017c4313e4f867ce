//! Custom roles written: alone (for commands and events) and as the API's
//! document of one organization's role ([`CustomRoleDocument`]), and the
//! create and update requests.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::organization::Organization;
use crate::role::{
    ClusterLevel, CreateCustomRoleRequest, CustomRole, ProjectAccess, ProjectLevel,
    UpdateCustomRoleRequest,
};
use crate::text::Name;

/// The environment types in the order the platform's console writes them.
const MODES: [Mode; 4] = [
    Mode::Development,
    Mode::Preview,
    Mode::Staging,
    Mode::Production,
];

/// A custom role as the API's `GET …/customRole/{id}` returns it: an entry
/// for every cluster and every project of `organization`, in its order,
/// each with its name (`cluster_name`, `project_name`) and the role's level
/// on it (the lowest where the role lists nothing: `VIEWER`, `NO_ACCESS`),
/// each project's four environment types `MANAGER` where the role
/// administers it (as the platform's console writes them). An entry of the
/// role for a cluster or project the organization does not have is left
/// out (the organization removes them when it deletes one).
///
/// A role alone ([`CustomRole`]'s own `Serialize`, for commands, events
/// and organization documents) writes its own entries, by id, without
/// names.
///
/// ```
/// use orgmodel::*;
///
/// let owner: UserId = "u-ada".parse()?;
/// let mut org = Organization::new("o-1".parse()?, Name::new("Acme")?, Plan::Business, owner.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// for (id, name) in [("c-1", "main"), ("c-2", "prod")] {
///     let _ = org.add_cluster(&owner, now, Cluster::new(id.parse()?, Name::new(name)?, CloudProvider::Aws, "eu-west-3"))?;
/// }
/// let role = CustomRole::new("r-1".parse()?, Name::new("Cluster admins")?, "")?
///     .define([("c-1".parse()?, ClusterLevel::Admin)], [])?;
/// let json = serde_json::to_value(CustomRoleDocument::new(&org, &role))?;
/// assert_eq!(json["cluster_permissions"], serde_json::json!([
///     {"cluster_id": "c-1", "cluster_name": "main", "permission": "ADMIN"},
///     {"cluster_id": "c-2", "cluster_name": "prod", "permission": "VIEWER"},
/// ]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CustomRoleDocument<'a> {
    organization: &'a Organization,
    role: &'a CustomRole,
}

impl<'a> CustomRoleDocument<'a> {
    /// The document of `role` over the clusters and projects of `organization`.
    pub fn new(organization: &'a Organization, role: &'a CustomRole) -> Self {
        CustomRoleDocument { organization, role }
    }
}

impl Serialize for CustomRoleDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (org, role) = (self.organization, self.role);
        let clusters = ClusterEntries(|| {
            org.clusters().iter().map(|cluster| ClusterOut {
                id: &cluster.id,
                name: Some(&cluster.name),
                level: role.cluster_level(&cluster.id),
            })
        });
        let projects = ProjectEntries(|| {
            org.projects().iter().map(|project| ProjectOut {
                id: project.id(),
                name: Some(project.name()),
                access: role.project(project.id()),
            })
        });
        definition_out(
            serializer,
            Some(role.id()),
            (role.name(), role.description()),
            &clusters,
            &projects,
        )
    }
}

/// The role alone: its own entries, by id, no names.
impl Serialize for CustomRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        definition_out(
            serializer,
            Some(self.id()),
            (self.name(), self.description()),
            &ClusterEntries(|| self.clusters().map(ClusterOut::listed)),
            &ProjectEntries(|| self.projects().map(ProjectOut::listed)),
        )
    }
}

/// `OrganizationCustomRoleCreateRequest`.
impl Serialize for CreateCustomRoleRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OrganizationCustomRoleCreateRequest", 2)?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("description", self.description())?;
        out.end()
    }
}

/// `OrganizationCustomRoleUpdateRequest`.
impl Serialize for UpdateCustomRoleRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        definition_out(
            serializer,
            None,
            (self.name(), self.description()),
            &ClusterEntries(|| self.clusters().map(ClusterOut::listed)),
            &ProjectEntries(|| self.projects().map(ProjectOut::listed)),
        )
    }
}

/// A definition: its id when it has one, name, description and entries.
fn definition_out<S: Serializer>(
    serializer: S,
    id: Option<&CustomRoleId>,
    (name, description): (&Name, &str),
    clusters: &impl Serialize,
    projects: &impl Serialize,
) -> Result<S::Ok, S::Error> {
    let mut out = serializer.serialize_struct("OrganizationCustomRole", 5)?;
    match id {
        Some(id) => out.serialize_field("id", id)?,
        None => out.skip_field("id")?,
    }
    out.serialize_field("name", name)?;
    out.serialize_field("description", description)?;
    out.serialize_field("cluster_permissions", clusters)?;
    out.serialize_field("project_permissions", projects)?;
    out.end()
}

/// `cluster_permissions`, walked anew each time it is written.
struct ClusterEntries<F>(F);

impl<'a, F, I> Serialize for ClusterEntries<F>
where
    F: Fn() -> I,
    I: Iterator<Item = ClusterOut<'a>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

struct ClusterOut<'a> {
    id: &'a ClusterId,
    name: Option<&'a Name>,
    level: ClusterLevel,
}

impl<'a> ClusterOut<'a> {
    fn listed((id, level): (&'a ClusterId, ClusterLevel)) -> Self {
        ClusterOut {
            id,
            name: None,
            level,
        }
    }
}

impl Serialize for ClusterOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("ClusterPermission", 3)?;
        out.serialize_field("cluster_id", self.id)?;
        match self.name {
            Some(name) => out.serialize_field("cluster_name", name)?,
            None => out.skip_field("cluster_name")?,
        }
        out.serialize_field("permission", &self.level)?;
        out.end()
    }
}

/// `project_permissions`, walked anew each time it is written.
struct ProjectEntries<F>(F);

impl<'a, F, I> Serialize for ProjectEntries<F>
where
    F: Fn() -> I,
    I: Iterator<Item = ProjectOut<'a>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

struct ProjectOut<'a> {
    id: &'a ProjectId,
    name: Option<&'a Name>,
    access: &'a ProjectAccess,
}

impl<'a> ProjectOut<'a> {
    fn listed((id, access): (&'a ProjectId, &'a ProjectAccess)) -> Self {
        ProjectOut {
            id,
            name: None,
            access,
        }
    }
}

impl Serialize for ProjectOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("ProjectPermission", 4)?;
        out.serialize_field("project_id", self.id)?;
        match self.name {
            Some(name) => out.serialize_field("project_name", name)?,
            None => out.skip_field("project_name")?,
        }
        out.serialize_field("is_admin", &self.access.is_admin())?;
        out.serialize_field("permissions", &Modes(self.access))?;
        out.end()
    }
}

/// A project's four environment types and their levels (`MANAGER` ×4 for
/// a project admin, as the API writes it).
struct Modes<'a>(&'a ProjectAccess);

impl Serialize for Modes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let access = self.0;
        serializer.collect_seq(MODES.into_iter().map(|mode| ModeOut {
            mode,
            level: access.level(mode),
        }))
    }
}

#[derive(Serialize)]
struct ModeOut {
    #[serde(rename = "environment_type")]
    mode: Mode,
    #[serde(rename = "permission")]
    level: ProjectLevel,
}
