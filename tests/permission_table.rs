//! The permission table, cell by cell, against the source document.

mod common;

use common::{markdown_table, markdown_tables};
use orgmodel::{
    BuiltInMatrix, Capability, Decision, Denial, DenialReason, Permission, PermissionMatrix, Role,
    RoleSet,
};
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

/// The two roles the platform added, copied by hand from the design's
/// "DevOps and Billing Manager": DevOps holds R1, R6 and R7–R27; Billing
/// Manager R1 and R4.
const ADDED: [(&str, [bool; 2]); 27] = {
    const Y: bool = true;
    const N: bool = false;
    [
        ("Read organization", [Y, Y]),
        ("Edit organization", [N, N]),
        ("Delete organization", [N, N]),
        ("Manage billing", [N, Y]),
        ("Invite members", [N, N]),
        ("Connect to Kubernetes cluster", [Y, N]),
        ("Read project", [Y, N]),
        ("Edit project", [Y, N]),
        ("Delete project", [Y, N]),
        ("Read environment", [Y, N]),
        ("Edit production environment", [Y, N]),
        ("Edit development environment", [Y, N]),
        ("Stop production environment", [Y, N]),
        ("Stop development environment", [Y, N]),
        ("Delete production environment", [Y, N]),
        ("Delete development environment", [Y, N]),
        ("Read application", [Y, N]),
        ("Edit production application", [Y, N]),
        ("Edit development application", [Y, N]),
        ("Delete production application", [Y, N]),
        ("Delete development application", [Y, N]),
        ("Connect via SSH to an application", [Y, N]),
        ("Read database", [Y, N]),
        ("Edit production database", [Y, N]),
        ("Edit development database", [Y, N]),
        ("Delete production database", [Y, N]),
        ("Delete development database", [Y, N]),
    ]
};

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
fn devops_and_billing_manager_hold_their_cells() {
    for ((action, label), (added_label, cells)) in Permission::TABLE.iter().zip(ADDED) {
        assert_eq!(*label, added_label);
        for (role, expected) in [Role::DevOps, Role::BillingManager].iter().zip(cells) {
            assert_eq!(role.can(*action), expected, "{role} × {label}");
        }
    }
}

