//! A token's check beside a member's, in the same run, on an organization of
//! 100,000 members and 10,000 API tokens holding the same built-in roles
//! (the target: within 1.2×): 1,024 of each in turn, the same action on the
//! same resource.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Action, ApiToken, ApiTokenId, Resource, Role, UserId};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

const TOKENS: u64 = 10_000;
const IN_TURN: u64 = 1_024;

fn checks(c: &mut Criterion) {
    let mut org = common::big_org(100_000);
    let owner: UserId = common::uuid(0).parse().unwrap();
    let roles = [Role::Admin, Role::Developer, Role::Viewer];
    let far = common::NOW.plus_seconds(365 * common::DAY);
    for i in 0..TOKENS {
        let token = ApiToken {
            id: common::uuid(1_000_000 + i).parse().unwrap(),
            name: common::name("token"),
            description: String::new(),
            role: roles[i as usize % 3].into(),
            // Half expire (in a year), half never do.
            expires_at: (i % 2 == 0).then_some(far),
        };
        let _ = org.create_api_token(&owner, common::NOW, token).unwrap();
    }
    // Members and tokens both cycle through Admin, Developer and Viewer;
    // 1,024 of each, spread over the organization, are checked in turn.
    let users: Vec<UserId> = (0..IN_TURN)
        .map(|k| common::uuid(1 + k * 97 % 99_999).parse().unwrap())
        .collect();
    let tokens: Vec<ApiTokenId> = (0..IN_TURN)
        .map(|k| common::uuid(1_000_000 + k * 97 % TOKENS).parse().unwrap())
        .collect();
    let (project, environment) = (common::pid("p1"), common::eid("e-dev"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let now = common::NOW;
    let mut group = c.benchmark_group("tokens");
    let mut next = 0;
    group.bench_function("check_member", |b| {
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(&org).check(
                black_box(&users[next]),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });
    group.bench_function("check_token", |b| {
        b.iter(|| {
            next = (next + 1) % tokens.len();
            black_box(&org).check_token(
                black_box(&tokens[next]),
                black_box(now),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
