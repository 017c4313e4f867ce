//! The organization aggregate: the type, its constructors and its readers.
//! Its commands live beside it, one file per concern, each with its error.

mod accounts;
mod addresses;
mod authorize;
mod check;
mod clusters;
mod environments;
mod error;
mod events;
mod execute;
mod invitations;
mod members;
mod parts;
mod placed;
mod project_index;
mod projects;
mod recorded;
mod redo;
mod replay;
mod roles;
mod roster;
mod settings;
mod token_list;
mod token_request;
mod tokens;

use alloc::string::String;
use alloc::vec::Vec;
use core::iter;

use crate::cluster::{CloudAccount, Cluster};
use crate::environment::Environment;
use crate::id::{ClusterId, EnvironmentId, OrganizationId, ProjectId, UserId};
use crate::member::{Actor, Invitation, Member};
use crate::plan::Plan;
use crate::project::Project;
use crate::role::{CustomRole, Role, RoleRef};
use crate::text::{Email, Name};
use crate::time::Timestamp;

pub use authorize::AccessError;
pub use clusters::ClusterError;
pub use error::{Error, SwitchError};
pub use events::{Event, Filing};
pub use execute::{Command, StaleRevision};
pub use members::{MemberError, MemberRoleUpdateRequest};
pub use parts::OrganizationParts;
pub use placed::PlacedEnvironment;
pub use projects::ProjectError;
pub use recorded::Recorded;
pub use replay::ApplyError;
pub use roles::CustomRoleError;
pub use settings::SettingsError;
pub use token_request::CreateApiTokenRequest;
#[cfg(feature = "serde")]
pub(crate) use token_request::check_token;
pub use tokens::ApiTokenError;

use addresses::{Addresses, Holder, Holders, Invitations};
use project_index::ProjectIndex;
use roster::Members;
use token_list::Tokens;

/// An organization: a shared account where developers collaborate across many
/// projects, with its plan, members, invitations, cloud accounts, clusters,
/// projects, custom roles and API tokens.
///
/// It always has exactly one owner (the type has no way to hold zero or two).
/// Every command takes the acting user and the caller's time, and refuses in
/// one order: not a member, then the permission the command needs (checked
/// before anything is looked up), then what it names that does not exist,
/// then invalid input, then a conflict with the current state. A refused
/// command returns its error and leaves the organization exactly as it was;
/// one that changes it returns the [`Recorded`] event of the change (with
/// the new revision), which a service appends to the organization's log:
/// calling the methods or [`Organization::execute`] records the same.
///
/// `==` compares exactly: a rename from `Acme` to `ACME` is a change.
///
/// ```
/// use orgmodel::*;
///
/// let owner: UserId = "u-ada".parse()?;
/// let mut org = Organization::new("o-1".parse()?, Name::new("Acme")?, Plan::Business, owner.clone(), Email::new("ada@acme.dev")?);
///
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// let invited = org.invite(&owner, now, Email::new("bob@acme.dev")?, Role::Developer, now.plus_seconds(86_400))?;
/// let accepted = org.accept_invitation(&"u-bob".parse::<UserId>()?, now, &Email::new("BOB@acme.dev")?)?;
/// assert_eq!((invited.revision, accepted.revision, org.revision()), (1, 2, 2));
///
/// let bob: UserId = "u-bob".parse()?;
/// assert!(org.check(&bob, Action::ReadProject, Resource::Organization).is_allowed());
/// assert!(!org.check(&bob, Action::ManageBilling, Resource::Organization).is_allowed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Organization {
    id: OrganizationId,
    name: Name,
    plan: Plan,
    description: Option<String>,
    /// The one owner, held apart so that "exactly one owner" is structural.
    owner: Member,
    /// Every other member, sorted by id for binary search.
    others: Members,
    invitations: Invitations,
    /// Every address above, members' and invitations', case-folded.
    addresses: Addresses,
    cloud_accounts: Vec<CloudAccount>,
    /// In installation order: the first is the default cluster.
    clusters: Vec<Cluster>,
    projects: Vec<Project>,
    /// The projects' positions by id.
    project_index: ProjectIndex,
    /// Sorted by id for binary search.
    custom_roles: Vec<CustomRole>,
    /// The API tokens, by id.
    tokens: Tokens,
    /// How many changes the organization has seen since it was created.
    revision: u64,
}

impl Organization {
    /// A new organization whose creator is its owner.
    pub fn new(
        id: OrganizationId,
        name: Name,
        plan: Plan,
        owner: UserId,
        owner_email: Email,
    ) -> Self {
        let mut addresses = Addresses::default();
        addresses.insert(&owner_email, Holder::member(&owner));
        Organization {
            id,
            name,
            plan,
            description: None,
            owner: Member {
                id: owner,
                email: owner_email,
                role: RoleRef::BuiltIn(Role::Owner),
            },
            others: Members::default(),
            invitations: Invitations::default(),
            addresses,
            cloud_accounts: Vec::new(),
            clusters: Vec::new(),
            projects: Vec::new(),
            project_index: ProjectIndex::default(),
            custom_roles: Vec::new(),
            tokens: Tokens::default(),
            revision: 0,
        }
    }

