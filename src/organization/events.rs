//! Events: what each change did, and the record a log keeps of each: its
//! revision, the caller's time and the actor.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use crate::cluster::{CloudAccount, Cluster};
use crate::environment::{CreateEnvironmentRequest, Environment};
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::permission::Role;
use crate::placement::{Placement, Source};
use crate::plan::Plan;
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};
use crate::time::Timestamp;

/// One change of an organization, carrying only what changed: ids, names,
/// roles and the one item added, never a copy of the organization.
///
/// With `serde`, an event is an object tagged by `event`, in the API's
/// casing: `{"event": "RENAMED", "name": "Acme Inc"}`.
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "event", rename_all = "SCREAMING_SNAKE_CASE")
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
    /// An environment was created where its placement put it.
    EnvironmentCreated(PlacedEnvironment),
    /// An environment was deleted.
    EnvironmentDeleted {
        project: ProjectId,
        environment: EnvironmentId,
    },
}

impl Event {
    /// Its name, as its `event` tag spells it: `RENAMED`, `ENVIRONMENT_CREATED`, …
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

/// An event as the log keeps it: the organization's revision after it, the
/// caller's time, and who did it. Every command that changes an organization
/// returns one; appending each to the log, in order, is what makes the log
/// replay ([`Organization::replay`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "append it to the organization's log, or the log will not replay"]
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

impl Recorded {
    /// The environment it created, for [`Event::EnvironmentCreated`].
    pub fn environment(&self) -> Option<&Environment> {
        self.placed().map(|placed| &placed.environment)
    }

    /// Where the environment it created was placed, and why, for
    /// [`Event::EnvironmentCreated`].
    pub fn placement(&self) -> Option<Placement<'_>> {
        self.placed().map(PlacedEnvironment::placement)
    }

    fn placed(&self) -> Option<&PlacedEnvironment> {
        match &self.event {
            Event::EnvironmentCreated(placed) => Some(placed),
            _ => None,
        }
    }
}

/// A new environment as its placement put it: what
/// [`Organization::create_environment`] records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
