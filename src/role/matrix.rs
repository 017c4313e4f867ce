//! The role × action table, rendered as Markdown.

use core::fmt;

use super::Role;
use crate::permission::Permission;

/// The source document's table as Markdown: its four roles (Owner, Admin,
/// Developer, Viewer), one row per action in the table's order, `yes`/`no`
/// cells.
///
/// ```
/// let table = orgmodel::PermissionMatrix.to_string();
/// assert!(table.starts_with("| Action | Owner | Admin | Developer | Viewer |\n|---|"));
/// assert!(table.contains("| Delete organization | yes | no | no | no |\n"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct PermissionMatrix;

/// The same table for the six built-in roles, in [`Role::ALL`]'s order.
///
/// ```
/// let table = orgmodel::BuiltInMatrix.to_string();
/// assert!(table.starts_with("| Action | Owner | Admin | DevOps | Developer | Viewer | Billing Manager |\n"));
/// assert!(table.contains("| Manage billing | yes | yes | no | no | no | yes |\n"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct BuiltInMatrix;

impl fmt::Display for PermissionMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_matrix(f, &Role::SOURCE)
    }
}

impl fmt::Display for BuiltInMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_matrix(f, &Role::ALL)
    }
}

fn write_matrix(f: &mut fmt::Formatter<'_>, roles: &[Role]) -> fmt::Result {
    f.write_str("| Action |")?;
    for role in roles {
        write!(f, " {role} |")?;
    }
    f.write_str("\n|---|")?;
    for _ in roles {
        f.write_str("---|")?;
    }
    for (action, label) in Permission::TABLE {
        write!(f, "\n| {label} |")?;
        for role in roles {
            f.write_str(if role.can(action) { " yes |" } else { " no |" })?;
        }
    }
    f.write_str("\n")
}
