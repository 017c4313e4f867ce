//! Past one process: the Cedar and OpenFGA exports decide every check as
//! `Organization::check` does. Cedar's own authorizer evaluates every member
//! × action × resource of random organizations; the OpenFGA test files are
//! written here for `fga model test`, which `.ci/run` runs.

use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, EntityUid, PolicySet, Request,
    Schema, ValidationMode, Validator,
};
use orgmodel::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn text(write: impl FnOnce(&mut String) -> std::fmt::Result) -> String {
    let mut out = String::new();
    write(&mut out).unwrap();
    out
}

/// The schema and policies every organization shares, parsed by Cedar.
fn cedar() -> (Schema, PolicySet) {
    let (schema, _warnings) = Schema::from_cedarschema_str(&text(write_cedar_schema)).unwrap();
    let policies = PolicySet::from_str(&text(write_cedar_policies)).unwrap();
    (schema, policies)
}

fn uid(kind: &str, id: &str) -> EntityUid {
    EntityUid::from_str(&format!("{kind}::{}", serde_json::to_string(id).unwrap())).unwrap()
}

/// How many questions were compared, and how many of them were asked by a
/// member holding a custom role.
#[derive(Debug, Default, PartialEq, Eq)]
struct Compared {
    all: usize,
    custom: usize,
}

/// Every member, a stranger, and every action on every resource of `org`
/// (the organization, its clusters, projects and environments): Cedar's
/// decision against the crate's.
fn compare_with_cedar(org: &Organization, schema: &Schema, policies: &PolicySet) -> Compared {
    let entities =
        Entities::from_json_str(&text(|out| write_cedar_entities(org, out)), Some(schema)).unwrap();
    let authorizer = Authorizer::new();
    let mut resources: Vec<(Resource<'_>, EntityUid)> = vec![(
        Resource::Organization,
        uid("Organization", org.id().as_str()),
    )];
    for cluster in org.clusters() {
        resources.push((
            Resource::Cluster(&cluster.id),
            uid("Cluster", cluster.id.as_str()),
        ));
    }
    for project in org.projects() {
        resources.push((
            Resource::Project(project.id()),
            uid("Project", project.id().as_str()),
        ));
        for environment in project.environments() {
            let resource = Resource::Environment {
                project: project.id(),
                environment: &environment.id,
            };
            resources.push((resource, uid("Environment", environment.id.as_str())));
        }
    }
    let users: Vec<UserId> = org
        .members()
        .map(|m| m.id.clone())
        .chain(["stranger-not-a-member".parse().unwrap()])
        .collect();
    let mut compared = Compared::default();
    for user in &users {
        let custom = org
            .role_of(user)
            .is_some_and(|role| role.custom().is_some());
        let principal = uid("User", user.as_str());
        for (resource, cedar_resource) in &resources {
            for action in Action::ALL.into_iter().filter(|a| resource.answers(*a)) {
                let request = Request::new(
                    principal.clone(),
                    uid("Action", action.as_str()),
                    cedar_resource.clone(),
                    Context::empty(),
                    Some(schema),
                )
                .unwrap();
                let cedar = authorizer.is_authorized(&request, policies, &entities);
                let allowed = cedar.decision() == CedarDecision::Allow;
                assert_eq!(
                    allowed,
                    org.check(user, action, *resource).is_allowed(),
                    "{user} {action} {resource:?}: {cedar:?}"
                );
                compared.all += 1;
                compared.custom += usize::from(custom);
            }
        }
    }
    compared
}

#[test]
fn the_cedar_policies_validate_against_the_cedar_schema() {
    let (schema, policies) = cedar();
    let result = Validator::new(schema).validate(&policies, ValidationMode::default());
    assert!(result.validation_passed(), "{result:?}");
}

#[test]
fn cedar_decides_the_scenario_as_check_does() {
    let org: Organization =
        serde_json::from_str(include_str!("../../examples/scenarios/organization.json")).unwrap();
    let (schema, policies) = cedar();
    assert_eq!(
        compare_with_cedar(&org, &schema, &policies),
        Compared {
            all: 5 * (9 + 2 + 3 * 2 + 11 * 5),
            custom: 0
        }
    );
}

#[test]
fn cedar_decides_every_check_as_check_does() {
    let (schema, policies) = cedar();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    let total = std::cell::RefCell::new(Compared::default());
    runner
        .run(&strategies::organization(), |org| {
            let compared = compare_with_cedar(&org, &schema, &policies);
            let mut total = total.borrow_mut();
            total.all += compared.all;
            total.custom += compared.custom;
            Ok(())
        })
        .unwrap();
    let total = total.into_inner();
    eprintln!(
        "Cedar: {} questions compared ({} by custom-role members), 0 mismatches",
        total.all, total.custom
    );
    assert!(total.custom > 1_000, "{total:?}");
}

/// Writes `fga model test` files for the scenario and for organizations
/// that cover every role, mode and kind of resource, for `.ci/run`.
#[test]
fn openfga_test_files_are_written_for_fga() {
    let directory = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openfga");
    std::fs::create_dir_all(&directory).unwrap();
    let stranger: UserId = "stranger-not-a-member".parse().unwrap();
    let scenario: Organization =
        serde_json::from_str(include_str!("../../examples/scenarios/organization.json")).unwrap();
    let mut organizations = vec![scenario];
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    while organizations.len() < 8 {
        let org = strategies::organization()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let modes: std::collections::BTreeSet<_> = org
            .projects()
            .iter()
            .flat_map(Project::environments)
            .map(|e| e.mode.is_production())
            .collect();
        let custom = org.members().filter(|m| m.role.custom().is_some()).count();
        if org.member_count() >= 4 && modes.len() == 2 && custom >= 2 && !org.clusters().is_empty()
        {
            organizations.push(org);
        }
    }
    let (mut questions, mut custom) = (0, 0);
    for (i, org) in organizations.iter().enumerate() {
        let file = text(|out| write_openfga_test(org, &stranger, out));
        assert!(file.contains("assertions:"));
        // Each assertion is one line `          relation: true|false`, under
        // the user it is asked for.
        let mut by_custom_role = false;
        for line in file.lines() {
            if let Some(user) = line.strip_prefix("      - user: \"user:") {
                let user: UserId = user.trim_end_matches('"').parse().unwrap();
                by_custom_role = org.role_of(&user).is_some_and(|r| r.custom().is_some());
            } else if line.starts_with("          ")
                && (line.ends_with(": true") || line.ends_with(": false"))
            {
                questions += 1;
                custom += usize::from(by_custom_role);
            }
        }
        std::fs::write(directory.join(format!("organization-{i}.fga.yaml")), file).unwrap();
    }
    eprintln!(
        "OpenFGA: {questions} assertions written ({custom} for custom-role members) for fga model test"
    );
    assert!(custom > 0);
}
