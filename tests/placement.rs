//! `resolve_target_cluster` and `create_environment`, sentence by sentence.

mod common;

use common::*;
use orgmodel::*;
use proptest::prelude::*;

fn clusters(ids: &[&str]) -> Vec<Cluster> {
    ids.iter().map(|id| cluster(id)).collect()
}

fn request(name: &str) -> CreateEnvironmentRequest {
    CreateEnvironmentRequest::new(name)
}

/// Rules of a typical project: `prod*` → c2 in Production, `pr-*` → c1 in Preview.
fn project_rules() -> DeploymentRules {
    DeploymentRules::new(vec![
        rule("r-prod", "prod*", Mode::Production, "c2", 0),
        rule("r-preview", "pr-*", Mode::Preview, "c1", 1),
    ])
    .unwrap()
}

#[test]
fn the_matching_rule_gives_cluster_and_mode() {
    let (cs, rs) = (clusters(&["c1", "c2"]), project_rules());
    let req = request("production");
    let placed = resolve_target_cluster(&cs, &rs, &req).unwrap();
    assert_eq!(
        placed,
        Placement {
            cluster: &cid("c2"),
            mode: Mode::Production,
            rule: Some(&rid("r-prod")),
            cluster_source: Source::Rule,
            mode_source: Source::Rule
        }
    );
}

#[test]
fn with_no_matching_rule_the_default_cluster_and_development() {
    let (cs, rs) = (clusters(&["c1", "c2"]), project_rules());
    let req = request("feature-42");
    let placed = resolve_target_cluster(&cs, &rs, &req).unwrap();
    assert_eq!(
        placed,
        Placement {
            cluster: &cid("c1"),
            mode: Mode::Development,
            rule: None,
            cluster_source: Source::Default,
            mode_source: Source::Default
        }
    );
}

#[test]
fn explicit_cluster_and_mode_win_and_the_matching_rule_is_still_named() {
    let (cs, rs) = (clusters(&["c1", "c2"]), project_rules());
    let req = request("prod-eu")
        .on_cluster(cid("c1"))
        .with_mode(Mode::Staging);
    let placed = resolve_target_cluster(&cs, &rs, &req).unwrap();
    assert_eq!(
        placed,
        Placement {
            cluster: &cid("c1"),
            mode: Mode::Staging,
            rule: Some(&rid("r-prod")),
            cluster_source: Source::Request,
            mode_source: Source::Request
        }
    );
}

#[test]
fn cluster_and_mode_are_decided_independently() {
    let (cs, rs) = (clusters(&["c1", "c2"]), project_rules());
    let only_mode = request("prod-eu").with_mode(Mode::Staging);
    let placed = resolve_target_cluster(&cs, &rs, &only_mode).unwrap();
    assert_eq!(
        (
            placed.cluster.as_str(),
            placed.cluster_source,
            placed.mode,
            placed.mode_source
        ),
        ("c2", Source::Rule, Mode::Staging, Source::Request)
    );
    let only_cluster = request("feature").on_cluster(cid("c2"));
    let placed = resolve_target_cluster(&cs, &rs, &only_cluster).unwrap();
    assert_eq!(
        (
            placed.cluster.as_str(),
            placed.cluster_source,
            placed.mode,
            placed.mode_source
        ),
        ("c2", Source::Request, Mode::Development, Source::Default)
    );
}

#[test]
fn a_rule_may_assign_preview() {
    let (cs, rs) = (clusters(&["c1", "c2"]), project_rules());
    let req = request("pr-17");
    let placed = resolve_target_cluster(&cs, &rs, &req).unwrap();
    assert_eq!(
        (placed.mode, placed.rule),
        (Mode::Preview, Some(&rid("r-preview")))
    );
}

#[test]
fn a_request_may_not_ask_for_preview() {
    let (cs, rs) = (clusters(&["c1"]), project_rules());
    let req = request("x").with_mode(Mode::Preview);
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &req),
        Err(PlacementError::PreviewReserved {
            mode: Mode::Preview
        })
    );
}

