//! The platform's organization endpoints: one handler per operation of the
//! OpenAPI subset, each a blocking function over the state (the store is
//! synchronous) run off the async threads, and the shared pieces: who is
//! asking, the revision a write is conditional on, the body, the reply.

mod access;
mod environments;
mod events;
mod infrastructure;
mod members;
mod organizations;
mod projects;

use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orgmodel::{Action, Decision, DenialReason, Principal, Resource, Timestamp};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::{Held, Inner};

/// The shared state of one process.
pub type App = Arc<Mutex<Inner>>;

/// A successful answer: its status, its JSON body, the organization's revision.
pub struct Reply {
    status: StatusCode,
    body: Option<Value>,
    revision: Option<u64>,
}

impl Reply {
    /// `status` with `body`, at `revision`.
    pub fn json(status: StatusCode, body: Value, revision: u64) -> Self {
        Reply {
            status,
            body: Some(body),
            revision: Some(revision),
        }
    }

    /// 200 with `body`, at `revision`.
    pub fn ok(body: Value, revision: u64) -> Self {
        Self::json(StatusCode::OK, body, revision)
    }

    /// 200 with `body`, of no one organization: no `ETag`.
    pub fn listed(body: Value) -> Self {
        Reply {
            status: StatusCode::OK,
            body: Some(body),
            revision: None,
        }
    }

    /// 204, at `revision`.
    pub fn empty(revision: u64) -> Self {
        Reply {
            status: StatusCode::NO_CONTENT,
            body: None,
            revision: Some(revision),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, axum::Json(body)).into_response(),
            None => self.status.into_response(),
        };
        if let Some(revision) = self.revision {
            if let Ok(value) = HeaderValue::from_str(&format!("\"{revision}\"")) {
                response.headers_mut().insert(header::ETAG, value);
            }
        }
        response
    }
}

/// Runs `work` on the state, off the async threads; a failure of the task
/// itself is a 500 with a JSON body, never a dropped connection.
pub async fn run<F>(app: App, who: Option<Principal>, work: F) -> Response
where
    F: FnOnce(&mut Inner) -> Result<Reply, ApiError> + Send + 'static,
{
    let done = tokio::task::spawn_blocking(move || {
        let mut inner = app.lock().unwrap_or_else(PoisonError::into_inner);
        work(&mut inner)
    })
    .await;
    match done {
        Ok(Ok(reply)) => reply.into_response(),
        // An id that names no organization (project, environment) the
        // service holds is refused as a stranger is, so that no id can be
        // probed: the crate's `not_a_member` (`no_valid_token` for a token).
        Ok(Err(ApiError::Unknown)) => match who {
            Some(who) => ApiError::stranger(&who).into_response(),
            None => ApiError::unauthenticated("no identity").into_response(),
        },
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::store("the request's task failed").into_response(),
    }
}

/// Who is asking: `Authorization: Bearer <user id>` for a person,
/// `Authorization: Token <API token id>` for a token.
pub fn principal(headers: &HeaderMap) -> Result<Principal, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthenticated(
            "no Authorization header: send `Bearer <user id>` or `Token <API token id>`",
        )
    })?;
    let text = value
        .to_str()
        .map_err(|_| ApiError::unauthenticated("the Authorization header is not text"))?;
    let (scheme, credential) = text.trim().split_once(' ').ok_or_else(|| {
        ApiError::unauthenticated(
            "the Authorization header is not `Bearer <user id>` or `Token <API token id>`",
        )
    })?;
    let credential = credential.trim();
    // Users and tokens are UUIDs, as the platform's are: anything else is
    // not a credential this service could have given.
    if uuid::Uuid::try_parse(credential).is_err() {
        return Err(ApiError::unauthenticated(
            "the Authorization header's id is not a UUID",
        ));
    }
    let garbled = |_| ApiError::unauthenticated("the Authorization header's id is not an id");
    if scheme.eq_ignore_ascii_case("bearer") {
        Ok(Principal::User(credential.parse().map_err(garbled)?))
    } else if scheme.eq_ignore_ascii_case("token") {
        Ok(Principal::ApiToken(credential.parse().map_err(garbled)?))
    } else {
        Err(ApiError::unauthenticated(
            "the Authorization scheme is neither `Bearer` nor `Token`",
        ))
    }
}

/// The revision a write is conditional on: `If-Match: "<revision>"`.
pub fn expected(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    // If-Match compares strongly (RFC 9110): a weak tag matches nothing,
    // which is what a revision no organization reaches stands for.
    if text.starts_with("W/") {
        return Ok(Some(u64::MAX));
    }
    let bare = text.trim_matches('"');
    bare.parse().map(Some).map_err(|_| {
        ApiError::bad_request(format!(
            "If-Match must be one ETag this service sent (\"<revision>\"), not {text:?}"
        ))
    })
}

/// Who is asking and the revision they read, or the refusal.
pub fn caller(headers: &HeaderMap) -> Result<(Principal, Option<u64>), ApiError> {
    Ok((principal(headers)?, expected(headers)?))
}

/// The body as JSON (`null` when empty).
pub fn body(bytes: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = bytes.map_err(|rejection| {
        let status = rejection.status();
        ApiError::new(status, "unreadable_body", rejection.body_text())
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes)
        .map_err(|error| ApiError::bad_request(format!("the body is not JSON: {error}")))
}

/// Reads a crate type from a JSON value: 422 with the crate's reason.
pub fn read<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|error| ApiError::invalid(format!("{what}: {error}")))
}

/// A string field of a body, or 422.
pub fn field<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    body.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid(format!("the body needs `{name}` (a string)")))
}

/// Membership: a member or a valid token of the organization reads it.
pub fn member(held: &Held, who: &Principal, now: Timestamp) -> Result<(), ApiError> {
    check(held, who, now, Action::ReadProject, Resource::Organization).or_else(|denied| {
        let allowed = match who {
            Principal::User(user) => held.org.allowed(user, Resource::Organization),
            Principal::ApiToken(token) => {
                held.org.allowed_token(token, now, Resource::Organization)
            }
        };
        if allowed.is_empty() {
            Err(denied)
        } else {
            Ok(())
        }
    })
}

/// The crate's check of `action` on `resource`: 403 with the denial.
pub fn check(
    held: &Held,
    who: &Principal,
    now: Timestamp,
    action: Action,
    resource: Resource<'_>,
) -> Result<(), ApiError> {
    let decision = match who {
        Principal::User(user) => held.org.check(user, action, resource),
        Principal::ApiToken(token) => held.org.check_token(token, now, action, resource),
    };
    match decision {
        // A stranger is told the same, whatever the id names.
        Decision::Denied(denial)
            if matches!(
                denial.reason,
                DenialReason::NotAMember | DenialReason::NoValidToken
            ) =>
        {
            Err(ApiError::stranger(who))
        }
        Decision::Denied(denial) => Err(ApiError::Denied(denial)),
        _ => Ok(()),
    }
}

/// A fresh id for what the service creates.
pub fn fresh_id<T: std::str::FromStr>() -> Result<T, ApiError> {
    uuid::Uuid::new_v4()
        .to_string()
        .parse()
        .map_err(|_| ApiError::store("a fresh id was refused"))
}

/// Every route.
pub fn router(app: App) -> Router {
    Router::new()
        .merge(organizations::routes())
        .merge(members::routes())
        .merge(access::routes())
        .merge(infrastructure::routes())
        .merge(projects::routes())
        .merge(environments::routes())
        .merge(events::routes())
        .with_state(app)
}
