//! The wire format: JSON as the platform's REST API writes it, snapshots of
//! every type, and validation on the way in.
#![cfg(feature = "serde")]

mod common;

use common::*;
use orgmodel::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A full organization: members of every role, an invitation, a cloud
/// account, two clusters (one stopped), a project with rules and
/// environments, a custom role, and API tokens holding it or a built-in
/// role, with and without an expiry.
fn full() -> Organization {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    org.set_description(&owner, NOW, Some("Online shop".into()))
        .unwrap();
    let _ = org
        .invite(
            &owner,
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    let _ = org
        .add_cloud_account(
            &owner,
            NOW,
            CloudAccount {
                id: "aws-main".parse().unwrap(),
                name: name("AWS main"),
                cloud_provider: CloudProvider::Aws,
            },
        )
        .unwrap();
    org.stop_cluster(&owner, NOW, &cid("c2")).unwrap();
    let mut scheduled = rule("r-pr", "pr-*", Mode::Preview, "c1", 1);
    scheduled.description = Some("previews stop at night".into());
    scheduled.auto_stop = true;
    scheduled.timezone = Some("Europe/Paris".into());
    scheduled.start_time = Some("1970-01-01T08:00:00.000Z".into());
    scheduled.stop_time = Some("1970-01-01T20:00:00.000Z".into());
    scheduled.weekdays = vec![Weekday::Monday, Weekday::Tuesday];
    let _ = org.add_rule(&owner, NOW, &pid("p1"), scheduled).unwrap();
    let _ = org
        .add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r-prod", "prod*", Mode::Production, "c2", 0),
        )
        .unwrap();
    let _ = org
        .create_environment(
            &owner,
            NOW,
            &pid("p1"),
            eid("e-prod"),
            &CreateEnvironmentRequest::new("prod"),
        )
        .unwrap();
    let _ = org
        .create_environment(
            &owner,
            NOW,
            &pid("p1"),
            eid("e-pr"),
            &CreateEnvironmentRequest::new("pr-12"),
        )
        .unwrap();
    let release: CustomRoleId = "r-release".parse().unwrap();
    let _ = org
        .create_custom_role(
            &owner,
            NOW,
            release.clone(),
            name("Release managers"),
            "deploy production".into(),
        )
        .unwrap();
    let tokens: [(&str, RoleRef, Option<Timestamp>); 3] = [
        (
            "t-ci",
            RoleRef::Custom(release),
            Some(NOW.plus_seconds(DAY)),
        ),
        ("t-tf", Role::DevOps.into(), None),
        (
            "t-audit",
            Role::Viewer.into(),
            Some(NOW.plus_seconds(7 * DAY)),
        ),
    ];
    for (id, role, expires_at) in tokens {
        let token = CreateApiTokenRequest::new(name(id), format!("the {id} token"), role)
            .unwrap()
            .into_token(id.parse().unwrap(), expires_at);
        let _ = org.create_api_token(&owner, NOW, token).unwrap();
    }
    org
}

#[test]
fn organization_snapshot() {
    insta::assert_json_snapshot!("organization", full());
}

#[test]
fn organization_round_trips() {
    let org = full();
    let text = serde_json::to_string(&org).unwrap();
    assert_eq!(serde_json::from_str::<Organization>(&text).unwrap(), org);
}

#[test]
fn placement_snapshot() {
    let org = full();
    let request = CreateEnvironmentRequest::new("prod-us").with_mode(Mode::Staging);
    insta::assert_json_snapshot!("placement", org.placement(&pid("p1"), &request).unwrap());
}

#[test]
fn decision_snapshots() {
    let org = full();
    let allowed = org.check(&uid("admin"), Action::ManageBilling, Resource::Organization);
    let denied = org.check(&uid("dev"), Action::ManageBilling, Resource::Organization);
    let outsider = org.check(&uid("ghost"), Action::ReadProject, Resource::Organization);
    insta::assert_json_snapshot!("decisions", [allowed, denied, outsider]);
}

