//! Cloud accounts and clusters: lifecycle, the default cluster, uniqueness.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn community_cannot_add_a_cloud_account() {
    let mut org = acme();
    org.change_plan(&uid("owner"), NOW, Plan::Community)
        .unwrap();
    let error = refused(&mut org, |o| {
        o.add_cloud_account(&uid("owner"), NOW, account("aws-1"))
    });
    assert_eq!(
        error,
        ClusterError::PlanForbidsCloudAccounts {
            plan: Plan::Community
        }
    );
}

#[test]
fn cloud_accounts_are_unique_and_need_edit_organization() {
    let mut org = acme();
    let _ = org
        .add_cloud_account(&uid("admin"), NOW, account("aws-1"))
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.add_cloud_account(
            &uid("owner"),
            NOW,
            account("aws-1")
        )),
        ClusterError::CloudAccountExists {
            account: "aws-1".parse().unwrap()
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.remove_cloud_account(
            &uid("owner"),
            NOW,
            &"gcp".parse().unwrap()
        )),
        ClusterError::NoSuchCloudAccount {
            account: "gcp".parse().unwrap()
        }
    );
    let error = refused(&mut org, |o| {
        o.add_cloud_account(&uid("dev"), NOW, account("aws-2"))
    });
    assert_eq!(denial(&error).capability, Capability::MANAGE_CLUSTERS);
    assert_eq!(
        denial(&error).holders,
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS
    );
    assert_eq!(org.cloud_accounts().len(), 1);
}

#[test]
fn the_default_cluster_is_the_first_installed_that_still_exists() {
    let mut org = acme();
    let owner = uid("owner");
    assert_eq!(org.default_cluster(), None);
    let _ = org.add_cluster(&owner, NOW, cluster("c1")).unwrap();
    let _ = org.add_cluster(&owner, NOW, cluster("c2")).unwrap();
    let _ = org.add_cluster(&owner, NOW, cluster("c3")).unwrap();
    assert_eq!(
        org.default_cluster().unwrap().id,
        cid("c1"),
        "adding never changes the default"
    );
    let _ = org.delete_cluster(&owner, NOW, &cid("c2")).unwrap();
    assert_eq!(org.default_cluster().unwrap().id, cid("c1"));
    let _ = org.delete_cluster(&owner, NOW, &cid("c1")).unwrap();
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
        refused(&mut org, |o| o.add_cluster(&owner, NOW, same_name)),
        ClusterError::ClusterNameTaken {
            name: name("C1"),
            cluster: cid("c1")
        }
    );
    let mut same_id = cluster("c1");
    same_id.name = name("other");
    assert_eq!(
        refused(&mut org, |o| o.add_cluster(&owner, NOW, same_id)),
        ClusterError::ClusterExists { cluster: cid("c1") }
    );
}

#[test]
fn managing_clusters_is_for_owner_admin_and_devops() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    for (user, role) in [("ops", Role::DevOps), ("billing", Role::BillingManager)] {
        let address = email(&format!("{user}@acme.dev"));
        let _ = org
            .invite(&owner, NOW, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        let _ = org.accept_invitation(&uid(user), NOW, &address).unwrap();
    }
    for user in ["dev", "viewer", "billing"] {
        let u = uid(user);
        for error in [
            refused(&mut org, |o| o.add_cluster(&u, NOW, cluster("c9"))),
            refused(&mut org, |o| o.stop_cluster(&u, NOW, &cid("c1"))),
            refused(&mut org, |o| o.start_cluster(&u, NOW, &cid("c1"))),
            refused(&mut org, |o| {
                o.update_cluster(
                    &u,
                    NOW,
                    &cid("c1"),
                    ClusterSettings {
                        name: name("x"),
                        region: "us".into(),
                    },
                )
            }),
            refused(&mut org, |o| o.delete_cluster(&u, NOW, &cid("c1"))),
            refused(&mut org, |o| o.add_cloud_account(&u, NOW, account("aws-9"))),
        ] {
            let denial = denial(&error);
            assert_eq!(denial.capability, Capability::MANAGE_CLUSTERS);
            assert!(denial.missing.is_empty(), "no row of the table is asked");
            assert_eq!(
                denial.holders,
                RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS
            );
        }
    }
    // A DevOps manages clusters and cloud accounts without Edit organization.
    let ops = uid("ops");
    assert!(!Role::DevOps.can(Permission::EDIT_ORGANIZATION));
    let _ = org.add_cluster(&ops, NOW, cluster("c9")).unwrap();
    let _ = org.stop_cluster(&ops, NOW, &cid("c9")).unwrap();
    let _ = org.add_cloud_account(&ops, NOW, account("aws-9")).unwrap();
    let _ = org
        .remove_cloud_account(&ops, NOW, &"aws-9".parse().unwrap())
        .unwrap();
    let _ = org.delete_cluster(&ops, NOW, &cid("c9")).unwrap();
}

