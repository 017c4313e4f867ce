//! Commands as values: run one, conditionally on the revision a writer read,
//! and get back the event it recorded.

use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use super::error::Error;
use super::events::{Event, Recorded};
use crate::category::ErrorCategory;
use crate::cluster::{CloudAccount, Cluster, ClusterSettings};
use crate::environment::CreateEnvironmentRequest;
use crate::id::{CloudAccountId, ClusterId, EnvironmentId, ProjectId, RuleId, UserId};
use crate::member::Timestamp;
use crate::permission::Role;
use crate::plan::Plan;
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};

/// Every command of [`Organization`], as a value a service can queue, log or
/// send, and run with [`Organization::execute`]. Each variant takes the
/// arguments of the method of the same name (the actor and the time aside).
#[derive(Clone, Debug, PartialEq, Eq)]
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
        role: Role,
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
    ChangeRole { member: UserId, role: Role },
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
    /// Runs `command` as `actor` at `now` and returns the event it recorded,
    /// or `None` when it changed nothing (stopping a stopped cluster). With
    /// `expected`, the command first requires the organization to be at that
    /// revision (optimistic concurrency for writers sharing a store); without
    /// it, it runs unconditionally. Refusals are the command's own, and
    /// change nothing.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let invite = Command::Invite { email: Email::new("bob@acme.dev")?, role: Role::Viewer, expires_at: now.plus_seconds(60) };
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
    pub fn execute(
        &mut self,
        actor: &UserId,
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
        Ok(self.run(actor, now, command)?.map(|event| Recorded {
            revision: self.revision,
            at: now,
            actor: actor.clone(),
            event,
        }))
    }

    /// Runs a command and returns its event if it changed anything.
    pub(super) fn run(
        &mut self,
        actor: &UserId,
        now: Timestamp,
        command: Command,
    ) -> Result<Option<Event>, Error> {
        let before = self.revision;
        let event = match command {
            Command::Rename { name } => {
                self.rename(actor, name.clone())?;
                Event::Renamed { name }
            }
            Command::SetDescription { description } => {
                self.set_description(actor, description.clone())?;
                Event::DescriptionSet { description }
            }
            Command::ChangePlan { plan } => {
                self.change_plan(actor, plan)?;
                Event::PlanChanged { plan }
            }
            Command::Invite {
                email,
                role,
                expires_at,
            } => {
                self.invite(actor, email.clone(), role, now, expires_at)?;
                Event::Invited {
                    email,
                    role,
                    expires_at,
                }
            }
            Command::RevokeInvitation { email } => {
                self.revoke_invitation(actor, &email)?;
                Event::InvitationRevoked { email }
            }
            Command::AcceptInvitation { email } => {
                self.accept_invitation(actor.clone(), &email, now)?;
                Event::InvitationAccepted { email }
            }
            Command::PurgeExpired => {
                self.purge_expired(now);
                Event::ExpiredInvitationsPurged
            }
            Command::ChangeRole { member, role } => {
                self.change_role(actor, &member, role)?;
                Event::RoleChanged { member, role }
            }
            Command::RemoveMember { member } => {
                self.remove_member(actor, &member)?;
                Event::MemberRemoved { member }
            }
            Command::Leave => {
                self.leave(actor)?;
                Event::MemberLeft
            }
            Command::TransferOwnership { to } => {
                self.transfer_ownership(actor, &to)?;
                Event::OwnershipTransferred { to }
            }
            Command::AddCloudAccount { account } => {
                self.add_cloud_account(actor, account.clone())?;
                Event::CloudAccountAdded { account }
            }
            Command::RemoveCloudAccount { account } => {
                self.remove_cloud_account(actor, &account)?;
                Event::CloudAccountRemoved { account }
            }
            Command::AddCluster { cluster } => {
                self.add_cluster(actor, cluster.clone())?;
                Event::ClusterAdded { cluster }
            }
            Command::StopCluster { cluster } => {
                self.stop_cluster(actor, &cluster)?;
                Event::ClusterStopped { cluster }
            }
            Command::StartCluster { cluster } => {
                self.start_cluster(actor, &cluster)?;
                Event::ClusterStarted { cluster }
            }
            Command::UpdateCluster { cluster, settings } => {
                self.update_cluster(actor, &cluster, settings.clone())?;
                Event::ClusterUpdated {
                    cluster,
                    name: settings.name,
                    region: settings.region,
                }
            }
            Command::DeleteCluster { cluster } => {
                self.delete_cluster(actor, &cluster)?;
                Event::ClusterDeleted { cluster }
            }
            Command::AddProject { project, name } => {
                self.add_project(actor, project.clone(), name.clone())?;
                Event::ProjectAdded { project, name }
            }
            Command::DeleteProject { project } => {
                self.delete_project(actor, &project)?;
                Event::ProjectDeleted { project }
            }
            Command::AddRule { project, rule } => {
                self.add_rule(actor, &project, rule.clone())?;
                Event::RuleAdded { project, rule }
            }
            Command::RemoveRule { project, rule } => {
                self.remove_rule(actor, &project, &rule)?;
                Event::RuleRemoved { project, rule }
            }
            Command::ReorderRules { project, order } => {
                self.reorder_rules(actor, &project, &order)?;
                Event::RulesReordered { project, order }
            }
            Command::CreateEnvironment {
                project,
                environment,
                request,
            } => {
                let environment =
                    self.create_environment(actor, &project, environment, &request)?;
                Event::EnvironmentCreated {
                    project,
                    environment,
                }
            }
            Command::DeleteEnvironment {
                project,
                environment,
            } => {
                self.delete_environment(actor, &project, &environment)?;
                Event::EnvironmentDeleted {
                    project,
                    environment,
                }
            }
        };
        Ok((self.revision != before).then_some(event))
    }
}
