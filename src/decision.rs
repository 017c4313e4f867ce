//! Explained authorization decisions.

use core::fmt;

use crate::category::ErrorCategory;
use crate::environment::Mode;
use crate::permission::{Labels, Permission};
use crate::role::{Capability, CapabilityLabels, ClusterLevel, ProjectLevel, Role, RoleSet};

/// The outcome of a permission check, with its explanation.
///
/// ```
/// use orgmodel::{Decision, Permission, Role, RoleSet};
///
/// let decision = Role::Developer.decide(Permission::EDIT_PRODUCTION_ENVIRONMENT);
/// let Decision::Denied(denial) = decision else { unreachable!() };
/// assert_eq!(denial.missing, Permission::EDIT_PRODUCTION_ENVIRONMENT);
/// assert_eq!(denial.holders, RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS);
/// assert_eq!(
///     denial.to_string(),
///     "a Developer lacks “Edit production environment”; Owner, Admin and DevOps have it",
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "decision", rename_all = "snake_case")
)]
pub enum Decision {
    /// The check passed: `role` holds every action of `permission` (and
    /// every capability asked beyond the table).
    Allowed {
        /// What was asked for (empty when only a capability was).
        permission: Permission,
        /// The built-in role that granted it; `None` for a custom role.
        role: Option<Role>,
    },
    /// The check failed, and why.
    Denied(Denial),
}

impl Decision {
    /// Whether the check passed.
    #[inline]
    pub const fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }

    /// The denial as an error, for `?`.
    ///
    /// # Errors
    /// The [`Denial`], when the check failed.
    ///
    /// ```
    /// use orgmodel::{Permission, Role};
    ///
    /// assert!(Role::Owner.decide(Permission::DELETE_ORGANIZATION).into_result().is_ok());
    /// assert!(Role::Admin.decide(Permission::DELETE_ORGANIZATION).into_result().is_err());
    /// ```
    pub const fn into_result(self) -> Result<(), Denial> {
        match self {
            Decision::Allowed { .. } => Ok(()),
            Decision::Denied(denial) => Err(denial),
        }
    }
}

/// Why a check failed: what was asked, what was missing, and who would have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Denial {
    /// What was asked for.
    pub permission: Permission,
    /// The actions of `permission` that the user does not hold.
    pub missing: Permission,
    /// What was asked beyond the table's rows (empty for a row check), all
    /// of it missing.
    pub capability: Capability,
    /// The built-in roles that hold all of `permission` and `capability`.
    pub holders: RoleSet,
    /// Why the user does not hold them.
    pub reason: DenialReason,
}

/// Why the user does not hold a permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "kind", content = "role", rename_all = "snake_case")
)]
pub enum DenialReason {
    /// The user's built-in role in the organization does not hold it.
    Role(Role),
    /// The user's custom role does not hold it where it was asked (or the
    /// role's definition alone shows no success could need less).
    CustomRole,
    /// The user's custom role holds the rows, but one of its levels is
    /// below what creating an environment needs.
    Level(Shortfall),
    /// The user is not a member of the organization that owns the resource.
    NotAMember,
    /// The API token is not one of the organization's, or has expired: the
    /// two are refused alike, so that a refusal tells nothing of which
    /// token ids exist.
    NoValidToken,
    /// The resource does not belong to the organization.
    UnknownResource,
    /// The action is not about this kind of resource (a database action on
    /// the organization itself): nobody may do it there.
    NotApplicable,
}

/// Which level of a custom role falls short of what creating an
/// environment needs: `MANAGER` on the environment's mode and
/// `ENV_CREATOR` on its cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "part", rename_all = "snake_case")
)]
pub enum Shortfall {
    /// No mode of the project the caller named is at `MANAGER`. Judged
    /// from the role before the project is looked up, it says nothing of
    /// the project's levels: a project that does not exist is refused alike.
    AnyMode,
    /// No cluster is at `ENV_CREATOR` or above.
    AnyCluster,
    /// The level on the environment's resolved mode is below `MANAGER`.
    Mode {
        /// The mode.
        mode: Mode,
        /// The role's level there.
        level: ProjectLevel,
    },
    /// The level on the environment's resolved cluster is below `ENV_CREATOR`.
    Cluster {
        /// The role's level there.
        level: ClusterLevel,
    },
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shortfall::AnyMode => {
                f.write_str("creating an environment needs MANAGER on some mode of the project")
            }
            Shortfall::AnyCluster => {
                f.write_str("creating an environment needs ENV_CREATOR on some cluster")
            }
            Shortfall::Mode { mode, level } => write!(
                f,
                "its level on {mode} environments of the project is {level}, and creating one needs MANAGER"
            ),
            Shortfall::Cluster { level } => write!(
                f,
                "its level on the cluster is {level}, and creating an environment there needs ENV_CREATOR"
            ),
        }
    }
}

