//! Typed errors, one enum per concern. Each variant says what went wrong and
//! with which ids or names, so a service can render a helpful message.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::decision::Denial;
use crate::environment::Mode;
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::member::Timestamp;
use crate::organization::Plan;
use crate::text::{Email, Name};

/// A value that does not satisfy its type's invariant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidValue {
    /// An id was empty.
    #[error("a {kind} must not be empty")]
    EmptyId {
        /// Which kind of id.
        kind: &'static str,
    },
    /// A name was empty or only white space.
    #[error("a name must not be empty or blank, got {value:?}")]
    BlankName {
        /// The refused name.
        value: String,
    },
    /// Two items of a collection share an id.
    #[error("the {kind} {id:?} appears more than once")]
    DuplicateId {
        /// Which kind of id.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// Two items of a collection share a name (compared case-insensitively).
    #[error("the {kind} {name:?} appears more than once (names are compared case-insensitively)")]
    DuplicateName {
        /// Which kind of name.
        kind: &'static str,
        /// The repeated name.
        name: String,
    },
    /// An e-mail address failed the syntax check.
    #[error("{value:?} is not an e-mail address: it {reason}")]
    Email {
        /// The refused address.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Why an organization refused a command. A refused command leaves the
/// organization exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The acting user is not a member of the organization.
    #[error("user {user} is not a member of the organization")]
    NotAMember {
        /// The acting user.
        user: UserId,
    },
    /// The acting user's role lacks the permission the command needs.
    #[error("user {user} may not do this: {denial}")]
    Denied {
        /// The acting user.
        user: UserId,
        /// What was missing, and the least role that has it.
        denial: Denial,
    },
    /// Only the owner may do this (transfer ownership).
    #[error("only the owner may transfer ownership, and user {user} is not the owner")]
    NotTheOwner {
        /// The acting user.
        user: UserId,
    },
    /// The named user is not a member.
    #[error("user {user} is not a member of the organization")]
    NoSuchMember {
        /// The user named by the command.
        user: UserId,
    },
    /// The user or address already belongs to a member.
    #[error("{email} is already a member of the organization")]
    AlreadyAMember {
        /// The member's address.
        email: Email,
    },
    /// The user id of an accepted invitation already belongs to a member.
    #[error("user {user} is already a member of the organization")]
    UserAlreadyAMember {
        /// The user.
        user: UserId,
    },
    /// The address already has a pending invitation.
    #[error("{email} already has a pending invitation")]
    AlreadyInvited {
        /// The invited address.
        email: Email,
    },
    /// No pending invitation for this address.
    #[error("there is no pending invitation for {email}")]
    NoSuchInvitation {
        /// The address.
        email: Email,
    },
    /// The invitation expired before it was accepted.
    #[error("the invitation for {email} expired at {expired_at}")]
    InvitationExpired {
        /// The invited address.
        email: Email,
        /// When it expired.
        expired_at: Timestamp,
    },
    /// The owner role is only ever given by transferring ownership.
    #[error(
        "the Owner role cannot be given by invitation or role change: transfer ownership instead"
    )]
    OwnerOnlyByTransfer,
    /// The owner's role cannot be changed, nor the owner removed.
    #[error("user {user} is the owner: transfer ownership first")]
    OwnerIsFixed {
        /// The owner.
        user: UserId,
    },
    /// The owner cannot leave without transferring ownership first.
    #[error("the owner ({user}) cannot leave without transferring ownership first")]
    OwnerCannotLeave {
        /// The owner.
        user: UserId,
    },
    /// The plan does not deploy on the organization's own cloud accounts.
    #[error(
        "the {plan} plan offers free hosting and cannot hold cloud accounts ({accounts} connected)"
    )]
    PlanForbidsCloudAccounts {
        /// The plan.
        plan: Plan,
        /// How many accounts are connected (for a plan change).
        accounts: usize,
    },
    /// A cloud account with this id is already connected.
    #[error("cloud account {account} is already connected")]
    CloudAccountExists {
        /// The account.
        account: CloudAccountId,
    },
    /// No cloud account with this id.
    #[error("cloud account {account} is not connected to the organization")]
    NoSuchCloudAccount {
        /// The account.
        account: CloudAccountId,
    },
    /// A cluster with this id already exists.
    #[error("cluster {cluster} already exists")]
    ClusterExists {
        /// The cluster.
        cluster: ClusterId,
    },
    /// Another cluster already has this name (compared case-insensitively).
    #[error("a cluster named {name:?} already exists ({cluster})")]
    ClusterNameTaken {
        /// The name.
        name: Name,
        /// The cluster that has it.
        cluster: ClusterId,
    },
    /// No cluster with this id.
    #[error("cluster {cluster} is not in the organization")]
    NoSuchCluster {
        /// The cluster.
        cluster: ClusterId,
    },
    /// Environments or deployment rules still target the cluster.
    #[error(
        "cluster {cluster} is still targeted by environments [{}] and deployment rules [{}]",
        List(environments),
        List(rules)
    )]
    ClusterInUse {
        /// The cluster.
        cluster: ClusterId,
        /// The environments deployed on it.
        environments: Vec<EnvironmentId>,
        /// The deployment rules that target it.
        rules: Vec<RuleId>,
    },
    /// A project with this id already exists.
    #[error("project {project} already exists")]
    ProjectExists {
        /// The project.
        project: ProjectId,
    },
    /// Another project already has this name.
    #[error("a project named {name:?} already exists ({project})")]
    ProjectNameTaken {
        /// The name.
        name: Name,
        /// The project that has it.
        project: ProjectId,
    },
    /// No project with this id.
    #[error("project {project} is not in the organization")]
    NoSuchProject {
        /// The project.
        project: ProjectId,
    },
    /// An environment with this id already exists in the organization.
    #[error("environment {environment} already exists")]
    EnvironmentExists {
        /// The environment.
        environment: EnvironmentId,
    },
    /// Another environment of the project already has this name.
    #[error("project {project} already has an environment named {name:?} ({environment})")]
    EnvironmentNameTaken {
        /// The project.
        project: ProjectId,
        /// The name.
        name: Name,
        /// The environment that has it.
        environment: EnvironmentId,
    },
    /// No environment with this id in the project.
    #[error("environment {environment} is not in project {project}")]
    NoSuchEnvironment {
        /// The project.
        project: ProjectId,
        /// The environment.
        environment: EnvironmentId,
    },
    /// The new environment could not be placed.
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// A deployment rule with this id already exists in the project.
    #[error("deployment rule {rule} already exists")]
    RuleExists {
        /// The rule.
        rule: RuleId,
    },
    /// No deployment rule with this id in the project.
    #[error("deployment rule {rule} is not in project {project}")]
    NoSuchRule {
        /// The project.
        project: ProjectId,
        /// The rule.
        rule: RuleId,
    },
    /// A reordering did not name each rule of the project exactly once.
    #[error("a new rule order must name each of the project's {expected} rules exactly once")]
    NotAPermutation {
        /// How many rules the project has.
        expected: usize,
    },
    /// A deployment rule targets a cluster the organization does not have.
    #[error("deployment rule {rule} targets cluster {cluster}, which is not in the organization")]
    RuleTargetsUnknownCluster {
        /// The rule.
        rule: RuleId,
        /// The cluster.
        cluster: ClusterId,
    },
    /// The deletion was not confirmed by the organization's exact name.
    #[error("type the organization's exact name, {expected:?}, to delete it (got {typed:?})")]
    ConfirmationMismatch {
        /// The organization's name.
        expected: String,
        /// What was typed.
        typed: String,
    },
}

