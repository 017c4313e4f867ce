//! Every rule of the organization, and a test per refusal.

mod common;

use common::*;
use orgmodel::*;

/// Runs a command that must be refused, and checks it changed nothing.
fn refused<T: std::fmt::Debug>(
    org: &mut Organization,
    command: impl FnOnce(&mut Organization) -> Result<T, CommandError>,
) -> CommandError {
    let before = org.clone();
    let error = command(org).expect_err("the command should be refused");
    assert_eq!(*org, before, "a refused command changed the organization");
    error
}

#[test]
fn a_new_organization_has_its_creator_as_only_owner() {
    let org = owned_by("o", "ada");
    assert_eq!(org.owner().id, uid("ada"));
    assert_eq!(org.owner().role, Role::Owner);
    assert_eq!(org.member_count(), 1);
    assert_eq!(org.members().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.default_cluster(), None);
}

#[test]
fn names_are_non_empty_and_compared_case_insensitively() {
    assert!(matches!(Name::new(""), Err(InvalidValue::BlankName { .. })));
    assert!(matches!(
        Name::new(" \t"),
        Err(InvalidValue::BlankName { .. })
    ));
    assert_eq!(name("Acme"), name("ACME"));
    assert_eq!(name("ÉCOLE"), name("école"));
    assert_ne!(name("Acme"), name("Acme Corp"));
    assert_eq!(name("Acme").to_string(), "Acme");
}

#[test]
fn ids_are_opaque_non_empty_strings() {
    assert_eq!(
        UserId::new(""),
        Err(InvalidValue::EmptyId { kind: "user id" })
    );
    assert_eq!(uid(" x ").as_str(), " x ");
    assert_ne!(uid("A"), uid("a"), "ids are opaque: no case folding");
}

#[test]
fn emails_are_syntactically_checked() {
    for bad in [
        "",
        "ada",
        "@acme.dev",
        "ada@",
        "ada@acme",
        "ada@@acme.dev",
        "a da@acme.dev",
        "ada@acme..dev",
        "ada@.dev",
    ] {
        assert!(
            matches!(Email::new(bad), Err(InvalidValue::Email { .. })),
            "{bad:?} should be refused"
        );
    }
    for good in ["ada@acme.dev", "a.b+c@mail.acme.co.uk", "ÉLODIE@exemple.fr"] {
        assert!(Email::new(good).is_ok(), "{good:?} should be accepted");
    }
    assert_eq!(email("Ada@ACME.dev"), email("ada@acme.DEV"));
}

// ----- plans -----

#[test]
fn plans_deploy_on_own_accounts_except_community() {
    for plan in [
        Plan::Free,
        Plan::Professional,
        Plan::Business,
        Plan::Enterprise,
    ] {
        assert!(plan.allows_cloud_accounts(), "{plan}");
    }
    assert!(!Plan::Community.allows_cloud_accounts());
}

fn account(id: &str) -> CloudAccount {
    CloudAccount {
        id: id.parse().unwrap(),
        name: name(id),
        cloud_provider: CloudProvider::Aws,
    }
}

#[test]
fn community_cannot_add_a_cloud_account() {
    let mut org = acme();
    org.change_plan(&uid("owner"), Plan::Community).unwrap();
    let error = refused(&mut org, |o| {
        o.add_cloud_account(&uid("owner"), account("aws-1"))
    });
    assert_eq!(
        error,
        CommandError::PlanForbidsCloudAccounts {
            plan: Plan::Community,
            accounts: 0
        }
    );
}

#[test]
fn moving_to_community_is_refused_while_accounts_are_connected() {
    let mut org = acme();
    org.add_cloud_account(&uid("admin"), account("aws-1"))
        .unwrap();
    let error = refused(&mut org, |o| o.change_plan(&uid("owner"), Plan::Community));
    assert_eq!(
        error,
        CommandError::PlanForbidsCloudAccounts {
            plan: Plan::Community,
            accounts: 1
        }
    );
    org.remove_cloud_account(&uid("admin"), &"aws-1".parse().unwrap())
        .unwrap();
    org.change_plan(&uid("owner"), Plan::Community).unwrap();
    assert_eq!(org.plan(), Plan::Community);
}

