//! Commands as values: run one, conditionally on the revision a writer read,
//! and get back the event it recorded. `execute` is plain dispatch over the
//! methods: calling a method and recording what it returns is the same.

use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use super::error::Error;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::cluster::{CloudAccount, Cluster, ClusterSettings};
use crate::environment::CreateEnvironmentRequest;
use crate::id::{
    ApiTokenId, CloudAccountId, ClusterId, CustomRoleId, EnvironmentId, ProjectId, RuleId, UserId,
};
use crate::member::{Actor, ApiToken};
use crate::plan::Plan;
use crate::role::{CustomRole, RoleRef};
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};
use crate::time::Timestamp;

/// Every command of [`Organization`], as a value a service can queue, log or
/// send, and run with [`Organization::execute`]. Each variant takes the
/// arguments of the method of the same name (the actor and the time aside).
///
/// With `serde`, a command is an object tagged by `command`, in the API's
/// casing, so a service can read a request body into one:
/// `{"command": "CHANGE_ROLE", "member": "u-bob", "role": "ADMIN"}`.
/// Reading validates every value as its constructor does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", tag = "command", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[non_exhaustive]
#[allow(missing_docs)] // each field is the argument of the method of the same name
pub enum Command {
    /// [`Organization::rename`].
    Rename { name: Name },
    /// [`Organization::set_description`].
    SetDescription { description: Option<String> },
    /// [`Organization::change_plan`].
    ChangePlan { plan: Plan },
    /// [`Organization::invite`], made at the time of `execute`.
    Invite {
        email: Email,
        role: RoleRef,
        expires_at: Timestamp,
    },
    /// [`Organization::revoke_invitation`].
    RevokeInvitation { email: Email },
    /// [`Organization::accept_invitation`]: the actor accepts the invitation
    /// sent to `email`.
    AcceptInvitation { email: Email },
    /// [`Organization::purge_expired`] at the time of `execute`.
    PurgeExpired,
    /// [`Organization::change_role`].
    ChangeRole { member: UserId, role: RoleRef },
    /// [`Organization::remove_member`].
    RemoveMember { member: UserId },
    /// [`Organization::leave`]: the actor leaves.
    Leave,
    /// [`Organization::transfer_ownership`].
    TransferOwnership { to: UserId },
    /// [`Organization::add_cloud_account`].
    AddCloudAccount { account: CloudAccount },
    /// [`Organization::remove_cloud_account`].
    RemoveCloudAccount { account: CloudAccountId },
    /// [`Organization::add_cluster`].
    AddCluster { cluster: Cluster },
    /// [`Organization::stop_cluster`].
    StopCluster { cluster: ClusterId },
    /// [`Organization::start_cluster`].
    StartCluster { cluster: ClusterId },
    /// [`Organization::update_cluster`].
    UpdateCluster {
        cluster: ClusterId,
        settings: ClusterSettings,
    },
    /// [`Organization::delete_cluster`].
    DeleteCluster { cluster: ClusterId },
    /// [`Organization::add_project`].
    AddProject { project: ProjectId, name: Name },
    /// [`Organization::delete_project`].
    DeleteProject { project: ProjectId },
    /// [`Organization::add_rule`].
    AddRule {
        project: ProjectId,
        rule: DeploymentRule,
    },
    /// [`Organization::remove_rule`].
    RemoveRule { project: ProjectId, rule: RuleId },
    /// [`Organization::reorder_rules`].
    ReorderRules {
        project: ProjectId,
        order: Vec<RuleId>,
    },
    /// [`Organization::create_environment`], with the new environment's id.
    CreateEnvironment {
        project: ProjectId,
        environment: EnvironmentId,
        request: CreateEnvironmentRequest,
    },
    /// [`Organization::delete_environment`].
    DeleteEnvironment {
        project: ProjectId,
        environment: EnvironmentId,
    },
    /// [`Organization::create_custom_role`].
    CreateCustomRole {
        role: CustomRoleId,
        name: Name,
        #[cfg_attr(feature = "serde", serde(default))]
        description: String,
    },
    /// [`Organization::update_custom_role`].
    UpdateCustomRole { role: CustomRole },
    /// [`Organization::delete_custom_role`].
    DeleteCustomRole { role: CustomRoleId },
    /// [`Organization::create_api_token`], with the token's fields.
    CreateApiToken {
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
    /// [`Organization::delete_api_token`].
    DeleteApiToken { token: ApiTokenId },
}

/// Another writer changed the organization since the revision this one read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the organization is at revision {actual}, not {expected}: reload it and try again")]
pub struct StaleRevision {
    /// The revision the writer read.
    pub expected: u64,
    /// The organization's.
    pub actual: u64,
}

impl StaleRevision {
    /// `stale_revision`.
    pub const fn kind(&self) -> &'static str {
        "stale_revision"
    }

