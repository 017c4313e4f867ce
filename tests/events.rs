//! Events, revisions and the audit log: every change recorded as a typed
//! event, replayed into an equal organization, written in the shape of the
//! platform's audit log and read back.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn every_kind_of_change_records_one_event_and_the_log_rebuilds_the_organization() {
    let (org, log) = every_event();
    assert_eq!(
        log.len() as u64,
        org.revision() + 1,
        "one event per change, after the creation"
    );
    for (i, recorded) in log.iter().enumerate() {
        assert_eq!(recorded.revision, i as u64);
    }
    assert_eq!(Organization::replay(&log), Ok(org));
}

#[test]
fn a_command_that_changes_nothing_records_nothing() {
    let (mut org, _) = every_event();
    let bob = uid("bob");
    let revision = org.revision();
    for command in [
        Command::StartCluster { cluster: cid("c2") },
        Command::Rename {
            name: name("Acme Inc"),
        },
        Command::TransferOwnership { to: bob.clone() },
        Command::PurgeExpired,
    ] {
        assert_eq!(org.execute(&bob, NOW, Some(revision), command), Ok(None));
    }
    assert_eq!(org.revision(), revision);
}

#[test]
fn a_conditional_command_on_an_old_revision_is_stale_and_changes_nothing() {
    let (mut org, _) = every_event();
    let revision = org.revision();
    let before = org.clone();
    let error = org
        .execute(
            &uid("bob"),
            NOW,
            Some(revision - 1),
            Command::Rename { name: name("Late") },
        )
        .unwrap_err();
    assert_eq!(
        error,
        StaleRevision {
            expected: revision - 1,
            actual: revision
        }
        .into()
    );
    assert_eq!(
        (error.kind(), error.category().http_status()),
        ("stale_revision", 412)
    );
    assert_eq!(org, before);
    // Unconditional commands keep working.
    assert!(
        org.execute(
            &uid("bob"),
            NOW,
            None,
            Command::Rename { name: name("Late") }
        )
        .unwrap()
        .is_some()
    );
}

#[test]
fn an_event_that_does_not_apply_is_refused_and_changes_nothing() {
    let (org, log) = every_event();
    let removal = log
        .iter()
        .find(|r| matches!(r.event, Event::MemberRemoved { .. }))
        .unwrap();
    let mut replayed = org.clone();
    let next = Recorded {
        revision: org.revision() + 1,
        ..removal.clone()
    };
    let error = replayed.apply(&next).unwrap_err();
    assert!(
        matches!(&error, ApplyError::Refused { revision, event: "MEMBER_REMOVED", error }
            if *revision == next.revision && error.kind() == "no_such_member"),
        "{error:?}"
    );
    assert_eq!(replayed, org);
    assert_eq!(
        replayed.apply(removal),
        Err(ApplyError::OutOfOrder {
            current: org.revision(),
            got: removal.revision
        })
    );
    let creation = Recorded {
        revision: org.revision() + 1,
        ..log[0].clone()
    };
    assert_eq!(
        replayed.apply(&creation),
        Err(ApplyError::NotACreation {
            revision: creation.revision,
            event: "CREATED"
        })
    );
    assert_eq!(
        Organization::replay(&log[1..]),
        Err(ApplyError::NotACreation {
            revision: 1,
            event: log[1].event.kind()
        })
    );
    assert_eq!(replayed, org);
}

