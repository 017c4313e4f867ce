//! No echo, anywhere: whatever a document holds, an error reading it is at
//! most [`BOUND`] bytes, in its `Display` and in its `Debug`.
//!
//! Every document type the crate reads is walked generically: each node of a
//! valid document (every leaf, list and object, the root included) is
//! replaced in turn by a huge string (plain, and full of quotes, escapes,
//! control and non-ASCII characters) and by huge number literals, and each
//! object gets a huge unknown key and has each key renamed to one; an audit
//! row's `change` (JSON inside a string) is walked the same way. Fields added
//! later are covered without editing this test.
//!
//! "Huge" is [`HUGE`], 64 KiB: four times the longest text any limit lets
//! through (4,096 characters of 4 bytes), so that any echo shows, and small
//! enough for thousands of reads in an unoptimized build; the values the
//! issue names are also read at 1 MiB (`one_mebibyte_values_are_not_echoed`).
//!
//! Commands, events and audit rows are walked in `tests/echo_log.rs`, the
//! constructors of the crate's values in `tests/echo_values.rs`.
#![cfg(feature = "serde")]

mod common;
#[path = "echo/walk.rs"]
mod walk;

use std::fs;
use std::path::PathBuf;

use common::*;
use orgmodel::*;
use serde_json::{Value, json};
use walk::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api")
}

/// How a fixture's `type` reads, when the crate has that type.
fn fixture_reader(ty: &str) -> Option<Reader> {
    Some(match ty {
        "Organization" => reader::<Organization>,
        "Member" => reader::<Member>,
        "Cluster" => reader::<Cluster>,
        "Environment" => reader::<Environment>,
        "DeploymentRule" => reader::<DeploymentRule>,
        "CreateEnvironmentRequest" => reader::<CreateEnvironmentRequest>,
        "Invitation" => reader::<Invitation>,
        "CustomRole" => reader::<CustomRole>,
        "CreateCustomRole" => reader::<CreateCustomRoleRequest>,
        "UpdateCustomRole" => reader::<UpdateCustomRoleRequest>,
        "AvailableRole" => reader::<AvailableRole>,
        "ChangeRole" => reader::<MemberRoleUpdateRequest>,
        "ApiToken" => reader::<ApiToken>,
        "CreateApiToken" => reader::<CreateApiTokenRequest>,
        _ => return None,
    })
}

#[test]
fn no_fixture_of_the_api_is_echoed_whatever_a_field_holds() {
    let mut findings = Findings::default();
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter(|path| !path.ends_with("schemas.json"))
        .collect();
    files.sort();
    let mut walked = 0;
    for path in files {
        let fixture: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let ty = fixture["type"].as_str().unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let document = &fixture["document"];
        let (inner, items) = match ty.strip_prefix("Results<") {
            Some(item) => (item.trim_end_matches('>'), document["results"].clone()),
            None => (ty, Value::Array(vec![document.clone()])),
        };
        if inner == "ClusterStatusObject" {
            walk(
                &mut findings,
                &name,
                &document["status"],
                reader::<ClusterStatus>,
            );
            walked += 1;
            continue;
        }
        let Some(read) = fixture_reader(inner) else {
            eprintln!("{name}: no crate type for {ty}");
            continue;
        };
        for item in items.as_array().unwrap() {
            walk(&mut findings, &name, item, read);
        }
        walked += 1;
    }
    assert!(walked >= 20, "{walked} fixtures walked");
    findings.assert_none();
}

