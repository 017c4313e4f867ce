//! The `resolve` example's black-box interface, as its documentation writes it.
#![cfg(feature = "serde")]

#[allow(dead_code)]
#[path = "../resolve.rs"]
mod resolve;

use resolve::{Answer, answer};
use serde_json::{Value, json};

fn placed(input: &str) -> Value {
    match answer(input) {
        Answer::Placed(line) => serde_json::from_str(&line).unwrap(),
        Answer::Refused(line) => panic!("refused: {line}"),
        Answer::Malformed(message) => panic!("malformed: {message}"),
    }
}

fn refused(input: &str) -> Value {
    match answer(input) {
        Answer::Refused(line) => serde_json::from_str(&line).unwrap(),
        Answer::Placed(line) => panic!("placed: {line}"),
        Answer::Malformed(message) => panic!("malformed: {message}"),
    }
}

fn malformed(input: &str) -> String {
    match answer(input) {
        Answer::Malformed(message) => message,
        Answer::Placed(line) | Answer::Refused(line) => panic!("answered {line} to {input}"),
    }
}

const CLUSTERS: &str = r#"[{"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "eu-west-3"},
                           {"id": "c2", "name": "prod", "cloud_provider": "SCW", "region": "fr-par"}]"#;
const RULES: &str = r#"[{"id": "r-all", "name": "all", "mode": "STAGING", "cluster_id": "c1", "wildcard": "*", "priority_index": 5},
                        {"id": "r-prod", "name": "prod", "mode": "PRODUCTION", "cluster_id": "c2", "wildcard": "prod*", "priority_index": 1},
                        {"id": "r-ghost", "name": "ghost", "mode": "PREVIEW", "cluster_id": "c9", "wildcard": "ghost-*", "priority_index": 0}]"#;

fn scenario(request: &str) -> String {
    format!(r#"{{"clusters": {CLUSTERS}, "deployment_rules": {RULES}, "request": {request}}}"#)
}

#[test]
fn the_sample_scenario() {
    let input =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/prod.json"))
            .unwrap();
    assert_eq!(
        placed(&input),
        json!({"cluster_id": "c-prod", "mode": "PRODUCTION", "rule_id": "r-prod", "cluster_source": "rule", "mode_source": "rule"})
    );
}

#[test]
fn placed_by_rule_by_request_and_by_default() {
    assert_eq!(
        placed(&scenario(r#"{"name": "prod-1"}"#)),
        json!({"cluster_id": "c2", "mode": "PRODUCTION", "rule_id": "r-prod", "cluster_source": "rule", "mode_source": "rule"})
    );
    assert_eq!(
        placed(&scenario(
            r#"{"name": "prod-1", "mode": "DEVELOPMENT", "cluster": "c1"}"#
        )),
        json!({"cluster_id": "c1", "mode": "DEVELOPMENT", "rule_id": "r-prod", "cluster_source": "request", "mode_source": "request"})
    );
    assert_eq!(
        placed(
            r#"{"clusters": [{"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "x"}], "request": {"name": "dev"}}"#
        ),
        json!({"cluster_id": "c1", "mode": "DEVELOPMENT", "rule_id": null, "cluster_source": "default", "mode_source": "default"})
    );
}

#[test]
fn refusals_are_typed() {
    assert_eq!(
        refused(&scenario(r#"{"name": "x", "cluster": "c7"}"#))["error"],
        "unknown_cluster"
    );
    assert_eq!(
        refused(&scenario(r#"{"name": "ghost-1"}"#))["error"],
        "rule_targets_unknown_cluster"
    );
    assert_eq!(
        refused(r#"{"request": {"name": "x"}}"#)["error"],
        "no_cluster"
    );
    assert_eq!(
        refused(&scenario(r#"{"name": "x", "mode": "PREVIEW"}"#))["error"],
        "preview_reserved"
    );
    let blank = refused(&scenario(r#"{"name": "  "}"#));
    assert_eq!(blank["error"], "invalid_name");
    assert_eq!(
        blank["message"],
        r#"the environment's name is refused: a name must hold a visible character, got "  ""#
    );
}

#[test]
fn absent_and_null_collections_are_empty() {
    let answer =
        refused(r#"{"clusters": null, "deployment_rules": null, "request": {"name": "x"}}"#);
    assert_eq!(answer["error"], "no_cluster");
}

#[test]
fn malformed_input_is_rejected() {
    let cases = [
        ("not json", "expected"),
        (r#"{"clusters": []}"#, "missing field `request`"),
        (r#"{"request": {}}"#, "missing field `name`"),
        (
            r#"{"request": {"name": "x", "mode": "AUTOMATIC"}}"#,
            "unknown variant `AUTOMATIC`",
        ),
        (
            r#"{"request": {"name": "x", "cluster": ""}}"#,
            "cluster id must not be empty",
        ),
        (
            r#"{"clusters": [{"id": "c1", "name": "a", "cloud_provider": "MARS", "region": "x"}], "request": {"name": "x"}}"#,
            "unknown variant `MARS`",
        ),
        (
            r#"{"clusters": [{"id": "c1", "name": "a", "region": "x"}], "request": {"name": "x"}}"#,
            "missing field `cloud_provider`",
        ),
        (
            r#"{"clusters": [{"id": "c1", "name": "a", "cloud_provider": "AWS", "region": "x"}, {"id": "c1", "name": "b", "cloud_provider": "AWS", "region": "x"}], "request": {"name": "x"}}"#,
            "`clusters[1].id` = \"c1\": another item already has it",
        ),
        (
            r#"{"clusters": [{"id": "c1", "name": "a", "cloud_provider": "AWS", "region": "x"}, {"id": "c2", "name": "A", "cloud_provider": "AWS", "region": "x"}], "request": {"name": "x"}}"#,
            "`clusters[1].name` = \"A\": another item already has it",
        ),
        (
            r#"{"deployment_rules": [{"id": "r", "name": "a", "mode": "STAGING", "cluster_id": "c", "wildcard": "*", "priority_index": 0}, {"id": "r", "name": "b", "mode": "STAGING", "cluster_id": "c", "wildcard": "*", "priority_index": 1}], "request": {"name": "x"}}"#,
            "`deployment_rules[1].id` = \"r\": another item already has it",
        ),
        (
            r#"{"deployment_rules": [{"id": "r", "name": "a", "mode": "STAGING", "cluster_id": "c", "wildcard": "*", "priority_index": -1}], "request": {"name": "x"}}"#,
            "integer `-1`, expected u32",
        ),
        (
            r#"{"deployment_rules": [{"id": "r", "name": "a", "mode": "STAGING", "cluster_id": "c", "priority_index": 0}], "request": {"name": "x"}}"#,
            "missing field `wildcard`",
        ),
    ];
    for (input, expected) in cases {
        let message = malformed(input);
        assert!(
            message.contains(expected),
            "{input}\n  gave {message:?}\n  expected it to mention {expected:?}"
        );
    }
}