#[test]
fn permission_sets_are_lists_of_action_names() {
    let set = Role::Viewer.permissions();
    assert_eq!(
        serde_json::to_value(set).unwrap(),
        json!(["READ_PROJECT", "READ_ENVIRONMENT", "READ_APPLICATION"])
    );
    assert_eq!(
        serde_json::from_value::<Permission>(json!([
            "READ_APPLICATION",
            "READ_PROJECT",
            "READ_ENVIRONMENT"
        ]))
        .unwrap(),
        set
    );
    assert_eq!(
        serde_json::from_value::<Permission>(json!([])).unwrap(),
        Permission::empty()
    );
    let error = serde_json::from_value::<Permission>(json!(["READ_PROJECT", "LAUNCH_ROCKETS"]))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unknown action `LAUNCH_ROCKETS`"),
        "{error}"
    );
    assert_eq!(
        serde_json::to_value(Role::Owner.permissions())
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        27
    );
}

#[test]
fn enums_use_the_apis_spelling() {
    assert_eq!(
        serde_json::to_value(Role::Developer).unwrap(),
        json!("DEVELOPER")
    );
    assert_eq!(
        serde_json::to_value(Mode::Production).unwrap(),
        json!("PRODUCTION")
    );
    assert_eq!(
        serde_json::to_value(Plan::Community).unwrap(),
        json!("COMMUNITY")
    );
    assert_eq!(
        serde_json::to_value(CloudProvider::OnPremise).unwrap(),
        json!("ON_PREMISE")
    );
    assert_eq!(
        serde_json::to_value(Weekday::Sunday).unwrap(),
        json!("SUNDAY")
    );
    assert_eq!(
        serde_json::to_value(ClusterStatus::DeploymentQueued).unwrap(),
        json!("DEPLOYMENT_QUEUED")
    );
    assert_eq!(
        serde_json::to_value(Source::Default).unwrap(),
        json!("default")
    );
}

#[test]
fn roles_modes_and_plans_read_case_insensitively_and_write_canonically() {
    for text in ["OWNER", "owner", "Owner", "oWnEr"] {
        assert_eq!(
            serde_json::from_value::<Role>(json!(text)).unwrap(),
            Role::Owner
        );
    }
    assert_eq!(
        serde_json::from_value::<Mode>(json!("staging")).unwrap(),
        Mode::Staging
    );
    assert_eq!(
        serde_json::from_value::<Plan>(json!("business")).unwrap(),
        Plan::Business
    );
    let error = serde_json::from_value::<Role>(json!("ROOT"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "unknown variant `ROOT`, expected one of `OWNER`, `ADMIN`, `DEVOPS`, `DEVELOPER`, `VIEWER`, `BILLING`"
        ),
        "{error}"
    );
    assert!(
        serde_json::from_value::<Mode>(json!("AUTOMATIC")).is_err(),
        "Automatic is absent or null, not a value"
    );
}

#[test]
fn every_cluster_status_reads_and_maps_to_a_state() {
    let statuses = [
        "BUILDING",
        "BUILD_ERROR",
        "CANCELED",
        "CANCELING",
        "DELETED",
        "DELETE_ERROR",
        "DELETE_QUEUED",
        "DELETING",
        "DEPLOYED",
        "DEPLOYING",
        "DEPLOYMENT_ERROR",
        "DEPLOYMENT_QUEUED",
        "DRY_RUN",
        "QUEUED",
        "READY",
        "STOPPED",
        "STOPPING",
        "STOP_ERROR",
        "STOP_QUEUED",
        "RESTART_QUEUED",
        "RESTARTING",
        "RESTARTED",
        "RESTART_ERROR",
        "INVALID_CREDENTIALS",
    ];
    for status in statuses {
        let parsed: ClusterStatus = serde_json::from_value(json!(status)).unwrap();
        let expected = if matches!(status, "STOPPED" | "STOPPING" | "STOP_QUEUED") {
            ClusterState::Stopped
        } else {
            ClusterState::Running
        };
        assert_eq!(parsed.state(), expected, "{status}");
    }
}