impl Denial {
    /// `denied`, as [`crate::AccessError::Denied`] reports it.
    pub const fn kind(&self) -> &'static str {
        "denied"
    }

    /// Always [`ErrorCategory::Forbidden`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Forbidden
    }

    /// The denial of `permission` for `reason`, with the roles that hold it.
    pub fn new(permission: Permission, reason: DenialReason) -> Self {
        Self::asking(permission, Capability::empty(), reason)
    }

    /// The denial of `capability` (beyond the table) for `reason`.
    pub fn of_capability(capability: Capability, reason: DenialReason) -> Self {
        Self::asking(Permission::empty(), capability, reason)
    }

    /// The denial of `permission` to a custom role that holds `held` there.
    pub(crate) fn lacking(permission: Permission, held: Permission, reason: DenialReason) -> Self {
        Denial {
            missing: permission.difference(held),
            ..Self::asking(permission, Capability::empty(), reason)
        }
    }

    fn asking(permission: Permission, capability: Capability, reason: DenialReason) -> Self {
        let missing = match reason {
            DenialReason::Role(role) => permission.difference(role.permissions()),
            DenialReason::CustomRole
            | DenialReason::Level(_)
            | DenialReason::NotAMember
            | DenialReason::NoValidToken
            | DenialReason::UnknownResource
            | DenialReason::NotApplicable => permission,
        };
        Denial {
            permission,
            missing,
            capability,
            holders: RoleSet::holding(permission, capability),
            reason,
        }
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lacked = Lacked(self);
        match self.reason {
            DenialReason::Role(role) => write!(f, "{} lacks {lacked}", role.with_article())?,
            DenialReason::CustomRole => write!(f, "the custom role lacks {lacked}")?,
            // Which built-in roles hold the row says nothing of levels.
            DenialReason::Level(shortfall) => {
                return write!(f, "the custom role lacks {lacked} here: {shortfall}");
            }
            DenialReason::NotAMember => {
                write!(f, "not a member of the organization, so without {lacked}")?;
            }
            DenialReason::NoValidToken => write!(
                f,
                "no valid API token of the organization (unknown or expired), so without {lacked}"
            )?,
            DenialReason::UnknownResource => write!(
                f,
                "the resource is not in the organization, so nobody there has {lacked}"
            )?,
            DenialReason::NotApplicable => {
                return write!(f, "{lacked} does not apply to this kind of resource");
            }
        }
        if self.holders == RoleSet::OWNER {
            f.write_str("; only the Owner has it")
        } else if self.holders.is_empty() {
            f.write_str("; no built-in role has it")
        } else if self.holders.roles().nth(1).is_none() {
            write!(f, "; only the {} role has it", self.holders)
        } else {
            write!(f, "; {} have it", self.holders)
        }
    }
}

/// What a denial says was lacking: its missing rows, or its capability.
struct Lacked<'a>(&'a Denial);

impl fmt::Display for Lacked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.missing.is_empty() && !self.0.capability.is_empty() {
            write!(f, "{}", CapabilityLabels(self.0.capability))
        } else {
            write!(f, "{}", Labels(self.0.missing))
        }
    }
}

impl Role {
    /// Checks `permission` against this role, explaining a denial.
    pub fn decide(self, permission: Permission) -> Decision {
        if self.can(permission) {
            Decision::Allowed {
                permission,
                role: Some(self),
            }
        } else {
            Decision::Denied(Denial::new(permission, DenialReason::Role(self)))
        }
    }
}

impl Role {
    /// Checks `capability` (beyond the table) against this role, explaining
    /// a denial.
    ///
    /// ```
    /// use orgmodel::{Capability, Role};
    ///
    /// assert!(Role::DevOps.decide_capability(Capability::MANAGE_CLUSTERS).is_allowed());
    /// let denial = Role::Developer.decide_capability(Capability::MANAGE_CLUSTERS).into_result().unwrap_err();
    /// assert_eq!(denial.to_string(), "a Developer lacks “Manage clusters and cloud accounts”; Owner, Admin and DevOps have it");
    /// ```
    pub fn decide_capability(self, capability: Capability) -> Decision {
        if self.has(capability) {
            Decision::Allowed {
                permission: Permission::empty(),
                role: Some(self),
            }
        } else {
            Decision::Denied(Denial::of_capability(capability, DenialReason::Role(self)))
        }
    }
}
