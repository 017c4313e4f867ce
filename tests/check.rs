//! Resource-aware checks: the row of the table chosen by the environment's
//! mode, and the organization as the scope of every check.

mod common;

use common::*;
use orgmodel::*;
use strum::IntoEnumIterator;

/// Each action with its production and development rows, written out by hand.
const ROWS: [(Action, Permission, Permission); 20] = {
    use Action as A;
    use Permission as P;
    [
        (
            A::ReadOrganization,
            P::READ_ORGANIZATION,
            P::READ_ORGANIZATION,
        ),
        (
            A::EditOrganization,
            P::EDIT_ORGANIZATION,
            P::EDIT_ORGANIZATION,
        ),
        (
            A::DeleteOrganization,
            P::DELETE_ORGANIZATION,
            P::DELETE_ORGANIZATION,
        ),
        (A::ManageBilling, P::MANAGE_BILLING, P::MANAGE_BILLING),
        (A::InviteMembers, P::INVITE_MEMBERS, P::INVITE_MEMBERS),
        (
            A::ConnectToKubernetesCluster,
            P::CONNECT_TO_KUBERNETES_CLUSTER,
            P::CONNECT_TO_KUBERNETES_CLUSTER,
        ),
        (A::ReadProject, P::READ_PROJECT, P::READ_PROJECT),
        (A::EditProject, P::EDIT_PROJECT, P::EDIT_PROJECT),
        (A::DeleteProject, P::DELETE_PROJECT, P::DELETE_PROJECT),
        (A::ReadEnvironment, P::READ_ENVIRONMENT, P::READ_ENVIRONMENT),
        (
            A::EditEnvironment,
            P::EDIT_PRODUCTION_ENVIRONMENT,
            P::EDIT_DEVELOPMENT_ENVIRONMENT,
        ),
        (
            A::StopEnvironment,
            P::STOP_PRODUCTION_ENVIRONMENT,
            P::STOP_DEVELOPMENT_ENVIRONMENT,
        ),
        (
            A::DeleteEnvironment,
            P::DELETE_PRODUCTION_ENVIRONMENT,
            P::DELETE_DEVELOPMENT_ENVIRONMENT,
        ),
        (A::ReadApplication, P::READ_APPLICATION, P::READ_APPLICATION),
        (
            A::EditApplication,
            P::EDIT_PRODUCTION_APPLICATION,
            P::EDIT_DEVELOPMENT_APPLICATION,
        ),
        (
            A::DeleteApplication,
            P::DELETE_PRODUCTION_APPLICATION,
            P::DELETE_DEVELOPMENT_APPLICATION,
        ),
        (
            A::ConnectViaSshToAnApplication,
            P::CONNECT_VIA_SSH_TO_AN_APPLICATION,
            P::CONNECT_VIA_SSH_TO_AN_APPLICATION,
        ),
        (A::ReadDatabase, P::READ_DATABASE, P::READ_DATABASE),
        (
            A::EditDatabase,
            P::EDIT_PRODUCTION_DATABASE,
            P::EDIT_DEVELOPMENT_DATABASE,
        ),
        (
            A::DeleteDatabase,
            P::DELETE_PRODUCTION_DATABASE,
            P::DELETE_DEVELOPMENT_DATABASE,
        ),
    ]
};

#[test]
fn every_action_maps_to_its_rows() {
    assert_eq!(Action::iter().count(), ROWS.len());
    for (action, production, development) in ROWS {
        assert_eq!(
            action.permission(Some(Mode::Production)),
            production,
            "{action}"
        );
        for mode in [Mode::Staging, Mode::Development, Mode::Preview] {
            assert_eq!(
                action.permission(Some(mode)),
                development,
                "{action} in {mode}"
            );
        }
        assert_eq!(
            action.permission(None),
            production,
            "{action} with no environment: the stricter row"
        );
    }
    let covered = ROWS
        .iter()
        .fold(Permission::empty(), |acc, (_, p, d)| acc | *p | *d);
    assert_eq!(
        covered,
        Permission::all(),
        "every row of the table is reachable"
    );
}

