//! Organizations holding custom roles: the composite fixture's members
//! checked as their roles say, placement under a custom role for each
//! source of the cluster, what `NO_ACCESS` hides, cluster admins, and the
//! commands that define, redefine and delete a role.
#![cfg(feature = "serde")]

use orgmodel::*;

const NOW: Timestamp = Timestamp::from_unix_seconds(1_700_000_000);

const ADA: &str = "3f0e1c2a-9b7d-4c4e-8a51-0d2b6e7f9a10";
const LINUS: &str = "b7e6d5c4-3a2b-4c1d-8e9f-0a1b2c3d4e5f";
const OPS: &str = "e1e2e3e4-f5f6-4a7b-8c9d-0a1b2c3d4e5f";
const MAIN: &str = "9d5a6b0e-8b1f-4a57-9e3c-2f1f2c3b4d5e";
const STAGING: &str = "0c7e2d9a-4f6b-4e8a-b1c3-5d7f9e1a3b5c";
const SHOP: &str = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716";
const BLOG: &str = "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910";
const PRODUCTION_ENV: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const SHOP_DEVELOPERS: &str = "c0ffee00-1111-4222-8333-444455556666";
const ON_CALL: &str = "c0ffee00-7777-4888-8999-aaaabbbbcccc";

fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap()
}

/// The fixture `organization_composite_custom_roles`: `linus` holds "Shop
/// developers", `ops` is DevOps.
fn acme() -> Organization {
    let fixture: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/api/organization_composite_custom_roles.json"
    ))
    .unwrap();
    serde_json::from_value(fixture["document"].clone()).unwrap()
}

fn request(name: &str, cluster: Option<&str>) -> CreateEnvironmentRequest {
    CreateEnvironmentRequest {
        name: name.into(),
        mode: None,
        cluster: cluster.map(id),
    }
}

/// The denial a command was refused with.
#[track_caller]
fn denial_of(error: ProjectError) -> Denial {
    match error {
        ProjectError::Access(AccessError::Denied { denial, .. }) => denial,
        other => panic!("not a denial: {other:?}"),
    }
}

#[test]
fn the_fixtures_members_hold_their_roles() {
    let org = acme();
    assert_eq!(
        org.role_of(&id(LINUS)),
        Some(&RoleRef::Custom(id(SHOP_DEVELOPERS)))
    );
    assert_eq!(org.role_of(&id(OPS)), Some(&Role::DevOps.into()));
    assert_eq!(org.custom_roles().len(), 2);

    let linus: UserId = id(LINUS);
    let (shop, blog): (ProjectId, ProjectId) = (id(SHOP), id(BLOG));
    let production: EnvironmentId = id(PRODUCTION_ENV);
    let in_production = Resource::Environment {
        project: &shop,
        environment: &production,
    };
    assert!(
        org.check(&linus, Action::ReadEnvironment, in_production)
            .is_allowed()
    );
    assert!(
        org.check(&linus, Action::ReadDatabase, in_production)
            .is_allowed()
    );
    let Decision::Denied(denial) = org.check(&linus, Action::StopEnvironment, in_production) else {
        panic!("a VIEWER stops nothing");
    };
    assert_eq!(denial.reason, DenialReason::CustomRole);
    assert_eq!(denial.missing, Permission::STOP_PRODUCTION_ENVIRONMENT);
    // Project admin of blog, not of shop.
    assert!(
        org.check(&linus, Action::DeleteProject, Resource::Project(&blog))
            .is_allowed()
    );
    assert!(
        !org.check(&linus, Action::DeleteProject, Resource::Project(&shop))
            .is_allowed()
    );
    // A custom role reads the organization and nothing else of it.
    assert_eq!(
        org.allowed(&linus, Resource::Organization),
        Permission::READ_ORGANIZATION
    );
    assert!(
        !org.check(
            &linus,
            Action::ConnectToKubernetesCluster,
            Resource::Cluster(&id(MAIN))
        )
        .is_allowed()
    );
}

