//! Errors a service can map: every variant's kind and category, the README's
//! table of kinds, and the JSON an error is written as.

mod common;

use common::*;
use orgmodel::*;

/// One error of every kind the crate returns.
fn every_error() -> Vec<Error> {
    let (user, cluster, project, rule, env) = (uid("u"), cid("c"), pid("p"), rid("r"), eid("e"));
    let denial = Role::Viewer
        .decide(Permission::EDIT_PROJECT)
        .into_result()
        .unwrap_err();
    let access = [
        AccessError::NotAMember { user: user.clone() },
        AccessError::Denied {
            user: user.clone(),
            denial,
        },
        AccessError::NotTheOwner { user: user.clone() },
    ];
    let values = [
        InvalidValue::EmptyId { what: "user id" },
        InvalidValue::TooLong {
            what: "name",
            limit: 255,
            length: 256,
        },
        InvalidValue::BlankName { value: " ".into() },
        InvalidValue::ControlCharacter {
            what: "name",
            character: '\0',
        },
        InvalidValue::Email {
            value: "x".into(),
            reason: "has no `@`",
        },
    ];
    let placement = [
        PlacementError::InvalidName {
            problem: values[2].clone(),
        },
        PlacementError::PreviewReserved {
            mode: Mode::Preview,
        },
        PlacementError::UnknownCluster {
            cluster: cluster.clone(),
        },
        PlacementError::RuleTargetsUnknownCluster {
            rule: rule.clone(),
            cluster: cluster.clone(),
        },
        PlacementError::NoCluster { name: "x".into() },
    ];
    let problems = [
        Problem::NotExactlyOneOwner,
        Problem::Duplicate,
        Problem::OwnerInvitation,
        Problem::AlreadyAMember,
        Problem::UnknownCluster,
        Problem::PlanForbidsCloudAccounts,
        Problem::TooMany { limit: 7 },
    ];
    let email = email("a@b.io");
    let mut errors: Vec<Error> = Vec::new();
    errors.extend(access.iter().cloned().map(Error::from));
    errors.extend(values.iter().cloned().map(Error::from));
    errors.extend(placement.iter().cloned().map(Error::from));
    errors.extend(problems.into_iter().map(|problem| {
        ValidationError {
            field: "f".into(),
            value: "v".into(),
            problem,
        }
        .into()
    }));
    errors.push(
        SwitchError::NotAMember {
            user: user.clone(),
            organization: "o".parse().unwrap(),
        }
        .into(),
    );
    errors.extend(
        [
            SettingsError::Access(access[0].clone()),
            SettingsError::Invalid(values[1].clone()),
            SettingsError::ConfirmationMismatch {
                expected: name("Acme"),
            },
            SettingsError::PlanForbidsCloudAccounts {
                plan: Plan::Community,
                accounts: 1,
            },
        ]
        .map(Error::from),
    );
    errors.extend(
        [
            MemberError::Access(access[1].clone()),
            MemberError::NoSuchMember { user: user.clone() },
            MemberError::NoSuchInvitation {
                email: email.clone(),
            },
            MemberError::OwnerOnlyByTransfer,
            MemberError::ExpiryNotAfterNow {
                expires_at: NOW,
                now: NOW,
            },
            MemberError::OwnerIsFixed { user: user.clone() },
            MemberError::OwnerCannotLeave { user: user.clone() },
            MemberError::AlreadyAMember {
                email: email.clone(),
            },
            MemberError::UserAlreadyAMember { user: user.clone() },
            MemberError::AlreadyInvited {
                email: email.clone(),
            },
            MemberError::InvitationExpired {
                email: email.clone(),
                expired_at: NOW,
            },
            MemberError::LimitReached {
                what: "members",
                limit: 1,
            },
        ]
        .map(Error::from),
    );
    errors.extend(
        [
            ClusterError::Access(access[2].clone()),
            ClusterError::NoSuchCloudAccount {
                account: "a".parse().unwrap(),
            },
            ClusterError::NoSuchCluster {
                cluster: cluster.clone(),
            },
            ClusterError::Invalid(values[1].clone()),
            ClusterError::PlanForbidsCloudAccounts {
                plan: Plan::Community,
            },
            ClusterError::CloudAccountExists {
                account: "a".parse().unwrap(),
            },
            ClusterError::ClusterExists {
                cluster: cluster.clone(),
            },
            ClusterError::ClusterNameTaken {
                name: name("main"),
                cluster: cluster.clone(),
            },
            ClusterError::ClusterInUse {
                cluster: cluster.clone(),
                environments: vec![env.clone()],
                rules: vec![rule.clone()],
            },
            ClusterError::LimitReached {
                what: "clusters",
                limit: 1,
            },
        ]
        .map(Error::from),
    );
    errors.extend(
        [
            ProjectError::Access(access[0].clone()),
            ProjectError::NoSuchProject {
                project: project.clone(),
            },
            ProjectError::NoSuchEnvironment {
                project: project.clone(),
                environment: env.clone(),
            },
            ProjectError::NoSuchRule {
                project: project.clone(),
                rule: rule.clone(),
            },
            ProjectError::Placement(placement[4].clone()),
            ProjectError::Invalid(values[1].clone()),
            ProjectError::NotAPermutation { expected: 2 },
            ProjectError::RuleTargetsUnknownCluster {
                rule: rule.clone(),
                cluster,
            },
            ProjectError::ProjectExists {
                project: project.clone(),
            },
            ProjectError::ProjectNameTaken {
                name: name("shop"),
                project: project.clone(),
            },
            ProjectError::EnvironmentExists {
                environment: env.clone(),
            },
            ProjectError::EnvironmentNameTaken {
                project,
                name: name("qa"),
                environment: env,
            },
            ProjectError::RuleExists { rule },
            ProjectError::LimitReached {
                what: "projects",
                limit: 1,
            },
        ]
        .map(Error::from),
    );
    errors.push(
        StaleRevision {
            expected: 1,
            actual: 2,
        }
        .into(),
    );
    errors.extend(
        [
            ApplyError::OutOfOrder { current: 1, got: 3 },
            ApplyError::NotACreation,
            ApplyError::Refused(Box::new(
                MemberError::NoSuchMember { user: uid("u") }.into(),
            )),
            ApplyError::NoChange,
        ]
        .map(Error::from),
    );
    errors
}