#[test]
fn a_blank_name_is_refused() {
    let (cs, rs) = (clusters(&["c1"]), project_rules());
    for name in ["", "   ", "\t\n"] {
        assert_eq!(
            resolve_target_cluster(&cs, &rs, &request(name)),
            Err(PlacementError::InvalidName {
                problem: InvalidValue::BlankName {
                    value: format!("{name:?}")
                }
            })
        );
    }
}

#[test]
fn an_unknown_explicit_cluster_is_refused() {
    let (cs, rs) = (clusters(&["c1"]), project_rules());
    let req = request("x").on_cluster(cid("elsewhere"));
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &req),
        Err(PlacementError::UnknownCluster {
            cluster: cid("elsewhere")
        })
    );
}

#[test]
fn a_matching_rule_on_an_unknown_cluster_is_refused_only_when_its_cluster_is_used() {
    let (cs, rs) = (clusters(&["c1"]), project_rules()); // r-prod targets c2, which is missing
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &request("prod")),
        Err(PlacementError::RuleTargetsUnknownCluster {
            rule: rid("r-prod"),
            cluster: cid("c2")
        })
    );
    let explicit = request("prod").on_cluster(cid("c1"));
    let placed = resolve_target_cluster(&cs, &rs, &explicit).unwrap();
    assert_eq!(
        (placed.cluster.as_str(), placed.mode, placed.mode_source),
        ("c1", Mode::Production, Source::Rule)
    );
}

#[test]
fn no_cluster_at_all_when_the_default_is_needed() {
    let rs = project_rules();
    assert_eq!(
        resolve_target_cluster(&[], &rs, &request("feature")),
        Err(PlacementError::NoCluster {
            name: "feature".into()
        })
    );
}

#[test]
fn errors_come_in_the_documented_order() {
    let none: &[Cluster] = &[];
    let rs = project_rules();
    // name before preview
    let req = request(" ").with_mode(Mode::Preview).on_cluster(cid("zz"));
    assert!(matches!(
        resolve_target_cluster(none, &rs, &req),
        Err(PlacementError::InvalidName { .. })
    ));
    // preview before unknown cluster
    let req = request("prod")
        .with_mode(Mode::Preview)
        .on_cluster(cid("zz"));
    assert!(matches!(
        resolve_target_cluster(none, &rs, &req),
        Err(PlacementError::PreviewReserved { .. })
    ));
    // unknown explicit cluster before the rule's unknown cluster
    let req = request("prod").on_cluster(cid("zz"));
    assert!(matches!(
        resolve_target_cluster(none, &rs, &req),
        Err(PlacementError::UnknownCluster { .. })
    ));
    // the rule's unknown cluster before "no cluster"
    assert!(matches!(
        resolve_target_cluster(none, &rs, &request("prod")),
        Err(PlacementError::RuleTargetsUnknownCluster { .. })
    ));
    assert!(matches!(
        resolve_target_cluster(none, &rs, &request("dev")),
        Err(PlacementError::NoCluster { .. })
    ));
}

#[test]
fn lower_priority_index_first_and_ties_by_listing_order() {
    let cs = clusters(&["c1", "c2", "c3"]);
    let rs = DeploymentRules::new(vec![
        rule("late", "*", Mode::Staging, "c1", 7),
        rule("tie-first", "feat*", Mode::Development, "c2", 3),
        rule("tie-second", "f*", Mode::Production, "c3", 3),
    ])
    .unwrap();
    let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["tie-first", "tie-second", "late"]);
    let req = request("feature");
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &req).unwrap().rule,
        Some(&rid("tie-first"))
    );
    let req = request("fix");
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &req).unwrap().rule,
        Some(&rid("tie-second"))
    );
    let req = request("main");
    assert_eq!(
        resolve_target_cluster(&cs, &rs, &req).unwrap().rule,
        Some(&rid("late"))
    );
}

