//! The organization aggregate and its commands.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::iter;

use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use crate::access::{Action, Resource};
use crate::cluster::{CloudAccount, Cluster, ClusterSettings, ClusterState};
use crate::decision::{Decision, Denial, DenialReason};
use crate::environment::{CreateEnvironmentRequest, Environment};
use crate::error::{CommandError, InvalidOrganization, PlacementError, Problem, Unique};
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::member::{Invitation, Member, Members, Timestamp};
use crate::permission::{Permission, Role};
use crate::placement::{Placement, resolve_target_cluster};
use crate::project::Project;
use crate::rules::DeploymentRule;
use crate::text::{Email, Name};

/// An organization's plan.
///
/// ```
/// use orgmodel::Plan;
///
/// assert!(Plan::Business.allows_cloud_accounts());
/// assert!(!Plan::Community.allows_cloud_accounts());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Display, EnumString, EnumIter, IntoStaticStr)]
#[strum(ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum Plan {
    /// Deploys on the organization's own cloud accounts, free.
    Free,
    /// Deploys on the organization's own cloud accounts.
    Professional,
    /// Deploys on the organization's own cloud accounts.
    Business,
    /// Deploys on the organization's own cloud accounts.
    Enterprise,
    /// Free hosting for a hobby project: no cloud account of its own.
    Community,
}

impl Plan {
    /// Whether the plan deploys on the organization's own cloud accounts.
    pub const fn allows_cloud_accounts(self) -> bool {
        !matches!(self, Plan::Community)
    }
}

