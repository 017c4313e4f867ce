//! Strategies for custom roles: their levels, and the roles of an
//! organization over its own clusters and projects.

use alloc::format;
use alloc::vec::Vec;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId};
use crate::project::Project;
use crate::role::{ClusterLevel, CustomRole, ProjectAccess, ProjectLevel};
use crate::text::Name;

/// Any cluster level of a custom role.
pub fn cluster_level() -> impl Strategy<Value = ClusterLevel> {
    select(
        &[
            ClusterLevel::Viewer,
            ClusterLevel::EnvCreator,
            ClusterLevel::Admin,
        ][..],
    )
}

/// Any project level of a custom role.
pub fn project_level() -> impl Strategy<Value = ProjectLevel> {
    select(
        &[
            ProjectLevel::NoAccess,
            ProjectLevel::Viewer,
            ProjectLevel::Deployer,
            ProjectLevel::Manager,
        ][..],
    )
}

/// A custom role's access to a project: `is_admin` now and then, and a
/// level for some of the modes (each listed at most once).
pub fn project_access() -> impl Strategy<Value = ProjectAccess> {
    (
        prop::bool::weighted(0.2),
        prop::sample::subsequence(&Mode::ALL[..], 0..=4),
        [
            project_level(),
            project_level(),
            project_level(),
            project_level(),
        ],
    )
        .prop_map(|(is_admin, modes, levels)| {
            ProjectAccess::new(is_admin, modes.into_iter().zip(levels))
        })
}

/// A custom role's levels, in the order of the organization's clusters
/// and projects: every one is listed, as the platform's console writes a
/// role (so that a role reads back from an organization's document as it
/// was), at a random level that is often the lowest.
pub(super) type CustomRoleShape = (Vec<ClusterLevel>, Vec<ProjectAccess>);

pub(super) fn custom_role_shape() -> impl Strategy<Value = CustomRoleShape> {
    (vec(cluster_level(), 4), vec(project_access(), 4))
}

/// The custom roles of `shapes` over `clusters` and `projects`.
pub(super) fn custom_roles(
    shapes: Vec<CustomRoleShape>,
    clusters: &[ClusterId],
    projects: &[Project],
) -> Option<Vec<CustomRole>> {
    shapes
        .into_iter()
        .enumerate()
        .map(|(i, (cluster_levels, accesses))| {
            let listed_clusters = clusters.iter().cloned().zip(cluster_levels);
            let listed_projects = projects.iter().map(|p| p.id().clone()).zip(accesses);
            CustomRole::new(
                CustomRoleId::try_from(format!("custom-role-{i}")).ok()?,
                Name::new(format!("Custom role {i}")).ok()?,
                "",
            )
            .ok()?
            .define(listed_clusters, listed_projects)
            .ok()
        })
        .collect()
}
