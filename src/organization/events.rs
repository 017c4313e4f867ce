//! Events: what each change did, recorded with its revision, its actor and
//! the caller's time; replaying them rebuilds the organization.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use super::error::Error;
use crate::category::ErrorCategory;
use crate::cluster::{CloudAccount, Cluster};
use crate::environment::Environment;
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::member::Timestamp;
use crate::permission::Role;
use crate::plan::Plan;
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};

/// One change of an organization, carrying only what changed: ids, names,
/// roles and the one item added, never a copy of the organization.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "event", rename_all = "snake_case")
)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are the arguments of the command that made the event
pub enum Event {
    /// The organization was created; its creator is the owner.
    Created {
        organization: OrganizationId,
        name: Name,
        plan: Plan,
        owner: UserId,
        owner_email: Email,
    },
    /// The organization was renamed.
    Renamed { name: Name },
    /// Its description was set or cleared.
    DescriptionSet { description: Option<String> },
    /// Its plan changed.
    PlanChanged { plan: Plan },
    /// An address was invited with a role, until an expiry.
    Invited {
        email: Email,
        role: Role,
        expires_at: Timestamp,
    },
    /// The invitation to an address was withdrawn.
    InvitationRevoked { email: Email },
    /// The actor accepted the invitation sent to `email`.
    InvitationAccepted { email: Email },
    /// The invitations expired at the recorded time were removed.
    ExpiredInvitationsPurged,
    /// A member's role changed.
    RoleChanged { member: UserId, role: Role },
    /// A member was removed.
    MemberRemoved { member: UserId },
    /// The actor left.
    MemberLeft,
    /// The actor, the owner, handed ownership to `to`.
    OwnershipTransferred { to: UserId },
    /// A cloud account was connected.
    CloudAccountAdded { account: CloudAccount },
    /// A cloud account was disconnected.
    CloudAccountRemoved { account: CloudAccountId },
    /// A cluster was installed.
    ClusterAdded { cluster: Cluster },
    /// A cluster was stopped.
    ClusterStopped { cluster: ClusterId },
    /// A cluster was started.
    ClusterStarted { cluster: ClusterId },
    /// A cluster's settings changed.
    ClusterUpdated {
        cluster: ClusterId,
        name: Name,
        region: Box<str>,
    },
    /// A cluster was deleted.
    ClusterDeleted { cluster: ClusterId },
    /// A project was created.
    ProjectAdded { project: ProjectId, name: Name },
    /// A project was deleted, with its rules and environments.
    ProjectDeleted { project: ProjectId },
    /// A deployment rule was added to a project.
    RuleAdded {
        project: ProjectId,
        rule: DeploymentRule,
    },
    /// A deployment rule was removed from a project.
    RuleRemoved { project: ProjectId, rule: RuleId },
    /// A project's rules were put in this order.
    RulesReordered {
        project: ProjectId,
        order: Vec<RuleId>,
    },
    /// The environment as placed (its cluster and mode resolved).
    EnvironmentCreated {
        project: ProjectId,
        environment: Environment,
    },
    /// An environment was deleted.
    EnvironmentDeleted {
        project: ProjectId,
        environment: EnvironmentId,
    },
}

/// An event as the log keeps it: the organization's revision after it, the
/// caller's time, and who did it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The organization's revision once the event is applied (the creation is 0).
    pub revision: u64,
    /// When it happened, by the caller's clock.
    pub at: Timestamp,
    /// Who did it.
    pub actor: UserId,
    /// What happened.
    pub event: Event,
}

/// Why a recorded event could not be applied; applying changes nothing then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum ApplyError {
    /// The event's revision does not follow the organization's.
    #[error("event of revision {got} cannot follow revision {current}")]
    OutOfOrder {
        /// The organization's revision.
        current: u64,
        /// The event's.
        got: u64,
    },
    /// A log starts with the creation of an organization, and only there.
    #[error("a log starts with the creation of an organization, and only there")]
    NotACreation,
    /// The change the event records is refused by the current state: the
    /// command's own error, whose kind [`ApplyError::refusal_kind`] gives.
    #[error("the event does not apply ({kind}): {error}", kind = .0.kind(), error = .0)]
    Refused(Box<Error>),
    /// The event would change nothing: it does not follow this state.
    #[error("the event changes nothing here")]
    NoChange,
}

impl ApplyError {
    /// `out_of_order`, `not_a_creation`, `refused` or `no_change`. A
    /// refusal keeps its own kind inside: [`ApplyError::refusal_kind`].
    pub const fn kind(&self) -> &'static str {
        match self {
            ApplyError::OutOfOrder { .. } => "out_of_order",
            ApplyError::NotACreation => "not_a_creation",
            ApplyError::Refused(_) => "refused",
            ApplyError::NoChange => "no_change",
        }
    }

    /// [`ErrorCategory::Conflict`]: the event and the state disagree.
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Conflict
    }

    /// The command's error that refused the event, for [`ApplyError::Refused`].
    pub fn refusal(&self) -> Option<&Error> {
        match self {
            ApplyError::Refused(error) => Some(error),
            _ => None,
        }
    }

    /// The kind of the command's error that refused the event (such as
    /// `no_such_member` or `cluster_in_use`), for [`ApplyError::Refused`].
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, now) = (UserId::new("ada")?, Timestamp::from_unix_seconds(0));
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let removal = Recorded { revision: 1, at: now, actor: ada, event: Event::MemberRemoved { member: "bob".parse()? } };
    /// let error = org.apply(&removal).unwrap_err();
    /// assert_eq!((error.kind(), error.refusal_kind()), ("refused", Some("no_such_member")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refusal_kind(&self) -> Option<&'static str> {
        self.refusal().map(Error::kind)
    }
}

impl Organization {
    /// A new organization, and the event that records its creation
    /// (revision 0), the first of its log.
    pub fn create(
        id: OrganizationId,
        name: Name,
        plan: Plan,
        owner: UserId,
        owner_email: Email,
        now: Timestamp,
    ) -> (Self, Recorded) {
        let recorded = Recorded {
            revision: 0,
            at: now,
            actor: owner.clone(),
            event: Event::Created {
                organization: id.clone(),
                name: name.clone(),
                plan,
                owner: owner.clone(),
                owner_email: owner_email.clone(),
            },
        };
        (
            Organization::new(id, name, plan, owner, owner_email),
            recorded,
        )
    }
}
