//! The permission table, cell by cell, against the source document.

mod common;

use common::{markdown_table, markdown_tables};
use orgmodel::{Decision, Denial, DenialReason, Permission, PermissionMatrix, Role};
use proptest::prelude::*;
use strum::IntoEnumIterator;

/// The source document's table, copied by hand: label, then Owner, Admin,
/// Developer, Viewer. Deliberately not derived from the code under test.
const DOCUMENT: [(&str, [bool; 4]); 27] = {
    const Y: bool = true;
    const N: bool = false;
    [
        ("Read organization", [Y, Y, N, N]),
        ("Edit organization", [Y, Y, N, N]),
        ("Delete organization", [Y, N, N, N]),
        ("Manage billing", [Y, Y, N, N]),
        ("Invite members", [Y, Y, N, N]),
        ("Connect to Kubernetes cluster", [Y, Y, N, N]),
        ("Read project", [Y, Y, Y, Y]),
        ("Edit project", [Y, Y, Y, N]),
        ("Delete project", [Y, Y, N, N]),
        ("Read environment", [Y, Y, Y, Y]),
        ("Edit production environment", [Y, Y, N, N]),
        ("Edit development environment", [Y, Y, Y, N]),
        ("Stop production environment", [Y, Y, N, N]),
        ("Stop development environment", [Y, Y, Y, N]),
        ("Delete production environment", [Y, Y, N, N]),
        ("Delete development environment", [Y, Y, Y, N]),
        ("Read application", [Y, Y, Y, Y]),
        ("Edit production application", [Y, Y, N, N]),
        ("Edit development application", [Y, Y, Y, N]),
        ("Delete production application", [Y, Y, N, N]),
        ("Delete development application", [Y, Y, Y, N]),
        ("Connect via SSH to an application", [Y, Y, N, N]),
        ("Read database", [Y, Y, Y, N]),
        ("Edit production database", [Y, Y, N, N]),
        ("Edit development database", [Y, Y, Y, N]),
        ("Delete production database", [Y, Y, N, N]),
        ("Delete development database", [Y, Y, Y, N]),
    ]
};

const COLUMNS: [Role; 4] = [Role::Owner, Role::Admin, Role::Developer, Role::Viewer];

#[test]
fn every_cell_matches_the_document() {
    assert_eq!(Permission::TABLE.len(), DOCUMENT.len());
    for ((action, label), (doc_label, cells)) in Permission::TABLE.iter().zip(DOCUMENT) {
        assert_eq!(*label, doc_label, "row order or wording");
        assert_eq!(action.label(), Some(doc_label));
        for (role, expected) in COLUMNS.iter().zip(cells) {
            assert_eq!(role.can(*action), expected, "{role} × {doc_label}");
        }
    }
}

#[test]
fn the_table_has_27_distinct_single_actions_in_flag_order() {
    let flags: Vec<Permission> = Permission::all().iter().collect();
    let table: Vec<Permission> = Permission::TABLE.iter().map(|(p, _)| *p).collect();
    assert_eq!(flags, table);
    assert_eq!(Permission::all().bits().count_ones(), 27);
    assert!(table.iter().all(|p| p.bits().count_ones() == 1));
}

#[test]
fn labels_only_name_single_actions() {
    assert_eq!(Permission::empty().label(), None);
    assert_eq!(
        (Permission::READ_PROJECT | Permission::EDIT_PROJECT).label(),
        None
    );
    assert_eq!(Permission::from_bits_retain(1 << 31).label(), None);
}

#[test]
fn roles_are_ordered_least_to_most_privileged() {
    let roles: Vec<Role> = Role::iter().collect();
    assert_eq!(
        roles,
        [Role::Viewer, Role::Developer, Role::Admin, Role::Owner]
    );
    assert!(
        Role::Viewer < Role::Developer
            && Role::Developer < Role::Admin
            && Role::Admin < Role::Owner
    );
}

#[test]
fn roles_parse_case_insensitively_and_display_their_name() {
    for (text, role) in [
        ("OWNER", Role::Owner),
        ("admin", Role::Admin),
        ("Developer", Role::Developer),
        ("vIeWeR", Role::Viewer),
    ] {
        assert_eq!(text.parse::<Role>(), Ok(role));
    }
    assert!("superuser".parse::<Role>().is_err());
    assert_eq!(Role::Admin.to_string(), "Admin");
}

#[test]
fn least_roles_of_sets_and_unknown_bits() {
    assert_eq!(Permission::empty().least_role(), Some(Role::Viewer));
    assert_eq!(
        (Permission::READ_PROJECT | Permission::READ_DATABASE).least_role(),
        Some(Role::Developer)
    );
    assert_eq!(Permission::all().least_role(), Some(Role::Owner));
    assert_eq!(Permission::from_bits_retain(1 << 27).least_role(), None);
    assert!(!Role::Owner.can(Permission::from_bits_retain(1 << 27)));
}

