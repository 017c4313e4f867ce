//! Past one process: the SpiceDB export decides every check as
//! `Organization::check` and `Organization::check_token` do. This test
//! writes, into `target/tmp/spicedb/`, the schema, the relationships of
//! several organizations (the scenario, the API fixtures, the custom-role
//! fixture with every mode, random ones with custom roles, one with ids
//! SpiceDB must have encoded), each with API tokens (valid and expired, of
//! built-in and custom roles), and the crate's answer to every member, token,
//! stranger and unknown token × action × resource (an action asked of a
//! kind of resource it is not about is asked by one member and one token:
//! whoever asks, the schema does not define it there).
//! `engines/spicedb/check.mjs`, which `.ci/run` runs, loads them into
//! embedded SpiceDB and bulk-checks them all.
//!
//! A line of `organization-NN.checks` is `allowed`, `denied` or `undefined`
//! (`check` denies it as not applicable; SpiceDB finds no such permission),
//! then the question `resource:id#permission@subject:id`, then for a token
//! ` with {"now":SECONDS}`.

use std::fmt::Write as _;
use std::path::Path;

use orgmodel::*;
use proptest::strategy::{Strategy, ValueTree};

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/common/custom_org.rs"]
mod custom_org;

/// When every check of a token is asked: 2026-01-01T00:00:00Z.
const NOW: u64 = 1_767_225_600;

fn text(write: impl FnOnce(&mut String) -> Result<(), SpiceDbError>) -> String {
    let mut out = String::new();
    write(&mut out).unwrap();
    out
}

fn sid(id: &str) -> String {
    spicedb_object_id(id).unwrap()
}

/// `org` with tokens: per built-in role (but Owner) one valid token (one
/// never expires, the next expires one second after `NOW`) and one expired
/// (at `NOW` exactly, or a day before), and per custom role the same two.
fn with_tokens(org: Organization, prefix: &str) -> Organization {
    let mut parts = org.into_parts();
    let roles = Role::ALL
        .into_iter()
        .filter(|role| *role != Role::Owner)
        .map(RoleRef::from)
        .chain(
            parts
                .custom_roles
                .iter()
                .map(|role| RoleRef::Custom(role.id().clone())),
        );
    let token = |id: String, role: &RoleRef, expires_at: Option<u64>| ApiToken {
        id: id.parse().unwrap(),
        name: Name::new(id).unwrap(),
        description: String::new(),
        role: role.clone(),
        expires_at: expires_at.map(Timestamp::from_unix_seconds),
    };
    for (i, role) in roles.enumerate() {
        let valid = [None, Some(NOW + 1)][i % 2];
        let expired = [Some(NOW), Some(NOW - 86_400)][i % 2];
        parts.tokens.push(token(
            format!("{prefix}spicedb-token-{i}-valid"),
            &role,
            valid,
        ));
        parts.tokens.push(token(
            format!("{prefix}spicedb-token-{i}-expired"),
            &role,
            expired,
        ));
    }
    Organization::from_parts(parts).unwrap()
}

/// `org` with every id (the organization's, its members', clusters',
/// projects', environments' and custom roles') made into one SpiceDB does
/// not take as it is: a dot, a slash, `=`, `+`, `|`, a space and non-ASCII.
fn with_awkward_ids(org: &Organization) -> Organization {
    let mut ids: std::collections::BTreeSet<String> = [org.id().to_string()].into();
    ids.extend(org.members().map(|m| m.id.to_string()));
    ids.extend(org.clusters().iter().map(|c| c.id.to_string()));
    ids.extend(org.custom_roles().iter().map(|r| r.id().to_string()));
    for project in org.projects() {
        ids.insert(project.id().to_string());
        ids.extend(project.environments().iter().map(|e| e.id.to_string()));
    }
    fn walk(value: &mut serde_json::Value, key: &str, ids: &std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::String(s)
                if (key == "id" || key.ends_with("_id")) && ids.contains(s.as_str()) =>
            {
                *s = format!("{s}.é/=+| ü");
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, key, ids)),
            serde_json::Value::Object(fields) => {
                fields.iter_mut().for_each(|(k, v)| walk(v, k, ids));
            }
            _ => {}
        }
    }
    let mut document = serde_json::to_value(org).unwrap();
    walk(&mut document, "", &ids);
    let awkward: Organization = serde_json::from_value(document).unwrap();
    assert!(awkward.id().as_str().ends_with(" ü"));
    assert_eq!(awkward.member_count(), org.member_count());
    assert_eq!(awkward.custom_roles().len(), org.custom_roles().len());
    awkward
}

