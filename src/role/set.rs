//! Sets of built-in roles: who holds a permission, as a denial names them.

use core::fmt;

use bitflags::bitflags;

use super::{Capability, Role};
use crate::permission::Permission;

bitflags! {
    /// A set of built-in roles, such as the roles that hold a permission.
    ///
    /// ```
    /// use orgmodel::{Capability, Permission, Role, RoleSet};
    ///
    /// let holders = RoleSet::holding(Permission::EDIT_PRODUCTION_ENVIRONMENT, Capability::empty());
    /// assert_eq!(holders.roles().collect::<Vec<_>>(), [Role::Owner, Role::Admin, Role::DevOps]);
    /// assert_eq!(holders.to_string(), "Owner, Admin and DevOps");
    /// assert!(RoleSet::holding(Permission::MANAGE_BILLING, Capability::empty()).contains(RoleSet::BILLING_MANAGER));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct RoleSet: u8 {
        /// [`Role::Owner`].
        const OWNER = 1 << 0;
        /// [`Role::Admin`].
        const ADMIN = 1 << 1;
        /// [`Role::DevOps`].
        const DEVOPS = 1 << 2;
        /// [`Role::Developer`].
        const DEVELOPER = 1 << 3;
        /// [`Role::Viewer`].
        const VIEWER = 1 << 4;
        /// [`Role::BillingManager`].
        const BILLING_MANAGER = 1 << 5;
    }
}

impl RoleSet {
    /// The set holding `role` alone.
    pub const fn of(role: Role) -> Self {
        match role {
            Role::Owner => RoleSet::OWNER,
            Role::Admin => RoleSet::ADMIN,
            Role::DevOps => RoleSet::DEVOPS,
            Role::Developer => RoleSet::DEVELOPER,
            Role::Viewer => RoleSet::VIEWER,
            Role::BillingManager => RoleSet::BILLING_MANAGER,
        }
    }

    /// The built-in roles that hold every action of `permission` and every
    /// capability of `capability` (empty when none does).
    pub const fn holding(permission: Permission, capability: Capability) -> Self {
        let mut set = RoleSet::empty();
        let mut rest: &[Role] = &Role::ALL;
        while let [role, tail @ ..] = rest {
            if role.can(permission) && role.has(capability) {
                set = set.union(RoleSet::of(*role));
            }
            rest = tail;
        }
        set
    }

    /// The roles of the set, as [`Role::ALL`] orders them.
    pub fn roles(self) -> impl Iterator<Item = Role> + Clone {
        Role::ALL
            .into_iter()
            .filter(move |role| self.contains(RoleSet::of(*role)))
    }
}

/// The roles' names: "Owner", "Owner and Admin", "Owner, Admin and DevOps".
impl fmt::Display for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.roles().count();
        for (i, role) in self.roles().enumerate() {
            match (i, count - i) {
                (0, _) => {}
                (_, 1) => f.write_str(" and ")?,
                _ => f.write_str(", ")?,
            }
            write!(f, "{role}")?;
        }
        Ok(())
    }
}
