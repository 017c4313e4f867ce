//! Fixtures shared by the integration tests.
#![allow(dead_code)]

use orgmodel::*;

#[track_caller]
pub fn uid(s: &str) -> UserId {
    s.parse().unwrap()
}

#[track_caller]
pub fn email(s: &str) -> Email {
    Email::new(s).unwrap()
}

#[track_caller]
pub fn name(s: &str) -> Name {
    Name::new(s).unwrap()
}

#[track_caller]
pub fn cid(s: &str) -> ClusterId {
    s.parse().unwrap()
}

#[track_caller]
pub fn pid(s: &str) -> ProjectId {
    s.parse().unwrap()
}

#[track_caller]
pub fn eid(s: &str) -> EnvironmentId {
    s.parse().unwrap()
}

#[track_caller]
pub fn rid(s: &str) -> RuleId {
    s.parse().unwrap()
}

/// Runs a command that must be refused, checks that it changed nothing,
/// and returns its error.
#[track_caller]
pub fn refused<T: std::fmt::Debug, E>(
    org: &mut Organization,
    command: impl FnOnce(&mut Organization) -> Result<T, E>,
) -> E {
    let before = org.clone();
    let Err(error) = command(org) else {
        panic!("the command should be refused")
    };
    assert_eq!(*org, before, "a refused command changed the organization");
    error
}

/// The denial inside an [`AccessError::Denied`], from any command's error;
/// any other error fails the test.
#[track_caller]
pub fn denial<E: Clone + Into<Error>>(error: &E) -> Denial {
    match error.clone().into() {
        Error::Access(AccessError::Denied { denial, .. })
        | Error::Settings(SettingsError::Access(AccessError::Denied { denial, .. }))
        | Error::Member(MemberError::Access(AccessError::Denied { denial, .. }))
        | Error::Cluster(ClusterError::Access(AccessError::Denied { denial, .. }))
        | Error::Project(ProjectError::Access(AccessError::Denied { denial, .. })) => denial,
        other => panic!("expected a permission denial, got {other:?}"),
    }
}

pub fn wildcard(s: &str) -> Wildcard {
    s.parse().unwrap()
}

pub const NOW: Timestamp = Timestamp::from_unix_seconds(1_700_000_000);
pub const DAY: u64 = 86_400;

pub fn cluster(id: &str) -> Cluster {
    Cluster::new(cid(id), name(id), CloudProvider::Aws, "eu-west-3")
}

pub fn rule(id: &str, wildcard: &str, mode: Mode, cluster: &str, priority: u32) -> DeploymentRule {
    DeploymentRule::new(
        rid(id),
        name(id),
        wildcard.parse().unwrap(),
        mode,
        cid(cluster),
        priority,
    )
}

/// "Acme" (Business plan) owned by `owner`, with one member of each other
/// role (`admin`, `dev`, `viewer`), no cluster and no project.
pub fn acme() -> Organization {
    let owner = uid("owner");
    let mut org = Organization::new(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        owner.clone(),
        email("owner@acme.dev"),
    );
    for (user, role) in [
        ("admin", Role::Admin),
        ("dev", Role::Developer),
        ("viewer", Role::Viewer),
    ] {
        let address = email(&format!("{user}@acme.dev"));
        let _ = org
            .invite(&owner, NOW, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        let _ = org.accept_invitation(&uid(user), NOW, &address).unwrap();
    }
    org
}

/// [`acme`] with clusters `c1` (the default) and `c2`, and a project `p1`.
pub fn acme_with_infra() -> Organization {
    let mut org = acme();
    let owner = uid("owner");
    let _ = org.add_cluster(&owner, NOW, cluster("c1")).unwrap();
    let _ = org.add_cluster(&owner, NOW, cluster("c2")).unwrap();
    let _ = org
        .add_project(&owner, NOW, pid("p1"), name("Shop"))
        .unwrap();
    org
}

/// [`acme_with_infra`] with rule `r1` sending `prod*` to `c2` in Production,
/// and an environment `e1` of `mode` in `p1`.
pub fn acme_with_rule_and_environment(mode: Mode) -> Organization {
    let mut org = acme_with_infra();
    let owner = uid("owner");
    let _ = org
        .add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r1", "prod*", Mode::Production, "c2", 0),
        )
        .unwrap();
    add_environments(&mut org, &owner, &[("e1", mode)]);
    org
}

