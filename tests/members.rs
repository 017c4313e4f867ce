//! Members and invitations, ownership, and changing organization.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn a_new_organization_has_its_creator_as_only_owner() {
    let org = owned_by("o", "ada");
    assert_eq!(org.owner().id, uid("ada"));
    assert_eq!(org.owner().role, Role::Owner);
    assert_eq!(org.member_count(), 1);
    assert_eq!(org.members().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.default_cluster(), None);
}

#[test]
fn an_invitation_becomes_a_membership_with_its_role() {
    let mut org = acme();
    let _ = org
        .invite(
            &uid("admin"),
            NOW,
            email("eve@acme.dev"),
            Role::Admin,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    assert_eq!(org.invitations().len(), 1);
    let accepted = org
        .accept_invitation(
            &uid("eve"),
            NOW.plus_seconds(DAY - 1),
            &email("EVE@acme.dev"),
        )
        .unwrap();
    assert_eq!(
        (accepted.actor, accepted.event),
        (
            Principal::User(uid("eve")),
            Event::InvitationAccepted {
                email: email("EVE@acme.dev")
            }
        )
    );
    assert_eq!(org.role_of(&uid("eve")), Some(&RoleRef::from(Role::Admin)));
    assert_eq!(
        org.member(&uid("eve")).unwrap().email.as_str(),
        "eve@acme.dev"
    );
    assert!(org.invitations().is_empty());
}

#[test]
fn nobody_can_invite_as_owner() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("owner"),
            NOW,
            email("eve@acme.dev"),
            Role::Owner,
            NOW.plus_seconds(DAY)
        )),
        MemberError::OwnerOnlyByTransfer
    );
}

#[test]
fn inviting_needs_invite_members() {
    let mut org = acme();
    for user in ["dev", "viewer"] {
        let error = refused(&mut org, |o| {
            o.invite(
                &uid(user),
                NOW,
                email("eve@acme.dev"),
                Role::Viewer,
                NOW.plus_seconds(DAY),
            )
        });
        assert_eq!(denial(&error).missing, Permission::INVITE_MEMBERS);
    }
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("stranger"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY)
        )),
        AccessError::NotAMember {
            user: uid("stranger")
        }
        .into()
    );
}

#[test]
fn inviting_a_member_or_a_pending_address_is_an_error() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("owner"),
            NOW,
            email("DEV@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY)
        )),
        MemberError::AlreadyAMember {
            email: email("DEV@acme.dev")
        }
    );
    let _ = org
        .invite(
            &uid("owner"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("admin"),
            NOW,
            email("Eve@Acme.dev"),
            Role::Developer,
            NOW.plus_seconds(DAY)
        )),
        MemberError::AlreadyInvited {
            email: email("Eve@Acme.dev")
        }
    );
}

#[test]
fn an_expired_invitation_cannot_be_accepted() {
    let mut org = acme();
    let expiry = NOW.plus_seconds(DAY);
    let _ = org
        .invite(
            &uid("owner"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            expiry,
        )
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.accept_invitation(
            &uid("eve"),
            expiry,
            &email("eve@acme.dev")
        )),
        MemberError::InvitationExpired {
            email: email("eve@acme.dev"),
            expired_at: expiry
        }
    );
}