#[test]
fn placement_checks_the_resolved_mode_and_cluster_whatever_their_source() {
    let linus: UserId = id(LINUS);
    let shop: ProjectId = id(SHOP);
    let create = |name: &str, cluster: Option<&str>| {
        let mut org = acme();
        let before = org.clone();
        let result =
            org.create_environment(&linus, NOW, &shop, id("new-env"), &request(name, cluster));
        if result.is_err() {
            assert_eq!(org, before, "a refused command changes nothing");
        }
        result
    };
    // The default cluster (main, ENV_CREATOR) and the default mode
    // (Development, MANAGER).
    let placed = create("dev-1", None).unwrap();
    assert_eq!(
        placed.placement().map(|p| p.cluster_source),
        Some(Source::Default)
    );
    // A cluster from the request: staging is VIEWER.
    assert_eq!(
        denial_of(create("dev-2", Some(STAGING)).unwrap_err()).reason,
        DenialReason::Level(Shortfall::Cluster {
            level: ClusterLevel::Viewer
        })
    );
    // A rule's mode: `prod-*` puts it in Production, where the role is VIEWER.
    assert_eq!(
        denial_of(create("prod-1", None).unwrap_err()).reason,
        DenialReason::Level(Shortfall::Mode {
            mode: Mode::Production,
            level: ProjectLevel::Viewer
        })
    );
    // A rule's cluster: `pr-*` puts it in Preview (MANAGER) on staging (VIEWER).
    assert_eq!(
        denial_of(create("pr-7", None).unwrap_err()).reason,
        DenialReason::Level(Shortfall::Cluster {
            level: ClusterLevel::Viewer
        })
    );
    // The mode is said when both fall short.
    assert!(matches!(
        denial_of(create("prod-2", Some(STAGING)).unwrap_err()).reason,
        DenialReason::Level(Shortfall::Mode { .. })
    ));
}

#[test]
fn without_manager_or_env_creator_creating_is_denied_before_any_lookup() {
    let mut org = acme();
    let ops: UserId = id(OPS);
    let ada: UserId = id(ADA);
    org.change_role(&ada, NOW, &ops, RoleRef::Custom(id(ON_CALL)))
        .unwrap();
    let attempt = |org: &mut Organization, project: &str| {
        org.create_environment(&ops, NOW, &id(project), id("e"), &request("x", None))
            .unwrap_err()
    };
    let existing = attempt(&mut org, SHOP);
    let missing = attempt(&mut org, "no-such-project");
    assert_eq!(
        existing, missing,
        "refused alike, before the project is looked up"
    );
    assert_eq!(
        denial_of(existing).reason,
        DenialReason::Level(Shortfall::AnyMode)
    );
}

#[test]
fn what_no_access_hides_answers_exactly_as_what_does_not_exist() {
    let mut org = acme();
    let (ada, ops): (UserId, UserId) = (id(ADA), id(OPS));
    let shop: ProjectId = id(SHOP);
    // On-call loses Production in shop, and every mode of blog.
    let redefined = org
        .custom_role(&id(ON_CALL))
        .unwrap()
        .clone()
        .define(
            [],
            [(
                shop.clone(),
                ProjectAccess::new(false, [(Mode::Development, ProjectLevel::Deployer)]),
            )],
        )
        .unwrap();
    org.update_custom_role(&ada, NOW, redefined).unwrap();
    org.change_role(&ada, NOW, &ops, RoleRef::Custom(id(ON_CALL)))
        .unwrap();
    let production: EnvironmentId = id(PRODUCTION_ENV);
    let missing: EnvironmentId = id("no-such-environment");
    for action in Action::ALL {
        let hidden = org.check(
            &ops,
            action,
            Resource::Environment {
                project: &shop,
                environment: &production,
            },
        );
        let absent = org.check(
            &ops,
            action,
            Resource::Environment {
                project: &shop,
                environment: &missing,
            },
        );
        assert_eq!(hidden, absent, "{action}");
        assert_eq!(format!("{hidden:?}"), format!("{absent:?}"));
    }
    let blog: ProjectId = id(BLOG);
    let nowhere: ProjectId = id("no-such-project");
    for action in Action::ALL {
        assert_eq!(
            org.check(&ops, action, Resource::Project(&blog)),
            org.check(&ops, action, Resource::Project(&nowhere)),
            "{action}"
        );
    }
    assert_eq!(
        org.allowed(&ops, Resource::Project(&blog)),
        Permission::empty()
    );
}

