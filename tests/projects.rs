//! Projects, their deployment rules and environments, as organization commands.

mod common;

use common::*;
use orgmodel::*;

#[test]
fn projects_are_unique_and_need_edit_then_delete_project() {
    let mut org = acme_with_infra();
    let _ = org
        .add_project(&uid("dev"), NOW, pid("p2"), name("Blog"))
        .unwrap();
    assert_eq!(
        refused(&mut org, |o| o.add_project(
            &uid("dev"),
            NOW,
            pid("p2"),
            name("Other")
        )),
        ProjectError::ProjectExists { project: pid("p2") }
    );
    assert_eq!(
        refused(&mut org, |o| o.add_project(
            &uid("dev"),
            NOW,
            pid("p3"),
            name("BLOG")
        )),
        ProjectError::ProjectNameTaken {
            name: name("BLOG"),
            project: pid("p2")
        }
    );
    refused(&mut org, |o| {
        o.add_project(&uid("viewer"), NOW, pid("p3"), name("x"))
    });
    let error = refused(&mut org, |o| o.delete_project(&uid("dev"), NOW, &pid("p2")));
    assert_eq!(denial(&error).missing, Permission::DELETE_PROJECT);
    assert_eq!(
        org.delete_project(&uid("admin"), NOW, &pid("p2"))
            .unwrap()
            .event,
        Event::ProjectDeleted { project: pid("p2") }
    );
    assert!(org.project(&pid("p2")).is_none());
    assert_eq!(
        refused(&mut org, |o| o.delete_project(
            &uid("admin"),
            NOW,
            &pid("p2")
        )),
        ProjectError::NoSuchProject { project: pid("p2") }
    );
}

#[test]
fn deleting_a_project_frees_its_clusters() {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    let _ = org
        .add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r", "*", Mode::Staging, "c2", 0),
        )
        .unwrap();
    let _ = org
        .create_environment(
            &owner,
            NOW,
            &pid("p1"),
            eid("e"),
            &CreateEnvironmentRequest::new("x"),
        )
        .unwrap();
    let _ = org.delete_project(&owner, NOW, &pid("p1")).unwrap();
    let _ = org.delete_cluster(&owner, NOW, &cid("c2")).unwrap();
}
