//! Member commands on an organization of 100,000 members and 10,000 pending
//! invitations: each command is timed alone (`iter_custom`), on members and
//! invitations spread over the whole organization, and whatever puts the
//! organization back (its inverse) runs outside the timed part, so every
//! iteration starts from the same members. A check on the same organization
//! runs in the same group, for the ratio.

use criterion::{Criterion, criterion_group, criterion_main};
use orgmodel::{Action, Email, Invitation, Organization, Resource, Role, UserId, limits};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

const MEMBERS: u64 = 100_000;
const INVITATIONS: u64 = 10_000;
/// How many different members and invitations the iterations cycle through.
const SPREAD: u64 = 1024;

/// `common::big_org(MEMBERS)` with `invitations` pending invitations.
fn organization(invitations: u64) -> Organization {
    let mut parts = common::big_org(MEMBERS).into_parts();
    parts.invitations = (0..invitations)
        .map(|i| Invitation {
            email: guest(i),
            role: Role::Viewer.into(),
            expires_at: common::NOW.plus_seconds(30 * common::DAY),
        })
        .collect();
    Organization::from_parts(parts).unwrap()
}

fn guest(i: u64) -> Email {
    common::email(&format!("guest{i:05}@partner.io"))
}

/// The `k`-th member the iterations use (never the owner, member 0): its id,
/// address and role as `common::big_org` made them.
fn member(k: u64) -> (UserId, Email, Role) {
    let i = (k % SPREAD) * 97 + 1;
    let roles = [Role::Admin, Role::Developer, Role::Viewer];
    (
        common::uuid(i).parse().unwrap(),
        common::email(&format!("user{i:06}@example-corp.io")),
        roles[i as usize % 3],
    )
}

/// How many commands the bench has timed: the `k` of the next one, so that
/// each of criterion's samples goes on where the one before stopped.
static TIMED: AtomicU64 = AtomicU64::new(0);

/// A number in `0..below` that looks random, from `k`: the invitations
/// revoked are taken anywhere in the list, not only among those revoked
/// (and so made again, last) a moment before.
fn spread(k: u64, below: u64) -> u64 {
    let mut z = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z ^= z >> 31;
    z = z.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (z ^ (z >> 29)) % below
}

/// Times `command` alone, `iters` times; `before` and `after` run untimed.
fn timed<S>(
    iters: u64,
    mut before: impl FnMut(u64) -> S,
    mut command: impl FnMut(u64, &S),
    mut after: impl FnMut(u64, S),
) -> Duration {
    let mut total = Duration::ZERO;
    let first = TIMED.fetch_add(iters, Ordering::Relaxed);
    for k in first..first + iters {
        let state = before(k);
        let start = Instant::now();
        command(k, &state);
        total += start.elapsed();
        after(k, state);
    }
    total
}

