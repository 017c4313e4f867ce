//! The request that creates an API token, as the API takes it: a name, a
//! description and a role. It carries neither the token's id nor its
//! expiry: the service chooses them, and
//! [`CreateApiTokenRequest::into_token`] and
//! [`CreateApiTokenRequest::into_command`] take them.

use alloc::string::String;

use super::execute::Command;
use crate::id::ApiTokenId;
use crate::member::ApiToken;
use crate::role::{Role, RoleRef};
use crate::text::{Name, check_text};
use crate::time::Timestamp;
use crate::validation::{Problem, ValidationError};

/// A request to create an API token (the API's
/// `OrganizationApiTokenCreateRequest`): a name, a description and the
/// role the token holds, a built-in role but Owner or a custom role.
///
/// On the wire the role is `role_id`: a custom role's id, or a built-in
/// role's name or fixed id ([`Role::id`]); `role_name` and the deprecated
/// `role` are read as for a member. The deprecated `scope` is read only
/// where no role is given: `"ADMIN"` (the one value it had) is then the
/// Admin role; beside a role it is ignored.
///
/// ```
/// use orgmodel::*;
///
/// let request = CreateApiTokenRequest::new(Name::new("CI")?, "the pipeline", Role::Developer)?;
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// let token = request.clone().into_token("t-ci".parse()?, Some(now.plus_seconds(3_600)));
/// assert_eq!((token.name.as_str(), &token.role), ("CI", &RoleRef::from(Role::Developer)));
/// assert!(matches!(request.into_command("t-ci".parse()?, None), Command::CreateApiToken { .. }));
/// // No token holds the Owner role.
/// assert_eq!(CreateApiTokenRequest::new(Name::new("root")?, "", Role::Owner).unwrap_err().path(), "role_id");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CreateApiTokenRequest {
    name: Name,
    description: String,
    role: RoleRef,
}

impl CreateApiTokenRequest {
    /// A request for a token named `name` holding `role`.
    ///
    /// # Errors
    /// The Owner role at `role_id` ([`Problem::OwnerToken`]); a description
    /// over [`crate::limits::TEXT`] characters, or holding control
    /// characters, at `description`. Whether a custom role is the
    /// organization's, and whether the creator may give it, are the
    /// organization's to check ([`crate::Organization::create_api_token`]).
    pub fn new(
        name: Name,
        description: impl Into<String>,
        role: impl Into<RoleRef>,
    ) -> Result<Self, ValidationError> {
        let (description, role) = (description.into(), role.into());
        check_token(&role, &description)?;
        Ok(CreateApiTokenRequest {
            name,
            description,
            role,
        })
    }

    /// The new token's name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The new token's description (empty when none was given).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The role the new token holds.
    pub fn role(&self) -> &RoleRef {
        &self.role
    }

    /// The token it creates, with the id the service gave it and its
    /// expiry, if any.
    pub fn into_token(self, id: ApiTokenId, expires_at: Option<Timestamp>) -> ApiToken {
        ApiToken {
            id,
            name: self.name,
            description: self.description,
            role: self.role,
            expires_at,
        }
    }

    /// The command that creates the token, with the id the service gave
    /// it and its expiry, if any.
    pub fn into_command(self, id: ApiTokenId, expires_at: Option<Timestamp>) -> Command {
        Command::CreateApiToken {
            token: id,
            name: self.name,
            description: self.description,
            role: self.role,
            expires_at,
        }
    }
}

/// What a token holds whatever its organization: any role but Owner (at
/// `role_id`), a description within its limit (at `description`).
pub(crate) fn check_token(role: &RoleRef, description: &str) -> Result<(), ValidationError> {
    if role.is_owner() {
        return Err(ValidationError::new(
            "role_id",
            Role::Owner.id(),
            Problem::OwnerToken,
        ));
    }
    check_text("description", description)
        .map_err(|problem| ValidationError::new("description", "", Problem::Value(problem)))
}
