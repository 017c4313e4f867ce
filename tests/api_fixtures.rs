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
fn a_role_update_request_is_a_role_change_to_the_role_it_names() {
    let request: MemberRoleUpdateRequest = reads("member_role_update_request");
    assert_eq!(
        Command::from(request.clone()),
        Command::ChangeRole {
            member: "8d2c4b6a-1e3f-4a5b-9c7d-2e4f6a8b0c1d".parse().unwrap(),
            role: RoleRef::Custom("c0ffee00-1111-4222-8333-444455556666".parse().unwrap()),
        }
    );
    // Written back, it validates and reads the same.
    let written = serde_json::to_value(&request).unwrap();
    valid(&written, "MemberRoleUpdateRequest", &[]);
    assert_eq!(
        serde_json::from_value::<MemberRoleUpdateRequest>(written).unwrap(),
        request
    );
    let built_in: MemberRoleUpdateRequest =
        serde_json::from_value(json!({"user_id": "u", "role_id": "BILLING"})).unwrap();
    assert_eq!(built_in.role, Role::BillingManager);
    let written = serde_json::to_value(&built_in).unwrap();
    assert_eq!(written["role_id"], Role::BillingManager.id());
    valid(&written, "MemberRoleUpdateRequest", &[]);
}

#[test]
fn an_organization_with_custom_roles_reads_and_writes_valid_members_and_roles() {
    let org: Organization = reads("organization_composite_custom_roles");
    let linus: UserId = "b7e6d5c4-3a2b-4c1d-8e9f-0a1b2c3d4e5f".parse().unwrap();
    let shop_developers: CustomRoleId = "c0ffee00-1111-4222-8333-444455556666".parse().unwrap();
    assert_eq!(org.role_of(&linus), Some(&RoleRef::Custom(shop_developers)));
    let written = serde_json::to_value(&org).unwrap();
    let members = written["members"].as_array().unwrap();
    let linus_written = members.iter().find(|m| m["id"] == linus.as_str()).unwrap();
    assert_eq!(
        linus_written["role_name"], "Shop developers",
        "{linus_written}"
    );
    assert!(
        linus_written.get("role").is_none(),
        "the deprecated enum has no custom roles"
    );
    // `id` and `created_at` are the server's (see the test below).
    for member in members {
        valid(member, "Member", &["id", "created_at"]);
    }
    for role in written["custom_roles"].as_array().unwrap() {
        valid(role, "OrganizationCustomRole", &[]);
    }
    assert_eq!(
        serde_json::from_value::<Organization>(written).unwrap(),
        org
    );
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

// ----- custom roles and available roles -----

/// The fixtures' clusters and projects, by the ids they use.
const MAIN: &str = "9d5a6b0e-8b1f-4a57-9e3c-2f1f2c3b4d5e";
const STAGING: &str = "0c7e2d9a-4f6b-4e8a-b1c3-5d7f9e1a3b5c";
const SHOP: &str = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716";
const BLOG: &str = "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910";

/// The levels of a project in `Mode::ALL`'s order (Production, Staging,
/// Development, Preview).
fn levels(access: &ProjectAccess) -> [ProjectLevel; 4] {
    Mode::ALL.map(|mode| access.level(mode))
}

/// An organization holding the fixtures' clusters (`main`, `staging`) and
/// projects (`shop`, `blog`), so that a role's document names them.
fn fixture_organization() -> Organization {
    let owner = uid("owner");
    let mut org = owned_by("acme", "owner");
    for (id, name) in [(MAIN, "main"), (STAGING, "staging")] {
        let cluster = Cluster::new(cid(id), common::name(name), CloudProvider::Aws, "eu-west-3");
        let _ = org.add_cluster(&owner, NOW, cluster).unwrap();
    }
    for (id, name) in [(SHOP, "shop"), (BLOG, "blog")] {
        let _ = org
            .add_project(&owner, NOW, pid(id), common::name(name))
            .unwrap();
    }
    org
}

#[test]
fn custom_roles_read_with_their_levels_and_write_back_as_the_api_has_them() {
    use ProjectLevel::*;
    let role: CustomRole = reads("custom_role_get");
    assert_eq!(role.id().as_str(), "c0ffee00-1111-4222-8333-444455556666");
    assert_eq!(role.name().as_str(), "Shop developers");
    assert!(role.description().starts_with("create anything"));
    assert_eq!(role.cluster_level(&cid(MAIN)), ClusterLevel::EnvCreator);
    assert_eq!(role.cluster_level(&cid(STAGING)), ClusterLevel::Viewer);
    assert_eq!(
        role.cluster_level(&cid("prod")),
        ClusterLevel::Viewer,
        "unlisted"
    );
    let shop = role.project(&pid(SHOP));
    assert!(!shop.is_admin());
    // Production, Staging, Development, Preview.
    assert_eq!(levels(shop), [Viewer, Deployer, Manager, Manager]);
    let blog = role.project(&pid(BLOG));
    assert!(blog.is_admin());
    assert_eq!(levels(blog), [Manager; 4]);
    assert!(
        blog.rows(Mode::Production)
            .contains(Permission::DELETE_PRODUCTION_ENVIRONMENT)
    );
    assert_eq!(
        role.project(&pid("other")),
        &ProjectAccess::NONE,
        "unlisted"
    );

    let roles: Vec<CustomRole> = reads_results("custom_role_list");
    assert_eq!(roles.len(), 2);
    assert_eq!(roles[0], role);
    let on_call = &roles[1];
    assert_eq!(on_call.name().as_str(), "On-call");
    for project in [SHOP, BLOG] {
        assert_eq!(levels(on_call.project(&pid(project))), [Deployer; 4]);
    }
    assert_eq!(on_call.highest_cluster_level(), ClusterLevel::Viewer);

    // Written with the organization's names, each role is the API's
    // document again, field for field, and validates.
    let org = fixture_organization();
    let listed = document("custom_role_list");
    for (role, expected) in roles.iter().zip(listed["results"].as_array().unwrap()) {
        let written = serde_json::to_value(CustomRoleDocument::new(&org, role)).unwrap();
        assert_eq!(&written, expected);
        valid(&written, "OrganizationCustomRole", &[]);
        // Alone (commands, events), without names, it reads back equal.
        let alone = serde_json::to_value(role).unwrap();
        assert!(
            alone["project_permissions"][0]
                .get("project_name")
                .is_none()
        );
        valid(&alone, "OrganizationCustomRole", &[]);
        assert_eq!(&serde_json::from_value::<CustomRole>(alone).unwrap(), role);
    }
    let list = json!({"results": roles.iter().map(|r| CustomRoleDocument::new(&org, r)).collect::<Vec<_>>()});
    valid(&list, "OrganizationCustomRoleList", &[]);
    // The document lists every cluster and project of the organization,
    // the role's or not (at the lowest levels), and nothing else.
    let stray = role
        .clone()
        .define([(cid("gone"), ClusterLevel::Admin)], [])
        .unwrap();
    let written = serde_json::to_value(CustomRoleDocument::new(&org, &stray)).unwrap();
    assert_eq!(
        written["cluster_permissions"],
        json!([
            {"cluster_id": MAIN, "cluster_name": "main", "permission": "VIEWER"},
            {"cluster_id": STAGING, "cluster_name": "staging", "permission": "VIEWER"},
        ])
    );
    let no_access = json!(
        ["DEVELOPMENT", "PREVIEW", "STAGING", "PRODUCTION"]
            .map(|mode| json!({"environment_type": mode, "permission": "NO_ACCESS"}))
    );
    for (project, name) in written["project_permissions"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["shop", "blog"])
    {
        assert_eq!(
            (&project["project_name"], &project["is_admin"]),
            (&json!(name), &json!(false))
        );
        assert_eq!(project["permissions"], no_access);
    }
    valid(&written, "OrganizationCustomRole", &[]);
}

#[test]
fn custom_role_requests_read_as_the_commands_they_are() {
    use ProjectLevel::*;
    let create: CreateCustomRoleRequest = reads("custom_role_create_request");
    assert_eq!(
        (create.name().as_str(), create.description()),
        ("Release managers", "deploy production")
    );
    let written = serde_json::to_value(&create).unwrap();
    assert_eq!(written, document("custom_role_create_request"));
    valid(&written, "OrganizationCustomRoleCreateRequest", &[]);
    let role = create.into_role("r1".parse().unwrap());
    assert_eq!(role.clusters().len() + role.projects().len(), 0);
    assert_eq!(role.cluster_level(&cid(MAIN)), ClusterLevel::Viewer);
    assert_eq!(levels(role.project(&pid(SHOP))), [NoAccess; 4]);

    let update: UpdateCustomRoleRequest = reads("custom_role_update_request");
    let written = serde_json::to_value(&update).unwrap();
    valid(&written, "OrganizationCustomRoleUpdateRequest", &[]);
    assert_eq!(
        serde_json::from_value::<UpdateCustomRoleRequest>(written).unwrap(),
        update
    );
    let role = update.into_role("c0ffee00-1111-4222-8333-444455556666".parse().unwrap());
    assert_eq!(
        role.description(),
        "create anything but production in the shop"
    );
    assert_eq!(role.cluster_level(&cid(MAIN)), ClusterLevel::EnvCreator);
    assert_eq!(
        levels(role.project(&pid(SHOP))),
        [Viewer, Deployer, Manager, Manager]
    );
    assert_eq!(
        levels(role.project(&pid(BLOG))),
        [NoAccess, NoAccess, Viewer, NoAccess]
    );
    assert!(role.project(&pid(BLOG)).reads_project());

    // `is_admin` with no `permissions`: every mode MANAGER; the cluster
    // `staging` and the project `shop` are not listed: the lowest levels.
    let admin: UpdateCustomRoleRequest = reads("custom_role_update_request_admin");
    assert_eq!(admin.description(), "");
    let role = admin.into_role("r2".parse().unwrap());
    assert_eq!(role.cluster_level(&cid(MAIN)), ClusterLevel::Admin);
    assert_eq!(role.cluster_level(&cid(STAGING)), ClusterLevel::Viewer);
    assert_eq!(levels(role.project(&pid(BLOG))), [Manager; 4]);
    assert!(role.project(&pid(BLOG)).is_admin());
    assert_eq!(role.project(&pid(SHOP)), &ProjectAccess::NONE);
    assert!(role.rows(&pid(SHOP), Mode::Development).is_empty());
    // Written back for the API, the blog's four types read MANAGER.
    let org = fixture_organization();
    let written = serde_json::to_value(CustomRoleDocument::new(&org, &role)).unwrap();
    valid(&written, "OrganizationCustomRole", &[]);
    let shop = &written["project_permissions"][0];
    assert_eq!(
        (&shop["project_name"], &shop["is_admin"]),
        (&json!("shop"), &json!(false))
    );
    let blog = &written["project_permissions"][1];
    assert_eq!(
        (&blog["project_name"], &blog["is_admin"]),
        (&json!("blog"), &json!(true))
    );
    let types: Vec<(&str, &str)> = blog["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["environment_type"].as_str().unwrap(),
                p["permission"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("DEVELOPMENT", "MANAGER"),
            ("PREVIEW", "MANAGER"),
            ("STAGING", "MANAGER"),
            ("PRODUCTION", "MANAGER")
        ]
    );
    insta::assert_json_snapshot!(
        "custom_role_document_admin",
        CustomRoleDocument::new(&org, &role)
    );
    insta::assert_json_snapshot!("custom_role_alone_admin", role);
}

#[test]
fn available_roles_read_built_ins_by_name_and_custom_roles_by_id() {
    let roles: Vec<AvailableRole> = reads_results("available_role_list");
    let custom = |id: &str, name: &str| AvailableRole::Custom {
        id: id.parse().unwrap(),
        name: common::name(name),
    };
    assert_eq!(
        roles,
        [
            AvailableRole::BuiltIn(Role::Owner),
            AvailableRole::BuiltIn(Role::Admin),
            AvailableRole::BuiltIn(Role::DevOps),
            AvailableRole::BuiltIn(Role::BillingManager),
            AvailableRole::BuiltIn(Role::Viewer),
            custom("c0ffee00-1111-4222-8333-444455556666", "Shop developers"),
            custom("c0ffee00-7777-4888-8999-aaaabbbbcccc", "On-call"),
        ]
    );
    // Written for an organization: the six built-in roles, then its own.
    let defined: Vec<CustomRole> = reads_results("custom_role_list");
    let written = serde_json::to_value(AvailableRoles(&defined)).unwrap();
    valid(&written, "OrganizationAvailableRoleList", &[]);
    let read: Vec<AvailableRole> = serde_json::from_value(written["results"].clone()).unwrap();
    let expected: Vec<AvailableRole> = Role::ALL
        .into_iter()
        .map(AvailableRole::BuiltIn)
        .chain(defined.iter().map(AvailableRole::from))
        .collect();
    assert_eq!(read, expected);
    for role in &expected {
        valid(
            &serde_json::to_value(role).unwrap(),
            "OrganizationAvailableRole",
            &[],
        );
    }
    insta::assert_json_snapshot!("available_roles", AvailableRoles(&defined));
    // By the crate's fixed id, or a built-in name as the SSO mapping writes it.
    let read = |value: Value| serde_json::from_value::<AvailableRole>(value);
    let by_id = read(json!({"id": Role::DevOps.id(), "name": "Ops people"})).unwrap();
    assert_eq!(by_id, AvailableRole::BuiltIn(Role::DevOps));
    let by_name = read(json!({"id": "devops", "name": "DevOps"})).unwrap();
    assert_eq!(by_name, AvailableRole::BuiltIn(Role::DevOps));
    let error = read(json!({"id": Role::Owner.id(), "name": "Viewer"})).unwrap_err();
    assert!(
        error.to_string().contains("different built-in roles"),
        "{error}"
    );
    assert!(read(json!({"id": "", "name": "Ops"})).is_err());
}

/// A custom role document (the fixture's) changed by `change`, read: its
/// error's message.
fn refused_role(change: impl FnOnce(&mut Value)) -> String {
    let mut role = document("custom_role_get");
    change(&mut role);
    serde_json::from_value::<CustomRole>(role.clone())
        .map(|_| panic!("read: {role}"))
        .unwrap_err()
        .to_string()
}

#[test]
fn hostile_custom_roles_are_refused_with_their_path() {
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: [(&str, Change, &str); 7] = [
        (
            "a built-in role's name",
            Box::new(|role| role["name"] = json!("viewer")),
            "`name` = \"viewer\": a custom role may not take a built-in role's name",
        ),
        (
            "a cluster twice",
            Box::new(|role| role["cluster_permissions"][1]["cluster_id"] = json!(MAIN)),
            "`cluster_permissions[1].cluster_id` = \"9d5a6b0e-8b1f-4a57-9e3c-2f1f2c3b\"… (36 bytes): another item already has it",
        ),
        (
            "a project twice",
            Box::new(|role| role["project_permissions"][1]["project_id"] = json!(SHOP)),
            "`project_permissions[1].project_id` = \"5e4d3c2b-1a09-4f8e-9d7c-6b5a4938\"… (36 bytes): another item already has it",
        ),
        (
            "a mode twice",
            Box::new(|role| {
                role["project_permissions"][0]["permissions"][1]["environment_type"] =
                    json!("DEVELOPMENT");
            }),
            "`project_permissions[0].permissions[1].environment_type` = \"DEVELOPMENT\": another item already has it",
        ),
        (
            "an unknown project level",
            Box::new(|role| {
                role["project_permissions"][0]["permissions"][2]["permission"] = json!("OWNER");
            }),
            "project_permissions[0]: permissions[2]: unknown variant `OWNER`, expected one of `NO_ACCESS`, `VIEWER`, `DEPLOYER`, `MANAGER`",
        ),
        (
            "an unknown cluster level",
            Box::new(|role| role["cluster_permissions"][1]["permission"] = json!("DEPLOYER")),
            "cluster_permissions[1]: unknown variant `DEPLOYER`, expected one of `VIEWER`, `ENV_CREATOR`, `ADMIN`",
        ),
        (
            "an unknown environment type",
            Box::new(|role| {
                role["project_permissions"][1]["permissions"][0]["environment_type"] =
                    json!("AUTOMATIC");
            }),
            "project_permissions[1]: permissions[0]: unknown variant `AUTOMATIC`",
        ),
    ];
    for (what, change, expected) in cases {
        let error = refused_role(change);
        assert!(error.starts_with(expected), "{what}: {error}");
    }
    // Past the organization's limit of clusters, refused by the limit's name.
    let error = refused_role(|role| {
        role["cluster_permissions"] = (0..=limits::CLUSTERS)
            .map(|i| json!({"cluster_id": format!("c{i}"), "permission": "VIEWER"}))
            .collect();
    });
    assert!(
        error.starts_with(
            "`cluster_permissions` = \"1001 items\": the list holds at most 1000 clusters"
        ),
        "{error}"
    );
    // The requests are refused alike.
    let mut update = document("custom_role_update_request");
    update["project_permissions"][0]["permissions"][3]["environment_type"] = json!("staging");
    let error = serde_json::from_value::<UpdateCustomRoleRequest>(update).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("`project_permissions[0].permissions[3].environment_type` = \"STAGING\""),
        "{error}"
    );
    let mut update = document("custom_role_update_request");
    update
        .as_object_mut()
        .unwrap()
        .remove("cluster_permissions");
    let error = serde_json::from_value::<UpdateCustomRoleRequest>(update).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("missing field `cluster_permissions`"),
        "{error}"
    );
    let error =
        serde_json::from_value::<CreateCustomRoleRequest>(json!({"name": "Billing Manager"}))
            .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("`name` = \"Billing Manager\""),
        "{error}"
    );
}

