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
    // Known by its `role_name`, whatever id the platform gave the role.
    let devops: Member = reads("member_custom_role");
    assert_eq!(devops.role, Role::DevOps);
    valid(
        &serde_json::to_value(&devops).unwrap(),
        "Member",
        &["created_at"],
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
    org.stop_cluster(&uid("owner"), NOW, &cid("c1")).unwrap();
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
    let bad = json!({"name": null, "mode": "AUTOMATIC", "cluster": 7});
    let found = problems(&bad, "CreateEnvironmentRequest", &[]);
    assert_eq!(found.len(), 3, "{found:?}");
    for field in ["/name", "/mode", "/cluster"] {
        assert!(
            found.iter().any(|p| p.starts_with(&format!("{field}:"))),
            "{field}: {found:?}"
        );
    }
    let found = problems(&json!({}), "Cluster", &[]);
    assert!(found.iter().any(|p| p.contains("\"region\"")), "{found:?}");
    // A field the schema makes nullable takes `null`; one it does not, refuses it.
    let environment = |expires_at: Value| {
        problems(
            &json!({"expires_at": expires_at}),
            "Environment",
            &ENVIRONMENT_REQUIRED,
        )
    };
    assert_eq!(environment(Value::Null), Vec::<String>::new());
    assert_eq!(environment(json!(7)).len(), 1);
    // Formats are checked (all but `uuid`, see `validator`).
    assert_eq!(
        environment(json!("2026-01-02T03:04:05Z")),
        Vec::<String>::new()
    );
    assert_eq!(environment(json!("yesterday")).len(), 1);
}

/// Every field `Environment` requires, to test one field alone.
const ENVIRONMENT_REQUIRED: [&str; 8] = [
    "id",
    "created_at",
    "name",
    "cloud_provider",
    "mode",
    "cluster_id",
    "project",
    "organization",
];

// ----- the API's schemas, read by a JSON Schema validator -----

/// The API's OpenAPI document.
fn openapi() -> Value {
    let text = fs::read_to_string(fixtures().join("schemas.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[track_caller]
fn valid(value: &Value, schema: &str, unmodeled: &[&str]) {
    let found = problems(value, schema, unmodeled);
    assert!(
        found.is_empty(),
        "{value} against {schema}:\n{}",
        found.join("\n")
    );
}

/// What is wrong with `value` as the API's schema `name`, one line a
/// problem, each starting with the JSON pointer of the offending value.
fn problems(value: &Value, name: &str, unmodeled: &[&str]) -> Vec<String> {
    validator(name, unmodeled)
        .iter_errors(value)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

/// A validator for the schema `name` of `components.schemas`. The document is
/// OpenAPI 3.0, whose schemas are JSON Schema (draft 4 to 7) but for
/// `nullable`: [`as_json_schema`] turns it into JSON Schema, and the
/// `$ref`s (`#/components/schemas/X`) resolve inside the document itself.
///
/// Formats are validated (`date-time`, `email`, `uri`), except `uuid`: the
/// API's ids are UUIDs but the crate's are opaque (any non-empty string up
/// to a limit, see `orgmodel::id`), so the tests' ids (`c1`) are valid.
fn validator(name: &str, unmodeled: &[&str]) -> jsonschema::Validator {
    let mut document = openapi();
    assert!(
        document["components"]["schemas"].get(name).is_some(),
        "no schema {name}"
    );
    as_json_schema(&mut document["components"], unmodeled);
    document["$ref"] = json!(format!("#/components/schemas/{name}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .with_format("uuid", |_: &str| true)
        .build(&document)
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Makes OpenAPI 3.0 schemas JSON Schema, in place: a schema with
/// `nullable: true` becomes `anyOf: [{type: null}, schema]`, and the
/// `unmodeled` fields are taken out of every `required` list (fields the
/// crate does not model: the server assigns them, or they belong to other
/// endpoints).
fn as_json_schema(schema: &mut Value, unmodeled: &[&str]) {
    match schema {
        Value::Object(object) => {
            for inner in object.values_mut() {
                as_json_schema(inner, unmodeled);
            }
            if let Some(Value::Array(required)) = object.get_mut("required") {
                required.retain(|field| !field.as_str().is_some_and(|f| unmodeled.contains(&f)));
                if required.is_empty() {
                    object.remove("required");
                }
            }
            // Only the keyword: a property named `nullable` is a schema.
            if let Some(Value::Bool(nullable)) = object.get("nullable") {
                let nullable = *nullable;
                object.remove("nullable");
                if nullable {
                    let inner = Value::Object(std::mem::take(object));
                    object.insert("anyOf".into(), json!([{"type": "null"}, inner]));
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                as_json_schema(item, unmodeled);
            }
        }
        _ => {}
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
