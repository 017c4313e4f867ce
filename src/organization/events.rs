//! Events: what each change did, and how the audit log files each.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::placed::PlacedEnvironment;
use crate::cluster::{CloudAccount, Cluster};
use crate::id::{
    ApiTokenId, CloudAccountId, ClusterId, CustomRoleId, EnvironmentId, OrganizationId, ProjectId,
    RuleId, UserId,
};
use crate::plan::Plan;
use crate::role::{CustomRole, RoleRef};
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};
use crate::time::Timestamp;

/// One change of an organization, carrying only what changed: ids, names,
/// roles and the one item added, never a copy of the organization.
///
/// With `serde`, an event is an object tagged by `event`, in the API's
/// casing: `{"event": "RENAMED", "name": "Acme Inc"}`.
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", tag = "event", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are the arguments of the command that made the event
pub enum Event {
    /// The organization was created; its creator is the owner.
    Created {
        organization: OrganizationId,
        name: Name,
        plan: Plan,
        owner: UserId,
        owner_email: Email,
    },
    /// The organization was renamed.
    Renamed { name: Name },
    /// Its description was set or cleared.
    DescriptionSet { description: Option<String> },
    /// Its plan changed.
    PlanChanged { plan: Plan },
    /// An address was invited with a role, until an expiry.
    Invited {
        email: Email,
        role: RoleRef,
        expires_at: Timestamp,
    },
    /// The invitation to an address was withdrawn.
    InvitationRevoked { email: Email },
    /// The actor accepted the invitation sent to `email`.
    InvitationAccepted { email: Email },
    /// The invitations expired at the recorded time were removed.
    ExpiredInvitationsPurged,
    /// A member's role changed.
    RoleChanged { member: UserId, role: RoleRef },
    /// A member was removed.
    MemberRemoved { member: UserId },
    /// The actor left.
    MemberLeft,
    /// The actor, the owner, handed ownership to `to`.
    OwnershipTransferred { to: UserId },
    /// A cloud account was connected.
    CloudAccountAdded { account: CloudAccount },
    /// A cloud account was disconnected.
    CloudAccountRemoved { account: CloudAccountId },
    /// A cluster was installed.
    ClusterAdded { cluster: Cluster },
    /// A cluster was stopped.
    ClusterStopped { cluster: ClusterId },
    /// A cluster was started.
    ClusterStarted { cluster: ClusterId },
    /// A cluster's settings changed.
    ClusterUpdated {
        cluster: ClusterId,
        name: Name,
        region: Box<str>,
    },
    /// A cluster was deleted.
    ClusterDeleted { cluster: ClusterId },
    /// A project was created.
    ProjectAdded { project: ProjectId, name: Name },
    /// A project was deleted, with its rules and environments.
    ProjectDeleted { project: ProjectId },
    /// A deployment rule was added to a project.
    RuleAdded {
        project: ProjectId,
        rule: DeploymentRule,
    },
    /// A deployment rule was removed from a project.
    RuleRemoved { project: ProjectId, rule: RuleId },
    /// A project's rules were put in this order.
    RulesReordered {
        project: ProjectId,
        order: Vec<RuleId>,
    },
    /// An environment was created where its placement put it.
    EnvironmentCreated(PlacedEnvironment),
    /// An environment was deleted.
    EnvironmentDeleted {
        project: ProjectId,
        environment: EnvironmentId,
    },
    /// A custom role was defined at the lowest levels.
    CustomRoleCreated {
        role: CustomRoleId,
        name: Name,
        description: String,
    },
    /// A custom role's whole definition was replaced by this one.
    CustomRoleUpdated { role: CustomRole },
    /// A custom role was deleted.
    CustomRoleDeleted { role: CustomRoleId },
    /// An API token was created.
    ApiTokenCreated {
        token: ApiTokenId,
        name: Name,
        #[cfg_attr(feature = "serde", serde(default))]
        description: String,
        role: RoleRef,
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        expires_at: Option<Timestamp>,
    },
    /// An API token was deleted.
    ApiTokenDeleted { token: ApiTokenId },
}

impl Event {
    /// Its name, as its `event` tag spells it: `RENAMED`, `ENVIRONMENT_CREATED`, …
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

/// How the platform's audit log (`OrganizationEventResponse`) files an
/// event: its event type, target type and sub-target type, and the target's
/// id and name where the event names them. The audit form of a
/// [`Recorded`](super::Recorded) event (with `serde`) writes these, and reading one back
/// checks them against its `change`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Filing<'a> {
    /// `CREATE`, `UPDATE`, `DELETE`, `ACCEPT`, `TRIGGER_STOP` or `TRIGGER_DEPLOY`.
    pub event_type: &'static str,
    /// `ORGANIZATION`, `MEMBERS_AND_ROLES`, `CLUSTER`, `PROJECT` or `ENVIRONMENT`.
    pub target_type: &'static str,
    /// `PLAN`, `INVITATION`, `MEMBER_ROLE`, `TRANSFER_OWNERSHIP`,
    /// `CUSTOM_ROLE`, `API_TOKEN`, `CLOUD_PROVIDER_CREDENTIALS` or
    /// `DEPLOYMENT_RULE`, where one applies.
    pub sub_target_type: Option<&'static str>,
    /// The target's id, where the event names it.
    pub target_id: Option<&'a str>,
    /// The target's name, where the event names it.
    pub target_name: Option<&'a str>,
}