/// The README's cell of kinds for a category, inline code in backticks.
fn readme_row(category: ErrorCategory) -> String {
    let label = category.to_string().replace('_', " ");
    let status = category.http_status().to_string();
    markdown_table(
        include_str!("../README.md"),
        &["category", "status", "kinds"],
    )
    .rows
    .into_iter()
    .find_map(|row| match <[String; 3]>::try_from(row) {
        Ok([l, s, kinds]) if l == label && s == status => Some(kinds),
        _ => None,
    })
    .unwrap_or_else(|| panic!("the README lists the {label} kinds"))
}

#[test]
fn the_readme_lists_every_kind_in_its_category() {
    let errors = every_error();
    for error in &errors {
        let row = readme_row(error.category());
        assert!(
            row.contains(&format!("`{}`", error.kind())),
            "{} ({}) is missing from: {row}",
            error.kind(),
            error.category()
        );
    }
    for category in [
        ErrorCategory::Forbidden,
        ErrorCategory::NotFound,
        ErrorCategory::Invalid,
        ErrorCategory::Conflict,
        ErrorCategory::Stale,
    ] {
        for listed in readme_row(category).split('`').skip(1).step_by(2) {
            assert!(
                errors
                    .iter()
                    .any(|e| e.kind() == listed && e.category() == category),
                "the README lists {listed} as {category}, which no error is"
            );
        }
    }
}

#[test]
fn kinds_are_stable_snake_case_and_categories_map_to_statuses() {
    let table: Vec<String> = every_error()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.category().http_status(),
                e.category(),
                e.kind()
            )
        })
        .collect();
    for line in &table {
        assert!(
            line.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ' '),
            "{line}"
        );
    }
    insta::assert_snapshot!(table.join("\n"));
}

#[cfg(feature = "serde")]
#[test]
fn errors_serialize_as_kind_and_message() {
    let lines: Vec<String> = every_error()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
    let denied = serde_json::to_value(MemberError::Access(AccessError::NotAMember {
        user: uid("eve"),
    }))
    .unwrap();
    assert_eq!(
        denied,
        serde_json::json!({"error": "not_a_member", "message": "user eve is not a member of the organization"})
    );
}
