//! The paged list against a plain sorted map, through random inserts and
//! removals, with every invariant of its layout checked after each change.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;
use core::hash::BuildHasher;

use super::{BUILT, EMPTY, MIN, Members, PAGE, STRIDE, prefix};
use crate::id::UserId;
use crate::member::Member;
use crate::role::Role;
use crate::text::Email;

/// A small deterministic generator (xorshift), so that a failure replays.
struct Random(u64);

impl Random {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// The `i`-th id of three shapes: ids that differ in their first 8 bytes,
/// ids that share them all ("samepref…": every prefix ties), and ids
/// shorter than 8 bytes.
fn id(i: usize) -> UserId {
    let text = match i % 3 {
        0 => format!("{:016x}", (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        1 => format!("samepref-{i:06}"),
        _ => format!("u{i}"),
    };
    text.parse().unwrap()
}

fn member(i: usize) -> Member {
    Member {
        id: id(i),
        email: Email::new(format!("m{i}@acme.dev")).unwrap(),
        role: Role::Viewer.into(),
    }
}

/// Every invariant of the layout, and the members equal to `expected`.
fn check(members: &Members, expected: &BTreeMap<UserId, Member>) {
    assert_eq!(members.iter().len(), expected.len());
    let listed: Vec<&Member> = members.iter().collect();
    let wanted: Vec<&Member> = expected.values().collect();
    assert_eq!(listed, wanted);
    assert_eq!(members.len(), expected.len());
    assert_eq!(members.blocks.is_empty(), expected.is_empty());
    let mut pages: Vec<usize> = members.blocks.iter().map(|head| head.page).collect();
    for (b, head) in members.blocks.iter().enumerate() {
        let on = &members.lists[head.page];
        let len = on.len();
        assert!((1..=PAGE).contains(&len), "block {b}: {len} members");
        if members.blocks.len() > 1 {
            assert!(len >= MIN, "block {b}: {len} members, should have joined");
        }
        let base = head.page * PAGE;
        let prefixes = &members.prefixes[base..base + PAGE];
        let wanted: Vec<u64> = on
            .iter()
            .map(|m| prefix(&m.id))
            .chain(core::iter::repeat(EMPTY))
            .take(PAGE)
            .collect();
        assert_eq!(prefixes, wanted, "block {b}");
        assert_eq!(head.first, prefixes[0]);
    }
    let sampled: Vec<u64> = members
        .blocks
        .iter()
        .step_by(STRIDE)
        .map(|head| head.first)
        .collect();
    assert_eq!(members.sample, sampled);
    for &page in &members.free {
        assert!(members.lists[page].is_empty());
        assert!(
            members.prefixes[page * PAGE..(page + 1) * PAGE]
                .iter()
                .all(|&k| k == EMPTY)
        );
        pages.push(page);
    }
    pages.sort_unstable();
    pages.dedup();
    assert_eq!(
        pages.len(),
        members.blocks.len() + members.free.len(),
        "a page held twice"
    );
    assert_eq!(pages.len(), members.lists.len(), "a page lost");
    assert_eq!(members.prefixes.len(), PAGE * members.lists.len());
    // Every member is found where it is, and ids between them are not;
    // the members sharing an id's first 8 bytes are found together.
    for m in expected.values().step_by(expected.len() / 16 + 1) {
        let key = prefix(&m.id);
        let sharing: Vec<&Member> = members.with_prefix(key).collect();
        let wanted: Vec<&Member> = expected.values().filter(|x| prefix(&x.id) == key).collect();
        assert_eq!(sharing, wanted);
    }
    for (i, m) in expected.values().enumerate() {
        assert_eq!(members.get(&m.id), Some(m), "member {i}");
        let after: UserId = format!("{}0", m.id).parse().unwrap();
        assert_eq!(members.get(&after).is_some(), expected.contains_key(&after));
    }
}

#[test]
fn inserts_and_removals_keep_the_members_sorted_and_the_pages_whole() {
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    for round in 0..6 {
        let pool = [40, 300, 2_000][round % 3];
        let mut members = Members::default();
        let mut expected = BTreeMap::new();
        for step in 0..3_000 {
            let i = random.next(pool);
            let found = members.position(&id(i));
            assert_eq!(found.is_ok(), expected.contains_key(&id(i)));
            // Grow for a while, then shrink: blocks split, then join.
            let grow = step < 1_800 || (round % 2 == 0 && step < 2_400);
            match found {
                Ok(slot) if !grow || random.next(4) == 0 => {
                    assert_eq!(members.remove(slot), expected.remove(&id(i)));
                }
                Err(_) if grow => {
                    members.insert(member(i));
                    expected.insert(id(i), member(i));
                }
                _ => continue,
            }
            if pool < 1_000 || step % 16 == 0 {
                check(&members, &expected);
            }
        }
        // Built at once, the same members compare and hash equal.
        let built = Members::new(expected.values().rev().cloned().collect());
        check(&built, &expected);
        assert_eq!(built, members);
        let hasher = rustc_hash::FxBuildHasher;
        assert_eq!(hasher.hash_one(&built), hasher.hash_one(&members));
        assert_eq!(built.into_vec(), expected.into_values().collect::<Vec<_>>());
    }
}

#[test]
fn a_member_is_found_among_100_000_and_a_role_set_in_place() {
    let list: Vec<Member> = (0..100_000).map(member).collect();
    let mut members = Members::new(list.clone());
    for m in list.iter().step_by(97) {
        assert_eq!(members.get(&m.id), Some(m));
    }
    let slot = members.position(&id(4_242)).unwrap();
    members.set_role(slot, Role::Admin.into());
    assert_eq!(
        members.get(&id(4_242)).map(|m| &m.role),
        Some(&Role::Admin.into())
    );
    let missing: UserId = "samepref-".parse().unwrap();
    assert!(members.get(&missing).is_none());
    assert!(format!("{members:?}").starts_with("[Member { id: "));
}

/// A block that falls under [`MIN`] beside one too full to join takes
/// some of its members (the first block from the next, the last from the
/// one before).
#[test]
fn a_block_under_min_beside_a_full_one_shares_their_members() {
    let k = |i: usize| -> Member {
        Member {
            id: format!("k{i:04}").parse().unwrap(),
            email: Email::new(format!("k{i}@acme.dev")).unwrap(),
            role: Role::Viewer.into(),
        }
    };
    for from_last in [false, true] {
        // Three blocks of BUILT members, even numbers, then the middle one
        // filled up with odd ones.
        let mut expected: BTreeMap<UserId, Member> =
            (0..3 * BUILT).map(|i| (k(2 * i).id, k(2 * i))).collect();
        let mut members = Members::new(expected.values().cloned().collect());
        assert_eq!(members.blocks.len(), 3);
        for i in 0..PAGE - BUILT {
            let m = k(2 * (BUILT + i) + 1);
            expected.insert(m.id.clone(), m.clone());
            members.insert(m);
        }
        check(&members, &expected);
        assert_eq!(members.lists[members.blocks[1].page].len(), PAGE);
        let block = if from_last { 2 } else { 0 };
        for _ in 0..BUILT - MIN + 1 {
            let first = members.lists[members.blocks[block].page][0].clone();
            let slot = members.position(&first.id).unwrap();
            assert_eq!(members.remove(slot), expected.remove(&first.id));
            check(&members, &expected);
        }
        assert_eq!(members.blocks.len(), 3, "the blocks shared, not joined");
    }
}
