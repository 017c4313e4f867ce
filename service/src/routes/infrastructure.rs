//! Clusters.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, put};
use orgmodel::{Cluster, ClusterId, ClusterSettings, Command, Name};
use serde_json::{Value, json};

use super::{App, Reply, body, caller, field, fresh_id, member, principal, read, run};
use crate::error::ApiError;
use crate::state::now;
use crate::wire;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/organization/{organization}/cluster",
            get(clusters).post(add),
        )
        .route(
            "/organization/{organization}/cluster/{cluster}",
            put(update).delete(remove),
        )
        .route(
            "/organization/{organization}/cluster/{cluster}/stop",
            post(stop),
        )
}

async fn clusters(
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
            .clusters()
            .iter()
            .map(|one| wire::cluster(held, one));
        Ok(Reply::ok(wire::results(list), held.org.revision()))
    })
    .await
}

/// A cluster id, or 404.
fn cluster_id(text: &str) -> Result<ClusterId, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("no_such_cluster", format!("no cluster {text:?}")))
}

/// `ClusterRequest`, with the id the service gives it, read by the crate.
async fn add(
    State(app): State<App>,
    headers: HeaderMap,
    Path(organization): Path<String>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let mut request = body(bytes)?;
        let id: ClusterId = fresh_id()?;
        match &mut request {
            Value::Object(object) => {
                object.insert("id".into(), json!(id));
                // The crate keeps the state it manages: a new cluster runs.
                object.remove("status");
            }
            _ => return Err(ApiError::invalid("a cluster request is an object")),
        }
        let cluster: Cluster = read(request, "a cluster")?;
        let command = Command::AddCluster { cluster };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let made = held.org.cluster(&id).map(|one| wire::cluster(held, one));
        Ok(Reply::json(
            StatusCode::CREATED,
            made.unwrap_or_default(),
            held.org.revision(),
        ))
    })
    .await
}

/// Its name and region (the settings the crate keeps).
async fn update(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, cluster)): Path<(String, String)>,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let id = cluster_id(&cluster)?;
        let request = body(bytes)?;
        let name = Name::new(field(&request, "name")?)?;
        let region = field(&request, "region")?;
        let settings = ClusterSettings {
            name,
            region: region.into(),
        };
        let command = Command::UpdateCluster {
            cluster: id.clone(),
            settings,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let updated = held.org.cluster(&id).map(|one| wire::cluster(held, one));
        Ok(Reply::ok(updated.unwrap_or_default(), held.org.revision()))
    })
    .await
}

async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, cluster)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let command = Command::DeleteCluster {
            cluster: cluster_id(&cluster)?,
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        Ok(Reply::empty(held.org.revision()))
    })
    .await
}

/// `ClusterStatus`: stopped (stopping a stopped cluster changes nothing).
async fn stop(
    State(app): State<App>,
    headers: HeaderMap,
    Path((organization, cluster)): Path<(String, String)>,
) -> Response {
    run(app, principal(&headers).ok(), move |inner| {
        let (who, expected) = caller(&headers)?;
        let id = cluster_id(&cluster)?;
        let command = Command::StopCluster {
            cluster: id.clone(),
        };
        let (held, _) =
            inner.write(&organization, &who, expected, |_| Ok(vec![command.clone()]))?;
        let status = json!({
            "cluster_id": id,
            "status": "STOPPED",
            "is_deployed": false,
            "reason": "UNSPECIFIED",
        });
        Ok(Reply::json(
            StatusCode::ACCEPTED,
            status,
            held.org.revision(),
        ))
    })
    .await
}
