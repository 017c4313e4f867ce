//! Each event as updates to the engines' exports (`Touched`, `Updates`):
//! after every event of random command sequences (custom roles, tokens,
//! deletions that cascade), the export before it with its updates applied
//! is the export after it, for Cedar, OpenFGA and SpiceDB, as sets; the
//! updates are exactly the export's items; and an event's updates are
//! bounded by what it changed, on an organization of 100,000 members.

mod common;
#[path = "common/counting.rs"]
mod counting;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use counting::*;
use orgmodel::*;
use proptest::prelude::*;
use serde_json::Value;
use strum::IntoEnumIterator;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The key a delete sends for an item an update writes.
fn key(engine: Engine, item: &str) -> String {
    match engine {
        Engine::SpiceDb => item.split_once('[').map_or(item, |(key, _)| key).into(),
        Engine::OpenFga => {
            let mut tuple: Value = serde_json::from_str(item).unwrap();
            tuple.as_object_mut().unwrap().remove("condition");
            tuple.to_string()
        }
        _ => {
            let entity: Value = serde_json::from_str(item).unwrap();
            entity["uid"].to_string()
        }
    }
}

/// A delete's key as `key` writes it (JSON with its keys sorted).
fn canonical(engine: Engine, deleted: &str) -> String {
    match engine {
        Engine::SpiceDb => deleted.into(),
        _ => serde_json::from_str::<Value>(deleted).unwrap().to_string(),
    }
}

/// An export as the engine holds it: each item by its key.
type Held = BTreeMap<String, String>;

fn load(engine: Engine, org: &Organization) -> Held {
    let updates = Updates::load(engine, org).unwrap();
    assert!(updates.deletes.is_empty());
    let held: Held = updates
        .writes
        .iter()
        .map(|item| (key(engine, item), item.clone()))
        .collect();
    assert_eq!(held.len(), updates.writes.len(), "two items with one key");
    held
}

/// Applies `updates` as the engine would: deletes first, then writes.
fn apply(engine: Engine, held: &mut Held, updates: &Updates) {
    for deleted in &updates.deletes {
        let deleted = canonical(engine, deleted);
        assert!(
            held.remove(&deleted).is_some(),
            "deleted what was not there: {deleted}"
        );
    }
    for written in &updates.writes {
        let before = held.insert(key(engine, written), written.clone());
        // OpenFGA refuses to write a tuple it holds; the others overwrite.
        assert!(
            engine != Engine::OpenFga || before.is_none(),
            "OpenFGA would refuse {written}: it holds it"
        );
    }
}

/// The items of the text exports, to compare with `Updates::load`: SpiceDB
/// and Cedar as their lines, OpenFGA's YAML tuples as JSON tuple keys.
fn exported(engine: Engine, org: &Organization) -> BTreeSet<String> {
    let mut text = String::new();
    match engine {
        Engine::SpiceDb => {
            write_spicedb_relationships(org, &mut text).unwrap();
            text.lines().map(String::from).collect()
        }
        Engine::Cedar => {
            write_cedar_entities(org, &mut text).unwrap();
            let entities: Vec<Value> = serde_json::from_str(&text).unwrap();
            entities.iter().map(Value::to_string).collect()
        }
        _ => {
            write_openfga_tuples(org, &mut text).unwrap();
            text.split("  - user: ")
                .skip(1)
                .map(|item| {
                    let field = |name: &str| {
                        let line = item.lines().find(|l| l.trim_start().starts_with(name));
                        let value = line.unwrap().split_once(": ").unwrap().1;
                        value.trim_matches('"').to_string()
                    };
                    let user = item.lines().next().unwrap().trim_matches('"');
                    let mut tuple = serde_json::json!({
                        "user": user,
                        "relation": field("relation:"),
                        "object": field("object:"),
                    });
                    if item.contains("condition:") {
                        tuple["condition"] = serde_json::json!({
                            "name": "not_expired",
                            "context": {"expires_at": field("expires_at:")},
                        });
                    }
                    tuple.to_string()
                })
                .collect()
        }
    }
}

/// Cedar items compared as JSON values (key order aside).
fn normalized(engine: Engine, items: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    items
        .into_iter()
        .map(|item| match engine {
            Engine::SpiceDb => item,
            _ => serde_json::from_str::<Value>(&item).unwrap().to_string(),
        })
        .collect()
}