#[test]
fn cloud_accounts_are_unique_and_need_edit_organization() {
    let mut org = acme();
    org.add_cloud_account(&uid("admin"), account("aws-1"))
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o
            .add_cloud_account(&uid("owner"), account("aws-1"))),
        CommandError::CloudAccountExists {
            account: "aws-1".parse().unwrap()
        }
    );
    assert_eq!(
        refused(&mut org, |o| o
            .remove_cloud_account(&uid("owner"), &"gcp".parse().unwrap())),
        CommandError::NoSuchCloudAccount {
            account: "gcp".parse().unwrap()
        }
    );
    let error = refused(&mut org, |o| {
        o.add_cloud_account(&uid("dev"), account("aws-2"))
    });
    assert_eq!(denial(&error).missing, Permission::EDIT_ORGANIZATION);
    assert_eq!(denial(&error).least_role, Some(Role::Admin));
    assert_eq!(org.cloud_accounts().len(), 1);
}

#[test]
fn billing_needs_manage_billing() {
    let mut org = acme();
    org.change_plan(&uid("admin"), Plan::Enterprise).unwrap();
    assert_eq!(org.plan(), Plan::Enterprise);
    let error = refused(&mut org, |o| o.change_plan(&uid("dev"), Plan::Free));
    assert_eq!(denial(&error).missing, Permission::MANAGE_BILLING);
}

#[test]
fn editing_the_organization_needs_edit_organization() {
    let mut org = acme();
    org.rename(&uid("admin"), name("Acme Inc")).unwrap();
    org.set_description(&uid("owner"), Some("Shop".into()))
        .unwrap();
    assert_eq!(
        (org.name().as_str(), org.description()),
        ("Acme Inc", Some("Shop"))
    );
    refused(&mut org, |o| o.rename(&uid("dev"), name("Mine")));
    refused(&mut org, |o| o.set_description(&uid("viewer"), None));
}

// ----- members and invitations -----

#[test]
fn an_invitation_becomes_a_membership_with_its_role() {
    let mut org = acme();
    org.invite(
        &uid("admin"),
        email("eve@acme.dev"),
        Role::Admin,
        NOW.plus_seconds(DAY),
    )
    .unwrap();
    assert_eq!(org.invitations().len(), 1);
    let role = org
        .accept_invitation(
            uid("eve"),
            &email("EVE@acme.dev"),
            NOW.plus_seconds(DAY - 1),
        )
        .unwrap();
    assert_eq!(role, Role::Admin);
    assert_eq!(org.role_of(&uid("eve")), Some(Role::Admin));
    assert_eq!(
        org.member(&uid("eve")).unwrap().email.as_str(),
        "eve@acme.dev"
    );
    assert!(org.invitations().is_empty());
}

#[test]
fn nobody_can_invite_as_owner() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("owner"),
            email("eve@acme.dev"),
            Role::Owner,
            NOW
        )),
        CommandError::OwnerOnlyByTransfer
    );
}

#[test]
fn inviting_needs_invite_members() {
    let mut org = acme();
    for user in ["dev", "viewer"] {
        let error = refused(&mut org, |o| {
            o.invite(&uid(user), email("eve@acme.dev"), Role::Viewer, NOW)
        });
        assert_eq!(denial(&error).missing, Permission::INVITE_MEMBERS);
    }
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("stranger"),
            email("eve@acme.dev"),
            Role::Viewer,
            NOW
        )),
        CommandError::NotAMember {
            user: uid("stranger")
        }
    );
}

#[test]
fn inviting_a_member_or_a_pending_address_is_an_error() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("owner"),
            email("DEV@acme.dev"),
            Role::Viewer,
            NOW
        )),
        CommandError::AlreadyAMember {
            email: email("dev@acme.dev")
        }
    );
    org.invite(
        &uid("owner"),
        email("eve@acme.dev"),
        Role::Viewer,
        NOW.plus_seconds(DAY),
    )
    .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("admin"),
            email("Eve@Acme.dev"),
            Role::Developer,
            NOW
        )),
        CommandError::AlreadyInvited {
            email: email("eve@acme.dev")
        }
    );
}