// ----- API tokens -----

/// The custom role "On-call" of `organization_composite_custom_roles`,
/// which the fixtures' token `ci` holds.
const ON_CALL: &str = "c0ffee00-7777-4888-8999-aaaabbbbcccc";
/// The fixtures' tokens: `ci` (On-call), `terraform` (DevOps).
const CI: &str = "aa11bb22-cc33-4d44-8e55-ff6677889900";
const TERRAFORM: &str = "aa11bb22-cc33-4d44-8e55-ff6677889911";
/// The composite organization's owner and its DevOps member.
const ADA: &str = "3f0e1c2a-9b7d-4c4e-8a51-0d2b6e7f9a10";
const OPS: &str = "e1e2e3e4-f5f6-4a7b-8c9d-0a1b2c3d4e5f";

#[track_caller]
fn tid(s: &str) -> ApiTokenId {
    s.parse().unwrap()
}

#[track_caller]
fn crid(s: &str) -> CustomRoleId {
    s.parse().unwrap()
}

/// The composite organization with custom roles, carrying the tokens of
/// `api_token_list` as its `api_tokens`, each object unchanged.
fn organization_with_tokens() -> Value {
    let mut organization = document("organization_composite_custom_roles");
    organization["api_tokens"] = document("api_token_list")["results"].clone();
    organization
}