#[test]
fn a_cluster_admin_stops_starts_and_updates_that_cluster_only() {
    let mut org = acme();
    let (ada, ops): (UserId, UserId) = (id(ADA), id(OPS));
    let (main, staging): (ClusterId, ClusterId) = (id(MAIN), id(STAGING));
    let role = org
        .custom_role(&id(ON_CALL))
        .unwrap()
        .clone()
        .define([(main.clone(), ClusterLevel::Admin)], [])
        .unwrap();
    org.update_custom_role(&ada, NOW, role).unwrap();
    org.change_role(&ada, NOW, &ops, RoleRef::Custom(id(ON_CALL)))
        .unwrap();
    assert!(org.stop_cluster(&ops, NOW, &main).unwrap().is_some());
    assert!(org.start_cluster(&ops, NOW, &main).unwrap().is_some());
    assert!(
        org.check(
            &ops,
            Action::ConnectToKubernetesCluster,
            Resource::Cluster(&main)
        )
        .is_allowed()
    );
    assert!(
        !org.check(
            &ops,
            Action::ConnectToKubernetesCluster,
            Resource::Cluster(&staging)
        )
        .is_allowed()
    );
    for refused in [
        org.clone().stop_cluster(&ops, NOW, &staging).unwrap_err(),
        org.clone()
            .stop_cluster(&ops, NOW, &id("no-such-cluster"))
            .unwrap_err(),
        org.clone().delete_cluster(&ops, NOW, &main).unwrap_err(),
    ] {
        assert_eq!(refused.kind(), "denied", "{refused}");
    }
}

#[test]
fn defining_redefining_and_deleting_roles() {
    let mut org = acme();
    let (ada, ops): (UserId, UserId) = (id(ADA), id(OPS));
    let name = |text: &str| Name::new(text).unwrap();
    // Defined at the lowest levels.
    let _ = org
        .create_custom_role(&ada, NOW, id("readers"), name("Readers"), String::new())
        .unwrap();
    let readers = org.custom_role(&id("readers")).unwrap().clone();
    assert_eq!(readers.clusters().len() + readers.projects().len(), 0);
    // Refusals, in their order and with their paths.
    let refused = |org: &mut Organization, actor: &UserId, role: &str, text: &str| {
        org.create_custom_role(actor, NOW, id(role), name(text), String::new())
            .unwrap_err()
            .kind()
    };
    assert_eq!(refused(&mut org, &ops, "r", "Any"), "denied");
    assert_eq!(
        refused(&mut org, &ada, "r", "billing manager"),
        "built_in_role_name"
    );
    assert_eq!(
        refused(&mut org, &ada, "admin", "Fine"),
        "built_in_role_name"
    );
    assert_eq!(refused(&mut org, &ada, "readers", "Fine"), "role_exists");
    assert_eq!(refused(&mut org, &ada, "r", "READERS"), "role_name_taken");
    let unknown = readers
        .clone()
        .define([], [(id("no-such-project"), ProjectAccess::new(true, []))])
        .unwrap();
    let CustomRoleError::Invalid(error) = org.update_custom_role(&ada, NOW, unknown).unwrap_err()
    else {
        panic!("an unknown project is invalid");
    };
    assert_eq!(
        (error.path(), error.kind()),
        ("project_permissions[0].project_id", "unknown_project")
    );
    // Held roles cannot be deleted; the error counts who holds them.
    let _ = org
        .invite(
            &ada,
            NOW,
            Email::new("new@acme.dev").unwrap(),
            RoleRef::Custom(id(SHOP_DEVELOPERS)),
            NOW.plus_seconds(60),
        )
        .unwrap();
    assert_eq!(
        org.delete_custom_role(&ada, NOW, &id(SHOP_DEVELOPERS))
            .unwrap_err(),
        CustomRoleError::RoleInUse {
            role: id(SHOP_DEVELOPERS),
            holders: 2
        }
    );
    assert_eq!(
        org.invite(
            &ada,
            NOW,
            Email::new("x@acme.dev").unwrap(),
            RoleRef::Custom(id("ghost")),
            NOW.plus_seconds(60)
        )
        .unwrap_err()
        .kind(),
        "no_such_role"
    );
    let _ = org.delete_custom_role(&ada, NOW, &id("readers")).unwrap();
    assert!(org.custom_role(&id("readers")).is_none());
    // A deleted project drops out of every role.
    let _ = org.delete_project(&ada, NOW, &id(BLOG)).unwrap();
    let shop_developers = org.custom_role(&id(SHOP_DEVELOPERS)).unwrap();
    assert!(
        shop_developers
            .projects()
            .all(|(project, _)| project.as_str() != BLOG)
    );
}