#[test]
fn an_expired_invitation_cannot_be_accepted() {
    let mut org = acme();
    let expiry = NOW.plus_seconds(DAY);
    org.invite(&uid("owner"), email("eve@acme.dev"), Role::Viewer, expiry)
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.accept_invitation(
            uid("eve"),
            &email("eve@acme.dev"),
            expiry
        )),
        CommandError::InvitationExpired {
            email: email("eve@acme.dev"),
            expired_at: expiry
        }
    );
}

#[test]
fn accepting_needs_a_pending_invitation_and_a_new_user() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.accept_invitation(
            uid("eve"),
            &email("eve@acme.dev"),
            NOW
        )),
        CommandError::NoSuchInvitation {
            email: email("eve@acme.dev")
        }
    );
    org.invite(
        &uid("owner"),
        email("eve@acme.dev"),
        Role::Viewer,
        NOW.plus_seconds(DAY),
    )
    .unwrap();
    for existing in ["dev", "owner"] {
        assert_eq!(
            refused(&mut org, |o| o.accept_invitation(
                uid(existing),
                &email("eve@acme.dev"),
                NOW
            )),
            CommandError::UserAlreadyAMember {
                user: uid(existing)
            }
        );
    }
}

#[test]
fn revoking_an_invitation() {
    let mut org = acme();
    org.invite(
        &uid("owner"),
        email("eve@acme.dev"),
        Role::Viewer,
        NOW.plus_seconds(DAY),
    )
    .unwrap();
    refused(&mut org, |o| {
        o.revoke_invitation(&uid("dev"), &email("eve@acme.dev"))
    });
    let revoked = org
        .revoke_invitation(&uid("admin"), &email("EVE@acme.dev"))
        .unwrap();
    assert_eq!(revoked.role, Role::Viewer);
    assert_eq!(
        refused(&mut org, |o| o
            .revoke_invitation(&uid("admin"), &email("eve@acme.dev"))),
        CommandError::NoSuchInvitation {
            email: email("eve@acme.dev")
        }
    );
}

#[test]
fn changing_roles() {
    let mut org = acme();
    org.change_role(&uid("admin"), &uid("viewer"), Role::Admin)
        .unwrap();
    assert_eq!(org.role_of(&uid("viewer")), Some(Role::Admin));
    org.change_role(&uid("admin"), &uid("admin"), Role::Viewer)
        .unwrap();
    assert_eq!(org.role_of(&uid("admin")), Some(Role::Viewer));
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("owner"),
            &uid("dev"),
            Role::Owner
        )),
        CommandError::OwnerOnlyByTransfer
    );
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("viewer"),
            &uid("owner"),
            Role::Viewer
        )),
        CommandError::OwnerIsFixed { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("owner"),
            &uid("ghost"),
            Role::Viewer
        )),
        CommandError::NoSuchMember { user: uid("ghost") }
    );
    for user in ["dev", "admin"] {
        let error = refused(&mut org, |o| {
            o.change_role(&uid(user), &uid("dev"), Role::Admin)
        });
        assert!(matches!(error, CommandError::Denied { .. }), "{user}");
    }
}

#[test]
fn removing_members() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.remove_member(&uid("admin"), &uid("owner"))),
        CommandError::OwnerIsFixed { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.remove_member(&uid("admin"), &uid("ghost"))),
        CommandError::NoSuchMember { user: uid("ghost") }
    );
    refused(&mut org, |o| o.remove_member(&uid("dev"), &uid("viewer")));
    let removed = org.remove_member(&uid("admin"), &uid("viewer")).unwrap();
    assert_eq!(removed.id, uid("viewer"));
    assert_eq!(org.role_of(&uid("viewer")), None);
}

#[test]
fn leaving() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.leave(&uid("owner"))),
        CommandError::OwnerCannotLeave { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.leave(&uid("ghost"))),
        CommandError::NotAMember { user: uid("ghost") }
    );
    org.leave(&uid("viewer")).unwrap();
    assert_eq!(org.member_count(), 3);
}