/// The API fixtures' composite organizations.
const FULL: &str = include_str!("../../tests/fixtures/api/organization_composite_full.json");
const CUSTOM_ROLES: &str =
    include_str!("../../tests/fixtures/api/organization_composite_custom_roles.json");

fn fixture(document: &str) -> Organization {
    let fixture: serde_json::Value = serde_json::from_str(document).unwrap();
    serde_json::from_value(fixture["document"].clone()).unwrap()
}

/// Random organizations with custom roles held by members, clusters, and
/// environments in several modes, until every mode is among them.
fn random_organizations(count: usize) -> Vec<Organization> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut modes = std::collections::BTreeSet::new();
    let mut organizations = Vec::new();
    while organizations.len() < count || modes.len() < Mode::ALL.len() {
        let org = strategies::organization()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let here: std::collections::BTreeSet<String> = org
            .projects()
            .iter()
            .flat_map(Project::environments)
            .map(|e| e.mode.to_string())
            .collect();
        let custom = org.members().filter(|m| m.role.custom().is_some()).count();
        if org.member_count() >= 3 && here.len() >= 2 && custom >= 1 && !org.clusters().is_empty() {
            modes.extend(here);
            organizations.push(org);
        }
    }
    organizations
}

/// Who is asked: `user:ID`, or `token:ID` with `now` in the context.
struct Asker {
    subject: String,
    context: String,
    custom: bool,
    /// Whether the actions a resource is not about are asked too: their
    /// answer is the schema's (an undefined permission) whoever asks, so
    /// one member and one token ask them.
    asks_undefined: bool,
    who: Who,
}

/// Whose check the crate answers.
enum Who {
    User(UserId),
    Token(ApiTokenId),
}

impl Asker {
    /// The crate's answer: `check`, or `check_token` at `NOW`.
    fn answer(&self, org: &Organization, action: Action, resource: Resource<'_>) -> Decision {
        match &self.who {
            Who::User(id) => org.check(id, action, resource),
            Who::Token(id) => {
                org.check_token(id, Timestamp::from_unix_seconds(NOW), action, resource)
            }
        }
    }
}

/// Every member and token, a stranger, and a token that is not the
/// organization's.
fn askers(org: &Organization) -> Vec<Asker> {
    let user = |id: UserId| Asker {
        subject: format!("user:{}", sid(id.as_str())),
        context: String::new(),
        custom: org.role_of(&id).is_some_and(|r| r.custom().is_some()),
        asks_undefined: false,
        who: Who::User(id),
    };
    let token = |id: ApiTokenId| Asker {
        subject: format!("token:{}", sid(id.as_str())),
        context: format!(" with {{\"now\":{NOW}}}"),
        custom: org.token(&id).is_some_and(|t| t.role.custom().is_some()),
        asks_undefined: false,
        who: Who::Token(id),
    };
    let mut all: Vec<Asker> = org.members().map(|m| user(m.id.clone())).collect();
    all.push(user("stranger-not-a-member".parse().unwrap()));
    all.extend(org.tokens().iter().map(|t| token(t.id.clone())));
    all.push(token("token-not-in-the-organization".parse().unwrap()));
    all[0].asks_undefined = true;
    if let Some(first) = all.iter_mut().find(|p| !p.context.is_empty()) {
        first.asks_undefined = true;
    }
    all
}

/// How many questions were written, and of what kind.
#[derive(Debug, Default)]
struct Counts {
    questions: usize,
    allowed: usize,
    undefined: usize,
    by_tokens: usize,
    by_custom_roles: usize,
}

/// Every resource of `org` (the organization, its clusters, projects and
/// environments), with its SpiceDB object.
fn resources(org: &Organization) -> Vec<(Resource<'_>, String)> {
    let object = |kind: &str, id: &str| format!("{kind}:{}", sid(id));
    let mut all = vec![(
        Resource::Organization,
        object("organization", org.id().as_str()),
    )];
    for cluster in org.clusters() {
        all.push((
            Resource::Cluster(&cluster.id),
            object("cluster", cluster.id.as_str()),
        ));
    }
    for project in org.projects() {
        all.push((
            Resource::Project(project.id()),
            object("project", project.id().as_str()),
        ));
        for environment in project.environments() {
            let resource = Resource::Environment {
                project: project.id(),
                environment: &environment.id,
            };
            all.push((resource, object("environment", environment.id.as_str())));
        }
    }
    all
}

