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
//! [`CustomRoleDocument`] writes them from the organization.

use alloc::vec::Vec;
use core::convert::Infallible;

use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::{guard, lists, null_as_default};
use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::limits::Limit;
use crate::organization::Organization;
use crate::role::{
    ClusterLevel, CreateCustomRoleRequest, CustomRole, ProjectAccess, ProjectLevel,
    UpdateCustomRoleRequest,
};
use crate::text::Name;
use crate::validation::{Problem, ValidationError};

/// The wire's names of a definition's two lists, as errors name them.
const LISTS: [&str; 2] = ["cluster_permissions", "project_permissions"];

/// The environment types in the order the platform's console writes them.
const MODES: [Mode; 4] = [
    Mode::Development,
    Mode::Preview,
    Mode::Staging,
    Mode::Production,
];

// ----- reading -----

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
        let slot = MODES
            .iter()
            .position(|m| m == mode)
            .and_then(|s| seen.get_mut(s));
        match slot {
            Some(seen) if !*seen => *seen = true,
            _ => {
                return Err(ValidationError::new(
                    alloc::format!("project_permissions[{at}].permissions[{i}].environment_type"),
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
    description: alloc::string::String,
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
    description: alloc::string::String,
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
        wire.role().map_err(|mut error| {
            error.field = alloc::format!("custom_roles[{r}].{}", error.field);
            error
        })
    })
}

/// `OrganizationCustomRoleCreateRequest`.
#[derive(Deserialize)]
struct CreateWire {
    name: Name,
    #[serde(default, deserialize_with = "null_as_default")]
    description: alloc::string::String,
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
    description: alloc::string::String,
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

// ----- writing -----

/// A custom role as the API's `GET …/customRole/{id}` returns it: each
/// listed cluster and project with its name in `organization`
/// (`cluster_name`, `project_name`, left out for one the organization does
/// not have), and each project's four environment types, `MANAGER` for a
/// project the role administers (as the platform's console writes them).
///
/// A role alone ([`CustomRole`]'s own `Serialize`, for commands and
/// events) writes no names, and each type's level as listed.
///
/// ```
/// use orgmodel::*;
///
/// let owner: UserId = "u-ada".parse()?;
/// let mut org = Organization::new("o-1".parse()?, Name::new("Acme")?, Plan::Business, owner.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// org.add_cluster(&owner, now, Cluster::new("c-1".parse()?, Name::new("main")?, CloudProvider::Aws, "eu-west-3"))?;
/// let role = CustomRole::new("r-1".parse()?, Name::new("Cluster admins")?, "")?
///     .define([("c-1".parse()?, ClusterLevel::Admin)], [])?;
/// let json = serde_json::to_value(CustomRoleDocument::new(&org, &role))?;
/// assert_eq!(json["cluster_permissions"][0]["cluster_name"], "main");
/// assert_eq!(json["cluster_permissions"][0]["permission"], "ADMIN");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CustomRoleDocument<'a> {
    organization: &'a Organization,
    role: &'a CustomRole,
}

impl<'a> CustomRoleDocument<'a> {
    /// The document of `role`, its clusters and projects named in `organization`.
    pub fn new(organization: &'a Organization, role: &'a CustomRole) -> Self {
        CustomRoleDocument { organization, role }
    }
}

impl Serialize for CustomRoleDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        role(self.role, Some(self.organization), serializer)
    }
}

/// The role alone: no names, each type's level as listed.
impl Serialize for CustomRole {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        role(self, None, serializer)
    }
}

fn role<S: Serializer>(
    role: &CustomRole,
    names: Option<&Organization>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut out = serializer.serialize_struct("OrganizationCustomRole", 5)?;
    out.serialize_field("id", role.id())?;
    out.serialize_field("name", role.name())?;
    out.serialize_field("description", role.description())?;
    let clusters = ClusterEntries {
        list: || role.clusters(),
        names: names.map(|org| Index::new(org.clusters().iter().map(|c| (&c.id, &c.name)))),
    };
    out.serialize_field("cluster_permissions", &clusters)?;
    let projects = ProjectEntries {
        list: || role.projects(),
        names: names.map(|org| Index::new(org.projects().iter().map(|p| (p.id(), p.name())))),
    };
    out.serialize_field("project_permissions", &projects)?;
    out.end()
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

/// `OrganizationCustomRoleUpdateRequest`: each type's level as listed.
impl Serialize for UpdateCustomRoleRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OrganizationCustomRoleUpdateRequest", 4)?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("description", self.description())?;
        let clusters = ClusterEntries {
            list: || self.clusters(),
            names: None,
        };
        out.serialize_field("cluster_permissions", &clusters)?;
        let projects = ProjectEntries {
            list: || self.projects(),
            names: None,
        };
        out.serialize_field("project_permissions", &projects)?;
        out.end()
    }
}

/// An organization's names by id, sorted for binary search: writing a
/// role's entries stays O(n log n) whatever both list.
struct Index<'a, K>(Vec<(&'a K, &'a Name)>);

impl<'a, K: Ord> Index<'a, K> {
    fn new(entries: impl Iterator<Item = (&'a K, &'a Name)>) -> Self {
        let mut entries: Vec<_> = entries.collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Index(entries)
    }

    fn name(&self, id: &K) -> Option<&'a Name> {
        let at = self.0.binary_search_by(|(k, _)| (*k).cmp(id)).ok()?;
        self.0.get(at).map(|(_, name)| *name)
    }
}

/// `cluster_permissions`, each entry named when an index is given.
struct ClusterEntries<'a, F> {
    list: F,
    names: Option<Index<'a, ClusterId>>,
}

impl<'a, F, I> Serialize for ClusterEntries<'a, F>
where
    F: Fn() -> I,
    I: Iterator<Item = (&'a ClusterId, ClusterLevel)>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.list)().map(|(id, level)| ClusterOut {
            id,
            name: self.names.as_ref().and_then(|names| names.name(id)),
            level,
        }))
    }
}

struct ClusterOut<'a> {
    id: &'a ClusterId,
    name: Option<&'a Name>,
    level: ClusterLevel,
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

/// `project_permissions`, each entry named when an index is given, and
/// then written with its effective levels.
struct ProjectEntries<'a, F> {
    list: F,
    names: Option<Index<'a, ProjectId>>,
}

impl<'a, F, I> Serialize for ProjectEntries<'a, F>
where
    F: Fn() -> I,
    I: Iterator<Item = (&'a ProjectId, &'a ProjectAccess)>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.list)().map(|(id, access)| ProjectOut {
            id,
            name: self.names.as_ref().and_then(|names| names.name(id)),
            access,
            effective: self.names.is_some(),
        }))
    }
}

struct ProjectOut<'a> {
    id: &'a ProjectId,
    name: Option<&'a Name>,
    access: &'a ProjectAccess,
    /// `MANAGER` ×4 for a project admin, as the API writes it; else as listed.
    effective: bool,
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
        out.serialize_field("permissions", &Modes(self.access, self.effective))?;
        out.end()
    }
}

/// A project's four environment types and their levels.
struct Modes<'a>(&'a ProjectAccess, bool);

impl Serialize for Modes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Modes(access, effective) = *self;
        let listed = |mode: Mode| {
            access
                .listed()
                .find(|(m, _)| *m == mode)
                .map_or(ProjectLevel::NoAccess, |(_, level)| level)
        };
        serializer.collect_seq(MODES.into_iter().map(|mode| {
            let level = if effective {
                access.level(mode)
            } else {
                listed(mode)
            };
            ModeOut { mode, level }
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