/// An organization named `id` whose only member is its owner `owner`.
pub fn owned_by(id: &str, owner: &str) -> Organization {
    Organization::new(
        id.parse().unwrap(),
        name(id),
        Plan::Free,
        uid(owner),
        email(&format!("{owner}@{id}.dev")),
    )
}

/// Creates, as `actor`, environments in project `p1`, named after their ids,
/// each with an explicit mode.
pub fn add_environments(org: &mut Organization, actor: &UserId, environments: &[(&str, Mode)]) {
    for &(id, mode) in environments {
        let _ = org
            .create_environment(
                actor,
                NOW,
                &pid("p1"),
                eid(id),
                &CreateEnvironmentRequest::new(id).with_mode(mode),
            )
            .unwrap();
    }
}

/// A realistic user id: a 36-character UUID, spread by a mixing function so
/// that ids do not sort in creation order.
pub fn uuid(i: u64) -> String {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        z >> 32,
        (z >> 16) & 0xffff,
        z & 0xfff,
        (i >> 12) & 0xfff,
        i
    )
}

/// An organization of `n` members (the first is the owner; the others cycle
/// through Admin, Developer, Viewer) with 36-character ids and 26-character
/// e-mails, two clusters and a project `p1` with an environment per mode.
pub fn big_org(n: u64) -> Organization {
    let roles = [Role::Admin, Role::Developer, Role::Viewer];
    let members: Vec<Member> = (0..n)
        .map(|i| Member {
            id: uuid(i).parse().unwrap(),
            email: Email::new(format!("user{i:06}@example-corp.io")).unwrap(),
            role: if i == 0 {
                Role::Owner
            } else {
                roles[i as usize % 3]
            }
            .into(),
        })
        .collect();
    let mut org = Organization::from_members(
        "org".parse().unwrap(),
        name("Big"),
        Plan::Enterprise,
        members,
    )
    .unwrap();
    let owner: UserId = uuid(0).parse().unwrap();
    let _ = org.add_cluster(&owner, NOW, cluster("c1")).unwrap();
    let _ = org.add_cluster(&owner, NOW, cluster("c2")).unwrap();
    let _ = org
        .add_project(&owner, NOW, pid("p1"), name("Shop"))
        .unwrap();
    add_environments(
        &mut org,
        &owner,
        &[
            ("e-prod", Mode::Production),
            ("e-staging", Mode::Staging),
            ("e-dev", Mode::Development),
        ],
    );
    org
}

/// `n` deployment rules on three clusters whose wildcards look realistic
/// (`team-17-*`); only the last one matches [`PLACED_NAME`].
pub fn rules_matching_last(n: usize) -> (Vec<Cluster>, DeploymentRules) {
    let clusters = vec![cluster("c1"), cluster("c2"), cluster("c3")];
    let rules = (0..n)
        .map(|i| {
            let wildcard = if i + 1 == n {
                "feature-*".to_string()
            } else {
                format!("team-{i}-*")
            };
            let target = ["c1", "c2", "c3"][i % 3];
            rule(&format!("r{i}"), &wildcard, Mode::Staging, target, i as u32)
        })
        .collect();
    (clusters, DeploymentRules::new(rules).unwrap())
}

/// The environment name that only the last rule of [`rules_matching_last`] matches.
pub const PLACED_NAME: &str = "feature-login-page";

/// The hostile pattern of the README's `wildcard/hostile` bench: `*a` 500 times, then `*b`.
pub fn hostile_pattern() -> String {
    format!("{}*b", "*a".repeat(500))
}

