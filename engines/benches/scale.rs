//! Past one process, at scale: exporting an organization of 100,000 members
//! to each engine (time and bytes), and one event's updates beside the
//! export they spare, in the same run.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orgmodel::{
    Engine, Organization, Recorded, Role, Touched, UserId, write_cedar_entities,
    write_openfga_tuples, write_spicedb_relationships,
};
use std::hint::black_box;

#[path = "../../tests/common/mod.rs"]
mod common;

const MEMBERS: u64 = 100_000;

fn export(engine: Engine, org: &Organization, out: &mut String) {
    match engine {
        Engine::Cedar => write_cedar_entities(org, out).unwrap(),
        Engine::OpenFga => write_openfga_tuples(org, out).unwrap(),
        _ => write_spicedb_relationships(org, out).unwrap(),
    }
}

const ENGINES: [Engine; 3] = [Engine::Cedar, Engine::OpenFga, Engine::SpiceDb];

fn scale(c: &mut Criterion) {
    let before = common::big_org(MEMBERS);
    let mut after = before.clone();
    let owner: UserId = common::uuid(0).parse().unwrap();
    let member: UserId = common::uuid(4).parse().unwrap();
    let changed: Recorded = after
        .change_role(&owner, common::NOW, &member, Role::DevOps)
        .unwrap()
        .unwrap();

    let mut out = String::with_capacity(32 << 20);
    let mut group = c.benchmark_group("export_100k_members");
    group.sample_size(10);
    for engine in ENGINES {
        out.clear();
        export(engine, &before, &mut out);
        eprintln!("{engine}: {} bytes for {MEMBERS} members", out.len());
        group.throughput(Throughput::Bytes(out.len() as u64));
        group.bench_function(engine.to_string(), |b| {
            b.iter(|| {
                out.clear();
                export(engine, black_box(&before), &mut out);
            });
        });
    }
    group.finish();

    // A role change: the parts it touches, read before and after it.
    let mut group = c.benchmark_group("updates_of_a_role_change_100k_members");
    for engine in ENGINES {
        let updates = Touched::before(engine, &before, &changed)
            .updates(&after)
            .unwrap();
        eprintln!(
            "{engine}: {} deletes, {} writes",
            updates.deletes.len(),
            updates.writes.len()
        );
        group.bench_function(engine.to_string(), |b| {
            b.iter(|| {
                Touched::before(engine, black_box(&before), black_box(&changed))
                    .updates(black_box(&after))
                    .unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
