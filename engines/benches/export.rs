//! Exporting an organization of 1,000 members to Cedar and OpenFGA, and one
//! check by the crate beside the same check by Cedar on the exported
//! policies and entities, in the same run.

use std::str::FromStr;

use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicySet, Request, Schema};
use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{
    Action, Resource, write_cedar_entities, write_cedar_policies, write_cedar_schema,
    write_openfga_tuples,
};
use std::hint::black_box;

#[path = "../../tests/common/mod.rs"]
mod common;

fn uid(kind: &str, id: &str) -> EntityUid {
    EntityUid::from_str(&format!("{kind}::\"{id}\"")).unwrap()
}

fn export(c: &mut Criterion) {
    let org = common::big_org(1_000);
    let mut group = c.benchmark_group("export");
    let mut out = String::with_capacity(1 << 20);
    group.bench_function("cedar_entities_1000_members", |b| {
        b.iter(|| {
            out.clear();
            write_cedar_entities(black_box(&org), &mut out).unwrap();
        });
    });
    group.bench_function("openfga_tuples_1000_members", |b| {
        b.iter(|| {
            out.clear();
            write_openfga_tuples(black_box(&org), &mut out).unwrap();
        });
    });
    group.finish();

    let mut schema_text = String::new();
    write_cedar_schema(&mut schema_text).unwrap();
    let (schema, _) = Schema::from_cedarschema_str(&schema_text).unwrap();
    let mut policy_text = String::new();
    write_cedar_policies(&mut policy_text).unwrap();
    let policies = PolicySet::from_str(&policy_text).unwrap();
    let mut entity_text = String::new();
    write_cedar_entities(&org, &mut entity_text).unwrap();
    let entities = Entities::from_json_str(&entity_text, Some(&schema)).unwrap();
    let user = common::uuid(500);
    let request = Request::new(
        uid("User", &user),
        uid("Action", Action::EditDatabase.as_str()),
        uid("Environment", "e-prod"),
        Context::empty(),
        Some(&schema),
    )
    .unwrap();
    let authorizer = Authorizer::new();
    let (project, environment) = (common::pid("p1"), common::eid("e-prod"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let member: orgmodel::UserId = user.parse().unwrap();
    assert_eq!(
        org.check(&member, Action::EditDatabase, resource)
            .is_allowed(),
        authorizer
            .is_authorized(&request, &policies, &entities)
            .decision()
            == cedar_policy::Decision::Allow
    );
    let mut group = c.benchmark_group("check_1000_members");
    group.bench_function("orgmodel", |b| {
        b.iter(|| {
            black_box(&org).check(
                black_box(&member),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });
    group.bench_function("cedar_on_the_export", |b| {
        b.iter(|| {
            authorizer.is_authorized(
                black_box(&request),
                black_box(&policies),
                black_box(&entities),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
