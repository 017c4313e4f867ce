//! Placement: `resolve_target_cluster` over 10, 100 and 1,000 rules (the
//! match found by the last rule), and the hostile wildcard.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use orgmodel::{CreateEnvironmentRequest, resolve_target_cluster};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    let request = CreateEnvironmentRequest::new(common::PLACED_NAME);
    for n in [10, 100, 1000] {
        let (clusters, rules) = common::rules_matching_last(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                resolve_target_cluster(black_box(&clusters), black_box(&rules), black_box(&request))
            });
        });
    }
    group.finish();
}

fn wildcard(c: &mut Criterion) {
    let mut group = c.benchmark_group("wildcard");
    let hostile = common::wildcard(&common::hostile_pattern());
    let name = "a".repeat(10_000);
    group.bench_function("hostile", |b| {
        b.iter(|| black_box(&hostile).matches(black_box(&name)));
    });
    // The worst case of segment search: a 500-character segment that almost
    // matches at each of 10,000 places.
    let long_segment = common::wildcard(&format!("*{}b*", "a".repeat(499)));
    group.bench_function("long_segment", |b| {
        b.iter(|| black_box(&long_segment).matches(black_box(&name)));
    });
    // A 1,000-character pattern of stars and `?` against a 10,000-character name.
    let stars = common::wildcard(&"*?".repeat(500));
    group.bench_function("stars", |b| {
        b.iter(|| black_box(&stars).matches(black_box(&name)));
    });
    group.finish();
}

criterion_group!(benches, resolve, wildcard);
criterion_main!(benches);
