//! Random command sequences by random actors never break an invariant, and a
//! refused command changes nothing.

mod common;

use common::*;
use orgmodel::*;
use proptest::prelude::*;

const USERS: usize = 8;
const CLUSTERS: usize = 4;
const PROJECTS: usize = 2;

fn user(i: usize) -> UserId {
    uid(&format!("u{i}"))
}

fn address(i: usize) -> Email {
    // Mixed case on purpose: addresses compare case-insensitively.
    email(&if i % 2 == 0 {
        format!("user{i}@acme.dev")
    } else {
        format!("USER{i}@Acme.dev")
    })
}

#[derive(Clone, Debug)]
enum Command {
    Invite {
        actor: usize,
        email: usize,
        role: Role,
        ttl: u64,
    },
    Revoke {
        actor: usize,
        email: usize,
    },
    Accept {
        user: usize,
        email: usize,
        after: u64,
    },
    ChangeRole {
        actor: usize,
        target: usize,
        role: Role,
    },
    Remove {
        actor: usize,
        target: usize,
    },
    Leave {
        actor: usize,
    },
    Transfer {
        actor: usize,
        to: usize,
    },
    ChangePlan {
        actor: usize,
        plan: Plan,
    },
    AddAccount {
        actor: usize,
        account: usize,
    },
    RemoveAccount {
        actor: usize,
        account: usize,
    },
    AddCluster {
        actor: usize,
        cluster: usize,
        name: usize,
    },
    StopCluster {
        actor: usize,
        cluster: usize,
    },
    StartCluster {
        actor: usize,
        cluster: usize,
    },
    RenameCluster {
        actor: usize,
        cluster: usize,
        name: usize,
    },
    DeleteCluster {
        actor: usize,
        cluster: usize,
    },
    AddProject {
        actor: usize,
        project: usize,
        name: usize,
    },
    DeleteProject {
        actor: usize,
        project: usize,
    },
    AddRule {
        actor: usize,
        project: usize,
        rule: usize,
        wildcard: &'static str,
        mode: Mode,
        cluster: usize,
        priority: u32,
    },
    RemoveRule {
        actor: usize,
        project: usize,
        rule: usize,
    },
    CreateEnvironment {
        actor: usize,
        project: usize,
        env: usize,
        name: &'static str,
        mode: Option<Mode>,
        cluster: Option<usize>,
    },
    DeleteEnvironment {
        actor: usize,
        project: usize,
        env: usize,
    },
}

impl Command {
    fn actor(&self) -> usize {
        match *self {
            Command::Accept { user, .. } => user,
            Command::Invite { actor, .. }
            | Command::Revoke { actor, .. }
            | Command::ChangeRole { actor, .. }
            | Command::Remove { actor, .. }
            | Command::Leave { actor }
            | Command::Transfer { actor, .. }
            | Command::ChangePlan { actor, .. }
            | Command::AddAccount { actor, .. }
            | Command::RemoveAccount { actor, .. }
            | Command::AddCluster { actor, .. }
            | Command::StopCluster { actor, .. }
            | Command::StartCluster { actor, .. }
            | Command::RenameCluster { actor, .. }
            | Command::DeleteCluster { actor, .. }
            | Command::AddProject { actor, .. }
            | Command::DeleteProject { actor, .. }
            | Command::AddRule { actor, .. }
            | Command::RemoveRule { actor, .. }
            | Command::CreateEnvironment { actor, .. }
            | Command::DeleteEnvironment { actor, .. } => actor,
        }
    }