#[test]
fn accepting_needs_a_pending_invitation_and_a_new_user() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.accept_invitation(
            &uid("eve"),
            NOW,
            &email("eve@acme.dev")
        )),
        MemberError::NoSuchInvitation {
            email: email("eve@acme.dev")
        }
    );
    let _ = org
        .invite(
            &uid("owner"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    for existing in ["dev", "owner"] {
        assert_eq!(
            refused(&mut org, |o| o.accept_invitation(
                &uid(existing),
                NOW,
                &email("eve@acme.dev")
            )),
            MemberError::UserAlreadyAMember {
                user: uid(existing)
            }
        );
    }
}

#[test]
fn revoking_an_invitation() {
    let mut org = acme();
    let _ = org
        .invite(
            &uid("owner"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    refused(&mut org, |o| {
        o.revoke_invitation(&uid("dev"), NOW, &email("eve@acme.dev"))
    });
    let revoked = org
        .revoke_invitation(&uid("admin"), NOW, &email("EVE@acme.dev"))
        .unwrap();
    assert_eq!(
        revoked.event,
        Event::InvitationRevoked {
            email: email("EVE@acme.dev")
        }
    );
    assert!(org.invitations().is_empty());
    assert_eq!(
        refused(&mut org, |o| o.revoke_invitation(
            &uid("admin"),
            NOW,
            &email("eve@acme.dev")
        )),
        MemberError::NoSuchInvitation {
            email: email("eve@acme.dev")
        }
    );
}

#[test]
fn changing_roles() {
    let mut org = acme();
    org.change_role(&uid("admin"), NOW, &uid("viewer"), Role::Admin)
        .unwrap();
    assert_eq!(
        org.role_of(&uid("viewer")),
        Some(&RoleRef::from(Role::Admin))
    );
    org.change_role(&uid("admin"), NOW, &uid("admin"), Role::Viewer)
        .unwrap();
    assert_eq!(
        org.role_of(&uid("admin")),
        Some(&RoleRef::from(Role::Viewer))
    );
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("owner"),
            NOW,
            &uid("dev"),
            Role::Owner
        )),
        MemberError::OwnerOnlyByTransfer
    );
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("viewer"),
            NOW,
            &uid("owner"),
            Role::Viewer
        )),
        MemberError::OwnerIsFixed { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.change_role(
            &uid("owner"),
            NOW,
            &uid("ghost"),
            Role::Viewer
        )),
        MemberError::NoSuchMember { user: uid("ghost") }
    );
    for user in ["dev", "admin"] {
        let error = refused(&mut org, |o| {
            o.change_role(&uid(user), NOW, &uid("dev"), Role::Admin)
        });
        assert_eq!(denial(&error).missing, Permission::INVITE_MEMBERS, "{user}");
    }
}

#[test]
fn removing_members() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.remove_member(
            &uid("admin"),
            NOW,
            &uid("owner")
        )),
        MemberError::OwnerIsFixed { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.remove_member(
            &uid("admin"),
            NOW,
            &uid("ghost")
        )),
        MemberError::NoSuchMember { user: uid("ghost") }
    );
    refused(&mut org, |o| {
        o.remove_member(&uid("dev"), NOW, &uid("viewer"))
    });
    let removed = org
        .remove_member(&uid("admin"), NOW, &uid("viewer"))
        .unwrap();
    assert_eq!(
        removed.event,
        Event::MemberRemoved {
            member: uid("viewer")
        }
    );
    assert_eq!(org.role_of(&uid("viewer")), None);
}

#[test]
fn leaving() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.leave(&uid("owner"), NOW)),
        MemberError::OwnerCannotLeave { user: uid("owner") }
    );
    assert_eq!(
        refused(&mut org, |o| o.leave(&uid("ghost"), NOW)),
        AccessError::NotAMember { user: uid("ghost") }.into()
    );
    let _ = org.leave(&uid("viewer"), NOW).unwrap();
    assert_eq!(org.member_count(), 3);
}

#[test]
fn ownership_moves_only_by_transfer_from_the_owner() {
    let mut org = acme();
    assert_eq!(
        refused(&mut org, |o| o.transfer_ownership(
            &uid("admin"),
            NOW,
            &uid("admin")
        )),
        AccessError::NotTheOwner { user: uid("admin") }.into()
    );
    assert_eq!(
        refused(&mut org, |o| o.transfer_ownership(
            &uid("ghost"),
            NOW,
            &uid("admin")
        )),
        AccessError::NotAMember { user: uid("ghost") }.into()
    );
    assert_eq!(
        refused(&mut org, |o| o.transfer_ownership(
            &uid("owner"),
            NOW,
            &uid("ghost")
        )),
        MemberError::NoSuchMember { user: uid("ghost") }
    );
    org.transfer_ownership(&uid("owner"), NOW, &uid("viewer"))
        .unwrap();
    assert_eq!(org.owner().id, uid("viewer"));
    assert_eq!(
        org.role_of(&uid("viewer")),
        Some(&RoleRef::from(Role::Owner))
    );
    assert_eq!(
        org.role_of(&uid("owner")),
        Some(&RoleRef::from(Role::Admin))
    );
    assert_eq!(org.members().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.member_count(), 4);
    // The former owner may now leave; the new one may not.
    let _ = org.leave(&uid("owner"), NOW).unwrap();
    refused(&mut org, |o| o.leave(&uid("viewer"), NOW));
}

#[test]
fn transferring_to_oneself_changes_nothing() {
    let mut org = acme();
    let before = org.clone();
    org.transfer_ownership(&uid("owner"), NOW, &uid("owner"))
        .unwrap();
    assert_eq!(org, before);
}

