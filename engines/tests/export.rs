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

/// Every member, a stranger, and every action on every resource of `org`:
/// Cedar's decision against the crate's. Returns how many were compared.
fn compare_with_cedar(org: &Organization, schema: &Schema, policies: &PolicySet) -> usize {
    let entities =
        Entities::from_json_str(&text(|out| write_cedar_entities(org, out)), Some(schema)).unwrap();
    let authorizer = Authorizer::new();
    let mut resources: Vec<(Resource<'_>, EntityUid)> = vec![(
        Resource::Organization,
        uid("Organization", org.id().as_str()),
    )];
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
    let mut compared = 0;
    for user in &users {
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
                compared += 1;
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
        5 * (9 + 3 * 2 + 11 * 5)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn cedar_decides_every_check_as_check_does(org in strategies::organization()) {
        let (schema, policies) = cedar();
        compare_with_cedar(&org, &schema, &policies);
    }
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
        if org.member_count() >= 4 && modes.len() == 2 {
            organizations.push(org);
        }
    }
    for (i, org) in organizations.iter().enumerate() {
        let file = text(|out| write_openfga_test(org, &stranger, out));
        assert!(file.contains("assertions:"));
        std::fs::write(directory.join(format!("organization-{i}.fga.yaml")), file).unwrap();
    }
}
