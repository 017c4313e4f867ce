//! The parts of an organization that the exports write items for, and the
//! parts each event changes.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::id::{ApiTokenId, ClusterId, CustomRoleId, EnvironmentId, ProjectId, UserId};
use crate::member::{ApiToken, Member};
use crate::organization::{Event, Organization, Recorded};
use crate::project::Project;
use crate::role::CustomRole;

/// One part of an organization that an export writes items for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The organization itself (Cedar's role groups and organization).
    Organization,
    Member(UserId),
    Token(ApiTokenId),
    CustomRole(CustomRoleId),
    Cluster(ClusterId),
    /// A project alone, without its environments.
    Project(ProjectId),
    Environment(ProjectId, EnvironmentId),
}

/// The parts an event changes, read from the organization before it is
/// applied (a deleted project's environments, the custom roles that list a
/// deleted cluster or project).
pub(crate) fn changed_by(org: &Organization, recorded: &Recorded) -> Vec<Part> {
    let actor = || recorded.actor.as_actor().user().cloned().map(Part::Member);
    let listing = |listed: &dyn Fn(&CustomRole) -> bool| {
        org.custom_roles()
            .iter()
            .filter(|role| listed(role))
            .map(|role| Part::CustomRole(role.id().clone()))
            .collect::<Vec<_>>()
    };
    match &recorded.event {
        Event::Created { owner, .. } => {
            Vec::from([Part::Organization, Part::Member(owner.clone())])
        }
        Event::InvitationAccepted { .. } | Event::MemberLeft => actor().into_iter().collect(),
        Event::RoleChanged { member, .. } | Event::MemberRemoved { member } => {
            Vec::from([Part::Member(member.clone())])
        }
        Event::OwnershipTransferred { to } => {
            let mut parts: Vec<Part> = actor().into_iter().collect();
            parts.push(Part::Member(to.clone()));
            parts
        }
        Event::ClusterAdded { cluster } => Vec::from([Part::Cluster(cluster.id.clone())]),
        Event::ClusterDeleted { cluster } => {
            // The roles that list it lose their entry (and its grants).
            let mut parts = listing(&|role| role.clusters().any(|(id, _)| id == cluster));
            parts.push(Part::Cluster(cluster.clone()));
            parts
        }
        Event::ProjectAdded { project, .. } => Vec::from([Part::Project(project.clone())]),
        Event::ProjectDeleted { project } => {
            let mut parts = listing(&|role| role.projects().any(|(id, _)| id == project));
            parts.push(Part::Project(project.clone()));
            let environments = org.project(project).map(Project::environments);
            parts.extend(
                environments
                    .unwrap_or_default()
                    .iter()
                    .map(|e| Part::Environment(project.clone(), e.id.clone())),
            );
            parts
        }
        Event::EnvironmentCreated(placed) => Vec::from([Part::Environment(
            placed.project.clone(),
            placed.environment.id.clone(),
        )]),
        Event::EnvironmentDeleted {
            project,
            environment,
        } => Vec::from([Part::Environment(project.clone(), environment.clone())]),
        Event::CustomRoleCreated { role, .. } | Event::CustomRoleDeleted { role } => {
            Vec::from([Part::CustomRole(role.clone())])
        }
        Event::CustomRoleUpdated { role } => Vec::from([Part::CustomRole(role.id().clone())]),
        Event::ApiTokenCreated { token, .. } | Event::ApiTokenDeleted { token } => {
            Vec::from([Part::Token(token.clone())])
        }
        // Names, plans, invitations, cloud accounts, a cluster's state and
        // settings, and deployment rules are in no export.
        Event::Renamed { .. }
        | Event::DescriptionSet { .. }
        | Event::PlanChanged { .. }
        | Event::Invited { .. }
        | Event::InvitationRevoked { .. }
        | Event::ExpiredInvitationsPurged
        | Event::CloudAccountAdded { .. }
        | Event::CloudAccountRemoved { .. }
        | Event::ClusterStopped { .. }
        | Event::ClusterStarted { .. }
        | Event::ClusterUpdated { .. }
        | Event::RuleAdded { .. }
        | Event::RuleRemoved { .. }
        | Event::RulesReordered { .. } => Vec::new(),
    }
}

/// A part as the organization holds it.
#[derive(Clone, Copy)]
pub(crate) enum Found<'a> {
    Organization,
    Member(&'a Member),
    Token(&'a ApiToken),
    CustomRole(&'a CustomRole),
    Cluster(&'a Cluster),
    /// A project alone, without its environments.
    Project(&'a Project),
    Environment(&'a Project, &'a Environment),
}

impl Part {
    /// The part in `org`, if it is there.
    pub(crate) fn find<'a>(&self, org: &'a Organization) -> Option<Found<'a>> {
        Some(match self {
            Part::Organization => Found::Organization,
            Part::Member(id) => Found::Member(org.member(id)?),
            Part::Token(id) => Found::Token(org.token(id)?),
            Part::CustomRole(id) => Found::CustomRole(org.custom_role(id)?),
            Part::Cluster(id) => Found::Cluster(org.cluster(id)?),
            Part::Project(id) => Found::Project(org.project(id)?),
            Part::Environment(project, id) => {
                let project = org.project(project)?;
                Found::Environment(project, project.environment(id)?)
            }
        })
    }
}

/// Every part of the organization, in the exports' order: the
/// organization, its members, tokens, custom roles, clusters, and each
/// project followed by its environments.
pub(crate) fn every_part(org: &Organization) -> impl Iterator<Item = Found<'_>> {
    let projects = org.projects().iter().flat_map(|project| {
        let environments = project.environments().iter();
        core::iter::once(Found::Project(project))
            .chain(environments.map(move |e| Found::Environment(project, e)))
    });
    core::iter::once(Found::Organization)
        .chain(org.members().map(Found::Member))
        .chain(org.tokens().iter().map(Found::Token))
        .chain(org.custom_roles().iter().map(Found::CustomRole))
        .chain(org.clusters().iter().map(Found::Cluster))
        .chain(projects)
}

/// An engine's items by key: the key is what a delete sends, the value
/// what a write sends.
pub(crate) type Items = BTreeMap<String, String>;
