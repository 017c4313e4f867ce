//! `spec.md` names, for each rule, the test that pins it: every name it cites
//! must be a test (or a test helper) in `tests/` (or, for the errors, in
//! `src/organization/error/tests.rs`).

use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, Parser};

#[test]
fn every_test_the_spec_cites_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = fs::read_to_string(root.join("spec.md")).unwrap();
    let mut sources = String::new();
    // The errors' exhaustive tests live in the crate, beside the variants.
    sources.push_str(&fs::read_to_string(root.join("src/organization/error/tests.rs")).unwrap());
    for entry in fs::read_dir(root.join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            sources.push_str(&fs::read_to_string(path).unwrap());
        }
    }
    // Its inline code, as a CommonMark parser reads it.
    let code: Vec<String> = Parser::new(&spec)
        .filter_map(|event| match event {
            Event::Code(code) => Some(code.to_string()),
            _ => None,
        })
        .collect();
    let cited: Vec<&str> = code
        .iter()
        .map(|code| code.rsplit("::").next().unwrap_or(code))
        .filter(|name| {
            name.contains('_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        })
        .collect();
    assert!(cited.len() > 50, "the spec cites its tests");
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
    for name in cited {
        if not_tests.contains(&name) {
            continue;
        }
        assert!(
            sources.contains(&format!("fn {name}(")),
            "spec.md cites `{name}`, which is no test"
        );
    }
}
