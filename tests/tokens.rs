//! API tokens: who creates which token (every creator × every role, custom
//! roles included), a token checked exactly like a member holding its role,
//! expiry at `now`, an unknown and an expired token refused alike, replay,
//! the documents that hold tokens, and a custom role held by a token.

mod common;
#[path = "common/counting.rs"]
mod counting;

use common::*;
use counting::*;
use orgmodel::*;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[track_caller]
fn tid(s: &str) -> ApiTokenId {
    s.parse().unwrap()
}

#[track_caller]
fn crid(s: &str) -> CustomRoleId {
    s.parse().unwrap()
}

fn token(id: &str, role: impl Into<RoleRef>, expires_at: Option<Timestamp>) -> ApiToken {
    ApiToken {
        id: tid(id),
        name: name(id),
        description: String::new(),
        role: role.into(),
        expires_at,
    }
}

/// The custom roles of [`org`]: `reader` reads `p1` in every mode, `p1-admin`
/// administers `p1` and the cluster `c1`, `nothing` is at the lowest levels.
const CUSTOM_ROLES: [&str; 3] = ["reader", "p1-admin", "nothing"];

/// The built-in members of [`org`], by role.
const MEMBERS: [(&str, Role); 6] = [
    ("owner", Role::Owner),
    ("admin", Role::Admin),
    ("devops", Role::DevOps),
    ("dev", Role::Developer),
    ("viewer", Role::Viewer),
    ("billing", Role::BillingManager),
];

