//! The `custom_roles` example's page, and a few of its cells checked against
//! the design's table of levels to rows (README, "Custom roles: levels and
//! the rows they grant").

#[allow(dead_code)]
#[path = "../custom_roles.rs"]
mod custom_roles;

use custom_roles::{cluster_table, project_table, render};
use orgmodel::Mode;

/// The cell of a Markdown table at the row labelled `row` and the column
/// headed `column`.
fn cell<'a>(table: &'a str, row: &str, column: &str) -> &'a str {
    let cells = |line: &'a str| -> Vec<&'a str> {
        line.trim_matches('|').split('|').map(str::trim).collect()
    };
    let mut lines = table.lines();
    let header = cells(lines.next().unwrap());
    let at = header
        .iter()
        .position(|name| *name == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {header:?}"));
    let line = lines
        .map(cells)
        .find(|cells| cells.first() == Some(&row))
        .unwrap_or_else(|| panic!("no row {row:?}"));
    line[at]
}

#[test]
fn the_page() {
    insta::assert_snapshot!(render());
}

#[test]
fn production_cells_follow_the_design() {
    let table = project_table(Mode::Production);
    let expected = [
        ("Read organization", "MANAGER", "—"),
        ("Read project", "NO_ACCESS", "no"),
        ("Read project", "VIEWER", "yes"),
        ("Read environment", "NO_ACCESS", "no"),
        ("Read environment", "VIEWER", "yes"),
        ("Connect via SSH to an application", "VIEWER", "no"),
        ("Connect via SSH to an application", "DEPLOYER", "yes"),
        ("Stop production environment", "DEPLOYER", "yes"),
        ("Edit production environment", "DEPLOYER", "no"),
        ("Edit production environment", "MANAGER", "yes"),
        ("Delete production environment", "MANAGER", "no"),
        ("Delete production environment", "is_admin", "yes"),
        ("Edit project", "MANAGER", "no"),
        ("Edit project", "is_admin", "yes"),
        // A production resource takes the production rows only.
        ("Stop development environment", "is_admin", "no"),
    ];
    for (row, column, value) in expected {
        assert_eq!(cell(&table, row, column), value, "{row} × {column}");
    }
}

#[test]
fn non_production_cells_follow_the_design() {
    // The page prints DEVELOPMENT for every non-production mode.
    let table = project_table(Mode::Development);
    assert_eq!(project_table(Mode::Staging), table);
    assert_eq!(project_table(Mode::Preview), table);
    let expected = [
        ("Stop development environment", "VIEWER", "no"),
        ("Stop development environment", "DEPLOYER", "yes"),
        ("Stop production environment", "DEPLOYER", "no"),
        ("Edit development application", "DEPLOYER", "no"),
        ("Edit development application", "MANAGER", "yes"),
        ("Delete development database", "MANAGER", "yes"),
        ("Delete development environment", "MANAGER", "no"),
        ("Delete development environment", "is_admin", "yes"),
        ("Connect to Kubernetes cluster", "is_admin", "—"),
    ];
    for (row, column, value) in expected {
        assert_eq!(cell(&table, row, column), value, "{row} × {column}");
    }
}

#[test]
fn cluster_cells_follow_the_design() {
    let table = cluster_table();
    let expected = [
        ("Read the cluster", "VIEWER", "yes"),
        ("Connect to Kubernetes cluster", "ENV_CREATOR", "no"),
        ("Connect to Kubernetes cluster", "ADMIN", "yes"),
        ("Create environments on it", "VIEWER", "no"),
        ("Create environments on it", "ENV_CREATOR", "yes"),
        ("Create environments on it", "ADMIN", "yes"),
        ("Stop, start and update its settings", "ENV_CREATOR", "no"),
        ("Stop, start and update its settings", "ADMIN", "yes"),
    ];
    for (row, column, value) in expected {
        assert_eq!(cell(&table, row, column), value, "{row} × {column}");
    }
}
