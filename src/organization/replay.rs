//! Replaying a log: rebuilding an organization from its events, and
//! applying one recorded event as the command that made it did.

use alloc::boxed::Box;

use super::Organization;
use super::error::Error;
use super::events::{ApplyError, Event, Recorded};
use super::execute::Command;
use crate::cluster::ClusterSettings;

impl Organization {
    /// Rebuilds an organization from its log: the creation, then every
    /// change in order.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let (mut org, created) = Organization::create("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?, now);
    /// let mut log = vec![created];
    /// log.extend(org.execute(&ada, now, Some(0), Command::Rename { name: Name::new("Acme Inc")? })?);
    /// assert_eq!(Organization::replay(&log)?, org);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ApplyError`] for the first event that does not apply.
    pub fn replay<'a>(log: impl IntoIterator<Item = &'a Recorded>) -> Result<Self, ApplyError> {
        let mut events = log.into_iter();
        let Some(Recorded {
            revision: 0,
            event:
                Event::Created {
                    organization,
                    name,
                    plan,
                    owner,
                    owner_email,
                },
            ..
        }) = events.next()
        else {
            return Err(ApplyError::NotACreation);
        };
        let mut org = Organization::new(
            organization.clone(),
            name.clone(),
            *plan,
            owner.clone(),
            owner_email.clone(),
        );
        for recorded in events {
            org.apply(recorded)?;
        }
        Ok(org)
    }

    /// Applies one recorded event, as the command that made it did: the
    /// event must follow the organization's revision and still apply to its
    /// state; otherwise the organization is left exactly as it was.
    ///
    /// # Errors
    /// [`ApplyError::OutOfOrder`], [`ApplyError::NotACreation`] (a creation
    /// mid-log), [`ApplyError::Refused`] (the change is refused now, as a
    /// member removed who is not there), [`ApplyError::NoChange`].
    pub fn apply(&mut self, recorded: &Recorded) -> Result<(), ApplyError> {
        if recorded.revision != self.revision + 1 {
            return Err(ApplyError::OutOfOrder {
                current: self.revision,
                got: recorded.revision,
            });
        }
        let (actor, now) = (&recorded.actor, recorded.at);
        let before = self.revision;
        let outcome = match &recorded.event {
            Event::Created { .. } => return Err(ApplyError::NotACreation),
            Event::EnvironmentCreated {
                project,
                environment,
            } => self
                .insert_environment(actor, project, environment.clone())
                .map_err(Error::from),
            event => {
                let Some(command) = command_of(event) else {
                    return Err(ApplyError::NotACreation);
                };
                self.run(actor, now, command).map(drop)
            }
        };
        outcome.map_err(|error| ApplyError::Refused(Box::new(error)))?;
        if self.revision == before {
            return Err(ApplyError::NoChange);
        }
        Ok(())
    }
}

/// The command that makes `event`, for the events a command replays.
fn command_of(event: &Event) -> Option<Command> {
    Some(match event.clone() {
        Event::Created { .. } | Event::EnvironmentCreated { .. } => return None,
        Event::Renamed { name } => Command::Rename { name },
        Event::DescriptionSet { description } => Command::SetDescription { description },
        Event::PlanChanged { plan } => Command::ChangePlan { plan },
        Event::Invited {
            email,
            role,
            expires_at,
        } => Command::Invite {
            email,
            role,
            expires_at,
        },
        Event::InvitationRevoked { email } => Command::RevokeInvitation { email },
        Event::InvitationAccepted { email } => Command::AcceptInvitation { email },
        Event::ExpiredInvitationsPurged => Command::PurgeExpired,
        Event::RoleChanged { member, role } => Command::ChangeRole { member, role },
        Event::MemberRemoved { member } => Command::RemoveMember { member },
        Event::MemberLeft => Command::Leave,
        Event::OwnershipTransferred { to } => Command::TransferOwnership { to },
        Event::CloudAccountAdded { account } => Command::AddCloudAccount { account },
        Event::CloudAccountRemoved { account } => Command::RemoveCloudAccount { account },
        Event::ClusterAdded { cluster } => Command::AddCluster { cluster },
        Event::ClusterStopped { cluster } => Command::StopCluster { cluster },
        Event::ClusterStarted { cluster } => Command::StartCluster { cluster },
        Event::ClusterUpdated {
            cluster,
            name,
            region,
        } => Command::UpdateCluster {
            cluster,
            settings: ClusterSettings { name, region },
        },
        Event::ClusterDeleted { cluster } => Command::DeleteCluster { cluster },
        Event::ProjectAdded { project, name } => Command::AddProject { project, name },
        Event::ProjectDeleted { project } => Command::DeleteProject { project },
        Event::RuleAdded { project, rule } => Command::AddRule { project, rule },
        Event::RuleRemoved { project, rule } => Command::RemoveRule { project, rule },
        Event::RulesReordered { project, order } => Command::ReorderRules { project, order },
        Event::EnvironmentDeleted {
            project,
            environment,
        } => Command::DeleteEnvironment {
            project,
            environment,
        },
    })
}