#[test]
fn a_cluster_as_the_api_returns_it() {
    let api = json!({
        "id": "9d5a6b0e-8b1f-4a57-9e3c-2f1f2c3b4d5e",
        "created_at": "2021-03-01T10:00:00Z",
        "updated_at": null,
        "organization": {"id": "2c9a8f4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b"},
        "name": "production",
        "description": "our main cluster",
        "region": "eu-west-3",
        "cloud_provider": "AWS",
        "min_running_nodes": 3,
        "max_running_nodes": 10,
        "instance_type": "T3A_LARGE",
        "is_default": true,
        "status": "STOP_QUEUED",
        "has_access": true,
        "version": "1.27",
        "production": true
    });
    let cluster: Cluster = serde_json::from_value(api).unwrap();
    assert_eq!(cluster.id.as_str(), "9d5a6b0e-8b1f-4a57-9e3c-2f1f2c3b4d5e");
    assert_eq!(
        (
            cluster.name.as_str(),
            &*cluster.region,
            cluster.cloud_provider
        ),
        ("production", "eu-west-3", CloudProvider::Aws)
    );
    assert_eq!(cluster.state, ClusterState::Stopped);
    let without_status: Cluster = serde_json::from_value(json!({"id": "c", "name": "n", "cloud_provider": "SCW", "region": "fr-par", "status": null})).unwrap();
    assert_eq!(without_status.state, ClusterState::Running);
}

#[test]
fn a_deployment_rule_as_the_api_returns_it() {
    let api = json!({
        "id": "6a8e1f2c-1111-4aaa-8bbb-123456789abc",
        "created_at": "2021-03-01T10:00:00Z",
        "updated_at": "2021-03-02T10:00:00Z",
        "project": {"id": "p"},
        "name": "previews",
        "description": null,
        "mode": "PREVIEW",
        "cluster_id": "c1",
        "wildcard": "pr-*",
        "priority_index": 2,
        "auto_stop": null,
        "timezone": "Europe/Paris",
        "start_time": "1970-01-01T08:00:00.000Z",
        "stop_time": "1970-01-01T19:00:00.000Z",
        "weekdays": ["MONDAY", "TUESDAY", "WEDNESDAY"]
    });
    let rule: DeploymentRule = serde_json::from_value(api).unwrap();
    assert_eq!(
        (rule.mode, rule.priority_index, rule.auto_stop),
        (Mode::Preview, 2, false)
    );
    assert!(rule.wildcard.matches("PR-42"));
    assert_eq!(
        rule.weekdays,
        [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday]
    );
    assert_eq!(rule.start_time.as_deref(), Some("1970-01-01T08:00:00.000Z"));
    let minimal: DeploymentRule =
        serde_json::from_value(json!({"id": "r", "name": "n", "mode": "STAGING", "cluster_id": "c", "wildcard": "*", "priority_index": 0, "weekdays": null})).unwrap();
    assert_eq!(
        (
            minimal.auto_stop,
            minimal.description,
            minimal.timezone,
            minimal.weekdays.len()
        ),
        (false, None, None, 0)
    );
}

#[test]
fn environments_members_and_requests_as_the_api_returns_them() {
    let env: Environment = serde_json::from_value(json!({
        "id": "e1", "created_at": "2021-03-01T10:00:00Z", "organization": {"id": "o"}, "project": {"id": "p"},
        "name": "prod", "mode": "PRODUCTION", "cluster_id": "c1", "cloud_provider": {"provider": "AWS", "cluster": "eu-west-3"}
    }))
    .unwrap();
    assert_eq!(
        (env.name.as_str(), env.mode, env.cluster_id.as_str()),
        ("prod", Mode::Production, "c1")
    );
    let member: Member = serde_json::from_value(json!({
        "id": "u1", "created_at": "2021-03-01T10:00:00Z", "name": "Ada", "nickname": "ada", "email": "Ada@Acme.dev",
        "profile_picture_url": null, "last_activity_at": null, "role": "admin", "role_id": "x"
    }))
    .unwrap();
    assert_eq!(
        (member.id.as_str(), member.email.as_str(), member.role),
        ("u1", "Ada@Acme.dev", Role::Admin.into())
    );
    let request: CreateEnvironmentRequest =
        serde_json::from_value(json!({"name": "x", "mode": null, "cluster": null})).unwrap();
    assert_eq!(request, CreateEnvironmentRequest::new("x"));
    let request: CreateEnvironmentRequest =
        serde_json::from_value(json!({"name": "x", "mode": "STAGING", "cluster": "c2"})).unwrap();
    assert_eq!(
        request,
        CreateEnvironmentRequest::new("x")
            .with_mode(Mode::Staging)
            .on_cluster(cid("c2"))
    );
}

