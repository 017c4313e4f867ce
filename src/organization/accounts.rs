//! Cloud accounts: connect and disconnect.

use super::Organization;
use super::clusters::ClusterError;
use super::events::Event;
use super::recorded::Recorded;
use crate::cluster::CloudAccount;
use crate::id::CloudAccountId;
use crate::limits;
use crate::member::Actor;
use crate::role::Capability;
use crate::time::Timestamp;

impl Organization {
    /// Connects a cloud account. Needs [`Capability::MANAGE_CLUSTERS`]
    /// (Owner, Admin, DevOps), and a plan that deploys on the organization's
    /// own accounts.
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::PlanForbidsCloudAccounts`],
    /// [`ClusterError::CloudAccountExists`], [`ClusterError::LimitReached`].
    pub fn add_cloud_account<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        account: CloudAccount,
    ) -> Result<Recorded, ClusterError> {
        let actor = actor.into();
        self.authorize_capability(actor, now, Capability::MANAGE_CLUSTERS)?;
        if !self.plan.allows_cloud_accounts() {
            return Err(ClusterError::PlanForbidsCloudAccounts { plan: self.plan });
        }
        if self
            .cloud_accounts
            .iter()
            .any(|existing| existing.id == account.id)
        {
            return Err(ClusterError::CloudAccountExists {
                account: account.id,
            });
        }
        if self.cloud_accounts.len() >= limits::CLOUD_ACCOUNTS {
            return Err(ClusterError::LimitReached {
                limit: limits::Limit::CloudAccounts,
                size: self.cloud_accounts.len() + 1,
            });
        }
        self.cloud_accounts.push(account.clone());
        Ok(self.record(actor, now, Event::CloudAccountAdded { account }))
    }

    /// Disconnects a cloud account. Needs [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps).
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::NoSuchCloudAccount`].
    pub fn remove_cloud_account<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        account: &CloudAccountId,
    ) -> Result<Recorded, ClusterError> {
        let actor = actor.into();
        self.authorize_capability(actor, now, Capability::MANAGE_CLUSTERS)?;
        let at = self
            .cloud_accounts
            .iter()
            .position(|existing| existing.id == *account)
            .ok_or_else(|| ClusterError::NoSuchCloudAccount {
                account: account.clone(),
            })?;
        self.cloud_accounts.remove(at);
        Ok(self.record(
            actor,
            now,
            Event::CloudAccountRemoved {
                account: account.clone(),
            },
        ))
    }
}
