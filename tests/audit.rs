//! Audit log rows read strictly: the header must be what the change files the
//! event as, no unknown field, a real RFC 3339 timestamp; every refusal names
//! its field and never echoes a large input.
#![cfg(feature = "serde")]

mod common;

use common::*;
use orgmodel::*;
use serde_json::{Value, json};

const HEADER: [&str; 5] = [
    "event_type",
    "target_type",
    "sub_target_type",
    "target_id",
    "target_name",
];

/// Every recorded event of the shared log, as the rows the writer writes.
fn rows() -> Vec<(Recorded, Value)> {
    let (_, log) = every_event();
    log.into_iter()
        .map(|recorded| {
            let row = serde_json::to_value(&recorded).unwrap();
            (recorded, row)
        })
        .collect()
}

/// The row of the first event that `pick` selects.
fn row_of(pick: impl Fn(&Event) -> bool) -> (Recorded, Value) {
    rows()
        .into_iter()
        .find(|(recorded, _)| pick(&recorded.event))
        .unwrap()
}

/// Reads a row that must be refused; its message.
#[track_caller]
fn refused(row: &Value) -> String {
    match serde_json::from_value::<Recorded>(row.clone()) {
        Ok(recorded) => panic!("{row} read as {recorded:?}"),
        Err(error) => error.to_string(),
    }
}