#[test]
fn invalid_scalars_are_refused_with_their_value() {
    let error = serde_json::from_value::<Member>(
        json!({"id": "u", "email": "not-an-address", "role": "VIEWER"}),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        error,
        r#""not-an-address" is not an e-mail address: it has no `@`"#
    );
    let error =
        serde_json::from_value::<Member>(json!({"id": "", "email": "a@b.c", "role": "VIEWER"}))
            .unwrap_err()
            .to_string();
    assert_eq!(error, "a user id must not be empty");
    let error = serde_json::from_value::<Cluster>(
        json!({"id": "c", "name": " ", "cloud_provider": "AWS", "region": "x"}),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(error, r#"a name must hold a visible character, got " ""#);
}

// ----- rejected organization documents -----

/// The JSON of [`full`], edited by `edit`, must be refused at `field`.
fn refused_at(edit: impl FnOnce(&mut Value), field: &str, problem: Problem) {
    let mut doc = serde_json::to_value(full()).unwrap();
    edit(&mut doc);
    let error = serde_json::from_value::<Organization>(doc)
        .expect_err("the document must be refused")
        .to_string();
    let expected = format!(
        "invalid organization: {}",
        ValidationError {
            field: field.into(),
            value: String::new(),
            problem,
        }
    );
    let (prefix, suffix) = expected.split_once("\"\"").unwrap();
    assert!(
        error.starts_with(prefix) && error.ends_with(suffix),
        "{error}\n  expected the shape of {expected}"
    );
}

#[test]
fn an_organization_needs_exactly_one_owner() {
    // Every reference to the role changes together, or they disagree.
    let set_role = |member: &mut Value, role: Role| {
        member["role"] = json!(role);
        member["role_id"] = json!(role.id());
        member["role_name"] = json!(role.to_string());
    };
    refused_at(
        |d| set_role(&mut d["members"][1], Role::Owner),
        "members",
        Problem::NotExactlyOneOwner,
    );
    refused_at(
        |d| set_role(&mut d["members"][0], Role::Admin),
        "members",
        Problem::NotExactlyOneOwner,
    );
    refused_at(
        |d| d["members"] = json!([]),
        "members",
        Problem::NotExactlyOneOwner,
    );
}

#[test]
fn member_ids_and_emails_are_unique() {
    refused_at(
        |d| d["members"][2]["id"] = d["members"][1]["id"].clone(),
        "members[2].id",
        Problem::Duplicate,
    );
    refused_at(
        |d| d["members"][3]["email"] = json!("ADMIN@acme.dev"),
        "members[3].email",
        Problem::Duplicate,
    );
}

#[test]
fn invitations_are_checked() {
    refused_at(
        |d| {
            let invitation = d["invitations"][0].as_object_mut().unwrap();
            invitation.remove("role_id");
            invitation.remove("role_name");
            invitation.insert("role".into(), json!("OWNER"));
        },
        "invitations[0].role",
        Problem::OwnerInvitation,
    );
    refused_at(
        |d| d["invitations"][0]["email"] = json!("Dev@acme.dev"),
        "invitations[0].email",
        Problem::AlreadyAMember,
    );
    refused_at(
        |d| {
            let copy = d["invitations"][0].clone();
            d["invitations"].as_array_mut().unwrap().push(copy);
        },
        "invitations[1].email",
        Problem::Duplicate,
    );
}

#[test]
fn api_tokens_are_checked() {
    // `full` writes its tokens by id: t-audit, t-ci, t-tf.
    refused_at(
        |d| d["api_tokens"][1]["role_id"] = json!("gone"),
        "api_tokens[1].role_id",
        Problem::UnknownRole,
    );
    refused_at(
        |d| {
            let token = d["api_tokens"][2].as_object_mut().unwrap();
            token.remove("role_id");
            token.insert("role_name".into(), json!("Owner"));
        },
        "api_tokens[2].role_id",
        Problem::OwnerToken,
    );
    refused_at(
        |d| d["api_tokens"][2]["id"] = json!("t-ci"),
        "api_tokens[2].id",
        Problem::Duplicate,
    );
    refused_at(
        |d| {
            let token = d["api_tokens"][0].clone();
            let tokens = d["api_tokens"].as_array_mut().unwrap();
            tokens.extend(std::iter::repeat_n(token, limits::API_TOKENS - 2));
        },
        "api_tokens",
        Problem::TooMany {
            limit: limits::Limit::ApiTokens,
            size: limits::API_TOKENS + 1,
        },
    );
    // Absent or `null`: no tokens.
    for edit in [
        |d: &mut Value| d["api_tokens"] = Value::Null,
        |d: &mut Value| {
            d.as_object_mut().unwrap().remove("api_tokens");
        },
    ] {
        let mut doc = serde_json::to_value(full()).unwrap();
        edit(&mut doc);
        let org: Organization = serde_json::from_value(doc).unwrap();
        assert!(org.tokens().is_empty());
    }
}

#[test]
fn cloud_accounts_are_checked() {
    refused_at(
        |d| d["plan"] = json!("COMMUNITY"),
        "cloud_accounts[0].id",
        Problem::PlanForbidsCloudAccounts,
    );
    refused_at(
        |d| {
            let copy = d["cloud_accounts"][0].clone();
            d["cloud_accounts"].as_array_mut().unwrap().push(copy);
        },
        "cloud_accounts[1].id",
        Problem::Duplicate,
    );
}

#[test]
fn clusters_are_unique_by_id_and_name() {
    refused_at(
        |d| d["clusters"][1]["id"] = json!("c1"),
        "clusters[1].id",
        Problem::Duplicate,
    );
    refused_at(
        |d| d["clusters"][1]["name"] = json!("C1"),
        "clusters[1].name",
        Problem::Duplicate,
    );
}

#[test]
fn rules_and_environments_target_existing_clusters() {
    refused_at(
        |d| d["projects"][0]["deployment_rules"][0]["cluster_id"] = json!("gone"),
        "projects[0].deployment_rules[0].cluster_id",
        Problem::UnknownCluster,
    );
    refused_at(
        |d| d["projects"][0]["environments"][1]["cluster_id"] = json!("gone"),
        "projects[0].environments[1].cluster_id",
        Problem::UnknownCluster,
    );
}

#[test]
fn projects_rules_and_environments_are_unique() {
    let push_copy = |path: &'static str| {
        move |d: &mut Value| {
            let list = d.pointer_mut(path).unwrap().as_array_mut().unwrap();
            let copy = list[0].clone();
            list.push(copy);
        }
    };
    refused_at(push_copy("/projects"), "projects[1].id", Problem::Duplicate);
    refused_at(
        |d| {
            push_copy("/projects")(d);
            d["projects"][1]["id"] = json!("p2");
        },
        "projects[1].name",
        Problem::Duplicate,
    );
    refused_at(
        push_copy("/projects/0/deployment_rules"),
        "projects[0].deployment_rules[2].id",
        Problem::Duplicate,
    );
    refused_at(
        push_copy("/projects/0/environments"),
        "projects[0].environments[2].id",
        Problem::Duplicate,
    );
    refused_at(
        |d| d["projects"][0]["environments"][1]["name"] = json!("PROD"),
        "projects[0].environments[1].name",
        Problem::Duplicate,
    );
}

#[test]
fn a_rejection_message_names_field_value_and_problem() {
    let mut doc = serde_json::to_value(full()).unwrap();
    doc["clusters"][1]["name"] = json!("C1");
    let error = serde_json::from_value::<Organization>(doc)
        .unwrap_err()
        .to_string();
    insta::assert_snapshot!(error, @r#"invalid organization: `clusters[1].name` = "C1": another item already has it"#);
}

// ----- properties -----

#[cfg(feature = "proptest")]
fn assert_valid(org: &Organization) {
    assert_eq!(org.members().filter(|m| m.role == Role::Owner).count(), 1);
    let members: Vec<&Member> = org.members().collect();
    for (i, m) in members.iter().enumerate() {
        assert!(
            members
                .iter()
                .skip(i + 1)
                .all(|o| o.id != m.id && o.email != m.email)
        );
        assert_eq!(org.role_of(&m.id), Some(&m.role));
    }
    for project in org.projects() {
        assert!(
            project
                .deployment_rules()
                .iter()
                .all(|r| org.cluster(&r.cluster_id).is_some())
        );
        assert!(
            project
                .environments()
                .iter()
                .all(|e| org.cluster(&e.cluster_id).is_some())
        );
    }
    assert!(org.plan().allows_cloud_accounts() || org.cloud_accounts().is_empty());
}

/// One random edit of a JSON document: a value replaced, a key removed, or an
/// array item duplicated.
#[cfg(feature = "proptest")]
#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Duplicate(usize),
}

#[cfg(feature = "proptest")]
fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        Just(json!(null)),
        Just(json!("")),
        Just(json!("OWNER")),
        Just(json!("c1")),
        Just(json!("cluster-0")),
        Just(json!("COMMUNITY")),
        Just(json!("member1@example.com")),
        Just(json!(-1)),
        Just(json!([])),
        Just(json!({})),
        any::<u32>().prop_map(|n| json!(n)),
    ];
    prop_oneof![
        (any::<usize>(), value).prop_map(|(at, v)| Mutation::Replace(at, v)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Duplicate),
    ]
}

