//! A large organization with a custom role that lists every project and
//! cluster: the fixture of the custom-role check bench and of the
//! allocation test. Include it with `#[path]` beside `mod common`.
#![allow(dead_code)]

use crate::common::{NOW, big_org, cluster, name, rule, uuid};
use orgmodel::*;

/// The custom role's id.
pub const CUSTOM: &str = "bench-role";

/// A project's environments: one per mode.
pub const MODES: [Mode; 4] = Mode::ALL;

/// An organization of `members` members, `projects` projects with an
/// environment in every mode, `clusters` clusters (all with
/// 36-character ids), and the custom role [`CUSTOM`], which lists every
/// project and cluster, held by every member of odd index (see
/// [`member`]); the others keep [`big_org`]'s built-in roles.
pub fn custom_org(members: u64, projects: usize, clusters: usize) -> Organization {
    let mut org = big_org(members);
    let owner = member(0);
    for c in 2..clusters {
        let _ = org
            .add_cluster(&owner, NOW, cluster(&cluster_id(c)))
            .unwrap();
    }
    for p in 1..projects {
        let project = project_id(p);
        let _ = org
            .add_project(&owner, NOW, project.clone(), name(&format!("Project {p}")))
            .unwrap();
        // Only a deployment rule puts an environment in Preview.
        let preview = rule(&format!("r{p}"), "preview-*", Mode::Preview, "c1", 0);
        let _ = org.add_rule(&owner, NOW, &project, preview).unwrap();
        for (k, mode) in MODES.into_iter().enumerate() {
            let request = match mode {
                Mode::Preview => CreateEnvironmentRequest::new("preview-env"),
                _ => CreateEnvironmentRequest::new(format!("env-{k}")).with_mode(mode),
            };
            let _ = org
                .create_environment(&owner, NOW, &project, environment_id(p, k), &request)
                .unwrap();
        }
    }
    let _ = org
        .create_custom_role(
            &owner,
            NOW,
            CUSTOM.parse().unwrap(),
            name("Bench role"),
            String::new(),
        )
        .unwrap();
    let role = definition(&org, 0);
    let _ = org.update_custom_role(&owner, NOW, role).unwrap();
    let mut parts = org.into_parts();
    for held in &mut parts.members {
        if member_index(&held.id).is_some_and(|i| i % 2 == 1) {
            held.role = RoleRef::Custom(CUSTOM.parse().unwrap());
        }
    }
    Organization::from_parts(parts).unwrap()
}

/// The custom role listing every cluster and project of `org`, in the
/// organization's order; `shift` varies the levels, so that definitions
/// of different shifts differ. Every project is readable in every mode.
pub fn definition(org: &Organization, shift: usize) -> CustomRole {
    let (clusters, projects) = entries(org, shift);
    CustomRole::new(CUSTOM.parse().unwrap(), name("Bench role"), "")
        .unwrap()
        .define(clusters, projects)
        .unwrap()
}

/// A definition's project entries.
pub type Projects = Vec<(ProjectId, ProjectAccess)>;

/// The entries of [`definition`], in the organization's order.
pub fn entries(org: &Organization, shift: usize) -> (Vec<(ClusterId, ClusterLevel)>, Projects) {
    let cluster_levels = [
        ClusterLevel::Viewer,
        ClusterLevel::EnvCreator,
        ClusterLevel::Admin,
    ];
    let project_levels = [
        ProjectLevel::Viewer,
        ProjectLevel::Deployer,
        ProjectLevel::Manager,
    ];
    let clusters = org
        .clusters()
        .iter()
        .enumerate()
        .map(|(i, cluster)| (cluster.id.clone(), cluster_levels[(i + shift) % 3]))
        .collect();
    let projects = org
        .projects()
        .iter()
        .enumerate()
        .map(|(i, project)| {
            let levels = MODES
                .into_iter()
                .enumerate()
                .map(|(k, mode)| (mode, project_levels[(i + k + shift) % 3]));
            (
                project.id().clone(),
                ProjectAccess::new((i + shift) % 10 == 0, levels),
            )
        })
        .collect();
    (clusters, projects)
}

/// The member of index `i` (0 is the owner).
pub fn member(i: u64) -> UserId {
    uuid(i).parse().unwrap()
}

/// The index of a member id made by [`member`]: its last group.
fn member_index(id: &UserId) -> Option<u64> {
    let (_, last) = id.as_str().rsplit_once('-')?;
    u64::from_str_radix(last, 16).ok()
}

/// The cluster of index `c` (0 and 1 are [`big_org`]'s `c1` and `c2`).
pub fn cluster_id(c: usize) -> String {
    uuid(3_000_000 + c as u64)
}

/// The project of index `p` (0 is [`big_org`]'s `p1`).
pub fn project_id(p: usize) -> ProjectId {
    uuid(1_000_000 + p as u64).parse().unwrap()
}

/// The environment of project `p` in the `k`-th mode of [`MODES`].
pub fn environment_id(p: usize, k: usize) -> EnvironmentId {
    uuid(2_000_000 + 4 * p as u64 + k as u64).parse().unwrap()
}