    /// Runs the command.
    fn apply(&self, org: &mut Organization) -> Result<(), CommandError> {
        let now = NOW;
        let c = |i: usize| cid(&format!("c{i}"));
        let p = |i: usize| pid(&format!("p{i}"));
        match *self {
            Command::Invite {
                actor,
                email,
                role,
                ttl,
            } => org.invite(&user(actor), address(email), role, now.plus_seconds(ttl)),
            Command::Revoke { actor, email } => org
                .revoke_invitation(&user(actor), &address(email))
                .map(drop),
            Command::Accept {
                user: u,
                email,
                after,
            } => org
                .accept_invitation(user(u), &address(email), now.plus_seconds(after))
                .map(drop),
            Command::ChangeRole {
                actor,
                target,
                role,
            } => org.change_role(&user(actor), &user(target), role),
            Command::Remove { actor, target } => {
                org.remove_member(&user(actor), &user(target)).map(drop)
            }
            Command::Leave { actor } => org.leave(&user(actor)).map(drop),
            Command::Transfer { actor, to } => org.transfer_ownership(&user(actor), &user(to)),
            Command::ChangePlan { actor, plan } => org.change_plan(&user(actor), plan),
            Command::AddAccount { actor, account } => org.add_cloud_account(
                &user(actor),
                CloudAccount {
                    id: format!("a{account}").parse().unwrap(),
                    name: name("acct"),
                    cloud_provider: CloudProvider::Gcp,
                },
            ),
            Command::RemoveAccount { actor, account } => org
                .remove_cloud_account(&user(actor), &format!("a{account}").parse().unwrap())
                .map(drop),
            Command::AddCluster {
                actor,
                cluster,
                name: n,
            } => org.add_cluster(
                &user(actor),
                Cluster::new(
                    c(cluster),
                    name(&format!("Cluster{n}")),
                    CloudProvider::Scw,
                    "fr-par",
                ),
            ),
            Command::StopCluster { actor, cluster } => org.stop_cluster(&user(actor), &c(cluster)),
            Command::StartCluster { actor, cluster } => {
                org.start_cluster(&user(actor), &c(cluster))
            }
            Command::RenameCluster {
                actor,
                cluster,
                name: n,
            } => org.update_cluster(
                &user(actor),
                &c(cluster),
                ClusterSettings {
                    name: name(&format!("CLUSTER{n}")),
                    region: "nl-ams".into(),
                },
            ),
            Command::DeleteCluster { actor, cluster } => {
                org.delete_cluster(&user(actor), &c(cluster)).map(drop)
            }
            Command::AddProject {
                actor,
                project,
                name: n,
            } => org.add_project(&user(actor), p(project), name(&format!("Project{n}"))),
            Command::DeleteProject { actor, project } => {
                org.delete_project(&user(actor), &p(project)).map(drop)
            }
            Command::AddRule {
                actor,
                project,
                rule: r,
                wildcard,
                mode,
                cluster,
                priority,
            } => org.add_rule(
                &user(actor),
                &p(project),
                DeploymentRule::new(
                    rid(&format!("r{r}")),
                    name("rule"),
                    wildcard,
                    mode,
                    c(cluster),
                    priority,
                ),
            ),
            Command::RemoveRule {
                actor,
                project,
                rule: r,
            } => org
                .remove_rule(&user(actor), &p(project), &rid(&format!("r{r}")))
                .map(drop),
            Command::CreateEnvironment {
                actor,
                project,
                env,
                name: n,
                mode,
                cluster,
            } => {
                let request = CreateEnvironmentRequest {
                    name: n.into(),
                    mode,
                    cluster: cluster.map(c),
                };
                org.create_environment(&user(actor), &p(project), eid(&format!("e{env}")), &request)
                    .map(drop)
            }
            Command::DeleteEnvironment {
                actor,
                project,
                env,
            } => org
                .delete_environment(&user(actor), &p(project), &eid(&format!("e{env}")))
                .map(drop),
        }
    }
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Owner),
        Just(Role::Admin),
        Just(Role::Developer),
        Just(Role::Viewer)
    ]
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Production),
        Just(Mode::Staging),
        Just(Mode::Development),
        Just(Mode::Preview)
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    prop_oneof![
        Just(Plan::Free),
        Just(Plan::Business),
        Just(Plan::Community)
    ]
}

/// An actor: half the time one of the two privileged starters.
fn actor() -> BoxedStrategy<usize> {
    prop_oneof![0..2usize, 0..USERS].boxed()
}

