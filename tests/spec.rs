//! `spec.md` names, for each rule, the test that pins it: every name it cites
//! must be a test (or a test helper) in `tests/` (or, for the errors, in
//! `src/organization/error/`), or, after a path into a workspace member
//! (`engines/tests/…`), in that member's tests. The published crate has no
//! members: there, the names cited from them are skipped.

use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

/// The workspace members whose tests the spec cites.
const MEMBERS: [&str; 2] = ["examples/", "engines/"];

/// The text of every `.rs` file under `directory` (a test's modules sit
/// in subdirectories), if it exists.
fn sources(directory: &Path) -> Option<String> {
    let mut text = String::new();
    for entry in fs::read_dir(directory).ok()? {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text.push_str(&sources(&path).unwrap_or_default());
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            text.push_str(&fs::read_to_string(path).unwrap());
        }
    }
    Some(text)
}

#[test]
fn every_test_the_spec_cites_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = fs::read_to_string(root.join("spec.md")).unwrap();
    let mut crate_tests = sources(&root.join("tests")).unwrap();
    // The errors' exhaustive tests live in the crate, beside the variants.
    crate_tests.push_str(&sources(&root.join("src/organization/error")).unwrap());
    let member_tests: Option<String> = MEMBERS
        .iter()
        .map(|member| sources(&root.join(member).join("tests")))
        .collect();
    let not_tests = [
        "create_environment",
        "expiry_not_after_now",
        "purge_expired",
        "eq_ignore_case",
        "priority_index",
        "refused_at",
        "permission_table",
        "resolve_example",
    ];
    let mut cited = 0;
    // Whether the last file the current section named is a member's.
    let mut in_member = false;
    // Its inline code, as a CommonMark parser reads it, section by section.
    for event in Parser::new(&spec) {
        let code = match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_member = false;
                continue;
            }
            Event::Code(code) => code,
            _ => continue,
        };
        if code.contains(".rs") {
            in_member = MEMBERS.iter().any(|member| code.starts_with(member));
        }
        let name = code.rsplit("::").next().unwrap_or(&code);
        if !name.contains('_')
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        {
            continue;
        }
        cited += 1;
        if not_tests.contains(&name) {
            continue;
        }
        let sources = match (in_member, &member_tests) {
            (false, _) => &crate_tests,
            (true, Some(member_tests)) => member_tests,
            (true, None) => continue,
        };
        assert!(
            sources.contains(&format!("fn {name}(")),
            "spec.md cites `{name}`, which is no test"
        );
    }
    assert!(cited > 50, "the spec cites its tests");
}
