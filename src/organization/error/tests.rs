//! Every variant of every error type (listed in `catalogue.rs`): one kind,
//! one category per kind, and the README's table of kinds, generated-checked.
//! In the crate, so that the variants' discriminants (derived for tests only)
//! prove the list complete.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use strum::IntoEnumIterator;

use super::super::authorize::AccessErrorDiscriminants;
use super::super::clusters::ClusterErrorDiscriminants;
use super::super::members::MemberErrorDiscriminants;
use super::super::projects::ProjectErrorDiscriminants;
use super::super::replay::ApplyErrorDiscriminants;
use super::super::roles::CustomRoleErrorDiscriminants;
use super::super::settings::SettingsErrorDiscriminants;
use super::super::tokens::ApiTokenErrorDiscriminants;
use super::catalogue::every_error;
use super::{ErrorDiscriminants, SwitchErrorDiscriminants};
use crate::placement::PlacementErrorDiscriminants;
use crate::text::InvalidValueDiscriminants;
use crate::validation::ProblemDiscriminants;
use crate::*;

/// The discriminants of `T` that `seen` lacks.
fn missing<T: IntoEnumIterator + Ord + core::fmt::Debug>(seen: &BTreeSet<T>) -> Vec<T> {
    T::iter().filter(|d| !seen.contains(d)).collect()
}

#[test]
fn the_list_holds_every_variant_of_every_error_type() {
    let errors = every_error();
    let mut wrappers = BTreeSet::new();
    let (mut values, mut problems, mut placements) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let (mut access, mut settings, mut members) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let (mut clusters, mut projects, mut switches) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let (mut applies, mut roles, mut tokens) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for error in &errors {
        wrappers.insert(ErrorDiscriminants::from(error));
        match error {
            Error::Value(e) => {
                values.insert(InvalidValueDiscriminants::from(e));
            }
            Error::Validation(e) => {
                problems.insert(ProblemDiscriminants::from(&e.problem));
            }
            Error::Placement(e) => {
                placements.insert(PlacementErrorDiscriminants::from(e));
            }
            Error::Access(e) => {
                access.insert(AccessErrorDiscriminants::from(e));
            }
            Error::Settings(e) => {
                settings.insert(SettingsErrorDiscriminants::from(e));
            }
            Error::Member(e) => {
                members.insert(MemberErrorDiscriminants::from(e));
            }
            Error::Cluster(e) => {
                clusters.insert(ClusterErrorDiscriminants::from(e));
            }
            Error::Project(e) => {
                projects.insert(ProjectErrorDiscriminants::from(e));
            }
            Error::Switch(e) => {
                switches.insert(SwitchErrorDiscriminants::from(e));
            }
            Error::CustomRole(e) => {
                roles.insert(CustomRoleErrorDiscriminants::from(e));
            }
            Error::ApiToken(e) => {
                tokens.insert(ApiTokenErrorDiscriminants::from(e));
            }
            Error::Stale(_) => {}
            Error::Apply(e) => {
                applies.insert(ApplyErrorDiscriminants::from(e));
            }
        }
    }
    assert_eq!(missing(&wrappers), vec![]);
    assert_eq!(missing(&values), vec![]);
    assert_eq!(missing(&problems), vec![]);
    assert_eq!(missing(&placements), vec![]);
    assert_eq!(missing(&access), vec![]);
    assert_eq!(missing(&settings), vec![]);
    assert_eq!(missing(&members), vec![]);
    assert_eq!(missing(&clusters), vec![]);
    assert_eq!(missing(&projects), vec![]);
    assert_eq!(missing(&switches), vec![]);
    assert_eq!(missing(&applies), vec![]);
    assert_eq!(missing(&roles), vec![]);
    assert_eq!(missing(&tokens), vec![]);
}

/// Every kind with its one category: fails if a kind has two.
fn kinds() -> BTreeMap<&'static str, ErrorCategory> {
    let mut kinds = BTreeMap::new();
    let denial = Role::Viewer
        .decide(Permission::EDIT_PROJECT)
        .into_result()
        .unwrap_err();
    let pairs = every_error()
        .iter()
        .map(|e| (e.kind(), e.category()))
        .chain([(denial.kind(), denial.category())])
        .collect::<Vec<_>>();
    for (kind, category) in pairs {
        if let Some(before) = kinds.insert(kind, category) {
            assert_eq!(before, category, "{kind} is both {before} and {category}");
        }
    }
    kinds
}

#[test]
fn each_kind_has_one_category() {
    let kinds = kinds();
    for kind in kinds.keys() {
        assert!(
            kind.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{kind} is not snake_case"
        );
    }
    // A wrapper's kind and category are its inner error's.
    for error in every_error() {
        let inner: (&str, ErrorCategory) = match &error {
            Error::Value(e) => (e.kind(), e.category()),
            Error::Validation(e) => (e.kind(), e.category()),
            Error::Placement(e) => (e.kind(), e.category()),
            Error::Access(e) => (e.kind(), e.category()),
            Error::Settings(e) => (e.kind(), e.category()),
            Error::Member(e) => (e.kind(), e.category()),
            Error::Cluster(e) => (e.kind(), e.category()),
            Error::Project(e) => (e.kind(), e.category()),
            Error::CustomRole(e) => (e.kind(), e.category()),
            Error::ApiToken(e) => (e.kind(), e.category()),
            Error::Switch(e) => (e.kind(), e.category()),
            Error::Stale(e) => (e.kind(), e.category()),
            Error::Apply(e) => (e.kind(), e.category()),
        };
        assert_eq!(inner, (error.kind(), error.category()));
    }
}

/// The rows of the README's table of kinds: `(kind, category, status)`.
fn readme_rows() -> Vec<(String, String, String)> {
    let readme = include_str!("../../../README.md");
    let mut lines = readme
        .lines()
        .skip_while(|line| !line.starts_with("| kind | category | status |"))
        .skip(2);
    let mut rows = Vec::new();
    for line in lines.by_ref().take_while(|line| line.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [kind, category, status, ..] = cells[..] else {
            panic!("a row of kind, category and status: {line}");
        };
        rows.push((
            kind.trim_matches('`').into(),
            category.into(),
            status.into(),
        ));
    }
    assert!(!rows.is_empty(), "the README has a table of kinds");
    rows
}

#[test]
fn the_readme_lists_exactly_the_kinds_with_their_categories() {
    let expected: Vec<(String, String, String)> = kinds()
        .into_iter()
        .map(|(kind, category)| {
            (
                kind.into(),
                category.to_string().replace('_', " "),
                category.http_status().to_string(),
            )
        })
        .collect();
    let mut listed = readme_rows();
    let in_order = listed.clone();
    listed.sort();
    assert_eq!(
        in_order, listed,
        "the README lists the kinds in alphabetical order"
    );
    let rows = |rows: &[(String, String, String)]| {
        rows.iter()
            .map(|(k, c, s)| format!("| `{k}` | {c} | {s} |"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        rows(&listed),
        rows(&expected),
        "the README's table of kinds, generated:\n{}",
        rows(&expected)
    );
}

#[cfg(feature = "serde")]
#[test]
fn errors_serialize_with_kind_message_and_fields() {
    let lines: Vec<String> = every_error()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[cfg(feature = "serde")]
#[test]
fn no_json_error_names_what_holds_a_taken_name() {
    for error in every_error() {
        let json = serde_json::to_string(&error).unwrap();
        assert!(!json.contains("hidden"), "{json}");
    }
}