fn member_commands(c: &mut Criterion) {
    let mut group = c.benchmark_group("member_commands/100k");
    let org = std::cell::RefCell::new(organization(INVITATIONS));
    let owner: UserId = common::uuid(0).parse().unwrap();
    let (now, later) = (common::NOW, common::NOW.plus_seconds(common::DAY));
    let newcomer = |k: u64| common::email(&format!("newcomer{}@example-corp.io", k % SPREAD));
    let newcomer_id = |k: u64| -> UserId { common::uuid(MEMBERS + k % SPREAD).parse().unwrap() };

    // The baseline: a check on the same organization, 1,024 members in turn.
    let (project, environment) = (common::pid("p1"), common::eid("e-prod"));
    let resource = Resource::Environment {
        project: &project,
        environment: &environment,
    };
    let users: Vec<UserId> = (0..SPREAD).map(|k| member(k).0).collect();
    let mut next = 0;
    group.bench_function("check", |b| {
        let org = org.borrow();
        b.iter(|| {
            next = (next + 1) % users.len();
            black_box(&*org).check(
                black_box(&users[next]),
                black_box(Action::EditDatabase),
                black_box(resource),
            )
        });
    });

    group.bench_function("invite", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                &newcomer,
                |_, email| {
                    let mut org = org.borrow_mut();
                    let _ =
                        black_box(org.invite(&owner, now, email.clone(), Role::Developer, later))
                            .unwrap();
                },
                |_, email| {
                    let _ = org
                        .borrow_mut()
                        .revoke_invitation(&owner, now, &email)
                        .unwrap();
                },
            )
        });
    });

    group.bench_function("revoke_invitation", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                |k| guest(spread(k, INVITATIONS)),
                |_, email| {
                    let mut org = org.borrow_mut();
                    let _ = black_box(org.revoke_invitation(&owner, now, email)).unwrap();
                },
                |_, email| {
                    let _ = org
                        .borrow_mut()
                        .invite(&owner, now, email, Role::Viewer, later)
                        .unwrap();
                },
            )
        });
    });

    // A guest accepts, as a new user; then leaves, and is invited again.
    group.bench_function("accept_invitation", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                |k| {
                    let g = spread(k, INVITATIONS);
                    let id: UserId = common::uuid(2 * MEMBERS + g).parse().unwrap();
                    (id, guest(g))
                },
                |_, (id, email)| {
                    let mut org = org.borrow_mut();
                    let _ = black_box(org.accept_invitation(id, now, email)).unwrap();
                },
                |_, (id, email)| {
                    let mut org = org.borrow_mut();
                    let _ = org.leave(&id, now).unwrap();
                    let _ = org.invite(&owner, now, email, Role::Viewer, later).unwrap();
                },
            )
        });
    });

    group.bench_function("change_role", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                member,
                |_, (id, _, role)| {
                    let to = if *role == Role::Viewer {
                        Role::Developer
                    } else {
                        Role::Viewer
                    };
                    let mut org = org.borrow_mut();
                    let _ = black_box(org.change_role(&owner, now, id, to)).unwrap();
                },
                |_, (id, _, role)| {
                    let _ = org
                        .borrow_mut()
                        .change_role(&owner, now, &id, role)
                        .unwrap();
                },
            )
        });
    });

    group.bench_function("remove_member", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                member,
                |_, (id, _, _)| {
                    let mut org = org.borrow_mut();
                    let _ = black_box(org.remove_member(&owner, now, id)).unwrap();
                },
                |_, (id, email, role)| {
                    let mut org = org.borrow_mut();
                    let _ = org.invite(&owner, now, email.clone(), role, later).unwrap();
                    let _ = org.accept_invitation(&id, now, &email).unwrap();
                },
            )
        });
    });

    group.bench_function("invite_accept_remove_newcomer", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                |k| (newcomer_id(k), newcomer(k)),
                |_, (id, email)| {
                    let mut org = org.borrow_mut();
                    let _ = black_box(org.invite(&owner, now, email.clone(), Role::Viewer, later))
                        .unwrap();
                    let _ = black_box(org.accept_invitation(id, now, email)).unwrap();
                    let _ = black_box(org.remove_member(&owner, now, id)).unwrap();
                },
                |_, _| {},
            )
        });
    });
    // Revoking (or accepting) moves the invitations made after it, which
    // `Organization::invitations` lends as one slice: at the most
    // invitations an organization may hold, that is the command's cost.
    let most = std::cell::RefCell::new(organization(limits::INVITATIONS as u64));
    group.bench_function("revoke_invitation_of_100k_invitations", |b| {
        b.iter_custom(|iters| {
            timed(
                iters,
                |k| guest(spread(k, limits::INVITATIONS as u64)),
                |_, email| {
                    let mut most = most.borrow_mut();
                    let _ = black_box(most.revoke_invitation(&owner, now, email)).unwrap();
                },
                |_, email| {
                    let _ = most
                        .borrow_mut()
                        .invite(&owner, now, email, Role::Viewer, later)
                        .unwrap();
                },
            )
        });
    });
    group.finish();
    let org = org.into_inner();
    assert_eq!(
        (org.member_count(), org.invitations().len()),
        (MEMBERS as usize, INVITATIONS as usize)
    );
}

criterion_group!(benches, member_commands);
criterion_main!(benches);