#[test]
fn a_user_switches_only_to_organizations_they_belong_to() {
    let acme = acme();
    let other = owned_by("globex", "dev");
    let third = owned_by("initech", "bill");
    let mut dev = UserContext::new(uid("dev"));
    let mine: Vec<_> = dev
        .organizations([&acme, &other, &third])
        .map(|o| o.id().as_str())
        .collect();
    assert_eq!(mine, ["acme", "globex"]);
    assert_eq!(dev.current(), None);
    dev.switch_to(&other).unwrap();
    dev.switch_to(&acme).unwrap();
    assert_eq!(dev.current().unwrap().as_str(), "acme");
    assert_eq!(
        dev.switch_to(&third),
        Err(SwitchError::NotAMember {
            user: uid("dev"),
            organization: "initech".parse().unwrap()
        })
    );
    assert_eq!(
        dev.current().unwrap().as_str(),
        "acme",
        "a refused switch keeps the current organization"
    );
}

#[test]
fn a_member_holds_one_role_per_organization() {
    let acme = acme();
    let other = owned_by("globex", "dev");
    assert_eq!(
        acme.role_of(&uid("dev")),
        Some(&RoleRef::from(Role::Developer))
    );
    assert_eq!(
        other.role_of(&uid("dev")),
        Some(&RoleRef::from(Role::Owner))
    );
    // Owner elsewhere grants nothing here.
    assert!(
        !acme
            .check(
                &uid("dev"),
                Action::DeleteOrganization,
                Resource::Organization
            )
            .is_allowed()
    );
}

