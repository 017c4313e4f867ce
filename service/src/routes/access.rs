//! Roles and API tokens: available roles, custom roles, tokens.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get};
use orgmodel::{
    ApiTokenId, AvailableRoles, Command, CreateApiTokenRequest, CreateCustomRoleRequest,
    CustomRoleId, UpdateCustomRoleRequest,
};
use serde_json::{Value, json};

use super::{App, Reply, body, caller, fresh_id, member, principal, read, run};
use crate::error::ApiError;
use crate::state::now;
use crate::wire;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/organization/{organization}/availableRole", get(available))
        .route(
            "/organization/{organization}/customRole",
            get(custom_roles).post(create_role),
        )
        .route(
            "/organization/{organization}/customRole/{role}",
            get(custom_role).put(update_role).delete(delete_role),
        )
        .route(
            "/organization/{organization}/apiToken",
            get(tokens).post(create_token),
        )
        .route(
            "/organization/{organization}/apiToken/{token}",
            delete(delete_token),
        )
}

async fn available(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let list = serde_json::to_value(AvailableRoles(held.org.custom_roles()))
            .map_err(|error| ApiError::store(error.to_string()))?;
        Ok(Reply::ok(list, held.org.revision()))
    })
    .await
}

async fn custom_roles(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let list = held
            .org
            .custom_roles()
            .iter()
            .map(|role| wire::custom_role(held, role));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

async fn create_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request: CreateCustomRoleRequest = read(body(bytes)?, "a custom role")?;
        let id: CustomRoleId = fresh_id()?;
        let command = Command::CreateCustomRole {
            role: id.clone(),
            name: request.name().clone(),
            description: request.description().to_owned(),
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let role = held
            .org
            .custom_role(&id)
            .map(|role| wire::custom_role(held, role));
        Ok(Reply::json(
            StatusCode::CREATED,
            role.unwrap_or_default(),
            held.org.revision(),
        ))
    })
    .await
}

/// A custom role id, or 404 (an id the crate cannot even read names no role).
fn role_id(text: &str) -> Result<CustomRoleId, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("no_such_role", format!("no custom role {text:?}")))
}

async fn custom_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, role)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let found = held
            .org
            .custom_role(&role_id(&role)?)
            .ok_or_else(|| ApiError::not_found("no_such_role", format!("no custom role {role}")))?;
        Ok(Reply::ok(
            wire::custom_role(held, found),
            held.org.revision(),
        ))
    })
    .await
}

async fn update_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, role)): Path<(String, String)>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let id = role_id(&role)?;
        let request: UpdateCustomRoleRequest = read(body(bytes)?, "a custom role's definition")?;
        let command = Command::UpdateCustomRole {
            role: request.into_role(id.clone()),
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let role = held
            .org
            .custom_role(&id)
            .map(|role| wire::custom_role(held, role));
        Ok(Reply::ok(role.unwrap_or_default(), held.org.revision()))
    })
    .await
}

async fn delete_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, role)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let command = Command::DeleteCustomRole {
            role: role_id(&role)?,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

async fn tokens(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let list = held
            .org
            .tokens()
            .iter()
            .map(|token| wire::token(held, token));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

/// A new token; its `token` (the credential) is its id, which the
/// stand-in identity takes as `Authorization: Token <id>`.
async fn create_token(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request: CreateApiTokenRequest = read(body(bytes)?, "an API token")?;
        let id: ApiTokenId = fresh_id()?;
        let command = request.into_command(id.clone(), None);
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let mut made = held
            .org
            .token(&id)
            .map(|token| wire::token(held, token))
            .unwrap_or_default();
        if let Value::Object(object) = &mut made {
            object.insert("token".into(), json!(id));
        }
        Ok(Reply::json(StatusCode::CREATED, made, held.org.revision()))
    })
    .await
}

async fn delete_token(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, token)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let token: ApiTokenId = token
            .parse()
            .map_err(|_| ApiError::not_found("no_such_token", format!("no token {token:?}")))?;
        let command = Command::DeleteApiToken { token };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}
