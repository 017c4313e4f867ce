//! Today's API: every document of `tests/fixtures/api/` that maps onto a
//! crate type reads as its README's table says, and what the crate writes
//! validates against the API's schemas (`schemas.json`) for the fields it
//! models.
#![cfg(feature = "serde")]

mod common;

use std::fs;
use std::path::PathBuf;

use common::*;
use orgmodel::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api")
}

/// A fixture's `document`.
fn document(name: &str) -> Value {
    let text = fs::read_to_string(fixtures().join(format!("{name}.json")))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    let fixture: Value = serde_json::from_str(&text).unwrap();
    fixture["document"].clone()
}

#[track_caller]
fn reads<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(document(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[track_caller]
fn reads_results<T: DeserializeOwned>(name: &str) -> Vec<T> {
    serde_json::from_value(document(name)["results"].clone())
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn every_fixture_the_table_names_reads_as_it_says() {
    let cluster: Cluster = reads("cluster_get");
    assert!(!cluster.name.as_str().is_empty());
    assert!(!reads_results::<Cluster>("cluster_list").is_empty());
    let status: ClusterStatus =
        serde_json::from_value(document("cluster_status_get")["status"].clone()).unwrap();
    assert_eq!(
        (status, status.state()),
        (ClusterStatus::StopQueued, ClusterState::Stopped)
    );
    let _: Environment = reads("environment_get");
    let _: Member = reads("member_get");
    assert!(!reads_results::<Member>("member_list").is_empty());
    let custom = serde_json::from_value::<Member>(document("member_custom_role"))
        .unwrap_err()
        .to_string();
    assert!(
        custom.contains("custom role") && custom.contains("not a built-in `role`"),
        "{custom}"
    );
    let rule: DeploymentRule = reads("deployment_rule_get");
    assert_eq!(rule.wildcard.as_str(), "prod-*");
    let empty: DeploymentRule = reads("deployment_rule_get_empty_wildcard");
    assert!(empty.wildcard.is_empty());
    for name in [
        "create_environment_request",
        "create_environment_request_minimal",
    ] {
        let request: CreateEnvironmentRequest = reads(name);
        valid(
            &serde_json::to_value(&request).unwrap(),
            "CreateEnvironmentRequest",
            &[],
        );
    }
    let preview: CreateEnvironmentRequest = reads("create_environment_request_preview");
    let error =
        resolve_target_cluster(&[cluster], &DeploymentRules::default(), &preview).unwrap_err();
    assert_eq!(error.kind(), "preview_reserved");
    for name in [
        "organization_composite_members",
        "organization_composite_full",
    ] {
        let org: Organization = reads(name);
        assert!(org.member_count() > 1, "{name}");
    }
}

#[test]
fn requests_without_ids_read_where_a_crate_type_fits() {
    // A rule request has no id: it is no `DeploymentRule`, but its schedule,
    // mode and wildcard read as the crate reads them inside a rule.
    let mut request = document("deployment_rule_request");
    request["id"] = json!("new-rule");
    let rule: DeploymentRule = serde_json::from_value(request).unwrap();
    assert_eq!(
        rule.priority_index, 0,
        "a lone rule without priority_index is first"
    );
}

#[test]
fn a_missing_priority_index_means_the_rules_position() {
    let rule = |id: &str| json!({"id": id, "name": id, "mode": "STAGING", "cluster_id": "c", "wildcard": "*"});
    let rules: DeploymentRules =
        serde_json::from_value(json!([rule("a"), rule("b"), rule("c")])).unwrap();
    let order: Vec<(&str, u32)> = rules
        .iter()
        .map(|r| (r.id.as_str(), r.priority_index))
        .collect();
    assert_eq!(order, [("a", 0), ("b", 1), ("c", 2)]);
}

#[test]
fn what_the_crate_writes_validates_against_the_schemas() {
    let mut org = acme_with_rule_and_environment(Mode::Staging);
    org.stop_cluster(&uid("owner"), &cid("c1")).unwrap();
    // Fields the crate does not model (the server assigns them, or they
    // belong to other endpoints), and a rule's schedule, which the crate
    // holds as optional and writes only when it is set.
    let unmodeled = [
        "id",
        "created_at",
        "organization",
        "project",
        "cloud_provider",
        "timezone",
        "start_time",
        "stop_time",
    ];
    for cluster in org.clusters() {
        valid(
            &serde_json::to_value(cluster).unwrap(),
            "Cluster",
            &unmodeled,
        );
    }
    for member in org.members() {
        valid(&serde_json::to_value(member).unwrap(), "Member", &unmodeled);
    }
    let project = org.project(&pid("p1")).unwrap();
    for rule in project.deployment_rules() {
        valid(
            &serde_json::to_value(rule).unwrap(),
            "ProjectDeploymentRule",
            &unmodeled,
        );
    }
    for environment in project.environments() {
        valid(
            &serde_json::to_value(environment).unwrap(),
            "Environment",
            &unmodeled,
        );
    }
    valid(
        &serde_json::to_value(&org).unwrap(),
        "Organization",
        &unmodeled,
    );
    for request in [
        CreateEnvironmentRequest::new("x"),
        CreateEnvironmentRequest::new("x")
            .with_mode(Mode::Staging)
            .on_cluster(cid("c1")),
    ] {
        valid(
            &serde_json::to_value(&request).unwrap(),
            "CreateEnvironmentRequest",
            &[],
        );
    }
    // Every plan the API has is written as the schema spells it.
    for plan in Plan::ALL
        .into_iter()
        .filter(|plan| *plan != Plan::Community)
    {
        valid(&serde_json::to_value(plan).unwrap(), "PlanEnum", &[]);
    }
}

#[test]
fn the_validator_finds_what_breaks_a_schema() {
    let schemas = schemas();
    let mut problems = Vec::new();
    let bad = json!({"name": null, "mode": "AUTOMATIC", "cluster": 7});
    check(
        &bad,
        &schemas["CreateEnvironmentRequest"],
        &schemas,
        &[],
        "request",
        &mut problems,
    );
    assert_eq!(problems.len(), 3, "{problems:?}");
    problems.clear();
    check(
        &json!({}),
        &schemas["Cluster"],
        &schemas,
        &[],
        "cluster",
        &mut problems,
    );
    assert!(
        problems.iter().any(|p| p.contains("`region`")),
        "{problems:?}"
    );
}

// ----- a small validator for the parts of JSON Schema the API's schemas use -----

fn schemas() -> Value {
    let text = fs::read_to_string(fixtures().join("schemas.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["components"]["schemas"].clone()
}

#[track_caller]
fn valid(value: &Value, schema: &str, unmodeled: &[&str]) {
    let schemas = schemas();
    let mut problems = Vec::new();
    check(
        value,
        &schemas[schema],
        &schemas,
        unmodeled,
        schema,
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "{value} against {schema}:\n{}",
        problems.join("\n")
    );
}

fn check(
    value: &Value,
    schema: &Value,
    schemas: &Value,
    unmodeled: &[&str],
    at: &str,
    problems: &mut Vec<String>,
) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return check(value, &schemas[name], schemas, unmodeled, at, problems);
    }
    if let Some(parts) = schema["allOf"].as_array() {
        for part in parts {
            check(value, part, schemas, unmodeled, at, problems);
        }
    }
    if value.is_null() {
        if schema["nullable"] != json!(true) && schema.get("type").is_some() {
            problems.push(format!("{at}: null where the schema does not allow it"));
        }
        return;
    }
    if let Some(kind) = schema["type"].as_str() {
        let fits = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !fits {
            problems.push(format!("{at}: {value} is not of type {kind}"));
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            problems.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(object), Some(required)) = (value.as_object(), schema["required"].as_array()) {
        for field in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(field) && !unmodeled.contains(&field) {
                problems.push(format!("{at}: the required `{field}` is missing"));
            }
        }
    }
    if let (Some(object), Some(properties)) = (value.as_object(), schema["properties"].as_object())
    {
        for (field, property) in properties {
            if let Some(inner) = object.get(field) {
                check(
                    inner,
                    property,
                    schemas,
                    unmodeled,
                    &format!("{at}.{field}"),
                    problems,
                );
            }
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(
                item,
                schema,
                schemas,
                unmodeled,
                &format!("{at}[{i}]"),
                problems,
            );
        }
    }
}

#[test]
fn recorded_events_validate_as_the_audit_log() {
    let (_, log) = every_event();
    for recorded in &log {
        valid(
            &serde_json::to_value(recorded).unwrap(),
            "OrganizationEventResponse",
            &[],
        );
    }
}