/// The crate's answer to every principal × action × resource of `org`.
fn checks(org: &Organization, counts: &mut Counts) -> String {
    let resources = resources(org);
    let mut out = String::new();
    for principal in askers(org) {
        for (resource, object) in &resources {
            for action in Action::ALL {
                let decision = principal.answer(org, action, *resource);
                let expected = if !resource.answers(action) {
                    assert!(!decision.is_allowed());
                    if !principal.asks_undefined {
                        continue;
                    }
                    counts.undefined += 1;
                    "undefined"
                } else if decision.is_allowed() {
                    counts.allowed += 1;
                    "allowed"
                } else {
                    "denied"
                };
                let permission = action.as_str().to_ascii_lowercase();
                let Asker {
                    subject, context, ..
                } = &principal;
                writeln!(out, "{expected} {object}#{permission}@{subject}{context}").unwrap();
                counts.questions += 1;
                counts.by_tokens += usize::from(!context.is_empty());
                counts.by_custom_roles += usize::from(principal.custom);
            }
        }
    }
    out
}

#[test]
fn spicedb_files_are_written_for_embedded_spicedb() {
    let directory = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spicedb");
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let mut schema = String::new();
    write_spicedb_schema(&mut schema).unwrap();
    std::fs::write(directory.join("schema.zed"), schema).unwrap();

    let scenario: Organization =
        serde_json::from_str(include_str!("../../examples/scenarios/organization.json")).unwrap();
    let mut organizations = vec![
        ("scenario", scenario),
        ("fixture-full", fixture(FULL)),
        ("fixture-custom-roles", fixture(CUSTOM_ROLES)),
        ("custom-role-every-mode", custom_org::custom_org(7, 3, 3)),
    ];
    let random = random_organizations(10);
    organizations.push(("awkward-ids", with_awkward_ids(&random[0])));
    organizations.extend(random.into_iter().map(|org| ("random", org)));
    let mut counts = Counts::default();
    for (i, (name, org)) in organizations.into_iter().enumerate() {
        let org = with_tokens(org, if name == "awkward-ids" { "tok.é/" } else { "" });
        let relationships = text(|out| write_spicedb_relationships(&org, out));
        let file = directory.join(format!("organization-{i:02}"));
        std::fs::write(file.with_extension("relationships"), relationships).unwrap();
        let checks = format!("# {name}: {}\n{}", org.id(), checks(&org, &mut counts));
        std::fs::write(file.with_extension("checks"), checks).unwrap();
    }
    eprintln!("SpiceDB: {counts:?} written for engines/spicedb/check.mjs");
    assert!(
        counts.by_custom_roles > 1_000 && counts.by_tokens > 1_000,
        "{counts:?}"
    );
}

#[test]
fn an_organization_with_an_id_too_long_for_spicedb_is_refused_before_anything_is_written() {
    // 169 two-byte characters: 1,014 bytes encoded, which a member's id
    // may be, but not a project's, whose `grants` ids add `/development`.
    let long = "é".repeat(169);
    let owner: UserId = long.parse().unwrap();
    let address = Email::new("ada@acme.dev").unwrap();
    let mut org = Organization::new(
        "o".parse().unwrap(),
        common::name("Acme"),
        Plan::Free,
        owner.clone(),
        address,
    );
    let mut out = String::new();
    write_spicedb_relationships(&org, &mut out).unwrap();
    assert!(out.contains(&"=C3=A9".repeat(169)), "{out}");
    let _ = org
        .add_project(
            &owner,
            common::NOW,
            long.parse().unwrap(),
            common::name("Shop"),
        )
        .unwrap();
    let mut out = String::new();
    let error = write_spicedb_relationships(&org, &mut out).unwrap_err();
    assert!(
        matches!(&error, SpiceDbError::IdTooLong { id, bytes: 1_026 } if **id == *long),
        "{error:?}"
    );
    assert_eq!(error.kind(), "spicedb_id_too_long");
    assert_eq!(out, "", "nothing is written");
}