#[cfg(feature = "proptest")]
/// Every node of a document, by JSON pointer.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| pointers(v, &format!("{at}/{k}"), out)),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[cfg(feature = "proptest")]
fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(doc, "", &mut all);
    let pick = |n: usize| all[n % all.len()].clone();
    match mutation {
        Mutation::Replace(n, v) => *doc.pointer_mut(&pick(*n)).unwrap() = v.clone(),
        Mutation::Remove(n) | Mutation::Duplicate(n) => {
            let target = pick(*n);
            let Some((parent, key)) = target.rsplit_once('/') else {
                return;
            };
            match (doc.pointer_mut(parent).unwrap(), mutation) {
                (Value::Object(map), Mutation::Remove(_)) => drop(map.remove(key)),
                (Value::Array(list), Mutation::Remove(_)) => {
                    drop(list.remove(key.parse::<usize>().unwrap()));
                }
                (Value::Array(list), Mutation::Duplicate(_)) => {
                    let copy = list[key.parse::<usize>().unwrap()].clone();
                    list.push(copy);
                }
                _ => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    // `orgmodel::strategies` needs the `proptest` feature (`--all-features`).
    #[cfg(feature = "proptest")]
    #[test]
    fn every_valid_organization_round_trips(org in strategies::organization()) {
        let text = serde_json::to_string(&org).unwrap();
        let back: Organization = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, org);
    }

    // `orgmodel::strategies` needs the `proptest` feature (`--all-features`).
    #[cfg(feature = "proptest")]
    #[test]
    fn mutated_documents_are_valid_or_refused(org in strategies::organization(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut doc = serde_json::to_value(&org).unwrap();
        for m in &mutations {
            apply(&mut doc, m);
        }
        if let Ok(parsed) = serde_json::from_value::<Organization>(doc) {
            assert_valid(&parsed);
            let again: Organization = serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
            prop_assert_eq!(again, parsed);
        }
    }
}

#[test]
fn statuses_actions_plans_and_requests_in_the_apis_spelling() {
    assert_eq!(
        serde_json::to_value(InvitationStatus::Pending).unwrap(),
        json!("PENDING")
    );
    assert_eq!(
        serde_json::to_value(InvitationStatus::Expired).unwrap(),
        json!("EXPIRED")
    );
    assert_eq!(
        serde_json::to_value(Action::EditEnvironment).unwrap(),
        json!("EDIT_ENVIRONMENT")
    );
    assert_eq!(
        serde_json::from_value::<Action>(json!("edit_environment")).unwrap(),
        Action::EditEnvironment
    );
    for plan in Plan::ALL {
        let written = serde_json::to_value(plan).unwrap();
        assert_eq!(written, json!(plan.as_str()));
        assert_eq!(serde_json::from_value::<Plan>(written).unwrap(), plan);
    }
    assert_eq!(
        serde_json::from_value::<Plan>(json!("TEAM_2025")).unwrap(),
        Plan::Team2025
    );
    // Automatic is absent, never `null`.
    let automatic = CreateEnvironmentRequest::new("x");
    assert_eq!(
        serde_json::to_value(&automatic).unwrap(),
        json!({"name": "x"})
    );
    let explicit = automatic.with_mode(Mode::Staging).on_cluster(cid("c1"));
    assert_eq!(
        serde_json::to_value(&explicit).unwrap(),
        json!({"name": "x", "mode": "STAGING", "cluster": "c1"})
    );
}

#[test]
fn an_element_of_a_document_list_is_refused_with_its_path() {
    let document = serde_json::json!({
        "id": "o", "name": "Acme", "plan": "FREE",
        "members": [
            {"id": "ada", "email": "ada@acme.dev", "role": "OWNER"},
            {"id": "bob", "email": "not-an-address", "role": "ADMIN"}
        ],
        "projects": [{"id": "p", "name": "shop", "deployment_rules": [
            {"id": "r", "name": "prod", "mode": "NOPE", "cluster_id": "c1", "wildcard": "prod*"}
        ]}]
    });
    let error = serde_json::from_value::<Organization>(document.clone())
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("members[1]: "), "{error}");
    let mut fixed = document;
    fixed["members"][1]["email"] = "bob@acme.dev".into();
    let error = serde_json::from_value::<Organization>(fixed.clone())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("projects[0]: deployment_rules[0]: "),
        "{error}"
    );
    let text = serde_json::to_string(&fixed).unwrap();
    let error = serde_json::from_str::<Organization>(&text)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error.matches(" at line ").count(),
        1,
        "one position, where it surfaced: {error}"
    );
}

