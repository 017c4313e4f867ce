#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics: no unwrap, expect, panic or unchecked indexing.
// (clippy.toml allows them in #[cfg(test)] code; integration tests are other crates.)
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented,
    clippy::dbg_macro,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::missing_errors_doc,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

mod access;
mod cluster;
mod decision;
mod environment;
mod error;
mod id;
mod member;
mod organization;
mod permission;
mod placement;
mod project;
mod rules;
mod search;
#[cfg(feature = "proptest")]
pub mod strategies;
mod text;
mod user;
mod wildcard;
#[cfg(feature = "serde")]
mod wire;

pub use access::{Action, Resource};
pub use cluster::{
    CloudAccount, CloudProvider, Cluster, ClusterSettings, ClusterState, ClusterStatus,
    check_clusters,
};
pub use decision::{Decision, Denial, DenialReason};
pub use environment::{CreateEnvironmentRequest, Environment, Mode};
pub use error::{
    CommandError, InvalidOrganization, InvalidValue, PlacementError, Problem, SwitchError,
};
pub use id::{CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId};
pub use member::{Invitation, Member, Timestamp};
pub use organization::{Organization, Plan};
pub use permission::{Permission, PermissionMatrix, Role};
pub use placement::{Placement, Source, resolve_target_cluster};
pub use project::Project;
pub use rules::{DeploymentRule, DeploymentRules, RuleWarning, Weekday};
pub use text::{Email, Name};
pub use user::UserContext;
pub use wildcard::Wildcard;