/// A cloud account named after its id.
pub fn account(id: &str) -> CloudAccount {
    CloudAccount {
        id: id.parse().unwrap(),
        name: name(id),
        cloud_provider: CloudProvider::Aws,
    }
}

/// A Markdown table, as a CommonMark parser (with the GitHub tables
/// extension) reads it.
#[derive(Debug)]
pub struct MarkdownTable<'a> {
    /// The table's source lines, header and separator included.
    pub lines: Vec<&'a str>,
    /// Each row's cells, the header row first; inline code keeps its backticks.
    pub rows: Vec<Vec<String>>,
}

/// Every table of the Markdown `text`, in order.
pub fn markdown_tables(text: &str) -> Vec<MarkdownTable<'_>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => rows
                .last_mut()
                .expect("a cell outside a row")
                .push(String::new()),
            Event::Text(text) if !rows.is_empty() => cell(&mut rows).push_str(&text),
            Event::Code(code) if !rows.is_empty() => {
                cell(&mut rows).push_str(&format!("`{code}`"));
            }
            Event::End(TagEnd::Table) => tables.push(MarkdownTable {
                lines: text[range].lines().collect(),
                rows: std::mem::take(&mut rows),
            }),
            _ => {}
        }
    }
    tables
}

/// The cell being read: the last of the last row.
fn cell(rows: &mut [Vec<String>]) -> &mut String {
    rows.last_mut()
        .and_then(|row| row.last_mut())
        .expect("text outside a table cell")
}

/// The table of the Markdown `text` whose header row starts with the cells
/// `header`.
#[track_caller]
pub fn markdown_table<'a>(text: &'a str, header: &[&str]) -> MarkdownTable<'a> {
    let mut found = markdown_tables(text).into_iter().filter(|table| {
        table.rows.first().is_some_and(|row| {
            row.len() >= header.len() && row.iter().zip(header).all(|(cell, name)| cell == name)
        })
    });
    let table = found
        .next()
        .unwrap_or_else(|| panic!("no table headed {header:?}"));
    assert!(found.next().is_none(), "two tables headed {header:?}");
    table
}

/// Runs `command` as `actor` at `at`, conditionally on the current
/// revision, and logs the event it must record.
#[track_caller]
pub fn record(
    log: &mut Vec<Recorded>,
    org: &mut Organization,
    actor: &str,
    at: Timestamp,
    command: Command,
) {
    let shown = format!("{command:?}");
    let recorded = org
        .execute(&uid(actor), at, Some(org.revision()), command)
        .unwrap_or_else(|error| panic!("{shown}: {error}"))
        .unwrap_or_else(|| panic!("{shown} changed nothing"));
    log.push(recorded);
}

/// The organization "Acme", created by `owner` at [`NOW`], and its first event.
pub fn created_acme() -> (Organization, Recorded) {
    Organization::create(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        uid("owner"),
        email("owner@acme.dev"),
        NOW,
    )
}

