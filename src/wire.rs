//! The serde wire format shared by the domain types: the platform's REST API
//! spelling (`SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names).

use core::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{InvalidOrganization, Problem, Unique};
use crate::organization::Organization;
use crate::permission::{Permission, Role};
use crate::project::Project;
use crate::rules::DeploymentRules;
use crate::text::Email;

/// Implements `Deserialize` for a single-word strum enum through its
/// case-insensitive `FromStr`, so `"OWNER"`, `"owner"` and `"Owner"` all read;
/// serialization stays derived and canonical.
macro_rules! deserialize_case_insensitive {
    ($ty:ty, $expecting:literal, $variants:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$ty, E> {
                        value
                            .parse()
                            .map_err(|_| E::unknown_variant(value, $variants))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

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
                while let Some(name) = seq.next_element::<String>()? {
                    let action = Permission::from_name(&name).ok_or_else(|| {
                        de::Error::custom(format_args!("unknown action `{name}`"))
                    })?;
                    set |= action;
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Names)
    }
}

deserialize_case_insensitive!(
    Role,
    "a role: OWNER, ADMIN, DEVELOPER or VIEWER",
    &["OWNER", "ADMIN", "DEVELOPER", "VIEWER"]
);
deserialize_case_insensitive!(
    crate::environment::Mode,
    "a mode: PRODUCTION, STAGING, DEVELOPMENT or PREVIEW",
    &["PRODUCTION", "STAGING", "DEVELOPMENT", "PREVIEW"]
);
deserialize_case_insensitive!(
    crate::organization::Plan,
    "a plan: FREE, PROFESSIONAL, BUSINESS, ENTERPRISE or COMMUNITY",
    &[
        "FREE",
        "PROFESSIONAL",
        "BUSINESS",
        "ENTERPRISE",
        "COMMUNITY"
    ]
);

/// Reads `null` as the type's default (the API writes `null` for "unset").
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A cluster as the API writes it: its state is the optional `status`.
#[derive(Serialize, Deserialize)]
pub(crate) struct ClusterWire {
    id: crate::id::ClusterId,
    name: crate::text::Name,
    cloud_provider: crate::cluster::CloudProvider,
    region: alloc::boxed::Box<str>,
    #[serde(default)]
    status: Option<crate::cluster::ClusterStatus>,
}

impl From<ClusterWire> for crate::cluster::Cluster {
    fn from(wire: ClusterWire) -> Self {
        crate::cluster::Cluster {
            id: wire.id,
            name: wire.name,
            cloud_provider: wire.cloud_provider,
            region: wire.region,
            state: wire
                .status
                .map(crate::cluster::ClusterStatus::state)
                .unwrap_or_default(),
        }
    }
}

impl From<crate::cluster::Cluster> for ClusterWire {
    fn from(cluster: crate::cluster::Cluster) -> Self {
        use crate::cluster::{ClusterState, ClusterStatus};
        ClusterWire {
            id: cluster.id,
            name: cluster.name,
            cloud_provider: cluster.cloud_provider,
            region: cluster.region,
            status: Some(match cluster.state {
                ClusterState::Running => ClusterStatus::Deployed,
                ClusterState::Stopped => ClusterStatus::Stopped,
            }),
        }
    }
}

/// A project as stored: its rules (in any order; priority decides) and its
/// environments.
#[derive(Serialize, Deserialize)]
pub(crate) struct ProjectWire {
    id: crate::id::ProjectId,
    name: crate::text::Name,
    #[serde(default, deserialize_with = "null_as_default")]
    deployment_rules: Vec<crate::rules::DeploymentRule>,
    #[serde(default, deserialize_with = "null_as_default")]
    environments: Vec<crate::environment::Environment>,
}

impl From<Project> for ProjectWire {
    fn from(project: Project) -> Self {
        ProjectWire {
            id: project.id,
            name: project.name,
            deployment_rules: project.deployment_rules.into_vec(),
            environments: project.environments,
        }
    }
}

impl TryFrom<ProjectWire> for Project {
    type Error = crate::error::InvalidValue;
    fn try_from(wire: ProjectWire) -> Result<Self, Self::Error> {
        Ok(Project {
            id: wire.id,
            name: wire.name,
            deployment_rules: DeploymentRules::new(wire.deployment_rules)?,
            environments: wire.environments,
        })
    }
}

/// An organization document: the organization and everything it holds.
#[derive(Serialize, Deserialize)]
pub(crate) struct OrganizationWire {
    id: crate::id::OrganizationId,
    name: crate::text::Name,
    plan: crate::organization::Plan,
    #[serde(default)]
    description: Option<String>,
    members: Vec<crate::member::Member>,
    #[serde(default, deserialize_with = "null_as_default")]
    invitations: Vec<crate::member::Invitation>,
    #[serde(default, deserialize_with = "null_as_default")]
    cloud_accounts: Vec<crate::cluster::CloudAccount>,
    #[serde(default, deserialize_with = "null_as_default")]
    clusters: Vec<crate::cluster::Cluster>,
    #[serde(default, deserialize_with = "null_as_default")]
    projects: Vec<ProjectWire>,
}

impl From<Organization> for OrganizationWire {
    fn from(org: Organization) -> Self {
        let mut members = Vec::with_capacity(org.others.len() + 1);
        members.push(org.owner);
        members.extend(org.others.into_vec());
        OrganizationWire {
            id: org.id,
            name: org.name,
            plan: org.plan,
            description: org.description,
            members,
            invitations: org.invitations,
            cloud_accounts: org.cloud_accounts,
            clusters: org.clusters,
            projects: org.projects.into_iter().map(ProjectWire::from).collect(),
        }
    }
}

impl TryFrom<OrganizationWire> for Organization {
    type Error = InvalidOrganization;

    /// Every invariant that the commands keep is checked here too, so a
    /// document can never produce an organization that commands could not.
    fn try_from(wire: OrganizationWire) -> Result<Self, Self::Error> {
        let mut org = Organization::from_members(wire.id, wire.name, wire.plan, wire.members)?;
        let emails: BTreeSet<&Email> = org.members().map(|m| &m.email).collect();
        // Invitations: never Owner, never to a member, one per address.
        let mut invited = Unique::new();
        for (i, invitation) in wire.invitations.iter().enumerate() {
            if invitation.role == Role::Owner {
                return Err(InvalidOrganization::new(
                    format!("invitations[{i}].role"),
                    "OWNER",
                    Problem::OwnerInvitation,
                ));
            }
            if emails.contains(&invitation.email) {
                return Err(InvalidOrganization::new(
                    format!("invitations[{i}].email"),
                    invitation.email.as_str(),
                    Problem::AlreadyAMember,
                ));
            }
            invited.check(
                &invitation.email,
                || format!("invitations[{i}].email"),
                invitation.email.as_str(),
            )?;
        }
        // Cloud accounts: allowed by the plan, unique.
        if let Some(account) = wire.cloud_accounts.first() {
            if !wire.plan.allows_cloud_accounts() {
                return Err(InvalidOrganization::new(
                    "cloud_accounts[0].id".into(),
                    account.id.as_str(),
                    Problem::PlanForbidsCloudAccounts,
                ));
            }
        }
        let mut accounts = Unique::new();
        for (i, account) in wire.cloud_accounts.iter().enumerate() {
            accounts.check(
                &account.id,
                || format!("cloud_accounts[{i}].id"),
                account.id.as_str(),
            )?;
        }
        // Clusters: unique ids and names.
        let (mut clusters, mut cluster_names) = (Unique::new(), Unique::new());
        for (i, cluster) in wire.clusters.iter().enumerate() {
            clusters.check(
                &cluster.id,
                || format!("clusters[{i}].id"),
                cluster.id.as_str(),
            )?;
            cluster_names.check(
                &cluster.name,
                || format!("clusters[{i}].name"),
                cluster.name.as_str(),
            )?;
        }
        // Projects, their rules and environments: unique, on known clusters.
        let (mut projects, mut project_names, mut rules, mut environments) =
            (Unique::new(), Unique::new(), Unique::new(), Unique::new());
        for (p, project) in wire.projects.iter().enumerate() {
            projects.check(
                &project.id,
                || format!("projects[{p}].id"),
                project.id.as_str(),
            )?;
            project_names.check(
                &project.name,
                || format!("projects[{p}].name"),
                project.name.as_str(),
            )?;
            for (r, rule) in project.deployment_rules.iter().enumerate() {
                rules.check(
                    &rule.id,
                    || format!("projects[{p}].deployment_rules[{r}].id"),
                    rule.id.as_str(),
                )?;
                if !clusters.contains(&rule.cluster_id) {
                    let field = format!("projects[{p}].deployment_rules[{r}].cluster_id");
                    return Err(InvalidOrganization::new(
                        field,
                        rule.cluster_id.as_str(),
                        Problem::UnknownCluster,
                    ));
                }
            }
            let mut names = Unique::new();
            for (e, environment) in project.environments.iter().enumerate() {
                environments.check(
                    &environment.id,
                    || format!("projects[{p}].environments[{e}].id"),
                    environment.id.as_str(),
                )?;
                names.check(
                    &environment.name,
                    || format!("projects[{p}].environments[{e}].name"),
                    environment.name.as_str(),
                )?;
                if !clusters.contains(&environment.cluster_id) {
                    let field = format!("projects[{p}].environments[{e}].cluster_id");
                    return Err(InvalidOrganization::new(
                        field,
                        environment.cluster_id.as_str(),
                        Problem::UnknownCluster,
                    ));
                }
            }
        }

        let projects = wire
            .projects
            .into_iter()
            .map(|project| Project {
                id: project.id,
                name: project.name,
                // Ids were checked unique above, so ordering cannot fail.
                deployment_rules: DeploymentRules::sorted(project.deployment_rules),
                environments: project.environments,
            })
            .collect();
        org.description = wire.description;
        org.invitations = wire.invitations;
        org.cloud_accounts = wire.cloud_accounts;
        org.clusters = wire.clusters;
        org.projects = projects;
        Ok(org)
    }
}
