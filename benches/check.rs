//! A full check on an organization of 100,000 members.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Action, Resource, UserId};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn check_100k_members(c: &mut Criterion) {
    let org = common::big_org(100_000);
    // 1,024 members spread over the organization, checked in turn, so the
    // figure is not that of one member hot in cache.
    let users: Vec<UserId> = (0..1024u64)
        .map(|i| common::uuid(i * 97 + 1).parse().unwrap())
        .collect();
    let (project, environment) = (common::pid("p1"), common::eid("e-prod"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let mut next = 0;
    c.bench_function("check_100k_members", |b| {
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(&org).check(
                black_box(&users[next]),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });
}

criterion_group!(benches, check_100k_members);
criterion_main!(benches);