/// Acme with clusters `c1`, `c2`, project `p1` holding `e-prod`
/// (Production) and `e-dev` (Development), the custom roles
/// [`CUSTOM_ROLES`], a member of each built-in role ([`MEMBERS`]) and one
/// member holding each custom role (named after it).
fn org() -> Organization {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    add_environments(
        &mut org,
        &owner,
        &[("e-prod", Mode::Production), ("e-dev", Mode::Development)],
    );
    for role in CUSTOM_ROLES {
        let _ = org
            .create_custom_role(&owner, NOW, crid(role), name(role), String::new())
            .unwrap();
    }
    let every_mode = |level| Mode::ALL.map(|mode| (mode, level));
    let reader = CustomRole::new(crid("reader"), name("reader"), "")
        .unwrap()
        .define(
            [],
            [(
                pid("p1"),
                ProjectAccess::new(false, every_mode(ProjectLevel::Viewer)),
            )],
        )
        .unwrap();
    let admin = CustomRole::new(crid("p1-admin"), name("p1-admin"), "")
        .unwrap()
        .define(
            [(cid("c1"), ClusterLevel::Admin)],
            [(pid("p1"), ProjectAccess::new(true, []))],
        )
        .unwrap();
    for role in [reader, admin] {
        org.update_custom_role(&owner, NOW, role).unwrap();
    }
    // `acme` holds the owner, `admin`, `dev` and `viewer` already.
    let members = [
        ("devops", Role::DevOps.into()),
        ("billing", Role::BillingManager.into()),
    ]
    .into_iter()
    .chain(CUSTOM_ROLES.map(|role| (role, RoleRef::Custom(crid(role)))));
    for (user, role) in members {
        let address = email(&format!("{user}@acme.dev"));
        let _ = org
            .invite(&owner, NOW, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        let _ = org.accept_invitation(&uid(user), NOW, &address).unwrap();
    }
    org
}

/// Every role a token could be asked for: the built-in ones, then the
/// custom ones.
fn every_role() -> Vec<RoleRef> {
    Role::ALL
        .into_iter()
        .map(RoleRef::from)
        .chain(CUSTOM_ROLES.map(|role| RoleRef::Custom(crid(role))))
        .collect()
}

/// Who may create a token holding which role: `ok`, or the refusal's kind.
/// Rows are creators (the built-in members, then a custom-role member, then
/// a stranger); columns are [`every_role`].
const CREATES: [(&str, [&str; 9]); 8] = [
    //           Owner          Admin     DevOps    Developer Viewer    Billing   reader    p1-admin  nothing
    (
        "owner",
        [
            "owner_token",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
        ],
    ),
    (
        "admin",
        ["denied", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
    ),
    (
        "devops",
        [
            "denied", "denied", "ok", "ok", "ok", "denied", "ok", "ok", "ok",
        ],
    ),
    ("dev", ["denied"; 9]),
    ("viewer", ["denied"; 9]),
    ("billing", ["denied"; 9]),
    ("p1-admin", ["denied"; 9]),
    ("eve", ["not_a_member"; 9]),
];

#[test]
fn every_creator_may_create_exactly_the_tokens_its_role_covers() {
    let org = org();
    for (creator, expected) in CREATES {
        for (role, expected) in every_role().into_iter().zip(expected) {
            let mut org = org.clone();
            let outcome = org.create_api_token(
                &uid(creator),
                NOW,
                token("t", role.clone(), Some(NOW.plus_seconds(DAY))),
            );
            let got = match &outcome {
                Ok(_) => "ok",
                Err(error) => error.kind(),
            };
            assert_eq!(got, expected, "{creator} creating a token holding {role}");
            if outcome.is_ok() {
                assert_eq!(org.token(&tid("t")).map(|t| &t.role), Some(&role));
            }
        }
    }
}

#[test]
fn a_devops_creating_an_admin_or_billing_token_is_told_what_it_lacks() {
    for (role, lacked) in [
        (
            Role::Admin,
            Permission::EDIT_ORGANIZATION | Permission::MANAGE_BILLING | Permission::INVITE_MEMBERS,
        ),
        (Role::BillingManager, Permission::MANAGE_BILLING),
        (Role::Owner, Role::OWNER.difference(Role::DEVOPS)),
    ] {
        let mut org = org();
        let error = refused(&mut org, |org| {
            org.create_api_token(&uid("devops"), NOW, token("t", role, None))
        });
        let ApiTokenError::Access(AccessError::Denied { denial, .. }) = error else {
            panic!("{role}: {error:?}");
        };
        assert_eq!(denial.missing, lacked, "{role}");
        assert_eq!(denial.reason, DenialReason::Role(Role::DevOps), "{role}");
    }
}

/// The resources every check below is asked on: the organization, a
/// cluster, the project, an environment of each mode, and ids that are not
/// the organization's.
fn with_resources(f: impl Fn(Resource<'_>)) {
    let (c1, c9, p1, p9) = (cid("c1"), cid("c9"), pid("p1"), pid("p9"));
    let (prod, dev, missing) = (eid("e-prod"), eid("e-dev"), eid("e9"));
    let environment = |environment| Resource::Environment {
        project: &p1,
        environment,
    };
    for resource in [
        Resource::Organization,
        Resource::Cluster(&c1),
        Resource::Cluster(&c9),
        Resource::Project(&p1),
        Resource::Project(&p9),
        environment(&prod),
        environment(&dev),
        environment(&missing),
    ] {
        f(resource);
    }
}

#[test]
fn a_token_is_checked_exactly_like_a_member_holding_its_role() {
    let mut org = org();
    let holders: Vec<(&str, RoleRef)> = MEMBERS
        .iter()
        .skip(1)
        .map(|&(user, role)| (user, RoleRef::from(role)))
        .chain(CUSTOM_ROLES.map(|role| (role, RoleRef::Custom(crid(role)))))
        .collect();
    for (i, (_, role)) in holders.iter().enumerate() {
        let _ = org
            .create_api_token(
                &uid("owner"),
                NOW,
                token(&format!("t{i}"), role.clone(), None),
            )
            .unwrap();
    }
    for (i, (member, role)) in holders.iter().enumerate() {
        let (member, token) = (uid(member), tid(&format!("t{i}")));
        assert_eq!(org.role_of(&member), Some(role));
        with_resources(|resource| {
            for action in Action::ALL {
                assert_eq!(
                    org.check_token(&token, NOW, action, resource),
                    org.check(&member, action, resource),
                    "{role}: {action} on {resource:?}"
                );
            }
        });
    }
}

#[test]
fn an_expired_token_has_no_permission_from_its_expiry_on() {
    let mut org = org();
    let expiry = NOW.plus_seconds(60);
    let _ = org
        .create_api_token(&uid("owner"), NOW, token("t", Role::Admin, Some(expiry)))
        .unwrap();
    let t = tid("t");
    let just_before = NOW.plus_seconds(59);
    let read = |at| org.check_token(&t, at, Action::ReadProject, Resource::Organization);
    assert!(read(just_before).is_allowed());
    let Decision::Denied(denial) = read(expiry) else {
        panic!("a token expires at its expiry");
    };
    assert_eq!(denial.reason, DenialReason::NoValidToken);
    assert!(!read(expiry.plus_seconds(DAY)).is_allowed());
    assert_eq!(org.token(&t).map(|t| t.is_expired(expiry)), Some(true));
}

#[test]
fn an_expired_token_and_one_that_does_not_exist_are_refused_alike() {
    let mut org = org();
    let expiry = NOW.plus_seconds(60);
    let _ = org
        .create_api_token(&uid("owner"), NOW, token("t", Role::Admin, Some(expiry)))
        .unwrap();
    let (expired, unknown) = (tid("t"), tid("no-such-token"));
    with_resources(|resource| {
        for action in Action::ALL {
            let refusal = org.check_token(&expired, expiry, action, resource);
            assert!(!refusal.is_allowed());
            assert_eq!(
                refusal,
                org.check_token(&unknown, expiry, action, resource),
                "{action} on {resource:?}"
            );
            assert_eq!(
                refusal,
                org.check_token(&unknown, NOW, action, resource),
                "{action} on {resource:?}"
            );
        }
    });
}

#[test]
fn a_token_check_allocates_nothing() {
    let mut org = org();
    let _ = org
        .create_api_token(&uid("owner"), NOW, token("t1", Role::DevOps, None))
        .unwrap();
    let reader = RoleRef::Custom(crid("reader"));
    let _ = org
        .create_api_token(
            &uid("owner"),
            NOW,
            token("t2", reader, Some(NOW.plus_seconds(60))),
        )
        .unwrap();
    for token in [tid("t1"), tid("t2"), tid("t3")] {
        with_resources(|resource| {
            for action in Action::ALL {
                for at in [NOW, NOW.plus_seconds(DAY)] {
                    let (count, _) =
                        allocations_in(|| org.check_token(&token, at, action, resource));
                    assert_eq!(count, 0, "{token}: {action} on {resource:?}");
                }
            }
        });
    }
}

#[test]
fn creating_a_token_refuses_in_order() {
    let mut org = org();
    let owner = uid("owner");
    let ghost = RoleRef::Custom(crid("ghost"));
    let cases: [(&str, ApiToken, &str); 7] = [
        ("eve", token("t", ghost.clone(), None), "not_a_member"),
        ("dev", token("t", ghost.clone(), None), "denied"),
        ("devops", token("t", ghost.clone(), None), "no_such_role"),
        ("owner", token("t", ghost, None), "no_such_role"),
        (
            "owner",
            token("t", Role::Viewer, Some(NOW)),
            "expiry_not_after_now",
        ),
        (
            "owner",
            ApiToken {
                description: "x".repeat(limits::TEXT + 1),
                ..token("t", Role::Viewer, None)
            },
            "too_long",
        ),
        ("owner", token("t0", Role::Viewer, None), "token_exists"),
    ];
    let _ = org
        .create_api_token(&owner, NOW, token("t0", Role::Admin, None))
        .unwrap();
    for (actor, token, expected) in cases {
        let error = refused(&mut org, |org| {
            org.create_api_token(&uid(actor), NOW, token.clone())
        });
        assert_eq!(error.kind(), expected, "{actor}: {token:?}");
    }
}

#[test]
fn deleting_a_token_refuses_in_order_and_any_manager_deletes_any_token() {
    let mut org = org();
    let _ = org
        .create_api_token(
            &uid("owner"),
            NOW,
            token("t", Role::Admin, Some(NOW.plus_seconds(1))),
        )
        .unwrap();
    for (actor, token, expected) in [
        ("eve", "nope", "not_a_member"),
        ("dev", "t", "denied"),
        ("p1-admin", "t", "denied"),
        ("billing", "t", "denied"),
        ("devops", "nope", "no_such_token"),
    ] {
        let error = refused(&mut org, |org| {
            org.delete_api_token(&uid(actor), NOW, &tid(token))
        });
        assert_eq!(error.kind(), expected, "{actor} deleting {token}");
    }
    // Deleting takes nothing away from anyone: a DevOps may delete an
    // Admin token, expired or not.
    let recorded = org
        .delete_api_token(&uid("devops"), NOW.plus_seconds(DAY), &tid("t"))
        .unwrap();
    assert_eq!(recorded.event, Event::ApiTokenDeleted { token: tid("t") });
    assert!(org.tokens().is_empty());
}

#[test]
fn tokens_are_kept_by_id_and_found_by_binary_search() {
    let mut org = org();
    for id in ["t5", "t1", "t9", "t3"] {
        let _ = org
            .create_api_token(&uid("admin"), NOW, token(id, Role::Viewer, None))
            .unwrap();
    }
    let ids: Vec<&str> = org.tokens().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t3", "t5", "t9"]);
    assert!(org.token(&tid("t9")).is_some() && org.token(&tid("t2")).is_none());
    // Ids sharing their first eight bytes, and ids shorter than eight, are
    // found among each other (a lookup compares numbers first).
    let long = [
        "pipeline-b",
        "pipeline",
        "pipeline-a",
        "pipelinf",
        "pip",
        "pipeline-c",
    ];
    for id in long {
        let _ = org
            .create_api_token(&uid("admin"), NOW, token(id, Role::Viewer, None))
            .unwrap();
    }
    let ids: Vec<&str> = org.tokens().iter().map(|t| t.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    for id in long.iter().chain(&["t1", "t3", "t5", "t9"]) {
        assert_eq!(org.token(&tid(id)).map(|t| t.id.as_str()), Some(*id));
    }
    for missing in [
        "pipeline-",
        "pipeline-d",
        "pipelin",
        "pi",
        "pipelinf0",
        "t2",
    ] {
        assert!(org.token(&tid(missing)).is_none(), "{missing}");
    }
    let _ = org
        .delete_api_token(&uid("admin"), NOW, &tid("pipeline-a"))
        .unwrap();
    assert!(org.token(&tid("pipeline-a")).is_none());
    assert!(org.token(&tid("pipeline-b")).is_some() && org.token(&tid("pipeline")).is_some());
    let parts = org.clone().into_parts();
    assert_eq!(Organization::from_parts(parts).unwrap(), org);
}

#[test]
fn token_events_file_under_the_organization_as_api_token() {
    let mut org = org();
    let created = org
        .create_api_token(&uid("owner"), NOW, token("t", Role::Viewer, None))
        .unwrap();
    let deleted = org.delete_api_token(&uid("owner"), NOW, &tid("t")).unwrap();
    let filing = created.event.filing();
    assert_eq!(
        (
            filing.event_type,
            filing.target_type,
            filing.sub_target_type
        ),
        ("CREATE", "ORGANIZATION", Some("API_TOKEN"))
    );
    assert_eq!(
        (filing.target_id, filing.target_name),
        (Some("t"), Some("t"))
    );
    let filing = deleted.event.filing();
    assert_eq!(
        (
            filing.event_type,
            filing.target_type,
            filing.sub_target_type
        ),
        ("DELETE", "ORGANIZATION", Some("API_TOKEN"))
    );
    assert_eq!(deleted.revision, created.revision + 1);
}

#[test]
fn a_log_with_tokens_replays_and_execute_records_what_the_methods_do() {
    let (mut org, created) = created_acme();
    let mut log = vec![created];
    let later = NOW.plus_seconds(DAY);
    for (actor, at, command) in [
        (
            "owner",
            NOW,
            Command::CreateCustomRole {
                role: crid("reader"),
                name: name("Reader"),
                description: String::new(),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateApiToken {
                token: tid("t-ci"),
                name: name("CI"),
                description: "the pipeline".into(),
                role: Role::Developer.into(),
                expires_at: Some(later),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateApiToken {
                token: tid("t-read"),
                name: name("Reader"),
                description: String::new(),
                role: RoleRef::Custom(crid("reader")),
                expires_at: None,
            },
        ),
        (
            "owner",
            later,
            Command::DeleteApiToken { token: tid("t-ci") },
        ),
    ] {
        record(&mut log, &mut org, actor, at, command);
    }
    assert_eq!(Organization::replay(&log).unwrap(), org);
    assert_eq!(org.tokens().len(), 1);

    // The methods record the very events `execute` does.
    let (mut by_methods, _) = created_acme();
    let owner = uid("owner");
    let _ = by_methods
        .create_custom_role(&owner, NOW, crid("reader"), name("Reader"), String::new())
        .unwrap();
    let created = by_methods
        .create_api_token(
            &owner,
            NOW,
            ApiToken {
                name: name("CI"),
                description: "the pipeline".into(),
                ..token("t-ci", Role::Developer, Some(later))
            },
        )
        .unwrap();
    assert_eq!(created.event.kind(), "API_TOKEN_CREATED");
    assert_eq!(
        Some(&created.event),
        log.get(2).map(|recorded| &recorded.event)
    );
}

#[test]
fn a_replayed_token_creation_is_refused_where_its_creator_no_longer_may() {
    let (mut org, created) = created_acme();
    let mut log = vec![created];
    let owner = uid("owner");
    log.push(
        org.invite(
            &owner,
            NOW,
            email("ops@acme.dev"),
            Role::DevOps,
            NOW.plus_seconds(DAY),
        )
        .unwrap(),
    );
    log.push(
        org.accept_invitation(&uid("ops"), NOW, &email("ops@acme.dev"))
            .unwrap(),
    );
    log.push(
        org.create_api_token(&uid("ops"), NOW, token("t", Role::Viewer, None))
            .unwrap(),
    );
    assert_eq!(Organization::replay(&log).unwrap(), org);
    // The same creation by a DevOps demoted to Developer does not apply.
    let mut demoted = Organization::replay(&log[..3]).unwrap();
    demoted
        .change_role(&owner, NOW, &uid("ops"), Role::Developer)
        .unwrap();
    let mut event = log[3].clone();
    event.revision = demoted.revision() + 1;
    let error = demoted.apply(&event).unwrap_err();
    assert_eq!(error.refusal_kind(), Some("denied"));
}

#[test]
fn a_custom_role_held_by_a_token_cannot_be_deleted() {
    let mut org = org();
    let owner = uid("owner");
    let _ = org
        .create_api_token(
            &owner,
            NOW,
            token("t", RoleRef::Custom(crid("nothing")), None),
        )
        .unwrap();
    // `nothing` is held by its member and by the token.
    let error = refused(&mut org, |org| {
        org.delete_custom_role(&owner, NOW, &crid("nothing"))
    });
    assert_eq!(
        error,
        CustomRoleError::RoleInUse {
            role: crid("nothing"),
            holders: 2
        }
    );
    let _ = org.remove_member(&owner, NOW, &uid("nothing")).unwrap();
    let error = refused(&mut org, |org| {
        org.delete_custom_role(&owner, NOW, &crid("nothing"))
    });
    assert_eq!(error.kind(), "role_in_use");
    assert!(error.to_string().contains("API tokens"), "{error}");
    let _ = org.delete_api_token(&owner, NOW, &tid("t")).unwrap();
    let _ = org
        .delete_custom_role(&owner, NOW, &crid("nothing"))
        .unwrap();
}

#[test]
fn an_organizations_parts_carry_its_tokens_checked() {
    let mut org = org();
    for id in ["t2", "t1"] {
        let _ = org
            .create_api_token(&uid("owner"), NOW, token(id, Role::Viewer, None))
            .unwrap();
    }
    let parts = org.clone().into_parts();
    assert_eq!(parts.tokens.len(), 2);
    assert_eq!(Organization::from_parts(parts.clone()).unwrap(), org);

    let mut shuffled = parts.clone();
    shuffled.tokens.reverse();
    assert_eq!(Organization::from_parts(shuffled).unwrap(), org);

    let invalid = |tokens: Vec<ApiToken>| {
        let error = Organization::from_parts(OrganizationParts {
            tokens,
            ..parts.clone()
        })
        .unwrap_err();
        (error.path().to_owned(), error.kind())
    };
    assert_eq!(
        invalid(vec![
            token("a", Role::Viewer, None),
            token("b", Role::Owner, None)
        ]),
        ("tokens[1].role_id".to_owned(), "owner_token")
    );
    assert_eq!(
        invalid(vec![token("a", RoleRef::Custom(crid("ghost")), None)]),
        ("tokens[0].role_id".to_owned(), "unknown_role")
    );
    assert_eq!(
        invalid(vec![
            token("a", Role::Viewer, None),
            token("a", Role::Admin, None)
        ]),
        ("tokens[1].id".to_owned(), "duplicate")
    );
    assert_eq!(
        invalid(vec![ApiToken {
            description: "x".repeat(limits::TEXT + 1),
            ..token("a", Role::Viewer, None)
        }]),
        ("tokens[0].description".to_owned(), "too_long")
    );
}

// ----- tokens as actors -----

/// `org()` with one unexpiring token per built-in role but Owner (named
/// `t-` and the role's wire name in lower case) and `t-reader`, holding
/// the custom role `reader`; `t-late` (Admin) expires at `NOW + 60`.
fn org_with_tokens() -> Organization {
    let mut org = org();
    let owner = uid("owner");
    for role in Role::ALL.into_iter().filter(|&role| role != Role::Owner) {
        let id = format!("t-{}", role.to_string().to_lowercase());
        let _ = org
            .create_api_token(&owner, NOW, token(&id, role, None))
            .unwrap();
    }
    let reader = token("t-reader", RoleRef::Custom(crid("reader")), None);
    let late = token("t-late", Role::Admin, Some(NOW.plus_seconds(60)));
    for token in [reader, late] {
        let _ = org.create_api_token(&owner, NOW, token).unwrap();
    }
    org
}

#[test]
fn a_token_runs_commands_as_its_role_and_the_log_names_it() {
    let mut org = org_with_tokens();
    let admin = tid("t-admin");
    let recorded = org
        .invite(
            &admin,
            NOW,
            email("new@acme.dev"),
            Role::Developer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    assert_eq!(recorded.actor, Principal::ApiToken(admin.clone()));
    #[cfg(feature = "serde")]
    {
        let row = serde_json::to_value(&recorded).unwrap();
        assert_eq!(row["triggered_by"], "t-admin");
        assert_eq!(row["triggered_by_type"], "API_TOKEN");
        let read: Recorded = serde_json::from_value(row).unwrap();
        assert_eq!(read, recorded);
        // A user's row keeps the form it had: no `triggered_by_type`.
        let by_user = org.rename(&uid("owner"), NOW, name("Acme 2")).unwrap();
        let row = serde_json::to_value(&by_user).unwrap();
        assert_eq!(row.get("triggered_by_type"), None);
    }

    // A Developer token is a Developer: refused Production, and the
    // refusal names the token.
    let developer = tid("t-developer");
    let refused = org
        .delete_environment(&developer, NOW, &pid("p1"), &eid("e-prod"))
        .unwrap_err();
    assert_eq!(refused.kind(), "denied");
    assert!(
        refused
            .to_string()
            .starts_with("API token t-developer may not"),
        "{refused}"
    );
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_value(&refused).unwrap();
        assert_eq!(json["token"], "t-developer");
        assert_eq!(json.get("user"), None);
    }
    let _ = org
        .delete_environment(&developer, NOW, &pid("p1"), &eid("e-dev"))
        .unwrap();
}

#[test]
fn an_expired_token_and_an_unknown_one_are_refused_alike_on_every_command() {
    let world = org_with_tokens();
    let late = tid("t-late");
    let expiry = NOW.plus_seconds(60);
    // The same id, unknown (the token deleted) and expired: equal refusals.
    let mut deleted = world.clone();
    let _ = deleted.delete_api_token(&uid("owner"), NOW, &late).unwrap();
    for (_, _, command) in every_command() {
        if command == Command::PurgeExpired {
            continue; // needs no permission: whoever runs it is only logged
        }
        let mut expired = world.clone();
        let mut unknown = deleted.clone();
        let by_expired = expired.execute(&late, expiry, None, command.clone());
        let by_unknown = unknown.execute(&late, expiry, None, command.clone());
        let refusal = by_expired.expect_err("an expired token runs nothing");
        assert_eq!(refusal.kind(), "no_valid_token", "{command:?}");
        assert_eq!(Err(refusal), by_unknown, "{command:?}");
        assert_eq!(expired, world, "a refused command changes nothing");
    }
    // Just before its expiry it acts.
    let mut org = world.clone();
    assert!(
        org.rename(&late, NOW.plus_seconds(59), name("Renamed"))
            .is_ok()
    );
}

#[test]
fn only_a_user_accepts_an_invitation_leaves_or_transfers_ownership() {
    let mut org = org_with_tokens();
    let (admin, unknown) = (tid("t-admin"), tid("t-none"));
    let address = email("new@acme.dev");
    let _ = org
        .invite(
            &uid("owner"),
            NOW,
            address.clone(),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    let before = org.clone();
    for command in [
        Command::AcceptInvitation {
            email: address.clone(),
        },
        Command::Leave,
        Command::TransferOwnership { to: uid("admin") },
    ] {
        let by_token = org.execute(&admin, NOW, None, command.clone()).unwrap_err();
        assert_eq!(by_token.kind(), "not_a_user", "{command:?}");
        let by_unknown = org
            .execute(&unknown, NOW, None, command.clone())
            .unwrap_err();
        assert_eq!(by_unknown.kind(), "no_valid_token", "{command:?}");
        assert_eq!(org, before);
    }
    // The methods themselves refuse a token, as `execute` does.
    let kind = |e: MemberError| e.kind();
    let accept = org.accept_invitation(&admin, NOW, &address).map_err(kind);
    assert_eq!(accept.unwrap_err(), "not_a_user");
    assert_eq!(
        org.leave(&admin, NOW).map_err(kind).unwrap_err(),
        "not_a_user"
    );
    let transfer = org.transfer_ownership(&unknown, NOW, &uid("admin"));
    assert_eq!(transfer.map_err(kind).unwrap_err(), "no_valid_token");
    assert_eq!(org, before);
}

#[test]
fn through_a_token_nobody_gains_what_its_creator_lacked() {
    let mut org = org_with_tokens();
    let devops = tid("t-devops");
    // A DevOps token mints what a DevOps may, and nothing above it.
    let _ = org
        .create_api_token(&devops, NOW, token("t-2", Role::DevOps, None))
        .unwrap();
    for role in [Role::Owner, Role::Admin, Role::BillingManager] {
        let refused = org
            .create_api_token(&devops, NOW, token("t-3", role, None))
            .unwrap_err();
        assert_eq!(refused.kind(), "denied", "{role}");
    }
    // It invites nobody, changes no role and defines no role.
    let refused = org
        .invite(
            &devops,
            NOW,
            email("x@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap_err();
    assert_eq!(refused.kind(), "denied");
    let refused = org
        .change_role(&devops, NOW, &uid("dev"), Role::DevOps)
        .unwrap_err();
    assert_eq!(refused.kind(), "denied");
    // A custom-role token manages no token.
    let refused = org
        .create_api_token(&tid("t-reader"), NOW, token("t-4", Role::Viewer, None))
        .unwrap_err();
    assert_eq!(refused.kind(), "denied");
    // A token may delete itself; then it is no token at all.
    let _ = org.delete_api_token(&devops, NOW, &devops).unwrap();
    let refused = org.delete_api_token(&devops, NOW, &tid("t-2")).unwrap_err();
    assert_eq!(refused.kind(), "no_valid_token");
}

#[test]
fn allowed_and_tokens_who_can_agree_with_check_token() {
    let org = org_with_tokens();
    let later = NOW.plus_seconds(60);
    for now in [NOW, later] {
        with_resources(|resource| {
            for token in org.tokens() {
                let allowed = org.allowed_token(&token.id, now, resource);
                for action in Action::ALL {
                    let decision = org.check_token(&token.id, now, action, resource);
                    let row = match &decision {
                        Decision::Allowed { permission, .. } => *permission,
                        Decision::Denied(denial) => denial.permission,
                    };
                    assert_eq!(
                        decision.is_allowed(),
                        allowed.contains(row) && !row.is_empty(),
                        "{}: {action} on {resource:?} at {now}",
                        token.id
                    );
                }
            }
            for action in Action::ALL {
                let listed: Vec<&str> = org
                    .tokens_who_can(action, resource, now)
                    .map(|token| token.id.as_str())
                    .collect();
                let checked: Vec<&str> = org
                    .tokens()
                    .iter()
                    .filter(|token| {
                        org.check_token(&token.id, now, action, resource)
                            .is_allowed()
                    })
                    .map(|token| token.id.as_str())
                    .collect();
                assert_eq!(listed, checked, "{action} on {resource:?} at {now}");
            }
        });
    }
    // The expired token is listed before its expiry only.
    let admins = |now| {
        org.tokens_who_can(Action::EditOrganization, Resource::Organization, now)
            .map(|token| token.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(admins(NOW), ["t-admin", "t-late"]);
    assert_eq!(admins(later), ["t-admin"]);
    assert_eq!(
        org.allowed_token(&tid("t-late"), later, Resource::Organization),
        Permission::empty()
    );
}
