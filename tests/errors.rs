//! Errors a service can map, as a service meets them. Every variant of every
//! error type, its one category and the README's table are checked inside
//! the crate (`src/organization/error/tests.rs`), where the variants can be
//! listed exhaustively.

mod common;

use common::*;
use orgmodel::*;

/// An organization document with two members, a cluster and a project with
/// one rule, for `edit` to break.
#[cfg(feature = "serde")]
fn document(edit: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
    let mut document = serde_json::json!({
        "id": "o", "name": "Acme", "plan": "FREE",
        "members": [
            {"id": "ada", "email": "ada@acme.dev", "role": "OWNER"},
            {"id": "bob", "email": "bob@acme.dev", "role": "ADMIN"}
        ],
        "clusters": [{"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "eu"}],
        "projects": [{"id": "p", "name": "shop", "deployment_rules": [
            {"id": "r", "name": "prod", "mode": "PRODUCTION", "cluster_id": "c1", "wildcard": "prod*"}
        ]}]
    });
    edit(&mut document);
    document
}

#[cfg(feature = "serde")]
#[test]
fn a_refused_document_names_the_path_of_its_field() {
    let cases = [
        (
            document(|d| d["members"][1]["email"] = "ADA@acme.dev".into()),
            "`members[1].email`",
        ),
        (
            document(|d| d["projects"][0]["deployment_rules"][0]["cluster_id"] = "gone".into()),
            "`projects[0].deployment_rules[0].cluster_id`",
        ),
    ];
    for (document, path) in cases {
        let text = document.to_string();
        let error = serde_json::from_str::<Organization>(&text).unwrap_err();
        assert!(error.to_string().contains(path), "{error}");
        let error = serde_json::from_value::<Organization>(document).unwrap_err();
        assert!(error.to_string().contains(path), "{error}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn document_errors_serialize_with_their_path_and_limit() {
    let parts = |members: Vec<Member>, invitations: Vec<Invitation>| OrganizationParts {
        id: "o".parse().unwrap(),
        name: name("Acme"),
        plan: Plan::Free,
        description: None,
        members,
        invitations,
        cloud_accounts: vec![],
        clusters: vec![],
        projects: vec![],
        custom_roles: vec![],
        tokens: vec![],
        revision: 0,
    };
    let owner = Member {
        id: uid("ada"),
        email: email("ada@acme.dev"),
        role: Role::Owner.into(),
    };
    let invitation = Invitation {
        email: email("ADA@acme.dev"),
        role: Role::Viewer.into(),
        expires_at: NOW.plus_seconds(60),
    };
    let invited_member =
        Organization::from_parts(parts(vec![owner.clone()], vec![invitation])).unwrap_err();
    let too_many_rules = DeploymentRules::new(
        (0..=limits::RULES)
            .map(|i| rule(&format!("r{i}"), "a", Mode::Staging, "c1", 0))
            .collect(),
    )
    .unwrap_err();
    let lines: Vec<String> = [invited_member, too_many_rules]
        .iter()
        .map(|error| serde_json::to_string(error).unwrap())
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn a_limit_names_itself_its_value_and_the_size_seen() {
    use orgmodel::limits::Limit;
    let error = Name::new("x".repeat(limits::NAME + 1)).unwrap_err();
    assert_eq!(
        error,
        InvalidValue::TooLong {
            what: "name",
            limit: Limit::Name,
            size: limits::NAME + 1
        }
    );
    assert_eq!(
        error.to_string(),
        "a name holds at most 255 characters, this one 256"
    );
    assert_eq!(
        (Limit::Name.to_string(), Limit::Name.value()),
        ("name".into(), 255)
    );
}

#[test]
fn a_refused_event_keeps_the_kind_of_its_refusal() {
    let error = ApplyError::Refused {
        revision: 7,
        event: "CLUSTER_STOPPED",
        error: Box::new(ClusterError::NoSuchCluster { cluster: cid("c") }.into()),
    };
    assert_eq!(
        (error.kind(), error.refusal_kind(), error.category()),
        ("refused", Some("no_such_cluster"), ErrorCategory::Conflict)
    );
    assert_eq!(
        error.to_string(),
        "event 7 (CLUSTER_STOPPED) does not apply (no_such_cluster): cluster c is not in the organization"
    );
    let no_change = ApplyError::NoChange {
        revision: 7,
        event: "CLUSTER_STOPPED",
    };
    assert_eq!(no_change.refusal_kind(), None);
}

/// A refused command names valid ids of any content, but its message and
/// its `Debug` stay small: an id of 255 characters that escape longest is
/// cut, not copied.
#[test]
fn a_refused_commands_error_stays_small_with_the_longest_ids() {
    let nasty = "\u{10ffff}".repeat(limits::ID);
    let mut org = acme_with_infra();
    let owner = uid("owner");
    let ghost: UserId = nasty.parse().unwrap();
    let errors: Vec<Error> = vec![
        org.rename(&ghost, NOW, name("x")).unwrap_err().into(),
        org.remove_member(&owner, NOW, &ghost).unwrap_err().into(),
        org.transfer_ownership(&owner, NOW, &ghost)
            .unwrap_err()
            .into(),
        org.delete_cluster(&owner, NOW, &nasty.parse().unwrap())
            .unwrap_err()
            .into(),
        org.delete_project(&owner, NOW, &nasty.parse().unwrap())
            .unwrap_err()
            .into(),
        org.delete_environment(&owner, NOW, &pid("p1"), &nasty.parse().unwrap())
            .unwrap_err()
            .into(),
        org.remove_cloud_account(&owner, NOW, &nasty.parse().unwrap())
            .unwrap_err()
            .into(),
    ];
    for error in errors {
        let (shown, debug) = (error.to_string(), format!("{error:?}"));
        assert!(shown.len() <= 512, "{} bytes: {shown}", shown.len());
        assert!(debug.len() <= 512, "{} bytes: {debug}", debug.len());
        assert!(shown.contains("bytes)"), "the id is cut and sized: {shown}");
    }
}
