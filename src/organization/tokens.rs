//! API tokens: the organization's machine principals. Create and delete
//! them, and [`ApiTokenError`], the error of the commands on tokens.

use super::Organization;
use super::authorize::AccessError;
use super::events::Event;
use super::recorded::Recorded;
use crate::category::ErrorCategory;
use crate::decision::{Denial, DenialReason};
use crate::environment::Mode;
use crate::id::{ApiTokenId, CustomRoleId};
use crate::limits;
use crate::member::{Actor, ApiToken};
use crate::permission::Permission;
use crate::role::{Capability, ClusterLevel, Held, Role, RoleRef};
use crate::text::check_text;
use crate::time::Timestamp;
use crate::validation::{Problem, ValidationError};

/// Why a command on API tokens was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum ApiTokenError {
    /// Not a member, without *Manage API tokens*, or (creating) the
    /// token's role holds a permission the creator's lacks.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// No API token with this id.
    #[error("API token {token} is not in the organization", token = crate::text::Shown(.token.as_str()))]
    NoSuchToken {
        /// The token.
        token: ApiTokenId,
    },
    /// The token's role is a custom role the organization does not define.
    #[error("custom role {role} is not defined in the organization", role = crate::text::Shown(.role.as_str()))]
    NoSuchRole {
        /// The role.
        role: CustomRoleId,
    },
    /// The token is invalid: the Owner role, a description over its limit.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A token must expire after it is created.
    #[error("an API token created at {now} must expire after it, not at {expires_at}")]
    ExpiryNotAfterNow {
        /// The expiry asked for.
        expires_at: Timestamp,
        /// When the token was created.
        now: Timestamp,
    },
    /// An API token with this id already exists.
    #[error("API token {token} already exists", token = crate::text::Shown(.token.as_str()))]
    TokenExists {
        /// The token.
        token: ApiTokenId,
    },
    /// The organization holds as many API tokens as it may.
    #[error("{} holds at most {} {}", limit.holder(), limit.value(), limit.unit())]
    LimitReached {
        /// The limit it would pass.
        limit: limits::Limit,
        /// The size the command would have made.
        size: usize,
    },
}

impl ApiTokenError {
    /// A stable machine name: the access error's, the validation error's,
    /// or the variant's in snake case.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiTokenError::Access(error) => error.kind(),
            ApiTokenError::NoSuchToken { .. } => "no_such_token",
            ApiTokenError::NoSuchRole { .. } => "no_such_role",
            ApiTokenError::Invalid(error) => error.kind(),
            ApiTokenError::ExpiryNotAfterNow { .. } => "expiry_not_after_now",
            ApiTokenError::TokenExists { .. } => "token_exists",
            ApiTokenError::LimitReached { .. } => "limit_reached",
        }
    }

    /// Forbidden, not found, invalid or conflict.
    pub const fn category(&self) -> ErrorCategory {
        match self {
            ApiTokenError::Access(error) => error.category(),
            ApiTokenError::NoSuchToken { .. } | ApiTokenError::NoSuchRole { .. } => {
                ErrorCategory::NotFound
            }
            ApiTokenError::Invalid(_) | ApiTokenError::ExpiryNotAfterNow { .. } => {
                ErrorCategory::Invalid
            }
            ApiTokenError::TokenExists { .. } | ApiTokenError::LimitReached { .. } => {
                ErrorCategory::Conflict
            }
        }
    }
}

impl Organization {
    /// The API tokens, by id; some may have expired.
    pub fn tokens(&self) -> &[ApiToken] {
        self.tokens.as_slice()
    }

    /// The API token with this id, expired or not: a binary search.
    pub fn token(&self, id: &ApiTokenId) -> Option<&ApiToken> {
        self.token_index(id)
            .ok()
            .and_then(|at| self.tokens.as_slice().get(at))
    }

    fn token_index(&self, id: &ApiTokenId) -> Result<usize, usize> {
        self.tokens.search(id)
    }

