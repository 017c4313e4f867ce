//! Requests are checked against the service's OpenAPI document
//! (`openapi/service.json`) before any handler runs: the query parameters
//! and the JSON body each operation declares, by a JSON Schema validator,
//! with the document's OpenAPI 3.0 spellings (`nullable`) turned into JSON
//! Schema. What the schema refuses is a 400 with a JSON body; what it
//! allows goes on to the crate, which has rules of its own (422).

use std::sync::OnceLock;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonschema::Validator;
use serde_json::{Map, Value, json};

use crate::error::ApiError;

/// The service's OpenAPI document.
const DOCUMENT: &str = include_str!("../openapi/service.json");

/// What one operation declares.
struct Operation {
    method: Method,
    segments: Vec<Option<String>>,
    query: Vec<Parameter>,
    body: Option<Validator>,
}

/// A query parameter: its name, its type as text arrives, its schema.
struct Parameter {
    name: String,
    kind: String,
    schema: Validator,
}

/// `nullable: true` as JSON Schema: `null` allowed beside the type.
fn convert(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut out: Map<String, Value> = object
                .iter()
                .filter(|(key, _)| key.as_str() != "nullable" && key.as_str() != "example")
                .map(|(key, value)| (key.clone(), convert(value)))
                .collect();
            if object.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([kind, "null"]));
                    if let Some(Value::Array(values)) = out.get_mut("enum") {
                        values.push(Value::Null);
                    }
                } else {
                    return json!({"anyOf": [Value::Object(out), {"type": "null"}]});
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

fn validator(schema: &Value, components: &Value) -> Option<Validator> {
    let root = json!({"allOf": [convert(schema)], "components": components});
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .ok()
}

/// Resolves a `#/components/...` reference in the document.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(value),
        None => value,
    }
}

fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let Ok(document) = serde_json::from_str::<Value>(DOCUMENT) else {
            return Vec::new();
        };
        let components = convert(document.get("components").unwrap_or(&Value::Null));
        let mut operations = Vec::new();
        let Some(paths) = document.get("paths").and_then(Value::as_object) else {
            return operations;
        };
        for (path, methods) in paths {
            let segments = path
                .trim_start_matches('/')
                .split('/')
                .map(|segment| (!segment.starts_with('{')).then(|| segment.to_owned()))
                .collect::<Vec<_>>();
            for (method, operation) in methods.as_object().into_iter().flatten() {
                let Ok(method) = method.to_uppercase().parse::<Method>() else {
                    continue;
                };
                let query = operation
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|parameter| resolve(&document, parameter))
                    .filter(|parameter| {
                        parameter.get("in").and_then(Value::as_str) == Some("query")
                    })
                    .filter_map(|parameter| {
                        let schema = resolve(&document, parameter.get("schema")?);
                        Some(Parameter {
                            name: parameter.get("name")?.as_str()?.to_owned(),
                            kind: schema
                                .get("type")
                                .and_then(Value::as_str)
                                .unwrap_or("string")
                                .to_owned(),
                            schema: validator(parameter.get("schema")?, &components)?,
                        })
                    })
                    .collect();
                let body = operation
                    .pointer("/requestBody/content/application~1json/schema")
                    .and_then(|schema| validator(schema, &components));
                operations.push(Operation {
                    method,
                    segments: segments.clone(),
                    query,
                    body,
                });
            }
        }
        operations
    })
}

/// How many operations the document declares (45 in the subset).
pub fn count() -> usize {
    operations().len()
}

/// The operation a request is for: the template that matches with the
/// most literal segments (`deploymentRule/order` before `deploymentRule/{id}`).
fn operation(method: &Method, path: &str) -> Option<&'static Operation> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    operations()
        .iter()
        .filter(|operation| operation.method == *method && operation.segments.len() == parts.len())
        .filter(|operation| {
            operation
                .segments
                .iter()
                .zip(&parts)
                .all(|(segment, part)| match segment {
                    Some(literal) => literal == part,
                    None => !part.is_empty(),
                })
        })
        .max_by_key(|operation| {
            operation
                .segments
                .iter()
                .filter(|segment| segment.is_some())
                .count()
        })
}

/// A query value as the type its schema declares.
fn typed(kind: &str, text: &str) -> Value {
    match kind {
        "boolean" => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => Value::String(text.to_owned()),
        },
        "number" | "integer" => match text {
            "null" => Value::Null,
            _ => serde_json::from_str::<serde_json::Number>(text)
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(text.to_owned())),
        },
        _ => Value::String(text.to_owned()),
    }
}

fn refused(message: String) -> Response {
    ApiError::new(StatusCode::BAD_REQUEST, "schema_violation", message).into_response()
}

/// The layer: identity first (401), then the query, then the body.
pub async fn check(request: Request, next: Next) -> Response {
    let Some(operation) = operation(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    if let Err(error) = crate::routes::principal(request.headers()) {
        return error.into_response();
    }
    let pairs: Vec<(String, String)> = request
        .uri()
        .query()
        .map(form_urlencoded)
        .unwrap_or_default();
    for parameter in &operation.query {
        let values: Vec<&(String, String)> = pairs
            .iter()
            .filter(|(name, _)| name == &parameter.name)
            .collect();
        if values.len() > 1 {
            return refused(format!(
                "query parameter `{}` is given {} times",
                parameter.name,
                values.len()
            ));
        }
        if let Some((_, text)) = values.first() {
            if !parameter.schema.is_valid(&typed(&parameter.kind, text)) {
                return refused(format!(
                    "query parameter `{}` is not what the schema allows",
                    parameter.name
                ));
            }
        }
    }
    let Some(schema) = &operation.body else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, crate::BODY_LIMIT).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("a body holds at most {} bytes", crate::BODY_LIMIT),
        )
        .into_response();
    };
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        if !is_json(&parts.headers) {
            return ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
                "a body is application/json",
            )
            .into_response();
        }
        let value: Value = match serde_json::from_slice(&bytes) {
            Ok(value) => value,
            Err(error) => return refused(format!("the body is not JSON: {error}")),
        };
        if let Err(error) = schema.validate(&value) {
            return refused(format!("the body does not follow the schema: {error}"));
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

/// `a=1&b=2` as decoded pairs.
fn form_urlencoded(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// Percent-decoding, `+` as a space; bytes that are not UTF-8 are replaced.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(index + 1..index + 3)
                    .and_then(|pair| std::str::from_utf8(pair).ok());
                match hex.and_then(|pair| u8::from_str_radix(pair, 16).ok()) {
                    Some(decoded) => {
                        out.push(decoded);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
