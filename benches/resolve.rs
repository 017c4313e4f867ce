//! Placement: `resolve_target_cluster` over 10 to 10,000 rules (the match
//! found by the last rule) and over the worst rules the limits allow; the
//! hostile wildcards; the lint and a reordering of 10,000 rules.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use orgmodel::{CreateEnvironmentRequest, DeploymentRules, Mode, limits, resolve_target_cluster};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    let request = CreateEnvironmentRequest::new(common::PLACED_NAME);
    for n in [10, 100, 1000, 10_000] {
        let (clusters, rules) = common::rules_matching_last(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                resolve_target_cluster(black_box(&clusters), black_box(&rules), black_box(&request))
            });
        });
    }
    // The worst the limits allow: names of 255 characters, and the project's
    // whole wildcard budget in rules whose middle segment almost matches.
    let (clusters, rules) = worst_rules();
    let request = CreateEnvironmentRequest::new(worst_name());
    group.bench_function("worst_at_limits", |b| {
        b.iter(|| {
            resolve_target_cluster(black_box(&clusters), black_box(&rules), black_box(&request))
        });
    });
    group.finish();
}

fn worst_name() -> String {
    let mut name = "ab".repeat(limits::NAME / 2);
    name.push('a');
    name
}

/// Rules of `*abab…abx*` (255 characters), as many as the budget allows:
/// each one intersects 253 position sets before it fails.
fn worst_rules() -> (Vec<orgmodel::Cluster>, DeploymentRules) {
    let pattern = format!("*{}x*", "ab".repeat(126));
    let count = limits::RULE_WILDCARDS / pattern.len();
    let rules = (0..count)
        .map(|i| common::rule(&format!("r{i}"), &pattern, Mode::Staging, "c1", 0))
        .collect();
    (
        vec![common::cluster("c1")],
        DeploymentRules::new(rules).unwrap(),
    )
}

fn wildcard(c: &mut Criterion) {
    let mut group = c.benchmark_group("wildcard");
    let name = "a".repeat(10_000);
    // `*a` 500 times then `*b`, on 9,999 `a`s and a `b`: the end matches, so
    // each of the 500 middle segments is searched for.
    let hostile = common::wildcard(&common::hostile_pattern());
    let ends_in_b = format!("{}b", "a".repeat(9_999));
    group.bench_function("hostile", |b| {
        b.iter(|| black_box(&hostile).matches(black_box(&ends_in_b)));
    });
    // The middle-segment search: 500 segments `*a` and a last `b*` that fails
    // only at the end, on a name of the longest valid length.
    let middle = common::wildcard(&format!("{}*b*", "*a".repeat(126)));
    let valid = "a".repeat(limits::NAME);
    group.bench_function("hostile_middle", |b| {
        b.iter(|| black_box(&middle).matches(black_box(&valid)));
    });
    // A 1,000-character pattern of stars and `?` against a 10,000-character name.
    let stars = common::wildcard(&"*?".repeat(500));
    group.bench_function("stars", |b| {
        b.iter(|| black_box(&stars).matches(black_box(&name)));
    });
    group.finish();
}

fn rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("rules");
    let (_, realistic) = common::rules_matching_last(10_000);
    group.bench_function("lint/10000", |b| b.iter(|| black_box(&realistic).lint()));
    let (_, worst) = worst_rules();
    group.bench_function("lint/worst_at_limits", |b| {
        b.iter(|| black_box(&worst).lint());
    });
    let longest = common::wildcard(&"*?".repeat(limits::WILDCARD / 2));
    let rules = (0..limits::RULE_WILDCARDS / limits::WILDCARD)
        .map(|i| common::rule(&format!("r{i}"), longest.as_str(), Mode::Staging, "c1", 0))
        .collect();
    let longest_rules = DeploymentRules::new(rules).unwrap();
    group.bench_function("lint/longest_wildcards", |b| {
        b.iter(|| black_box(&longest_rules).lint());
    });
    let mut org = common::acme_with_infra();
    let owner = common::uid("owner");
    for rule in common::rules_matching_last(10_000).1.into_vec() {
        let rule = orgmodel::DeploymentRule {
            cluster_id: common::cid("c1"),
            ..rule
        };
        let _ = org
            .add_rule(&owner, common::NOW, &common::pid("p1"), rule)
            .unwrap();
    }
    let mut order: Vec<orgmodel::RuleId> =
        (0..10_000).map(|i| common::rid(&format!("r{i}"))).collect();
    order.reverse();
    group.bench_function("reorder/10000", |b| {
        b.iter(|| org.reorder_rules(&owner, common::NOW, &common::pid("p1"), black_box(&order)));
    });
    group.finish();
}

criterion_group!(benches, resolve, wildcard, rules);
criterion_main!(benches);
