//! Building an organization from its parts (a stored document), checking
//! every invariant that the commands keep.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Organization;
use super::ProjectIndex;
use super::addresses::{Addresses, Invitations};
use super::roster::Members;
use super::token_list::Tokens;
use crate::cluster::{CloudAccount, Cluster, check_clusters};
use crate::id::{ClusterId, OrganizationId};
use crate::limits;
use crate::member::{ApiToken, Invitation, Member};
use crate::plan::Plan;
use crate::project::Project;
use crate::role::{CustomRole, Role};
use crate::text::{Name, check_text};
use crate::validation::{Problem, ValidationError, unique};

mod references;
use references::{check_custom_roles, check_role_references, check_tokens};

/// Everything an organization holds, as plain values: what
/// [`Organization::from_parts`] checks and [`Organization::into_parts`]
/// returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationParts {
    /// Its id.
    pub id: OrganizationId,
    /// Its name.
    pub name: Name,
    /// Its plan.
    pub plan: Plan,
    /// Its description (at most [`limits::TEXT`] characters).
    pub description: Option<String>,
    /// Every member, the owner among them, in any order.
    pub members: Vec<Member>,
    /// The invitations, in the order they were made.
    pub invitations: Vec<Invitation>,
    /// The connected cloud accounts.
    pub cloud_accounts: Vec<CloudAccount>,
    /// The clusters, in installation order.
    pub clusters: Vec<Cluster>,
    /// The projects, in the order they were created.
    pub projects: Vec<Project>,
    /// The custom roles, in any order.
    pub custom_roles: Vec<CustomRole>,
    /// The API tokens, in any order.
    pub tokens: Vec<ApiToken>,
    /// How many changes it has seen (see [`Organization::revision`]).
    pub revision: u64,
}

/// Shows the item at `i`, for an error.
fn shown<T>(items: &[T], i: usize, value: impl Fn(&T) -> &str) -> String {
    items
        .get(i)
        .map(|item| String::from(value(item)))
        .unwrap_or_default()
}

impl Organization {
    /// An organization with these members and nothing else yet: the bulk
    /// constructor for members loaded from storage. The members may come in
    /// any order.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let member = |id: &str, role: Role| Member { id: id.parse().unwrap(), email: Email::new(format!("{id}@acme.dev")).unwrap(), role: role.into() };
    /// let org = Organization::from_members("o".parse()?, Name::new("Acme")?, Plan::Free, vec![member("bob", Role::Viewer), member("ada", Role::Owner)])?;
    /// assert_eq!(org.owner().id.as_str(), "ada");
    ///
    /// let two_owners = vec![member("bob", Role::Owner), member("ada", Role::Owner)];
    /// assert!(Organization::from_members("o".parse()?, Name::new("Acme")?, Plan::Free, two_owners).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Organization::from_parts`].
    pub fn from_members(
        id: OrganizationId,
        name: Name,
        plan: Plan,
        members: Vec<Member>,
    ) -> Result<Self, ValidationError> {
        Self::from_parts(OrganizationParts {
            id,
            name,
            plan,
            description: None,
            members,
            invitations: Vec::new(),
            cloud_accounts: Vec::new(),
            clusters: Vec::new(),
            projects: Vec::new(),
            custom_roles: Vec::new(),
            tokens: Vec::new(),
            revision: 0,
        })
    }