#[test]
fn api_tokens_hold_a_custom_role_by_id_or_a_built_in_by_name() {
    let tokens: Vec<ApiToken> = reads_results("api_token_list");
    let [ci, terraform] = &tokens[..] else {
        panic!("{tokens:?}")
    };
    assert_eq!(
        (ci.id.as_str(), ci.name.as_str(), ci.description.as_str()),
        (CI, "ci", "the CI pipeline")
    );
    assert_eq!(ci.role, RoleRef::Custom(crid(ON_CALL)));
    assert_eq!(ci.expires_at, None);
    // Known by its `role_name`, whatever id the platform gave the role.
    assert_eq!(terraform.role, Role::DevOps);
    // Written alone: a built-in role by its fixed id and name, a custom
    // role by its id (its name is the organization's); each validates and
    // reads back equal.
    for token in &tokens {
        let written = serde_json::to_value(token).unwrap();
        valid(&written, "OrganizationApiToken", &["created_at"]);
        assert!(written.get("expires_at").is_none(), "{written}");
        assert_eq!(&serde_json::from_value::<ApiToken>(written).unwrap(), token);
    }
    let written = serde_json::to_value(terraform).unwrap();
    assert_eq!(
        (&written["role_id"], &written["role_name"]),
        (&json!(Role::DevOps.id()), &json!("DevOps"))
    );
    assert!(serde_json::to_value(ci).unwrap().get("role_name").is_none());
    // The crate's own expiry, in an invitation's form; `null` or absent:
    // the token never expires.
    let mut expiring = document("api_token_list")["results"][1].clone();
    expiring["expires_at"] = json!("2026-01-02T03:04:05Z");
    let token: ApiToken = serde_json::from_value(expiring).unwrap();
    assert_eq!(
        token.expires_at,
        Some("2026-01-02T03:04:05Z".parse().unwrap())
    );
    let written = serde_json::to_value(&token).unwrap();
    assert_eq!(written["expires_at"], "2026-01-02T03:04:05Z");
    valid(&written, "OrganizationApiToken", &["created_at"]);
    let mut never = document("api_token_list")["results"][1].clone();
    never["expires_at"] = Value::Null;
    never["description"] = Value::Null;
    let token: ApiToken = serde_json::from_value(never).unwrap();
    assert_eq!((token.expires_at, token.description.as_str()), (None, ""));
}

