//! A check under a custom role that lists 1,000 projects and 100 clusters,
//! beside the same check under a built-in role, in the same run, on the
//! same resources (the target: within 1.5×); redefining such a role with
//! `update_custom_role`, and `CustomRole::define` alone (≤ 1 ms).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use orgmodel::{Action, Organization, Resource, RoleRef, UserId};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/custom_org.rs"]
mod custom_org;

use custom_org::{custom_org, definition, entries, environment_id, member, project_id};

const MEMBERS: u64 = 100_000;
const PROJECTS: usize = 1_000;
const CLUSTERS: usize = 100;
const USERS: usize = 1_024;

/// 1,024 members spread over the organization, every one holding the
/// custom role (`custom`) or every one a built-in role.
fn users(org: &Organization, custom: bool) -> Vec<UserId> {
    let users: Vec<UserId> = (0..2 * USERS as u64)
        .map(|k| k * 47 + 1)
        .filter(|i| (i % 2 == 1) == custom)
        .map(member)
        .collect();
    assert_eq!(users.len(), USERS);
    for user in &users {
        let role = &org.member(user).unwrap().role;
        assert_eq!(matches!(role, RoleRef::Custom(_)), custom, "{user}");
    }
    users
}

/// Checks `users` in turn, each on the next of `resources`.
fn bench_checks(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    org: &Organization,
    users: &[UserId],
    resources: &[Resource<'_>],
) {
    let mut next = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(org).check(
                black_box(&users[next]),
                black_box(Action::EditDatabase),
                black_box(resources[next % resources.len()]),
            )
        });
    });
}

fn checks(c: &mut Criterion) {
    let org = custom_org(MEMBERS, PROJECTS, CLUSTERS);
    let (built_in, custom) = (users(&org, false), users(&org, true));
    // Environments of every mode, spread over the projects (project 0 has
    // other environments), and the four of one project.
    let spread: Vec<_> = (0..USERS)
        .map(|k| {
            let p = 1 + k * 7 % (PROJECTS - 1);
            (project_id(p), environment_id(p, k % 4))
        })
        .collect();
    let one: Vec<_> = (0..4)
        .map(|k| (project_id(1), environment_id(1, k)))
        .collect();
    let as_resources = |ids: &'static [(orgmodel::ProjectId, orgmodel::EnvironmentId)]| {
        ids.iter()
            .map(|(project, environment)| Resource::Environment {
                project,
                environment,
            })
            .collect::<Vec<_>>()
    };
    let spread = as_resources(Vec::leak(spread));
    let one = as_resources(Vec::leak(one));
    for resource in spread.iter().chain(&one) {
        for user in built_in.iter().chain(&custom) {
            assert!(
                org.check(user, Action::ReadEnvironment, *resource)
                    .is_allowed()
            );
        }
    }
    let mut group = c.benchmark_group("custom_roles");
    bench_checks(&mut group, "check_built_in", &org, &built_in, &spread);
    bench_checks(&mut group, "check_custom", &org, &custom, &spread);
    bench_checks(
        &mut group,
        "check_built_in_one_project",
        &org,
        &built_in,
        &one,
    );
    bench_checks(&mut group, "check_custom_one_project", &org, &custom, &one);
    definitions(&mut group, org);
    group.finish();
}

/// Redefining the role on the same organization, and defining it alone.
fn definitions(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    mut org: Organization,
) {
    let owner = member(0);
    let roles = [definition(&org, 1), definition(&org, 2)];
    let mut turn = 0;
    // Each call redefines the role differently from the one before.
    group.bench_function("update_custom_role", |b| {
        b.iter_batched(
            || {
                turn += 1;
                roles[turn % 2].clone()
            },
            |role| {
                let recorded =
                    black_box(&mut org).update_custom_role(&owner, common::NOW, black_box(role));
                assert!(matches!(recorded, Ok(Some(_))));
                recorded
            },
            BatchSize::SmallInput,
        );
    });
    let (clusters, projects) = entries(&org, 1);
    let blank = orgmodel::CustomRole::new(
        custom_org::CUSTOM.parse().unwrap(),
        common::name("Bench role"),
        "",
    )
    .unwrap();
    group.bench_function("define", |b| {
        b.iter_batched(
            || (blank.clone(), clusters.clone(), projects.clone()),
            |(role, clusters, projects)| black_box(role).define(clusters, projects),
            BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, checks);
criterion_main!(benches);
