//! The service through its port: identity, the crate's refusals and their
//! statuses, revisions as ETags, conditional writes, the audit log, what
//! the crate does not model, restarts and two processes on one database.

mod common;

use common::{ADMIN, ADMIN_TOKEN, DEVELOPER, ORG, OWNER, PROJECT, Service, database};
use orgmodel::{Organization, Recorded};
use serde_json::{Value, json};

fn path(rest: &str) -> String {
    format!("/organization/{ORG}{rest}")
}

#[test]
fn no_identity_or_a_garbled_one_is_401_with_a_json_body() {
    let db = database();
    let service = Service::start(&db);
    for auth in [
        None,
        Some("Bearer"),
        Some("Bearer not-a-uuid"),
        Some("Basic YWRhOg=="),
    ] {
        let response = service.request("GET", &path("/member"), auth, &[], None);
        assert_eq!(response.status, 401, "{auth:?}");
        assert_eq!(response.json()["error"], "unauthenticated", "{auth:?}");
        assert_eq!(response.json()["status"], 401);
    }
}

#[test]
fn an_invitation_is_made_listed_and_accepted() {
    let db = database();
    let service = Service::start(&db);
    let before = service.as_user(OWNER, "GET", &path(""), None).revision();
    let made = service.as_user(
        OWNER,
        "POST",
        &path("/inviteMember"),
        Some(json!({"email": "eve@acme.dev", "role": "DEVELOPER"})),
    );
    assert_eq!(made.status, 201, "{:?}", made.json());
    assert_eq!(made.revision(), before + 1);
    let invitation = made.json();
    assert_eq!(invitation["invitation_status"], "PENDING");
    assert_eq!(invitation["inviter"], OWNER);
    let id = invitation["id"].as_str().unwrap().to_owned();

    let listed = service
        .as_user(ADMIN, "GET", &path("/inviteMember"), None)
        .json();
    let emails: Vec<&str> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|one| one["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["dan@acme.dev", "eve@acme.dev"]);

    let eve = "e0000000-0000-4000-8000-00000000000e";
    let accepted = service.as_user(eve, "POST", &path(&format!("/inviteMember/{id}")), None);
    assert_eq!(accepted.status, 201, "{:?}", accepted.json());
    let members = service.as_user(eve, "GET", &path("/member"), None).json();
    let eve_there = members["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|one| one["id"] == eve && one["role"] == "DEVELOPER");
    assert!(eve_there, "{members}");
}

#[test]
fn refusals_carry_the_crates_kind_category_and_status() {
    let db = database();
    let service = Service::start(&db);
    // A Developer may not invite: 403, the denial explained.
    let denied = service.as_user(
        DEVELOPER,
        "POST",
        &path("/inviteMember"),
        Some(json!({"email": "fay@acme.dev", "role": "VIEWER"})),
    );
    assert_eq!(denied.status, 403);
    let body = denied.json();
    assert_eq!(
        (&body["error"], &body["category"]),
        (&json!("denied"), &json!("forbidden"))
    );
    assert_eq!(body["denial"]["missing"], json!(["INVITE_MEMBERS"]));
    // Revoking an invitation that does not exist: the Developer learns
    // only that they may not revoke; the owner learns it does not exist.
    let nowhere = path("/inviteMember/a9000000-0000-4000-8000-000000000009");
    assert_eq!(
        service.as_user(DEVELOPER, "DELETE", &nowhere, None).status,
        403
    );
    assert_eq!(service.as_user(OWNER, "DELETE", &nowhere, None).status, 404);
    // A stranger is not a member: 403 too.
    let stranger = "f0000000-0000-4000-8000-00000000000f";
    let response = service.as_user(stranger, "GET", &path("/member"), None);
    assert_eq!(response.status, 403);
    // Inviting a member: conflict (409).
    let taken = service.as_user(
        OWNER,
        "POST",
        &path("/inviteMember"),
        Some(json!({"email": "ben@acme.dev", "role": "VIEWER"})),
    );
    assert_eq!(
        (taken.status, taken.json()["error"].clone()),
        (409, json!("already_a_member"))
    );
    // An address that is not one: invalid (422).
    let invalid = service.as_user(
        OWNER,
        "POST",
        &path("/inviteMember"),
        Some(json!({"email": "nobody", "role": "VIEWER"})),
    );
    assert_eq!(
        (invalid.status, invalid.json()["category"].clone()),
        (422, json!("invalid"))
    );
    // An environment id that names nothing is answered as a stranger is:
    // exactly what a stranger learns of an environment that exists, so
    // that no id can be probed.
    let missing = service.as_user(
        OWNER,
        "GET",
        "/environment/f9000000-0000-4000-8000-000000000009",
        None,
    );
    let as_stranger = service.as_user(
        OWNER,
        "GET",
        "/organization/f9000000-0000-4000-8000-000000000009",
        None,
    );
    assert_eq!((missing.status, missing.json()), (403, as_stranger.json()));
    assert_eq!(missing.json()["error"], json!("not_a_member"));
    let projects: Value = service
        .as_user(OWNER, "GET", &path("/project"), None)
        .json();
    let real = format!(
        "/project/{}",
        projects["results"][0]["id"].as_str().unwrap()
    );
    let foreign = service.as_user(stranger, "GET", &real, None);
    let unknown = service.as_user(
        stranger,
        "GET",
        "/project/f9000000-0000-4000-8000-000000000009",
        None,
    );
    assert_eq!(
        (foreign.status, foreign.json()),
        (unknown.status, unknown.json())
    );
    assert_eq!(foreign.status, 403);
    // A Developer's environment that the rules place in production: 403.
    let production = service.as_user(
        DEVELOPER,
        "POST",
        &format!("/project/{PROJECT}/environment"),
        Some(json!({"name": "prod-eu"})),
    );
    assert_eq!(production.status, 403);
    assert_eq!(
        production.json()["denial"]["missing"],
        json!(["EDIT_PRODUCTION_ENVIRONMENT"])
    );
}

#[test]
fn if_match_makes_a_write_conditional_and_a_stale_one_is_412() {
    let db = database();
    let service = Service::start(&db);
    let read = service.as_user(OWNER, "GET", &path(""), None);
    let revision = read.revision();
    let tag = format!("\"{revision}\"");
    let rename = |name: &str, tag: Option<&str>| {
        let body = json!({"name": name, "plan": "BUSINESS"}).to_string();
        let headers: Vec<(&str, &str)> = tag.map(|tag| ("If-Match", tag)).into_iter().collect();
        let auth = format!("Bearer {OWNER}");
        service.request(
            "PUT",
            &path(""),
            Some(&auth),
            &headers,
            Some(body.as_bytes()),
        )
    };
    let first = rename("Acme Inc", Some(&tag));
    assert_eq!(first.status, 200, "{:?}", first.json());
    assert_eq!(first.revision(), revision + 1);
    assert_eq!(first.json()["name"], "Acme Inc");
    // The same ETag again: the organization moved.
    let stale = rename("Acme Corp", Some(&tag));
    assert_eq!(stale.status, 412);
    let body = stale.json();
    assert_eq!(body["error"], "stale_revision");
    assert_eq!(
        (body["expected"].as_u64(), body["actual"].as_u64()),
        (Some(revision), Some(revision + 1))
    );
    // Unconditional: it runs on the current revision.
    let unconditional = rename("Acme Corp", None);
    assert_eq!(unconditional.status, 200);
    assert_eq!(unconditional.revision(), revision + 2);
    // An If-Match that is no ETag of ours is a 400, not a write.
    let garbled = rename("Acme", Some("yesterday"));
    assert_eq!(garbled.status, 400);
    assert_eq!(
        service.as_user(OWNER, "GET", &path(""), None).json()["name"],
        "Acme Corp"
    );
}

#[test]
fn an_api_token_acts_with_its_role() {
    let db = database();
    let service = Service::start(&db);
    let auth = format!("Token {ADMIN_TOKEN}");
    let body = json!({"name": "staging"}).to_string();
    let made = service.request(
        "POST",
        &path("/cluster"),
        Some(&auth),
        &[],
        Some(
            json!({"name": "eu", "region": "eu-west-1", "cloud_provider": "AWS"})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(made.status, 201, "{:?}", made.json());
    let unknown = service.request(
        "POST",
        &path("/project"),
        Some("Token 79000000-0000-4000-8000-000000000009"),
        &[],
        Some(body.as_bytes()),
    );
    assert_eq!(unknown.status, 403);
    assert_eq!(unknown.json()["error"], "no_valid_token");
    let events = service
        .as_user(OWNER, "GET", &path("/events?pageSize=1000"), None)
        .json();
    let last = events["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (&last["triggered_by"], &last["triggered_by_type"]),
        (&json!(ADMIN_TOKEN), &json!("API_TOKEN"))
    );
}

#[test]
fn operations_the_crate_does_not_model_are_501_with_a_json_body() {
    let db = database();
    let service = Service::start(&db);
    for (method, path, body) in [
        (
            "PUT",
            format!("/project/{PROJECT}"),
            json!({"name": "shop2"}),
        ),
        (
            "PUT",
            "/environment/f1000000-0000-4000-8000-000000000001".to_owned(),
            json!({"name": "x"}),
        ),
        (
            "PUT",
            format!("/project/{PROJECT}/deploymentRule/e1000000-0000-4000-8000-000000000001"),
            json!({"name": "r", "mode": "PRODUCTION", "cluster_id": "c1000000-0000-4000-8000-000000000001", "timezone": "UTC", "start_time": "1970-01-01T08:00:00.000Z", "stop_time": "1970-01-01T19:00:00.000Z", "weekdays": [], "wildcard": ""}),
        ),
    ] {
        let response = service.as_user(OWNER, method, &path, Some(body));
        assert_eq!(response.status, 501, "{method} {path}");
        assert_eq!(response.json()["error"], "not_implemented");
    }
}

#[test]
fn what_the_schema_refuses_is_400_and_bodies_are_bounded() {
    let db = database();
    let service = Service::start(&db);
    let missing = service.as_user(OWNER, "POST", &path("/project"), Some(json!({"nom": "x"})));
    assert_eq!(
        (missing.status, missing.json()["error"].clone()),
        (400, json!("schema_violation"))
    );
    let auth = format!("Bearer {OWNER}");
    let not_json = service.request("POST", &path("/project"), Some(&auth), &[], Some(b"{name"));
    assert_eq!(not_json.status, 400);
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(300 * 1024));
    let too_large = service.request(
        "POST",
        &path("/project"),
        Some(&auth),
        &[],
        Some(huge.as_bytes()),
    );
    assert_eq!(too_large.status, 413);
    assert_eq!(too_large.json()["error"], "body_too_large");
    let query = service.as_user(
        OWNER,
        "DELETE",
        "/environment/f1000000-0000-4000-8000-000000000001?skipReconcile=maybe",
        None,
    );
    assert_eq!(query.status, 400);
}

/// Every stored line of the audit log, through `/events`, a page at a time.
fn audit_log(service: &Service) -> Vec<Recorded> {
    let mut log = Vec::new();
    let mut next = path("/events?pageSize=7");
    loop {
        let page = service.as_user(OWNER, "GET", &next, None).json();
        for line in page["events"].as_array().unwrap() {
            let mut line = line.clone();
            let object = line.as_object_mut().unwrap();
            object.remove("id");
            object.remove("origin");
            log.push(serde_json::from_value::<Recorded>(line).expect("an audit line reads back"));
        }
        match page["links"]["next"].as_str() {
            Some(url) => next = url.split_once(&service.address).unwrap().1.to_owned(),
            None => return log,
        }
    }
}

#[test]
fn the_audit_log_replays_to_what_the_service_serves_after_a_restart() {
    let db = database();
    let (revision, members) = {
        let service = Service::start(&db);
        let made = service.as_user(
            OWNER,
            "POST",
            &path("/project"),
            Some(json!({"name": "blog"})),
        );
        assert_eq!(made.status, 200);
        let response = service.as_user(OWNER, "GET", &path("/member"), None);
        (response.revision(), response.json())
    };
    // A new process on the same file: the organization rebuilt from the log.
    let service = Service::start(&db);
    let response = service.as_user(OWNER, "GET", &path("/member"), None);
    assert_eq!((response.revision(), response.json()), (revision, members));
    let log = audit_log(&service);
    let revisions: Vec<u64> = log.iter().map(|recorded| recorded.revision).collect();
    assert_eq!(revisions, (0..=revision).collect::<Vec<_>>());
    let replayed = Organization::replay(&log).expect("the log replays");
    let projects: Vec<Value> = service
        .as_user(OWNER, "GET", &path("/project"), None)
        .json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|project| project["name"].clone())
        .collect();
    let names: Vec<Value> = replayed
        .projects()
        .iter()
        .map(|project| json!(project.name()))
        .collect();
    assert_eq!(projects, names);
    assert_eq!(replayed.revision(), revision);
}

#[test]
fn two_processes_on_one_database_see_each_others_writes() {
    let db = database();
    let first = Service::start(&db);
    let second = Service::start(&db);
    let read = second.as_user(OWNER, "GET", &path(""), None);
    let tag = format!("\"{}\"", read.revision());
    let made = first.as_user(
        OWNER,
        "POST",
        &path("/project"),
        Some(json!({"name": "blog"})),
    );
    assert_eq!(made.status, 200);
    // The second process catches up before answering.
    let seen = second.as_user(
        OWNER,
        "GET",
        &format!("/project/{}", made.json()["id"].as_str().unwrap()),
        None,
    );
    assert_eq!(
        (seen.status, seen.json()["name"].clone()),
        (200, json!("blog"))
    );
    // A write conditional on what the second read before is stale.
    let auth = format!("Bearer {OWNER}");
    let body = json!({"name": "wiki"}).to_string();
    let stale = second.request(
        "POST",
        &path("/project"),
        Some(&auth),
        &[("If-Match", &tag)],
        Some(body.as_bytes()),
    );
    assert_eq!(stale.status, 412);
    // Unconditional writes through both, interleaved, all land once.
    for index in 0..10 {
        let service = if index % 2 == 0 { &first } else { &second };
        let made = service.as_user(
            OWNER,
            "POST",
            &path("/project"),
            Some(json!({"name": format!("p{index}")})),
        );
        assert_eq!(made.status, 200, "{:?}", made.json());
    }
    let log = audit_log(&first);
    let revisions: Vec<u64> = log.iter().map(|recorded| recorded.revision).collect();
    assert_eq!(revisions, (0..log.len() as u64).collect::<Vec<_>>());
    let replayed = Organization::replay(&log).expect("the log replays");
    assert_eq!(replayed.projects().len(), 2 + 10);
}

#[test]
fn only_the_owner_deletes_the_organization_and_then_it_is_gone() {
    let db = database();
    let service = Service::start(&db);
    let refused = service.as_user(ADMIN, "DELETE", &path(""), None);
    assert_eq!(
        (refused.status, refused.json()["error"].clone()),
        (403, json!("denied"))
    );
    let deleted = service.as_user(OWNER, "DELETE", &path(""), None);
    assert_eq!(deleted.status, 204);
    for (user, rest) in [(OWNER, ""), (OWNER, "/member"), (ADMIN, "/events")] {
        let gone = service.as_user(user, "GET", &path(rest), None);
        // As for any organization one is not a member of.
        assert_eq!(
            (gone.status, gone.json()["error"].clone()),
            (403, json!("not_a_member"))
        );
    }
    let listed = service.as_user(OWNER, "GET", "/organization", None).json();
    assert_eq!(listed["results"], json!([]));
    // A new process on the same database knows it is deleted.
    drop(service);
    let again = Service::start(&db);
    assert_eq!(again.as_user(OWNER, "GET", &path(""), None).status, 403);
}