#[test]
fn a_token_holding_the_owner_role_or_no_role_is_refused_with_its_path() {
    let read = |change: &dyn Fn(&mut Value)| {
        let mut token = document("api_token_list")["results"][1].clone();
        change(&mut token);
        serde_json::from_value::<ApiToken>(token)
            .unwrap_err()
            .to_string()
    };
    let owner = read(&|token| token["role_name"] = json!("Owner"));
    assert!(
        owner.starts_with(&format!(
            "`role_id` = \"{}\"… (36 bytes): an API token may hold any role but Owner",
            &Role::Owner.id()[..32]
        )),
        "{owner}"
    );
    let owner = read(&|token| {
        token.as_object_mut().unwrap().remove("role_name");
        token["role_id"] = json!("owner");
    });
    assert!(owner.starts_with("`role_id`"), "{owner}");
    let none = read(&|token| {
        token.as_object_mut().unwrap().remove("role_name");
        token["role_id"] = Value::Null;
    });
    assert!(
        none.starts_with(&format!(
            "API token \"{}\"… (36 bytes): it has no `role`, `role_id` or `role_name`",
            &TERRAFORM[..32]
        )),
        "{none}"
    );
    let disagree = read(&|token| token["role_id"] = json!(Role::Viewer.id()));
    assert!(disagree.contains("name different roles"), "{disagree}");
    let long = read(&|token| token["description"] = json!("d".repeat(limits::TEXT + 1)));
    assert!(long.starts_with("`description`"), "{long}");
}