#[test]
fn only_owner_admin_and_devops_manage_clusters_and_tokens() {
    for role in Role::ALL {
        let manages = matches!(role, Role::Owner | Role::Admin | Role::DevOps);
        assert_eq!(role.has(Capability::MANAGE_CLUSTERS), manages, "{role}");
        assert_eq!(role.has(Capability::MANAGE_API_TOKENS), manages, "{role}");
        assert_eq!(
            role.decide_capability(Capability::MANAGE_CLUSTERS)
                .is_allowed(),
            manages
        );
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
fn the_six_built_in_roles_as_the_platform_lists_them() {
    let roles: Vec<Role> = Role::iter().collect();
    assert_eq!(roles, Role::ALL);
    assert_eq!(Role::SOURCE, COLUMNS);
    let names: Vec<String> = Role::ALL.iter().map(Role::to_string).collect();
    assert_eq!(
        names,
        [
            "Owner",
            "Admin",
            "DevOps",
            "Developer",
            "Viewer",
            "Billing Manager"
        ]
    );
}

#[test]
fn roles_parse_case_insensitively_and_display_their_name() {
    for (text, role) in [
        ("OWNER", Role::Owner),
        ("admin", Role::Admin),
        ("Developer", Role::Developer),
        ("vIeWeR", Role::Viewer),
        ("DEVOPS", Role::DevOps),
        ("devops", Role::DevOps),
        ("DevOps", Role::DevOps),
        ("BILLING", Role::BillingManager),
        ("billing", Role::BillingManager),
        ("Billing Manager", Role::BillingManager),
        ("BILLING_MANAGER", Role::BillingManager),
    ] {
        assert_eq!(text.parse::<Role>(), Ok(role), "{text}");
    }
    for unknown in ["superuser", "dev_ops", "billingmanager", ""] {
        assert!(unknown.parse::<Role>().is_err(), "{unknown}");
    }
    assert_eq!(Role::Admin.to_string(), "Admin");
}

#[test]
fn built_in_roles_are_known_by_their_fixed_uuid_or_their_name() {
    for role in Role::ALL {
        assert_eq!(Role::from_id(role.id()), Some(role));
        assert_eq!(Role::from_id(&role.id().to_uppercase()), Some(role));
        assert_eq!(Role::from_id(&role.to_string().to_lowercase()), Some(role));
    }
    let ids: std::collections::BTreeSet<&str> = Role::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(ids.len(), 6);
    assert_eq!(Role::from_id("billing manager"), Some(Role::BillingManager));
    assert_eq!(Role::from_id("c0ffee00-1111-4222-8333-444455556666"), None);
}

#[test]
fn the_holders_of_sets_and_unknown_bits() {
    let holding = |p| RoleSet::holding(p, Capability::empty());
    assert_eq!(holding(Permission::empty()), RoleSet::all());
    assert_eq!(
        holding(Permission::READ_PROJECT | Permission::READ_DATABASE),
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS | RoleSet::DEVELOPER
    );
    assert_eq!(
        holding(Permission::READ_ORGANIZATION),
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS | RoleSet::BILLING_MANAGER
    );
    assert_eq!(holding(Permission::all()), RoleSet::OWNER);
    assert_eq!(
        holding(Permission::from_bits_retain(1 << 27)),
        RoleSet::empty()
    );
    assert!(!Role::Owner.can(Permission::from_bits_retain(1 << 27)));
    assert_eq!(
        RoleSet::holding(Permission::empty(), Capability::MANAGE_CLUSTERS),
        RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS
    );
}

#[test]
fn an_allowed_decision_names_the_granting_role() {
    assert_eq!(
        Role::Admin.decide(Permission::MANAGE_BILLING),
        Decision::Allowed {
            permission: Permission::MANAGE_BILLING,
            role: Some(Role::Admin)
        }
    );
    assert!(Role::Admin.decide(Permission::MANAGE_BILLING).is_allowed());
}

#[test]
fn a_denial_names_what_is_missing_and_the_roles_that_have_it() {
    let asked = Permission::READ_DATABASE | Permission::EDIT_PRODUCTION_DATABASE;
    let decision = Role::Viewer.decide(asked);
    assert!(!decision.is_allowed());
    let denial = decision.into_result().unwrap_err();
    assert_eq!(
        denial,
        Denial {
            permission: asked,
            missing: asked,
            capability: Capability::empty(),
            holders: RoleSet::OWNER | RoleSet::ADMIN | RoleSet::DEVOPS,
            reason: DenialReason::Role(Role::Viewer),
        }
    );
    let partly = Role::Developer.decide(asked).into_result().unwrap_err();
    assert_eq!(partly.missing, Permission::EDIT_PRODUCTION_DATABASE);
}

#[test]
fn denial_messages() {
    let msg = |role: Role, p: Permission| role.decide(p).into_result().unwrap_err().to_string();
    insta::assert_snapshot!(msg(Role::Developer, Permission::EDIT_PRODUCTION_ENVIRONMENT), @"a Developer lacks “Edit production environment”; Owner, Admin and DevOps have it");
    insta::assert_snapshot!(msg(Role::Admin, Permission::DELETE_ORGANIZATION), @"an Admin lacks “Delete organization”; only the Owner has it");
    insta::assert_snapshot!(msg(Role::Viewer, Permission::READ_DATABASE | Permission::EDIT_PROJECT), @"a Viewer lacks “Edit project”, “Read database”; Owner, Admin, DevOps and Developer have it");
    insta::assert_snapshot!(msg(Role::DevOps, Permission::INVITE_MEMBERS), @"a DevOps lacks “Invite members”; Owner and Admin have it");
    insta::assert_snapshot!(msg(Role::BillingManager, Permission::READ_PROJECT), @"a Billing Manager lacks “Read project”; Owner, Admin, DevOps, Developer and Viewer have it");
    insta::assert_snapshot!(msg(Role::Developer, Permission::MANAGE_BILLING), @"a Developer lacks “Manage billing”; Owner, Admin and Billing Manager have it");
    let outsider = Denial::new(Permission::READ_PROJECT, DenialReason::NotAMember).to_string();
    insta::assert_snapshot!(outsider, @"not a member of the organization, so without “Read project”; Owner, Admin, DevOps, Developer and Viewer have it");
    let nobody = Denial::new(
        Permission::from_bits_retain(1 << 27),
        DenialReason::NotAMember,
    )
    .to_string();
    insta::assert_snapshot!(nobody, @"not a member of the organization, so without no action; no built-in role has it");
}

#[test]
fn rendered_matrix() {
    insta::assert_snapshot!("permission_matrix", PermissionMatrix.to_string());
    insta::assert_snapshot!("built_in_matrix", BuiltInMatrix.to_string());
}

fn action() -> impl Strategy<Value = Permission> {
    proptest::sample::select(Permission::TABLE.map(|(p, _)| p).to_vec())
}

fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::iter().collect::<Vec<_>>())
}

