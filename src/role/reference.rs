//! A reference to the one role a member, an invitation or a token holds.

use core::fmt;

use super::{Capability, ClusterLevel, CustomRole, Role};
use crate::environment::Mode;
use crate::id::{ClusterId, CustomRoleId, ProjectId};
use crate::permission::Permission;

/// The role a member, an invitation or an API token holds: a built-in
/// [`Role`], or one of the organization's custom roles by its id.
///
/// A reference is resolved against its organization, which holds the
/// custom roles and never lets a member, an invitation or a token refer to
/// one it does not define.
///
/// ```
/// use orgmodel::{Role, RoleRef};
///
/// let admin = RoleRef::from(Role::Admin);
/// assert_eq!(admin, Role::Admin);
/// assert_eq!(admin.built_in(), Some(Role::Admin));
///
/// let shop = RoleRef::Custom("c0ffee00".parse()?);
/// assert_eq!(shop.built_in(), None);
/// assert_eq!(shop.to_string(), "custom role c0ffee00");
/// # Ok::<(), orgmodel::InvalidValue>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RoleRef {
    /// A built-in role.
    BuiltIn(Role),
    /// One of the organization's custom roles.
    Custom(CustomRoleId),
}

impl RoleRef {
    /// The built-in role referred to, if it is one.
    pub const fn built_in(&self) -> Option<Role> {
        match self {
            RoleRef::BuiltIn(role) => Some(*role),
            RoleRef::Custom(_) => None,
        }
    }

    /// The custom role's id, if it is one.
    pub const fn custom(&self) -> Option<&CustomRoleId> {
        match self {
            RoleRef::BuiltIn(_) => None,
            RoleRef::Custom(id) => Some(id),
        }
    }

    /// Whether it is the Owner role.
    pub const fn is_owner(&self) -> bool {
        matches!(self, RoleRef::BuiltIn(Role::Owner))
    }
}

impl From<Role> for RoleRef {
    fn from(role: Role) -> Self {
        RoleRef::BuiltIn(role)
    }
}

impl From<CustomRoleId> for RoleRef {
    fn from(id: CustomRoleId) -> Self {
        RoleRef::Custom(id)
    }
}

impl PartialEq<Role> for RoleRef {
    fn eq(&self, other: &Role) -> bool {
        self.built_in() == Some(*other)
    }
}

/// A built-in role's name (`Billing Manager`), or `custom role ID`.
impl fmt::Display for RoleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleRef::BuiltIn(role) => role.fmt(f),
            RoleRef::Custom(id) => write!(f, "custom role {}", crate::text::Shown(id.as_str())),
        }
    }
}

/// A reference resolved against its organization: what a check consults.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Held<'a> {
    /// A built-in role.
    BuiltIn(Role),
    /// A custom role's definition.
    Custom(&'a CustomRole),
}

impl Held<'_> {
    /// The rows held on the organization itself: a built-in role's whole
    /// set (it holds them everywhere), a custom role's *Read organization*.
    pub(crate) fn rows_on_organization(self) -> Permission {
        match self {
            Held::BuiltIn(role) => role.permissions(),
            Held::Custom(_) => Permission::READ_ORGANIZATION,
        }
    }

    /// The rows held on `project` and its resources in some mode: what
    /// a command on the project is judged by before it looks anything up.
    pub(crate) fn rows_in_project(self, project: &ProjectId) -> Permission {
        match self {
            Held::BuiltIn(role) => role.permissions(),
            Held::Custom(custom) => {
                let access = custom.project(project);
                Mode::ALL
                    .into_iter()
                    .fold(Permission::empty(), |rows, mode| rows | access.rows(mode))
            }
        }
    }

    /// The rows held on `project`'s resources in `mode`.
    #[inline]
    pub(crate) fn rows_in(self, project: &ProjectId, mode: Mode) -> Permission {
        match self {
            Held::BuiltIn(role) => role.permissions(),
            Held::Custom(custom) => custom.rows(project, mode),
        }
    }

    /// The rows held on `cluster`: a custom role connects to the clusters
    /// it administers.
    pub(crate) fn rows_on_cluster(self, cluster: &ClusterId) -> Permission {
        match self {
            Held::BuiltIn(role) => role.permissions(),
            Held::Custom(custom) if custom.cluster_level(cluster) == ClusterLevel::Admin => {
                Permission::CONNECT_TO_KUBERNETES_CLUSTER
            }
            Held::Custom(_) => Permission::empty(),
        }
    }

    /// Whether the role may stop, start and update the settings of
    /// `cluster`: a role that manages clusters, or a custom role at
    /// `ADMIN` on it.
    pub(crate) fn administers(self, cluster: &ClusterId) -> bool {
        match self {
            Held::BuiltIn(role) => role.has(Capability::MANAGE_CLUSTERS),
            Held::Custom(custom) => custom.cluster_level(cluster) == ClusterLevel::Admin,
        }
    }
}
