//! Reading and writing organization documents, beside `serde_json` on the
//! same text: into a `serde_json::Value`, and into and out of a plain struct
//! of strings (no validation, no index) with the same shape.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orgmodel::{Command, Organization};
use serde::{Deserialize, Serialize};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

/// The same document, as plain strings.
#[derive(Serialize, Deserialize)]
struct PlainOrganization {
    id: String,
    name: String,
    plan: String,
    members: Vec<PlainMember>,
    invitations: Vec<serde_json::Value>,
    cloud_accounts: Vec<serde_json::Value>,
    clusters: Vec<serde_json::Value>,
    projects: Vec<serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
struct PlainMember {
    id: String,
    email: String,
    role: String,
}

/// About 1 MB of members whose addresses share a 300-character prefix: the
/// case-insensitive uniqueness check meets long equal prefixes throughout.
fn crafted() -> String {
    let prefix = "a".repeat(300);
    let members: Vec<serde_json::Value> = (0..3_000)
        .map(|i| {
            serde_json::json!({"id": format!("u{i}"), "email": format!("{prefix}{i}@example.com"),
                "role": if i == 0 { "OWNER" } else { "DEVELOPER" }})
        })
        .collect();
    serde_json::json!({"id": "o", "name": "Crafted", "plan": "BUSINESS", "members": members})
        .to_string()
}

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    let text = crafted();
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("crafted_1mb/orgmodel", |b| {
        b.iter(|| serde_json::from_str::<Organization>(black_box(&text)).unwrap());
    });
    group.bench_function("crafted_1mb/serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap());
    });
    let text = serde_json::to_string(&common::big_org(100_000)).unwrap();
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("100k_members/orgmodel", |b| {
        b.iter(|| serde_json::from_str::<Organization>(black_box(&text)).unwrap());
    });
    group.bench_function("100k_members/plain_struct", |b| {
        b.iter(|| serde_json::from_str::<PlainOrganization>(black_box(&text)).unwrap());
    });
    group.finish();
}

fn write(c: &mut Criterion) {
    let mut group = c.benchmark_group("write");
    // Loaded from its document, as a service holds it (built member by
    // member, its strings would lie scattered in memory).
    let text = serde_json::to_string(&common::big_org(100_000)).unwrap();
    let org: Organization = serde_json::from_str(&text).unwrap();
    let plain: PlainOrganization = serde_json::from_str(&text).unwrap();
    group.throughput(Throughput::Bytes(text.len() as u64));
    let mut buffer = Vec::with_capacity(2 * text.len());
    group.bench_function("100k_members/orgmodel", |b| {
        b.iter(|| {
            buffer.clear();
            serde_json::to_writer(&mut buffer, black_box(&org)).unwrap();
        });
    });
    group.bench_function("100k_members/plain_struct", |b| {
        b.iter(|| {
            buffer.clear();
            serde_json::to_writer(&mut buffer, black_box(&plain)).unwrap();
        });
    });
    group.finish();
}

/// A command on 100,000 members and its event written as an audit line: the
/// cost does not grow with the organization (an invitation, then its
/// revocation, so that every iteration starts from the same members).
fn event(c: &mut Criterion) {
    let mut group = c.benchmark_group("event");
    let mut org = common::big_org(100_000);
    let owner: orgmodel::UserId = common::uuid(0).parse().unwrap();
    let address = common::email("newcomer@example-corp.io");
    let mut line = Vec::with_capacity(1024);
    group.bench_function("invite_and_revoke_100k_members", |b| {
        b.iter(|| {
            for command in [
                Command::Invite {
                    email: address.clone(),
                    role: orgmodel::Role::Viewer.into(),
                    expires_at: common::NOW.plus_seconds(60),
                },
                Command::RevokeInvitation {
                    email: address.clone(),
                },
            ] {
                let recorded = org
                    .execute(&owner, common::NOW, Some(org.revision()), command)
                    .unwrap()
                    .unwrap();
                line.clear();
                serde_json::to_writer(&mut line, black_box(&recorded)).unwrap();
            }
        });
    });
    group.finish();
}

criterion_group!(benches, read, write, event);
criterion_main!(benches);