#[test]
fn a_composite_organization_carries_its_tokens_and_checks_follow_their_roles() {
    let org: Organization = serde_json::from_value(organization_with_tokens()).unwrap();
    let (ci, terraform) = (tid(CI), tid(TERRAFORM));
    assert_eq!(org.tokens().len(), 2);
    // The custom reference resolves to the organization's On-call.
    let held = &org.token(&ci).unwrap().role;
    let on_call = org.custom_role(held.custom().unwrap()).unwrap();
    assert_eq!(on_call.name().as_str(), "On-call");
    assert_eq!(org.token(&terraform).unwrap().role, Role::DevOps);

    // `terraform` is checked exactly as the DevOps member `ops`.
    let ops = uid(OPS);
    let shop = pid(SHOP);
    let environments: Vec<EnvironmentId> = org
        .project(&shop)
        .unwrap()
        .environments()
        .iter()
        .map(|environment| environment.id.clone())
        .collect();
    let (main, blog) = (cid(MAIN), pid(BLOG));
    let mut resources = vec![
        Resource::Organization,
        Resource::Cluster(&main),
        Resource::Project(&shop),
        Resource::Project(&blog),
    ];
    resources.extend(
        environments
            .iter()
            .map(|environment| Resource::Environment {
                project: &shop,
                environment,
            }),
    );
    for action in Action::ALL {
        for &resource in &resources {
            assert_eq!(
                org.check_token(&terraform, NOW, action, resource),
                org.check(&ops, action, resource),
                "{action:?} on {resource:?}"
            );
        }
    }
    // `ci` holds On-call: a deployer of every mode of the shop.
    let production = org
        .project(&shop)
        .unwrap()
        .environments()
        .iter()
        .find(|environment| environment.mode == Mode::Production)
        .unwrap()
        .id
        .clone();
    let in_production = Resource::Environment {
        project: &shop,
        environment: &production,
    };
    let ci_may = |action| {
        org.check_token(&ci, NOW, action, in_production)
            .is_allowed()
    };
    assert!(ci_may(Action::StopEnvironment));
    assert!(ci_may(Action::ReadApplication));
    assert!(!ci_may(Action::EditEnvironment));
    assert!(!ci_may(Action::DeleteEnvironment));
    assert!(
        !org.check_token(&ci, NOW, Action::ManageBilling, Resource::Organization)
            .is_allowed()
    );

    // Written: each token as the API lists it, the custom role's name
    // beside its id; the list validates; the document reads back equal.
    let written = serde_json::to_value(&org).unwrap();
    let tokens = written["api_tokens"].as_array().unwrap();
    assert_eq!(
        (&tokens[0]["role_id"], &tokens[0]["role_name"]),
        (&json!(ON_CALL), &json!("On-call"))
    );
    for token in tokens {
        valid(token, "OrganizationApiToken", &["created_at"]);
    }
    let list = serde_json::to_value(ApiTokenList(&org)).unwrap();
    valid(&list, "OrganizationApiTokenResponseList", &["created_at"]);
    assert_eq!(&list["results"], &written["api_tokens"]);
    // The API's objects again, but `created_at` (the server's) and the
    // built-in role's id (the crate's fixed one).
    let mut expected = document("api_token_list")["results"].clone();
    for token in expected.as_array_mut().unwrap() {
        token.as_object_mut().unwrap().remove("created_at");
    }
    expected[1]["role_id"] = json!(Role::DevOps.id());
    assert_eq!(list["results"], expected);
    let token = org.token(&ci).unwrap();
    assert_eq!(
        serde_json::to_value(ApiTokenDocument::new(&org, token)).unwrap(),
        expected[0]
    );
    assert_eq!(
        serde_json::from_value::<Organization>(written).unwrap(),
        org
    );
}

