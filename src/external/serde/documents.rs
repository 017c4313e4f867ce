//! Documents: clusters, deployment rules, projects and organizations, read
//! through their checked constructors and written borrowed.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::convert::Infallible;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::custom_roles::custom_roles;
use super::members::MemberWithName;
use super::tokens::{Tokens, api_tokens};
use super::{guard, lists, null_as_default};
use crate::cluster::{CloudAccount, CloudProvider, Cluster, ClusterState, ClusterStatus};
use crate::environment::{Environment, Mode};
use crate::id::{ClusterId, OrganizationId, ProjectId, RuleId};
use crate::member::{ApiToken, Invitation, Member};
use crate::organization::{Organization, OrganizationParts};
use crate::plan::Plan;
use crate::project::Project;
use crate::role::CustomRole;
use crate::rules::{DeploymentRule, DeploymentRules, Weekday};
use crate::text::Name;
use crate::validation::ValidationError;
use crate::wildcard::Wildcard;

// ----- clusters -----

/// A cluster as the API writes it: its state is the optional `status`.
#[derive(Deserialize)]
struct ClusterWire {
    id: ClusterId,
    name: Name,
    cloud_provider: CloudProvider,
    region: Box<str>,
    #[serde(default)]
    status: Option<ClusterStatus>,
}

impl<'de> Deserialize<'de> for Cluster {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, ClusterWire::deserialize)?;
        let cluster = Cluster {
            id: wire.id,
            name: wire.name,
            cloud_provider: wire.cloud_provider,
            region: wire.region,
            state: wire.status.map(ClusterStatus::state).unwrap_or_default(),
        };
        cluster.check().map_err(refused)?;
        Ok(cluster)
    }
}

impl Serialize for Cluster {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Cluster", 5)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("cloud_provider", &self.cloud_provider)?;
        out.serialize_field("region", &self.region)?;
        let status = match self.state {
            ClusterState::Running => ClusterStatus::Deployed,
            ClusterState::Stopped => ClusterStatus::Stopped,
        };
        out.serialize_field("status", &status)?;
        out.end()
    }
}

// ----- deployment rules -----

/// A rule as the API writes it: `null` for every unset optional field.
#[derive(Deserialize)]
struct RuleWire {
    id: RuleId,
    name: Name,
    #[serde(default)]
    description: Option<String>,
    mode: Mode,
    cluster_id: ClusterId,
    wildcard: Wildcard,
    /// Absent: the rule's position in its list (a lone rule is first).
    #[serde(default, deserialize_with = "present_index")]
    priority_index: Option<u32>,
    #[serde(default, deserialize_with = "null_as_default")]
    auto_stop: bool,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    stop_time: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    weekdays: Vec<Weekday>,
}

/// A `priority_index` that is there: an unsigned integer, never `null` (the
/// API's schema says it is not nullable; only its absence has a meaning).
fn present_index<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    Option::<u32>::deserialize(deserializer)?
        .map(Some)
        .ok_or_else(|| de::Error::custom("`priority_index` may be absent, but not null"))
}

impl RuleWire {
    /// The rule, at `position` in its list; its free texts are checked by
    /// the list (or, for a lone rule, by its `Deserialize`).
    fn at(self, position: usize) -> DeploymentRule {
        DeploymentRule {
            id: self.id,
            name: self.name,
            description: self.description,
            mode: self.mode,
            cluster_id: self.cluster_id,
            wildcard: self.wildcard,
            priority_index: self
                .priority_index
                .unwrap_or_else(|| u32::try_from(position).unwrap_or(u32::MAX)),
            auto_stop: self.auto_stop,
            timezone: self.timezone,
            start_time: self.start_time,
            stop_time: self.stop_time,
            weekdays: self.weekdays,
        }
    }
}

/// A project's rules in their listed order, a missing `priority_index` read
/// as the rule's position, each made a rule as soon as it is read.
fn deployment_rules<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DeploymentRule>, D::Error> {
    let list = lists::made(deserializer, "deployment_rules", |wire: RuleWire, at| {
        Ok::<_, Infallible>(wire.at(at))
    })?;
    Ok(list.items)
}

impl<'de> Deserialize<'de> for DeploymentRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let rule = guard::read(deserializer, RuleWire::deserialize)?.at(0);
        rule.check().map_err(refused)?;
        Ok(rule)
    }
}

impl Serialize for DeploymentRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("DeploymentRule", 12)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &self.name)?;
        if let Some(description) = &self.description {
            out.serialize_field("description", description)?;
        }
        out.serialize_field("mode", &self.mode)?;
        out.serialize_field("cluster_id", &self.cluster_id)?;
        out.serialize_field("wildcard", &self.wildcard)?;
        out.serialize_field("priority_index", &self.priority_index)?;
        out.serialize_field("auto_stop", &self.auto_stop)?;
        for (field, value) in [
            ("timezone", &self.timezone),
            ("start_time", &self.start_time),
            ("stop_time", &self.stop_time),
        ] {
            if let Some(value) = value {
                out.serialize_field(field, value)?;
            }
        }
        out.serialize_field("weekdays", &self.weekdays)?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for DeploymentRules {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let rules = guard::read(deserializer, |guarded| {
            lists::sequence(guarded, |wire: RuleWire, at| Ok(wire.at(at)))
        })?;
        DeploymentRules::new(rules).map_err(refused)
    }
}