#[test]
fn duplicate_rule_ids_are_refused() {
    let error = DeploymentRules::new(vec![
        rule("r", "a", Mode::Staging, "c1", 0),
        rule("r", "b", Mode::Staging, "c1", 1),
    ])
    .unwrap_err();
    assert_eq!(
        (error.field.as_str(), error.value.as_str(), &error.problem),
        ("deployment_rules[1].id", "r", &Problem::Duplicate)
    );
}

#[test]
fn placement_errors_read_well() {
    let msgs = [
        PlacementError::InvalidName {
            problem: InvalidValue::BlankName {
                value: r#"" ""#.into(),
            },
        }
        .to_string(),
        PlacementError::PreviewReserved {
            mode: Mode::Preview,
        }
        .to_string(),
        PlacementError::UnknownCluster { cluster: cid("c9") }.to_string(),
        PlacementError::RuleTargetsUnknownCluster {
            rule: rid("r1"),
            cluster: cid("c9"),
        }
        .to_string(),
        PlacementError::NoCluster { name: "dev".into() }.to_string(),
    ];
    insta::assert_snapshot!(msgs.join("\n"), @r#"
    the environment's name is refused: a name must hold a visible character, got " "
    the Preview mode is reserved for deployment rules and cannot be asked for
    cluster c9 is not in the organization
    deployment rule r1 matches, but its cluster c9 is not in the organization
    no deployment rule matches "dev" and the organization has no cluster to default to
    "#);
}

// ----- creating environments in an organization -----

fn shop() -> Organization {
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
        .add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r-preview", "pr-*", Mode::Preview, "c1", 1),
        )
        .unwrap();
    org
}

#[test]
fn create_environment_records_the_placement() {
    let mut org = shop();
    let created = org
        .create_environment(
            &uid("admin"),
            NOW,
            &pid("p1"),
            eid("e1"),
            &request("prod-eu"),
        )
        .unwrap();
    let env = Environment {
        id: eid("e1"),
        name: name("prod-eu"),
        mode: Mode::Production,
        cluster_id: cid("c2"),
    };
    assert_eq!(created.environment(), Some(&env));
    assert_eq!(
        created.placement(),
        Some(Placement {
            cluster: &cid("c2"),
            mode: Mode::Production,
            rule: Some(&rid("r-prod")),
            cluster_source: Source::Rule,
            mode_source: Source::Rule,
        })
    );
    assert_eq!(
        created.placement(),
        org.placement(&pid("p1"), &request("prod-eu")).ok(),
        "the dry run agrees, the name aside"
    );
    assert_eq!(org.project(&pid("p1")).unwrap().environments(), [env]);
}

#[test]
fn the_permission_is_checked_for_the_resolved_mode() {
    let mut org = shop();
    let before = org.clone();
    let error = org
        .create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e1"),
            &request("production"),
        )
        .unwrap_err();
    assert_eq!(
        denial(&error).missing,
        Permission::EDIT_PRODUCTION_ENVIRONMENT
    );
    assert_eq!(
        denial(&error).holders,
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS
    );
    assert_eq!(org, before);
    // The same Developer may create a preview through a rule, and a staging one explicitly.
    let _ = org
        .create_environment(&uid("dev"), NOW, &pid("p1"), eid("e2"), &request("pr-1"))
        .unwrap();
    let _ = org
        .create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e3"),
            &request("qa").with_mode(Mode::Staging),
        )
        .unwrap();
    // An explicit mode can also lift a rule's Production for a Developer.
    let _ = org
        .create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e4"),
            &request("prod-copy").with_mode(Mode::Development),
        )
        .unwrap();
    let viewer = org
        .create_environment(&uid("viewer"), NOW, &pid("p1"), eid("e5"), &request("mine"))
        .unwrap_err();
    assert_eq!(
        denial(&viewer).missing,
        Permission::EDIT_DEVELOPMENT_ENVIRONMENT
    );
}