#[test]
fn an_expiring_token_of_a_composite_organization_has_no_permission_once_expired() {
    let mut document = organization_with_tokens();
    document["api_tokens"][1]["expires_at"] = json!("2030-01-01T00:00:00Z");
    let org: Organization = serde_json::from_value(document).unwrap();
    let expiry: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
    let terraform = tid(TERRAFORM);
    let check = |now| org.check_token(&terraform, now, Action::ReadProject, Resource::Organization);
    assert!(check(NOW).is_allowed());
    let expired = check(expiry);
    let Decision::Denied(denial) = expired else {
        panic!("{expired:?}")
    };
    assert_eq!(denial.reason, DenialReason::NoValidToken);
    let written = serde_json::to_value(&org).unwrap();
    assert_eq!(
        written["api_tokens"][1]["expires_at"],
        "2030-01-01T00:00:00Z"
    );
    assert_eq!(
        serde_json::from_value::<Organization>(written).unwrap(),
        org
    );
}

#[test]
fn tokens_naming_no_role_of_the_organization_are_refused_with_their_path() {
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut document = organization_with_tokens();
        change(&mut document);
        serde_json::from_value::<Organization>(document)
            .unwrap_err()
            .to_string()
    };
    let ghost = "c0ffee00-dead-4888-8999-aaaabbbbcccc";
    let error = refused(&|doc| doc["api_tokens"][0]["role_id"] = json!(ghost));
    assert!(
        error.starts_with(&format!(
            "invalid organization: `api_tokens[0].role_id` = \"{}\"",
            &ghost[..32]
        )) && error.contains(&Problem::UnknownRole.to_string()),
        "{error}"
    );
    let error = refused(&|doc| doc["api_tokens"][1]["role_name"] = json!("owner"));
    assert!(
        error.starts_with("invalid organization: `api_tokens[1].role_id`")
            && error.contains(&Problem::OwnerToken.to_string()),
        "{error}"
    );
    let error = refused(&|doc| doc["api_tokens"][1]["id"] = json!(CI));
    assert!(
        error.starts_with("invalid organization: `api_tokens[1].id`")
            && error.contains(&Problem::Duplicate.to_string()),
        "{error}"
    );
    // References that disagree are refused where they are read.
    let error = refused(&|doc| doc["api_tokens"][1]["role_id"] = json!("viewer"));
    assert!(
        error.starts_with(&format!(
            "api_tokens[1]: API token \"{}\"… (36 bytes): its `role`, `role_id` and `role_name` name different roles",
            &TERRAFORM[..32]
        )),
        "{error}"
    );
}

