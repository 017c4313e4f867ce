//! Custom roles as data: levels per cluster and per project × mode, and the
//! rows of the table they grant, against the design's table written out by
//! hand.

use orgmodel::*;
use proptest::prelude::*;

const LEVELS: [ProjectLevel; 4] = [
    ProjectLevel::NoAccess,
    ProjectLevel::Viewer,
    ProjectLevel::Deployer,
    ProjectLevel::Manager,
];

/// The design's level → row table for a resource of a project in one mode,
/// the project's other modes at `NO_ACCESS`: columns `NO_ACCESS`, `VIEWER`,
/// `DEPLOYER`, `MANAGER` (not admin), then `is_admin`. A production row
/// holds only in `Production`, a development row in every other mode; rows
/// 1–6 are never a project's.
const TABLE: [(&str, [bool; 5]); 27] = {
    const Y: bool = true;
    const N: bool = false;
    [
        ("Read organization", [N, N, N, N, N]),
        ("Edit organization", [N, N, N, N, N]),
        ("Delete organization", [N, N, N, N, N]),
        ("Manage billing", [N, N, N, N, N]),
        ("Invite members", [N, N, N, N, N]),
        ("Connect to Kubernetes cluster", [N, N, N, N, N]),
        ("Read project", [N, Y, Y, Y, Y]),
        ("Edit project", [N, N, N, N, Y]),
        ("Delete project", [N, N, N, N, Y]),
        ("Read environment", [N, Y, Y, Y, Y]),
        ("Edit production environment", [N, N, N, Y, Y]),
        ("Edit development environment", [N, N, N, Y, Y]),
        ("Stop production environment", [N, N, Y, Y, Y]),
        ("Stop development environment", [N, N, Y, Y, Y]),
        ("Delete production environment", [N, N, N, N, Y]),
        ("Delete development environment", [N, N, N, N, Y]),
        ("Read application", [N, Y, Y, Y, Y]),
        ("Edit production application", [N, N, N, Y, Y]),
        ("Edit development application", [N, N, N, Y, Y]),
        ("Delete production application", [N, N, N, Y, Y]),
        ("Delete development application", [N, N, N, Y, Y]),
        ("Connect via SSH to an application", [N, N, Y, Y, Y]),
        ("Read database", [N, Y, Y, Y, Y]),
        ("Edit production database", [N, N, N, Y, Y]),
        ("Edit development database", [N, N, N, Y, Y]),
        ("Delete production database", [N, N, N, Y, Y]),
        ("Delete development database", [N, N, N, Y, Y]),
    ]
};

/// Whether a row of the table applies to a resource in `mode`.
fn applies(label: &str, mode: Mode) -> bool {
    if label.contains("production") {
        mode == Mode::Production
    } else if label.contains("development") {
        mode != Mode::Production
    } else {
        true
    }
}

#[test]
fn every_row_for_every_level_is_admin_and_mode_follows_the_table() {
    for mode in Mode::ALL {
        for column in 0..5 {
            let access = match LEVELS.get(column) {
                Some(&level) => ProjectAccess::new(false, [(mode, level)]),
                None => ProjectAccess::new(true, []),
            };
            let rows = access.rows(mode);
            for ((row, label), (table_label, cells)) in Permission::TABLE.iter().zip(TABLE) {
                assert_eq!(*label, table_label);
                let expected = cells[column] && applies(label, mode);
                assert_eq!(
                    rows.contains(*row),
                    expected,
                    "{label} in {mode} at column {column}"
                );
            }
            // The project's other modes see only the project itself.
            for other in Mode::ALL.into_iter().filter(|other| *other != mode) {
                let expected = match LEVELS.get(column) {
                    Some(&level) if level >= ProjectLevel::Viewer => Permission::READ_PROJECT,
                    Some(_) => Permission::empty(),
                    None => access.rows(other),
                };
                assert_eq!(access.rows(other), expected, "{other} beside {mode}");
            }
        }
    }
}

#[test]
fn is_admin_makes_every_mode_manager() {
    let admin = ProjectAccess::new(true, [(Mode::Production, ProjectLevel::Viewer)]);
    for mode in Mode::ALL {
        assert_eq!(admin.level(mode), ProjectLevel::Manager);
    }
    assert!(admin.reads_project());
    assert!(!ProjectAccess::NONE.reads_project());
}

/// The design's table as plain code, for any combination of levels.
fn reference(is_admin: bool, levels: [ProjectLevel; 4], mode: Mode) -> Permission {
    let level = |m: Mode| levels[Mode::ALL.iter().position(|x| *x == m).unwrap()];
    let e = if is_admin {
        ProjectLevel::Manager
    } else {
        level(mode)
    };
    let mut rows = Permission::empty();
    for (row, label) in Permission::TABLE {
        if !applies(label, mode) {
            continue;
        }
        let granted = match label {
            "Read project" => is_admin || levels.iter().any(|l| *l >= ProjectLevel::Viewer),
            "Edit project" | "Delete project" => is_admin,
            "Read environment" | "Read application" | "Read database" => e >= ProjectLevel::Viewer,
            "Stop production environment"
            | "Stop development environment"
            | "Connect via SSH to an application" => e >= ProjectLevel::Deployer,
            "Delete production environment" | "Delete development environment" => is_admin,
            _ if label.starts_with("Edit") && !label.ends_with("organization") => {
                e >= ProjectLevel::Manager
            }
            _ if label.starts_with("Delete")
                && (label.ends_with("application") || label.ends_with("database")) =>
            {
                e >= ProjectLevel::Manager
            }
            _ => false,
        };
        if granted {
            rows |= row;
        }
    }
    rows
}

