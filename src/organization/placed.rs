//! A created environment as the log keeps it: where its placement put it,
//! and why.

use crate::environment::{CreateEnvironmentRequest, Environment};
use crate::id::{ProjectId, RuleId};
use crate::placement::{Placement, Source};

/// A new environment as its placement put it: what
/// [`Organization::create_environment`](super::Organization::create_environment) records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(remote = "Self")
)]
pub struct PlacedEnvironment {
    /// The project it belongs to.
    pub project: ProjectId,
    /// The environment, with its resolved cluster and mode.
    pub environment: Environment,
    /// The matching deployment rule, whenever one matched.
    #[cfg_attr(
        feature = "serde",
        serde(default, rename = "rule_id", skip_serializing_if = "Option::is_none")
    )]
    pub rule: Option<RuleId>,
    /// Where its cluster came from.
    pub cluster_source: Source,
    /// Where its mode came from.
    pub mode_source: Source,
}

impl PlacedEnvironment {
    /// Its placement, as [`crate::resolve_target_cluster`] gave it.
    pub fn placement(&self) -> Placement<'_> {
        Placement {
            cluster: &self.environment.cluster_id,
            mode: self.environment.mode,
            rule: self.rule.as_ref(),
            cluster_source: self.cluster_source,
            mode_source: self.mode_source,
        }
    }

    /// The request it was created from: explicit where its sources say so.
    pub fn request(&self) -> CreateEnvironmentRequest {
        let environment = &self.environment;
        CreateEnvironmentRequest {
            name: environment.name.as_str().into(),
            mode: (self.mode_source == Source::Request).then_some(environment.mode),
            cluster: (self.cluster_source == Source::Request)
                .then(|| environment.cluster_id.clone()),
        }
    }
}
