//! `/organization` and `/organization/{organizationId}`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use orgmodel::{Command, Email, Name, Organization, Plan, Principal};
use serde_json::Value;

use super::{App, Reply, body, caller, fresh_id, member, principal, read, run};
use crate::error::ApiError;
use crate::state::now;
use crate::wire;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/organization", get(list).post(create))
        .route(
            "/organization/{organization}",
            get(show).put(edit).delete(delete),
        )
}

/// The organizations the caller belongs to.
async fn list(State(app): State<App>, headers: HeaderMap) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let now = now();
        let found: Vec<Value> = inner
            .all()?
            .filter(|held| member(held, &who, now).is_ok())
            .map(wire::organization)
            .collect();
        Ok(Reply::listed(wire::results(found)))
    })
    .await
}

/// A new organization, owned by the caller.
async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let Principal::User(owner) = who else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "not_a_user",
                "an API token cannot create an organization",
            ));
        };
        let request = body(bytes)?;
        let name = Name::new(super::field(&request, "name")?)?;
        let plan: Plan = read(request.get("plan").cloned().unwrap_or_default(), "plan")?;
        let id: orgmodel::OrganizationId = fresh_id()?;
        // The owner's address: the first of `admin_emails`, else one made
        // from the organization's id (the stand-in identity has none).
        let given = request
            .get("admin_emails")
            .and_then(|emails| emails.get(0))
            .and_then(Value::as_str);
        let email = match given {
            Some(address) => Email::new(address)?,
            None => Email::new(format!("owner@{id}.invalid"))?,
        };
        let (org, created) = Organization::create(id.clone(), name, plan, owner, email, now());
        let revision = org.revision();
        inner.create(&created)?;
        let held = inner.get(id.as_str())?;
        Ok(Reply::json(
            StatusCode::CREATED,
            wire::organization(held),
            revision,
        ))
    })
    .await
}

async fn show(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        Ok(Reply::ok(wire::organization(held), held.org.revision()))
    })
    .await
}

/// Renames it, changes its plan and description, as one write.
async fn edit(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request = body(bytes)?;
        let name = Name::new(super::field(&request, "name")?)?;
        let mut commands = vec![Command::Rename { name }];
        if let Some(plan) = request.get("plan") {
            commands.push(Command::ChangePlan {
                plan: read(plan.clone(), "plan")?,
            });
        }
        if let Some(description) = request.get("description") {
            let description: Option<String> = read(description.clone(), "description")?;
            commands.push(Command::SetDescription { description });
        }
        let (held, _) = inner.write(&organization, &who, expected, |_| Ok(commands.clone()))?;
        Ok(Reply::ok(wire::organization(held), held.org.revision()))
    })
    .await
}

/// Deletes it: the owner's alone (the crate's `confirm_deletion`, with
/// the organization's own name as the confirmation the API does not ask).
async fn delete(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let held = inner.get(&organization)?;
        let revision = held.org.revision();
        let user = match &who {
            Principal::User(user) => user.clone(),
            Principal::ApiToken(_) => {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "not_a_user",
                    "an API token cannot delete an organization",
                ));
            }
        };
        held.org.confirm_deletion(&user, held.org.name().as_str())?;
        inner.delete(&organization, user.as_str())?;
        Ok(Reply::empty(revision))
    })
    .await
}
