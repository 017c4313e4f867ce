//! Redoing one recorded event: the command that recorded it, run again
//! through the same method as the live command, as the event's actor at
//! the event's time.

use super::Organization;
use super::events::Event;
use super::recorded::Recorded;
use super::{
    ApiTokenError, ClusterError, CustomRoleError, MemberError, ProjectError, SettingsError,
};
use crate::cluster::ClusterSettings;
use crate::member::{Actor, ApiToken};
use crate::organization::error::Error;
use crate::time::Timestamp;

/// Why replaying one event failed, before [`Organization::apply`] adds the
/// revision and the event's kind.
pub(super) enum Redo {
    /// The command the event records is refused by the current state.
    Refused(Error),
    /// The command changes nothing here.
    NoChange,
    /// The command does something else here than what the event records.
    Diverged,
    /// A creation past the start of a log.
    Creation,
}

macro_rules! refused_by {
    ($($error:ty),*) => {$(
        impl From<$error> for Redo {
            fn from(error: $error) -> Self {
                Redo::Refused(error.into())
            }
        }
    )*};
}
refused_by!(
    SettingsError,
    MemberError,
    ClusterError,
    ProjectError,
    CustomRoleError,
    ApiTokenError
);

impl Organization {
    /// Runs the command that recorded `event`, as `actor` at `at`, and
    /// returns what it records: one function per kind of event, the same
    /// the live command runs.
    pub(super) fn redo(
        &mut self,
        actor: Actor<'_>,
        at: Timestamp,
        event: &Event,
    ) -> Result<Recorded, Redo> {
        use Event as E;
        let recorded = match event.clone() {
            E::Created { .. } => return Err(Redo::Creation),
            E::Renamed { name } => self.rename(actor, at, name)?,
            E::DescriptionSet { description } => self.set_description(actor, at, description)?,
            E::PlanChanged { plan } => self.change_plan(actor, at, plan)?,
            E::Invited {
                email,
                role,
                expires_at,
            } => Some(self.invite(actor, at, email, role, expires_at)?),
            E::InvitationRevoked { email } => Some(self.revoke_invitation(actor, at, &email)?),
            E::InvitationAccepted { email } => Some(self.accept_invitation(actor, at, &email)?),
            E::ExpiredInvitationsPurged => self.purge_expired(actor, at),
            E::RoleChanged { member, role } => self.change_role(actor, at, &member, role)?,
            E::MemberRemoved { member } => Some(self.remove_member(actor, at, &member)?),
            E::MemberLeft => Some(self.leave(actor, at)?),
            E::OwnershipTransferred { to } => self.transfer_ownership(actor, at, &to)?,
            E::CloudAccountAdded { account } => Some(self.add_cloud_account(actor, at, account)?),
            E::CloudAccountRemoved { account } => {
                Some(self.remove_cloud_account(actor, at, &account)?)
            }
            E::ClusterAdded { cluster } => Some(self.add_cluster(actor, at, cluster)?),
            E::ClusterStopped { cluster } => self.stop_cluster(actor, at, &cluster)?,
            E::ClusterStarted { cluster } => self.start_cluster(actor, at, &cluster)?,
            E::ClusterUpdated {
                cluster,
                name,
                region,
            } => self.update_cluster(actor, at, &cluster, ClusterSettings { name, region })?,
            E::ClusterDeleted { cluster } => Some(self.delete_cluster(actor, at, &cluster)?),
            E::ProjectAdded { project, name } => Some(self.add_project(actor, at, project, name)?),
            E::ProjectDeleted { project } => Some(self.delete_project(actor, at, &project)?),
            E::RuleAdded { project, rule } => Some(self.add_rule(actor, at, &project, rule)?),
            E::RuleRemoved { project, rule } => Some(self.remove_rule(actor, at, &project, &rule)?),
            E::RulesReordered { project, order } => {
                self.reorder_rules(actor, at, &project, &order)?
            }
            E::EnvironmentCreated(recorded) => {
                // Placed again from the request the event implies, by every
                // check of the live command, and added only if it lands
                // where it landed then.
                let placed = self.place_environment(
                    actor,
                    at,
                    &recorded.project,
                    recorded.environment.id.clone(),
                    &recorded.request(),
                )?;
                if placed != recorded {
                    return Err(Redo::Diverged);
                }
                Some(self.add_environment(actor, at, placed)?)
            }
            E::EnvironmentDeleted {
                project,
                environment,
            } => Some(self.delete_environment(actor, at, &project, &environment)?),
            E::CustomRoleCreated {
                role,
                name,
                description,
            } => Some(self.create_custom_role(actor, at, role, name, description)?),
            E::CustomRoleUpdated { role } => self.update_custom_role(actor, at, role)?,
            E::CustomRoleDeleted { role } => Some(self.delete_custom_role(actor, at, &role)?),
            E::ApiTokenCreated {
                token,
                name,
                description,
                role,
                expires_at,
            } => Some(self.create_api_token(
                actor,
                at,
                ApiToken {
                    id: token,
                    name,
                    description,
                    role,
                    expires_at,
                },
            )?),
            E::ApiTokenDeleted { token } => Some(self.delete_api_token(actor, at, &token)?),
        };
        recorded.ok_or(Redo::NoChange)
    }
}