    /// An organization from its parts, checked for every invariant that the
    /// commands keep, so that a document can never produce an organization
    /// that commands could not: exactly one owner; distinct member ids and
    /// addresses; invitations never to the Owner role, never to a member,
    /// one per address; cloud accounts only on a plan that allows them;
    /// distinct ids and names for clusters and projects; API tokens with
    /// distinct ids, never the Owner role; rule and
    /// environment ids distinct across the organization, on its clusters;
    /// every list within its limit ([`crate::limits`]). Names and addresses
    /// are compared case-insensitively. It costs O(n log n) in the parts.
    ///
    /// # Errors
    /// A [`ValidationError`] naming the first field at fault, as a path
    /// (`projects[1].environments[0].cluster_id`).
    pub fn from_parts(parts: OrganizationParts) -> Result<Self, ValidationError> {
        let OrganizationParts {
            id,
            name,
            plan,
            description,
            mut members,
            invitations,
            cloud_accounts,
            clusters,
            projects,
            mut custom_roles,
            mut tokens,
            revision,
        } = parts;
        check_text("description", description.as_deref().unwrap_or_default())
            .map_err(|problem| ValidationError::new("description", "", Problem::Value(problem)))?;
        let owner_at = check_members(&members)?;
        let addresses = check_addresses(&members, &invitations)?;
        check_cloud_accounts(plan, &cloud_accounts)?;
        check_clusters(&clusters)?;
        check_projects(&clusters, &projects)?;
        check_custom_roles(&mut custom_roles, &clusters, &projects)?;
        check_role_references(&custom_roles, &members, &invitations)?;
        check_tokens(&mut tokens, &custom_roles)?;
        // `remove` keeps a sorted list sorted, so the index builds in O(n).
        let owner = members.remove(owner_at);
        Ok(Organization {
            id,
            name,
            plan,
            description,
            owner,
            others: Members::new(members),
            invitations: Invitations::new(invitations),
            addresses,
            cloud_accounts,
            clusters,
            project_index: ProjectIndex::new(&projects),
            projects,
            custom_roles,
            tokens: Tokens::new(tokens),
            revision,
        })
    }

    /// Takes the organization apart; [`Organization::from_parts`] puts it
    /// back together. The owner comes first among the members.
    pub fn into_parts(self) -> OrganizationParts {
        let mut members = Vec::with_capacity(self.member_count());
        members.push(self.owner);
        members.extend(self.others.into_vec());
        OrganizationParts {
            id: self.id,
            name: self.name,
            plan: self.plan,
            description: self.description,
            members,
            invitations: self.invitations.into_vec(),
            cloud_accounts: self.cloud_accounts,
            clusters: self.clusters,
            projects: self.projects,
            custom_roles: self.custom_roles,
            tokens: self.tokens.into_vec(),
            revision: self.revision,
        }
    }
}

/// Checks the members; returns where the owner is.
fn check_members(members: &[Member]) -> Result<usize, ValidationError> {
    ValidationError::check_count("members", members.len(), limits::Limit::Members)?;
    let mut owners = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.role == Role::Owner);
    let (Some((owner_at, _)), None) = (owners.next(), owners.next()) else {
        let count = members.iter().filter(|m| m.role == Role::Owner).count();
        return Err(ValidationError::new(
            "members",
            format!("{count} owners"),
            Problem::NotExactlyOneOwner,
        ));
    };
    // Documents list the owner, then the others by id (as the crate writes
    // them): then the ids are unique when the others strictly increase and
    // the owner is not among them, found in one pass.
    let (owner, others) = members.split_first().unzip();
    let sorted = others.unwrap_or_default();
    let ids_unique = owner.is_some_and(|owner| {
        sorted
            .windows(2)
            .all(|pair| matches!(pair, [a, b] if a.id < b.id))
            && sorted.binary_search_by(|m| m.id.cmp(&owner.id)).is_err()
    });
    if !ids_unique {
        unique(
            members.iter().map(|m| &m.id),
            |i| format!("members[{i}].id"),
            |i| shown(members, i, |m| m.id.as_str()),
        )?;
    }
    Ok(owner_at)
}

/// Checks the addresses of the members, then the invitations, and returns
/// the index of them all. The index is built first: only when it finds an
/// address repeated is the one at fault looked for.
fn check_addresses(
    members: &[Member],
    invitations: &[Invitation],
) -> Result<Addresses, ValidationError> {
    let (addresses, repeats) = Addresses::new(members, invitations);
    if repeats.members {
        unique(
            members.iter().map(|m| m.email.folded()),
            |i| format!("members[{i}].email"),
            |i| shown(members, i, |m| m.email.as_str()),
        )?;
    }
    ValidationError::check_count("invitations", invitations.len(), limits::Limit::Invitations)?;
    check_invitations(members, invitations, repeats.to_members)?;
    if repeats.invitations {
        unique(
            invitations
                .iter()
                .map(|invitation| invitation.email.folded()),
            |i| format!("invitations[{i}].email"),
            |i| shown(invitations, i, |invitation| invitation.email.as_str()),
        )?;
    }
    Ok(addresses)
}