impl Serialize for DeploymentRules {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

// ----- projects -----

/// A project as stored: its rules (in any order; priority decides) and its
/// environments.
#[derive(Deserialize)]
struct ProjectWire {
    id: ProjectId,
    name: Name,
    #[serde(default, deserialize_with = "deployment_rules")]
    deployment_rules: Vec<DeploymentRule>,
    #[serde(default, deserialize_with = "lists::environments")]
    environments: Vec<Environment>,
}

impl TryFrom<ProjectWire> for Project {
    type Error = ValidationError;
    fn try_from(wire: ProjectWire) -> Result<Self, ValidationError> {
        let rules = DeploymentRules::new(wire.deployment_rules)?;
        Project::new(wire.id, wire.name, rules, wire.environments)
    }
}

impl<'de> Deserialize<'de> for Project {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, ProjectWire::deserialize)?;
        Project::try_from(wire).map_err(refused)
    }
}

impl Serialize for Project {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Project", 4)?;
        out.serialize_field("id", self.id())?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("deployment_rules", self.deployment_rules())?;
        out.serialize_field("environments", self.environments())?;
        out.end()
    }
}

// ----- organizations -----

/// An organization document: the organization and everything it holds.
#[derive(Deserialize)]
struct OrganizationWire {
    id: OrganizationId,
    name: Name,
    plan: Plan,
    #[serde(default)]
    description: Option<String>,
    #[serde(deserialize_with = "lists::members")]
    members: Vec<Member>,
    #[serde(default, deserialize_with = "lists::invitations")]
    invitations: Vec<Invitation>,
    #[serde(default, deserialize_with = "lists::cloud_accounts")]
    cloud_accounts: Vec<CloudAccount>,
    #[serde(default, deserialize_with = "lists::clusters")]
    clusters: Vec<Cluster>,
    #[serde(default, deserialize_with = "projects")]
    projects: lists::Made<Project, ValidationError>,
    #[serde(default, deserialize_with = "custom_roles")]
    custom_roles: lists::Made<CustomRole, ValidationError>,
    #[serde(default, deserialize_with = "api_tokens")]
    api_tokens: lists::Made<ApiToken, ValidationError>,
    #[serde(default, deserialize_with = "null_as_default")]
    revision: u64,
}

/// The projects of a document, each made a project (and checked) as soon as
/// it is read; the first that is not valid is the document's error, its
/// path under `projects[p]`.
fn projects<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<lists::Made<Project, ValidationError>, D::Error> {
    lists::made(deserializer, "projects", |wire: ProjectWire, p| {
        Project::try_from(wire).map_err(|mut error| {
            error.field = alloc::format!("projects[{p}].{}", error.field);
            error
        })
    })
}

impl TryFrom<OrganizationWire> for Organization {
    type Error = ValidationError;
    fn try_from(wire: OrganizationWire) -> Result<Self, ValidationError> {
        let first = wire.projects.error.or(wire.custom_roles.error);
        if let Some(error) = first.or(wire.api_tokens.error) {
            return Err(error);
        }
        let projects = wire.projects.items;
        Organization::from_parts(OrganizationParts {
            id: wire.id,
            name: wire.name,
            plan: wire.plan,
            description: wire.description,
            members: wire.members,
            invitations: wire.invitations,
            cloud_accounts: wire.cloud_accounts,
            clusters: wire.clusters,
            projects,
            custom_roles: wire.custom_roles.items,
            tokens: wire.api_tokens.items,
            revision: wire.revision,
        })
        .map_err(|mut error| {
            // The parts hold `tokens`; the document, `api_tokens`.
            if let Some(rest) = error.field.strip_prefix("tokens") {
                error.field = alloc::format!("api_tokens{rest}");
            }
            error
        })
    }
}

impl<'de> Deserialize<'de> for Organization {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, OrganizationWire::deserialize)?;
        Organization::try_from(wire)
            .map_err(|error| refused(format_args!("invalid organization: {error}")))
    }
}

/// The members, the owner first, written as one list without copying; a
/// custom role's name beside its id.
struct Members<'a>(&'a Organization);

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let organization = self.0;
        serializer.collect_seq(organization.members().map(|member| {
            let name = member
                .role
                .custom()
                .and_then(|id| organization.custom_role(id))
                .map(|role| role.name().as_str());
            MemberWithName(member, name)
        }))
    }
}

impl Serialize for Organization {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Organization", 11)?;
        out.serialize_field("id", self.id())?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("plan", &self.plan())?;
        if let Some(description) = self.description() {
            out.serialize_field("description", description)?;
        }
        out.serialize_field("members", &Members(self))?;
        out.serialize_field("invitations", self.invitations())?;
        out.serialize_field("cloud_accounts", self.cloud_accounts())?;
        out.serialize_field("clusters", self.clusters())?;
        out.serialize_field("projects", self.projects())?;
        if self.custom_roles().is_empty() {
            out.skip_field("custom_roles")?;
        } else {
            // Each role as it is defined (its own entries, without names),
            // so a document reads back equal and grows with what the roles
            // list, not with roles × projects.
            out.serialize_field("custom_roles", self.custom_roles())?;
        }
        if self.tokens().is_empty() {
            out.skip_field("api_tokens")?;
        } else {
            // By id, each custom role's name beside its id.
            out.serialize_field("api_tokens", &Tokens(self))?;
        }
        if self.revision() > 0 {
            out.serialize_field("revision", &self.revision())?;
        }
        out.end()
    }
}
