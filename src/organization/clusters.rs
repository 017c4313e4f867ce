//! Clusters: install, stop, start, update, delete; and the error of every
//! command on clusters and cloud accounts (those are in `accounts.rs`).

use alloc::vec::Vec;

use super::Organization;
use super::authorize::AccessError;
use super::events::Event;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::cluster::{Cluster, ClusterSettings, ClusterState};
use crate::id::{CloudAccountId, ClusterId, EnvironmentId, RuleId};
use crate::limits;
use crate::member::Actor;
use crate::plan::Plan;
use crate::role::Capability;
use crate::text::{InvalidValue, List, Name, Shown, check_text};
use crate::time::Timestamp;

/// Why a command on cloud accounts or clusters was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum ClusterError {
    /// Not a member, or without [`Capability::MANAGE_CLUSTERS`].
    #[error(transparent)]
    Access(#[from] AccessError),
    /// No cloud account with this id.
    #[error("cloud account {account} is not connected to the organization", account = crate::text::Shown(.account.as_str()))]
    NoSuchCloudAccount {
        /// The account.
        account: CloudAccountId,
    },
    /// No cluster with this id.
    #[error("cluster {cluster} is not in the organization", cluster = crate::text::Shown(.cluster.as_str()))]
    NoSuchCluster {
        /// The cluster.
        cluster: ClusterId,
    },
    /// A value over its limit (a region).
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    /// The plan does not deploy on the organization's own cloud accounts.
    #[error("the {plan} plan offers free hosting and cannot hold cloud accounts")]
    PlanForbidsCloudAccounts {
        /// The plan.
        plan: Plan,
    },
    /// A cloud account with this id is already connected.
    #[error("cloud account {account} is already connected", account = crate::text::Shown(.account.as_str()))]
    CloudAccountExists {
        /// The account.
        account: CloudAccountId,
    },
    /// A cluster with this id already exists.
    #[error("cluster {cluster} already exists", cluster = crate::text::Shown(.cluster.as_str()))]
    ClusterExists {
        /// The cluster.
        cluster: ClusterId,
    },
    /// Another cluster already has this name (compared case-insensitively).
    #[error("a cluster named {name:?} already exists")]
    ClusterNameTaken {
        /// The name.
        name: Name,
        /// The cluster that has it (for the service's logs: neither the
        /// message nor the JSON form names it).
        cluster: ClusterId,
    },
    /// Environments or deployment rules still target the cluster. The
    /// error names the first few of each ([`ClusterError::IN_USE_SHOWN`]) and
    /// counts them all, so that its size does not grow with the organization.
    #[error(
        "cluster {cluster} is still targeted by environments [{}] and deployment rules [{}]",
        Counted(environments, *environment_count),
        Counted(rules, *rule_count), cluster = crate::text::Shown(.cluster.as_str()))]
    ClusterInUse {
        /// The cluster.
        cluster: ClusterId,
        /// The first environments deployed on it, in project order.
        environments: Vec<EnvironmentId>,
        /// How many environments are deployed on it.
        environment_count: usize,
        /// The first deployment rules that target it, in project order.
        rules: Vec<RuleId>,
        /// How many deployment rules target it.
        rule_count: usize,
    },
    /// The organization holds as many clusters or cloud accounts as it may.
    #[error("{} holds at most {} {}", limit.holder(), limit.value(), limit.unit())]
    LimitReached {
        /// The limit it would pass.
        limit: limits::Limit,
        /// The size the command would have made.
        size: usize,
    },
}

impl ClusterError {
    /// How many blocking environments and rules [`ClusterError::ClusterInUse`]
    /// names, of each.
    pub const IN_USE_SHOWN: usize = 3;