#[test]
fn ownership_moves_only_by_transfer_from_the_owner() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o
            .transfer_ownership(&uid("admin"), &uid("admin"))),
        CommandError::NotTheOwner { user: uid("admin") }
    );
    assert_eq!(
        refused(&mut org, |o| o
            .transfer_ownership(&uid("ghost"), &uid("admin"))),
        CommandError::NotAMember { user: uid("ghost") }
    );
    assert_eq!(
        refused(&mut org, |o| o
            .transfer_ownership(&uid("owner"), &uid("ghost"))),
        CommandError::NoSuchMember { user: uid("ghost") }
    );
    org.transfer_ownership(&uid("owner"), &uid("viewer"))
        .unwrap();
    assert_eq!(org.owner().id, uid("viewer"));
    assert_eq!(org.role_of(&uid("viewer")), Some(Role::Owner));
    assert_eq!(org.role_of(&uid("owner")), Some(Role::Admin));
    assert_eq!(org.members().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.member_count(), 4);
    // The former owner may now leave; the new one may not.
    org.leave(&uid("owner")).unwrap();
    refused(&mut org, |o| o.leave(&uid("viewer")));
}

#[test]
fn transferring_to_oneself_changes_nothing() {
    let mut org = acme();
    let before = org.clone();
    org.transfer_ownership(&uid("owner"), &uid("owner"))
        .unwrap();
    assert_eq!(org, before);
}

#[test]
fn deleting_the_organization_is_the_owners_alone_and_confirmed_by_its_exact_name() {
    let org = acme();
    org.confirm_deletion(&uid("owner"), "Acme").unwrap();
    assert_eq!(
        org.confirm_deletion(&uid("owner"), "acme"),
        Err(CommandError::ConfirmationMismatch {
            expected: "Acme".into(),
            typed: "acme".into()
        })
    );
    assert!(matches!(
        org.confirm_deletion(&uid("owner"), "Acme "),
        Err(CommandError::ConfirmationMismatch { .. })
    ));
    let denied = org.confirm_deletion(&uid("admin"), "Acme").unwrap_err();
    assert_eq!(denial(&denied).least_role, Some(Role::Owner));
    assert_eq!(
        org.confirm_deletion(&uid("ghost"), "Acme"),
        Err(CommandError::NotAMember { user: uid("ghost") })
    );
}

// ----- clusters -----

#[test]
fn the_default_cluster_is_the_first_installed_that_still_exists() {
    let mut org = acme();
    let owner = uid("owner");
    assert_eq!(org.default_cluster(), None);
    org.add_cluster(&owner, cluster("c1")).unwrap();
    org.add_cluster(&owner, cluster("c2")).unwrap();
    org.add_cluster(&owner, cluster("c3")).unwrap();
    assert_eq!(
        org.default_cluster().unwrap().id,
        cid("c1"),
        "adding never changes the default"
    );
    org.delete_cluster(&owner, &cid("c2")).unwrap();
    assert_eq!(org.default_cluster().unwrap().id, cid("c1"));
    org.delete_cluster(&owner, &cid("c1")).unwrap();
    assert_eq!(
        org.default_cluster().unwrap().id,
        cid("c3"),
        "the next oldest becomes the default"
    );
    let order: Vec<_> = org.clusters().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(order, ["c3"]);
}

#[test]
fn cluster_names_and_ids_are_unique() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    let mut same_name = cluster("c9");
    same_name.name = name("C1");
    assert_eq!(
        refused(&mut org, |o| o.add_cluster(&owner, same_name)),
        CommandError::ClusterNameTaken {
            name: name("c1"),
            cluster: cid("c1")
        }
    );
    let mut same_id = cluster("c1");
    same_id.name = name("other");
    assert_eq!(
        refused(&mut org, |o| o.add_cluster(&owner, same_id)),
        CommandError::ClusterExists { cluster: cid("c1") }
    );
}

#[test]
fn managing_clusters_needs_edit_organization() {
    let mut org = acme_with_infra();
    for user in ["dev", "viewer"] {
        let u = uid(user);
        for error in [
            refused(&mut org, |o| o.add_cluster(&u, cluster("c9"))),
            refused(&mut org, |o| o.stop_cluster(&u, &cid("c1"))),
            refused(&mut org, |o| o.start_cluster(&u, &cid("c1"))),
            refused(&mut org, |o| {
                o.update_cluster(
                    &u,
                    &cid("c1"),
                    ClusterSettings {
                        name: name("x"),
                        region: "us".into(),
                    },
                )
            }),
            refused(&mut org, |o| o.delete_cluster(&u, &cid("c1"))),
        ] {
            assert_eq!(denial(&error).missing, Permission::EDIT_ORGANIZATION);
        }
    }
}

