//! Clusters and cloud accounts.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use crate::id::{CloudAccountId, ClusterId};
use crate::limits;
use crate::text::{InvalidValue, Name, check_text};
use crate::validation::{Problem, ValidationError, unique};

/// A cloud service provider, spelled as the platform's API spells it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[non_exhaustive]
pub enum CloudProvider {
    /// Amazon Web Services.
    Aws,
    /// Scaleway.
    Scw,
    /// Google Cloud Platform.
    Gcp,
    /// DigitalOcean.
    Do,
    /// Microsoft Azure.
    Azure,
    /// OVHcloud.
    Ovh,
    /// Civo.
    Civo,
    /// Hetzner.
    Hetzner,
    /// Oracle Cloud.
    Oracle,
    /// IBM Cloud.
    Ibm,
    /// The customer's own hardware.
    OnPremise,
}

/// The crate's cluster lifecycle: a cluster runs or is stopped. Either way it
/// stays a valid placement target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Display, EnumString, EnumIter)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum ClusterState {
    /// Installed and running (or being installed, updated or restarted).
    #[default]
    Running,
    /// Stopped by a member (or stopping).
    Stopped,
}

/// A cluster status as the platform's API reports it, mapped onto
/// [`ClusterState`] by [`ClusterStatus::state`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[allow(missing_docs)] // the API's own state names
#[non_exhaustive]
pub enum ClusterStatus {
    Building,
    BuildError,
    Canceled,
    Canceling,
    Deleted,
    DeleteError,
    DeleteQueued,
    Deleting,
    Deployed,
    Deploying,
    DeploymentError,
    DeploymentQueued,
    DryRun,
    Queued,
    Ready,
    Stopped,
    Stopping,
    StopError,
    StopQueued,
    RestartQueued,
    Restarting,
    Restarted,
    RestartError,
    InvalidCredentials,
}

impl ClusterStatus {
    /// The crate's state for an API status: the stop family (`STOPPED`,
    /// `STOPPING`, `STOP_QUEUED`) is [`ClusterState::Stopped`]; everything
    /// else, including errors and deletion in progress, is
    /// [`ClusterState::Running`], since the cluster still exists and can be
    /// targeted until it is deleted from the organization.
    ///
    /// ```
    /// use orgmodel::{ClusterState, ClusterStatus};
    ///
    /// assert_eq!(ClusterStatus::StopQueued.state(), ClusterState::Stopped);
    /// assert_eq!(ClusterStatus::Deployed.state(), ClusterState::Running);
    /// ```
    pub const fn state(self) -> ClusterState {
        match self {
            ClusterStatus::Stopped | ClusterStatus::Stopping | ClusterStatus::StopQueued => {
                ClusterState::Stopped
            }
            _ => ClusterState::Running,
        }
    }
}

/// A Kubernetes cluster where environments are deployed.
///
/// On the wire its state is the API's `status` (optional; absent or `null`
/// reads as running), written back as `DEPLOYED` or `STOPPED`. Its region is
/// a free text of at most [`limits::TEXT`] characters, checked when the
/// cluster joins an organization or is read from a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cluster {
    /// Its id.
    pub id: ClusterId,
    /// Its name, unique in the organization (case-insensitively).
    pub name: Name,
    /// Where it runs.
    pub cloud_provider: CloudProvider,
    /// The provider's region, as the provider names it (`eu-west-3`).
    pub region: Box<str>,
    /// Running or stopped.
    pub state: ClusterState,
}

impl Cluster {
    /// A running cluster.
    pub fn new(
        id: ClusterId,
        name: Name,
        cloud_provider: CloudProvider,
        region: impl Into<String>,
    ) -> Self {
        let region: String = region.into();
        Cluster {
            id,
            name,
            cloud_provider,
            region: region.into_boxed_str(),
            state: ClusterState::Running,
        }
    }
}

impl Cluster {
    /// Checks what the types do not: the region.
    pub(crate) fn check(&self) -> Result<(), InvalidValue> {
        check_text("region", &self.region)
    }
}

/// Checks a list of clusters as an organization holds them: at most
/// [`limits::CLUSTERS`], valid regions, distinct ids and distinct names
/// (case-insensitively).
///
/// ```
/// use orgmodel::{CloudProvider, Cluster, Name, Problem, check_clusters};
///
/// let c = |id: &str, name: &str| Cluster::new(id.parse().unwrap(), Name::new(name).unwrap(), CloudProvider::Aws, "eu");
/// assert!(check_clusters(&[c("a", "main"), c("b", "prod")]).is_ok());
/// let error = check_clusters(&[c("a", "main"), c("b", "MAIN")]).unwrap_err();
/// assert_eq!((error.field.as_str(), error.problem), ("clusters[1].name", Problem::Duplicate));
/// ```
///
/// # Errors
/// A [`ValidationError`] naming the first field at fault.
pub fn check_clusters(clusters: &[Cluster]) -> Result<(), ValidationError> {
    ValidationError::check_count("clusters", clusters.len(), limits::Limit::Clusters)?;
    for (i, cluster) in clusters.iter().enumerate() {
        cluster.check().map_err(|problem| {
            ValidationError::new(format!("clusters[{i}].region"), "", Problem::Value(problem))
        })?;
    }
    unique(
        clusters.iter().map(|c| &c.id),
        |i| format!("clusters[{i}].id"),
        |i| shown(clusters.get(i).map(|c| c.id.as_str())),
    )?;
    unique(
        clusters.iter().map(|c| c.name.folded()),
        |i| format!("clusters[{i}].name"),
        |i| shown(clusters.get(i).map(|c| c.name.as_str())),
    )
}

fn shown(value: Option<&str>) -> String {
    value.unwrap_or_default().into()
}

/// The settings of a cluster that a member may update.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct ClusterSettings {
    /// A new name, unique in the organization.
    pub name: Name,
    /// A new region (at most [`limits::TEXT`] characters).
    pub region: Box<str>,
}

/// A cloud account connected to an organization, on which its clusters run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct CloudAccount {
    /// Its id.
    pub id: CloudAccountId,
    /// A name for people.
    pub name: Name,
    /// The provider.
    pub cloud_provider: CloudProvider,
}