#[test]
fn environment_names_are_unique_in_a_project_case_insensitively() {
    let mut org = shop();
    let _ = org
        .add_project(&uid("owner"), NOW, pid("p2"), name("Blog"))
        .unwrap();
    let _ = org
        .create_environment(
            &uid("owner"),
            NOW,
            &pid("p1"),
            eid("e1"),
            &request("Staging"),
        )
        .unwrap();
    let before = org.clone();
    assert_eq!(
        org.create_environment(
            &uid("owner"),
            NOW,
            &pid("p1"),
            eid("e2"),
            &request("STAGING")
        )
        .unwrap_err(),
        ProjectError::EnvironmentNameTaken {
            project: pid("p1"),
            name: name("STAGING"),
            environment: eid("e1")
        }
    );
    assert_eq!(org, before);
    let _ = org
        .create_environment(
            &uid("owner"),
            NOW,
            &pid("p2"),
            eid("e2"),
            &request("staging"),
        )
        .unwrap();
    assert_eq!(
        org.create_environment(&uid("owner"), NOW, &pid("p2"), eid("e1"), &request("other"))
            .unwrap_err(),
        ProjectError::EnvironmentExists {
            environment: eid("e1")
        }
    );
}

#[test]
fn create_environment_refusals() {
    let mut org = shop();
    assert_eq!(
        org.create_environment(&uid("ghost"), NOW, &pid("p1"), eid("e"), &request("x"))
            .unwrap_err(),
        AccessError::NotAMember { user: uid("ghost") }.into()
    );
    assert_eq!(
        org.create_environment(&uid("owner"), NOW, &pid("nope"), eid("e"), &request("x"))
            .unwrap_err(),
        ProjectError::NoSuchProject {
            project: pid("nope")
        }
    );
    assert_eq!(
        org.create_environment(
            &uid("owner"),
            NOW,
            &pid("p1"),
            eid("e"),
            &request("x").with_mode(Mode::Preview)
        )
        .unwrap_err(),
        ProjectError::Placement(PlacementError::PreviewReserved {
            mode: Mode::Preview
        })
    );
    assert_eq!(
        org.create_environment(&uid("owner"), NOW, &pid("p1"), eid("e"), &request(""))
            .unwrap_err(),
        ProjectError::Placement(PlacementError::InvalidName {
            problem: InvalidValue::BlankName {
                value: r#""""#.into()
            }
        })
    );
}

#[test]
fn deleting_an_environment_needs_the_row_of_its_mode() {
    let mut org = shop();
    let _ = org
        .create_environment(
            &uid("admin"),
            NOW,
            &pid("p1"),
            eid("prod"),
            &request("prod"),
        )
        .unwrap();
    let _ = org
        .create_environment(&uid("admin"), NOW, &pid("p1"), eid("dev"), &request("dev"))
        .unwrap();
    let before = org.clone();
    let error = org
        .delete_environment(&uid("dev"), NOW, &pid("p1"), &eid("prod"))
        .unwrap_err();
    assert_eq!(
        denial(&error).missing,
        Permission::DELETE_PRODUCTION_ENVIRONMENT
    );
    assert_eq!(org, before);
    let _ = org
        .delete_environment(&uid("dev"), NOW, &pid("p1"), &eid("dev"))
        .unwrap();
    assert_eq!(
        org.delete_environment(&uid("dev"), NOW, &pid("p1"), &eid("dev"))
            .unwrap_err(),
        ProjectError::NoSuchEnvironment {
            project: pid("p1"),
            environment: eid("dev")
        }
    );
}

