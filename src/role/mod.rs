//! Roles: the six built-in roles, what each holds (the table's rows and the
//! duties beyond them), and sets of roles, as denials name them.

mod custom;
mod levels;
mod matrix;
mod reference;
mod set;

use core::fmt;
use core::str::FromStr;

use bitflags::bitflags;
use strum::{EnumCount, EnumIter, IntoStaticStr, VariantNames};

use crate::permission::{Permission, Quoted};
use crate::text::List;

pub use custom::{CreateCustomRoleRequest, CustomRole, UpdateCustomRoleRequest};
pub use levels::{ClusterLevel, ProjectAccess, ProjectLevel};
pub use matrix::{BuiltInMatrix, PermissionMatrix};
pub(crate) use reference::Held;
pub use reference::RoleRef;
pub use set::RoleSet;

/// A built-in role: the source document's four (`Owner`, `Admin`,
/// `Developer`, `Viewer`) and the two the platform added since (`DevOps`,
/// `Billing Manager`). Each is organization-wide and immutable.
///
/// Roles do not form one chain: `Viewer ⊂ Developer ⊂ DevOps ⊂ Admin ⊂
/// Owner` by what they hold, and `Billing Manager ⊂ Admin` beside them. So
/// roles have no order; compare what they hold with [`Role::permissions`].
///
/// Parsing is case-insensitive and takes the API's names (`OWNER`,
/// `DEVOPS`, `BILLING`, as the SSO mapping writes them: `viewer`,
/// `devops`) and the names `Display` writes (`Owner`, `DevOps`,
/// `Billing Manager`).
///
/// ```
/// use orgmodel::{Permission, Role};
///
/// assert!(Role::Admin.can(Permission::MANAGE_BILLING));
/// assert!(!Role::Admin.can(Permission::DELETE_ORGANIZATION));
/// assert!(Role::DevOps.can(Permission::DELETE_PRODUCTION_DATABASE));
/// assert!(!Role::DevOps.can(Permission::INVITE_MEMBERS));
/// assert_eq!("developer".parse::<Role>(), Ok(Role::Developer));
/// assert_eq!("BILLING".parse::<Role>(), Ok(Role::BillingManager));
/// assert_eq!(Role::BillingManager.to_string(), "Billing Manager");
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, EnumCount, IntoStaticStr, VariantNames,
)]
#[strum(ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum Role {
    /// Everything, including deleting the organization. Exactly one per organization.
    Owner,
    /// Manages the organization, its members, billing and production.
    Admin,
    /// Runs the infrastructure: every project, environment, application and
    /// database row, Kubernetes access, clusters, cloud accounts and API
    /// tokens; not the organization's settings, billing or members.
    #[strum(serialize = "DevOps")]
    #[cfg_attr(feature = "serde", serde(rename = "DEVOPS"))]
    DevOps,
    /// Works on projects and every non-production environment.
    Developer,
    /// Reads projects, environments and applications.
    Viewer,
    /// Reads the organization and manages its billing, nothing else.
    #[strum(serialize = "Billing")]
    #[cfg_attr(feature = "serde", serde(rename = "BILLING"))]
    BillingManager,
}

bitflags! {
    /// What a role may manage beyond the permission table's 27 rows.
    ///
    /// ```
    /// use orgmodel::{Capability, Role};
    ///
    /// assert!(Role::DevOps.has(Capability::MANAGE_CLUSTERS));
    /// assert!(!Role::Developer.has(Capability::MANAGE_CLUSTERS));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct Capability: u8 {
        /// Install, stop, start, update and delete clusters; connect and
        /// disconnect cloud accounts (the platform's "Manage clusters &
        /// container registries").
        const MANAGE_CLUSTERS = 1 << 0;
        /// Create and delete the organization's API tokens.
        const MANAGE_API_TOKENS = 1 << 1;
    }
}

impl Capability {
    /// Every capability with its label.
    pub const TABLE: [(Capability, &'static str); 2] = [
        (
            Capability::MANAGE_CLUSTERS,
            "Manage clusters and cloud accounts",
        ),
        (Capability::MANAGE_API_TOKENS, "Manage API tokens"),
    ];

    /// The label of a single capability, or `None` for any other set.
    pub fn label(self) -> Option<&'static str> {
        Self::TABLE
            .iter()
            .find(|(capability, _)| *capability == self)
            .map(|(_, label)| *label)
    }
}

