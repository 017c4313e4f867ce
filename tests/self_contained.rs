//! The repository is self-contained: no document, test, example, bench, CI
//! script or source file reads or cites a path outside it.
//!
//! Every text file of the scanned places is read line by line for a parent
//! step (two dots and a slash). One is allowed only where Rust itself reads
//! a file — `#[path = "…"]`, `include_str!("…")`, `include_bytes!("…")` —
//! and the path names a file that exists inside the repository (the shared
//! helpers of `tests/common`, the README the docs include). An ellipsis
//! (three dots before the slash, as in an endpoint `…/cluster`) is not a
//! step. The design brief the crate was written from is not part of the
//! repository either: its rules are in `spec.md` and the README, and it is
//! not cited by name.
//!
//! In the published crate, where the examples, the workspace members and
//! `.ci/` are absent, the places that are absent are skipped.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// A parent step, written so that this file does not contain one.
const PARENT: &str = concat!("..", "/");
/// The design brief's file name, written so that this file does not cite it.
const BRIEF: &str = concat!("DESIGN", ".md");

const DOCUMENTS: [&str; 4] = ["README.md", "CONTRIBUTING.md", "spec.md", "CHANGELOG.md"];
const PLACES: [&str; 9] = [
    "src",
    "tests",
    ".ci",
    "examples",
    "benches",
    "engines",
    "event-store",
    "service",
    "Cargo.toml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.file_name().is_some_and(|name| name == "target") {
                continue;
            }
            files_under(&entry, out);
        }
    }
}

/// `path` joined to `base`, with its parent steps taken: `None` when they
/// climb above the filesystem's root.
fn resolved(base: &Path, path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in base.join(path).components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The string of a `#[path = "…"]`, `include_str!("…")` or
/// `include_bytes!("…")` on this line, if any.
fn rust_file_reference(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = if let Some(rest) = line.strip_prefix("#[path = \"") {
        rest
    } else {
        let at = line
            .find("include_str!(\"")
            .map(|at| at + "include_str!(\"".len())
            .or_else(|| {
                line.find("include_bytes!(\"")
                    .map(|at| at + "include_bytes!(\"".len())
            })?;
        line.get(at..)?
    };
    rest.get(..rest.find('"')?)
}

/// What is wrong with one line of `file`, if anything.
fn problem(root: &Path, file: &Path, line: &str) -> Option<String> {
    if line.contains(BRIEF) {
        return Some(format!("cites {BRIEF}, which is not in the repository"));
    }
    let steps = line
        .match_indices(PARENT)
        .filter(|&(at, _)| !line.get(..at).is_some_and(|before| before.ends_with('.')))
        .count();
    if steps == 0 {
        return None;
    }
    let is_rust = file.extension().is_some_and(|extension| extension == "rs");
    let allowed = is_rust
        && rust_file_reference(line).is_some_and(|path| {
            line.matches(PARENT).count() == path.matches(PARENT).count()
                && resolved(file.parent().unwrap(), path)
                    .is_some_and(|target| target.starts_with(root) && target.is_file())
        });
    (!allowed).then(|| {
        format!("a path with a parent step ({PARENT}), other than a Rust file reference to a file of the repository")
    })
}

#[test]
fn nothing_reads_or_cites_a_path_outside_the_repository() {
    let root = root();
    let mut files = Vec::new();
    for place in DOCUMENTS.iter().chain(&PLACES) {
        files_under(&root.join(place), &mut files);
    }
    for document in DOCUMENTS {
        assert!(
            files.contains(&root.join(document)),
            "{document} is missing"
        );
    }
    assert!(files.len() > 20, "scanned only {} files", files.len());

    let mut problems = Vec::new();
    for file in &files {
        let bytes = fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            if let Some(problem) = problem(&root, file, line) {
                let name = file.strip_prefix(&root).unwrap().display();
                problems.push(format!("{name}:{}: {problem}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_what_it_is_for() {
    let root = root();
    let test = root.join("tests/api_fixtures.rs");
    let outside = format!("{PARENT}shared/fixtures/api");
    assert!(problem(&root, &test, &format!(".join(\"{outside}\")")).is_some());
    assert!(problem(&root, &root.join("README.md"), &format!("see `{outside}`")).is_some());
    assert!(problem(&root, &test, &format!("the rules of {BRIEF}")).is_some());
    // A Rust file reference is allowed only to a file inside the repository.
    let readme = format!("    let readme = include_str!(\"{PARENT}README.md\");");
    assert!(problem(&root, &test, &readme).is_none());
    let away = format!("    let text = include_str!(\"{PARENT}{PARENT}elsewhere/README.md\");");
    assert!(problem(&root, &test, &away).is_some());
    let missing = format!("#[path = \"{PARENT}tests/common/missing.rs\"]");
    assert!(problem(&root, &test, &missing).is_some());
    // The same reference in a document is a citation.
    assert!(problem(&root, &root.join("spec.md"), &readme).is_some());
    // An ellipsis in an endpoint is not a parent step.
    let endpoint = "POST .../cluster; PUT .../cluster/{clusterId}";
    assert!(
        problem(
            &root,
            &root.join("tests/fixtures/api/cluster_get.json"),
            endpoint
        )
        .is_none()
    );
}