#[test]
fn rules_in_an_organization() {
    let mut org = shop();
    let owner = uid("owner");
    assert_eq!(
        org.add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r-prod", "x", Mode::Staging, "c1", 0)
        )
        .unwrap_err(),
        ProjectError::RuleExists {
            rule: rid("r-prod")
        }
    );
    assert_eq!(
        org.add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r-new", "x", Mode::Staging, "c9", 0)
        )
        .unwrap_err(),
        ProjectError::RuleTargetsUnknownCluster {
            rule: rid("r-new"),
            cluster: cid("c9")
        }
    );
    assert!(matches!(
        org.add_rule(
            &uid("viewer"),
            NOW,
            &pid("p1"),
            rule("r-new", "x", Mode::Staging, "c1", 0)
        ),
        Err(ProjectError::Access(AccessError::Denied { .. }))
    ));
    // A new rule goes after the rules of lower or equal priority index.
    let _ = org
        .add_rule(
            &uid("dev"),
            NOW,
            &pid("p1"),
            rule("r-all", "*", Mode::Staging, "c1", 0),
        )
        .unwrap();
    let order = |org: &Organization| -> Vec<(String, u32)> {
        org.project(&pid("p1"))
            .unwrap()
            .deployment_rules()
            .iter()
            .map(|r| (r.id.to_string(), r.priority_index))
            .collect()
    };
    assert_eq!(
        order(&org),
        [
            ("r-prod".into(), 0),
            ("r-all".into(), 0),
            ("r-preview".into(), 1)
        ]
    );
    assert_eq!(
        org.project(&pid("p1")).unwrap().deployment_rules().lint(),
        [RuleWarning::Shadowed {
            rule: rid("r-preview"),
            by: rid("r-all")
        }]
    );
    // Reordering renumbers the priorities.
    org.reorder_rules(
        &owner,
        NOW,
        &pid("p1"),
        &[rid("r-preview"), rid("r-prod"), rid("r-all")],
    )
    .unwrap();
    assert_eq!(
        order(&org),
        [
            ("r-preview".into(), 0),
            ("r-prod".into(), 1),
            ("r-all".into(), 2)
        ]
    );
    for bad in [
        vec![rid("r-prod")],
        vec![rid("r-prod"), rid("r-prod"), rid("r-all")],
        vec![rid("r-prod"), rid("x"), rid("r-all")],
    ] {
        let before = org.clone();
        assert_eq!(
            org.reorder_rules(&owner, NOW, &pid("p1"), &bad)
                .unwrap_err(),
            ProjectError::NotAPermutation { expected: 3 }
        );
        assert_eq!(org, before);
    }
    assert_eq!(
        org.remove_rule(&owner, NOW, &pid("p1"), &rid("zz"))
            .unwrap_err(),
        ProjectError::NoSuchRule {
            project: pid("p1"),
            rule: rid("zz")
        }
    );
    assert_eq!(
        org.remove_rule(&owner, NOW, &pid("p1"), &rid("r-all"))
            .unwrap()
            .event,
        Event::RuleRemoved {
            project: pid("p1"),
            rule: rid("r-all")
        }
    );
}

// ----- properties -----

fn arb_rules() -> impl Strategy<Value = Vec<DeploymentRule>> {
    let wildcard = prop::sample::select(vec![
        "*", "prod*", "pr-*", "?", "??*", "*-eu", "dev", "", "p*d",
    ]);
    let mode = prop::sample::select(vec![
        Mode::Production,
        Mode::Staging,
        Mode::Development,
        Mode::Preview,
    ]);
    let cluster = prop::sample::select(vec!["c1", "c2", "c3", "gone"]);
    prop::collection::vec((wildcard, mode, cluster), 0..8).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (w, m, c))| rule(&format!("r{i}"), w, m, c, i as u32 * 2))
            .collect()
    })
}