#[test]
fn role_commands_replay_and_travel_as_json() {
    let ada: UserId = id("ada");
    let (mut org, created) = Organization::create(
        id("o"),
        Name::new("Acme").unwrap(),
        Plan::Free,
        ada.clone(),
        Email::new("ada@acme.dev").unwrap(),
        NOW,
    );
    let mut log = vec![created];
    let commands = [
        r#"{"command":"ADD_PROJECT","project":"shop","name":"Shop"}"#,
        r#"{"command":"CREATE_CUSTOM_ROLE","role":"devs","name":"Developers of the shop"}"#,
        r#"{"command":"UPDATE_CUSTOM_ROLE","role":{"id":"devs","name":"Shop devs","description":"","cluster_permissions":[],"project_permissions":[{"project_id":"shop","is_admin":true,"permissions":[]}]}}"#,
        r#"{"command":"INVITE","email":"bob@acme.dev","role":"devs","expires_at":"2023-11-14T22:14:20Z"}"#,
        r#"{"command":"CHANGE_ROLE","member":"ada","role":"KING"}"#,
    ];
    for (i, text) in commands.into_iter().enumerate() {
        let command: Command = serde_json::from_str(text).unwrap();
        match org.execute(&ada, NOW, None, command) {
            Ok(recorded) => log.extend(recorded),
            // A role no one defined is a reference to nothing: not found.
            Err(error) => assert_eq!((i, error.kind()), (4, "no_such_role")),
        }
    }
    assert_eq!(org.custom_roles().len(), 1);
    assert_eq!(org.invitations()[0].role, RoleRef::Custom(id("devs")));
    let audit = serde_json::to_value(&log[2]).unwrap();
    assert_eq!(audit["sub_target_type"], "CUSTOM_ROLE", "{audit}");
    assert_eq!(audit["target_type"], "MEMBERS_AND_ROLES");
    assert_eq!(Organization::replay(&log).unwrap(), org);
    let document = serde_json::to_string(&org).unwrap();
    assert_eq!(
        serde_json::from_str::<Organization>(&document).unwrap(),
        org
    );
}

#[test]
fn documents_whose_role_references_name_nothing_are_refused_with_the_path() {
    let document = || {
        let fixture: serde_json::Value = serde_json::from_str(include_str!(
            "fixtures/api/organization_composite_custom_roles.json"
        ))
        .unwrap();
        fixture["document"].clone()
    };
    let refused = |change: &dyn Fn(&mut serde_json::Value), path: &str, kind: &str| {
        let mut doc = document();
        change(&mut doc);
        let error = serde_json::from_value::<Organization>(doc)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(path) && error.contains(kind),
            "{path}: {error}"
        );
    };
    let linus_at = |doc: &serde_json::Value| {
        doc["members"]
            .as_array()
            .unwrap()
            .iter()
            .position(|m| m["id"] == LINUS)
            .unwrap()
    };
    refused(
        &|doc| {
            let at = linus_at(doc);
            doc["members"][at]["role_id"] = "ghost".into();
        },
        "role_id",
        "no custom role of the organization has this id",
    );
    refused(
        &|doc| doc["custom_roles"][1]["name"] = "SHOP DEVELOPERS".into(),
        "custom_roles[1].name",
        "another item already has it",
    );
    refused(
        &|doc| doc["custom_roles"][0]["name"] = "viewer".into(),
        "name",
        "built-in role",
    );
    refused(
        &|doc| doc["custom_roles"][0]["id"] = "devops".into(),
        "custom_roles",
        "built-in role",
    );
    refused(
        &|doc| doc["custom_roles"][0]["cluster_permissions"][0]["cluster_id"] = "gone".into(),
        "cluster_id",
        "no cluster of the organization has this id",
    );
    refused(
        &|doc| doc["custom_roles"][0]["project_permissions"][0]["project_id"] = "gone".into(),
        "project_id",
        "no project of the organization has this id",
    );
    refused(
        &|doc| {
            let copy = doc["custom_roles"][0]["project_permissions"][0].clone();
            doc["custom_roles"][0]["project_permissions"]
                .as_array_mut()
                .unwrap()
                .push(copy);
        },
        "custom_roles[0].project_permissions[2].project_id",
        "another item already has it",
    );
}
