//! The permission table's 27 actions, as bit flags with their labels.
//!
//! Which role holds which actions is in [`crate::role`].

use core::fmt;

use bitflags::bitflags;

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
pub(crate) struct Quoted(pub(crate) &'static str);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{201c}{}\u{201d}", self.0)
    }
}