fn command() -> impl Strategy<Value = Command> {
    let u = actor();
    let newcomer = prop_oneof![3 => 4..USERS, 1 => 0..USERS];
    let c = 0..CLUSTERS;
    let p = 0..PROJECTS;
    let names = prop::sample::select(vec![
        "prod", "PROD", "pr-1", "feature", "staging", " ", "dev-x",
    ]);
    let wildcards = prop::sample::select(vec!["*", "prod*", "pr-*", "?*", "", "feature"]);
    prop_oneof![
        4 => (u.clone(), newcomer.clone(), role(), 1u64..4).prop_map(|(actor, email, role, ttl)| Command::Invite { actor, email, role, ttl }),
        1 => (u.clone(), newcomer.clone()).prop_map(|(actor, email)| Command::Revoke { actor, email }),
        4 => (newcomer, any::<bool>(), 0u64..3).prop_map(|(user, own, after)| Command::Accept { user, email: if own { user } else { (user + 1) % USERS }, after }),
        3 => (u.clone(), u.clone(), role()).prop_map(|(actor, target, role)| Command::ChangeRole { actor, target, role }),
        1 => (u.clone(), u.clone()).prop_map(|(actor, target)| Command::Remove { actor, target }),
        1 => (4..USERS + 4).prop_map(|actor| Command::Leave { actor: actor % USERS }),
        2 => (u.clone(), u.clone()).prop_map(|(actor, to)| Command::Transfer { actor, to }),
        1 => (u.clone(), plan()).prop_map(|(actor, plan)| Command::ChangePlan { actor, plan }),
        1 => (u.clone(), 0..2usize).prop_map(|(actor, account)| Command::AddAccount { actor, account }),
        1 => (u.clone(), 0..2usize).prop_map(|(actor, account)| Command::RemoveAccount { actor, account }),
        3 => (u.clone(), c.clone(), c.clone()).prop_map(|(actor, cluster, name)| Command::AddCluster { actor, cluster, name }),
        1 => (u.clone(), c.clone()).prop_map(|(actor, cluster)| Command::StopCluster { actor, cluster }),
        1 => (u.clone(), c.clone()).prop_map(|(actor, cluster)| Command::StartCluster { actor, cluster }),
        1 => (u.clone(), c.clone(), c.clone()).prop_map(|(actor, cluster, name)| Command::RenameCluster { actor, cluster, name }),
        2 => (u.clone(), c.clone()).prop_map(|(actor, cluster)| Command::DeleteCluster { actor, cluster }),
        2 => (u.clone(), p.clone(), 0..3usize).prop_map(|(actor, project, name)| Command::AddProject { actor, project, name }),
        1 => (u.clone(), p.clone()).prop_map(|(actor, project)| Command::DeleteProject { actor, project }),
        2 => (u.clone(), p.clone(), 0..4usize, wildcards, mode(), c.clone(), 0u32..3)
            .prop_map(|(actor, project, rule, wildcard, mode, cluster, priority)| Command::AddRule { actor, project, rule, wildcard, mode, cluster, priority }),
        1 => (u.clone(), p.clone(), 0..4usize).prop_map(|(actor, project, rule)| Command::RemoveRule { actor, project, rule }),
        3 => (u.clone(), p.clone(), 0..3usize, names, prop::option::of(mode()), prop::option::of(c.clone()))
            .prop_map(|(actor, project, env, name, mode, cluster)| Command::CreateEnvironment { actor, project, env, name, mode, cluster }),
        1 => (u.clone(), p, 0..3usize).prop_map(|(actor, project, env)| Command::DeleteEnvironment { actor, project, env }),
    ]
}

/// A starting organization: u0 owns it; u1 is an Admin, u2 a Developer and
/// u3 a Viewer; u4 to u7 are strangers. Clusters c0 and c1 are installed, and
/// project p0 has a rule sending `prod*` to c1 in Production.
fn start() -> (Organization, Vec<ClusterId>) {
    let mut org = Organization::new(
        "o".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        address(0),
    );
    for (i, role) in [(1, Role::Admin), (2, Role::Developer), (3, Role::Viewer)] {
        org.invite(&user(0), address(i), role, NOW.plus_seconds(10))
            .unwrap();
        org.accept_invitation(user(i), &address(i), NOW).unwrap();
    }
    let installed = vec![cid("c0"), cid("c1")];
    for (i, id) in installed.iter().enumerate() {
        org.add_cluster(
            &user(0),
            Cluster::new(
                id.clone(),
                name(&format!("Start{i}")),
                CloudProvider::Aws,
                "eu",
            ),
        )
        .unwrap();
    }
    org.add_project(&user(0), pid("p0"), name("Start")).unwrap();
    org.add_rule(
        &user(0),
        &pid("p0"),
        DeploymentRule::new(
            rid("r0"),
            name("prod"),
            "prod*",
            Mode::Production,
            cid("c1"),
            1,
        ),
    )
    .unwrap();
    (org, installed)
}

