//! Environments, their modes, and the request that creates one.

use alloc::string::String;

use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::id::{ClusterId, EnvironmentId};
use crate::text::Name;

/// The mode of an environment (and of the applications and databases in it).
///
/// The permission table's *production* rows apply to [`Mode::Production`];
/// its *development* rows apply to every other mode.
///
/// ```
/// use orgmodel::Mode;
///
/// assert!(Mode::Production.is_production());
/// assert!(!Mode::Staging.is_production());
/// assert_eq!("preview".parse::<Mode>(), Ok(Mode::Preview));
/// ```
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
    EnumCount,
    IntoStaticStr,
    VariantNames,
)]
#[strum(ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum Mode {
    /// Production: only Admins and the Owner may change it.
    Production,
    /// Staging.
    Staging,
    /// Development: the mode of an environment that nothing else decides.
    Development,
    /// Preview: reserved for deployment rules (a request may not ask for it).
    Preview,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 4] = [
        Mode::Production,
        Mode::Staging,
        Mode::Development,
        Mode::Preview,
    ];

    /// Whether the table's production rows apply.
    #[inline]
    pub const fn is_production(self) -> bool {
        matches!(self, Mode::Production)
    }
}

/// An environment of a project, deployed on one cluster.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct Environment {
    /// Its id.
    pub id: EnvironmentId,
    /// Its name, unique within its project (case-insensitively).
    pub name: Name,
    /// Its mode, inherited by its applications and databases.
    pub mode: Mode,
    /// The cluster it is deployed on.
    pub cluster_id: ClusterId,
}

/// A request to create an environment. `mode` and `cluster` are each
/// *Automatic* (`None`, the default) or explicit.
///
/// The name is checked by placement, not here, so that a request can carry
/// exactly what a client sent and be refused with a typed error.
///
/// ```
/// use orgmodel::{CreateEnvironmentRequest, Mode};
///
/// let automatic = CreateEnvironmentRequest::new("pr-42");
/// assert_eq!(automatic.mode, None);
/// let explicit = automatic.with_mode(Mode::Staging);
/// assert_eq!(explicit.mode, Some(Mode::Staging));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct CreateEnvironmentRequest {
    /// The new environment's name.
    pub name: String,
    /// An explicit mode, or `None` for Automatic (absent on the wire).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub mode: Option<Mode>,
    /// An explicit cluster, or `None` for Automatic (absent on the wire).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cluster: Option<ClusterId>,
}

impl CreateEnvironmentRequest {
    /// A request with Automatic mode and cluster.
    pub fn new(name: impl Into<String>) -> Self {
        CreateEnvironmentRequest {
            name: name.into(),
            mode: None,
            cluster: None,
        }
    }

    /// The same request with an explicit mode.
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// The same request with an explicit cluster.
    #[must_use]
    pub fn on_cluster(mut self, cluster: ClusterId) -> Self {
        self.cluster = Some(cluster);
        self
    }
}
