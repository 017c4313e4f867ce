//! Environments: listed and created in a project, read and deleted by id.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use orgmodel::{Action, Command, CreateEnvironmentRequest, EnvironmentId, ProjectId, Resource};

use super::projects::{id, not_modeled, readable};
use super::{App, Reply, body, caller, check, fresh_id, principal, read, run};
use crate::error::ApiError;
use crate::state::now;
use crate::wire;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/project/{project}/environment",
            get(environments).post(create_environment),
        )
        .route(
            "/environment/{environment}",
            get(environment)
                .put(edit_environment)
                .delete(delete_environment),
        )
}

async fn edit_environment(headers: HeaderMap) -> Response {
    not_modeled(
        &headers,
        "editEnvironment",
        "the crate creates and deletes environments; it does not edit one",
    )
}

async fn environments(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let now = now();
        let organization = inner.by_project(&project)?;
        let held = inner.get(&organization)?;
        let project_id: ProjectId = id(&project, "no_such_project")?;
        let found = readable(held, &who, &project_id)?;
        // A custom role sees only the environments of the modes it reads.
        let list = found
            .environments()
            .iter()
            .filter(|one| {
                let resource = Resource::Environment {
                    project: &project_id,
                    environment: &one.id,
                };
                check(held, &who, now, Action::ReadEnvironment, resource).is_ok()
            })
            .map(|one| wire::environment(held, found, one));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

async fn create_environment(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let project: ProjectId = id(&project, "no_such_project")?;
        let request: CreateEnvironmentRequest = read(body(bytes)?, "an environment request")?;
        let environment: EnvironmentId = fresh_id()?;
        let command = Command::CreateEnvironment {
            project: project.clone(),
            environment: environment.clone(),
            request,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let made = held
            .org
            .environment(&environment)
            .map(|(in_project, one)| wire::environment(held, in_project, one));
        Ok(Reply::json(
            StatusCode::CREATED,
            made.unwrap_or_default(),
            held.org.revision(),
        ))
    })
    .await
}

async fn environment(
    State(app): State<App>,
    headers: HeaderMap,
    Path(environment): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let (organization, project) = inner.by_environment(&environment)?;
        let held = inner.get(&organization)?;
        let project: ProjectId = id(&project, "no_such_project")?;
        let environment: EnvironmentId = id(&environment, "no_such_environment")?;
        let resource = Resource::Environment {
            project: &project,
            environment: &environment,
        };
        check(held, &who, now(), Action::ReadEnvironment, resource)?;
        let (in_project, one) = held.org.environment(&environment).ok_or_else(|| {
            ApiError::not_found(
                "no_such_environment",
                format!("no environment {environment}"),
            )
        })?;
        Ok(Reply::ok(
            wire::environment(held, in_project, one),
            held.org.revision(),
        ))
    })
    .await
}

async fn delete_environment(
    State(app): State<App>,
    headers: HeaderMap,
    Path(environment): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let (organization, project) = inner.by_environment(&environment)?;
        let command = Command::DeleteEnvironment {
            project: id(&project, "no_such_project")?,
            environment: id(&environment, "no_such_environment")?,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}
