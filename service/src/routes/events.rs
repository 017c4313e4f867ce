//! `/organization/{organizationId}/events`: the audit log, the stored
//! lines themselves, oldest first, a page at a time.

use std::collections::HashMap;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::{App, Reply, caller, member, principal, run};
use crate::error::ApiError;
use crate::state::now;
use crate::wire;

/// The most lines one page holds.
const MOST: usize = 1_000;
/// How many rows of the log a request reads at a time.
const CHUNK: usize = 500;

pub fn routes() -> Router<App> {
    Router::new().route("/organization/{organization}/events", get(events))
}

/// The query's filters on the audit line's own fields.
const FILTERS: [(&str, &str); 5] = [
    ("eventType", "event_type"),
    ("targetType", "target_type"),
    ("subTargetType", "sub_target_type"),
    ("targetId", "target_id"),
    ("triggeredBy", "triggered_by"),
];

async fn events(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, _) = caller(&headers)?;
        let Query(query) =
            query.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
        let size = match query.get("pageSize") {
            Some(text) => {
                let size: f64 = text
                    .parse()
                    .map_err(|_| ApiError::invalid("pageSize is a number"))?;
                if !(1.0..=MOST as f64).contains(&size) {
                    return Err(ApiError::invalid(format!("pageSize is from 1 to {MOST}")));
                }
                size as usize
            }
            None => 10,
        };
        let after: Option<u64> = match query.get("continueToken") {
            Some(token) => Some(
                token
                    .parse()
                    .map_err(|_| ApiError::invalid("continueToken is one this service sent"))?,
            ),
            None => None,
        };
        let base = inner.base_url.clone();
        let held = inner.get(&organization)?;
        member(held, &who, now())?;
        let revision = held.org.revision();
        // The log is read a chunk at a time, never all at once.
        let mut page = Vec::new();
        let mut more = false;
        let mut from = after;
        'read: loop {
            let chunk = inner.log(&organization, from, CHUNK)?;
            let Some(last) = chunk.last() else {
                break;
            };
            from = Some(last.revision);
            let full = chunk.len() == CHUNK;
            for recorded in &chunk {
                let mut line = serde_json::to_value(recorded)
                    .map_err(|error| ApiError::store(error.to_string()))?;
                let keep = FILTERS.iter().all(|(parameter, name)| {
                    query.get(*parameter).is_none_or(|wanted| {
                        line.get(*name).and_then(Value::as_str) == Some(wanted)
                    })
                });
                if !keep {
                    continue;
                }
                if page.len() == size {
                    more = true;
                    break 'read;
                }
                if let Value::Object(object) = &mut line {
                    object.insert(
                        "id".into(),
                        json!(wire::event_id(&organization, recorded.revision)),
                    );
                    object.insert("origin".into(), json!("API"));
                }
                page.push(line);
            }
            if !full {
                break;
            }
        }
        let mut links = serde_json::Map::new();
        if let (true, Some(last)) = (
            more,
            page.last()
                .and_then(|line| line.get("revision"))
                .and_then(Value::as_u64),
        ) {
            links.insert(
                "next".into(),
                json!(format!(
                    "{base}/organization/{organization}/events?pageSize={size}&continueToken={last}"
                )),
            );
        }
        Ok(Reply::ok(json!({"events": page, "links": links}), revision))
    })
    .await
}