    /// A stable machine name: the access error's, the value's, or the
    /// variant's in snake case.
    pub const fn kind(&self) -> &'static str {
        match self {
            ClusterError::Access(error) => error.kind(),
            ClusterError::Invalid(error) => error.kind(),
            ClusterError::NoSuchCloudAccount { .. } => "no_such_cloud_account",
            ClusterError::NoSuchCluster { .. } => "no_such_cluster",
            ClusterError::PlanForbidsCloudAccounts { .. } => "plan_forbids_cloud_accounts",
            ClusterError::CloudAccountExists { .. } => "cloud_account_exists",
            ClusterError::ClusterExists { .. } => "cluster_exists",
            ClusterError::ClusterNameTaken { .. } => "cluster_name_taken",
            ClusterError::ClusterInUse { .. } => "cluster_in_use",
            ClusterError::LimitReached { .. } => "limit_reached",
        }
    }

    /// Forbidden, not found, invalid or conflict.
    pub const fn category(&self) -> ErrorCategory {
        match self {
            ClusterError::Access(error) => error.category(),
            ClusterError::NoSuchCloudAccount { .. } | ClusterError::NoSuchCluster { .. } => {
                ErrorCategory::NotFound
            }
            ClusterError::Invalid(_) => ErrorCategory::Invalid,
            ClusterError::PlanForbidsCloudAccounts { .. }
            | ClusterError::CloudAccountExists { .. }
            | ClusterError::ClusterExists { .. }
            | ClusterError::ClusterNameTaken { .. }
            | ClusterError::ClusterInUse { .. }
            | ClusterError::LimitReached { .. } => ErrorCategory::Conflict,
        }
    }
}

impl Organization {
    fn cluster_index(&self, cluster: &ClusterId) -> Result<usize, ClusterError> {
        self.clusters
            .iter()
            .position(|c| c.id == *cluster)
            .ok_or_else(|| ClusterError::NoSuchCluster {
                cluster: cluster.clone(),
            })
    }

