//! Every refusal as one JSON body, `{"error": kind, "category", "status",
//! "message", …}`: the crate's errors as the crate writes them, the
//! service's own (no identity, a bad body, an operation it does not model)
//! in the same shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Why a request was not carried out.
#[derive(Debug)]
pub enum ApiError {
    /// The crate refused: its kind, category and status.
    Crate(orgmodel::Error),
    /// A check on a read was denied: the crate's decision, explained.
    Denied(orgmodel::Denial),
    /// An organization, project or environment id that names nothing the
    /// service holds (or a deleted organization): answered as a stranger.
    Unknown,
    /// The service refused before the crate was asked.
    Service {
        /// The HTTP status.
        status: StatusCode,
        /// A stable snake_case kind.
        kind: &'static str,
        /// What happened, for a person.
        message: String,
    },
}

impl ApiError {
    /// A refusal of the service's own.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError::Service {
            status,
            kind,
            message: message.into(),
        }
    }

    /// 401: no identity, or one the service cannot read.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// 404 for an id the service holds no organization, project or
    /// environment for.
    /// What a caller who is not a member is told, whether or not the
    /// organization exists.
    pub fn stranger(who: &orgmodel::Principal) -> Self {
        let error = match who {
            orgmodel::Principal::User(user) => {
                orgmodel::AccessError::NotAMember { user: user.clone() }
            }
            orgmodel::Principal::ApiToken(token) => orgmodel::AccessError::NoValidToken {
                token: token.clone(),
            },
        };
        ApiError::Crate(error.into())
    }

    pub fn not_found(kind: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, kind, message)
    }

    /// 422: a body or parameter the crate cannot read.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message)
    }

    /// 400: a body that is not JSON, or not the request's shape.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 500: the store failed.
    pub fn store(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "store_failed", message)
    }

    /// 501: an operation of the API the crate does not model.
    pub fn not_modeled(operation: &'static str, why: &'static str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "not_implemented",
            format!("{operation} is not served: {why}"),
        )
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Crate(error) => StatusCode::from_u16(error.category().http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            ApiError::Denied(_) | ApiError::Unknown => StatusCode::FORBIDDEN,
            ApiError::Service { status, .. } => *status,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        match self {
            ApiError::Crate(error) => serde_json::to_value(error).unwrap_or_else(|problem| {
                json!({"error": error.kind(), "status": self.status().as_u16(), "message": problem.to_string()})
            }),
            // `run` answers it as the caller's stranger error.
            ApiError::Unknown => json!({
                "error": "not_a_member",
                "category": "forbidden",
                "status": 403,
                "message": "not a member of this organization",
            }),
            ApiError::Denied(denial) => json!({
                "error": "denied",
                "category": "forbidden",
                "status": 403,
                "message": denial.to_string(),
                "denial": denial,
            }),
            ApiError::Service {
                status,
                kind,
                message,
            } => {
                let category = match status.as_u16() {
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not_found",
                    409 => "conflict",
                    412 => "stale",
                    413 => "too_large",
                    400 | 422 => "invalid",
                    501 => "not_implemented",
                    _ => "unavailable",
                };
                json!({"error": kind, "category": category, "status": status.as_u16(), "message": message})
            }
        }
    }
}

macro_rules! from_crate {
    ($($ty:ty),*) => {$(
        impl From<$ty> for ApiError {
            fn from(error: $ty) -> Self {
                ApiError::Crate(error.into())
            }
        }
    )*};
}

from_crate!(
    orgmodel::Error,
    orgmodel::InvalidValue,
    orgmodel::ValidationError,
    orgmodel::ApplyError,
    orgmodel::StaleRevision,
    orgmodel::SettingsError,
    orgmodel::MemberError,
    orgmodel::AccessError,
    orgmodel::ClusterError,
    orgmodel::ProjectError,
    orgmodel::CustomRoleError,
    orgmodel::ApiTokenError
);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, axum::Json(self.body())).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer, Token"),
            );
        }
        response
    }
}