/// `acme_with_infra` with one environment per mode in project `p1`.
fn org_with_every_mode() -> Organization {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    let _ = org
        .add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r-preview", "pr-*", Mode::Preview, "c2", 0),
        )
        .unwrap();
    add_environments(
        &mut org,
        &owner,
        &[
            ("e-production", Mode::Production),
            ("e-staging", Mode::Staging),
            ("e-development", Mode::Development),
        ],
    );
    let _ = org
        .create_environment(
            &owner,
            NOW,
            &pid("p1"),
            eid("e-preview"),
            &CreateEnvironmentRequest::new("pr-1"),
        )
        .unwrap();
    org
}

#[test]
fn environment_checks_use_the_row_of_the_environments_mode_for_every_role() {
    let org = org_with_every_mode();
    let p1 = pid("p1");
    for (user, role) in [
        ("owner", Role::Owner),
        ("admin", Role::Admin),
        ("dev", Role::Developer),
        ("viewer", Role::Viewer),
    ] {
        for (env, mode) in [
            ("e-production", Mode::Production),
            ("e-staging", Mode::Staging),
            ("e-development", Mode::Development),
            ("e-preview", Mode::Preview),
        ] {
            let environment = eid(env);
            assert_eq!(
                org.project(&p1)
                    .unwrap()
                    .environment(&environment)
                    .unwrap()
                    .mode,
                mode
            );
            for (action, production, development) in ROWS {
                if action.scope() != Scope::Environment {
                    continue; // see every_action_on_every_kind_of_resource
                }
                let row = if mode == Mode::Production {
                    production
                } else {
                    development
                };
                let decision = org.check(
                    &uid(user),
                    action,
                    Resource::Environment {
                        project: &p1,
                        environment: &environment,
                    },
                );
                assert_eq!(decision, role.decide(row), "{user} {action} {env}");
            }
        }
    }
}

#[test]
fn a_developer_edits_a_staging_database_but_not_a_production_one() {
    let org = org_with_every_mode();
    let (p1, staging, production) = (pid("p1"), eid("e-staging"), eid("e-production"));
    let dev = uid("dev");
    assert!(
        org.check(
            &dev,
            Action::EditDatabase,
            Resource::Environment {
                project: &p1,
                environment: &staging
            }
        )
        .is_allowed()
    );
    let Decision::Denied(denial) = org.check(
        &dev,
        Action::EditDatabase,
        Resource::Environment {
            project: &p1,
            environment: &production,
        },
    ) else {
        panic!("a Developer must not edit a production database");
    };
    assert_eq!(denial.missing, Permission::EDIT_PRODUCTION_DATABASE);
    assert_eq!(
        denial.holders,
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS
    );
    assert_eq!(denial.reason, DenialReason::Role(Role::Developer));
}

#[test]
fn organization_and_project_checks() {
    let org = org_with_every_mode();
    let p1 = pid("p1");
    assert!(
        org.check(&uid("viewer"), Action::ReadProject, Resource::Project(&p1))
            .is_allowed()
    );
    assert!(
        !org.check(&uid("viewer"), Action::EditProject, Resource::Project(&p1))
            .is_allowed()
    );
    assert!(
        org.check(&uid("dev"), Action::EditProject, Resource::Project(&p1))
            .is_allowed()
    );
    assert!(
        !org.check(&uid("dev"), Action::DeleteProject, Resource::Project(&p1))
            .is_allowed()
    );
    assert!(
        org.check(
            &uid("admin"),
            Action::ConnectToKubernetesCluster,
            Resource::Organization
        )
        .is_allowed()
    );
    // An environment action needs an environment: it never falls back to a row.
    let Decision::Denied(denial) = org.check(
        &uid("owner"),
        Action::EditEnvironment,
        Resource::Project(&p1),
    ) else {
        panic!("an environment action on a project must be denied");
    };
    assert_eq!(denial.reason, DenialReason::NotApplicable);
}

/// Which kinds of resource each scope is answered on: organization,
/// project, environment.
fn answered_on(scope: Scope) -> [bool; 3] {
    match scope {
        Scope::Organization => [true, false, false],
        Scope::Project => [true, true, false],
        Scope::Environment => [false, false, true],
    }
}