impl Event {
    /// How the audit log files it.
    pub fn filing(&self) -> Filing<'_> {
        use Event as E;
        const ORG: &str = "ORGANIZATION";
        const MEMBERS: &str = "MEMBERS_AND_ROLES";
        let (event_type, target_type, sub_target_type, target_id, target_name) = match self {
            E::Created {
                organization, name, ..
            } => (
                "CREATE",
                ORG,
                None,
                Some(organization.as_str()),
                Some(name.as_str()),
            ),
            E::Renamed { name } => ("UPDATE", ORG, None, None, Some(name.as_str())),
            E::DescriptionSet { .. } => ("UPDATE", ORG, None, None, None),
            E::PlanChanged { plan } => ("UPDATE", ORG, Some("PLAN"), None, Some(plan.as_str())),
            E::Invited { email, .. } => (
                "CREATE",
                MEMBERS,
                Some("INVITATION"),
                None,
                Some(email.as_str()),
            ),
            E::InvitationRevoked { email } => (
                "DELETE",
                MEMBERS,
                Some("INVITATION"),
                None,
                Some(email.as_str()),
            ),
            E::InvitationAccepted { email } => (
                "ACCEPT",
                MEMBERS,
                Some("INVITATION"),
                None,
                Some(email.as_str()),
            ),
            E::ExpiredInvitationsPurged => ("DELETE", MEMBERS, Some("INVITATION"), None, None),
            E::CustomRoleCreated { role, name, .. } => (
                "CREATE",
                MEMBERS,
                Some("CUSTOM_ROLE"),
                Some(role.as_str()),
                Some(name.as_str()),
            ),
            E::CustomRoleUpdated { role } => (
                "UPDATE",
                MEMBERS,
                Some("CUSTOM_ROLE"),
                Some(role.id().as_str()),
                Some(role.name().as_str()),
            ),
            E::CustomRoleDeleted { role } => (
                "DELETE",
                MEMBERS,
                Some("CUSTOM_ROLE"),
                Some(role.as_str()),
                None,
            ),
            E::ApiTokenCreated { token, name, .. } => (
                "CREATE",
                ORG,
                Some("API_TOKEN"),
                Some(token.as_str()),
                Some(name.as_str()),
            ),
            E::ApiTokenDeleted { token } => {
                ("DELETE", ORG, Some("API_TOKEN"), Some(token.as_str()), None)
            }
            E::RoleChanged { member, .. } => (
                "UPDATE",
                MEMBERS,
                Some("MEMBER_ROLE"),
                Some(member.as_str()),
                None,
            ),
            E::MemberRemoved { member } => ("DELETE", MEMBERS, None, Some(member.as_str()), None),
            E::MemberLeft => ("DELETE", MEMBERS, None, None, None),
            E::OwnershipTransferred { to } => (
                "UPDATE",
                MEMBERS,
                Some("TRANSFER_OWNERSHIP"),
                Some(to.as_str()),
                None,
            ),
            E::CloudAccountAdded { account } => (
                "CREATE",
                ORG,
                Some("CLOUD_PROVIDER_CREDENTIALS"),
                Some(account.id.as_str()),
                Some(account.name.as_str()),
            ),
            E::CloudAccountRemoved { account } => (
                "DELETE",
                ORG,
                Some("CLOUD_PROVIDER_CREDENTIALS"),
                Some(account.as_str()),
                None,
            ),
            E::ClusterAdded { cluster } => (
                "CREATE",
                "CLUSTER",
                None,
                Some(cluster.id.as_str()),
                Some(cluster.name.as_str()),
            ),
            E::ClusterStopped { cluster } => (
                "TRIGGER_STOP",
                "CLUSTER",
                None,
                Some(cluster.as_str()),
                None,
            ),
            E::ClusterStarted { cluster } => (
                "TRIGGER_DEPLOY",
                "CLUSTER",
                None,
                Some(cluster.as_str()),
                None,
            ),
            E::ClusterUpdated { cluster, name, .. } => (
                "UPDATE",
                "CLUSTER",
                None,
                Some(cluster.as_str()),
                Some(name.as_str()),
            ),
            E::ClusterDeleted { cluster } => {
                ("DELETE", "CLUSTER", None, Some(cluster.as_str()), None)
            }
            E::ProjectAdded { project, name } => (
                "CREATE",
                "PROJECT",
                None,
                Some(project.as_str()),
                Some(name.as_str()),
            ),
            E::ProjectDeleted { project } => {
                ("DELETE", "PROJECT", None, Some(project.as_str()), None)
            }
            E::RuleAdded { rule, .. } => (
                "CREATE",
                "PROJECT",
                Some("DEPLOYMENT_RULE"),
                Some(rule.id.as_str()),
                Some(rule.name.as_str()),
            ),
            E::RuleRemoved { rule, .. } => (
                "DELETE",
                "PROJECT",
                Some("DEPLOYMENT_RULE"),
                Some(rule.as_str()),
                None,
            ),
            E::RulesReordered { project, .. } => (
                "UPDATE",
                "PROJECT",
                Some("DEPLOYMENT_RULE"),
                Some(project.as_str()),
                None,
            ),
            E::EnvironmentCreated(placed) => (
                "CREATE",
                "ENVIRONMENT",
                None,
                Some(placed.environment.id.as_str()),
                Some(placed.environment.name.as_str()),
            ),
            E::EnvironmentDeleted { environment, .. } => (
                "DELETE",
                "ENVIRONMENT",
                None,
                Some(environment.as_str()),
                None,
            ),
        };
        Filing {
            event_type,
            target_type,
            sub_target_type,
            target_id,
            target_name,
        }
    }
}
