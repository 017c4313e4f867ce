//! API tokens on the wire, as the API's `OrganizationApiToken` has them
//! (`id`, `name`, `description`, `role_id`, `role_name`; its `created_at`
//! ignored) with the crate's own optional `expires_at`; the request that
//! creates one (`OrganizationApiTokenCreateRequest`); and the tokens of an
//! organization, written with their custom roles' names
//! ([`ApiTokenDocument`], [`ApiTokenList`]).
//!
//! A token's role is read exactly as a member's (see `members.rs`): a
//! built-in role by its name, a custom role by its id. Alone, a token
//! holding the Owner role is refused at `role_id`, as
//! [`Organization::from_parts`] refuses it; in an organization document
//! (`api_tokens`) at `api_tokens[t].role_id`.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::bounded::refused;
use super::members::{role_wire, write_reference};
use super::{guard, lists, null_as_default};
use crate::id::ApiTokenId;
use crate::limits::Limit;
use crate::member::ApiToken;
use crate::organization::{CreateApiTokenRequest, Organization, check_token};
use crate::role::{Role, RoleRef};
use crate::text::{Name, excerpt};
use crate::time::Timestamp;
use crate::validation::ValidationError;

role_wire! {
    /// A token as the API writes it, with the crate's expiry (absent or
    /// `null`: it never expires).
    struct TokenWire {
        id: ApiTokenId,
        name: Name,
        #[serde(default, deserialize_with = "null_as_default")]
        description: String,
        #[serde(default)]
        expires_at: Option<Timestamp>,
    }
}

impl TokenWire<'_> {
    /// The token, its role reference resolved (and not yet checked).
    fn token<E: de::Error>(self) -> Result<ApiToken, E> {
        let role = self.reference().map_err(|problem| {
            refused(format_args!(
                "API token {}: {problem}",
                excerpt(self.id.as_str())
            ))
        })?;
        Ok(ApiToken {
            id: self.id,
            name: self.name,
            description: self.description,
            role,
            expires_at: self.expires_at,
        })
    }
}

/// Any role but Owner, a description within its limit: what a token holds
/// whatever its organization.
fn checked(token: &ApiToken) -> Result<(), ValidationError> {
    check_token(&token.role, &token.description)
}

impl<'de> Deserialize<'de> for ApiToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let token = guard::read(deserializer, TokenWire::deserialize)?.token()?;
        checked(&token).map_err(refused)?;
        Ok(token)
    }
}

/// An element of a document's `api_tokens`, its role resolved; the list
/// checks it (with its path) as soon as it is read.
struct Listed(ApiToken);

impl<'de> Deserialize<'de> for Listed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, TokenWire::deserialize)?;
        wire.token().map(Listed)
    }
}

/// The tokens of an organization document, each checked alone as soon as
/// it is read (refused past [`Limit::ApiTokens`] without keeping the
/// rest); the first that is not valid is the list's error, its path under
/// `api_tokens[t]`. Whether their ids are unique and their custom roles
/// the organization's is the organization's to check.
pub(super) fn api_tokens<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<lists::Made<ApiToken, ValidationError>, D::Error> {
    lists::made(deserializer, "api_tokens", |Listed(token), t| {
        ValidationError::check_count("api_tokens", t + 1, Limit::ApiTokens)?;
        checked(&token).map_err(|mut error| {
            error.field = format!("api_tokens[{t}].{}", error.field);
            error
        })?;
        Ok(token)
    })
}

/// A token as the API's `OrganizationApiToken` has it, its role by
/// `role_id` and `role_name`, and `expires_at` when it expires. Alone (in
/// commands, events) a custom role is written by its id only: its name is
/// the organization's (see [`ApiTokenDocument`]).
impl Serialize for ApiToken {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TokenWithName(self, None).serialize(serializer)
    }
}

/// A token with its custom role's name, if it has one.
pub(super) struct TokenWithName<'a>(pub(super) &'a ApiToken, pub(super) Option<&'a str>);

impl<'a> TokenWithName<'a> {
    /// `token` with the name `organization` gives its custom role.
    pub(super) fn of(organization: &'a Organization, token: &'a ApiToken) -> Self {
        let name = token
            .role
            .custom()
            .and_then(|id| organization.custom_role(id))
            .map(|role| role.name().as_str());
        TokenWithName(token, name)
    }
}

impl Serialize for TokenWithName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let TokenWithName(token, name) = self;
        let mut out = serializer.serialize_struct("OrganizationApiToken", 6)?;
        out.serialize_field("id", &token.id)?;
        out.serialize_field("name", &token.name)?;
        out.serialize_field("description", &token.description)?;
        write_reference(&mut out, &token.role, *name)?;
        match &token.expires_at {
            Some(expires_at) => out.serialize_field("expires_at", expires_at)?,
            None => out.skip_field("expires_at")?,
        }
        out.end()
    }
}

