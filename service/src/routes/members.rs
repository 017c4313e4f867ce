//! Members, invitations and the transfer of ownership.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use orgmodel::{
    Action, Command, Email, Invitation, MemberRoleUpdateRequest, Resource, Role, RoleRef, UserId,
};
use serde_json::Value;

use super::{App, Reply, body, caller, check, field, member, principal, read, run};
use crate::error::ApiError;
use crate::state::{Held, now};
use crate::wire;

/// How long an invitation made through the API stays valid.
const INVITATION_DAYS: u64 = 7;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/organization/{organization}/member",
            get(members).put(change_role).delete(remove),
        )
        .route(
            "/organization/{organization}/inviteMember",
            get(invitations).post(invite),
        )
        .route(
            "/organization/{organization}/inviteMember/{invitation}",
            get(invitation).post(accept).delete(revoke),
        )
        .route(
            "/organization/{organization}/transferOwnership",
            post(transfer),
        )
}

async fn members(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let list = held.org.members().map(|one| wire::member(held, one));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

/// `MemberRoleUpdateRequest`: the crate reads it.
async fn change_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request: MemberRoleUpdateRequest = read(body(bytes)?, "a role update")?;
        let user = request.member.clone();
        let command = Command::from(request);
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let updated = held.org.member(&user).map(|one| wire::member(held, one));
        Ok(Reply::ok(updated.unwrap_or_default(), held.org.revision()))
    })
    .await
}

async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request = body(bytes)?;
        let user: UserId = field(&request, "user_id")?.parse()?;
        let command = Command::RemoveMember { member: user };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

async fn invitations(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let now = now();
        let base = inner.base_url.clone();
        let held = inner.get(&organization)?;
        member(held, &who, now)?;
        let list = held
            .org
            .invitations()
            .iter()
            .map(|one| wire::invitation(held, &base, one, now));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

/// The role an `InviteMemberRequest` names: `role_id` (a built-in role's
/// name or fixed id, or a custom role's id), else `role`.
fn role_of(request: &Value) -> Result<RoleRef, ApiError> {
    match (request.get("role_id"), request.get("role")) {
        (Some(role_id), _) if !role_id.is_null() => read(role_id.clone(), "role_id"),
        (_, Some(role)) if !role.is_null() => {
            let role: Role = read(role.clone(), "role")?;
            Ok(role.into())
        }
        _ => Err(ApiError::invalid("an invitation needs `role` or `role_id`")),
    }
}

async fn invite(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request = body(bytes)?;
        let email = Email::new(field(&request, "email")?)?;
        let role = role_of(&request)?;
        let expires_at = now().plus_seconds(INVITATION_DAYS * 86_400);
        let command = Command::Invite {
            email: email.clone(),
            role,
            expires_at,
        };
        let base = inner.base_url.clone();
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let made = held
            .org
            .invitation(&email)
            .ok_or_else(|| ApiError::store("the invitation is not there"))?;
        Ok(Reply::json(
            StatusCode::CREATED,
            wire::invitation(held, &base, made, now()),
            held.org.revision(),
        ))
    })
    .await
}

/// The invitation whose id is `id`.
fn find<'a>(held: &'a Held, id: &str) -> Result<&'a Invitation, ApiError> {
    let org = held.org.id().as_str();
    held.org
        .invitations()
        .iter()
        .find(|one| wire::invitation_id(org, one) == id)
        .ok_or_else(|| ApiError::not_found("no_such_invitation", format!("no invitation {id}")))
}

async fn invitation(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, id)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let now = now();
        let base = inner.base_url.clone();
        let held = inner.get(&organization)?;
        member(held, &who, now)?;
        let found = find(held, &id)?;
        Ok(Reply::ok(
            wire::invitation(held, &base, found, now),
            held.org.revision(),
        ))
    })
    .await
}

/// The caller accepts the invitation.
async fn accept(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, id)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let base = inner.base_url.clone();
        let held = inner.get(&organization)?;
        let accepted = wire::invitation(held, &base, find(held, &id)?, now());
        let (held, _) = inner.write(&organization, &who, expected, |held| {
            let email = find(held, &id)?.email.clone();
            Ok(vec![Command::AcceptInvitation { email }])
        })?;
        Ok(Reply::json(
            StatusCode::CREATED,
            accepted,
            held.org.revision(),
        ))
    })
    .await
}

async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, id)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let (held, _) = inner.write(&organization, &who, expected, |held| {
            // Refusals reveal nothing: a caller who may not revoke learns
            // that before whether the invitation exists.
            let email = find(held, &id)
                .map_err(|missing| {
                    check(
                        held,
                        &who,
                        now(),
                        Action::InviteMembers,
                        Resource::Organization,
                    )
                    .err()
                    .unwrap_or(missing)
                })?
                .email
                .clone();
            Ok(vec![Command::RevokeInvitation { email }])
        })?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

async fn transfer(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request = body(bytes)?;
        let to: UserId = field(&request, "user_id")?.parse()?;
        let command = Command::TransferOwnership { to };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}
