//! The sync example's lines: each event's updates as SpiceDB
//! `WriteRelationships` requests and OpenFGA `Write` bodies. Applied in
//! order, as the engine would, they keep it equal to the export after
//! every event of a log with custom roles, tokens that expire, and
//! deletions that cascade. The log (two organizations) is also written to
//! `target/tmp/event-store-sync/events.sqlite`, as the event store keeps
//! it, for `.ci/run` to sync into embedded SpiceDB.

#[path = "sync/common.rs"]
mod common;
#[path = "../examples/sync/lines.rs"]
mod lines;
#[allow(dead_code)]
#[path = "../examples/event_store/store.rs"]
mod store;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use lines::*;
use orgmodel::*;
use serde_json::{Value, json};

/// What the lines of a log did to SpiceDB, over every event.
#[derive(Debug, Default)]
struct Seen {
    lines: usize,
    deletes: usize,
    caveats: usize,
    subject_relations: usize,
}

/// Applies every event's SpiceDB lines to a set of relationships, as
/// SpiceDB would (keyed without the caveat; a delete removes what is
/// there, a touch writes over), and compares it with the export.
fn sync_spicedb(organization: &str, log: &[Recorded], seen: &mut Seen) {
    let mut held: BTreeMap<String, String> = BTreeMap::new();
    let mut replica = Replica::new(Engine::SpiceDb);
    for recorded in log {
        let updates = replica.apply(recorded, true).unwrap().unwrap();
        let lines = spicedb_lines(organization, recorded.revision, &updates).unwrap();
        assert_eq!(lines.is_empty(), updates.is_empty(), "{updates:?}");
        for (i, line) in lines.iter().enumerate() {
            let request: Value = serde_json::from_str(line).unwrap();
            assert_eq!(
                request["optionalTransactionMetadata"],
                json!({
                    "organization": organization,
                    "revision": recorded.revision,
                    "part": i + 1,
                    "parts": lines.len(),
                })
            );
            let fields: BTreeSet<&String> = request.as_object().unwrap().keys().collect();
            assert_eq!(
                fields,
                BTreeSet::from([&"optionalTransactionMetadata".into(), &"updates".into()])
            );
            for update in request["updates"].as_array().unwrap() {
                let relationship = text(&update["relationship"]);
                let key = relationship
                    .split_once('[')
                    .map_or(relationship.as_str(), |(key, _)| key);
                seen.caveats += usize::from(update["relationship"].get("optionalCaveat").is_some());
                seen.subject_relations += usize::from(
                    update["relationship"]["subject"]
                        .get("optionalRelation")
                        .is_some(),
                );
                match update["operation"].as_str().unwrap() {
                    "OPERATION_DELETE" => {
                        assert_eq!(key, relationship, "a delete has no caveat");
                        assert!(
                            held.remove(key).is_some(),
                            "deleted what was not there: {key}"
                        );
                        seen.deletes += 1;
                    }
                    "OPERATION_TOUCH" => {
                        held.insert(key.into(), relationship.clone());
                    }
                    other => panic!("operation {other}"),
                }
            }
        }
        seen.lines += lines.len();
        let org = replica.organization().unwrap();
        let mut export = String::new();
        write_spicedb_relationships(org, &mut export).unwrap();
        let export: BTreeSet<&str> = export.lines().collect();
        let synced: BTreeSet<&str> = held.values().map(String::as_str).collect();
        assert_eq!(synced, export, "after revision {}", recorded.revision);
    }
}

#[test]
fn spicedb_lines_applied_in_order_keep_the_engine_equal_to_the_export_after_every_event() {
    let mut seen = Seen::default();
    let log = log("acme", "");
    sync_spicedb("acme", &log, &mut seen);
    assert!(log.len() > 30, "{}", log.len());
    // Some events change nothing (a rename, an invitation): fewer lines.
    assert!(seen.lines < log.len(), "{seen:?}");
    assert!(
        seen.deletes >= 10 && seen.caveats >= 2 && seen.subject_relations >= 10,
        "{seen:?}"
    );
}

/// The key of an OpenFGA tuple: what a delete names.
fn tuple_key(tuple: &Value) -> (String, String, String) {
    let field = |name: &str| tuple[name].as_str().unwrap().to_owned();
    (field("user"), field("relation"), field("object"))
}

