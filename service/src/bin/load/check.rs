//! What the load checks afterwards: the audit log as the service serves
//! it, and what the service serves beside what the log replays to.

use std::time::Duration;

use orgmodel::{Organization, Recorded};
use serde_json::{Value, json};

use crate::client::send;
use crate::{ORG, OWNER, PROJECT};

/// The whole audit log, through `/events`.
pub fn audit_log(address: &str) -> Result<Vec<Recorded>, String> {
    let mut log = Vec::new();
    let mut path = format!("/organization/{ORG}/events?pageSize=1000");
    loop {
        let page = send(address, "GET", &path, OWNER, None, None)?.body;
        for line in page["events"].as_array().ok_or("no events")? {
            let mut line = line.clone();
            if let Some(object) = line.as_object_mut() {
                object.remove("id");
                object.remove("origin");
            }
            log.push(serde_json::from_value::<Recorded>(line).map_err(|error| error.to_string())?);
        }
        match page["links"]["next"].as_str() {
            Some(next) => {
                path = next
                    .split_once(address)
                    .map(|(_, rest)| rest.to_owned())
                    .ok_or("a next link elsewhere")?;
            }
            None => return Ok(log),
        }
    }
}

pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

/// What the service serves, as a comparable value.
pub fn served(address: &str) -> Result<Value, String> {
    let get = |path: String| {
        send(address, "GET", &path, OWNER, None, None)
            .map(|response| (response.revision, response.body))
    };
    let (revision, organization) = get(format!("/organization/{ORG}"))?;
    let (_, members) = get(format!("/organization/{ORG}/member"))?;
    let (_, invitations) = get(format!("/organization/{ORG}/inviteMember"))?;
    let (_, projects) = get(format!("/organization/{ORG}/project"))?;
    let (_, environments) = get(format!("/project/{PROJECT}/environment"))?;
    let ids = |list: &Value, field: &str| -> Vec<Value> {
        let mut ids: Vec<Value> = list["results"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|one| one[field].clone())
            .collect();
        ids.sort_by_key(Value::to_string);
        ids
    };
    Ok(json!({
        "revision": revision,
        "name": organization["name"],
        "members": ids(&members, "id"),
        "invitations": ids(&invitations, "email"),
        "projects": ids(&projects, "id"),
        "environments": ids(&environments, "id"),
    }))
}

/// The same of the replayed organization.
pub fn replayed(org: &Organization) -> Value {
    let sorted = |mut ids: Vec<Value>| {
        ids.sort_by_key(Value::to_string);
        ids
    };
    let environments = org
        .project(&PROJECT.parse().unwrap_or_else(|_| unreachable!()))
        .map(|project| {
            project
                .environments()
                .iter()
                .map(|one| json!(one.id))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "revision": org.revision(),
        "name": org.name(),
        "members": sorted(org.members().map(|one| json!(one.id)).collect()),
        "invitations": sorted(org.invitations().iter().map(|one| json!(one.email)).collect()),
        "projects": sorted(org.projects().iter().map(|one| json!(one.id())).collect()),
        "environments": sorted(environments),
    })
}