fn arb_request() -> impl Strategy<Value = CreateEnvironmentRequest> {
    let name = prop::sample::select(vec!["prod", "prod-eu", "pr-1", "dev", "x", "", " ", "pod"]);
    let mode = prop::option::of(prop::sample::select(vec![
        Mode::Production,
        Mode::Staging,
        Mode::Development,
        Mode::Preview,
    ]));
    let cluster = prop::option::of(prop::sample::select(vec!["c1", "c2", "c3", "gone"]));
    (name, mode, cluster).prop_map(|(n, m, c)| CreateEnvironmentRequest {
        name: n.into(),
        mode: m,
        cluster: c.map(cid),
    })
}

fn arb_clusters() -> impl Strategy<Value = Vec<Cluster>> {
    prop::sample::subsequence(vec!["c1", "c2", "c3"], 0..=3)
        .prop_shuffle()
        .prop_map(|ids| clusters(&ids))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn deterministic_and_independent_of_listing_order(cs in arb_clusters(), rules in arb_rules(), req in arb_request(), seed in any::<u64>()) {
        // Distinct priorities: any listing order is the same rule set.
        let mut shuffled = rules.clone();
        let len = shuffled.len().max(1) as u64;
        for i in 0..shuffled.len() {
            shuffled.swap(i, ((seed >> (i % 8 * 8)) % len) as usize);
        }
        let a = DeploymentRules::new(rules).unwrap();
        let b = DeploymentRules::new(shuffled).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(resolve_target_cluster(&cs, &a, &req), resolve_target_cluster(&cs, &b, &req));
        prop_assert_eq!(resolve_target_cluster(&cs, &a, &req), resolve_target_cluster(&cs, &a, &req));
    }

    #[test]
    fn placement_follows_the_rules(cs in arb_clusters(), rules in arb_rules(), req in arb_request()) {
        let rs = DeploymentRules::new(rules).unwrap();
        let matching = rs.iter().find(|r| r.wildcard.matches(&req.name));
        match resolve_target_cluster(&cs, &rs, &req) {
            Ok(placed) => {
                prop_assert!(!req.name.trim().is_empty());
                prop_assert!(cs.iter().any(|c| c.id == *placed.cluster));
                prop_assert_eq!(placed.rule, matching.map(|r| &r.id));
                match &req.cluster {
                    Some(id) => prop_assert_eq!((placed.cluster, placed.cluster_source), (id, Source::Request)),
                    None => match matching {
                        Some(r) => prop_assert_eq!((placed.cluster, placed.cluster_source), (&r.cluster_id, Source::Rule)),
                        None => prop_assert_eq!((placed.cluster, placed.cluster_source), (&cs[0].id, Source::Default)),
                    },
                }
                match req.mode {
                    Some(mode) => prop_assert_eq!((placed.mode, placed.mode_source), (mode, Source::Request)),
                    None => match matching {
                        Some(r) => prop_assert_eq!((placed.mode, placed.mode_source), (r.mode, Source::Rule)),
                        None => prop_assert_eq!((placed.mode, placed.mode_source), (Mode::Development, Source::Default)),
                    },
                }
                prop_assert!(req.mode != Some(Mode::Preview));
            }
            Err(PlacementError::InvalidName { .. }) => prop_assert!(req.name.trim().is_empty()),
            Err(PlacementError::PreviewReserved { .. }) => prop_assert_eq!(req.mode, Some(Mode::Preview)),
            Err(PlacementError::UnknownCluster { cluster }) => {
                prop_assert_eq!(Some(&cluster), req.cluster.as_ref());
                prop_assert!(cs.iter().all(|c| c.id != cluster));
            }
            Err(PlacementError::RuleTargetsUnknownCluster { rule, cluster }) => {
                prop_assert!(req.cluster.is_none());
                prop_assert_eq!(Some(&rule), matching.map(|r| &r.id));
                prop_assert!(cs.iter().all(|c| c.id != cluster));
            }
            Err(PlacementError::NoCluster { .. }) => {
                prop_assert!(cs.is_empty() && req.cluster.is_none() && matching.is_none());
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }
}