#[test]
fn a_token_request_reads_as_the_command_that_creates_one() {
    let request: CreateApiTokenRequest = reads("api_token_create_request");
    assert_eq!(
        (request.name().as_str(), request.description()),
        ("ci", "the CI pipeline")
    );
    assert_eq!(request.role(), &RoleRef::Custom(crid(ON_CALL)));
    let written = serde_json::to_value(&request).unwrap();
    assert_eq!(written, document("api_token_create_request"));
    valid(&written, "OrganizationApiTokenCreateRequest", &[]);
    // Given the id and the expiry the service chose, it is the command
    // that creates the token, which the owner of the composite
    // organization may run.
    let expiry = NOW.plus_seconds(DAY);
    let command = request.clone().into_command(tid("t-new"), Some(expiry));
    assert_eq!(
        command,
        Command::CreateApiToken {
            token: tid("t-new"),
            name: name("ci"),
            description: "the CI pipeline".into(),
            role: RoleRef::Custom(crid(ON_CALL)),
            expires_at: Some(expiry),
        }
    );
    let mut org: Organization = reads("organization_composite_custom_roles");
    let _ = org.execute(&uid(ADA), NOW, None, command).unwrap();
    assert_eq!(
        org.token(&tid("t-new")),
        Some(&request.into_token(tid("t-new"), Some(expiry)))
    );

    // A built-in role by its name or its fixed id, written by its fixed id.
    let read = |value: Value| serde_json::from_value::<CreateApiTokenRequest>(value);
    for role_id in ["devops", "DevOps", Role::DevOps.id()] {
        let request = read(json!({"name": "tf", "role_id": role_id})).unwrap();
        assert_eq!(request.role(), &RoleRef::from(Role::DevOps));
        let written = serde_json::to_value(&request).unwrap();
        assert_eq!(
            written,
            json!({"name": "tf", "description": "", "role_id": Role::DevOps.id()})
        );
        valid(&written, "OrganizationApiTokenCreateRequest", &[]);
    }
    // The deprecated `scope`: without a role, `ADMIN` is the Admin role;
    // beside a role it is ignored.
    let legacy = read(json!({"name": "old", "role_id": null, "scope": "ADMIN"})).unwrap();
    assert_eq!(legacy.role(), &RoleRef::from(Role::Admin));
    let beside = read(json!({"name": "x", "role_id": ON_CALL, "scope": "ADMIN"})).unwrap();
    assert_eq!(beside.role(), &RoleRef::Custom(crid(ON_CALL)));
    let ignored = read(json!({"name": "x", "role_id": "viewer", "scope": null})).unwrap();
    assert_eq!(ignored.role(), &RoleRef::from(Role::Viewer));
    // Refused: no role, an unknown scope without a role, the Owner role.
    for (request, expected) in [
        (
            json!({"name": "x", "role_id": null}),
            "an API token request: it has no `role`, `role_id` or `role_name`",
        ),
        (
            json!({"name": "x", "scope": "READ"}),
            "an API token request: it has no",
        ),
        (
            json!({"name": "x", "role_id": "owner"}),
            "`role_id` = \"00000000-0000-4000-8000-00000000\"… (36 bytes): an API token may hold any role but Owner",
        ),
        (json!({"role_id": "viewer"}), "missing field `name`"),
    ] {
        let error = read(request.clone()).unwrap_err().to_string();
        assert!(error.starts_with(expected), "{request}: {error}");
    }
}
