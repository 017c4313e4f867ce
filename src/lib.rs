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

// Foundations: limits, categories, text, time and ids, collections.
mod category;
mod id;
pub mod limits;
mod shown;
mod text;
mod time;
mod validation;
// The table and the domain.
mod cluster;
mod environment;
mod member;
mod permission;
mod plan;
mod project;
mod role;
mod rules;
mod wildcard;
// Checks, decisions, placement.
mod access;
mod decision;
mod placement;
// The aggregate, its errors and events, and what builds on it.
mod organization;
mod user;
// Integrations: serde, proptest.
mod external;

/// The product's rules, each decision with the test that pins it (the
/// crate's `spec.md`, included here so that it reads on docs.rs too).
#[doc = include_str!("../spec.md")]
pub mod spec {}

pub use access::{Action, Resource, Scope};
pub use category::ErrorCategory;
pub use cluster::{
    CloudAccount, CloudProvider, Cluster, ClusterSettings, ClusterState, ClusterStatus,
    check_clusters,
};
pub use decision::{Decision, Denial, DenialReason, Shortfall};
pub use environment::{CreateEnvironmentRequest, Environment, Mode};
pub use external::cedar::{write_cedar_entities, write_cedar_policies, write_cedar_schema};
pub use external::openfga::{
    OpenFgaError, check_openfga_id, write_openfga_model, write_openfga_test, write_openfga_tuples,
};
pub use external::spicedb::{
    SpiceDbError, spicedb_object_id, write_spicedb_relationships, write_spicedb_schema,
};
#[cfg(feature = "proptest")]
pub use external::strategies;
pub use external::updates::{Engine, ExportError, Touched, Updates};
#[cfg(feature = "serde")]
pub use external::{
    ApiTokenDocument, ApiTokenList, AvailableRole, AvailableRoles, CustomRoleDocument,
};
pub use id::{
    ApiTokenId, CloudAccountId, ClusterId, CustomRoleId, EnvironmentId, OrganizationId, ProjectId,
    RuleId, UserId,
};
pub use member::{Actor, ApiToken, Invitation, InvitationStatus, Member, Principal};
pub use organization::{
    AccessError, ApiTokenError, ApplyError, ClusterError, Command, CreateApiTokenRequest,
    CustomRoleError, Error, Event, Filing, MemberError, MemberRoleUpdateRequest, Organization,
    OrganizationParts, PlacedEnvironment, ProjectError, Recorded, SettingsError, StaleRevision,
    SwitchError,
};
pub use permission::Permission;
pub use placement::{Placement, PlacementError, Source, resolve_target_cluster};
pub use plan::Plan;
pub use project::Project;
pub use role::{
    BuiltInMatrix, Capability, ClusterLevel, CreateCustomRoleRequest, CustomRole, PermissionMatrix,
    ProjectAccess, ProjectLevel, Role, RoleRef, RoleSet, UpdateCustomRoleRequest,
};
pub use rules::{DeploymentRule, DeploymentRules, LINT_WINDOW, RuleWarning, Weekday};
pub use text::{Email, InvalidValue, Name};
pub use time::{InvalidTimestamp, Timestamp, TimestampProblem};
pub use user::UserContext;
pub use validation::{Problem, ValidationError};
pub use wildcard::Wildcard;
