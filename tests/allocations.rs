//! The hot paths allocate nothing, and an organization holds little memory
//! per member. A counting global allocator watches this test's own thread.

mod common;
#[path = "common/counting.rs"]
mod counting;
#[path = "common/custom_org.rs"]
mod custom_org;

use common::*;
use counting::*;
use orgmodel::*;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn the_counter_sees_an_allocation() {
    let (count, v) = allocations_in(|| vec![1u8; 10]);
    assert_eq!((count, v.len()), (1, 10));
}

#[test]
fn a_role_check_allocates_nothing() {
    for role in [Role::Owner, Role::Admin, Role::Developer, Role::Viewer] {
        for (action, _) in Permission::TABLE {
            let (count, _) = allocations_in(|| (role.can(action), role.decide(action)));
            assert_eq!(count, 0, "{role} × {action:?}");
        }
    }
}

#[test]
fn an_organization_check_allocates_nothing() {
    let org = big_org(100_000);
    let (p1, prod) = (pid("p1"), eid("e-prod"));
    let users: Vec<UserId> = [0, 1, 2, 3, 50_000, 99_999, 123_456]
        .iter()
        .map(|&i| uuid(i).parse().unwrap())
        .collect();
    for user in &users {
        for resource in [
            Resource::Organization,
            Resource::Project(&p1),
            Resource::Environment {
                project: &p1,
                environment: &prod,
            },
        ] {
            let (count, decision) =
                allocations_in(|| org.check(user, Action::EditDatabase, resource));
            assert_eq!(count, 0, "{decision:?}");
        }
    }
}

#[test]
fn a_check_under_a_custom_role_allocates_nothing() {
    use custom_org::{CUSTOM, custom_org, environment_id, member, project_id};
    let org = custom_org(10_000, 1_000, 100);
    let role = org.custom_role(&CUSTOM.parse().unwrap()).unwrap();
    assert_eq!((role.projects().len(), role.clusters().len()), (1_000, 100));
    let cluster: ClusterId = custom_org::cluster_id(50).parse().unwrap();
    for i in [1, 3, 4_999, 9_999] {
        let user = member(i);
        assert_eq!(
            org.member(&user).unwrap().role,
            RoleRef::Custom(CUSTOM.parse().unwrap())
        );
        for p in [1, 500, 999] {
            let project = project_id(p);
            let environments: Vec<EnvironmentId> = (0..4).map(|k| environment_id(p, k)).collect();
            let resources = environments
                .iter()
                .map(|environment| Resource::Environment {
                    project: &project,
                    environment,
                })
                .chain([
                    Resource::Organization,
                    Resource::Project(&project),
                    Resource::Cluster(&cluster),
                ]);
            for resource in resources {
                for action in [
                    Action::ReadEnvironment,
                    Action::EditDatabase,
                    Action::DeleteProject,
                ] {
                    let (count, decision) = allocations_in(|| org.check(&user, action, resource));
                    assert_eq!(count, 0, "{action:?} on {resource:?}: {decision:?}");
                }
                let (count, allowed) = allocations_in(|| org.allowed(&user, resource));
                assert_eq!(count, 0, "{resource:?}: {allowed:?}");
            }
            assert!(
                org.check(
                    &user,
                    Action::ReadEnvironment,
                    Resource::Environment {
                        project: &project,
                        environment: &environments[0]
                    }
                )
                .is_allowed()
            );
        }
    }
}

#[test]
fn placement_allocates_nothing_on_success() {
    let (clusters, rules) = rules_matching_last(1000);
    let requests = [
        CreateEnvironmentRequest::new(PLACED_NAME),
        CreateEnvironmentRequest::new("no-rule-matches"),
        CreateEnvironmentRequest::new(PLACED_NAME)
            .with_mode(Mode::Production)
            .on_cluster(cid("c2")),
    ];
    for request in &requests {
        let (count, placed) = allocations_in(|| resolve_target_cluster(&clusters, &rules, request));
        assert!(placed.is_ok());
        assert_eq!(count, 0, "{placed:?}");
    }
    let hostile = wildcard(&hostile_pattern());
    let name = "a".repeat(10_000);
    assert_eq!(allocations_in(|| hostile.matches(&name)), (0, false));
}

#[test]
fn wildcards_allocate_nothing_on_texts_of_any_length() {
    let a = "a".repeat(10_000);
    let ideographs: String = (0..1_022)
        .map(|i| char::from_u32(0x4E00 + i).unwrap())
        .collect();
    let cycled: String = ideographs.chars().cycle().take(10_000).collect();
    let cases = [
        (format!("*{}b*", "a".repeat(1_021)), &a),
        (format!("*{}x*", "?".repeat(1_021)), &a),
        (format!("{}*", "*ab".repeat(341)), &a),
        (format!("{}*a", "*a".repeat(511)), &a),
        (format!("*{ideographs}*"), &cycled),
    ];
    for (pattern, text) in &cases {
        assert_eq!(pattern.chars().count(), limits::WILDCARD);
        let pattern = wildcard(pattern);
        let (count, _) = allocations_in(|| pattern.matches(text));
        assert_eq!(count, 0, "{pattern:?}");
    }
    let pairs = [
        ("*a".repeat(512), "a".repeat(1_024)),
        ("*?".repeat(512), "?".repeat(1_024)),
        (format!("*{ideographs}*"), format!("?{ideographs}?")),
    ];
    for (outer, inner) in &pairs {
        let (outer, inner) = (wildcard(outer), wildcard(inner));
        assert_eq!(
            allocations_in(|| outer.covers(&inner)),
            (0, true),
            "{outer:?}"
        );
    }
}

#[test]
fn an_organization_holds_at_most_256_bytes_per_member() {
    const MEMBERS: u64 = 100_000;
    let before = live_bytes();
    let org = big_org(MEMBERS);
    let held = live_bytes() - before;
    let per_member = held as f64 / MEMBERS as f64;
    eprintln!(
        "{MEMBERS} members (36-character ids, 26-character e-mails): {held} heap bytes, {per_member:.1} per member"
    );
    assert_eq!(org.member_count(), MEMBERS as usize);
    assert!(per_member <= 256.0, "{per_member:.1} bytes per member");
}

#[test]
fn allowed_and_who_can_allocate_nothing() {
    let org = big_org(100_000);
    let (p1, prod) = (pid("p1"), eid("e-prod"));
    let user: UserId = uuid(50_000).parse().unwrap();
    let resource = Resource::Environment {
        project: &p1,
        environment: &prod,
    };
    let (count, allowed) = allocations_in(|| org.allowed(&user, resource));
    assert_eq!(count, 0, "{allowed:?}");
    let (count, admins) = allocations_in(|| org.who_can(Action::EditDatabase, resource).count());
    assert_eq!(count, 0);
    assert_eq!(
        admins,
        1 + 33_333,
        "the owner and every third member (the Admins)"
    );
}

#[cfg(feature = "serde")]
#[test]
fn writing_an_organization_copies_nothing() {
    let org = big_org(10_000);
    let mut buffer = Vec::with_capacity(4 << 20);
    let (count, written) = allocations_in(|| serde_json::to_writer(&mut buffer, &org));
    written.unwrap();
    assert!(
        buffer.len() < buffer.capacity(),
        "the buffer was large enough"
    );
    assert_eq!(
        count, 0,
        "serializing 10,000 members into a large enough buffer allocates nothing"
    );
}
