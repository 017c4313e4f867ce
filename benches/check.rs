//! A full check on an organization of 100,000 members beside one of 4, so
//! that the cost of the member lookup is visible; `allowed` and `who_can`.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Action, Organization, Resource, UserId};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

/// Checks `users` in turn, so the figure is not that of one member hot in cache.
fn bench_checks(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    org: &Organization,
    users: &[UserId],
) {
    let (project, environment) = (common::pid("p1"), common::eid("e-prod"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let mut next = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(org).check(
                black_box(&users[next]),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });
}

fn checks(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    let big = common::big_org(100_000);
    let users: Vec<UserId> = (0..1024u64)
        .map(|i| common::uuid(i * 97 + 1).parse().unwrap())
        .collect();
    bench_checks(&mut group, "100k_members", &big, &users);
    let small = common::big_org(4);
    let few: Vec<UserId> = (0..4u64)
        .map(|i| common::uuid(i).parse().unwrap())
        .collect();
    bench_checks(&mut group, "4_members", &small, &few);
    let (project, environment) = (common::pid("p1"), common::eid("e-prod"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let mut next = 0;
    group.bench_function("allowed_100k_members", |b| {
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(&big).allowed(black_box(&users[next]), black_box(resource))
        });
    });
    group.bench_function("who_can_100k_members", |b| {
        b.iter(|| {
            black_box(&big)
                .who_can(black_box(Action::EditDatabase), black_box(resource))
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