#[test]
fn openfga_bodies_applied_in_order_keep_the_engine_equal_to_the_export_after_every_event() {
    let log = log("acme", "");
    let mut held: BTreeMap<(String, String, String), Value> = BTreeMap::new();
    let mut replica = Replica::new(Engine::OpenFga);
    let (mut deletes, mut conditions) = (0, 0);
    for recorded in &log {
        let updates = replica.apply(recorded, true).unwrap().unwrap();
        for line in openfga_lines(&updates).unwrap() {
            let body: Value = serde_json::from_str(&line).unwrap();
            let parts: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert!(
                !parts.is_empty() && parts.iter().all(|p| *p == "writes" || *p == "deletes"),
                "{line}"
            );
            for tuple in body["deletes"]["tuple_keys"]
                .as_array()
                .into_iter()
                .flatten()
            {
                assert!(tuple.get("condition").is_none(), "{line}");
                assert!(
                    held.remove(&tuple_key(tuple)).is_some(),
                    "deleted what was not there: {tuple}"
                );
                deletes += 1;
            }
            for tuple in body["writes"]["tuple_keys"]
                .as_array()
                .into_iter()
                .flatten()
            {
                conditions += usize::from(tuple.get("condition").is_some());
                held.insert(tuple_key(tuple), tuple.clone());
            }
        }
        let org = replica.organization().unwrap();
        let export: BTreeMap<_, Value> = Updates::load(Engine::OpenFga, org)
            .unwrap()
            .writes
            .iter()
            .map(|item| {
                let tuple: Value = serde_json::from_str(item).unwrap();
                (tuple_key(&tuple), tuple)
            })
            .collect();
        assert_eq!(held, export, "after revision {}", recorded.revision);
    }
    assert!(
        deletes >= 10 && conditions >= 2,
        "{deletes} deletes, {conditions} conditions"
    );
}

#[test]
fn a_relationship_is_spicedbs_v1_json() {
    let token = r#"organization:o#viewer@token:ci[not_expired:{"expires_at":1767225660}]"#;
    assert_eq!(
        relationship(token).unwrap(),
        json!({
            "resource": { "objectType": "organization", "objectId": "o" },
            "relation": "viewer",
            "subject": { "object": { "objectType": "token", "objectId": "ci" } },
            "optionalCaveat": { "caveatName": "not_expired", "context": { "expires_at": 1_767_225_660 } },
        })
    );
    let grant = "grants:p=2Fshop/production#deploy_environment@custom_role:k#member";
    assert_eq!(
        relationship(grant).unwrap(),
        json!({
            "resource": { "objectType": "grants", "objectId": "p=2Fshop/production" },
            "relation": "deploy_environment",
            "subject": { "object": { "objectType": "custom_role", "objectId": "k" }, "optionalRelation": "member" },
        })
    );
    assert_eq!(
        relationship("a:b#c@d:e[cav]").unwrap()["optionalCaveat"],
        json!({ "caveatName": "cav" })
    );
    for malformed in [
        "organization:o#viewer",
        "organization:o@user:u",
        "organization:o#@user:u",
        "organization#viewer@user:u",
        "organization:o#viewer@user:",
        "organization:o#viewer@user:u#",
        "organization:o#viewer@user:u[not_expired:{\"a\":1}",
        "organization:o#viewer@user:u[not_expired:[1]]",
        "organization:o#viewer@user:u[:{}]",
    ] {
        let error = relationship(malformed).unwrap_err();
        assert!(
            matches!(&error, SyncError::Malformed { item, .. } if item == malformed),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with(&format!("the crate wrote {malformed:?}, which is not")),
            "{error}"
        );
    }
}