#[test]
fn an_allowed_decision_names_the_granting_role() {
    assert_eq!(
        Role::Admin.decide(Permission::MANAGE_BILLING),
        Decision::Allowed {
            permission: Permission::MANAGE_BILLING,
            role: Role::Admin
        }
    );
    assert!(Role::Admin.decide(Permission::MANAGE_BILLING).is_allowed());
}

#[test]
fn a_denial_names_what_is_missing_and_the_least_role_that_has_it() {
    let asked = Permission::READ_DATABASE | Permission::EDIT_PRODUCTION_DATABASE;
    let decision = Role::Viewer.decide(asked);
    assert!(!decision.is_allowed());
    let denial = decision.into_result().unwrap_err();
    assert_eq!(
        denial,
        Denial {
            permission: asked,
            missing: asked,
            least_role: Some(Role::Admin),
            reason: DenialReason::Role(Role::Viewer),
        }
    );
    let partly = Role::Developer.decide(asked).into_result().unwrap_err();
    assert_eq!(partly.missing, Permission::EDIT_PRODUCTION_DATABASE);
}

#[test]
fn denial_messages() {
    let msg = |role: Role, p: Permission| role.decide(p).into_result().unwrap_err().to_string();
    insta::assert_snapshot!(msg(Role::Developer, Permission::EDIT_PRODUCTION_ENVIRONMENT), @"a Developer lacks “Edit production environment”; an Admin or above has it");
    insta::assert_snapshot!(msg(Role::Admin, Permission::DELETE_ORGANIZATION), @"an Admin lacks “Delete organization”; only the Owner has it");
    insta::assert_snapshot!(msg(Role::Viewer, Permission::READ_DATABASE | Permission::EDIT_PROJECT), @"a Viewer lacks “Edit project”, “Read database”; a Developer or above has it");
    let outsider = Denial::new(Permission::READ_PROJECT, DenialReason::NotAMember).to_string();
    insta::assert_snapshot!(outsider, @"not a member of the organization, so without “Read project”; a Viewer or above has it");
}

#[test]
fn rendered_matrix() {
    insta::assert_snapshot!("permission_matrix", PermissionMatrix.to_string());
}

fn action() -> impl Strategy<Value = Permission> {
    proptest::sample::select(Permission::TABLE.map(|(p, _)| p).to_vec())
}

fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::iter().collect::<Vec<_>>())
}

proptest! {
    #[test]
    fn each_role_holds_everything_below_it(bits in any::<u32>()) {
        let set = Permission::from_bits_truncate(bits);
        let roles: Vec<Role> = Role::iter().collect();
        for pair in roles.windows(2) {
            let (lower, higher) = (pair[0], pair[1]);
            prop_assert!(higher.permissions().contains(lower.permissions()));
            prop_assert!(higher.permissions() != lower.permissions());
            prop_assert!(!lower.can(set) || higher.can(set));
        }
    }

    #[test]
    fn least_role_agrees_with_can(a in action(), r in role()) {
        let least = a.least_role().unwrap();
        prop_assert!(least.can(a));
        prop_assert_eq!(r.can(a), r >= least);
    }

    #[test]
    fn least_role_of_a_set_is_the_greatest_of_its_actions(bits in any::<u32>()) {
        let set = Permission::from_bits_truncate(bits);
        let greatest = set.iter().filter_map(Permission::least_role).max().unwrap_or(Role::Viewer);
        prop_assert_eq!(set.least_role(), Some(greatest));
    }

    #[test]
    fn a_decision_allows_exactly_when_the_role_can(bits in any::<u32>(), r in role()) {
        let set = Permission::from_bits_truncate(bits);
        match r.decide(set) {
            Decision::Allowed { permission, role } => {
                prop_assert!(r.can(set));
                prop_assert_eq!((permission, role), (set, r));
            }
            Decision::Denied(denial) => {
                prop_assert!(!r.can(set));
                prop_assert!(!denial.missing.is_empty());
                prop_assert!(r.permissions().intersection(denial.missing).is_empty());
                prop_assert_eq!(denial.missing | (set & r.permissions()), set);
            }
        }
    }
}

#[test]
fn the_readme_and_the_spec_show_the_same_table() {
    for (file, text) in [
        ("README.md", include_str!("../README.md")),
        ("spec.md", include_str!("../spec.md")),
    ] {
        let shown = markdown_table(text, &["Action", "Owner"]);
        let table: String = shown.lines.iter().map(|line| format!("{line}\n")).collect();
        assert_eq!(table, PermissionMatrix.to_string(), "{file}");
        // And it reads as a table of 27 rows of 5 cells.
        let [matrix] = <[_; 1]>::try_from(markdown_tables(&table)).unwrap();
        assert_eq!(shown.rows, matrix.rows);
        assert_eq!(shown.rows.len(), 1 + 27, "{file}");
        assert!(shown.rows.iter().all(|row| row.len() == 5), "{file}");
    }
}