/// An organization: a shared account where developers collaborate across many
/// projects, with its plan, members, invitations, cloud accounts, clusters and
/// projects.
///
/// It always has exactly one owner (the type has no way to hold zero or two).
/// Every command takes the acting user, checks the permission table first,
/// and either applies entirely or returns a [`CommandError`] and leaves the
/// organization exactly as it was.
///
/// ```
/// use orgmodel::*;
///
/// let owner: UserId = "u-ada".parse()?;
/// let mut org = Organization::new("o-1".parse()?, Name::new("Acme")?, Plan::Business, owner.clone(), Email::new("ada@acme.dev")?);
///
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// org.invite(&owner, Email::new("bob@acme.dev")?, Role::Developer, now.plus_seconds(86_400))?;
/// org.accept_invitation("u-bob".parse()?, &Email::new("BOB@acme.dev")?, now)?;
///
/// let bob: UserId = "u-bob".parse()?;
/// assert!(org.check(&bob, Action::ReadProject, Resource::Organization).is_allowed());
/// assert!(!org.check(&bob, Action::ManageBilling, Resource::Organization).is_allowed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::wire::OrganizationWire",
        into = "crate::wire::OrganizationWire"
    )
)]
pub struct Organization {
    pub(crate) id: OrganizationId,
    pub(crate) name: Name,
    pub(crate) plan: Plan,
    pub(crate) description: Option<String>,
    /// The one owner, held apart so that "exactly one owner" is structural.
    pub(crate) owner: Member,
    /// Every other member, sorted by id for binary search.
    pub(crate) others: Members,
    pub(crate) invitations: Vec<Invitation>,
    pub(crate) cloud_accounts: Vec<CloudAccount>,
    /// In installation order: the first is the default cluster.
    pub(crate) clusters: Vec<Cluster>,
    pub(crate) projects: Vec<Project>,
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
        Organization {
            id,
            name,
            plan,
            description: None,
            owner: Member {
                id: owner,
                email: owner_email,
                role: Role::Owner,
            },
            others: Members::default(),
            invitations: Vec::new(),
            cloud_accounts: Vec::new(),
            clusters: Vec::new(),
            projects: Vec::new(),
        }
    }

    /// An organization with these members and nothing else yet: the bulk
    /// constructor for members loaded from storage. The members may come in
    /// any order.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let member = |id: &str, role| Member { id: id.parse().unwrap(), email: Email::new(format!("{id}@acme.dev")).unwrap(), role };
    /// let org = Organization::from_members("o".parse()?, Name::new("Acme")?, Plan::Free, vec![member("bob", Role::Viewer), member("ada", Role::Owner)])?;
    /// assert_eq!(org.owner().id.as_str(), "ada");
    ///
    /// let two_owners = vec![member("bob", Role::Owner), member("ada", Role::Owner)];
    /// assert!(Organization::from_members("o".parse()?, Name::new("Acme")?, Plan::Free, two_owners).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`InvalidOrganization`] at `members` unless exactly one member is the
    /// Owner, or at `members[i].id` / `members[i].email` for a repeated id or
    /// address (addresses compared case-insensitively).
    pub fn from_members(
        id: OrganizationId,
        name: Name,
        plan: Plan,
        mut members: Vec<Member>,
    ) -> Result<Self, InvalidOrganization> {
        let mut owners = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.role == Role::Owner);
        let (Some((at, _)), None) = (owners.next(), owners.next()) else {
            let count = members.iter().filter(|m| m.role == Role::Owner).count();
            return Err(InvalidOrganization::new(
                "members".into(),
                &format!("{count} owners"),
                Problem::NotExactlyOneOwner,
            ));
        };
        let (mut ids, mut emails) = (Unique::new(), Unique::new());
        for (i, member) in members.iter().enumerate() {
            ids.check(
                &member.id,
                || format!("members[{i}].id"),
                member.id.as_str(),
            )?;
            emails.check(
                &member.email,
                || format!("members[{i}].email"),
                member.email.as_str(),
            )?;
        }
        let owner = members.swap_remove(at);
        Ok(Organization {
            others: Members::new(members),
            ..Organization::new(id, name, plan, owner.id, owner.email)
        })
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
        iter::once(&self.owner).chain(self.others.as_slice())
    }

    /// How many members there are, the owner included.
    pub fn member_count(&self) -> usize {
        self.others.len() + 1
    }

    /// The member with this user id.
    pub fn member(&self, user: &UserId) -> Option<&Member> {
        if self.owner.id == *user {
            return Some(&self.owner);
        }
        self.others.get(user)
    }

    /// The user's role here, if they are a member.
    #[inline]
    pub fn role_of(&self, user: &UserId) -> Option<Role> {
        self.member(user).map(|member| member.role)
    }

    /// The pending invitations, in the order they were made.
    pub fn invitations(&self) -> &[Invitation] {
        &self.invitations
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
        self.projects.iter().find(|project| project.id == *id)
    }

    // ----- checking -----

    /// May `user` do `action` on `resource`? The answer comes with its reason.
    ///
    /// A check is scoped to this organization: a user who is not a member is
    /// denied everything, whatever their roles elsewhere, and a resource that
    /// is not part of this organization is denied to everyone. For an
    /// environment (and the applications and databases in it), the table's
    /// production rows apply to a `Production` environment and its
    /// development rows to every other mode; with no environment named, the
    /// production row applies.
    ///
    /// It allocates nothing and costs a binary search over the members.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// assert!(org.check(&ada, Action::DeleteOrganization, Resource::Organization).is_allowed());
    ///
    /// let stranger: UserId = "eve".parse()?;
    /// let Decision::Denied(denial) = org.check(&stranger, Action::ReadProject, Resource::Organization) else { panic!() };
    /// assert_eq!(denial.reason, DenialReason::NotAMember);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, user: &UserId, action: Action, resource: Resource<'_>) -> Decision {
        let Some(role) = self.role_of(user) else {
            return Decision::Denied(Denial::new(
                action.permission(None),
                DenialReason::NotAMember,
            ));
        };
        let mode = match resource {
            Resource::Organization => None,
            Resource::Project(project) => match self.project(project) {
                Some(_) => None,
                None => {
                    return Decision::Denied(Denial::new(
                        action.permission(None),
                        DenialReason::UnknownResource,
                    ));
                }
            },
            Resource::Environment {
                project,
                environment,
            } => {
                match self
                    .project(project)
                    .and_then(|project| project.environment(environment))
                {
                    Some(environment) => Some(environment.mode),
                    None => {
                        return Decision::Denied(Denial::new(
                            action.permission(None),
                            DenialReason::UnknownResource,
                        ));
                    }
                }
            }
        };
        role.decide(action.permission(mode))
    }

    // ----- helpers -----

    fn position(&self, user: &UserId) -> Result<usize, usize> {
        self.others.position(user)
    }

    /// The actor's role, if they are a member.
    fn member_role(&self, actor: &UserId) -> Result<Role, CommandError> {
        self.role_of(actor).ok_or_else(|| CommandError::NotAMember {
            user: actor.clone(),
        })
    }

    /// The actor's role, if it holds `permission`.
    fn authorize(&self, actor: &UserId, permission: Permission) -> Result<Role, CommandError> {
        let role = self.member_role(actor)?;
        allow(actor, role, permission)?;
        Ok(role)
    }

    /// The position of a member other than the owner; the owner is refused.
    fn other_member(&self, user: &UserId) -> Result<usize, CommandError> {
        if self.owner.id == *user {
            return Err(CommandError::OwnerIsFixed { user: user.clone() });
        }
        self.position(user)
            .map_err(|_| CommandError::NoSuchMember { user: user.clone() })
    }

    fn project_ref(&self, project: &ProjectId) -> Result<&Project, CommandError> {
        self.project(project)
            .ok_or_else(|| CommandError::NoSuchProject {
                project: project.clone(),
            })
    }

    fn project_mut(&mut self, project: &ProjectId) -> Result<&mut Project, CommandError> {
        self.projects
            .iter_mut()
            .find(|p| p.id == *project)
            .ok_or_else(|| CommandError::NoSuchProject {
                project: project.clone(),
            })
    }

    fn cluster_index(&self, cluster: &ClusterId) -> Result<usize, CommandError> {
        self.clusters
            .iter()
            .position(|c| c.id == *cluster)
            .ok_or_else(|| CommandError::NoSuchCluster {
                cluster: cluster.clone(),
            })
    }

    // ----- the organization -----

    /// Renames the organization. Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`].
    pub fn rename(&mut self, actor: &UserId, name: Name) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        self.name = name;
        Ok(())
    }

    /// Sets or clears the description. Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`].
    pub fn set_description(
        &mut self,
        actor: &UserId,
        description: Option<String>,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        self.description = description;
        Ok(())
    }

    /// Changes the plan. Needs *Manage billing*. Moving to `Community` is
    /// refused while cloud accounts are connected.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::PlanForbidsCloudAccounts`].
    pub fn change_plan(&mut self, actor: &UserId, plan: Plan) -> Result<(), CommandError> {
        self.authorize(actor, Permission::MANAGE_BILLING)?;
        if !plan.allows_cloud_accounts() && !self.cloud_accounts.is_empty() {
            return Err(CommandError::PlanForbidsCloudAccounts {
                plan,
                accounts: self.cloud_accounts.len(),
            });
        }
        self.plan = plan;
        Ok(())
    }

    /// Approves deleting the organization: the owner's alone (*Delete
    /// organization*), confirmed by typing the organization's exact name
    /// (case and all). The organization is a value, so deleting it is the
    /// caller's part: drop it, and remove it from storage, once this says yes.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// assert!(matches!(org.confirm_deletion(&ada, "acme"), Err(CommandError::ConfirmationMismatch { .. })));
    /// assert!(org.confirm_deletion(&ada, "Acme").is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::ConfirmationMismatch`].
    pub fn confirm_deletion(&self, actor: &UserId, confirmation: &str) -> Result<(), CommandError> {
        self.authorize(actor, Permission::DELETE_ORGANIZATION)?;
        if confirmation != self.name.as_str() {
            return Err(CommandError::ConfirmationMismatch {
                expected: self.name.as_str().into(),
                typed: confirmation.into(),
            });
        }
        Ok(())
    }

    // ----- members -----

    /// Invites an address with a role among Admin, Developer and Viewer,
    /// until `expires_at`. Needs *Invite members*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::OwnerOnlyByTransfer`], [`CommandError::AlreadyAMember`],
    /// [`CommandError::AlreadyInvited`].
    pub fn invite(
        &mut self,
        actor: &UserId,
        email: Email,
        role: Role,
        expires_at: Timestamp,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        if role == Role::Owner {
            return Err(CommandError::OwnerOnlyByTransfer);
        }
        if self.members().any(|member| member.email == email) {
            return Err(CommandError::AlreadyAMember { email });
        }
        if self
            .invitations
            .iter()
            .any(|invitation| invitation.email == email)
        {
            return Err(CommandError::AlreadyInvited { email });
        }
        self.invitations.push(Invitation {
            email,
            role,
            expires_at,
        });
        Ok(())
    }

    /// Withdraws a pending invitation. Needs *Invite members*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchInvitation`].
    pub fn revoke_invitation(
        &mut self,
        actor: &UserId,
        email: &Email,
    ) -> Result<Invitation, CommandError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        let at = self.invitation_index(email)?;
        Ok(self.invitations.remove(at))
    }

    fn invitation_index(&self, email: &Email) -> Result<usize, CommandError> {
        self.invitations
            .iter()
            .position(|invitation| invitation.email == *email)
            .ok_or_else(|| CommandError::NoSuchInvitation {
                email: email.clone(),
            })
    }

    /// `user` accepts the invitation sent to `email` at `now`, and becomes a
    /// member with the invitation's role. An invitation can be accepted until
    /// (not at) its expiry. Returns the new member's role.
    ///
    /// The caller vouches that `user` controls `email` (typically: they
    /// followed the link the service e-mailed); the crate sends nothing.
    ///
    /// # Errors
    /// [`CommandError::NoSuchInvitation`], [`CommandError::InvitationExpired`],
    /// [`CommandError::UserAlreadyAMember`].
    pub fn accept_invitation(
        &mut self,
        user: UserId,
        email: &Email,
        now: Timestamp,
    ) -> Result<Role, CommandError> {
        let at = self.invitation_index(email)?;
        let invitation =
            self.invitations
                .get(at)
                .ok_or_else(|| CommandError::NoSuchInvitation {
                    email: email.clone(),
                })?;
        if invitation.is_expired(now) {
            return Err(CommandError::InvitationExpired {
                email: invitation.email.clone(),
                expired_at: invitation.expires_at,
            });
        }
        if self.member(&user).is_some() {
            return Err(CommandError::UserAlreadyAMember { user });
        }
        let invitation = self.invitations.remove(at);
        let role = invitation.role;
        self.others.insert(Member {
            id: user,
            email: invitation.email,
            role,
        });
        Ok(role)
    }

    /// Changes a member's role to Admin, Developer or Viewer. Needs *Invite
    /// members*. The owner's role cannot change, and nobody becomes Owner
    /// this way: see [`Organization::transfer_ownership`].
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::OwnerOnlyByTransfer`], [`CommandError::OwnerIsFixed`],
    /// [`CommandError::NoSuchMember`].
    pub fn change_role(
        &mut self,
        actor: &UserId,
        member: &UserId,
        role: Role,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        if role == Role::Owner {
            return Err(CommandError::OwnerOnlyByTransfer);
        }
        let at = self.other_member(member)?;
        self.others.set_role(at, role);
        Ok(())
    }

    /// Removes a member other than the owner. Needs *Invite members*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::OwnerIsFixed`], [`CommandError::NoSuchMember`].
    pub fn remove_member(
        &mut self,
        actor: &UserId,
        member: &UserId,
    ) -> Result<Member, CommandError> {
        self.authorize(actor, Permission::INVITE_MEMBERS)?;
        let at = self.other_member(member)?;
        Ok(self.others.remove(at))
    }

    /// The actor leaves the organization. The owner must transfer ownership first.
    ///
    /// # Errors
    /// [`CommandError::OwnerCannotLeave`], [`CommandError::NotAMember`].
    pub fn leave(&mut self, actor: &UserId) -> Result<Member, CommandError> {
        if self.owner.id == *actor {
            return Err(CommandError::OwnerCannotLeave {
                user: actor.clone(),
            });
        }
        let at = self.position(actor).map_err(|_| CommandError::NotAMember {
            user: actor.clone(),
        })?;
        Ok(self.others.remove(at))
    }

    /// The owner hands ownership to another member, who becomes Owner; the
    /// former owner becomes Admin. Transferring to oneself changes nothing.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let (ada, bob): (UserId, UserId) = ("ada".parse()?, "bob".parse()?);
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// org.invite(&ada, Email::new("bob@acme.dev")?, Role::Viewer, now.plus_seconds(60))?;
    /// org.accept_invitation(bob.clone(), &Email::new("bob@acme.dev")?, now)?;
    ///
    /// org.transfer_ownership(&ada, &bob)?;
    /// assert_eq!(org.owner().id, bob);
    /// assert_eq!(org.role_of(&ada), Some(Role::Admin));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::NotTheOwner`],
    /// [`CommandError::NoSuchMember`].
    pub fn transfer_ownership(&mut self, actor: &UserId, to: &UserId) -> Result<(), CommandError> {
        if self.owner.id != *actor {
            return Err(match self.role_of(actor) {
                Some(_) => CommandError::NotTheOwner {
                    user: actor.clone(),
                },
                None => CommandError::NotAMember {
                    user: actor.clone(),
                },
            });
        }
        if self.owner.id == *to {
            return Ok(());
        }
        let at = self
            .position(to)
            .map_err(|_| CommandError::NoSuchMember { user: to.clone() })?;
        let mut heir = self.others.remove(at);
        heir.role = Role::Owner;
        let mut former = core::mem::replace(&mut self.owner, heir);
        former.role = Role::Admin;
        self.others.insert(former);
        Ok(())
    }

    // ----- cloud accounts -----

    /// Connects a cloud account. Needs *Edit organization*, and a plan that
    /// deploys on the organization's own accounts.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::PlanForbidsCloudAccounts`], [`CommandError::CloudAccountExists`].
    pub fn add_cloud_account(
        &mut self,
        actor: &UserId,
        account: CloudAccount,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        if !self.plan.allows_cloud_accounts() {
            return Err(CommandError::PlanForbidsCloudAccounts {
                plan: self.plan,
                accounts: self.cloud_accounts.len(),
            });
        }
        if self
            .cloud_accounts
            .iter()
            .any(|existing| existing.id == account.id)
        {
            return Err(CommandError::CloudAccountExists {
                account: account.id,
            });
        }
        self.cloud_accounts.push(account);
        Ok(())
    }

    /// Disconnects a cloud account. Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchCloudAccount`].
    pub fn remove_cloud_account(
        &mut self,
        actor: &UserId,
        account: &CloudAccountId,
    ) -> Result<CloudAccount, CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        let at = self
            .cloud_accounts
            .iter()
            .position(|existing| existing.id == *account)
            .ok_or_else(|| CommandError::NoSuchCloudAccount {
                account: account.clone(),
            })?;
        Ok(self.cloud_accounts.remove(at))
    }

    // ----- clusters -----

    fn name_taken_by(&self, name: &Name, except: Option<&ClusterId>) -> Option<&Cluster> {
        self.clusters
            .iter()
            .find(|cluster| cluster.name == *name && Some(&cluster.id) != except)
    }

    /// Installs a cluster, last in installation order (so it never becomes
    /// the default while an older one exists). Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::ClusterExists`], [`CommandError::ClusterNameTaken`].
    pub fn add_cluster(&mut self, actor: &UserId, cluster: Cluster) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        if self.cluster(&cluster.id).is_some() {
            return Err(CommandError::ClusterExists {
                cluster: cluster.id,
            });
        }
        if let Some(existing) = self.name_taken_by(&cluster.name, None) {
            return Err(CommandError::ClusterNameTaken {
                name: cluster.name,
                cluster: existing.id.clone(),
            });
        }
        self.clusters.push(cluster);
        Ok(())
    }

    fn set_cluster_state(
        &mut self,
        actor: &UserId,
        cluster: &ClusterId,
        state: ClusterState,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        let at = self.cluster_index(cluster)?;
        if let Some(cluster) = self.clusters.get_mut(at) {
            cluster.state = state;
        }
        Ok(())
    }

    /// Stops a cluster. It stays a valid placement target. Stopping a stopped
    /// cluster changes nothing. Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`], [`CommandError::NoSuchCluster`].
    pub fn stop_cluster(
        &mut self,
        actor: &UserId,
        cluster: &ClusterId,
    ) -> Result<(), CommandError> {
        self.set_cluster_state(actor, cluster, ClusterState::Stopped)
    }

    /// Starts a stopped cluster. Starting a running cluster changes nothing.
    /// Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`], [`CommandError::NoSuchCluster`].
    pub fn start_cluster(
        &mut self,
        actor: &UserId,
        cluster: &ClusterId,
    ) -> Result<(), CommandError> {
        self.set_cluster_state(actor, cluster, ClusterState::Running)
    }

    /// Updates a cluster's settings (name and region). Needs *Edit organization*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchCluster`], [`CommandError::ClusterNameTaken`].
    pub fn update_cluster(
        &mut self,
        actor: &UserId,
        cluster: &ClusterId,
        settings: ClusterSettings,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        let at = self.cluster_index(cluster)?;
        if let Some(existing) = self.name_taken_by(&settings.name, Some(cluster)) {
            return Err(CommandError::ClusterNameTaken {
                name: settings.name,
                cluster: existing.id.clone(),
            });
        }
        if let Some(cluster) = self.clusters.get_mut(at) {
            cluster.name = settings.name;
            cluster.region = settings.region;
        }
        Ok(())
    }

    /// Deletes a cluster that no environment or deployment rule targets.
    /// Deleting the default cluster makes the next oldest the default.
    /// Needs *Edit organization*.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// for id in ["c1", "c2"] {
    ///     org.add_cluster(&ada, Cluster::new(id.parse()?, Name::new(id)?, CloudProvider::Scw, "fr-par"))?;
    /// }
    /// org.delete_cluster(&ada, &"c1".parse()?)?;
    /// assert_eq!(org.default_cluster().map(|c| c.id.as_str()), Some("c2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchCluster`], [`CommandError::ClusterInUse`] naming
    /// every environment and rule that targets it.
    pub fn delete_cluster(
        &mut self,
        actor: &UserId,
        cluster: &ClusterId,
    ) -> Result<Cluster, CommandError> {
        self.authorize(actor, Permission::EDIT_ORGANIZATION)?;
        let at = self.cluster_index(cluster)?;
        let environments: Vec<EnvironmentId> = self
            .projects
            .iter()
            .flat_map(|project| &project.environments)
            .filter(|environment| environment.cluster_id == *cluster)
            .map(|environment| environment.id.clone())
            .collect();
        let rules: Vec<RuleId> = self
            .projects
            .iter()
            .flat_map(|project| &project.deployment_rules)
            .filter(|rule| rule.cluster_id == *cluster)
            .map(|rule| rule.id.clone())
            .collect();
        if !environments.is_empty() || !rules.is_empty() {
            return Err(CommandError::ClusterInUse {
                cluster: cluster.clone(),
                environments,
                rules,
            });
        }
        Ok(self.clusters.remove(at))
    }

    // ----- projects -----

    /// Creates an empty project. Needs *Edit project* (the table's write
    /// permission on projects, which Developers hold).
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::ProjectExists`], [`CommandError::ProjectNameTaken`].
    pub fn add_project(
        &mut self,
        actor: &UserId,
        id: ProjectId,
        name: Name,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_PROJECT)?;
        if self.project(&id).is_some() {
            return Err(CommandError::ProjectExists { project: id });
        }
        if let Some(existing) = self.projects.iter().find(|project| project.name == name) {
            return Err(CommandError::ProjectNameTaken {
                name,
                project: existing.id.clone(),
            });
        }
        self.projects.push(Project::new(id, name));
        Ok(())
    }

    /// Deletes a project with its environments and rules. Needs *Delete project*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`], [`CommandError::NoSuchProject`].
    pub fn delete_project(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
    ) -> Result<Project, CommandError> {
        self.authorize(actor, Permission::DELETE_PROJECT)?;
        let at = self
            .projects
            .iter()
            .position(|p| p.id == *project)
            .ok_or_else(|| CommandError::NoSuchProject {
                project: project.clone(),
            })?;
        Ok(self.projects.remove(at))
    }

    // ----- deployment rules -----

    fn rule_exists(&self, rule: &RuleId) -> bool {
        self.projects
            .iter()
            .any(|project| project.deployment_rules.get(rule).is_some())
    }

    /// Adds a deployment rule to a project, after the rules of lower or equal
    /// priority index. Its cluster must be one of the organization's, and its
    /// id new in the organization. Needs *Edit project*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchProject`], [`CommandError::RuleExists`],
    /// [`CommandError::RuleTargetsUnknownCluster`].
    pub fn add_rule(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        rule: DeploymentRule,
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_PROJECT)?;
        self.project_ref(project)?;
        if self.rule_exists(&rule.id) {
            return Err(CommandError::RuleExists { rule: rule.id });
        }
        if self.cluster(&rule.cluster_id).is_none() {
            return Err(CommandError::RuleTargetsUnknownCluster {
                rule: rule.id,
                cluster: rule.cluster_id,
            });
        }
        self.project_mut(project)?.deployment_rules.insert(rule);
        Ok(())
    }

    /// Removes a deployment rule from a project. Needs *Edit project*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchProject`], [`CommandError::NoSuchRule`].
    pub fn remove_rule(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        rule: &RuleId,
    ) -> Result<DeploymentRule, CommandError> {
        self.authorize(actor, Permission::EDIT_PROJECT)?;
        self.project_mut(project)?
            .deployment_rules
            .remove(rule)
            .ok_or_else(|| CommandError::NoSuchRule {
                project: project.clone(),
                rule: rule.clone(),
            })
    }

    /// Puts a project's rules in the order of `order`, which must name each
    /// of them once, and renumbers their priority indices 0, 1, 2, …
    /// Needs *Edit project*.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::Denied`],
    /// [`CommandError::NoSuchProject`], [`CommandError::NotAPermutation`].
    pub fn reorder_rules(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        order: &[RuleId],
    ) -> Result<(), CommandError> {
        self.authorize(actor, Permission::EDIT_PROJECT)?;
        let rules = &mut self.project_mut(project)?.deployment_rules;
        if rules.reorder(order) {
            Ok(())
        } else {
            Err(CommandError::NotAPermutation {
                expected: rules.len(),
            })
        }
    }

    // ----- environments -----

    /// Where a new environment of `project` would go, and why: a dry run of
    /// [`Organization::create_environment`]'s placement, with
    /// [`resolve_target_cluster`] over the organization's clusters and the
    /// project's rules.
    ///
    /// # Errors
    /// [`CommandError::NoSuchProject`], [`CommandError::Placement`].
    pub fn placement<'a>(
        &'a self,
        project: &ProjectId,
        request: &'a CreateEnvironmentRequest,
    ) -> Result<Placement<'a>, CommandError> {
        let project = self.project_ref(project)?;
        Ok(resolve_target_cluster(
            &self.clusters,
            &project.deployment_rules,
            request,
        )?)
    }

    /// Creates an environment in a project: places it (see
    /// [`Organization::placement`]), then checks *Edit production environment*
    /// or *Edit development environment* for the **resolved** mode (so a
    /// Developer whose environment resolves to `Production` is refused), then
    /// checks that its id is new and its name free in the project
    /// (case-insensitively). Returns the new environment.
    ///
    /// The crate has no source of ids: the caller supplies the new id.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// org.add_cluster(&ada, Cluster::new("c1".parse()?, Name::new("main")?, CloudProvider::Aws, "eu-west-3"))?;
    /// org.add_project(&ada, "p".parse()?, Name::new("shop")?)?;
    ///
    /// let env = org.create_environment(&ada, &"p".parse()?, "e1".parse()?, &CreateEnvironmentRequest::new("staging").with_mode(Mode::Staging))?;
    /// assert_eq!((env.cluster_id.as_str(), env.mode), ("c1", Mode::Staging));
    ///
    /// let again = org.create_environment(&ada, &"p".parse()?, "e2".parse()?, &CreateEnvironmentRequest::new("STAGING"));
    /// assert!(matches!(again, Err(CommandError::EnvironmentNameTaken { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::NoSuchProject`],
    /// [`CommandError::Placement`], [`CommandError::Denied`],
    /// [`CommandError::EnvironmentExists`], [`CommandError::EnvironmentNameTaken`].
    pub fn create_environment(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        id: EnvironmentId,
        request: &CreateEnvironmentRequest,
    ) -> Result<Environment, CommandError> {
        let role = self.member_role(actor)?;
        let placement = self.placement(project, request)?;
        allow(
            actor,
            role,
            Action::EditEnvironment.permission(Some(placement.mode)),
        )?;
        let environment = Environment {
            id,
            // Placement refused blank names already; this cannot fail.
            name: Name::new(request.name.as_str()).map_err(|_| PlacementError::InvalidName {
                name: request.name.clone(),
            })?,
            mode: placement.mode,
            cluster_id: placement.cluster.clone(),
        };
        if self
            .projects
            .iter()
            .any(|p| p.environment(&environment.id).is_some())
        {
            return Err(CommandError::EnvironmentExists {
                environment: environment.id,
            });
        }
        let target = self.project_mut(project)?;
        if let Some(existing) = target
            .environments
            .iter()
            .find(|e| e.name == environment.name)
        {
            return Err(CommandError::EnvironmentNameTaken {
                project: project.clone(),
                name: environment.name,
                environment: existing.id.clone(),
            });
        }
        target.environments.push(environment.clone());
        Ok(environment)
    }

    /// Deletes an environment. Needs *Delete production environment* or
    /// *Delete development environment*, by the environment's mode.
    ///
    /// # Errors
    /// [`CommandError::NotAMember`], [`CommandError::NoSuchProject`],
    /// [`CommandError::NoSuchEnvironment`], [`CommandError::Denied`].
    pub fn delete_environment(
        &mut self,
        actor: &UserId,
        project: &ProjectId,
        environment: &EnvironmentId,
    ) -> Result<Environment, CommandError> {
        let role = self.member_role(actor)?;
        let target = self.project_mut(project)?;
        let (index, mode) = target
            .environments
            .iter()
            .enumerate()
            .find(|(_, e)| e.id == *environment)
            .map(|(index, e)| (index, e.mode))
            .ok_or_else(|| CommandError::NoSuchEnvironment {
                project: project.clone(),
                environment: environment.clone(),
            })?;
        allow(
            actor,
            role,
            Action::DeleteEnvironment.permission(Some(mode)),
        )?;
        Ok(target.environments.remove(index))
    }
}

/// Refuses `actor` unless `role` holds `permission`.
fn allow(actor: &UserId, role: Role, permission: Permission) -> Result<(), CommandError> {
    role.decide(permission)
        .into_result()
        .map_err(|denial| CommandError::Denied {
            user: actor.clone(),
            denial,
        })
}