    /// [`ErrorCategory::Stale`] (HTTP 412).
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Stale
    }
}

impl Organization {
    /// Runs `command` as `actor` at `now` through the method of the same
    /// name, and returns the event it recorded, or `None` when it changed
    /// nothing (stopping a stopped cluster). With `expected`, the command
    /// first requires the organization to be at that revision (optimistic
    /// concurrency for writers sharing a store); without it, it runs
    /// unconditionally. Refusals are the command's own, and change nothing.
    ///
    /// What the command produced is on the [`Recorded`] it returns: the
    /// created environment's placement is [`Recorded::placement`].
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let invite = Command::Invite { email: Email::new("bob@acme.dev")?, role: Role::Viewer.into(), expires_at: now.plus_seconds(60) };
    /// let recorded = org.execute(&ada, now, Some(0), invite.clone())?.unwrap();
    /// assert_eq!((recorded.revision, org.revision()), (1, 1));
    ///
    /// let stale = org.execute(&ada, now, Some(0), Command::Rename { name: Name::new("X")? });
    /// assert_eq!(stale.unwrap_err().kind(), "stale_revision");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`StaleRevision`] first, then the command's own error.
    pub fn execute<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        expected: Option<u64>,
        command: Command,
    ) -> Result<Option<Recorded>, Error> {
        if let Some(expected) = expected.filter(|&expected| expected != self.revision) {
            return Err(StaleRevision {
                expected,
                actual: self.revision,
            }
            .into());
        }
        let actor = actor.into();
        use Command as C;
        Ok(match command {
            C::Rename { name } => self.rename(actor, now, name)?,
            C::SetDescription { description } => self.set_description(actor, now, description)?,
            C::ChangePlan { plan } => self.change_plan(actor, now, plan)?,
            C::Invite {
                email,
                role,
                expires_at,
            } => Some(self.invite(actor, now, email, role, expires_at)?),
            C::RevokeInvitation { email } => Some(self.revoke_invitation(actor, now, &email)?),
            C::AcceptInvitation { email } => Some(self.accept_invitation(actor, now, &email)?),
            C::PurgeExpired => self.purge_expired(actor, now),
            C::ChangeRole { member, role } => self.change_role(actor, now, &member, role)?,
            C::RemoveMember { member } => Some(self.remove_member(actor, now, &member)?),
            C::Leave => Some(self.leave(actor, now)?),
            C::TransferOwnership { to } => self.transfer_ownership(actor, now, &to)?,
            C::AddCloudAccount { account } => Some(self.add_cloud_account(actor, now, account)?),
            C::RemoveCloudAccount { account } => {
                Some(self.remove_cloud_account(actor, now, &account)?)
            }
            C::AddCluster { cluster } => Some(self.add_cluster(actor, now, cluster)?),
            C::StopCluster { cluster } => self.stop_cluster(actor, now, &cluster)?,
            C::StartCluster { cluster } => self.start_cluster(actor, now, &cluster)?,
            C::UpdateCluster { cluster, settings } => {
                self.update_cluster(actor, now, &cluster, settings)?
            }
            C::DeleteCluster { cluster } => Some(self.delete_cluster(actor, now, &cluster)?),
            C::AddProject { project, name } => Some(self.add_project(actor, now, project, name)?),
            C::DeleteProject { project } => Some(self.delete_project(actor, now, &project)?),
            C::AddRule { project, rule } => Some(self.add_rule(actor, now, &project, rule)?),
            C::RemoveRule { project, rule } => Some(self.remove_rule(actor, now, &project, &rule)?),
            C::ReorderRules { project, order } => {
                self.reorder_rules(actor, now, &project, &order)?
            }
            C::CreateEnvironment {
                project,
                environment,
                request,
            } => Some(self.create_environment(actor, now, &project, environment, &request)?),
            C::DeleteEnvironment {
                project,
                environment,
            } => Some(self.delete_environment(actor, now, &project, &environment)?),
            C::CreateCustomRole {
                role,
                name,
                description,
            } => Some(self.create_custom_role(actor, now, role, name, description)?),
            C::UpdateCustomRole { role } => self.update_custom_role(actor, now, role)?,
            C::DeleteCustomRole { role } => Some(self.delete_custom_role(actor, now, &role)?),
            C::CreateApiToken {
                token,
                name,
                description,
                role,
                expires_at,
            } => Some(self.create_api_token(
                actor,
                now,
                ApiToken {
                    id: token,
                    name,
                    description,
                    role,
                    expires_at,
                },
            )?),
            C::DeleteApiToken { token } => Some(self.delete_api_token(actor, now, &token)?),
        })
    }
}