/// Checks each invitation's role, and, when `to_members` (some invitation
/// is to a member's address), its address.
fn check_invitations(
    members: &[Member],
    invitations: &[Invitation],
    to_members: bool,
) -> Result<(), ValidationError> {
    let mut addresses: Vec<_> = if to_members {
        members.iter().map(|m| m.email.folded()).collect()
    } else {
        Vec::new()
    };
    addresses.sort_unstable();
    for (i, invitation) in invitations.iter().enumerate() {
        if invitation.role == Role::Owner {
            return Err(ValidationError::new(
                format!("invitations[{i}].role"),
                "OWNER",
                Problem::OwnerInvitation,
            ));
        }
        if to_members && addresses.binary_search(&invitation.email.folded()).is_ok() {
            return Err(ValidationError::new(
                format!("invitations[{i}].email"),
                invitation.email.as_str(),
                Problem::AlreadyAMember,
            ));
        }
    }
    Ok(())
}

fn check_cloud_accounts(plan: Plan, accounts: &[CloudAccount]) -> Result<(), ValidationError> {
    ValidationError::check_count(
        "cloud_accounts",
        accounts.len(),
        limits::Limit::CloudAccounts,
    )?;
    if let Some(account) = accounts.first() {
        if !plan.allows_cloud_accounts() {
            return Err(ValidationError::new(
                "cloud_accounts[0].id",
                account.id.as_str(),
                Problem::PlanForbidsCloudAccounts,
            ));
        }
    }
    unique(
        accounts.iter().map(|account| &account.id),
        |i| format!("cloud_accounts[{i}].id"),
        |i| shown(accounts, i, |account| account.id.as_str()),
    )
}

/// Checks the projects among themselves and against the clusters. Each
/// project checked its own environments and rules when it was built.
fn check_projects(clusters: &[Cluster], projects: &[Project]) -> Result<(), ValidationError> {
    ValidationError::check_count("projects", projects.len(), limits::Limit::Projects)?;
    unique(
        projects.iter().map(|p| &p.id),
        |i| format!("projects[{i}].id"),
        |i| shown(projects, i, |p| p.id.as_str()),
    )?;
    unique(
        projects.iter().map(|p| p.name.folded()),
        |i| format!("projects[{i}].name"),
        |i| shown(projects, i, |p| p.name.as_str()),
    )?;
    let mut known: Vec<&ClusterId> = clusters.iter().map(|c| &c.id).collect();
    known.sort_unstable();
    let on_known = |cluster: &ClusterId, field: &dyn Fn() -> String| {
        if known.binary_search(&cluster).is_ok() {
            Ok(())
        } else {
            Err(ValidationError::new(
                field(),
                cluster.as_str(),
                Problem::UnknownCluster,
            ))
        }
    };
    // Every rule and environment with its path, for ids unique across projects.
    let rules: Vec<_> = projects
        .iter()
        .enumerate()
        .flat_map(|(p, project)| {
            project
                .deployment_rules
                .iter()
                .enumerate()
                .map(move |(r, rule)| (p, r, rule))
        })
        .collect();
    let environments: Vec<_> = projects
        .iter()
        .enumerate()
        .flat_map(|(p, project)| {
            project
                .environments
                .iter()
                .enumerate()
                .map(move |(e, env)| (p, e, env))
        })
        .collect();
    for &(p, r, rule) in &rules {
        on_known(&rule.cluster_id, &|| {
            format!("projects[{p}].deployment_rules[{r}].cluster_id")
        })?;
    }
    for &(p, e, environment) in &environments {
        on_known(&environment.cluster_id, &|| {
            format!("projects[{p}].environments[{e}].cluster_id")
        })?;
    }
    let rule_path = |i: usize, what: &str| {
        rules
            .get(i)
            .map(|(p, r, _)| format!("projects[{p}].deployment_rules[{r}].{what}"))
            .unwrap_or_default()
    };
    unique(
        rules.iter().map(|(_, _, rule)| &rule.id),
        |i| rule_path(i, "id"),
        |i| shown(&rules, i, |(_, _, rule)| rule.id.as_str()),
    )?;
    let environment_path = |i: usize| {
        environments
            .get(i)
            .map(|(p, e, _)| format!("projects[{p}].environments[{e}].id"))
            .unwrap_or_default()
    };
    unique(
        environments.iter().map(|(_, _, env)| &env.id),
        environment_path,
        |i| shown(&environments, i, |(_, _, env)| env.id.as_str()),
    )
}