impl Role {
    /// Every built-in role, as the platform lists them: the most privileged
    /// first, Billing Manager last.
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::DevOps,
        Role::Developer,
        Role::Viewer,
        Role::BillingManager,
    ];

    /// The source document's four roles, in its table's column order.
    pub const SOURCE: [Role; 4] = [Role::Owner, Role::Admin, Role::Developer, Role::Viewer];

    /// What a Viewer may do.
    pub const VIEWER: Permission = Permission::READ_PROJECT
        .union(Permission::READ_ENVIRONMENT)
        .union(Permission::READ_APPLICATION);

    /// What a Developer may do: the Viewer's actions, and work on everything
    /// that is not production.
    pub const DEVELOPER: Permission = Self::VIEWER
        .union(Permission::EDIT_PROJECT)
        .union(Permission::EDIT_DEVELOPMENT_ENVIRONMENT)
        .union(Permission::STOP_DEVELOPMENT_ENVIRONMENT)
        .union(Permission::DELETE_DEVELOPMENT_ENVIRONMENT)
        .union(Permission::EDIT_DEVELOPMENT_APPLICATION)
        .union(Permission::DELETE_DEVELOPMENT_APPLICATION)
        .union(Permission::READ_DATABASE)
        .union(Permission::EDIT_DEVELOPMENT_DATABASE)
        .union(Permission::DELETE_DEVELOPMENT_DATABASE);

    /// What a DevOps may do: read the organization, connect to its
    /// Kubernetes clusters, and every project, environment, application and
    /// database row.
    pub const DEVOPS: Permission = Permission::all()
        .difference(Permission::EDIT_ORGANIZATION)
        .difference(Permission::DELETE_ORGANIZATION)
        .difference(Permission::MANAGE_BILLING)
        .difference(Permission::INVITE_MEMBERS);

    /// What a Billing Manager may do: read the organization and manage billing.
    pub const BILLING_MANAGER: Permission =
        Permission::READ_ORGANIZATION.union(Permission::MANAGE_BILLING);

    /// What an Admin may do: everything but deleting the organization.
    pub const ADMIN: Permission = Permission::all().difference(Permission::DELETE_ORGANIZATION);

    /// What the Owner may do: everything.
    pub const OWNER: Permission = Permission::all();

    /// The role's rows of the permission table.
    pub const fn permissions(self) -> Permission {
        match self {
            Role::Owner => Self::OWNER,
            Role::Admin => Self::ADMIN,
            Role::DevOps => Self::DEVOPS,
            Role::Developer => Self::DEVELOPER,
            Role::Viewer => Self::VIEWER,
            Role::BillingManager => Self::BILLING_MANAGER,
        }
    }

    /// What the role may manage beyond the table: Owner, Admin and DevOps
    /// manage clusters, cloud accounts and API tokens.
    pub const fn capabilities(self) -> Capability {
        match self {
            Role::Owner | Role::Admin | Role::DevOps => Capability::all(),
            Role::Developer | Role::Viewer | Role::BillingManager => Capability::empty(),
        }
    }

    /// Whether the role holds every action of `permission`.
    ///
    /// ```
    /// use orgmodel::{Permission, Role};
    ///
    /// assert!(Role::Developer.can(Permission::EDIT_DEVELOPMENT_DATABASE));
    /// assert!(!Role::Developer.can(Permission::EDIT_PRODUCTION_DATABASE));
    /// ```
    #[inline]
    pub const fn can(self, permission: Permission) -> bool {
        self.permissions().contains(permission)
    }

    /// Whether the role holds every capability of `capability`.
    #[inline]
    pub const fn has(self, capability: Capability) -> bool {
        self.capabilities().contains(capability)
    }

    /// The fixed UUID the crate gives this built-in role: the `role_id` it
    /// writes for a member holding it (the API's `role_id` is a UUID), and
    /// one of the ids [`Role::from_id`] recognises.
    ///
    /// ```
    /// use orgmodel::Role;
    ///
    /// assert_eq!(Role::Owner.id(), "00000000-0000-4000-8000-000000000001");
    /// assert_eq!(Role::from_id(Role::DevOps.id()), Some(Role::DevOps));
    /// ```
    pub const fn id(self) -> &'static str {
        match self {
            Role::Owner => "00000000-0000-4000-8000-000000000001",
            Role::Admin => "00000000-0000-4000-8000-000000000002",
            Role::DevOps => "00000000-0000-4000-8000-000000000003",
            Role::Developer => "00000000-0000-4000-8000-000000000004",
            Role::Viewer => "00000000-0000-4000-8000-000000000005",
            Role::BillingManager => "00000000-0000-4000-8000-000000000006",
        }
    }

    /// The built-in role a `role_id` names: its fixed UUID ([`Role::id`]),
    /// or, as the platform's SSO mapping writes them, its name
    /// (`owner`, `devops`, `billing`, `Billing Manager`; case-insensitively).
    /// `None` for anything else, such as a custom role's id.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.id().eq_ignore_ascii_case(id))
            .or_else(|| id.parse().ok())
    }

    /// The role's name with its indefinite article: "an Admin", "a DevOps".
    pub(crate) fn with_article(self) -> impl fmt::Display {
        struct WithArticle(Role);
        impl fmt::Display for WithArticle {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let article = match self.0 {
                    Role::Admin => "an",
                    _ => "a",
                };
                write!(f, "{article} {}", self.0)
            }
        }
        WithArticle(self)
    }
}

/// Reads a role's API name or display name, case-insensitively (`OWNER`,
/// `devops`, `BILLING`, `Billing Manager`, `billing_manager`).
impl FromStr for Role {
    type Err = strum::ParseError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let is = |spelling: &str| name.eq_ignore_ascii_case(spelling);
        Role::ALL
            .into_iter()
            .find(|role| is(role.into()))
            .or_else(|| {
                (is("Billing Manager") || is("Billing_Manager")).then_some(Role::BillingManager)
            })
            .ok_or(strum::ParseError::VariantNotFound)
    }
}

/// The role's name: `Owner`, `DevOps`, `Billing Manager`.
impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::BillingManager => "Billing Manager",
            other => other.into(),
        })
    }
}

/// Writes the labels of a set of capabilities, quoted and separated by commas.
pub(crate) struct CapabilityLabels(pub(crate) Capability);

impl fmt::Display for CapabilityLabels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = Capability::TABLE
            .into_iter()
            .filter(|(capability, _)| self.0.contains(*capability))
            .map(|(_, label)| Quoted(label));
        write!(f, "{}", List(quoted))
    }
}