    /// What the token's role holds here, if the token is the
    /// organization's and has not expired at `now`.
    #[inline]
    pub(super) fn held_by_token(&self, id: &ApiTokenId, now: Timestamp) -> Option<Held<'_>> {
        self.token(id)
            .filter(|token| !token.is_expired(now))
            .and_then(|token| self.held(&token.role))
    }

    /// Creates an API token. Needs *Manage API tokens* (Owner, Admin,
    /// DevOps), and the token's role may hold no permission the creator's
    /// role lacks: a DevOps cannot create an Admin or a Billing Manager
    /// token. Its role is any but Owner; its expiry, if any, after `now`.
    ///
    /// ```
    /// use orgmodel::*;
    ///
    /// let ada: UserId = "ada".parse()?;
    /// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
    /// let now = Timestamp::from_unix_seconds(0);
    /// let token = ApiToken { id: "t-ci".parse()?, name: Name::new("CI")?, description: String::new(), role: Role::Developer.into(), expires_at: Some(now.plus_seconds(60)) };
    /// org.create_api_token(&ada, now, token)?;
    /// let id: ApiTokenId = "t-ci".parse()?;
    /// assert!(org.check_token(&id, now, Action::ReadProject, Resource::Organization).is_allowed());
    /// assert!(!org.check_token(&id, now.plus_seconds(60), Action::ReadProject, Resource::Organization).is_allowed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// In this order: [`ApiTokenError::Access`] (not a member, without
    /// *Manage API tokens*, or a built-in role holding a permission the
    /// creator lacks, judged before anything is looked up);
    /// [`ApiTokenError::NoSuchRole`]; [`ApiTokenError::Access`] for a custom
    /// role holding somewhere a permission the creator lacks (no built-in
    /// role that manages tokens lacks any a custom role can hold);
    /// [`ApiTokenError::Invalid`] (the Owner role at `role_id`, a
    /// description over its limit); [`ApiTokenError::ExpiryNotAfterNow`];
    /// [`ApiTokenError::TokenExists`], [`ApiTokenError::LimitReached`].
    pub fn create_api_token<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        token: ApiToken,
    ) -> Result<Recorded, ApiTokenError> {
        let actor = actor.into();
        let creator = match self.authorize_capability(actor, now, Capability::MANAGE_API_TOKENS)? {
            Held::BuiltIn(role) => role,
            // Never reached: custom roles do not manage tokens.
            Held::Custom(_) => {
                let denial =
                    Denial::of_capability(Capability::MANAGE_API_TOKENS, DenialReason::CustomRole);
                return Err(denied(actor, denial));
            }
        };
        if let Some(role) = token.role.built_in() {
            within(actor, creator, Held::BuiltIn(role))?;
        }
        let held = match &token.role {
            RoleRef::BuiltIn(role) => Held::BuiltIn(*role),
            RoleRef::Custom(id) => self
                .custom_role(id)
                .map(Held::Custom)
                .ok_or_else(|| ApiTokenError::NoSuchRole { role: id.clone() })?,
        };
        within(actor, creator, held)?;
        if token.role.is_owner() {
            return Err(
                ValidationError::new("role_id", Role::Owner.id(), Problem::OwnerToken).into(),
            );
        }
        check_text("description", &token.description)
            .map_err(|error| ValidationError::new("description", "", Problem::Value(error)))?;
        if let Some(expires_at) = token.expires_at.filter(|&expires_at| expires_at <= now) {
            return Err(ApiTokenError::ExpiryNotAfterNow { expires_at, now });
        }
        let Err(at) = self.token_index(&token.id) else {
            return Err(ApiTokenError::TokenExists { token: token.id });
        };
        if self.tokens().len() >= limits::API_TOKENS {
            return Err(ApiTokenError::LimitReached {
                limit: limits::Limit::ApiTokens,
                size: self.tokens().len() + 1,
            });
        }
        let event = Event::ApiTokenCreated {
            token: token.id.clone(),
            name: token.name.clone(),
            description: token.description.clone(),
            role: token.role.clone(),
            expires_at: token.expires_at,
        };
        self.tokens.insert(at, token);
        Ok(self.record(actor, now, event))
    }

    /// Deletes an API token, expired or not. Needs *Manage API tokens*.
    ///
    /// # Errors
    /// In this order: [`ApiTokenError::Access`];
    /// [`ApiTokenError::NoSuchToken`].
    pub fn delete_api_token<'a>(
        &mut self,
        actor: impl Into<Actor<'a>>,
        now: Timestamp,
        token: &ApiTokenId,
    ) -> Result<Recorded, ApiTokenError> {
        let actor = actor.into();
        self.authorize_capability(actor, now, Capability::MANAGE_API_TOKENS)?;
        let at = self
            .token_index(token)
            .map_err(|_| ApiTokenError::NoSuchToken {
                token: token.clone(),
            })?;
        self.tokens.remove(at);
        Ok(self.record(
            actor,
            now,
            Event::ApiTokenDeleted {
                token: token.clone(),
            },
        ))
    }
}

/// Refuses a token whose role `held` holds somewhere a row or a
/// capability that `creator`, a built-in role (which holds its rows
/// everywhere), lacks: the creator's denial of what `held` reaches.
fn within(actor: Actor<'_>, creator: Role, held: Held<'_>) -> Result<(), ApiTokenError> {
    let (rows, capabilities) = reach(held);
    let reason = DenialReason::Role(creator);
    if !creator.can(rows) {
        Err(denied(actor, Denial::new(rows, reason)))
    } else if !creator.has(capabilities) {
        Err(denied(actor, Denial::of_capability(capabilities, reason)))
    } else {
        Ok(())
    }
}

fn denied(actor: Actor<'_>, denial: Denial) -> ApiTokenError {
    AccessError::Denied {
        actor: actor.to_principal(),
        denial,
    }
    .into()
}

/// Every row `held` holds somewhere in the organization (on any project,
/// mode or cluster), and its capabilities.
fn reach(held: Held<'_>) -> (Permission, Capability) {
    match held {
        Held::BuiltIn(role) => (role.permissions(), role.capabilities()),
        Held::Custom(custom) => {
            let clusters = if custom.highest_cluster_level() == ClusterLevel::Admin {
                Permission::CONNECT_TO_KUBERNETES_CLUSTER
            } else {
                Permission::empty()
            };
            let projects = custom
                .projects()
                .fold(Permission::empty(), |rows, (_, access)| {
                    Mode::ALL
                        .into_iter()
                        .fold(rows, |rows, mode| rows | access.rows(mode))
                });
            (
                held.rows_on_organization() | clusters | projects,
                Capability::empty(),
            )
        }
    }
}