#[track_caller]
fn refused_text(text: &str) -> String {
    match serde_json::from_str::<Recorded>(text) {
        Ok(recorded) => panic!("{text} read as {recorded:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn what_the_writer_writes_reads_back_and_nulls_mean_none() {
    for (recorded, mut row) in rows() {
        assert_eq!(
            serde_json::from_value::<Recorded>(row.clone()).unwrap(),
            recorded
        );
        // The API writes an absent target as null.
        for field in ["sub_target_type", "target_id", "target_name"] {
            row.as_object_mut()
                .unwrap()
                .entry(field)
                .or_insert(Value::Null);
        }
        assert_eq!(
            serde_json::from_value::<Recorded>(row.clone()).unwrap(),
            recorded,
            "{row}"
        );
    }
}

#[test]
fn a_header_that_disagrees_with_its_change_is_refused_naming_the_field() {
    for (_, row) in rows() {
        for field in HEADER {
            // Another value than the writer's, or one where it writes none.
            let mut changed = row.clone();
            changed[field] = json!("BOGUS");
            let error = refused(&changed);
            assert!(
                error.starts_with(&format!("`{field}`: \"BOGUS\" does not match the change")),
                "{field}: {error}"
            );
            // Missing where the writer writes one.
            if row.get(field).is_some() {
                let mut missing = row.clone();
                missing.as_object_mut().unwrap().remove(field);
                let error = refused(&missing);
                assert!(
                    error.contains(&format!("`{field}`"))
                        && (error.contains("missing") || error.contains("missing field")),
                    "{field}: {error}"
                );
                let mut null = row.clone();
                null[field] = Value::Null;
                assert!(refused(&null).contains(&format!("`{field}`")), "{field}");
            }
        }
    }
}

#[test]
fn the_issues_example_a_cluster_deletion_header_on_a_description_is_refused() {
    let (_, row) = row_of(|event| matches!(event, Event::DescriptionSet { .. }));
    let row_with = |field: &str, value: &str| {
        let mut row = row.clone();
        row[field] = json!(value);
        row
    };
    insta::assert_snapshot!(
        refused(&row_with("target_type", "CLUSTER")),
        @r#"`target_type`: "CLUSTER" does not match the change, which files it as "ORGANIZATION""#
    );
    insta::assert_snapshot!(
        refused(&row_with("event_type", "DELETE")),
        @r#"`event_type`: "DELETE" does not match the change, which files it as "UPDATE""#
    );
    insta::assert_snapshot!(
        refused(&row_with("target_id", "c1")),
        @r#"`target_id`: "c1" does not match the change, which files none"#
    );
    let (_, cluster) = row_of(|event| matches!(event, Event::ClusterDeleted { .. }));
    let mut without = cluster.clone();
    without.as_object_mut().unwrap().remove("target_id");
    insta::assert_snapshot!(
        refused(&without),
        @r#"`target_id`: missing, but the change files it as "c1""#
    );
}

#[test]
fn unknown_and_repeated_fields_are_refused() {
    let (_, row) = row_of(|event| matches!(event, Event::Renamed { .. }));
    let mut unknown = row.clone();
    unknown["origin"] = json!("API");
    let error = refused(&unknown);
    assert!(
        error.starts_with("unknown field \"origin\": a row holds only timestamp, event_type"),
        "{error}"
    );
    let mut huge = row.clone();
    huge["k".repeat(100_000)] = json!(1);
    let error = refused(&huge);
    assert!(
        error.len() < 400 && error.contains("100000 bytes"),
        "{} bytes: {}",
        error.len(),
        error.get(..200).unwrap_or(&error)
    );
    // JSON text may repeat a key; a row may not.
    let text = row.to_string();
    let twice = text.replacen("{", "{\"revision\":0,", 1);
    let error = refused_text(&twice);
    assert!(error.starts_with("`revision`: given twice"), "{error}");
    // A row is an object.
    assert!(refused(&json!([1, 2])).contains("an audit log row"));
}

#[test]
fn a_bad_timestamp_is_refused_naming_timestamp() {
    let (recorded, row) = row_of(|event| matches!(event, Event::Renamed { .. }));
    for bad in [
        json!("2026-02-31T00:00:00Z"),
        json!("2026-13-01T00:00:00Z"),
        json!("2026-01-01T24:00:00Z"),
        json!("2026-01-01T00:00:00Z garbage"),
        json!("2026-01-01"),
        json!(""),
        json!(1_700_000_000),
        json!(null),
    ] {
        let mut changed = row.clone();
        changed["timestamp"] = bad.clone();
        let error = refused(&changed);
        assert!(error.starts_with("`timestamp`: "), "{bad}: {error}");
    }
    let mut huge = row.clone();
    huge["timestamp"] = json!(format!("2026-01-01T00:00:00Z{}", "x".repeat(1_000_000)));
    let error = refused(&huge);
    assert!(error.len() < 400, "{} bytes", error.len());
    insta::assert_snapshot!(refused(&{
        let mut row = row.clone();
        row["timestamp"] = json!("2026-02-31T00:00:00Z");
        row
    }), @r#"`timestamp`: "2026-02-31T00:00:00Z" is not a time: parsed date is not valid: parameter 'day' for `2026-02` is invalid, must be in range `1..=28`"#);
    // An offset reads as the same instant; a fraction is dropped.
    for same in ["2023-11-15T03:13:20+05:00", "2023-11-14T22:13:20.75Z"] {
        let mut changed = row.clone();
        changed["timestamp"] = json!(same);
        assert_eq!(
            serde_json::from_value::<Recorded>(changed).unwrap(),
            recorded,
            "{same}"
        );
    }
    let mut missing = row.clone();
    missing.as_object_mut().unwrap().remove("timestamp");
    assert!(refused(&missing).contains("missing field `timestamp`"));
}

#[test]
fn a_bad_change_is_refused_naming_change_without_echoing_it() {
    let (_, row) = row_of(|event| matches!(event, Event::Renamed { .. }));
    for bad in [
        json!("not json"),
        json!("{}"),
        json!(7),
        json!({"event": "renamed"}),
    ] {
        let mut changed = row.clone();
        changed["change"] = bad.clone();
        let error = refused(&changed);
        assert!(error.starts_with("`change`: "), "{bad}: {error}");
    }
    // An invitation whose expiry is not a time.
    let (_, invited) = row_of(|event| matches!(event, Event::Invited { .. }));
    let mut change: Value = serde_json::from_str(invited["change"].as_str().unwrap()).unwrap();
    change["expires_at"] = json!("2026-02-30T00:00:00Z");
    let mut changed = invited.clone();
    changed["change"] = json!(change.to_string());
    let error = refused(&changed);
    assert!(
        error.starts_with("`change`: ") && error.contains("2026-02-30T00:00:00Z"),
        "{error}"
    );
    // A huge tag is not repeated whole.
    let mut change: Value = serde_json::from_str(row["change"].as_str().unwrap()).unwrap();
    change["event"] = json!("x".repeat(1_000_000));
    let mut changed = row.clone();
    changed["change"] = json!(change.to_string());
    let error = refused(&changed);
    assert!(
        error.starts_with("`change`: ") && error.chars().count() < 300,
        "{} bytes",
        error.len()
    );
}

#[test]
fn a_bad_actor_or_revision_is_refused_naming_it() {
    let (_, row) = row_of(|event| matches!(event, Event::Renamed { .. }));
    for (field, bad) in [
        ("triggered_by", json!("")),
        ("triggered_by", json!(5)),
        ("revision", json!(-1)),
        ("revision", json!("1")),
    ] {
        let mut changed = row.clone();
        changed[field] = bad.clone();
        let error = refused(&changed);
        assert!(
            error.starts_with(&format!("`{field}`: ")),
            "{field} = {bad}: {error}"
        );
    }
}
