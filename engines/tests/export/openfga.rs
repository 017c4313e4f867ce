//! The OpenFGA test files, for `fga model test` (which `.ci/run` runs): the
//! scenario's, and random organizations' whose members and API tokens hold
//! built-in and custom roles, the tokens asked about at several moments;
//! and, apart, files of deliberately wrong expectations, every check of
//! which `fga model test` must fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::strategy::ValueTree;

use super::*;

/// One assertion of a test file: who asks, about which object (as the file
/// names it and as a resource), the action, and the answer asserted.
struct Assertion<'a> {
    who: Who,
    object: String,
    resource: Resource<'a>,
    action: Action,
    allowed: bool,
}

/// The assertions of `file`, written for `org`.
fn assertions<'a>(org: &'a Organization, file: &str) -> Vec<Assertion<'a>> {
    let objects: BTreeMap<String, Resource<'a>> = resources(org)
        .into_iter()
        .map(|(resource, kind, id)| (format!("{}:{id}", kind.to_lowercase()), resource))
        .collect();
    // The quoted value after `prefix` (an indentation and a key).
    fn quoted<'f>(line: &'f str, prefix: &str) -> Option<&'f str> {
        line.strip_prefix(prefix)?
            .strip_prefix(": \"")?
            .strip_suffix('"')
    }
    let (mut who, mut object) = (None, "");
    let mut found = Vec::new();
    let tests = file.lines().position(|line| line == "tests:").unwrap();
    for line in file.lines().skip(tests) {
        if let Some(user) = quoted(line, "      - user") {
            who = Some(match user.split_once(':').unwrap() {
                ("user", id) => Who::User(id.parse().unwrap()),
                ("token", id) => Who::Token(id.parse().unwrap(), None),
                other => panic!("{other:?}"),
            });
        } else if let Some(name) = quoted(line, "        object") {
            object = name;
        } else if let Some(now) = quoted(line, "          now") {
            let Some(Who::Token(_, at)) = &mut who else {
                panic!("{line}")
            };
            *at = Some(now.parse().unwrap());
        } else if let Some((relation, allowed)) = line
            .strip_prefix("          ")
            .and_then(|line| line.split_once(": "))
            .filter(|(_, value)| ["true", "false"].contains(value))
        {
            let action = Action::ALL
                .into_iter()
                .find(|a| a.as_str().to_lowercase() == relation);
            found.push(Assertion {
                who: who.clone().unwrap(),
                object: object.to_owned(),
                resource: objects[object],
                action: action.unwrap(),
                allowed: allowed == "true",
            });
        }
    }
    found
}

/// The model and tuples of `file` with one test asserting what `wrong`
/// expects where it differs from `file` (its first 40 such assertions), or
/// `None` if it expects the same everywhere.
fn wrong_copy(org: &Organization, file: &str, (name, wrong): (&str, Oracle)) -> Option<String> {
    let tests = file.find("\ntests:\n").unwrap();
    let mut copy = format!(
        "{}\ntests:\n  - name: \"wrong: {name}\"\n    check:\n",
        &file[..tests]
    );
    let mut wrong_assertions = 0;
    for assertion in assertions(org, file) {
        let Assertion {
            who,
            object,
            resource,
            action,
            allowed,
        } = assertion;
        let expected = wrong(org, &who, action, resource);
        if expected == allowed || wrong_assertions == 40 {
            continue;
        }
        wrong_assertions += 1;
        let (user, now) = match &who {
            Who::User(user) => (format!("user:{user}"), None),
            Who::Token(token, now) => (format!("token:{token}"), *now),
        };
        copy += &format!("      - user: \"{user}\"\n        object: \"{object}\"\n");
        if let Some(now) = now {
            copy += &format!("        context:\n          now: \"{now}\"\n");
        }
        let relation = action.as_str().to_lowercase();
        copy += &format!("        assertions:\n          {relation}: {expected}\n");
    }
    (wrong_assertions > 0).then_some(copy)
}

