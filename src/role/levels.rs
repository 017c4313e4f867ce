//! A custom role's levels, and the rows of the table each level grants.
//!
//! The platform's custom roles give a level per cluster and, per project, an
//! `is_admin` flag and a level per environment mode. This module turns them
//! into rows of the permission table once, when a role is defined, so that a
//! check stays a mask test.

use core::fmt;

use strum::{EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::environment::Mode;
use crate::permission::Permission;

/// A custom role's level on a cluster, lowest first. A cluster the role
/// does not list is at [`ClusterLevel::Viewer`]: every custom role reads
/// every cluster.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumString,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE", ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum ClusterLevel {
    /// Reads the cluster.
    #[default]
    Viewer,
    /// Creates environments on the cluster.
    EnvCreator,
    /// Administers the cluster: connects to its Kubernetes API, stops,
    /// starts and updates its settings.
    Admin,
}

/// A custom role's level on one mode of one project, lowest first. A mode
/// or a project the role does not list is at [`ProjectLevel::NoAccess`].
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumString,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE", ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum ProjectLevel {
    /// Sees nothing of the environments in this mode: they answer as if
    /// they did not exist.
    #[default]
    NoAccess,
    /// Reads environments, applications and databases.
    Viewer,
    /// Also deploys and stops them, and connects to applications by SSH.
    Deployer,
    /// Also edits them, and creates environments (with a cluster at
    /// [`ClusterLevel::EnvCreator`] or above).
    Manager,
}

impl fmt::Display for ClusterLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.into())
    }
}

impl fmt::Display for ProjectLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.into())
    }
}

/// What a custom role may do in one project: `is_admin`, a level per mode,
/// and the rows of the table they grant, computed once.
///
/// For a resource of the project in mode M, let E be `MANAGER` if
/// `is_admin`, else the level of M. Then: *Read project* needs `is_admin`
/// or some mode at `VIEWER` or above; *Edit* and *Delete project* and
/// *Delete environment* need `is_admin`; reading an environment, an
/// application or a database needs E ≥ `VIEWER`; stopping an environment
/// and SSH need E ≥ `DEPLOYER`; editing an environment, and editing or
/// deleting an application or a database, need E ≥ `MANAGER`. The
/// production/development rows follow the resource's mode, as for the
/// built-in roles.
///
/// ```
/// use orgmodel::{Mode, Permission, ProjectAccess, ProjectLevel};
///
/// let on_call = ProjectAccess::new(false, [(Mode::Production, ProjectLevel::Deployer)]);
/// assert!(on_call.rows(Mode::Production).contains(Permission::STOP_PRODUCTION_ENVIRONMENT));
/// assert!(!on_call.rows(Mode::Production).contains(Permission::EDIT_PRODUCTION_ENVIRONMENT));
/// // In the modes it does not list, it sees the project and nothing in it.
/// assert_eq!(on_call.rows(Mode::Staging), Permission::READ_PROJECT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProjectAccess {
    is_admin: bool,
    /// Per mode, in [`Mode::ALL`]'s order.
    levels: [ProjectLevel; 4],
    /// The rows granted on a resource of the project in each mode.
    rows: [Permission; 4],
}

impl Default for ProjectAccess {
    fn default() -> Self {
        Self::NONE
    }
}

impl ProjectAccess {
    /// No access: what a custom role has on a project it does not list.
    pub const NONE: ProjectAccess = ProjectAccess {
        is_admin: false,
        levels: [ProjectLevel::NoAccess; 4],
        rows: [Permission::empty(); 4],
    };

    /// The access of `is_admin` and the listed levels (an unlisted mode is
    /// at `NO_ACCESS`; a mode listed twice keeps its last level: refusing
    /// duplicates is the definition's job). A project admin is at `MANAGER`
    /// in every mode, whatever is listed, as the platform writes it back.
    pub fn new(is_admin: bool, levels: impl IntoIterator<Item = (Mode, ProjectLevel)>) -> Self {
        let mut by_mode = [ProjectLevel::NoAccess; 4];
        for (mode, level) in levels {
            if let Some(slot) = by_mode.get_mut(mode_index(mode)) {
                *slot = level;
            }
        }
        if is_admin {
            by_mode = [ProjectLevel::Manager; 4];
        }
        let mut access = ProjectAccess {
            is_admin,
            levels: by_mode,
            rows: [Permission::empty(); 4],
        };
        for (slot, mode) in access.rows.iter_mut().zip(Mode::ALL) {
            *slot = rows(is_admin, &by_mode, mode);
        }
        access
    }