#[cfg(feature = "serde")]
#[test]
fn events_read_back_from_the_audit_log() {
    let (_, log) = every_event();
    let lines: Vec<String> = log
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    for (line, recorded) in lines.iter().zip(&log) {
        assert_eq!(
            &serde_json::from_str::<Recorded>(line).unwrap(),
            recorded,
            "{line}"
        );
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[cfg(feature = "serde")]
#[test]
fn an_event_does_not_grow_with_the_organization() {
    let mut org = big_org(100_000);
    let owner: UserId = uuid(0).parse().unwrap();
    let invite = Command::Invite {
        email: email("newcomer@example-corp.io"),
        role: Role::Developer.into(),
        expires_at: NOW.plus_seconds(DAY),
    };
    let recorded = org
        .execute(&owner, NOW, Some(org.revision()), invite)
        .unwrap()
        .unwrap();
    let json = serde_json::to_string(&recorded).unwrap();
    assert!(json.len() < 1024, "{} bytes: {json}", json.len());
}

#[cfg(feature = "serde")]
#[test]
fn commands_read_from_json_record_what_the_values_record() {
    // A service reads request bodies into commands: every kind round-trips,
    // in the API's casing, and running what it read records the same log.
    let bodies: Vec<String> = every_command()
        .iter()
        .map(|(_, _, command)| serde_json::to_string(command).unwrap())
        .collect();
    let (mut org, created) = created_acme();
    let mut log = vec![created];
    for ((actor, at, command), body) in every_command().into_iter().zip(&bodies) {
        let read: Command = serde_json::from_str(body).unwrap();
        assert_eq!(read, command, "{body}");
        record(&mut log, &mut org, actor, at, read);
    }
    assert_eq!((org, log), every_event());
    insta::assert_snapshot!(bodies.join("\n"));
}

#[cfg(feature = "serde")]
#[test]
fn events_round_trip_in_the_api_casing() {
    let (_, log) = every_event();
    for recorded in &log {
        let json = serde_json::to_value(&recorded.event).unwrap();
        assert_eq!(json["event"], recorded.event.kind(), "{json}");
        assert_eq!(
            serde_json::from_value::<Event>(json).unwrap(),
            recorded.event
        );
    }
}

#[cfg(feature = "serde")]
#[test]
fn a_command_body_is_validated_as_it_is_read() {
    for (body, refused) in [
        (r#"{"command":"RENAME","name":"  "}"#, "blank name"),
        (r#"{"command":"RENAME"}"#, "missing name"),
        (
            r#"{"command":"rename","name":"Acme"}"#,
            "tag in another casing",
        ),
        (r#"{"command":"LAUNCH_MISSILES"}"#, "unknown command"),
        (
            r#"{"command":"CHANGE_ROLE","member":"","role":"ADMIN"}"#,
            "empty id",
        ),
        (
            r#"{"command":"CHANGE_ROLE","member":"u","role":""}"#,
            "empty role reference",
        ),
        (
            r#"{"command":"INVITE","email":"not-an-address","role":"VIEWER","expires_at":0}"#,
            "bad address",
        ),
    ] {
        assert!(
            serde_json::from_str::<Command>(body).is_err(),
            "{refused}: {body}"
        );
    }
}

#[test]
fn replay_places_an_environment_again_and_refuses_one_that_lands_elsewhere() {
    let (org, log) = every_event();
    let at = log
        .iter()
        .position(|r| matches!(r.event, Event::EnvironmentCreated(_)))
        .unwrap();
    let before = Organization::replay(&log[..at]).unwrap();
    // The rule placed it on c2; a log that says c1 (with the same sources)
    // does not replay: the environment is placed again, and lands on c2.
    let mut tampered = log[at].clone();
    let Event::EnvironmentCreated(placed) = &mut tampered.event else {
        unreachable!()
    };
    assert_eq!(placed.environment.cluster_id, cid("c2"));
    placed.environment.cluster_id = cid("c1");
    let mut replayed = before.clone();
    assert_eq!(
        replayed.apply(&tampered),
        Err(ApplyError::Diverged {
            revision: tampered.revision,
            event: "ENVIRONMENT_CREATED"
        })
    );
    assert_eq!(replayed, before, "a diverged event changes nothing");
    // Every check of the live command runs: the same event by a user who
    // is not (yet) a member is refused as the command would be.
    let mut by_stranger = log[at].clone();
    by_stranger.actor = uid("carl").into();
    let mut replayed = before.clone();
    assert!(matches!(
        replayed.apply(&by_stranger),
        Err(ApplyError::Refused { ref error, .. }) if error.kind() == "not_a_member"
    ));
    assert_eq!(replayed, before);
    replayed.apply(&log[at]).unwrap();
    assert_eq!(Organization::replay(&log).unwrap(), org);
}
