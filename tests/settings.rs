//! The organization's settings: plan, name, description, deletion.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn plans_deploy_on_own_accounts_except_community() {
    for plan in [
        Plan::Free,
        Plan::Professional,
        Plan::Business,
        Plan::Enterprise,
    ] {
        assert!(plan.allows_cloud_accounts(), "{plan}");
    }
    assert!(!Plan::Community.allows_cloud_accounts());
}

#[test]
fn moving_to_community_is_refused_while_accounts_are_connected() {
    let mut org = acme();
    let _ = org
        .add_cloud_account(&uid("admin"), NOW, account("aws-1"))
        .unwrap();
    let error = refused(&mut org, |o| {
        o.change_plan(&uid("owner"), NOW, Plan::Community)
    });
    assert_eq!(
        error,
        SettingsError::PlanForbidsCloudAccounts {
            plan: Plan::Community,
            accounts: 1
        }
    );
    let _ = org
        .remove_cloud_account(&uid("admin"), NOW, &"aws-1".parse().unwrap())
        .unwrap();
    org.change_plan(&uid("owner"), NOW, Plan::Community)
        .unwrap();
    assert_eq!(org.plan(), Plan::Community);
}

#[test]
fn billing_needs_manage_billing() {
    let mut org = acme();
    org.change_plan(&uid("admin"), NOW, Plan::Enterprise)
        .unwrap();
    assert_eq!(org.plan(), Plan::Enterprise);
    let error = refused(&mut org, |o| o.change_plan(&uid("dev"), NOW, Plan::Free));
    assert_eq!(denial(&error).missing, Permission::MANAGE_BILLING);
}

#[test]
fn editing_the_organization_needs_edit_organization() {
    let mut org = acme();
    org.rename(&uid("admin"), NOW, name("Acme Inc")).unwrap();
    org.set_description(&uid("owner"), NOW, Some("Shop".into()))
        .unwrap();
    assert_eq!(
        (org.name().as_str(), org.description()),
        ("Acme Inc", Some("Shop"))
    );
    refused(&mut org, |o| o.rename(&uid("dev"), NOW, name("Mine")));
    refused(&mut org, |o| o.set_description(&uid("viewer"), NOW, None));
}

#[test]
fn deleting_the_organization_is_the_owners_alone_and_confirmed_by_its_exact_name() {
    let org = acme();
    org.confirm_deletion(&uid("owner"), "Acme").unwrap();
    assert_eq!(
        org.confirm_deletion(&uid("owner"), "acme"),
        Err(SettingsError::ConfirmationMismatch {
            expected: name("Acme")
        })
    );
    assert!(matches!(
        org.confirm_deletion(&uid("owner"), "Acme "),
        Err(SettingsError::ConfirmationMismatch { .. })
    ));
    let denied = org.confirm_deletion(&uid("admin"), "Acme").unwrap_err();
    assert_eq!(denial(&denied).holders, RoleSet::OWNER);
    assert_eq!(
        org.confirm_deletion(&uid("ghost"), "Acme"),
        Err(AccessError::NotAMember { user: uid("ghost") }.into())
    );
}