    /// Whether the role administers the project.
    pub const fn is_admin(&self) -> bool {
        self.is_admin
    }

    /// The effective level in `mode`: `MANAGER` for a project admin.
    pub fn level(&self, mode: Mode) -> ProjectLevel {
        if self.is_admin {
            ProjectLevel::Manager
        } else {
            self.levels
                .get(mode_index(mode))
                .copied()
                .unwrap_or_default()
        }
    }

    /// The levels by mode (`MANAGER` in every mode for a project admin).
    pub fn listed(&self) -> impl Iterator<Item = (Mode, ProjectLevel)> + '_ {
        Mode::ALL.into_iter().zip(self.levels)
    }

    /// The rows granted on the project and on its resources in `mode`.
    #[inline]
    pub fn rows(&self, mode: Mode) -> Permission {
        self.rows
            .get(mode_index(mode))
            .copied()
            .unwrap_or(Permission::empty())
    }

    /// Whether the role sees the project at all.
    pub fn reads_project(&self) -> bool {
        self.is_admin
            || self
                .levels
                .iter()
                .any(|level| *level >= ProjectLevel::Viewer)
    }
}

/// A mode's place in [`Mode::ALL`].
const fn mode_index(mode: Mode) -> usize {
    match mode {
        Mode::Production => 0,
        Mode::Staging => 1,
        Mode::Development => 2,
        Mode::Preview => 3,
    }
}

/// The design's table of levels to rows, for a resource in `mode`.
fn rows(is_admin: bool, levels: &[ProjectLevel; 4], mode: Mode) -> Permission {
    use Permission as P;
    let effective = if is_admin {
        ProjectLevel::Manager
    } else {
        levels.get(mode_index(mode)).copied().unwrap_or_default()
    };
    let pick = |production: P, development: P| {
        if mode.is_production() {
            production
        } else {
            development
        }
    };
    let mut rows = P::empty();
    if is_admin || levels.iter().any(|level| *level >= ProjectLevel::Viewer) {
        rows |= P::READ_PROJECT;
    }
    if is_admin {
        rows |= P::EDIT_PROJECT
            | P::DELETE_PROJECT
            | pick(
                P::DELETE_PRODUCTION_ENVIRONMENT,
                P::DELETE_DEVELOPMENT_ENVIRONMENT,
            );
    }
    if effective >= ProjectLevel::Viewer {
        rows |= P::READ_ENVIRONMENT | P::READ_APPLICATION | P::READ_DATABASE;
    }
    if effective >= ProjectLevel::Deployer {
        rows |= pick(
            P::STOP_PRODUCTION_ENVIRONMENT,
            P::STOP_DEVELOPMENT_ENVIRONMENT,
        ) | P::CONNECT_VIA_SSH_TO_AN_APPLICATION;
    }
    if effective >= ProjectLevel::Manager {
        rows |= pick(
            P::EDIT_PRODUCTION_ENVIRONMENT,
            P::EDIT_DEVELOPMENT_ENVIRONMENT,
        ) | pick(
            P::EDIT_PRODUCTION_APPLICATION,
            P::EDIT_DEVELOPMENT_APPLICATION,
        ) | pick(
            P::DELETE_PRODUCTION_APPLICATION,
            P::DELETE_DEVELOPMENT_APPLICATION,
        ) | pick(P::EDIT_PRODUCTION_DATABASE, P::EDIT_DEVELOPMENT_DATABASE)
            | pick(
                P::DELETE_PRODUCTION_DATABASE,
                P::DELETE_DEVELOPMENT_DATABASE,
            );
    }
    rows
}