#[test]
fn a_null_priority_index_is_refused_with_its_path() {
    // The API's schema says `priority_index` is not nullable: absent means
    // the rule's position, `null` means nothing and is refused.
    let rule = json!({"id": "r", "name": "n", "mode": "STAGING", "cluster_id": "c1", "wildcard": "*", "priority_index": null});
    let error = serde_json::from_value::<DeploymentRule>(rule.clone())
        .unwrap_err()
        .to_string();
    assert!(error.contains("`priority_index`"), "{error}");
    let document = json!({
        "id": "o", "name": "Acme", "plan": "FREE",
        "members": [{"id": "ada", "email": "ada@acme.dev", "role": "OWNER"}],
        "clusters": [{"id": "c1", "name": "main", "cloud_provider": "AWS", "region": "eu"}],
        "projects": [{"id": "p", "name": "shop", "deployment_rules": [rule]}]
    });
    let error = serde_json::from_value::<Organization>(document.clone())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("projects[0]: deployment_rules[0]: `priority_index`"),
        "{error}"
    );
    let mut absent = document;
    absent["projects"][0]["deployment_rules"][0]
        .as_object_mut()
        .unwrap()
        .remove("priority_index");
    let org: Organization = serde_json::from_value(absent).unwrap();
    let rules = org.project(&pid("p")).unwrap().deployment_rules();
    assert_eq!(rules.iter().next().unwrap().priority_index, 0);
}