#[test]
fn stopping_and_starting_change_only_the_state() {
    let mut org = acme_with_infra();
    let admin = uid("admin");
    let before = org.cluster(&cid("c1")).unwrap().clone();
    org.stop_cluster(&admin, NOW, &cid("c1")).unwrap();
    let stopped = org.cluster(&cid("c1")).unwrap().clone();
    assert_eq!(stopped.state, ClusterState::Stopped);
    assert_eq!(
        Cluster {
            state: ClusterState::Running,
            ..stopped
        },
        before
    );
    org.stop_cluster(&admin, NOW, &cid("c1")).unwrap(); // idempotent
    org.start_cluster(&admin, NOW, &cid("c1")).unwrap();
    assert_eq!(*org.cluster(&cid("c1")).unwrap(), before);
    assert_eq!(
        refused(&mut org, |o| o.stop_cluster(&admin, NOW, &cid("nope"))),
        ClusterError::NoSuchCluster {
            cluster: cid("nope")
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.start_cluster(&admin, NOW, &cid("nope"))),
        ClusterError::NoSuchCluster {
            cluster: cid("nope")
        }
    );
}

#[test]
fn a_stopped_cluster_stays_a_placement_target() {
    let mut org = acme_with_infra();
    org.stop_cluster(&uid("admin"), NOW, &cid("c1")).unwrap();
    let env = org
        .create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e1"),
            &CreateEnvironmentRequest::new("feature"),
        )
        .unwrap();
    assert_eq!(env.environment().unwrap().cluster_id, cid("c1"));
}

#[test]
fn updating_cluster_settings() {
    let mut org = acme_with_infra();
    let admin = uid("admin");
    org.update_cluster(
        &admin,
        NOW,
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
        NOW,
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
            NOW,
            &cid("c1"),
            ClusterSettings {
                name: name("C2"),
                region: "x".into()
            }
        )),
        ClusterError::ClusterNameTaken {
            name: name("C2"),
            cluster: cid("c2")
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.update_cluster(
            &admin,
            NOW,
            &cid("c7"),
            ClusterSettings {
                name: name("n"),
                region: "x".into()
            }
        )),
        ClusterError::NoSuchCluster { cluster: cid("c7") }
    );
}

#[test]
fn a_cluster_in_use_cannot_be_deleted_and_the_error_names_what_blocks_it() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
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
            &CreateEnvironmentRequest::new("prod-eu"),
        )
        .unwrap();
    let _ = org
        .create_environment(
            &owner,
            NOW,
            &pid("p1"),
            eid("e-dev"),
            &CreateEnvironmentRequest::new("dev"),
        )
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, NOW, &cid("c2"))),
        ClusterError::ClusterInUse {
            cluster: cid("c2"),
            environments: vec![eid("e-prod")],
            environment_count: 1,
            rules: vec![rid("r-prod")],
            rule_count: 1,
        }
    );
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, NOW, &cid("c1"))),
        ClusterError::ClusterInUse {
            cluster: cid("c1"),
            environments: vec![eid("e-dev")],
            environment_count: 1,
            rules: vec![],
            rule_count: 0,
        }
    );
    let _ = org
        .delete_environment(&owner, NOW, &pid("p1"), &eid("e-prod"))
        .unwrap();
    let _ = org
        .remove_rule(&owner, NOW, &pid("p1"), &rid("r-prod"))
        .unwrap();
    assert_eq!(
        org.delete_cluster(&owner, NOW, &cid("c2")).unwrap().event,
        Event::ClusterDeleted { cluster: cid("c2") }
    );
    assert_eq!(
        refused(&mut org, |o| o.delete_cluster(&owner, NOW, &cid("c2"))),
        ClusterError::NoSuchCluster { cluster: cid("c2") }
    );
}

#[test]
fn the_cluster_in_use_message_names_environments_and_rules() {
    let error = ClusterError::ClusterInUse {
        cluster: cid("c2"),
        environments: vec![eid("e-prod")],
        environment_count: 1,
        rules: vec![rid("r-prod")],
        rule_count: 1,
    };
    insta::assert_snapshot!(error.to_string(), @"cluster c2 is still targeted by environments [e-prod] and deployment rules [r-prod]");
}

#[test]
fn a_cluster_in_use_by_thousands_names_three_of_each_and_counts_them() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    for i in 0..2_000 {
        let request = CreateEnvironmentRequest::new(format!("env-{i}")).on_cluster(cid("c2"));
        let _ = org
            .create_environment(&owner, NOW, &pid("p1"), eid(&format!("e{i}")), &request)
            .unwrap();
    }
    let error = refused(&mut org, |o| o.delete_cluster(&owner, NOW, &cid("c2")));
    let ClusterError::ClusterInUse {
        environments,
        environment_count,
        rules,
        rule_count,
        ..
    } = &error
    else {
        panic!("{error}");
    };
    assert_eq!(environments, &[eid("e0"), eid("e1"), eid("e2")]);
    assert_eq!(
        (*environment_count, rules.len(), *rule_count),
        (2_000, 0, 0)
    );
    insta::assert_snapshot!(error.to_string(), @"cluster c2 is still targeted by environments [e0, e1, e2, and 1997 more] and deployment rules []");
    assert!(format!("{error:?}").len() < 512);
}
