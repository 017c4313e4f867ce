//! The API's objects, as the crate writes them plus what the API's schemas
//! require beyond the crate's values: `created_at` (from the log), the
//! `organization` and `project` references, the invitation's link and id.

use orgmodel::{
    ApiToken, ApiTokenDocument, Cluster, CustomRoleDocument, Environment, Invitation, Member,
    Project, RoleRef, Timestamp,
};
use serde_json::{Map, Value, json};

use crate::state::Held;

/// `value` (an object) with `extra`'s fields added.
fn with(value: Value, extra: Value) -> Value {
    match (value, extra) {
        (Value::Object(mut object), Value::Object(extra)) => {
            object.extend(extra);
            Value::Object(object)
        }
        (value, _) => value,
    }
}

fn to_value(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// An invitation's id: a UUID derived from the organization and the
/// address, the same in every process and after every replay.
pub fn invitation_id(org: &str, invitation: &Invitation) -> String {
    let key = format!("{org}/{}", invitation.email.as_str().to_lowercase());
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes()).to_string()
}

/// An audit line's id: a UUID derived from the organization and the revision.
pub fn event_id(org: &str, revision: u64) -> String {
    let key = format!("{org}#{revision}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes()).to_string()
}

/// `Organization`.
pub fn organization(held: &Held) -> Value {
    let org = &held.org;
    let mut out = json!({
        "id": org.id(),
        "created_at": held.created_at,
        "name": org.name(),
        "plan": org.plan(),
        "owner": org.owner().id,
    });
    if let (Some(description), Value::Object(object)) = (org.description(), &mut out) {
        object.insert("description".into(), json!(description));
    }
    out
}

/// The name of a custom role a reference names.
fn role_name(held: &Held, role: &RoleRef) -> Option<String> {
    role.custom()
        .and_then(|id| held.org.custom_role(id))
        .map(|custom| custom.name().as_str().to_owned())
}

/// `Member`.
pub fn member(held: &Held, member: &Member) -> Value {
    let mut out = with(
        to_value(member),
        json!({"created_at": held.created(member.id.as_str())}),
    );
    if let (Some(name), Value::Object(object)) = (role_name(held, &member.role), &mut out) {
        object.insert("role_name".into(), json!(name));
    }
    out
}

/// `InviteMember`.
pub fn invitation(held: &Held, base_url: &str, invitation: &Invitation, now: Timestamp) -> Value {
    let org = held.org.id().as_str();
    let id = invitation_id(org, invitation);
    let key = invitation.email.as_str().to_lowercase();
    let mut out = with(
        to_value(invitation),
        json!({
            "id": id,
            "created_at": held.created(&format!("invite:{key}")),
            "invitation_link": format!("{base_url}/organization/{org}/inviteMember/{id}"),
            "invitation_status": invitation.status(now),
            "organization_name": held.org.name(),
            "inviter": held.inviters.get(&key).map_or("", String::as_str),
        }),
    );
    if let (Some(name), Value::Object(object)) = (role_name(held, &invitation.role), &mut out) {
        object.insert("role_name".into(), json!(name));
    }
    out
}

/// `Cluster`.
pub fn cluster(held: &Held, cluster: &Cluster) -> Value {
    let is_default = held
        .org
        .default_cluster()
        .is_some_and(|default| default.id == cluster.id);
    with(
        to_value(cluster),
        json!({
            "created_at": held.created(cluster.id.as_str()),
            "organization": {"id": held.org.id()},
            "is_default": is_default,
        }),
    )
}

/// `Project`.
pub fn project(held: &Held, project: &Project) -> Value {
    json!({
        "id": project.id(),
        "created_at": held.created(project.id().as_str()),
        "name": project.name(),
        "organization": {"id": held.org.id()},
        "associated_environments_count": project.environments().len(),
    })
}

/// `ProjectDeploymentRule`.
pub fn rule(held: &Held, rule: &orgmodel::DeploymentRule) -> Value {
    with(
        to_value(rule),
        json!({"created_at": held.created(rule.id.as_str())}),
    )
}

/// `Environment`.
pub fn environment(held: &Held, project: &Project, environment: &Environment) -> Value {
    let cluster = held.org.cluster(&environment.cluster_id);
    let mut provider = Map::new();
    if let Some(cluster) = cluster {
        provider.insert("provider".into(), to_value(&cluster.cloud_provider));
        provider.insert("cluster".into(), json!(cluster.region));
    }
    let mut out = with(
        to_value(environment),
        json!({
            "created_at": held.created(environment.id.as_str()),
            "organization": {"id": held.org.id()},
            "project": {"id": project.id()},
            "cloud_provider": provider,
        }),
    );
    if let (Some(cluster), Value::Object(object)) = (cluster, &mut out) {
        object.insert("cluster_name".into(), json!(cluster.name));
    }
    out
}

/// `OrganizationCustomRole`.
pub fn custom_role(held: &Held, role: &orgmodel::CustomRole) -> Value {
    to_value(&CustomRoleDocument::new(&held.org, role))
}

/// `OrganizationApiToken`.
pub fn token(held: &Held, token: &ApiToken) -> Value {
    with(
        to_value(&ApiTokenDocument::new(&held.org, token)),
        json!({"created_at": held.created(token.id.as_str())}),
    )
}

/// `{"results": [...]}`.
pub fn results(items: impl IntoIterator<Item = Value>) -> Value {
    json!({"results": items.into_iter().collect::<Vec<_>>()})
}