#[test]
fn stopping_and_starting_change_only_the_state() {
    let mut org = acme_with_infra();
    let admin = uid("admin");
    let before = org.cluster(&cid("c1")).unwrap().clone();
    org.stop_cluster(&admin, &cid("c1")).unwrap();
    let stopped = org.cluster(&cid("c1")).unwrap().clone();
    assert_eq!(stopped.state, ClusterState::Stopped);
    assert_eq!(
        Cluster {
            state: ClusterState::Running,
            ..stopped
        },
        before
    );
    org.stop_cluster(&admin, &cid("c1")).unwrap(); // idempotent
    org.start_cluster(&admin, &cid("c1")).unwrap();
    assert_eq!(*org.cluster(&cid("c1")).unwrap(), before);
    assert_eq!(
        refused(&mut org, |o| o.stop_cluster(&admin, &cid("nope"))),
        CommandError::NoSuchCluster {
            cluster: cid("nope")
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.start_cluster(&admin, &cid("nope"))),
        CommandError::NoSuchCluster {
            cluster: cid("nope")
        }
    );
}

#[test]
fn a_stopped_cluster_stays_a_placement_target() {
    let mut org = acme_with_infra();
    org.stop_cluster(&uid("admin"), &cid("c1")).unwrap();
    let env = org
        .create_environment(
            &uid("dev"),
            &pid("p1"),
            eid("e1"),
            &CreateEnvironmentRequest::new("feature"),
        )
        .unwrap();
    assert_eq!(env.cluster_id, cid("c1"));
}

#[test]
fn updating_cluster_settings() {
    let mut org = acme_with_infra();
    let admin = uid("admin");
    org.update_cluster(
        &admin,
        &cid("c1"),
        ClusterSettings {
            name: name("Main"),
            region: "us-east-1".into(),
        },
    )
    .unwrap();
    let c1 = org.cluster(&cid("c1")).unwrap();
    assert_eq!((c1.name.as_str(), &*c1.region), ("Main", "us-east-1"));
    // Keeping its own name (in another case) is fine; taking another's is not.
    org.update_cluster(
        &admin,
        &cid("c1"),
        ClusterSettings {
            name: name("MAIN"),
            region: "us-east-1".into(),
        },
    )
    .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.update_cluster(
            &admin,
            &cid("c1"),
            ClusterSettings {
                name: name("C2"),
                region: "x".into()
            }
        )),
        CommandError::ClusterNameTaken {
            name: name("c2"),
            cluster: cid("c2")
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.update_cluster(
            &admin,
            &cid("c7"),
            ClusterSettings {
                name: name("n"),
                region: "x".into()
            }
        )),
        CommandError::NoSuchCluster { cluster: cid("c7") }
    );
}

#[test]
fn a_cluster_in_use_cannot_be_deleted_and_the_error_names_what_blocks_it() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    org.add_rule(
        &owner,
        &pid("p1"),
        rule("r-prod", "prod*", Mode::Production, "c2", 0),
    )
    .unwrap();
    org.create_environment(
        &owner,
        &pid("p1"),
        eid("e-prod"),
        &CreateEnvironmentRequest::new("prod-eu"),
    )
    .unwrap();
    org.create_environment(
        &owner,
        &pid("p1"),
        eid("e-dev"),
        &CreateEnvironmentRequest::new("dev"),
    )
    .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, &cid("c2"))),
        CommandError::ClusterInUse {
            cluster: cid("c2"),
            environments: vec![eid("e-prod")],
            rules: vec![rid("r-prod")]
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, &cid("c1"))),
        CommandError::ClusterInUse {
            cluster: cid("c1"),
            environments: vec![eid("e-dev")],
            rules: vec![]
        }
    );
    org.delete_environment(&owner, &pid("p1"), &eid("e-prod"))
        .unwrap();
    org.remove_rule(&owner, &pid("p1"), &rid("r-prod")).unwrap();
    assert_eq!(
        org.delete_cluster(&owner, &cid("c2")).unwrap().id,
        cid("c2")
    );
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, &cid("c2"))),
        CommandError::NoSuchCluster { cluster: cid("c2") }
    );
}