fn assert_invariants(org: &Organization, installed: &[ClusterId]) {
    let members: Vec<&Member> = org.members().collect();
    // Exactly one owner, and it is the one `owner()` names.
    assert_eq!(members.iter().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.owner().role, Role::Owner);
    // Ids and e-mails are unique (e-mails case-insensitively).
    for (i, a) in members.iter().enumerate() {
        for b in members.iter().skip(i + 1) {
            assert_ne!(a.id, b.id);
            assert_ne!(a.email, b.email);
        }
        assert_eq!(
            org.role_of(&a.id),
            Some(a.role),
            "lookup finds every member"
        );
    }
    // Invitations: never Owner, never for a member, one per address.
    for (i, invitation) in org.invitations().iter().enumerate() {
        assert_ne!(invitation.role, Role::Owner);
        assert!(members.iter().all(|m| m.email != invitation.email));
        assert!(
            org.invitations()
                .iter()
                .skip(i + 1)
                .all(|other| other.email != invitation.email)
        );
    }
    // Clusters: installation order kept, the default is the oldest remaining one.
    let ids: Vec<ClusterId> = org.clusters().iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, installed);
    assert_eq!(org.default_cluster().map(|c| &c.id), installed.first());
    for (i, a) in org.clusters().iter().enumerate() {
        assert!(org.clusters().iter().skip(i + 1).all(|b| a.name != b.name));
    }
    // Everything targets a cluster that exists; names are unique per project.
    for project in org.projects() {
        for rule in project.deployment_rules() {
            assert!(org.cluster(&rule.cluster_id).is_some());
        }
        for (i, env) in project.environments().iter().enumerate() {
            assert!(org.cluster(&env.cluster_id).is_some());
            assert!(
                project
                    .environments()
                    .iter()
                    .skip(i + 1)
                    .all(|other| other.name != env.name && other.id != env.id)
            );
        }
    }
    if !org.plan().allows_cloud_accounts() {
        assert!(org.cloud_accounts().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_and_refusals_change_nothing(commands in prop::collection::vec(command(), 1..60)) {
        let (mut org, mut installed) = start();
        assert_invariants(&org, &installed);
        for command in &commands {
            let before = org.clone();
            match command.apply(&mut org) {
                Ok(()) => {
                    if let Command::AddCluster { cluster, .. } = command {
                        installed.push(cid(&format!("c{cluster}")));
                    }
                    if let Command::DeleteCluster { cluster, .. } = command {
                        installed.retain(|c| *c != cid(&format!("c{cluster}")));
                    }
                }
                Err(error) => {
                    prop_assert_eq!(&org, &before, "refused with {} but changed", error);
                }
            }
            assert_invariants(&org, &installed);
        }
    }

    #[test]
    fn non_owners_can_never_take_ownership(commands in prop::collection::vec(command(), 1..60)) {
        let (mut org, _) = start();
        for command in &commands {
            if user(command.actor()) == org.owner().id {
                continue; // only non-owners act
            }
            let _ = command.apply(&mut org);
            prop_assert_eq!(&org.owner().id, &user(0));
        }
    }

    #[test]
    fn viewers_and_developers_never_change_a_role(commands in prop::collection::vec(command(), 1..60)) {
        let (mut org, _) = start();
        for command in &commands {
            let actor_role = org.role_of(&user(command.actor()));
            let before = org.clone();
            let _ = command.apply(&mut org);
            if matches!(actor_role, Some(Role::Viewer | Role::Developer)) {
                for member in org.members() {
                    if let Some(earlier) = before.role_of(&member.id) {
                        prop_assert_eq!(earlier, member.role, "{:?} changed a role", command);
                    }
                }
            }
        }
    }

    #[test]
    fn nobody_but_the_owner_holds_more_than_admin(commands in prop::collection::vec(command(), 1..60)) {
        let (mut org, _) = start();
        for command in &commands {
            let _ = command.apply(&mut org);
            for member in org.members() {
                prop_assert!(member.role <= Role::Admin || member.id == org.owner().id);
            }
        }
    }
}

/// Ids that share long prefixes, so that the member index meets runs of
/// equal prefixes, empty ids aside.
fn crowded_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "user-00[0-9a]{1,3}",
        "user-0[0-9]{0,2}",
        "[ab]{1,9}",
        "[0-9a-f]{8}-[0-9a-f]{4}",
    ]
}

proptest! {
    #[test]
    fn member_lookup_finds_exactly_the_members(
        ids in prop::collection::btree_set(crowded_id(), 1..60),
        probes in prop::collection::vec(crowded_id(), 0..30),
    ) {
        let ids: Vec<String> = ids.into_iter().collect();
        let members: Vec<Member> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Member { id: uid(id), email: email(&format!("m{i}@x.io")), role: if i == 0 { Role::Owner } else { Role::Viewer } })
            .collect();
        let owner = uid(&ids[0]);
        let mut org = Organization::from_members("o".parse().unwrap(), name("O"), Plan::Free, members).unwrap();
        for id in &ids {
            prop_assert!(org.member(&uid(id)).is_some(), "{} not found", id);
        }
        for probe in &probes {
            prop_assert_eq!(org.member(&uid(probe)).is_some(), ids.contains(probe));
        }
        // Joining and leaving keep the index right.
        for (i, probe) in probes.iter().enumerate() {
            let address = email(&format!("p{i}@y.io"));
            let newcomer = org.member(&uid(probe)).is_none();
            let joined = org.invite(&owner, address.clone(), Role::Developer, NOW.plus_seconds(1)).is_ok()
                && org.accept_invitation(uid(probe), &address, NOW).is_ok();
            prop_assert_eq!(joined, newcomer);
            prop_assert!(org.member(&uid(probe)).is_some());
        }
        for id in ids.iter().skip(1).step_by(2) {
            org.leave(&uid(id)).unwrap();
            prop_assert!(org.member(&uid(id)).is_none());
        }
        for member in org.members() {
            prop_assert_eq!(org.role_of(&member.id), Some(member.role));
        }
    }
}