#[test]
fn an_event_past_an_engines_limit_is_several_lines_deletes_first() {
    let relationship = |i: usize| format!("organization:o#viewer@user:u{i}");
    let updates = Updates {
        deletes: (0..1_500).map(relationship).collect(),
        writes: (1_500..2_345).map(relationship).collect(),
    };
    let lines = spicedb_lines("o", 7, &updates).unwrap();
    let requests: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sizes: Vec<usize> = requests
        .iter()
        .map(|r| r["updates"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [SPICEDB_MAX_UPDATES, 1_000, 345]);
    let operations: Vec<&str> = requests
        .iter()
        .flat_map(|r| r["updates"].as_array().unwrap())
        .map(|u| u["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations
            .iter()
            .filter(|o| **o == "OPERATION_DELETE")
            .count(),
        1_500
    );
    assert!(operations[..1_500].iter().all(|o| *o == "OPERATION_DELETE"));
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(
            request["optionalTransactionMetadata"],
            json!({ "organization": "o", "revision": 7, "part": i + 1, "parts": requests.len() })
        );
    }

    let tuple = |i: usize| {
        format!(r#"{{"user":"user:u{i}","relation":"viewer","object":"organization:o"}}"#)
    };
    let updates = Updates {
        deletes: (0..30).map(tuple).collect(),
        writes: (30..250).map(tuple).collect(),
    };
    let bodies: Vec<Value> = openfga_lines(&updates)
        .unwrap()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |body: &Value, part: &str| body[part]["tuple_keys"].as_array().map_or(0, Vec::len);
    let sizes: Vec<(usize, usize)> = bodies
        .iter()
        .map(|b| (count(b, "deletes"), count(b, "writes")))
        .collect();
    assert_eq!(sizes, [(30, 70), (0, OPENFGA_MAX_TUPLES), (0, 50)]);
    assert!(
        bodies[1].get("deletes").is_none(),
        "an empty part is left out"
    );
    assert_eq!(
        openfga_lines(&Updates::default()).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        spicedb_lines("o", 1, &Updates::default()).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn the_creations_lines_are_the_whole_export_and_the_rest_what_changed() {
    let log = log("acme", "");
    let mut replica = Replica::new(Engine::SpiceDb);
    let load = replica.apply(&log[0], true).unwrap().unwrap();
    assert!(load.deletes.is_empty());
    assert_eq!(load.writes, ["organization:acme#owner@user:u-ada"]);
    // Replayed without updates up to revision 10, as `--since 10` does.
    for recorded in &log[1..=10] {
        assert!(replica.apply(recorded, false).unwrap().is_none());
    }
    assert_eq!(replica.organization().unwrap().revision(), 10);
    // An event out of order is a readable error, not a panic.
    let error = replica.apply(&log[12], true).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the event of revision 12 does not apply"),
        "{error}"
    );
}

#[test]
fn an_id_the_engine_does_not_take_is_a_readable_error() {
    let owner: UserId = id("u-ada");
    let (mut org, created) = Organization::create(
        id("acme"),
        name("Acme"),
        Plan::Free,
        owner.clone(),
        Email::new("ada@acme.dev").unwrap(),
        Timestamp::from_unix_seconds(T0),
    );
    // 169 two-byte characters: 1,026 bytes as a `grants` id, past SpiceDB's 1,024.
    let command = Command::AddProject {
        project: id(&"é".repeat(169)),
        name: name("Shop"),
    };
    let at = Timestamp::from_unix_seconds(T0 + 60);
    let added = org.execute(&owner, at, None, command).unwrap();
    let mut replica = Replica::new(Engine::SpiceDb);
    assert!(replica.apply(&created, true).unwrap().is_some());
    let error = replica.apply(&added.unwrap(), true).unwrap_err();
    assert!(
        matches!(error, SyncError::Export { revision: 1, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with(
            "the event of revision 1 cannot be written for the engine (spicedb_id_too_long): the id"
        ),
        "{error}"
    );
}

#[test]
fn two_organizations_logs_are_written_to_a_store_for_ci() {
    let directory = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("event-store-sync");
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("events.sqlite");
    let Ok(db) = store::Store::open(path.to_str().unwrap()) else {
        panic!("cannot open {}", path.display());
    };
    let logs = [("acme", log("acme", "")), ("globex", log("globex", "g-"))];
    for (organization, log) in &logs {
        for recorded in log {
            assert!(matches!(db.append(organization, recorded), Ok(true)));
        }
        let Ok(stored) = db.events(organization, None) else {
            panic!("cannot read {organization}");
        };
        assert_eq!(&stored, log);
        sync_spicedb(organization, &stored, &mut Seen::default());
    }
}