fn level() -> impl Strategy<Value = ProjectLevel> {
    prop::sample::select(LEVELS.to_vec())
}

proptest! {
    #[test]
    fn the_rows_equal_a_plain_reference(
        is_admin in any::<bool>(),
        levels in prop::array::uniform4(level()),
        mode in prop::sample::select(Mode::ALL.to_vec()),
    ) {
        let access = ProjectAccess::new(is_admin, Mode::ALL.into_iter().zip(levels));
        prop_assert_eq!(access.rows(mode), reference(is_admin, levels, mode));
        let listed: Vec<_> = access.listed().map(|(_, level)| level).collect();
        // A project admin is MANAGER in every mode, as the platform writes it.
        let expected = if is_admin { [ProjectLevel::Manager; 4] } else { levels };
        prop_assert_eq!(listed, expected.to_vec());
    }
}

fn role(name: &str) -> Result<CustomRole, ValidationError> {
    CustomRole::new("r".parse().unwrap(), Name::new(name).unwrap(), "")
}

#[test]
fn a_custom_role_never_takes_a_built_in_name() {
    for name in [
        "viewer",
        "OWNER",
        "Admin",
        "devops",
        "DevOps",
        "Billing",
        "billing manager",
        "BILLING_MANAGER",
    ] {
        let error = role(name).unwrap_err();
        assert_eq!(
            (error.path(), error.kind()),
            ("name", "built_in_role_name"),
            "{name}"
        );
    }
    assert!(role("Viewers").is_ok());
    assert!(role("On-call").is_ok());
}

#[test]
fn a_new_role_starts_at_the_lowest_levels() {
    let role = role("On-call").unwrap();
    let (cluster, project): (ClusterId, ProjectId) = ("c".parse().unwrap(), "p".parse().unwrap());
    assert_eq!(role.cluster_level(&cluster), ClusterLevel::Viewer);
    assert_eq!(role.project(&project), &ProjectAccess::NONE);
    for mode in Mode::ALL {
        assert!(role.rows(&project, mode).is_empty());
    }
    assert_eq!(role.highest_cluster_level(), ClusterLevel::Viewer);
}

#[test]
fn a_definition_replaces_the_whole_role_and_refuses_duplicates_with_their_path() {
    let c = |id: &str| -> ClusterId { id.parse().unwrap() };
    let p = |id: &str| -> ProjectId { id.parse().unwrap() };
    let deployer = ProjectAccess::new(false, [(Mode::Production, ProjectLevel::Deployer)]);
    let role = role("On-call")
        .unwrap()
        .define(
            [
                (c("b"), ClusterLevel::Admin),
                (c("a"), ClusterLevel::EnvCreator),
            ],
            [(p("shop"), deployer)],
        )
        .unwrap();
    assert_eq!(role.cluster_level(&c("a")), ClusterLevel::EnvCreator);
    assert_eq!(role.cluster_level(&c("b")), ClusterLevel::Admin);
    let listed: Vec<&str> = role.clusters().map(|(id, _)| id.as_str()).collect();
    assert_eq!(listed, ["a", "b"], "kept by id");
    assert_eq!(role.highest_cluster_level(), ClusterLevel::Admin);
    // A new definition replaces every entry.
    let role = role.define([(c("a"), ClusterLevel::Viewer)], []).unwrap();
    assert_eq!(role.cluster_level(&c("b")), ClusterLevel::Viewer);
    assert_eq!(role.project(&p("shop")), &ProjectAccess::NONE);
    let error = role
        .clone()
        .define(
            [
                (c("a"), ClusterLevel::Admin),
                (c("a"), ClusterLevel::Viewer),
            ],
            [],
        )
        .unwrap_err();
    assert_eq!(
        (error.path(), error.kind()),
        ("clusters[1].cluster_id", "duplicate")
    );
    let error = role
        .clone()
        .define(
            [],
            [(p("x"), deployer), (p("y"), deployer), (p("x"), deployer)],
        )
        .unwrap_err();
    assert_eq!(
        (error.path(), error.kind()),
        ("projects[2].project_id", "duplicate")
    );
    // Past the organization's limits, refused without reading the rest.
    let many = (0..).map(|i| (c(&format!("c{i}")), ClusterLevel::Viewer));
    let error = role.clone().define(many, []).unwrap_err();
    assert_eq!((error.path(), error.kind()), ("clusters", "too_many"));
}

#[test]
fn a_role_that_manages_without_creating_is_flagged() {
    let shop: ProjectId = "shop".parse().unwrap();
    let managing = || {
        [(
            shop.clone(),
            ProjectAccess::new(false, [(Mode::Staging, ProjectLevel::Manager)]),
        )]
    };
    let flagged = role("Editors").unwrap().define([], managing()).unwrap();
    assert!(flagged.manages_without_creating());
    let creating = role("Creators")
        .unwrap()
        .define(
            [("c1".parse().unwrap(), ClusterLevel::EnvCreator)],
            managing(),
        )
        .unwrap();
    assert!(!creating.manages_without_creating());
    let deploying = role("Deployers")
        .unwrap()
        .define(
            [],
            [(
                shop.clone(),
                ProjectAccess::new(false, [(Mode::Production, ProjectLevel::Deployer)]),
            )],
        )
        .unwrap();
    assert!(
        !deploying.manages_without_creating(),
        "deploying needs no cluster level"
    );
}
