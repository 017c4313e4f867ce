//! Prints what a member holding a custom role may do, level by level, as
//! Markdown: one table for a project's resources in production mode, one for
//! the other modes, and one for the cluster levels. Every project cell is
//! computed by the crate's [`ProjectAccess`], the same rows a check reads.
//!
//! ```sh
//! cargo run --example custom_roles
//! ```

use std::fmt::Write as _;

use orgmodel::{ClusterLevel, Mode, Permission, ProjectAccess, ProjectLevel};

/// A project's levels, lowest first.
const PROJECT_LEVELS: [ProjectLevel; 4] = [
    ProjectLevel::NoAccess,
    ProjectLevel::Viewer,
    ProjectLevel::Deployer,
    ProjectLevel::Manager,
];

/// A cluster's levels, lowest first.
const CLUSTER_LEVELS: [ClusterLevel; 3] = [
    ClusterLevel::Viewer,
    ClusterLevel::EnvCreator,
    ClusterLevel::Admin,
];

fn main() {
    print!("{}", render());
}

/// The whole page: the production table, the non-production one, the
/// cluster table.
pub fn render() -> String {
    // "STAGING, DEVELOPMENT or PREVIEW": the modes of the development rows.
    let others: Vec<String> = Mode::ALL
        .into_iter()
        .filter(|mode| !mode.is_production())
        .map(wire_name)
        .collect();
    let others = match others.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => others.concat(),
    };
    format!(
        "# What a custom role allows\n\n\
         A column is a role that is not the project's admin, with the \
         resource's mode at that level (and its other modes at NO_ACCESS), \
         or a role with `is_admin` on the project. `—`: not a project's row \
         (a custom role reads the organization and nothing more of it; \
         for the Kubernetes cluster see the last table).\n\n\
         ## A project's resources in {} mode\n\n{}\n\
         ## A project's resources in {} mode\n\n{}\n\
         ## A cluster\n\n\
         A cluster the role does not list is at VIEWER. Creating an \
         environment also needs MANAGER (or `is_admin`) on its mode.\n\n{}",
        wire_name(Mode::Production),
        project_table(Mode::Production),
        others,
        // The non-production modes share their rows: one stands for all.
        project_table(Mode::Development),
        cluster_table(),
    )
}

/// The 27 actions × the project levels, for a resource in `mode`.
pub fn project_table(mode: Mode) -> String {
    // One role per column: `is_admin` false with `mode` at each level, then
    // a project admin (who is MANAGER in every mode).
    let mut columns: Vec<(String, ProjectAccess)> = PROJECT_LEVELS
        .into_iter()
        .map(|level| {
            (
                level.to_string(),
                ProjectAccess::new(false, [(mode, level)]),
            )
        })
        .collect();
    let admin = ProjectAccess::new(true, []);
    columns.push(("is_admin".to_owned(), admin));
    // The rows a project's access can grant at all: a project admin's, in
    // every mode. The others (the organization's rows) are none of its.
    let project_rows = Mode::ALL
        .into_iter()
        .fold(Permission::empty(), |rows, mode| rows | admin.rows(mode));

    let mut table = String::from("| Action |");
    for (name, _) in &columns {
        write!(table, " {name} |").unwrap();
    }
    table.push_str("\n|---|");
    table.push_str(&"---|".repeat(columns.len()));
    // The actions in the source document's order and wording.
    for (action, label) in Permission::TABLE {
        write!(table, "\n| {label} |").unwrap();
        for (_, access) in &columns {
            let cell = if !project_rows.contains(action) {
                "—"
            } else if access.rows(mode).contains(action) {
                "yes"
            } else {
                "no"
            };
            write!(table, " {cell} |").unwrap();
        }
    }
    table.push('\n');
    table
}

/// What a cluster's level allows on that cluster. The crate states these
/// thresholds on [`ClusterLevel`]'s variants (the levels are ordered); its
/// checks under custom roles apply them.
pub fn cluster_table() -> String {
    let connect = Permission::CONNECT_TO_KUBERNETES_CLUSTER
        .label()
        .unwrap_or_default();
    // Each action with the lowest level that allows it.
    let actions = [
        ("Read the cluster", ClusterLevel::Viewer),
        (connect, ClusterLevel::Admin),
        ("Create environments on it", ClusterLevel::EnvCreator),
        ("Stop, start and update its settings", ClusterLevel::Admin),
    ];

    let mut table = String::from("| On a cluster |");
    for level in CLUSTER_LEVELS {
        write!(table, " {level} |").unwrap();
    }
    table.push_str("\n|---|");
    table.push_str(&"---|".repeat(CLUSTER_LEVELS.len()));
    for (action, lowest) in actions {
        write!(table, "\n| {action} |").unwrap();
        for level in CLUSTER_LEVELS {
            let cell = if level >= lowest { "yes" } else { "no" };
            write!(table, " {cell} |").unwrap();
        }
    }
    table.push('\n');
    table
}

/// A mode as the API writes it: `PRODUCTION`.
fn wire_name(mode: Mode) -> String {
    <&str>::from(mode).to_ascii_uppercase()
}