    /// Records one change that `actor` made at `at`: the revision moves by
    /// one and the event comes back for the log. Every command that changes
    /// the organization calls it once, after the change, and no other.
    fn record(&mut self, actor: Actor<'_>, at: Timestamp, event: Event) -> Recorded {
        self.revision += 1;
        Recorded {
            revision: self.revision,
            at,
            actor: actor.to_principal(),
            event,
        }
    }

    /// How many changes the organization has seen since it was created: each
    /// command that changes it adds one; one that changes nothing (stopping
    /// a stopped cluster) adds none.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    // ----- reading -----

    /// Its id.
    pub fn id(&self) -> &OrganizationId {
        &self.id
    }

    /// Its name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// Its plan.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// Its description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The owner.
    pub fn owner(&self) -> &Member {
        &self.owner
    }

    /// Every member: the owner first, then the others by user id.
    pub fn members(&self) -> impl Iterator<Item = &Member> + '_ {
        iter::once(&self.owner).chain(self.others.iter())
    }

    /// How many members there are, the owner included.
    pub fn member_count(&self) -> usize {
        self.others.len() + 1
    }

    /// The member with this user id: a binary search.
    pub fn member(&self, user: &UserId) -> Option<&Member> {
        if self.owner.id == *user {
            return Some(&self.owner);
        }
        self.others.get(user)
    }

    /// The member with this address (compared case-insensitively): a
    /// lookup in the index of addresses, then among the members whose id
    /// starts as the holder's does (almost always one).
    pub fn member_by_email(&self, email: &Email) -> Option<&Member> {
        match self.holder_of(email)? {
            Holder::Member(key) => iter::once(&self.owner)
                .chain(self.others.with_prefix(key))
                .find(|member| member.email.eq_ignore_case(email)),
            Holder::Invitation(_) => None,
        }
    }

    /// The user's role here, if they are a member.
    #[inline]
    pub fn role_of(&self, user: &UserId) -> Option<&RoleRef> {
        self.member(user).map(|member| &member.role)
    }

    /// The invitations made and not yet accepted, revoked or purged, in the
    /// order they were made; some may have expired (see
    /// [`Invitation::status`] and [`Organization::purge_expired`]).
    pub fn invitations(&self) -> &[Invitation] {
        self.invitations.as_slice()
    }

    /// The invitations that can still be accepted at `now`.
    pub fn pending_invitations(&self, now: Timestamp) -> impl Iterator<Item = &Invitation> + '_ {
        self.invitations
            .as_slice()
            .iter()
            .filter(move |invitation| !invitation.is_expired(now))
    }

    /// The invitation to this address (compared case-insensitively), expired or not.
    pub fn invitation(&self, email: &Email) -> Option<&Invitation> {
        match self.holder_of(email)? {
            Holder::Invitation(number) => self.invitations.get(number),
            Holder::Member(_) => None,
        }
    }

    /// Who holds this address (compared case-insensitively): a lookup in
    /// the index of addresses.
    fn holder_of(&self, email: &Email) -> Option<Holder> {
        let holders = Holders {
            owner: &self.owner,
            others: &self.others,
            invitations: &self.invitations,
        };
        self.addresses.get(email, holders)
    }

    /// The connected cloud accounts.
    pub fn cloud_accounts(&self) -> &[CloudAccount] {
        &self.cloud_accounts
    }

    /// The clusters, in installation order (oldest first).
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The cluster with this id.
    pub fn cluster(&self, id: &ClusterId) -> Option<&Cluster> {
        self.clusters.iter().find(|cluster| cluster.id == *id)
    }

    /// The cluster with this name (compared case-insensitively).
    pub fn cluster_named(&self, name: &Name) -> Option<&Cluster> {
        self.clusters
            .iter()
            .find(|cluster| cluster.name.eq_ignore_case(name))
    }

    /// The default cluster: the first installed cluster that still exists.
    /// Adding clusters never changes it; deleting it makes the next oldest the default.
    pub fn default_cluster(&self) -> Option<&Cluster> {
        self.clusters.first()
    }

    /// The projects, in the order they were created.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The project with this id.
    pub fn project(&self, id: &ProjectId) -> Option<&Project> {
        self.project_index
            .find(&self.projects, id)
            .and_then(|at| self.projects.get(at))
    }

    /// The environment with this id, in whichever project holds it, with that project.
    pub fn environment(&self, id: &EnvironmentId) -> Option<(&Project, &Environment)> {
        self.projects
            .iter()
            .find_map(|project| Some((project, project.environment(id)?)))
    }
}