#[test]
fn no_document_is_echoed_whatever_a_field_holds() {
    let mut findings = Findings::default();
    let org = serde_json::to_value(everything()).unwrap();
    let project = &org["projects"][0];
    let documents: [(&str, &Value, Reader); 11] = [
        ("Organization", &org, reader::<Organization>),
        ("Member", &org["members"][0], reader::<Member>),
        ("ApiToken", &org["api_tokens"][0], reader::<ApiToken>),
        ("Invitation", &org["invitations"][0], reader::<Invitation>),
        (
            "CloudAccount",
            &org["cloud_accounts"][0],
            reader::<CloudAccount>,
        ),
        ("Cluster", &org["clusters"][0], reader::<Cluster>),
        ("Project", project, reader::<Project>),
        (
            "DeploymentRules",
            &project["deployment_rules"],
            reader::<DeploymentRules>,
        ),
        (
            "DeploymentRule",
            &project["deployment_rules"][0],
            reader::<DeploymentRule>,
        ),
        (
            "Environment",
            &project["environments"][0],
            reader::<Environment>,
        ),
        (
            "ClusterSettings",
            &json!({"name": "n", "region": "r"}),
            reader::<ClusterSettings>,
        ),
    ];
    for (name, doc, read) in documents {
        assert!(read(&doc.to_string()).is_none(), "{name} reads: {doc}");
        walk(&mut findings, name, doc, read);
    }
    findings.assert_none();
}

/// Every scalar type the crate reads, with a valid value.
fn scalars() -> Vec<(&'static str, Value, Reader)> {
    vec![
        (
            "Timestamp",
            json!("2026-01-01T00:00:00Z"),
            reader::<Timestamp>,
        ),
        ("Role", json!("ADMIN"), reader::<Role>),
        ("Mode", json!("STAGING"), reader::<Mode>),
        ("Plan", json!("FREE"), reader::<Plan>),
        ("Action", json!("READ_PROJECT"), reader::<Action>),
        ("Permission", json!(["READ_PROJECT"]), reader::<Permission>),
        ("CloudProvider", json!("AWS"), reader::<CloudProvider>),
        ("ClusterState", json!("RUNNING"), reader::<ClusterState>),
        ("ClusterStatus", json!("DEPLOYED"), reader::<ClusterStatus>),
        ("Weekday", json!("MONDAY"), reader::<Weekday>),
        ("Source", json!("rule"), reader::<Source>),
        ("Limit", json!("name"), reader::<limits::Limit>),
        ("ErrorCategory", json!("conflict"), reader::<ErrorCategory>),
        (
            "InvitationStatus",
            json!("PENDING"),
            reader::<InvitationStatus>,
        ),
        ("OrganizationId", json!("o"), reader::<OrganizationId>),
        ("UserId", json!("u"), reader::<UserId>),
        ("ClusterId", json!("c"), reader::<ClusterId>),
        ("ProjectId", json!("p"), reader::<ProjectId>),
        ("CloudAccountId", json!("a"), reader::<CloudAccountId>),
        ("EnvironmentId", json!("e"), reader::<EnvironmentId>),
        ("RuleId", json!("r"), reader::<RuleId>),
        ("CustomRoleId", json!("r"), reader::<CustomRoleId>),
        ("ClusterLevel", json!("ENV_CREATOR"), reader::<ClusterLevel>),
        ("ProjectLevel", json!("NO_ACCESS"), reader::<ProjectLevel>),
        ("Name", json!("n"), reader::<Name>),
        ("Email", json!("a@b.c"), reader::<Email>),
        ("Wildcard", json!("a*"), reader::<Wildcard>),
        (
            "CreateEnvironmentRequest",
            json!({"name": "x", "mode": "STAGING", "cluster": "c"}),
            reader::<CreateEnvironmentRequest>,
        ),
    ]
}

#[test]
fn no_scalar_is_echoed_whatever_it_holds() {
    let mut findings = Findings::default();
    for (name, doc, read) in scalars() {
        assert!(read(&doc.to_string()).is_none(), "{name} reads: {doc}");
        walk(&mut findings, name, &doc, read);
    }
    findings.assert_none();
}

