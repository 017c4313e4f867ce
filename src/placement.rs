//! Where a new environment goes: `resolve_target_cluster`.

use alloc::string::String;

use crate::category::ErrorCategory;
use crate::cluster::Cluster;
use crate::environment::{CreateEnvironmentRequest, Mode};
use crate::id::{ClusterId, RuleId};
use crate::rules::DeploymentRules;
use crate::text::{InvalidValue, Name};

/// Why a new environment could not be placed on a cluster. Checked in this
/// order; the first that applies is returned, and nothing falls back silently.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum PlacementError {
    /// The environment's name is not a valid name: blank, too long, or
    /// holding a control character.
    #[error("the environment's name is refused: {problem}")]
    InvalidName {
        /// What is wrong with it.
        problem: InvalidValue,
    },
    /// `Preview` was asked for explicitly; only a deployment rule may assign it.
    #[error("the {mode} mode is reserved for deployment rules and cannot be asked for")]
    PreviewReserved {
        /// The reserved mode.
        mode: Mode,
    },
    /// The explicit cluster is not one of the organization's clusters.
    #[error("cluster {cluster} is not in the organization", cluster = crate::text::Shown(.cluster.as_str()))]
    UnknownCluster {
        /// The requested cluster.
        cluster: ClusterId,
    },
    /// The matching rule's cluster is not one of the organization's clusters.
    #[error("deployment rule {rule} matches, but its cluster {cluster} is not in the organization", cluster = crate::text::Shown(.cluster.as_str()), rule = crate::text::Shown(.rule.as_str()))]
    RuleTargetsUnknownCluster {
        /// The matching rule.
        rule: RuleId,
        /// Its cluster.
        cluster: ClusterId,
    },
    /// The default cluster was needed but the organization has no cluster.
    #[error(
        "no deployment rule matches {name:?} and the organization has no cluster to default to"
    )]
    NoCluster {
        /// The environment's name.
        name: String,
    },
}

impl PlacementError {
    /// A stable, machine-readable name for the error, for APIs and logs:
    /// `invalid_name`, `preview_reserved`, `unknown_cluster`,
    /// `rule_targets_unknown_cluster` or `no_cluster`.
    pub const fn kind(&self) -> &'static str {
        match self {
            PlacementError::InvalidName { .. } => "invalid_name",
            PlacementError::PreviewReserved { .. } => "preview_reserved",
            PlacementError::UnknownCluster { .. } => "unknown_cluster",
            PlacementError::RuleTargetsUnknownCluster { .. } => "rule_targets_unknown_cluster",
            PlacementError::NoCluster { .. } => "no_cluster",
        }
    }

    /// [`ErrorCategory::Invalid`] for what the request asked (a name, a
    /// mode, a cluster), [`ErrorCategory::Conflict`] for what the
    /// organization lacks (a rule's cluster, any cluster).
    pub const fn category(&self) -> ErrorCategory {
        match self {
            PlacementError::InvalidName { .. }
            | PlacementError::PreviewReserved { .. }
            | PlacementError::UnknownCluster { .. } => ErrorCategory::Invalid,
            PlacementError::RuleTargetsUnknownCluster { .. } | PlacementError::NoCluster { .. } => {
                ErrorCategory::Conflict
            }
        }
    }
}

/// Where a part of a [`Placement`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self", rename_all = "snake_case")
)]
pub enum Source {
    /// The request asked for it explicitly.
    Request,
    /// The matching deployment rule assigned it.
    Rule,
    /// Nothing decided it: the default cluster, or the `Development` mode.
    Default,
}

/// The resolved cluster and mode of a new environment, and why.
///
/// It borrows the ids from the clusters and rules it was resolved from (never
/// from the request), so resolving allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Placement<'a> {
    /// The cluster the environment goes on.
    #[cfg_attr(feature = "serde", serde(rename = "cluster_id"))]
    pub cluster: &'a ClusterId,
    /// The environment's mode.
    pub mode: Mode,
    /// The matching rule, whenever one matched, even if the request overrode
    /// both cluster and mode.
    #[cfg_attr(feature = "serde", serde(rename = "rule_id"))]
    pub rule: Option<&'a RuleId>,
    /// Where the cluster came from.
    pub cluster_source: Source,
    /// Where the mode came from.
    pub mode_source: Source,
}