/// Why a new environment could not be placed on a cluster. Checked in this
/// order; the first that applies is returned, and nothing falls back silently.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlacementError {
    /// The environment's name is empty or only white space.
    #[error("an environment needs a name, got {name:?}")]
    InvalidName {
        /// The refused name.
        name: String,
    },
    /// `Preview` was asked for explicitly; only a deployment rule may assign it.
    #[error("the {mode} mode is reserved for deployment rules and cannot be asked for")]
    PreviewReserved {
        /// The reserved mode.
        mode: Mode,
    },
    /// The explicit cluster is not one of the organization's clusters.
    #[error("cluster {cluster} is not in the organization")]
    UnknownCluster {
        /// The requested cluster.
        cluster: ClusterId,
    },
    /// The matching rule's cluster is not one of the organization's clusters.
    #[error("deployment rule {rule} matches, but its cluster {cluster} is not in the organization")]
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
}

/// Why a user could not switch organization.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SwitchError {
    /// The user does not belong to the organization.
    #[error("user {user} does not belong to organization {organization}")]
    NotAMember {
        /// The user.
        user: UserId,
        /// The organization.
        organization: OrganizationId,
    },
}

/// Writes items separated by commas.
struct List<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for List<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

/// Why a stored or received organization document was refused: the field
/// (as a path such as `members[2].email`), its value, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid organization: `{field}` = {value:?}: {problem}")]
pub struct InvalidOrganization {
    /// The offending field, as a path into the document.
    pub field: String,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with a field of an organization document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display)]
#[non_exhaustive]
pub enum Problem {
    /// The members hold no Owner, or more than one.
    #[strum(to_string = "an organization has exactly one OWNER")]
    NotExactlyOneOwner,
    /// Another item of the same collection has this id, address or name.
    #[strum(to_string = "another item already has it")]
    Duplicate,
    /// An invitation offers the Owner role.
    #[strum(to_string = "the Owner role is only given by transfer")]
    OwnerInvitation,
    /// An invitation is addressed to a member.
    #[strum(to_string = "the address already belongs to a member")]
    AlreadyAMember,
    /// A rule or environment targets a cluster the organization does not have.
    #[strum(to_string = "no cluster of the organization has this id")]
    UnknownCluster,
    /// The plan cannot hold cloud accounts.
    #[strum(to_string = "the COMMUNITY plan cannot hold cloud accounts")]
    PlanForbidsCloudAccounts,
}

impl InvalidOrganization {
    pub(crate) fn new(field: String, value: &str, problem: Problem) -> Self {
        InvalidOrganization {
            field,
            value: value.into(),
            problem,
        }
    }
}

/// The values of one field seen so far in a document, refusing a repeat.
pub(crate) struct Unique<'a, T: ?Sized>(BTreeSet<&'a T>);

impl<'a, T: Ord + ?Sized> Unique<'a, T> {
    pub(crate) fn new() -> Self {
        Unique(BTreeSet::new())
    }

    /// Records `value`, refusing it as a duplicate of `field` if already seen.
    pub(crate) fn check(
        &mut self,
        value: &'a T,
        field: impl FnOnce() -> String,
        shown: &str,
    ) -> Result<(), InvalidOrganization> {
        if self.0.insert(value) {
            Ok(())
        } else {
            Err(InvalidOrganization::new(field(), shown, Problem::Duplicate))
        }
    }

    /// Whether `value` was seen.
    #[cfg(feature = "serde")]
    pub(crate) fn contains(&self, value: &T) -> bool {
        self.0.contains(value)
    }
}