/// An organization of `runner`'s that shows every kind of question: four
/// members or more, two holding a custom role, a cluster, environments in
/// both modes, and tokens (eight at most: `fga model test` takes 10 ms or
/// more a check) with and without an expiry, one holding a custom role.
fn rich_organization(runner: &mut proptest::test_runner::TestRunner) -> Organization {
    loop {
        let org = strategies::organization()
            .new_tree(runner)
            .unwrap()
            .current();
        let modes: std::collections::BTreeSet<_> = org
            .projects()
            .iter()
            .flat_map(Project::environments)
            .map(|e| e.mode.is_production())
            .collect();
        let custom = org.members().filter(|m| m.role.custom().is_some()).count();
        let tokens = org.tokens();
        if org.member_count() >= 4
            && modes.len() == 2
            && custom >= 2
            && !org.clusters().is_empty()
            && tokens.len() <= 8
            && tokens.iter().any(|t| t.expires_at.is_some())
            && tokens.iter().any(|t| t.expires_at.is_none())
            && tokens.iter().any(|t| t.role.custom().is_some())
        {
            return org;
        }
    }
}

/// A new empty directory `name` in the tests' temporary directory (the
/// files of an earlier run would be tested again).
fn directory(name: &str) -> PathBuf {
    let directory = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if directory.exists() {
        std::fs::remove_dir_all(&directory).unwrap();
    }
    std::fs::create_dir_all(&directory).unwrap();
    directory
}

/// Writes `fga model test` files for the scenario and for organizations
/// that cover every role, mode, kind of resource and kind of token, the
/// tokens asked about at an expiry, the second before it and a random
/// moment; and, in `openfga-wrong`, the files of wrong expectations.
#[test]
fn openfga_test_files_are_written_for_fga() {
    let (right, wrong) = (directory("openfga"), directory("openfga-wrong"));
    let stranger: UserId = "stranger-not-a-member".parse().unwrap();
    let unknown_token: ApiTokenId = "unknown-token".parse().unwrap();
    let scenario = include_str!("../../../examples/scenarios/organization.json");
    let scenario: Organization = serde_json::from_str(scenario).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut organizations = vec![(scenario, vec![Timestamp::UNIX_EPOCH])];
    while organizations.len() < 8 {
        let org = rich_organization(&mut runner);
        let expiry = org.tokens().iter().find_map(|t| t.expires_at).unwrap();
        let before = Timestamp::from_unix_seconds(expiry.unix_seconds() - 1);
        let now = strategies::now(&org).new_tree(&mut runner).unwrap();
        organizations.push((org, vec![expiry, before, now.current()]));
    }
    let mut count = BTreeMap::<&str, usize>::new();
    let mut wrong_files = [0; WRONG.len()];
    for (i, (org, nows)) in organizations.iter().enumerate() {
        let file = text(|out| write_openfga_test(org, &stranger, &unknown_token, nows, out));
        for Assertion {
            who,
            resource,
            action,
            allowed,
            ..
        } in assertions(org, &file)
        {
            let question = format!("{who:?} {action} {resource:?}");
            assert_eq!(allowed, check(org, &who, action, resource), "{question}");
            let kind = match &who {
                Who::User(_) if who.custom(org) => "members holding a custom role",
                Who::User(_) => "members holding a built-in role, and strangers",
                Who::Token(token, _) if org.token(token).is_none() => "unknown tokens",
                Who::Token(..) if who.expired(org) => "expired tokens",
                Who::Token(..) if who.custom(org) => "valid tokens holding a custom role",
                Who::Token(..) => "valid tokens holding a built-in role",
            };
            *count.entry(kind).or_default() += 1;
        }
        std::fs::write(right.join(format!("organization-{i}.fga.yaml")), &file).unwrap();
        for (w, wrong_expectation) in WRONG.into_iter().enumerate() {
            if let Some(copy) = wrong_copy(org, &file, wrong_expectation) {
                let name = format!("organization-{i}-wrong-{w}.fga.yaml");
                std::fs::write(wrong.join(name), copy).unwrap();
                wrong_files[w] += 1;
            }
        }
    }
    let all: usize = count.values().sum();
    eprintln!("OpenFGA: {all} assertions written for fga model test, by {count:?}");
    assert_eq!(count.len(), 6, "every kind of question is asked: {count:?}");
    for ((name, _), files) in WRONG.iter().zip(wrong_files) {
        eprintln!(
            "OpenFGA: {files} files assert the wrong expectation \"{name}\", for fga to fail"
        );
        assert!(files > 0, "{name}");
    }
}