#[test]
fn every_action_on_every_kind_of_resource() {
    let org = org_with_every_mode();
    let (p1, env) = (pid("p1"), eid("e-development"));
    let resources = [
        Resource::Organization,
        Resource::Project(&p1),
        Resource::Environment {
            project: &p1,
            environment: &env,
        },
    ];
    for action in Action::ALL {
        for (resource, answered) in resources.into_iter().zip(answered_on(action.scope())) {
            assert_eq!(
                resource.answers(action),
                answered,
                "{action} on {resource:?}"
            );
            let decision = org.check(&uid("owner"), action, resource);
            if answered {
                assert!(
                    decision.is_allowed(),
                    "the owner may {action} on {resource:?}"
                );
            } else {
                let Decision::Denied(denial) = decision else {
                    panic!("{action} must not be answered on {resource:?}");
                };
                assert_eq!(denial.reason, DenialReason::NotApplicable, "{action}");
                assert_eq!(denial.missing, action.permission(None));
                assert!(
                    denial
                        .to_string()
                        .ends_with("does not apply to this kind of resource")
                );
            }
        }
    }
}

#[test]
fn a_non_member_is_denied_everything() {
    let org = org_with_every_mode();
    let (p1, env) = (pid("p1"), eid("e-development"));
    for user in ["stranger", "OWNER"] {
        for action in Action::iter() {
            for resource in [
                Resource::Organization,
                Resource::Project(&p1),
                Resource::Environment {
                    project: &p1,
                    environment: &env,
                },
            ] {
                let Decision::Denied(denial) = org.check(&uid(user), action, resource) else {
                    panic!("{user} must be denied {action}");
                };
                assert_eq!(denial.reason, DenialReason::NotAMember);
            }
        }
    }
}

#[test]
fn a_resource_of_another_organization_is_denied_even_to_the_owner() {
    let org = org_with_every_mode();
    let (p1, other_project, other_env) = (pid("p1"), pid("elsewhere"), eid("elsewhere"));
    for resource in [
        Resource::Project(&other_project),
        Resource::Environment {
            project: &other_project,
            environment: &other_env,
        },
        Resource::Environment {
            project: &p1,
            environment: &other_env,
        },
    ] {
        let action = match resource {
            Resource::Environment { .. } => Action::ReadEnvironment,
            _ => Action::ReadProject,
        };
        let Decision::Denied(denial) = org.check(&uid("owner"), action, resource) else {
            panic!("an unknown resource must be denied");
        };
        assert_eq!(denial.reason, DenialReason::UnknownResource);
    }
}

#[test]
fn owner_elsewhere_grants_nothing_here() {
    let acme = org_with_every_mode();
    let globex = owned_by("globex", "viewer");
    assert!(
        globex
            .check(
                &uid("viewer"),
                Action::ManageBilling,
                Resource::Organization
            )
            .is_allowed()
    );
    assert!(
        !acme
            .check(
                &uid("viewer"),
                Action::ManageBilling,
                Resource::Organization
            )
            .is_allowed()
    );
}

proptest::proptest! {
    // `orgmodel::strategies` needs the `proptest` feature (`--all-features`).
    #[cfg(feature = "proptest")]
    #[test]
    fn allowed_and_who_can_agree_with_check(org in strategies::organization()) {
        let stranger = uid("stranger");
        let users: Vec<UserId> = org.members().map(|m| m.id.clone()).chain([stranger]).collect();
        let (ghost_project, ghost_env) = (pid("ghost"), eid("ghost"));
        let mut resources = vec![Resource::Organization, Resource::Project(&ghost_project)];
        for project in org.projects() {
            resources.push(Resource::Project(project.id()));
            resources.push(Resource::Environment { project: project.id(), environment: &ghost_env });
            for environment in project.environments() {
                resources.push(Resource::Environment { project: project.id(), environment: &environment.id });
            }
        }
        for resource in resources {
            for user in &users {
                let allowed = org.allowed(user, resource);
                let mut from_checks = Permission::empty();
                for action in Action::ALL {
                    if let Decision::Allowed { permission, .. } = org.check(user, action, resource) {
                        from_checks |= permission;
                    }
                }
                proptest::prop_assert_eq!(allowed, from_checks, "{} on {:?}", user, resource);
            }
            for action in Action::ALL {
                let who: Vec<&UserId> = org.who_can(action, resource).map(|m| &m.id).collect();
                let expected: Vec<&UserId> = org.members().filter(|m| org.check(&m.id, action, resource).is_allowed()).map(|m| &m.id).collect();
                proptest::prop_assert_eq!(who, expected, "{} on {:?}", action, resource);
            }
        }
    }
}
