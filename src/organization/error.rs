//! Every error of the crate in one type, for a caller who handles them alike.

use super::{
    AccessError, ApiTokenError, ApplyError, ClusterError, CustomRoleError, MemberError,
    ProjectError, SettingsError, StaleRevision,
};
use crate::category::ErrorCategory;
use crate::id::{OrganizationId, UserId};
use crate::placement::PlacementError;
use crate::text::InvalidValue;
use crate::validation::ValidationError;

/// Why a user could not switch organization.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum SwitchError {
    /// The user does not belong to the organization.
    #[error("user {user} does not belong to organization {organization}", user = crate::text::Shown(.user.as_str()), organization = crate::text::Shown(.organization.as_str()))]
    NotAMember {
        /// The user.
        user: UserId,
        /// The organization.
        organization: OrganizationId,
    },
}

impl SwitchError {
    /// `not_a_member`.
    pub const fn kind(&self) -> &'static str {
        match self {
            SwitchError::NotAMember { .. } => "not_a_member",
        }
    }

    /// [`ErrorCategory::Forbidden`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Forbidden
    }
}

/// Any error of the crate. Each command returns the error of its own concern
/// (a [`MemberError`], a [`ProjectError`], …); this type gathers them, with
/// `From` for each, so that a service can `?` them into one type and map
/// them by [`Error::kind`] and [`Error::category`].
///
/// ```
/// use orgmodel::*;
///
/// fn rename(org: &mut Organization, actor: &UserId, name: &str) -> Result<Option<Recorded>, orgmodel::Error> {
///     Ok(org.rename(actor, Timestamp::from_unix_seconds(0), Name::new(name)?)?)
/// }
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, "ada".parse()?, Email::new("ada@acme.dev")?);
/// let error = rename(&mut org, &"eve".parse()?, "Evil").unwrap_err();
/// assert_eq!((error.kind(), error.category().http_status()), ("not_a_member", 403));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum Error {
    /// A value was refused.
    #[error(transparent)]
    Value(#[from] InvalidValue),
    /// A list or document was refused.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// A placement was refused.
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// A command was refused before it looked anything up.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// A change of the organization's settings was refused.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A command on members or invitations was refused.
    #[error(transparent)]
    Member(#[from] MemberError),
    /// A command on cloud accounts or clusters was refused.
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    /// A command on projects, rules or environments was refused.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// A command on custom roles was refused.
    #[error(transparent)]
    CustomRole(#[from] CustomRoleError),
    /// A command on API tokens was refused.
    #[error(transparent)]
    ApiToken(#[from] ApiTokenError),
    /// A switch of organization was refused.
    #[error(transparent)]
    Switch(#[from] SwitchError),
    /// A conditional command met a newer revision.
    #[error(transparent)]
    Stale(#[from] StaleRevision),
    /// A recorded event did not apply.
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

impl Error {
    /// The stable machine name of the error inside.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Value(error) => error.kind(),
            Error::Validation(error) => error.kind(),
            Error::Placement(error) => error.kind(),
            Error::Access(error) => error.kind(),
            Error::Settings(error) => error.kind(),
            Error::Member(error) => error.kind(),
            Error::Cluster(error) => error.kind(),
            Error::Project(error) => error.kind(),
            Error::CustomRole(error) => error.kind(),
            Error::ApiToken(error) => error.kind(),
            Error::Switch(error) => error.kind(),
            Error::Stale(error) => error.kind(),
            Error::Apply(error) => error.kind(),
        }
    }

    /// The category of the error inside.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Error::Value(error) => error.category(),
            Error::Validation(error) => error.category(),
            Error::Placement(error) => error.category(),
            Error::Access(error) => error.category(),
            Error::Settings(error) => error.category(),
            Error::Member(error) => error.category(),
            Error::Cluster(error) => error.category(),
            Error::Project(error) => error.category(),
            Error::CustomRole(error) => error.category(),
            Error::ApiToken(error) => error.category(),
            Error::Switch(error) => error.category(),
            Error::Stale(error) => error.category(),
            Error::Apply(error) => error.category(),
        }
    }
}

#[cfg(test)]
mod catalogue;
#[cfg(test)]
mod tests;
