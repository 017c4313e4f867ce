//! The index of addresses stays in step with the members and invitations
//! through every member command, refused or not; and the commands find
//! addresses through it alone.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Holder;
use crate::id::UserId;
use crate::organization::Organization;
use crate::plan::Plan;
use crate::role::Role;
use crate::text::{Email, Name};
use crate::time::Timestamp;

fn user(i: usize) -> UserId {
    format!("u{i}").parse().unwrap()
}

/// The `i`-th address, in one of three spellings of its case.
fn email(i: usize, case: usize) -> Email {
    let text = format!("e{i}@acme.dev");
    let text: String = match case % 3 {
        0 => text,
        1 => text.to_uppercase(),
        _ => text.replacen('e', "E", 1),
    };
    Email::new(text).unwrap()
}

/// The index holds exactly every member's and every invitation's address,
/// each pointing to its holder; an address kept apart has a hash another
/// took first. Returns how many are kept apart.
fn in_step(org: &Organization) -> usize {
    let index = &org.addresses;
    assert_eq!(index.len(), org.member_count() + org.invitations.len());
    for member in org.members() {
        assert_eq!(
            org.holder_of(&member.email),
            Some(Holder::member(&member.id))
        );
        assert_eq!(org.member_by_email(&member.email), Some(member));
    }
    for invitation in org.invitations.as_slice() {
        match org.holder_of(&invitation.email) {
            Some(Holder::Invitation(number)) => {
                assert_eq!(org.invitations.get(number), Some(invitation));
                assert_eq!(org.invitation(&invitation.email), Some(invitation));
            }
            other => panic!("{}: {other:?}", invitation.email),
        }
    }
    assert!(
        index
            .more
            .keys()
            .all(|key| index.first.contains_key(&key.hash))
    );
    let numbers = &org.invitations.numbers;
    assert_eq!(numbers.len(), org.invitations.len());
    assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(numbers.iter().all(|&number| number < org.invitations.next));
    index.more.len()
}

#[test]
fn every_member_command_keeps_the_index_in_step() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let owner = user(0);
    let mut org = Organization::new(
        "o".parse().unwrap(),
        Name::new("Acme").unwrap(),
        Plan::Business,
        owner.clone(),
        email(0, 0),
    );
    let mut now = Timestamp::from_unix_seconds(1_000);
    let roles = [Role::Admin, Role::Developer, Role::Viewer];
    let (mut changed, mut apart) = (0, 0);
    for _ in 0..4_000 {
        now = now.plus_seconds(next(3) as u64);
        let (i, case) = (next(24), next(3));
        let actor = if next(4) == 0 {
            user(next(24))
        } else {
            org.owner().id.clone()
        };
        let role = roles[next(3)];
        let done = match next(9) {
            0 | 1 => org
                .invite(
                    &actor,
                    now,
                    email(i, case),
                    role,
                    now.plus_seconds(1 + next(20) as u64),
                )
                .is_ok(),
            2 => org.revoke_invitation(&actor, now, &email(i, case)).is_ok(),
            3 | 4 => org
                .accept_invitation(&user(i), now, &email(i, case))
                .is_ok(),
            5 => org.change_role(&actor, now, &user(i), role).is_ok(),
            6 => org.remove_member(&actor, now, &user(i)).is_ok(),
            7 => match next(3) {
                0 => org.leave(&user(i), now).is_ok(),
                1 => org.transfer_ownership(&actor, now, &user(i)).is_ok(),
                _ => org.purge_expired(&actor, now).is_some(),
            },
            _ => {
                // Read back from its parts, the index is built anew.
                let rebuilt = Organization::from_parts(org.clone().into_parts()).unwrap();
                in_step(&rebuilt);
                assert_eq!(rebuilt, org);
                false
            }
        };
        changed += usize::from(done);
        apart = apart.max(in_step(&org));
    }
    assert!(
        apart > 3,
        "the hashes of the tests collide: {apart} kept apart at most"
    );
    assert!(changed > 500, "only {changed} commands changed anything");
    let members: Vec<_> = org.members().collect();
    assert!(members.len() > 3 && !org.invitations().is_empty());
}

/// The commands ask the index whose an address is and scan nothing: with an
/// address taken out of it, an invitation to a member's address passes, and
/// a pending invitation is not found.
#[test]
fn the_commands_find_addresses_through_the_index_alone() {
    let (ada, bob) = (user(0), user(1));
    let mut org = Organization::new(
        "o".parse().unwrap(),
        Name::new("Acme").unwrap(),
        Plan::Business,
        ada.clone(),
        email(0, 0),
    );
    let now = Timestamp::from_unix_seconds(1_000);
    let later = now.plus_seconds(60);
    let _ = org
        .invite(&ada, now, email(1, 0), Role::Viewer, later)
        .unwrap();
    let _ = org.accept_invitation(&bob, now, &email(1, 1)).unwrap();
    let _ = org
        .invite(&ada, now, email(2, 0), Role::Viewer, later)
        .unwrap();
    assert!(
        org.invite(&ada, now, email(1, 2), Role::Viewer, later)
            .is_err()
    );
    assert!(org.member_by_email(&email(1, 2)).is_some());

    org.addresses.remove(&email(1, 0));
    org.addresses.remove(&email(2, 0));
    assert_eq!(org.addresses.len(), 1);
    assert!(org.member_by_email(&email(1, 0)).is_none());
    assert!(org.invitation(&email(2, 0)).is_none());
    assert!(org.revoke_invitation(&ada, now, &email(2, 0)).is_err());
    assert!(
        org.invite(&ada, now, email(1, 2), Role::Viewer, later)
            .is_ok()
    );
}