    /// Refuses `name` if a cluster other than `except` has it.
    fn check_cluster_name(
        &self,
        name: &Name,
        except: Option<&ClusterId>,
    ) -> Result<(), ClusterError> {
        match self
            .clusters
            .iter()
            .find(|cluster| cluster.name.eq_ignore_case(name) && Some(&cluster.id) != except)
        {
            Some(existing) => Err(ClusterError::ClusterNameTaken {
                name: name.clone(),
                cluster: existing.id.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Installs a cluster, last in installation order (so it never becomes
    /// the default while an older one exists). Needs [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps).
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::Invalid`] (its region),
    /// [`ClusterError::ClusterExists`], [`ClusterError::ClusterNameTaken`],
    /// [`ClusterError::LimitReached`].
    pub fn add_cluster<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        cluster: Cluster,
    ) -> Result<Recorded, ClusterError> {
        let actor = actor.into();
        self.authorize_capability(actor, now, Capability::MANAGE_CLUSTERS)?;
        cluster.check()?;
        if self.cluster(&cluster.id).is_some() {
            return Err(ClusterError::ClusterExists {
                cluster: cluster.id,
            });
        }
        self.check_cluster_name(&cluster.name, None)?;
        if self.clusters.len() >= limits::CLUSTERS {
            return Err(ClusterError::LimitReached {
                limit: limits::Limit::Clusters,
                size: self.clusters.len() + 1,
            });
        }
        self.clusters.push(cluster.clone());
        Ok(self.record(actor, now, Event::ClusterAdded { cluster }))
    }

    fn set_cluster_state(
        &mut self,
        actor: Actor<'_>,
        now: Timestamp,
        cluster: &ClusterId,
        state: ClusterState,
    ) -> Result<Option<Recorded>, ClusterError> {
        self.authorize_cluster(actor, now, cluster)?;
        let at = self.cluster_index(cluster)?;
        let Some(target) = self.clusters.get_mut(at).filter(|c| c.state != state) else {
            return Ok(None);
        };
        target.state = state;
        let cluster = cluster.clone();
        let event = match state {
            ClusterState::Stopped => Event::ClusterStopped { cluster },
            ClusterState::Running => Event::ClusterStarted { cluster },
        };
        Ok(Some(self.record(actor, now, event)))
    }

    /// Stops a cluster. It stays a valid placement target. Stopping a stopped
    /// cluster changes nothing. Needs [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps), or a
    /// custom role at `ADMIN` on the cluster.
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::NoSuchCluster`].
    pub fn stop_cluster<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        cluster: &ClusterId,
    ) -> Result<Option<Recorded>, ClusterError> {
        let actor = actor.into();
        self.set_cluster_state(actor, now, cluster, ClusterState::Stopped)
    }

    /// Starts a stopped cluster. Starting a running cluster changes nothing.
    /// Needs [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps), or a
    /// custom role at `ADMIN` on the cluster.
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::NoSuchCluster`].
    pub fn start_cluster<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        cluster: &ClusterId,
    ) -> Result<Option<Recorded>, ClusterError> {
        let actor = actor.into();
        self.set_cluster_state(actor, now, cluster, ClusterState::Running)
    }

    /// Updates a cluster's settings (name and region). Needs
    /// [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps), or a custom
    /// role at `ADMIN` on the cluster.
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::NoSuchCluster`],
    /// [`ClusterError::Invalid`] (the region), [`ClusterError::ClusterNameTaken`].
    pub fn update_cluster<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        cluster: &ClusterId,
        settings: ClusterSettings,
    ) -> Result<Option<Recorded>, ClusterError> {
        let actor = actor.into();
        self.authorize_cluster(actor, now, cluster)?;
        let at = self.cluster_index(cluster)?;
        check_text("region", &settings.region)?;
        self.check_cluster_name(&settings.name, Some(cluster))?;
        let Some(target) = self
            .clusters
            .get_mut(at)
            .filter(|c| c.name != settings.name || c.region != settings.region)
        else {
            return Ok(None);
        };
        target.name = settings.name.clone();
        target.region = settings.region.clone();
        let event = Event::ClusterUpdated {
            cluster: cluster.clone(),
            name: settings.name,
            region: settings.region,
        };
        Ok(Some(self.record(actor, now, event)))
    }

    /// Deletes a cluster that no environment or deployment rule targets.
    /// Deleting the default cluster makes the next oldest the default.
    /// Needs [`Capability::MANAGE_CLUSTERS`] (Owner, Admin, DevOps).
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// for id in ["c1", "c2"] {
    ///     let _ = org.add_cluster(&ada, now, Cluster::new(id.parse()?, Name::new(id)?, CloudProvider::Scw, "fr-par"))?;
    /// }
    /// let deleted = org.delete_cluster(&ada, now, &"c1".parse()?)?;
    /// assert_eq!(deleted.revision, 3);
    /// assert_eq!(org.default_cluster().map(|c| c.id.as_str()), Some("c2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ClusterError::Access`], [`ClusterError::NoSuchCluster`],
    /// [`ClusterError::ClusterInUse`] naming every environment and rule that
    /// targets it.
    pub fn delete_cluster<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        cluster: &ClusterId,
    ) -> Result<Recorded, ClusterError> {
        let actor = actor.into();
        self.authorize_capability(actor, now, Capability::MANAGE_CLUSTERS)?;
        let at = self.cluster_index(cluster)?;
        let environments = || {
            self.projects
                .iter()
                .flat_map(|project| &project.environments)
                .filter(|environment| environment.cluster_id == *cluster)
                .map(|environment| &environment.id)
        };
        let rules = || {
            self.projects
                .iter()
                .flat_map(|project| &project.deployment_rules)
                .filter(|rule| rule.cluster_id == *cluster)
                .map(|rule| &rule.id)
        };
        let (environment_count, rule_count) = (environments().count(), rules().count());
        if environment_count > 0 || rule_count > 0 {
            let shown = ClusterError::IN_USE_SHOWN;
            return Err(ClusterError::ClusterInUse {
                cluster: cluster.clone(),
                environments: environments().take(shown).cloned().collect(),
                environment_count,
                rules: rules().take(shown).cloned().collect(),
                rule_count,
            });
        }
        self.clusters.remove(at);
        self.forget_cluster(cluster);
        Ok(self.record(
            actor,
            now,
            Event::ClusterDeleted {
                cluster: cluster.clone(),
            },
        ))
    }
}

/// The first items of a list, and how many more there are.
struct Counted<'a, T>(&'a [T], usize);

impl<T: AsRef<str>> core::fmt::Display for Counted<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown = self.0.iter().map(|item| Shown(item.as_ref()));
        write!(f, "{}", List(shown))?;
        match self.1.saturating_sub(self.0.len()) {
            0 => Ok(()),
            more => write!(f, ", and {more} more"),
        }
    }
}