#[test]
fn error_messages_name_what_and_which() {
    let mut org = acme();
    let denied = org
        .invite(
            &uid("dev"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap_err();
    insta::assert_snapshot!(denied.to_string(), @"user dev may not do this: a Developer lacks “Invite members”; Owner and Admin have it");
    let expired = MemberError::InvitationExpired {
        email: email("eve@acme.dev"),
        expired_at: NOW,
    };
    insta::assert_snapshot!(expired.to_string(), @"the invitation for eve@acme.dev expired at 2023-11-14T22:13:20Z");
}

#[test]
fn an_invitation_is_pending_until_its_expiry_then_expired() {
    let mut org = acme();
    let expiry = NOW.plus_seconds(DAY);
    let _ = org
        .invite(
            &uid("admin"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            expiry,
        )
        .unwrap();
    let invitation = org.invitation(&email("EVE@acme.dev")).unwrap().clone();
    assert_eq!(invitation.status(NOW), InvitationStatus::Pending);
    assert_eq!(invitation.status(expiry), InvitationStatus::Expired);
    assert_eq!(org.pending_invitations(NOW).count(), 1);
    assert_eq!(org.pending_invitations(expiry).count(), 0);
    assert_eq!(
        org.invitations().len(),
        1,
        "an expired invitation is kept until purged"
    );
}

#[test]
fn an_invitation_must_expire_after_it_is_made() {
    let mut org = acme();
    for expires_at in [NOW, Timestamp::from_unix_seconds(0)] {
        assert_eq!(
            refused(&mut org, |o| o.invite(
                &uid("admin"),
                NOW,
                email("eve@acme.dev"),
                Role::Viewer,
                expires_at
            )),
            MemberError::ExpiryNotAfterNow {
                expires_at,
                now: NOW
            }
        );
    }
}

#[test]
fn an_expired_invitation_is_replaced_by_a_new_one() {
    let mut org = acme();
    let expiry = NOW.plus_seconds(DAY);
    let _ = org
        .invite(
            &uid("admin"),
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            expiry,
        )
        .unwrap();
    let _ = org
        .invite(
            &uid("admin"),
            NOW,
            email("carol@acme.dev"),
            Role::Viewer,
            expiry,
        )
        .unwrap();
    // Still pending one second before its expiry: refused.
    let just_before = NOW.plus_seconds(DAY - 1);
    assert_eq!(
        refused(&mut org, |o| o.invite(
            &uid("owner"),
            just_before,
            email("EVE@acme.dev"),
            Role::Admin,
            expiry.plus_seconds(DAY)
        )),
        MemberError::AlreadyInvited {
            email: email("EVE@acme.dev")
        }
    );
    let later = expiry.plus_seconds(DAY);
    let _ = org
        .invite(
            &uid("owner"),
            expiry,
            email("EVE@acme.dev"),
            Role::Admin,
            later,
        )
        .unwrap();
    let emails: Vec<&str> = org.invitations().iter().map(|i| i.email.as_str()).collect();
    assert_eq!(
        emails,
        ["carol@acme.dev", "EVE@acme.dev"],
        "the new invitation replaces the expired one"
    );
    assert_eq!(
        org.invitation(&email("eve@acme.dev")).unwrap().role,
        Role::Admin
    );
    let revision = org.revision();
    assert_eq!(
        org.accept_invitation(&uid("eve"), expiry, &email("eve@acme.dev"))
            .map(|accepted| accepted.revision),
        Ok(revision + 1)
    );
    assert_eq!(org.role_of(&uid("eve")), Some(&RoleRef::from(Role::Admin)));
}

#[test]
fn purging_removes_expired_invitations_and_records_it_only_when_some_had() {
    let mut org = acme();
    for (address, ttl) in [("a@acme.dev", 10), ("b@acme.dev", 20), ("c@acme.dev", 30)] {
        let _ = org
            .invite(
                &uid("owner"),
                NOW,
                email(address),
                Role::Viewer,
                NOW.plus_seconds(ttl),
            )
            .unwrap();
    }
    let housekeeper = uid("cron");
    let revision = org.revision();
    assert_eq!(org.purge_expired(&housekeeper, NOW.plus_seconds(5)), None);
    assert_eq!(org.invitations().len(), 3);
    let purged = org
        .purge_expired(&housekeeper, NOW.plus_seconds(20))
        .unwrap();
    assert_eq!(
        (purged.revision, &purged.actor, purged.event),
        (
            revision + 1,
            &Principal::User(housekeeper.clone()),
            Event::ExpiredInvitationsPurged
        )
    );
    let left: Vec<&str> = org.invitations().iter().map(|i| i.email.as_str()).collect();
    assert_eq!(left, ["c@acme.dev"]);
    assert_eq!(org.purge_expired(&housekeeper, NOW.plus_seconds(20)), None);
}

#[test]
fn lookups_by_email() {
    let org = acme();
    assert_eq!(
        org.member_by_email(&email("DEV@acme.dev")).unwrap().id,
        uid("dev")
    );
    assert!(org.member_by_email(&email("nobody@acme.dev")).is_none());
}

/// Ids that share long prefixes, so that the member index meets runs of
/// equal prefixes, empty ids aside.
fn crowded_id() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::prop_oneof![
        "user-00[0-9a]{1,3}",
        "user-0[0-9]{0,2}",
        "[ab]{1,9}",
        "[0-9a-f]{8}-[0-9a-f]{4}",
    ]
}

proptest::proptest! {
    #[test]
    fn member_lookup_finds_exactly_the_members(
        ids in proptest::collection::btree_set(crowded_id(), 1..300),
        probes in proptest::collection::vec(crowded_id(), 0..60),
    ) {
        let ids: Vec<String> = ids.into_iter().collect();
        let members: Vec<Member> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Member { id: uid(id), email: email(&format!("m{i}@x.io")), role: if i == 0 { Role::Owner } else { Role::Viewer }.into() })
            .collect();
        let owner = uid(&ids[0]);
        let mut org = Organization::from_members("o".parse().unwrap(), name("O"), Plan::Free, members).unwrap();
        for id in &ids {
            proptest::prop_assert!(org.member(&uid(id)).is_some(), "{} not found", id);
        }
        for probe in &probes {
            proptest::prop_assert_eq!(org.member(&uid(probe)).is_some(), ids.contains(probe));
        }
        // Joining and leaving keep the index right.
        for (i, probe) in probes.iter().enumerate() {
            let address = email(&format!("p{i}@y.io"));
            let newcomer = org.member(&uid(probe)).is_none();
            let joined = org.invite(&owner, NOW, address.clone(), Role::Developer, NOW.plus_seconds(1)).is_ok()
                && org.accept_invitation(&uid(probe), NOW, &address).is_ok();
            proptest::prop_assert_eq!(joined, newcomer);
            proptest::prop_assert!(org.member(&uid(probe)).is_some());
        }
        for id in ids.iter().skip(1).step_by(2) {
            let _ = org.leave(&uid(id), NOW).unwrap();
            proptest::prop_assert!(org.member(&uid(id)).is_none());
        }
        for member in org.members() {
            proptest::prop_assert_eq!(org.role_of(&member.id), Some(&member.role));
        }
    }
}