#[test]
fn the_cluster_in_use_message_names_environments_and_rules() {
    let error = CommandError::ClusterInUse {
        cluster: cid("c2"),
        environments: vec![eid("e-prod")],
        rules: vec![rid("r-prod")],
    };
    insta::assert_snapshot!(error.to_string(), @"cluster c2 is still targeted by environments [e-prod] and deployment rules [r-prod]");
}

// ----- projects -----

#[test]
fn projects_are_unique_and_need_edit_then_delete_project() {
    let mut org = acme_with_infra();
    org.add_project(&uid("dev"), pid("p2"), name("Blog"))
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.add_project(
            &uid("dev"),
            pid("p2"),
            name("Other")
        )),
        CommandError::ProjectExists { project: pid("p2") }
    );
    assert_eq!(
        refused(&mut org, |o| o.add_project(
            &uid("dev"),
            pid("p3"),
            name("BLOG")
        )),
        CommandError::ProjectNameTaken {
            name: name("blog"),
            project: pid("p2")
        }
    );
    refused(&mut org, |o| {
        o.add_project(&uid("viewer"), pid("p3"), name("x"))
    });
    let error = refused(&mut org, |o| o.delete_project(&uid("dev"), &pid("p2")));
    assert_eq!(denial(&error).missing, Permission::DELETE_PROJECT);
    assert_eq!(
        org.delete_project(&uid("admin"), &pid("p2"))
            .unwrap()
            .name()
            .as_str(),
        "Blog"
    );
    assert_eq!(
        refused(&mut org, |o| o.delete_project(&uid("admin"), &pid("p2"))),
        CommandError::NoSuchProject { project: pid("p2") }
    );
}

#[test]
fn deleting_a_project_frees_its_clusters() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    org.add_rule(&owner, &pid("p1"), rule("r", "*", Mode::Staging, "c2", 0))
        .unwrap();
    org.create_environment(
        &owner,
        &pid("p1"),
        eid("e"),
        &CreateEnvironmentRequest::new("x"),
    )
    .unwrap();
    org.delete_project(&owner, &pid("p1")).unwrap();
    org.delete_cluster(&owner, &cid("c2")).unwrap();
}

// ----- change organization -----

#[test]
fn a_user_switches_only_to_organizations_they_belong_to() {
    let acme = acme();
    let other = owned_by("globex", "dev");
    let third = owned_by("initech", "bill");
    let mut dev = UserContext::new(uid("dev"));
    let mine: Vec<_> = dev
        .organizations([&acme, &other, &third])
        .map(|o| o.id().as_str())
        .collect();
    assert_eq!(mine, ["acme", "globex"]);
    assert_eq!(dev.current(), None);
    dev.switch_to(&other).unwrap();
    dev.switch_to(&acme).unwrap();
    assert_eq!(dev.current().unwrap().as_str(), "acme");
    assert_eq!(
        dev.switch_to(&third),
        Err(SwitchError::NotAMember {
            user: uid("dev"),
            organization: "initech".parse().unwrap()
        })
    );
    assert_eq!(
        dev.current().unwrap().as_str(),
        "acme",
        "a refused switch keeps the current organization"
    );
}

#[test]
fn a_member_holds_one_role_per_organization() {
    let acme = acme();
    let other = owned_by("globex", "dev");
    assert_eq!(acme.role_of(&uid("dev")), Some(Role::Developer));
    assert_eq!(other.role_of(&uid("dev")), Some(Role::Owner));
    // Owner elsewhere grants nothing here.
    assert!(
        !acme
            .check(
                &uid("dev"),
                Action::DeleteOrganization,
                Resource::Organization
            )
            .is_allowed()
    );
}

#[test]
fn error_messages_name_what_and_which() {
    let mut org = acme();
    let denied = org
        .invite(&uid("dev"), email("eve@acme.dev"), Role::Viewer, NOW)
        .unwrap_err();
    insta::assert_snapshot!(denied.to_string(), @"user dev may not do this: a Developer lacks “Invite members”; an Admin or above has it");
    let expired = CommandError::InvitationExpired {
        email: email("eve@acme.dev"),
        expired_at: NOW,
    };
    insta::assert_snapshot!(expired.to_string(), @"the invitation for eve@acme.dev expired at Unix time 1700000000");
}
