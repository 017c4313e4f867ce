//! The permission table: which [`Role`] may do which of the 27 actions.
//!
//! The table is transcribed once, as `const` bit sets, from the source
//! document; everything else (labels, least roles, the rendered matrix) is
//! derived from it.

use core::fmt;

use bitflags::bitflags;
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::text::List;

/// Declares the `Permission` flags and their table labels from one list, so a
/// flag and its label can never drift apart.
macro_rules! permission_table {
    ($($name:ident = $bit:literal, $label:literal;)*) => {
        bitflags! {
            /// A set of actions from the permission table.
            ///
            /// Each flag is one row of the table, declared (and iterated) in
            /// the table's order. A single flag is an *action*; a union is a
            /// set of actions, such as a role's grant.
            ///
            /// ```
            /// use orgmodel::{Permission, Role};
            ///
            /// let wanted = Permission::READ_PROJECT | Permission::EDIT_PROJECT;
            /// assert!(Role::Developer.can(wanted));
            /// assert!(!Role::Viewer.can(wanted));
            /// assert_eq!(Permission::EDIT_PROJECT.label(), Some("Edit project"));
            /// ```
            #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct Permission: u32 {
                $(
                    #[doc = concat!("*", $label, "*")]
                    const $name = 1 << $bit;
                )*
            }
        }

        impl Permission {
            /// Every action with its label, in the source document's order.
            pub const TABLE: [(Permission, &'static str); Permission::COUNT] = [
                $((Permission::$name, $label),)*
            ];
        }
    };
}

permission_table! {
    READ_ORGANIZATION = 0, "Read organization";
    EDIT_ORGANIZATION = 1, "Edit organization";
    DELETE_ORGANIZATION = 2, "Delete organization";
    MANAGE_BILLING = 3, "Manage billing";
    INVITE_MEMBERS = 4, "Invite members";
    CONNECT_TO_KUBERNETES_CLUSTER = 5, "Connect to Kubernetes cluster";
    READ_PROJECT = 6, "Read project";
    EDIT_PROJECT = 7, "Edit project";
    DELETE_PROJECT = 8, "Delete project";
    READ_ENVIRONMENT = 9, "Read environment";
    EDIT_PRODUCTION_ENVIRONMENT = 10, "Edit production environment";
    EDIT_DEVELOPMENT_ENVIRONMENT = 11, "Edit development environment";
    STOP_PRODUCTION_ENVIRONMENT = 12, "Stop production environment";
    STOP_DEVELOPMENT_ENVIRONMENT = 13, "Stop development environment";
    DELETE_PRODUCTION_ENVIRONMENT = 14, "Delete production environment";
    DELETE_DEVELOPMENT_ENVIRONMENT = 15, "Delete development environment";
    READ_APPLICATION = 16, "Read application";
    EDIT_PRODUCTION_APPLICATION = 17, "Edit production application";
    EDIT_DEVELOPMENT_APPLICATION = 18, "Edit development application";
    DELETE_PRODUCTION_APPLICATION = 19, "Delete production application";
    DELETE_DEVELOPMENT_APPLICATION = 20, "Delete development application";
    CONNECT_VIA_SSH_TO_AN_APPLICATION = 21, "Connect via SSH to an application";
    READ_DATABASE = 22, "Read database";
    EDIT_PRODUCTION_DATABASE = 23, "Edit production database";
    EDIT_DEVELOPMENT_DATABASE = 24, "Edit development database";
    DELETE_PRODUCTION_DATABASE = 25, "Delete production database";
    DELETE_DEVELOPMENT_DATABASE = 26, "Delete development database";
}

impl Permission {
    /// The number of actions in the table.
    pub const COUNT: usize = 27;