/// Places a new environment: the deterministic choice of its cluster and mode.
///
/// `clusters` are the organization's clusters in installation order (oldest
/// first; the first is the default cluster), `rules` the project's deployment
/// rules. The *matching rule* is the first rule in priority order whose
/// wildcard matches the request's name. Then:
///
/// - the cluster is the request's, else the matching rule's, else the default cluster;
/// - the mode is the request's, else the matching rule's, else `Development`.
///
/// Nothing falls back silently. The errors are checked in this order, and the
/// first that applies is returned: a name that [`Name::new`] refuses (blank,
/// too long, a control character: [`PlacementError::InvalidName`]); an explicit `Preview`
/// ([`PlacementError::PreviewReserved`]); an explicit cluster that is not in
/// `clusters` ([`PlacementError::UnknownCluster`]); a matching rule whose
/// cluster is not in `clusters`, when its cluster would be used
/// ([`PlacementError::RuleTargetsUnknownCluster`]); no cluster at all when the
/// default is needed ([`PlacementError::NoCluster`]).
///
/// The function is pure, and allocates nothing unless it fails. It costs
/// O(name + the rules' wildcards), bounded by [`crate::limits::RULE_WILDCARDS`].
///
/// # Errors
/// A [`PlacementError`] naming the first rule above that applies.
///
/// ```
/// use orgmodel::*;
///
/// let cluster = |id: &str| Cluster::new(id.parse().unwrap(), Name::new(id).unwrap(), CloudProvider::Aws, "eu-west-3");
/// let clusters = [cluster("main"), cluster("prod")];
/// let rules = DeploymentRules::new(vec![DeploymentRule::new(
///     "prod-rule".parse()?, Name::new("production")?, "prod*".parse()?, Mode::Production, "prod".parse()?, 0,
/// )])?;
///
/// let placed = resolve_target_cluster(&clusters, &rules, &CreateEnvironmentRequest::new("prod-eu"))?;
/// assert_eq!((placed.cluster.as_str(), placed.mode), ("prod", Mode::Production));
/// assert_eq!((placed.cluster_source, placed.mode_source), (Source::Rule, Source::Rule));
///
/// let placed = resolve_target_cluster(&clusters, &rules, &CreateEnvironmentRequest::new("feature-x"))?;
/// assert_eq!((placed.cluster.as_str(), placed.mode), ("main", Mode::Development));
/// assert_eq!((placed.rule, placed.cluster_source), (None, Source::Default));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resolve_target_cluster<'a>(
    clusters: &'a [Cluster],
    rules: &'a DeploymentRules,
    request: &CreateEnvironmentRequest,
) -> Result<Placement<'a>, PlacementError> {
    let name = request.name.as_str();
    Name::check(name).map_err(|problem| PlacementError::InvalidName { problem })?;
    resolve_named(clusters, rules, name, request)
}

/// [`resolve_target_cluster`] for a request whose name was checked.
pub(crate) fn resolve_named<'a>(
    clusters: &'a [Cluster],
    rules: &'a DeploymentRules,
    name: &str,
    request: &CreateEnvironmentRequest,
) -> Result<Placement<'a>, PlacementError> {
    if let Some(mode @ Mode::Preview) = request.mode {
        return Err(PlacementError::PreviewReserved { mode });
    }
    let find = |id: &ClusterId| {
        clusters
            .iter()
            .find(|cluster| cluster.id == *id)
            .map(|cluster| &cluster.id)
    };
    let matching = rules.matching(name);

    let (cluster, cluster_source) = match (&request.cluster, matching) {
        (Some(id), _) => (
            find(id).ok_or_else(|| PlacementError::UnknownCluster {
                cluster: id.clone(),
            })?,
            Source::Request,
        ),
        (None, Some(rule)) => (
            find(&rule.cluster_id).ok_or_else(|| PlacementError::RuleTargetsUnknownCluster {
                rule: rule.id.clone(),
                cluster: rule.cluster_id.clone(),
            })?,
            Source::Rule,
        ),
        (None, None) => (
            clusters
                .first()
                .map(|cluster| &cluster.id)
                .ok_or_else(|| PlacementError::NoCluster { name: name.into() })?,
            Source::Default,
        ),
    };
    let (mode, mode_source) = match (request.mode, matching) {
        (Some(mode), _) => (mode, Source::Request),
        (None, Some(rule)) => (rule.mode, Source::Rule),
        (None, None) => (Mode::Development, Source::Default),
    };
    Ok(Placement {
        cluster,
        mode,
        rule: matching.map(|rule| &rule.id),
        cluster_source,
        mode_source,
    })
}
