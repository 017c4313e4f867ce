//! Explained authorization decisions.

use core::fmt;

use crate::category::ErrorCategory;
use crate::permission::{Labels, Permission, Role};

/// The outcome of a permission check, with its explanation.
///
/// ```
/// use orgmodel::{Decision, Permission, Role};
///
/// let decision = Role::Developer.decide(Permission::EDIT_PRODUCTION_ENVIRONMENT);
/// let Decision::Denied(denial) = decision else { unreachable!() };
/// assert_eq!(denial.missing, Permission::EDIT_PRODUCTION_ENVIRONMENT);
/// assert_eq!(denial.least_role, Some(Role::Admin));
/// assert_eq!(
///     denial.to_string(),
///     "a Developer lacks “Edit production environment”; an Admin or above has it",
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "decision", rename_all = "snake_case")
)]
pub enum Decision {
    /// The check passed: `role` holds every action of `permission`.
    Allowed {
        /// What was asked for.
        permission: Permission,
        /// The role that granted it.
        role: Role,
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
    /// The least privileged role that holds all of `permission`, if any does.
    pub least_role: Option<Role>,
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
    /// The user's role in the organization does not hold it.
    Role(Role),
    /// The user is not a member of the organization that owns the resource.
    NotAMember,
    /// The resource does not belong to the organization.
    UnknownResource,
    /// The action is not about this kind of resource (a database action on
    /// the organization itself): nobody may do it there.
    NotApplicable,
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

    /// The denial of `permission` for `reason`, with the least role that holds it.
    pub fn new(permission: Permission, reason: DenialReason) -> Self {
        let missing = match reason {
            DenialReason::Role(role) => permission.difference(role.permissions()),
            DenialReason::NotAMember
            | DenialReason::UnknownResource
            | DenialReason::NotApplicable => permission,
        };
        Denial {
            permission,
            missing,
            least_role: permission.least_role(),
            reason,
        }
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            DenialReason::Role(role) => {
                write!(f, "{} {role} lacks {}", article(role), Labels(self.missing))?;
            }
            DenialReason::NotAMember => write!(
                f,
                "not a member of the organization, so without {}",
                Labels(self.missing)
            )?,
            DenialReason::UnknownResource => write!(
                f,
                "the resource is not in the organization, so nobody there has {}",
                Labels(self.missing)
            )?,
            DenialReason::NotApplicable => {
                return write!(
                    f,
                    "{} does not apply to this kind of resource",
                    Labels(self.missing)
                );
            }
        }
        match self.least_role {
            Some(Role::Owner) => f.write_str("; only the Owner has it"),
            Some(role) => write!(f, "; {} {role} or above has it", article(role)),
            None => f.write_str("; no role has it"),
        }
    }
}

fn article(role: Role) -> &'static str {
    match role {
        Role::Admin => "an",
        Role::Owner | Role::Developer | Role::Viewer => "a",
    }
}

impl Role {
    /// Checks `permission` against this role, explaining a denial.
    pub fn decide(self, permission: Permission) -> Decision {
        if self.can(permission) {
            Decision::Allowed {
                permission,
                role: self,
            }
        } else {
            Decision::Denied(Denial::new(permission, DenialReason::Role(self)))
        }
    }
}