proptest! {
    #[test]
    fn the_built_in_roles_nest_as_design_says(bits in any::<u32>()) {
        let set = Permission::from_bits_truncate(bits);
        // Viewer ⊂ Developer ⊂ DevOps ⊂ Admin ⊂ Owner, and Billing Manager ⊂ Admin:
        // each pair strictly, and whoever holds a set under the smaller role
        // holds it under the larger.
        let chain = [Role::Viewer, Role::Developer, Role::DevOps, Role::Admin, Role::Owner];
        let pairs = chain.windows(2).map(|pair| (pair[0], pair[1]))
            .chain([(Role::BillingManager, Role::Admin)]);
        for (lower, higher) in pairs {
            prop_assert!(higher.permissions().contains(lower.permissions()), "{lower} ⊂ {higher}");
            prop_assert!(higher.permissions() != lower.permissions());
            prop_assert!(higher.capabilities().contains(lower.capabilities()));
            prop_assert!(!lower.can(set) || higher.can(set));
        }
        // Billing Manager sits beside Viewer, Developer and DevOps.
        for other in [Role::Viewer, Role::Developer, Role::DevOps] {
            prop_assert!(!other.permissions().contains(Role::BILLING_MANAGER));
            prop_assert!(!Role::BILLING_MANAGER.contains(other.permissions()));
        }
    }

    #[test]
    fn every_action_is_the_owners_and_a_denial_never_names_the_denied_role(a in action(), r in role()) {
        prop_assert!(RoleSet::holding(a, Capability::empty()).contains(RoleSet::OWNER));
        if let Decision::Denied(denial) = r.decide(a) {
            prop_assert!(!denial.holders.contains(RoleSet::of(r)));
        }
    }

    #[test]
    fn holders_agree_with_can(bits in any::<u32>(), r in role()) {
        let set = Permission::from_bits_retain(bits);
        let holders = RoleSet::holding(set, Capability::empty());
        prop_assert_eq!(holders.contains(RoleSet::of(r)), r.can(set));
        let denial = Denial::new(set, DenialReason::Role(r));
        prop_assert_eq!(denial.holders, holders);
    }

    #[test]
    fn a_decision_allows_exactly_when_the_role_can(bits in any::<u32>(), r in role()) {
        let set = Permission::from_bits_truncate(bits);
        match r.decide(set) {
            Decision::Allowed { permission, role } => {
                prop_assert!(r.can(set));
                prop_assert_eq!((permission, role), (set, Some(r)));
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
        let shown = markdown_table(text, &["Action", "Owner", "Admin", "Developer"]);
        let table: String = shown.lines.iter().map(|line| format!("{line}\n")).collect();
        assert_eq!(table, PermissionMatrix.to_string(), "{file}");
        // And it reads as a table of 27 rows of 5 cells.
        let [matrix] = <[_; 1]>::try_from(markdown_tables(&table)).unwrap();
        assert_eq!(shown.rows, matrix.rows);
        assert_eq!(shown.rows.len(), 1 + 27, "{file}");
        assert!(shown.rows.iter().all(|row| row.len() == 5), "{file}");
    }
    // The README also shows the six built-in roles.
    let six = markdown_table(
        include_str!("../README.md"),
        &["Action", "Owner", "Admin", "DevOps"],
    );
    let table: String = six.lines.iter().map(|line| format!("{line}\n")).collect();
    assert_eq!(table, BuiltInMatrix.to_string());
    assert!(six.rows.iter().all(|row| row.len() == 7));
}