    /// The table's label of a single action ("Edit production environment"),
    /// or `None` for an empty set, a set of several actions or unknown bits.
    pub fn label(self) -> Option<&'static str> {
        Self::TABLE
            .iter()
            .find(|(action, _)| *action == self)
            .map(|(_, label)| *label)
    }

    /// The actions of this set with their labels, in the table's order.
    pub fn actions(self) -> impl Iterator<Item = (Permission, &'static str)> + Clone {
        Self::TABLE
            .into_iter()
            .filter(move |(action, _)| self.contains(*action))
    }

    /// The least privileged role that holds every action of this set, or
    /// `None` when no role does (the set has bits outside the table).
    ///
    /// ```
    /// use orgmodel::{Permission, Role};
    ///
    /// assert_eq!(Permission::READ_DATABASE.least_role(), Some(Role::Developer));
    /// assert_eq!(Permission::DELETE_ORGANIZATION.least_role(), Some(Role::Owner));
    /// ```
    pub fn least_role(self) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.can(self))
    }
}

/// Writes the labels of a permission set, quoted and separated by commas.
pub(crate) struct Labels(pub(crate) Permission);

impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.actions().next().is_none() {
            return f.write_str("no action");
        }
        let quoted = self.0.actions().map(|(_, label)| Quoted(label));
        write!(f, "{}", List(quoted))
    }
}

/// A label between typographic quotes.
struct Quoted(&'static str);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{201c}{}\u{201d}", self.0)
    }
}

/// A member's role within one organization.
///
/// Roles are ordered from least to most privileged, and each role holds every
/// permission of the roles below it: `Viewer < Developer < Admin < Owner`.
/// Parsing is case-insensitive (`"OWNER"`, `"owner"`); `Display` writes the
/// role's name (`Owner`).
///
/// ```
/// use orgmodel::{Permission, Role};
///
/// assert!(Role::Admin.can(Permission::MANAGE_BILLING));
/// assert!(!Role::Admin.can(Permission::DELETE_ORGANIZATION));
/// assert!(Role::Viewer < Role::Owner);
/// assert_eq!("developer".parse::<Role>(), Ok(Role::Developer));
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    EnumCount,
    IntoStaticStr,
    VariantNames,
)]
#[strum(ascii_case_insensitive)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "SCREAMING_SNAKE_CASE")
)]
pub enum Role {
    /// Reads projects, environments and applications.
    Viewer,
    /// Works on projects and every non-production environment.
    Developer,
    /// Manages the organization, its members, billing and production.
    Admin,
    /// Everything, including deleting the organization. Exactly one per organization.
    Owner,
}

impl Role {
    /// Every role, from least to most privileged.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Developer, Role::Admin, Role::Owner];

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

    /// What an Admin may do: everything but deleting the organization.
    pub const ADMIN: Permission = Permission::all().difference(Permission::DELETE_ORGANIZATION);

    /// What the Owner may do: everything.
    pub const OWNER: Permission = Permission::all();

    /// The role's permissions.
    pub const fn permissions(self) -> Permission {
        match self {
            Role::Viewer => Self::VIEWER,
            Role::Developer => Self::DEVELOPER,
            Role::Admin => Self::ADMIN,
            Role::Owner => Self::OWNER,
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
}

/// The role × action table as Markdown, in the source document's layout:
/// one row per action in the table's order, one `yes`/`no` column per role
/// from most to least privileged.
///
/// ```
/// let table = orgmodel::PermissionMatrix.to_string();
/// assert!(table.starts_with("| Action | Owner | Admin | Developer | Viewer |\n|---|"));
/// assert!(table.contains("| Delete organization | yes | no | no | no |\n"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct PermissionMatrix;

impl fmt::Display for PermissionMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("| Action |")?;
        for role in Role::ALL.into_iter().rev() {
            write!(f, " {role} |")?;
        }
        f.write_str("\n|---|")?;
        for _ in Role::ALL {
            f.write_str("---|")?;
        }
        for (action, label) in Permission::TABLE {
            write!(f, "\n| {label} |")?;
            for role in Role::ALL.into_iter().rev() {
                f.write_str(if role.can(action) { " yes |" } else { " no |" })?;
            }
        }
        f.write_str("\n")
    }
}