/// One command of every kind, with its actor and time, that run in order
/// on [`created_acme`] each change something.
pub fn every_command() -> Vec<(&'static str, Timestamp, Command)> {
    let later = NOW.plus_seconds(DAY);
    vec![
        (
            "owner",
            NOW,
            Command::Rename {
                name: name("Acme Inc"),
            },
        ),
        (
            "owner",
            NOW,
            Command::SetDescription {
                description: Some("Shops".into()),
            },
        ),
        (
            "owner",
            NOW,
            Command::ChangePlan {
                plan: Plan::Team2025,
            },
        ),
        (
            "owner",
            NOW,
            Command::Invite {
                email: email("bob@acme.dev"),
                role: Role::Developer.into(),
                expires_at: later,
            },
        ),
        (
            "owner",
            NOW,
            Command::Invite {
                email: email("eve@acme.dev"),
                role: Role::Viewer.into(),
                expires_at: later,
            },
        ),
        (
            "owner",
            NOW,
            Command::Invite {
                email: email("old@acme.dev"),
                role: Role::Viewer.into(),
                expires_at: NOW.plus_seconds(1),
            },
        ),
        (
            "owner",
            NOW,
            Command::RevokeInvitation {
                email: email("eve@acme.dev"),
            },
        ),
        (
            "bob",
            NOW,
            Command::AcceptInvitation {
                email: email("bob@acme.dev"),
            },
        ),
        ("owner", NOW.plus_seconds(2), Command::PurgeExpired),
        (
            "owner",
            NOW,
            Command::ChangeRole {
                member: uid("bob"),
                role: Role::Admin.into(),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddCloudAccount {
                account: account("aws-1"),
            },
        ),
        (
            "owner",
            NOW,
            Command::RemoveCloudAccount {
                account: "aws-1".parse().unwrap(),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddCluster {
                cluster: cluster("c1"),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddCluster {
                cluster: cluster("c2"),
            },
        ),
        ("owner", NOW, Command::StopCluster { cluster: cid("c1") }),
        ("owner", NOW, Command::StartCluster { cluster: cid("c1") }),
        (
            "owner",
            NOW,
            Command::UpdateCluster {
                cluster: cid("c2"),
                settings: ClusterSettings {
                    name: name("prod"),
                    region: "eu-west-1".into(),
                },
            },
        ),
        (
            "owner",
            NOW,
            Command::AddProject {
                project: pid("p1"),
                name: name("Shop"),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddProject {
                project: pid("p2"),
                name: name("Blog"),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddRule {
                project: pid("p1"),
                rule: rule("r1", "prod*", Mode::Production, "c2", 0),
            },
        ),
        (
            "owner",
            NOW,
            Command::AddRule {
                project: pid("p1"),
                rule: rule("r2", "pr-*", Mode::Preview, "c1", 1),
            },
        ),
        (
            "owner",
            NOW,
            Command::ReorderRules {
                project: pid("p1"),
                order: vec![rid("r2"), rid("r1")],
            },
        ),
        (
            "owner",
            NOW,
            Command::RemoveRule {
                project: pid("p1"),
                rule: rid("r2"),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateEnvironment {
                project: pid("p1"),
                environment: eid("e1"),
                request: CreateEnvironmentRequest::new("prod-eu"),
            },
        ),
        (
            "owner",
            NOW,
            Command::DeleteEnvironment {
                project: pid("p1"),
                environment: eid("e1"),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateCustomRole {
                role: "on-call".parse().unwrap(),
                name: name("On-call"),
                description: "Night shifts".into(),
            },
        ),
        (
            "owner",
            NOW,
            Command::UpdateCustomRole {
                role: CustomRole::new("on-call".parse().unwrap(), name("On-call"), "Night shifts")
                    .unwrap()
                    .define(
                        [(cid("c2"), ClusterLevel::Admin)],
                        [(
                            pid("p1"),
                            ProjectAccess::new(false, [(Mode::Production, ProjectLevel::Deployer)]),
                        )],
                    )
                    .unwrap(),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateCustomRole {
                role: "temp".parse().unwrap(),
                name: name("Temp"),
                description: String::new(),
            },
        ),
        (
            "owner",
            NOW,
            Command::DeleteCustomRole {
                role: "temp".parse().unwrap(),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateApiToken {
                token: "t-ci".parse().unwrap(),
                name: name("CI"),
                description: "The pipeline".into(),
                role: RoleRef::Custom("on-call".parse().unwrap()),
                expires_at: Some(later),
            },
        ),
        (
            "owner",
            NOW,
            Command::CreateApiToken {
                token: "t-temp".parse().unwrap(),
                name: name("Temp"),
                description: String::new(),
                role: Role::Viewer.into(),
                expires_at: None,
            },
        ),
        (
            "owner",
            NOW,
            Command::DeleteApiToken {
                token: "t-temp".parse().unwrap(),
            },
        ),
        ("owner", NOW, Command::DeleteProject { project: pid("p2") }),
        ("owner", NOW, Command::DeleteCluster { cluster: cid("c1") }),
        ("owner", NOW, Command::TransferOwnership { to: uid("bob") }),
        (
            "bob",
            NOW,
            Command::RemoveMember {
                member: uid("owner"),
            },
        ),
        (
            "bob",
            NOW,
            Command::Invite {
                email: email("carl@acme.dev"),
                role: Role::Viewer.into(),
                expires_at: later,
            },
        ),
        (
            "carl",
            NOW,
            Command::AcceptInvitation {
                email: email("carl@acme.dev"),
            },
        ),
        ("carl", NOW, Command::Leave),
    ]
}

/// One recorded event of every kind: the log of [`every_command`] run on
/// [`created_acme`], and the organization they made.
pub fn every_event() -> (Organization, Vec<Recorded>) {
    let (mut org, created) = created_acme();
    let mut log = vec![created];
    for (actor, at, command) in every_command() {
        record(&mut log, &mut org, actor, at, command);
    }
    (org, log)
}

/// The design's table of a custom role ("Built-in and custom roles"),
/// written plainly as the tests' reference (no level code of the crate):
/// the rows a role with `is_admin` and `levels` (by mode, in
/// [`Mode::ALL`]'s order) holds on project P and on its resources in
/// `mode`. *Read organization* is left out: it is asked of the organization.
pub fn design_rows(is_admin: bool, levels: [ProjectLevel; 4], mode: Mode) -> Permission {
    use Permission as P;
    use ProjectLevel::{Deployer, Manager, Viewer};
    let at = Mode::ALL.iter().position(|m| *m == mode).unwrap();
    let e = if is_admin { Manager } else { levels[at] };
    let production = mode == Mode::Production;
    let pick = |prod: P, dev: P| if production { prod } else { dev };
    let mut rows = P::empty();
    if is_admin || levels.iter().any(|level| *level >= Viewer) {
        rows |= P::READ_PROJECT;
    }
    if is_admin {
        rows |= P::EDIT_PROJECT
            | P::DELETE_PROJECT
            | pick(
                P::DELETE_PRODUCTION_ENVIRONMENT,
                P::DELETE_DEVELOPMENT_ENVIRONMENT,
            );
    }
    if e >= Viewer {
        rows |= P::READ_ENVIRONMENT | P::READ_APPLICATION | P::READ_DATABASE;
    }
    if e >= Deployer {
        rows |= pick(
            P::STOP_PRODUCTION_ENVIRONMENT,
            P::STOP_DEVELOPMENT_ENVIRONMENT,
        ) | P::CONNECT_VIA_SSH_TO_AN_APPLICATION;
    }
    if e >= Manager {
        rows |= pick(
            P::EDIT_PRODUCTION_ENVIRONMENT,
            P::EDIT_DEVELOPMENT_ENVIRONMENT,
        ) | pick(
            P::EDIT_PRODUCTION_APPLICATION,
            P::EDIT_DEVELOPMENT_APPLICATION,
        ) | pick(
            P::DELETE_PRODUCTION_APPLICATION,
            P::DELETE_DEVELOPMENT_APPLICATION,
        ) | pick(P::EDIT_PRODUCTION_DATABASE, P::EDIT_DEVELOPMENT_DATABASE)
            | pick(
                P::DELETE_PRODUCTION_DATABASE,
                P::DELETE_DEVELOPMENT_DATABASE,
            );
    }
    rows
}

/// The rows of [`design_rows`] in some mode of the project: what a command
/// naming the project is judged by before any lookup.
pub fn design_rows_in_some_mode(is_admin: bool, levels: [ProjectLevel; 4]) -> Permission {
    Mode::ALL
        .into_iter()
        .fold(Permission::empty(), |rows, mode| {
            rows | design_rows(is_admin, levels, mode)
        })
}

/// The rows a check on `resource` can answer (an environment in `mode`).
pub fn answerable(resource: Resource<'_>, mode: Option<Mode>) -> Permission {
    Action::ALL
        .into_iter()
        .filter(|action| resource.answers(*action))
        .fold(Permission::empty(), |rows, action| {
            rows | action.permission(mode)
        })
}
