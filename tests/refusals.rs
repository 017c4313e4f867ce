//! Refusals reveal nothing: every command, run by every role and by a
//! non-member, against ids that exist and ids that don't. A caller without
//! the permission always gets the same denial, whatever the ids; a caller
//! with it learns what does not exist.

mod common;

use common::*;
use orgmodel::*;

type Run = fn(&mut Organization, &UserId, bool) -> Result<(), Error>;

/// The weakest thing any success of a command needs.
#[derive(Clone, Copy)]
enum Needs {
    /// A row of the table.
    Row(Permission),
    /// A capability beyond the table.
    Capability(Capability),
    /// Being the owner.
    Owner,
    /// Being a member.
    Membership,
}

impl Needs {
    fn held_by(self, role: Role) -> bool {
        match self {
            Needs::Row(row) => role.can(row),
            Needs::Capability(capability) => role.has(capability),
            Needs::Owner => role == Role::Owner,
            Needs::Membership => true,
        }
    }

    /// How the README's table names it.
    fn label(self) -> String {
        match self {
            Needs::Row(row) => row.label().unwrap().to_string(),
            Needs::Capability(capability) => format!(
                "{} ({})",
                capability.label().unwrap(),
                RoleSet::holding(Permission::empty(), capability)
                    .roles()
                    .map(|role| role.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Needs::Owner => "the owner only".into(),
            Needs::Membership => "membership".into(),
        }
    }
}

fn ok<T, E: Into<Error>>(result: Result<T, E>) -> Result<(), Error> {
    result.map(drop).map_err(Into::into)
}

/// An id that exists in [`world`], or one that does not.
fn pick<T: std::str::FromStr>(exists: bool, real: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    if exists { real } else { "missing" }.parse().unwrap()
}

/// "Acme" with clusters c1 and c2, project p1 with rule r1 and a
/// development environment e1, a cloud account, a pending invitation, and
/// a member of each built-in role (`ops` DevOps, `billing` Billing Manager).
fn world() -> Organization {
    let mut org = acme_with_rule_and_environment(Mode::Development);
    let owner = uid("owner");
    for (user, role) in [("ops", Role::DevOps), ("billing", Role::BillingManager)] {
        let address = email(&format!("{user}@acme.dev"));
        let _ = org
            .invite(&owner, NOW, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        let _ = org.accept_invitation(&uid(user), NOW, &address).unwrap();
    }
    let _ = org.add_cloud_account(&owner, NOW, account("a1")).unwrap();
    let _ = org
        .invite(
            &owner,
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    org
}

/// Every command with the weakest permission any of its successes needs
/// (`None`: only the owner may run it), and a run against existing ids or not.
fn commands() -> Vec<(&'static str, Needs, Run)> {
    use Permission as P;
    const CLUSTERS: Needs = Needs::Capability(Capability::MANAGE_CLUSTERS);
    vec![
        ("rename", Needs::Row(P::EDIT_ORGANIZATION), |o, u, _| {
            ok(o.rename(u, NOW, name("New")))
        }),
        (
            "set_description",
            Needs::Row(P::EDIT_ORGANIZATION),
            |o, u, _| ok(o.set_description(u, NOW, Some("d".into()))),
        ),
        ("change_plan", Needs::Row(P::MANAGE_BILLING), |o, u, _| {
            ok(o.change_plan(u, NOW, Plan::Enterprise))
        }),
        (
            "confirm_deletion",
            Needs::Row(P::DELETE_ORGANIZATION),
            |o, u, x| ok(o.confirm_deletion(u, if x { "Acme" } else { "missing" })),
        ),
        ("invite", Needs::Row(P::INVITE_MEMBERS), |o, u, x| {
            let address = if x { "dev@acme.dev" } else { "new@acme.dev" };
            ok(o.invite(u, NOW, email(address), Role::Viewer, NOW.plus_seconds(DAY)))
        }),
        (
            "revoke_invitation",
            Needs::Row(P::INVITE_MEMBERS),
            |o, u, x| {
                ok(o.revoke_invitation(
                    u,
                    NOW,
                    &email(if x {
                        "eve@acme.dev"
                    } else {
                        "missing@acme.dev"
                    }),
                ))
            },
        ),
        ("change_role", Needs::Row(P::INVITE_MEMBERS), |o, u, x| {
            ok(o.change_role(u, NOW, &pick(x, "viewer"), Role::Developer))
        }),
        ("remove_member", Needs::Row(P::INVITE_MEMBERS), |o, u, x| {
            ok(o.remove_member(u, NOW, &pick(x, "viewer")))
        }),
        ("transfer_ownership", Needs::Owner, |o, u, x| {
            ok(o.transfer_ownership(u, NOW, &pick(x, "admin")))
        }),
        ("add_cloud_account", CLUSTERS, |o, u, x| {
            let id = if x { "a1" } else { "a2" }.parse().unwrap();
            ok(o.add_cloud_account(
                u,
                NOW,
                CloudAccount {
                    id,
                    name: name("gcp"),
                    cloud_provider: CloudProvider::Gcp,
                },
            ))
        }),
        ("remove_cloud_account", CLUSTERS, |o, u, x| {
            ok(o.remove_cloud_account(u, NOW, &pick(x, "a1")))
        }),
        ("add_cluster", CLUSTERS, |o, u, x| {
            ok(o.add_cluster(u, NOW, cluster(if x { "c1" } else { "c9" })))
        }),
        ("stop_cluster", CLUSTERS, |o, u, x| {
            ok(o.stop_cluster(u, NOW, &pick(x, "c1")))
        }),
        ("start_cluster", CLUSTERS, |o, u, x| {
            ok(o.start_cluster(u, NOW, &pick(x, "c1")))
        }),
        ("update_cluster", CLUSTERS, |o, u, x| {
            ok(o.update_cluster(
                u,
                NOW,
                &pick(x, "c1"),
                ClusterSettings {
                    name: name("c2"),
                    region: "eu".into(),
                },
            ))
        }),
        ("delete_cluster", CLUSTERS, |o, u, x| {
            ok(o.delete_cluster(u, NOW, &pick(x, "c2")))
        }),
        ("add_project", Needs::Row(P::EDIT_PROJECT), |o, u, x| {
            ok(o.add_project(u, NOW, pick(x, "p1"), name("Other")))
        }),
        (
            "delete_project",
            Needs::Row(P::DELETE_PROJECT),
            |o, u, x| ok(o.delete_project(u, NOW, &pick(x, "p1"))),
        ),
        ("add_rule", Needs::Row(P::EDIT_PROJECT), |o, u, x| {
            ok(o.add_rule(
                u,
                NOW,
                &pick(x, "p1"),
                rule("r2", "*", Mode::Staging, if x { "c1" } else { "c9" }, 0),
            ))
        }),
        ("remove_rule", Needs::Row(P::EDIT_PROJECT), |o, u, x| {
            ok(o.remove_rule(u, NOW, &pick(x, "p1"), &pick(x, "r1")))
        }),
        ("reorder_rules", Needs::Row(P::EDIT_PROJECT), |o, u, x| {
            ok(o.reorder_rules(u, NOW, &pick(x, "p1"), &[pick(x, "r1")]))
        }),
        (
            "create_environment",
            Needs::Row(P::EDIT_DEVELOPMENT_ENVIRONMENT),
            |o, u, x| {
                let request = CreateEnvironmentRequest::new("feature").on_cluster(pick(x, "c1"));
                ok(o.create_environment(u, NOW, &pick(x, "p1"), eid("e2"), &request))
            },
        ),
        (
            "delete_environment",
            Needs::Row(P::DELETE_DEVELOPMENT_ENVIRONMENT),
            |o, u, x| ok(o.delete_environment(u, NOW, &pick(x, "p1"), &pick(x, "e1"))),
        ),
        ("leave", Needs::Membership, |o, u, _| ok(o.leave(u, NOW))),
    ]
}

#[test]
fn a_caller_without_the_permission_learns_nothing_about_ids() {
    for (command, permission, run) in commands() {
        for actor in [
            "owner", "admin", "ops", "dev", "viewer", "billing", "stranger",
        ] {
            let actor = uid(actor);
            let role = world().role_of(&actor).and_then(RoleRef::built_in);
            let allowed = role.is_some_and(|role| permission.held_by(role));
            let outcomes: Vec<Result<(), Error>> = [true, false]
                .into_iter()
                .map(|exists| {
                    let mut org = world();
                    refused_or_done(&mut org, |o| run(o, &actor, exists))
                })
                .collect();
            if allowed {
                for outcome in &outcomes {
                    if let Err(error) = outcome {
                        assert_ne!(
                            error.category(),
                            ErrorCategory::Forbidden,
                            "{command} by {actor}: {error}"
                        );
                    }
                }
                continue;
            }
            let expected = match (role, permission) {
                (None, _) => "not_a_member",
                (Some(_), Needs::Owner) => "not_the_owner",
                (Some(_), _) => "denied",
            };
            for outcome in &outcomes {
                let error = outcome.as_ref().expect_err(command);
                assert_eq!(error.kind(), expected, "{command} by {actor}");
                assert_eq!(error.category().http_status(), 403);
            }
            assert_eq!(
                outcomes[0], outcomes[1],
                "{command} by {actor}: the ids must not change the refusal"
            );
        }
    }
}

/// Runs a command; a refusal must leave the organization as it was.
#[track_caller]
fn refused_or_done(
    org: &mut Organization,
    command: impl FnOnce(&mut Organization) -> Result<(), Error>,
) -> Result<(), Error> {
    let before = org.clone();
    let outcome = command(org);
    if outcome.is_err() {
        assert_eq!(*org, before, "a refused command changed the organization");
    }
    outcome
}

#[test]
fn a_caller_with_the_permission_meets_not_found_before_invalid_and_conflict() {
    let owner = uid("owner");
    let mut org = world();
    // Not found wins over an invalid or conflicting argument.
    let error = refused(&mut org, |o| {
        o.change_role(&owner, NOW, &uid("ghost"), Role::Owner)
    });
    assert_eq!(error, MemberError::NoSuchMember { user: uid("ghost") });
    let error = refused(&mut org, |o| {
        o.add_rule(
            &owner,
            NOW,
            &pid("missing"),
            rule("r1", "*", Mode::Staging, "c9", 0),
        )
    });
    assert_eq!(
        error,
        ProjectError::NoSuchProject {
            project: pid("missing")
        }
    );
    // Invalid wins over conflict.
    let error = refused(&mut org, |o| {
        o.add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r1", "*", Mode::Staging, "c9", 0),
        )
    });
    assert_eq!(
        error,
        ProjectError::RuleTargetsUnknownCluster {
            rule: rid("r1"),
            cluster: cid("c9")
        }
    );
    let error = refused(&mut org, |o| {
        o.change_role(&owner, NOW, &owner, Role::Owner)
    });
    assert_eq!(error, MemberError::OwnerOnlyByTransfer);
    let error = refused(&mut org, |o| {
        o.invite(
            &owner,
            NOW,
            email("dev@acme.dev"),
            Role::Owner,
            NOW.plus_seconds(DAY),
        )
    });
    assert_eq!(error, MemberError::OwnerOnlyByTransfer);
}

#[test]
fn create_environment_checks_the_weaker_row_first_and_the_resolved_row_last() {
    let mut org = world();
    // A Viewer learns nothing of clusters: the same denial for a known and an unknown one.
    for cluster in ["c1", "c9"] {
        let request = CreateEnvironmentRequest::new("x").on_cluster(cid(cluster));
        let error = refused(&mut org, |o| {
            o.create_environment(&uid("viewer"), NOW, &pid("p1"), eid("e9"), &request)
        });
        assert_eq!(
            denial(&error).missing,
            Permission::EDIT_DEVELOPMENT_ENVIRONMENT
        );
    }
    // A Developer may place, and is refused by the resolved mode's row.
    let error = refused(&mut org, |o| {
        o.create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e9"),
            &CreateEnvironmentRequest::new("prod-eu"),
        )
    });
    assert_eq!(
        denial(&error).missing,
        Permission::EDIT_PRODUCTION_ENVIRONMENT
    );
    // Placement errors come before the resolved row.
    let request = CreateEnvironmentRequest::new("prod-eu").on_cluster(cid("c9"));
    let error = refused(&mut org, |o| {
        o.create_environment(&uid("dev"), NOW, &pid("p1"), eid("e9"), &request)
    });
    assert_eq!(
        error,
        ProjectError::Placement(PlacementError::UnknownCluster { cluster: cid("c9") })
    );
}

#[test]
fn the_public_types_are_send_and_sync() {
    fn both<T: Send + Sync>() {}
    both::<Organization>();
    both::<OrganizationParts>();
    both::<Project>();
    both::<DeploymentRules>();
    both::<Wildcard>();
    both::<Placement<'static>>();
    both::<Decision>();
    both::<Error>();
    both::<ValidationError>();
    both::<UserContext>();
    both::<PermissionMatrix>();
}

#[test]
fn the_readme_lists_every_command_with_its_permission() {
    let table = markdown_table(
        include_str!("../README.md"),
        &["command", "permission checked first"],
    );
    let rows: Vec<(&str, &str)> = table
        .rows
        .iter()
        .skip(1)
        .map(|cells| (cells[0].trim_matches('`'), cells[1].as_str()))
        .collect();
    let commands = commands();
    assert_eq!(rows.len(), commands.len());
    for ((command, permission, _), (listed, label)) in commands.iter().zip(&rows) {
        assert_eq!(command, listed);
        assert_eq!(*label, permission.label(), "{command}");
    }
}
