//! Projects, their deployment rules and environments.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use orgmodel::{Action, Command, DeploymentRule, Name, ProjectId, Resource, RuleId};
use serde_json::{Value, json};

use super::{App, Reply, body, caller, check, field, fresh_id, member, principal, read, run};
use crate::error::ApiError;
use crate::state::{Held, now};
use crate::wire;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/organization/{organization}/project",
            get(projects).post(add),
        )
        .route(
            "/project/{project}",
            get(project).put(rename).delete(remove),
        )
        .route(
            "/project/{project}/deploymentRule",
            get(rules).post(add_rule),
        )
        .route("/project/{project}/deploymentRule/order", put(reorder))
        .route(
            "/project/{project}/deploymentRule/{rule}",
            get(rule).put(edit_rule).delete(remove_rule),
        )
}

/// A path id as a crate id, or the 404 of a missing one.
pub(super) fn id<T: std::str::FromStr>(text: &str, kind: &'static str) -> Result<T, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found(kind, format!("nothing has the id {text:?}")))
}

/// The project, after the crate's check of *Read project*.
pub(super) fn readable<'a>(
    held: &'a Held,
    who: &orgmodel::Principal,
    project: &ProjectId,
) -> Result<&'a orgmodel::Project, ApiError> {
    check(
        held,
        who,
        now(),
        Action::ReadProject,
        Resource::Project(project),
    )?;
    held.org
        .project(project)
        .ok_or_else(|| ApiError::not_found("no_such_project", format!("no project {project}")))
}

async fn projects(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let now = now();
        let held = inner.get(&organization)?;
        member(held, &who, now)?;
        let list = held
            .org
            .projects()
            .iter()
            .filter(|one| {
                check(
                    held,
                    &who,
                    now,
                    Action::ReadProject,
                    Resource::Project(one.id()),
                )
                .is_ok()
            })
            .map(|one| wire::project(held, one));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

async fn add(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let request = body(bytes)?;
        let name = Name::new(field(&request, "name")?)?;
        let id: ProjectId = fresh_id()?;
        let command = Command::AddProject {
            project: id.clone(),
            name,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let made = held.org.project(&id).map(|one| wire::project(held, one));
        Ok(Reply::ok(made.unwrap_or_default(), held.org.revision()))
    })
    .await
}

async fn project(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let held = inner.get(&organization)?;
        let found = readable(held, &who, &id(&project, "no_such_project")?)?;
        Ok(Reply::ok(wire::project(held, found), held.org.revision()))
    })
    .await
}

async fn rename(headers: HeaderMap) -> Response {
    not_modeled(
        &headers,
        "editProject",
        "the crate has no command that renames a project",
    )
}

async fn edit_rule(headers: HeaderMap) -> Response {
    not_modeled(
        &headers,
        "editProjectDeployemtnRule",
        "the crate adds, removes and reorders rules; it does not edit one",
    )
}

/// 501 for an operation the crate does not model (401 first without identity).
pub(super) fn not_modeled(
    headers: &HeaderMap,
    operation: &'static str,
    why: &'static str,
) -> Response {
    let error = match principal(headers) {
        Ok(_) => ApiError::not_modeled(operation, why),
        Err(error) => error,
    };
    axum::response::IntoResponse::into_response(error)
}

async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let command = Command::DeleteProject {
            project: id(&project, "no_such_project")?,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

async fn rules(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let held = inner.get(&organization)?;
        let found = readable(held, &who, &id(&project, "no_such_project")?)?;
        let list = found
            .deployment_rules()
            .iter()
            .map(|one| wire::rule(held, one));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

/// `ProjectDeploymentRuleRequest`, with the id the service gives it, read
/// by the crate; without `priority_index`, the rule goes last.
async fn add_rule(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let project: ProjectId = id(&project, "no_such_project")?;
        let request = body(bytes)?;
        if !request.is_object() {
            return Err(ApiError::invalid("a deployment rule is an object"));
        }
        let rule_id: RuleId = fresh_id()?;
        let (held, _) = inner.write(&organization, &who, expected, |held| {
            let mut request = request.clone();
            let count = held
                .org
                .project(&project)
                .map_or(0, |one| one.deployment_rules().iter().count());
            if let Value::Object(object) = &mut request {
                object.insert("id".into(), json!(rule_id));
                if object.get("priority_index").is_none_or(Value::is_null) {
                    object.insert("priority_index".into(), json!(count));
                }
            }
            let rule: DeploymentRule = read(request, "a deployment rule")?;
            Ok(vec![Command::AddRule {
                project: project.clone(),
                rule,
            }])
        })?;
        let made = held
            .org
            .project(&project)
            .and_then(|one| one.deployment_rules().get(&rule_id))
            .map(|one| wire::rule(held, one));
        Ok(Reply::json(
            StatusCode::CREATED,
            made.unwrap_or_default(),
            held.org.revision(),
        ))
    })
    .await
}

async fn rule(
    State(app): State<App>,
    headers: HeaderMap,
    Path((project, rule)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let held = inner.get(&organization)?;
        let found = readable(held, &who, &id(&project, "no_such_project")?)?;
        let one = found
            .deployment_rules()
            .get(&id(&rule, "no_such_rule")?)
            .ok_or_else(|| ApiError::not_found("no_such_rule", format!("no rule {rule}")))?;
        Ok(Reply::ok(wire::rule(held, one), held.org.revision()))
    })
    .await
}

async fn remove_rule(
    State(app): State<App>,
    headers: HeaderMap,
    Path((project, rule)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let command = Command::RemoveRule {
            project: id(&project, "no_such_project")?,
            rule: id(&rule, "no_such_rule")?,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

async fn reorder(
    State(app): State<App>,
    headers: HeaderMap,
    Path(project): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let organization = inner.by_project(&project)?;
        let project: ProjectId = id(&project, "no_such_project")?;
        let request = body(bytes)?;
        let order: Vec<RuleId> = read(
            request
                .get("project_deployment_rule_ids_in_order")
                .cloned()
                .unwrap_or_else(|| json!([])),
            "project_deployment_rule_ids_in_order",
        )?;
        let command = Command::ReorderRules {
            project: project.clone(),
            order,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let list: Vec<Value> = held
            .org
            .project(&project)
            .map(|one| {
                one.deployment_rules()
                    .iter()
                    .map(|rule| wire::rule(held, rule))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}
