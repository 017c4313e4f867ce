//! The serde wire format: the platform's REST API spelling (`snake_case`
//! fields, `SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names). Reading validates exactly as the constructors do, whether
//! a value comes alone or inside an organization document; writing borrows
//! and copies nothing.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::access::Action;
use crate::cluster::{CloudAccount, CloudProvider, Cluster, ClusterState, ClusterStatus};
use crate::environment::{Environment, Mode};
use crate::error::Error;
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::member::{Invitation, Member};
use crate::organization::{
    AccessError, ClusterError, MemberError, Organization, OrganizationParts, ProjectError,
    SettingsError,
};
use crate::permission::{Permission, Role};
use crate::placement::PlacementError;
use crate::plan::Plan;
use crate::project::Project;
use crate::rules::{DeploymentRule, DeploymentRules, Weekday};
use crate::text::{Email, InvalidValue, List, Name};
use crate::user::SwitchError;
use crate::validation::ValidationError;
use crate::wildcard::Wildcard;

/// Text types travel as strings: written borrowed, read through their
/// validating constructor.
macro_rules! as_string {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty>::try_from(String::deserialize(deserializer)?).map_err(de::Error::custom)
            }
        }
    )*};
}

as_string!(
    OrganizationId,
    UserId,
    ClusterId,
    ProjectId,
    CloudAccountId,
    EnvironmentId,
    RuleId,
    Name,
    Email,
    Wildcard
);

/// Enums read case-insensitively through their `FromStr` (`"OWNER"`,
/// `"owner"`), naming the expected values from the enum itself.
macro_rules! read_by_name {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(ByName(core::marker::PhantomData))
            }
        }
    )*};
}

/// Reads an enum from its name, borrowed or not.
struct ByName<T>(core::marker::PhantomData<T>);

impl<T: FromStr + strum::VariantNames> Visitor<'_> for ByName<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "one of {}",
            List(T::VARIANTS.iter().map(|v| WireName(v)))
        )
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        T::from_str(name).map_err(|_| {
            E::custom(format_args!(
                "unknown variant `{name}`, expected one of {}",
                List(T::VARIANTS.iter().map(|v| WireName(v)))
            ))
        })
    }
}

/// A variant's name as the wire spells it (`OWNER` for `Owner`), quoted.
struct WireName(&'static str);

impl fmt::Display for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`")?;
        for c in self.0.chars() {
            write!(f, "{}", c.to_ascii_uppercase())?;
        }
        f.write_str("`")
    }
}

read_by_name!(Role, Mode, Plan, Action);

/// Enums whose wire name is their `&'static str` name.
macro_rules! write_by_name {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )*};
}

write_by_name!(Plan, Action);

/// Permission sets travel as lists of action names, never as bits, so stored
/// data survives the table gaining an action.
impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for (name, _) in self.iter_names() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = Permission;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of action names such as \"READ_PROJECT\"")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Permission, A::Error> {
                let mut set = Permission::empty();
                while let Some(name) = seq.next_element::<PermissionName>()? {
                    set |= name.0;
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Names)
    }
}

/// One action of the table, read from its flag name.
struct PermissionName(Permission);

impl<'de> Deserialize<'de> for PermissionName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = PermissionName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an action name such as \"READ_PROJECT\"")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<PermissionName, E> {
                Permission::from_name(name)
                    .map(PermissionName)
                    .ok_or_else(|| E::custom(format_args!("unknown action `{name}`")))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// Reads `null` as the type's default (the API writes `null` for "unset").
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

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
        let wire = ClusterWire::deserialize(deserializer)?;
        let cluster = Cluster {
            id: wire.id,
            name: wire.name,
            cloud_provider: wire.cloud_provider,
            region: wire.region,
            state: wire.status.map(ClusterStatus::state).unwrap_or_default(),
        };
        cluster.check().map_err(de::Error::custom)?;
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
    priority_index: u32,
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

impl<'de> Deserialize<'de> for DeploymentRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = RuleWire::deserialize(deserializer)?;
        let rule = DeploymentRule {
            id: wire.id,
            name: wire.name,
            description: wire.description,
            mode: wire.mode,
            cluster_id: wire.cluster_id,
            wildcard: wire.wildcard,
            priority_index: wire.priority_index,
            auto_stop: wire.auto_stop,
            timezone: wire.timezone,
            start_time: wire.start_time,
            stop_time: wire.stop_time,
            weekdays: wire.weekdays,
        };
        rule.check().map_err(de::Error::custom)?;
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
        DeploymentRules::new(Vec::deserialize(deserializer)?).map_err(de::Error::custom)
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
    #[serde(default, deserialize_with = "null_as_default")]
    deployment_rules: Vec<DeploymentRule>,
    #[serde(default, deserialize_with = "null_as_default")]
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
        Project::try_from(ProjectWire::deserialize(deserializer)?).map_err(de::Error::custom)
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
    members: Vec<Member>,
    #[serde(default, deserialize_with = "null_as_default")]
    invitations: Vec<Invitation>,
    #[serde(default, deserialize_with = "null_as_default")]
    cloud_accounts: Vec<CloudAccount>,
    #[serde(default, deserialize_with = "null_as_default")]
    clusters: Vec<Cluster>,
    #[serde(default, deserialize_with = "null_as_default")]
    projects: Vec<ProjectWire>,
}

impl TryFrom<OrganizationWire> for Organization {
    type Error = ValidationError;
    fn try_from(wire: OrganizationWire) -> Result<Self, ValidationError> {
        let projects = wire
            .projects
            .into_iter()
            .enumerate()
            .map(|(p, project)| {
                Project::try_from(project).map_err(|mut error| {
                    error.field = alloc::format!("projects[{p}].{}", error.field);
                    error
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
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
        })
    }
}

impl<'de> Deserialize<'de> for Organization {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = OrganizationWire::deserialize(deserializer)?;
        Organization::try_from(wire)
            .map_err(|error| de::Error::custom(format_args!("invalid organization: {error}")))
    }
}

/// The members, the owner first, written as one list without copying.
struct Members<'a>(&'a Organization);

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.members())
    }
}

impl Serialize for Organization {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Organization", 9)?;
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
        out.end()
    }
}

// ----- errors -----

/// Errors travel as `{"error": kind, "message": text}`.
macro_rules! error_as_json {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut out = serializer.serialize_map(Some(2))?;
                out.serialize_entry("error", self.kind())?;
                out.serialize_entry("message", &self.to_string())?;
                out.end()
            }
        }
    )*};
}

error_as_json!(
    Error,
    InvalidValue,
    ValidationError,
    PlacementError,
    AccessError,
    SettingsError,
    MemberError,
    ClusterError,
    ProjectError,
    SwitchError
);