/// A token of an organization as the API's `GET …/apiToken` lists it
/// (`OrganizationApiToken`): its custom role's name (`role_name`) taken
/// from the organization, a built-in role by its fixed id ([`Role::id`])
/// and its name; `expires_at` when it expires.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Business, ada.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// let _ = org.create_custom_role(&ada, now, "r-1".parse()?, Name::new("On-call")?, String::new())?;
/// let request = CreateApiTokenRequest::new(Name::new("CI")?, "", RoleRef::Custom("r-1".parse()?))?;
/// let _ = org.create_api_token(&ada, now, request.into_token("t-ci".parse()?, None))?;
/// let token = org.token(&"t-ci".parse()?).unwrap();
/// let json = serde_json::to_value(ApiTokenDocument::new(&org, token))?;
/// assert_eq!((&json["role_id"], &json["role_name"]), (&"r-1".into(), &"On-call".into()));
/// // Alone, the role's name is not known.
/// assert!(serde_json::to_value(token)?.get("role_name").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ApiTokenDocument<'a> {
    organization: &'a Organization,
    token: &'a ApiToken,
}

impl<'a> ApiTokenDocument<'a> {
    /// The document of `token`, its custom role named by `organization`.
    pub fn new(organization: &'a Organization, token: &'a ApiToken) -> Self {
        ApiTokenDocument {
            organization,
            token,
        }
    }
}

impl Serialize for ApiTokenDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TokenWithName::of(self.organization, self.token).serialize(serializer)
    }
}

/// An organization's tokens as the API's `OrganizationApiTokenResponseList`
/// has them: `{"results": [...]}`, each token as [`ApiTokenDocument`]
/// writes it, by id. It writes borrowed.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_700_000_000);
/// let token = CreateApiTokenRequest::new(Name::new("terraform")?, "", Role::DevOps)?
///     .into_token("t-tf".parse()?, Some(now.plus_seconds(86_400)));
/// let _ = org.create_api_token(&ada, now, token)?;
/// let json = serde_json::to_value(ApiTokenList(&org))?;
/// assert_eq!(json["results"][0]["role_id"], Role::DevOps.id());
/// assert_eq!(json["results"][0]["role_name"], "DevOps");
/// assert_eq!(json["results"][0]["expires_at"], "2023-11-15T22:13:20Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ApiTokenList<'a>(pub &'a Organization);

impl Serialize for ApiTokenList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let organization = self.0;
        let mut out = serializer.serialize_struct("OrganizationApiTokenResponseList", 1)?;
        out.serialize_field("results", &Tokens(organization))?;
        out.end()
    }
}

/// The tokens of an organization, by id, each with its custom role's name.
pub(super) struct Tokens<'a>(pub(super) &'a Organization);

impl Serialize for Tokens<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let organization = self.0;
        serializer.collect_seq(
            organization
                .tokens()
                .iter()
                .map(|token| TokenWithName::of(organization, token)),
        )
    }
}

role_wire! {
    /// `OrganizationApiTokenCreateRequest`, with its deprecated `scope`.
    struct CreateWire {
        name: Name,
        #[serde(default, deserialize_with = "null_as_default")]
        description: String,
        #[serde(default, borrow)]
        scope: Option<Cow<'a, str>>,
    }
}

impl<'de> Deserialize<'de> for CreateApiTokenRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = guard::read(deserializer, CreateWire::deserialize)?;
        let unnamed = wire.role.is_none() && wire.role_id.is_none() && wire.role_name.is_none();
        let admin_scope = wire
            .scope
            .as_deref()
            .is_some_and(|scope| scope.eq_ignore_ascii_case("ADMIN"));
        let role = if unnamed && admin_scope {
            RoleRef::BuiltIn(Role::Admin)
        } else {
            wire.reference().map_err(|problem| {
                refused::<D::Error>(format_args!("an API token request: {problem}"))
            })?
        };
        CreateApiTokenRequest::new(wire.name, wire.description, role).map_err(refused)
    }
}

/// `OrganizationApiTokenCreateRequest`: `name`, `description` and
/// `role_id` (a built-in role's fixed id, or the custom role's); never the
/// deprecated `scope`.
impl Serialize for CreateApiTokenRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("OrganizationApiTokenCreateRequest", 3)?;
        out.serialize_field("name", self.name())?;
        out.serialize_field("description", self.description())?;
        match self.role() {
            RoleRef::BuiltIn(role) => out.serialize_field("role_id", role.id())?,
            RoleRef::Custom(id) => out.serialize_field("role_id", id)?,
        }
        out.end()
    }
}