const T0: u64 = 1_767_225_600;

fn now(step: usize) -> Timestamp {
    Timestamp::from_unix_seconds(T0 + 60 * step as u64)
}

fn user(i: usize) -> UserId {
    format!("u{i}").parse().unwrap()
}
fn role_id(i: usize) -> CustomRoleId {
    format!("k{i}").parse().unwrap()
}

#[derive(Clone, Debug)]
enum RoleChoice {
    BuiltIn(Role),
    Custom(usize),
}

impl RoleChoice {
    /// The role: a custom role is one the organization has, when it has one.
    fn role(&self, org: &Organization) -> RoleRef {
        let roles = org.custom_roles();
        match self {
            RoleChoice::Custom(i) if !roles.is_empty() => {
                RoleRef::Custom(roles[i % roles.len()].id().clone())
            }
            RoleChoice::Custom(_) => Role::Viewer.into(),
            RoleChoice::BuiltIn(role) => (*role).into(),
        }
    }
}

/// What a step does; ids come from small pools so that steps meet.
#[derive(Clone, Debug)]
enum Step {
    Join(usize, RoleChoice),
    ChangeRole(usize, RoleChoice),
    Remove(usize),
    Leave(usize),
    Transfer(usize),
    AddCluster(usize),
    DeleteCluster(usize),
    AddProject(usize),
    DeleteProject(usize),
    CreateEnvironment(usize, usize, Mode),
    DeleteEnvironment(usize, usize),
    CreateRole(usize),
    UpdateRole(
        usize,
        Vec<(usize, ClusterLevel)>,
        Vec<(usize, bool, [ProjectLevel; 4])>,
    ),
    DeleteRole(usize),
    CreateToken(usize, RoleChoice, Option<u64>),
    DeleteToken(usize),
    Rename,
    /// Steps that change nothing an engine holds.
    Unexported(usize, usize),
    /// A token of the organization adds a cluster.
    TokenAddsCluster(usize, usize),
}

fn held() -> impl Strategy<Value = RoleChoice> {
    prop_oneof![
        prop::sample::select(vec![
            Role::Admin,
            Role::DevOps,
            Role::Developer,
            Role::Viewer,
            Role::BillingManager
        ])
        .prop_map(RoleChoice::BuiltIn),
        (0..3usize).prop_map(RoleChoice::Custom),
    ]
}

fn cluster_level() -> impl Strategy<Value = ClusterLevel> {
    prop::sample::select(vec![
        ClusterLevel::Viewer,
        ClusterLevel::EnvCreator,
        ClusterLevel::Admin,
    ])
}

fn project_level() -> impl Strategy<Value = ProjectLevel> {
    prop::sample::select(vec![
        ProjectLevel::NoAccess,
        ProjectLevel::Viewer,
        ProjectLevel::Deployer,
        ProjectLevel::Manager,
    ])
}

fn step() -> impl Strategy<Value = Step> {
    let mode = prop::sample::select(vec![Mode::Production, Mode::Staging, Mode::Development]);
    prop_oneof![
        3 => (1..6usize, held()).prop_map(|(u, r)| Step::Join(u, r)),
        3 => (0..6usize, held()).prop_map(|(u, r)| Step::ChangeRole(u, r)),
        1 => (0..6usize).prop_map(Step::Remove),
        1 => (0..6usize).prop_map(Step::Leave),
        1 => (0..6usize).prop_map(Step::Transfer),
        2 => (0..3usize).prop_map(Step::AddCluster),
        1 => (0..3usize).prop_map(Step::DeleteCluster),
        2 => (0..3usize).prop_map(Step::AddProject),
        1 => (0..3usize).prop_map(Step::DeleteProject),
        3 => (0..3usize, 0..4usize, mode).prop_map(|(p, e, m)| Step::CreateEnvironment(p, e, m)),
        2 => (0..3usize, 0..4usize).prop_map(|(p, e)| Step::DeleteEnvironment(p, e)),
        2 => (0..3usize).prop_map(Step::CreateRole),
        3 => (
            0..3usize,
            prop::collection::btree_map(0..3usize, cluster_level(), 0..3),
            prop::collection::btree_map(
                0..3usize,
                (any::<bool>(), [project_level(), project_level(), project_level(), project_level()]),
                0..3
            ),
        )
            .prop_map(|(r, clusters, projects)| Step::UpdateRole(
                r,
                clusters.into_iter().collect(),
                projects.into_iter().map(|(p, (admin, levels))| (p, admin, levels)).collect(),
            )),
        1 => (0..3usize).prop_map(Step::DeleteRole),
        2 => (0..3usize, held(), prop::option::of(1..20u64)).prop_map(|(t, r, e)| Step::CreateToken(t, r, e)),
        1 => (0..3usize).prop_map(Step::DeleteToken),
        1 => Just(Step::Rename),
        3 => (0..7usize, 0..3usize).prop_map(|(k, i)| Step::Unexported(k, i)),
        2 => (0..3usize, 0..3usize).prop_map(|(t, i)| Step::TokenAddsCluster(t, i)),
    ]
}

