//! Role × permission check: the cost of one table lookup.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Permission, Role};
use std::hint::black_box;

fn permission_check(c: &mut Criterion) {
    c.bench_function("permission_check", |b| {
        b.iter(|| {
            black_box(Role::Developer).can(black_box(Permission::EDIT_PRODUCTION_ENVIRONMENT))
        });
    });
}

criterion_group!(benches, permission_check);
criterion_main!(benches);