/// The values the issue names, at 1 MiB: a role, a mode, a plan, a cloud
/// provider, a cluster status, a weekday, an invitation status, a command's
/// and an event's tag, a mistyped `priority_index`, an audit row's header
/// fields and a timestamp.
#[test]
fn one_mebibyte_values_are_not_echoed() {
    let mut findings = Findings::default();
    let org = serde_json::to_value(everything()).unwrap();
    let rules = org["projects"][0]["deployment_rules"].as_array().unwrap();
    let rule = rules.iter().find(|rule| rule["id"] == "r9").unwrap();
    let (_, log) = every_event();
    let row = serde_json::to_value(&log[1]).unwrap();
    let invite = serde_json::to_value(&every_command()[3].2).unwrap();
    let event = serde_json::to_value(&log[1].event).unwrap();
    let cases: [(&str, &Value, &str, Reader); 14] = [
        ("Member", &org["members"][0], "/role", reader::<Member>),
        (
            "ApiToken",
            &org["api_tokens"][0],
            "/expires_at",
            reader::<ApiToken>,
        ),
        ("DeploymentRule", rule, "/mode", reader::<DeploymentRule>),
        (
            "DeploymentRule",
            rule,
            "/priority_index",
            reader::<DeploymentRule>,
        ),
        (
            "DeploymentRule",
            rule,
            "/weekdays/0",
            reader::<DeploymentRule>,
        ),
        ("Organization", &org, "/plan", reader::<Organization>),
        (
            "Cluster",
            &org["clusters"][0],
            "/cloud_provider",
            reader::<Cluster>,
        ),
        ("Cluster", &org["clusters"][0], "/status", reader::<Cluster>),
        (
            "InvitationStatus",
            &json!("PENDING"),
            "",
            reader::<InvitationStatus>,
        ),
        ("Command", &invite, "/command", reader::<Command>),
        ("Event", &event, "/event", reader::<Event>),
        ("Recorded", &row, "/event_type", reader::<Recorded>),
        ("Recorded", &row, "/target_type", reader::<Recorded>),
        ("Recorded", &row, "/timestamp", reader::<Recorded>),
    ];
    let mark = serde_json::to_string(MARK).unwrap();
    for (name, doc, pointer, read) in cases {
        let mut copy = doc.clone();
        let at = copy.pointer_mut(pointer);
        *at.unwrap_or_else(|| panic!("{name} has no {pointer}")) = json!(MARK);
        let text = copy.to_string();
        for (shape, literal) in hostile_values_of(1 << 20) {
            findings.reads += 1;
            let error = read(&text.replacen(&mark, &literal, 1));
            let (display, debug) = error.unwrap_or_else(|| panic!("{name} {pointer} read"));
            findings.check(
                &format!("{name} {pointer} ({shape})"),
                &display,
                &debug,
                None,
            );
        }
    }
    findings.assert_none();
}

/// Under the guard, an error says what it said before for a short value,
/// at the same place.
#[test]
fn errors_keep_their_words_and_their_place() {
    let read = |text: &str| serde_json::from_str::<Organization>(text).unwrap_err();
    let error = read(r#"{"id": "o", "name": "n", "plan": "FREE", "members": [], "revision": "x"}"#);
    assert_eq!(
        error.to_string(),
        r#"invalid type: string "x", expected u64 at line 1 column 71"#
    );
    let error = read("{\"id\": \"o\", \"name\": \"n\", \"plan\": \"FREE\",\n\"members\": 5}");
    assert_eq!((error.line(), error.column()), (2, 12), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: integer `5`, expected a list of members")
    );
    let error = serde_json::from_str::<Command>(r#"{"command": "RENAME", "name": 5}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `5`, expected a string"
    );
    let error = serde_json::from_str::<CloudProvider>(r#""AWZ""#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown variant `AWZ`, expected one of `AWS`, `SCW`"),
        "{error}"
    );
    // A long list of names is cut, with its count.
    let error = serde_json::from_str::<Command>(r#"{"command": "NOPE"}"#).unwrap_err();
    assert!(error.to_string().contains(" in all) at line 1"), "{error}");
}