/// Runs a step on `org` as its owner (or the user it names), appending
/// what it recorded to `log`; a refused step records nothing.
fn run(org: &mut Organization, log: &mut Vec<Recorded>, step: &Step, at: Timestamp) {
    let owner = org.owner().id.clone();
    let (c, p) = (
        |i: usize| cid(&format!("c{i}")),
        |i: usize| pid(&format!("p{i}")),
    );
    let mut go = |org: &mut Organization, actor: &UserId, command: Command| {
        let done = org.execute(actor, at, None, command);
        match done {
            Ok(recorded) => {
                log.extend(recorded);
                true
            }
            Err(_) => false,
        }
    };
    let _ = match step {
        Step::Join(u, role) => {
            let address = email(&format!("u{u}@acme.dev"));
            let invite = Command::Invite {
                email: address.clone(),
                role: role.role(org),
                expires_at: at.plus_seconds(3_600),
            };
            go(org, &owner, invite)
                && go(org, &user(*u), Command::AcceptInvitation { email: address })
        }
        Step::ChangeRole(u, role) => {
            let members: Vec<UserId> = org.members().map(|m| m.id.clone()).collect();
            let command = Command::ChangeRole {
                member: members[u % members.len()].clone(),
                role: role.role(org),
            };
            go(org, &owner, command)
        }
        Step::Remove(u) => go(org, &owner, Command::RemoveMember { member: user(*u) }),
        Step::Leave(u) => go(org, &user(*u), Command::Leave),
        Step::Transfer(u) => go(org, &owner, Command::TransferOwnership { to: user(*u) }),
        Step::AddCluster(i) => go(
            org,
            &owner,
            Command::AddCluster {
                cluster: cluster(&format!("c{i}")),
            },
        ),
        Step::DeleteCluster(i) => go(org, &owner, Command::DeleteCluster { cluster: c(*i) }),
        Step::AddProject(i) => go(
            org,
            &owner,
            Command::AddProject {
                project: p(*i),
                name: name(&format!("project {i}")),
            },
        ),
        Step::DeleteProject(i) => go(org, &owner, Command::DeleteProject { project: p(*i) }),
        Step::CreateEnvironment(i, e, mode) => go(
            org,
            &owner,
            Command::CreateEnvironment {
                project: p(*i),
                environment: eid(&format!("p{i}-e{e}")),
                request: CreateEnvironmentRequest::new(format!("env {e}")).with_mode(*mode),
            },
        ),
        Step::DeleteEnvironment(i, e) => {
            // The (i + e)-th environment of the organization, if any.
            let all: Vec<(ProjectId, EnvironmentId)> = org
                .projects()
                .iter()
                .flat_map(|p| {
                    p.environments()
                        .iter()
                        .map(|e| (p.id().clone(), e.id.clone()))
                })
                .collect();
            match all.get((i + e) % all.len().max(1)).cloned() {
                Some((project, environment)) => go(
                    org,
                    &owner,
                    Command::DeleteEnvironment {
                        project,
                        environment,
                    },
                ),
                None => false,
            }
        }
        Step::CreateRole(r) => go(
            org,
            &owner,
            Command::CreateCustomRole {
                role: role_id(*r),
                name: name(&format!("role {r}")),
                description: String::new(),
            },
        ),
        Step::UpdateRole(r, clusters, projects) => {
            let Some(role) = org.custom_role(&role_id(*r)).cloned() else {
                return;
            };
            // Entries name the organization's own clusters and projects.
            let (have_clusters, have_projects) = (org.clusters(), org.projects());
            let clusters: BTreeMap<ClusterId, ClusterLevel> = clusters
                .iter()
                .filter(|_| !have_clusters.is_empty())
                .map(|(i, level)| (have_clusters[i % have_clusters.len()].id.clone(), *level))
                .collect();
            let projects: BTreeMap<ProjectId, ProjectAccess> = projects
                .iter()
                .filter(|_| !have_projects.is_empty())
                .map(|(i, admin, levels)| {
                    let levels = Mode::ALL.into_iter().zip(*levels);
                    let project = have_projects[i % have_projects.len()].id().clone();
                    (project, ProjectAccess::new(*admin, levels))
                })
                .collect();
            // A definition naming a cluster or project that is not there is refused.
            match role.define(clusters, projects) {
                Ok(role) => go(org, &owner, Command::UpdateCustomRole { role }),
                Err(_) => false,
            }
        }
        Step::DeleteRole(r) => go(org, &owner, Command::DeleteCustomRole { role: role_id(*r) }),
        Step::CreateToken(t, role, expiry) => go(
            org,
            &owner,
            Command::CreateApiToken {
                token: format!("t{t}").parse().unwrap(),
                name: name(&format!("token {t}")),
                description: String::new(),
                role: role.role(org),
                expires_at: expiry.map(|minutes| at.plus_seconds(60 * minutes)),
            },
        ),
        Step::DeleteToken(t) => go(
            org,
            &owner,
            Command::DeleteApiToken {
                token: format!("t{t}").parse().unwrap(),
            },
        ),
        Step::Unexported(kind, i) => {
            let command = match kind {
                0 => Command::StopCluster { cluster: c(*i) },
                1 => Command::StartCluster { cluster: c(*i) },
                2 => Command::UpdateCluster {
                    cluster: c(*i),
                    settings: ClusterSettings {
                        name: name(&format!("cluster {i} renamed")),
                        region: "eu-west-1".into(),
                    },
                },
                3 => Command::AddRule {
                    project: p(*i),
                    rule: rule(
                        &format!("r{i}"),
                        "prod*",
                        Mode::Production,
                        &format!("c{i}"),
                        0,
                    ),
                },
                4 => Command::ChangePlan {
                    plan: Plan::Enterprise,
                },
                5 => Command::Invite {
                    email: email("guest@acme.dev"),
                    role: Role::Viewer.into(),
                    expires_at: at.plus_seconds(60),
                },
                _ => Command::RevokeInvitation {
                    email: email("guest@acme.dev"),
                },
            };
            go(org, &owner, command)
        }
        Step::TokenAddsCluster(t, i) => {
            let token: ApiTokenId = format!("t{t}").parse().unwrap();
            let done = org.execute(
                &token,
                at,
                None,
                Command::AddCluster {
                    cluster: cluster(&format!("c{i}")),
                },
            );
            done.map(|recorded| log.extend(recorded)).is_ok()
        }
        Step::Rename => go(
            org,
            &owner,
            Command::Rename {
                name: name("Acme again"),
            },
        ),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_event_keeps_each_engine_equal_to_the_new_export(steps in prop::collection::vec(step(), 1..60)) {
        let (mut org, created) = Organization::create(
            "acme".parse().unwrap(), name("Acme"), Plan::Business, user(0), email("u0@acme.dev"), now(0),
        );
        let mut log = vec![created];
        for (i, step) in steps.iter().enumerate() {
            run(&mut org, &mut log, step, now(i + 1));
        }
        for engine in Engine::iter() {
            // From nothing, the creation's updates are the first export.
            let mut replica: Option<Organization> = None;
            let mut held = Held::new();
            for recorded in &log {
                let updates = match replica.as_mut() {
                    None => {
                        let org = Organization::replay([recorded]).unwrap();
                        let updates = Updates::load(engine, &org).unwrap();
                        replica = Some(org);
                        updates
                    }
                    Some(replica) => {
                        let touched = Touched::before(engine, replica, recorded);
                        replica.apply(recorded).unwrap();
                        touched.updates(replica).unwrap()
                    }
                };
                let written: BTreeSet<String> = updates.writes.iter().map(|w| key(engine, w)).collect();
                prop_assert!(
                    updates.deletes.iter().all(|d| !written.contains(&canonical(engine, d))),
                    "{}: one key deleted and written", engine
                );
                apply(engine, &mut held, &updates);
                let replica = replica.as_ref().unwrap();
                let expected = load(engine, replica);
                prop_assert_eq!(&held, &expected, "{}: after {:?}", engine, recorded.event);
                // What the updates hold is what the text export writes.
                prop_assert_eq!(
                    normalized(engine, expected.into_values()),
                    normalized(engine, exported(engine, replica)),
                    "{}", engine
                );
            }
            prop_assert_eq!(replica.as_ref(), Some(&org));
        }
    }
}

/// A member's events on 100,000 members: a few items each, and the heap they
/// take is a few kilobytes, while the whole export is megabytes.
#[test]
fn an_events_updates_are_bounded_by_what_it_changed() {
    let mut org = big_org(100_000);
    let owner: UserId = uuid(0).parse().unwrap();
    let member: UserId = uuid(4).parse().unwrap();
    let newcomer: UserId = "newcomer".parse().unwrap();
    let address = email("newcomer@acme.dev");
    let mut steps = vec![
        org.change_role(&owner, NOW, &member, Role::DevOps)
            .unwrap()
            .unwrap(),
    ];
    steps.push(
        org.invite(
            &owner,
            NOW,
            address.clone(),
            Role::Viewer,
            NOW.plus_seconds(60),
        )
        .unwrap(),
    );
    steps.push(org.accept_invitation(&newcomer, NOW, &address).unwrap());
    steps.push(org.remove_member(&owner, NOW, &member).unwrap());
    // Replay the same events on a copy taken before them.
    let mut replica = big_org(100_000);
    let expected = [(1, 1), (0, 0), (0, 1), (1, 0)];
    for engine in Engine::iter() {
        let mut export = String::new();
        match engine {
            Engine::SpiceDb => write_spicedb_relationships(&replica, &mut export).unwrap(),
            Engine::Cedar => write_cedar_entities(&replica, &mut export).unwrap(),
            _ => write_openfga_tuples(&replica, &mut export).unwrap(),
        }
        assert!(export.len() > 5_000_000, "{engine}: {}", export.len());
    }
    for (recorded, (deletes, writes)) in steps.iter().zip(expected) {
        let touched: Vec<(Engine, usize, Touched)> = Engine::iter()
            .map(|engine| {
                let (peak, touched) = peak_bytes_in(|| Touched::before(engine, &replica, recorded));
                (engine, peak, touched)
            })
            .collect();
        replica.apply(recorded).unwrap();
        for (engine, before, touched) in touched {
            let (after, updates) = peak_bytes_in(|| touched.updates(&replica).unwrap());
            assert!(
                before.max(after) < 4_096,
                "{engine}: {before} and {after} bytes"
            );
            // A role change in Cedar rewrites one entity; it deletes none.
            let (deletes, writes) = match (engine, deletes, writes) {
                (Engine::Cedar, 1, 1) => (0, 1),
                _ => (deletes, writes),
            };
            assert_eq!(
                (updates.deletes.len(), updates.writes.len()),
                (deletes, writes),
                "{engine} {:?}: {updates:?}",
                recorded.event
            );
        }
    }
    assert_eq!(replica, org);
}

/// An id an engine would read as something else is refused, by the export
/// and by an event's updates alike, before anything is written; Cedar
/// takes it.
#[test]
fn an_id_an_engine_would_misread_is_refused_with_its_kind() {
    let (mut org, created) = Organization::create(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        email("u0@acme.dev"),
        now(0),
    );
    let mut log = vec![created];
    let address = email("star@acme.dev");
    log.push(
        org.invite(&user(0), now(1), address.clone(), Role::Viewer, now(9))
            .unwrap(),
    );
    let star: UserId = "*".parse().unwrap();
    let before = org.clone();
    log.push(org.accept_invitation(&star, now(2), &address).unwrap());
    let mut text = String::new();
    let error = write_openfga_tuples(&org, &mut text).unwrap_err();
    assert_eq!((error.kind(), text.as_str()), ("openfga_invalid_id", ""));
    let touched = Touched::before(Engine::OpenFga, &before, &log[2]);
    let error = touched.updates(&org).unwrap_err();
    assert_eq!(error.kind(), "openfga_invalid_id");
    assert!(error.to_string().contains("every user"), "{error}");
    // `*` is `=2A` in SpiceDB, and any string in Cedar.
    for engine in [Engine::SpiceDb, Engine::Cedar] {
        let touched = Touched::before(engine, &before, &log[2]);
        assert_eq!(touched.updates(&org).unwrap().writes.len(), 1, "{engine}");
    }
    // An id too long for SpiceDB once encoded: 200 two-byte characters.
    let long: UserId = "é".repeat(200).parse().unwrap();
    let mut org = before.clone();
    let _ = org.accept_invitation(&long, now(2), &address).unwrap();
    let error = Updates::load(Engine::SpiceDb, &org).unwrap_err();
    assert_eq!(error.kind(), "spicedb_id_too_long");
    assert_eq!(
        Updates::load(Engine::OpenFga, &org).unwrap_err().kind(),
        "openfga_id_too_long"
    );
}

/// A part the engine refused is skipped: the event that adds it is refused,
/// its deletion changes nothing, and the events around it go through.
#[test]
fn a_refused_part_is_never_held_and_its_deletion_changes_nothing() {
    let (mut org, created) = Organization::create(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        email("u0@acme.dev"),
        now(0),
    );
    let owner = user(0);
    let mut log = vec![created];
    log.push(org.add_cluster(&owner, now(1), cluster("c0")).unwrap());
    log.push(
        org.add_project(&owner, now(1), pid("p0"), name("Shop"))
            .unwrap(),
    );
    let spaced = eid("an environment");
    let request = CreateEnvironmentRequest::new("prod").with_mode(Mode::Production);
    let command = Command::CreateEnvironment {
        project: pid("p0"),
        environment: spaced.clone(),
        request,
    };
    log.extend(org.execute(&owner, now(2), None, command).unwrap());
    let deleted = org.delete_environment(&owner, now(3), &pid("p0"), &spaced);
    log.push(deleted.unwrap());
    log.extend(org.rename(&owner, now(3), name("Acme again")).unwrap());
    log.push(org.add_cluster(&owner, now(4), cluster("c1")).unwrap());
    let mut replica = Organization::replay(&log[..1]).unwrap();
    let mut outcomes = vec![];
    for recorded in &log[1..] {
        let touched = Touched::before(Engine::OpenFga, &replica, recorded);
        replica.apply(recorded).unwrap();
        outcomes.push(
            touched
                .updates(&replica)
                .map(|u| u.writes.len())
                .map_err(|e| e.kind()),
        );
    }
    assert_eq!(
        outcomes,
        [Ok(1), Ok(1), Err("openfga_invalid_id"), Ok(0), Ok(0), Ok(1)],
        "{log:#?}"
    );
}

/// OpenFGA's YAML and JSON quote ids: an id holding `\` or `"` is that id,
/// never another (`b\x6fb` is not `bob`).
#[test]
fn openfga_files_quote_every_id() {
    let (mut org, _) = Organization::create(
        "acme".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        email("u0@acme.dev"),
        now(0),
    );
    let address = email("b@acme.dev");
    let _ = org
        .invite(&user(0), now(1), address.clone(), Role::Admin, now(9))
        .unwrap();
    let tricky: UserId = r#"b\x6f"b"#.parse().unwrap();
    let _ = org.accept_invitation(&tricky, now(2), &address).unwrap();
    let mut yaml = String::new();
    write_openfga_tuples(&org, &mut yaml).unwrap();
    let quoted = yaml
        .lines()
        .filter_map(|line| line.strip_prefix("  - user: "))
        .map(|value| serde_json::from_str::<String>(value).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(quoted, ["user:u0", r#"user:b\x6f"b"#]);
    let items = Updates::load(Engine::OpenFga, &org).unwrap().writes;
    let users: Vec<String> = items
        .iter()
        .map(|item| {
            serde_json::from_str::<Value>(item).unwrap()["user"]
                .as_str()
                .unwrap()
                .into()
        })
        .collect();
    assert!(users.contains(&r#"user:b\x6f"b"#.to_string()), "{users:?}");
}
