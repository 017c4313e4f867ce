//! No escalation: whatever sequence of commands runs, by whoever, nobody
//! gains a permission beyond what Owner and Admin hold. After every step of
//! a random sequence (members invited with built-in and custom roles, roles
//! changed, custom roles defined, redefined and deleted, clusters, projects
//! and environments added and deleted, ownership transferred):
//! - every member's `allowed` set on every resource (the organization, each
//!   cluster, project and environment) is within Admin's rows there (the
//!   owner's within Owner's);
//! - a custom-role member holds exactly what the design's table gives its
//!   role's current definition (a reference kept here, with deleted
//!   clusters and projects dropped), and a cluster or project added again
//!   starts at the lowest level;
//! - no custom-role member can run a member, role or settings command;
//! - nobody becomes Owner but by a transfer from the owner;
//! - API tokens (created with every role, Owner included, by anyone, and
//!   deleted) are never Owner, and every token's `check_token` answers,
//!   live or expired, stay within what its creator held when creating it
//!   and within Admin's; a custom-role token holds exactly what the table
//!   gives its role's current definition, as a member would;
//! - tokens run the commands too, live or expired: nothing gives anyone,
//!   through a token, more than the token's creator had (a token makes
//!   tokens within its own role, invites or assigns only holding *Invite
//!   members* and only roles within its own), and a custom-role token runs
//!   no member, role or settings command.

mod common;

use std::collections::BTreeMap;

use common::*;
use orgmodel::Command as C;
use orgmodel::*;
use proptest::prelude::*;

const USERS: usize = 7;
const ROLES: usize = 3;
const CLUSTERS: usize = 3;
const PROJECTS: usize = 3;
const ENVS: usize = 4;
/// Tokens t0 to t3 (`t4` never exists).
const TOKENS: usize = 4;
/// The moments at which the tokens are checked, as offsets from [`NOW`]:
/// tokens expire 1 to 3 seconds after it, or never.
const CHECKED_AT: [u64; 2] = [0, 2];
/// Actors from here on are API tokens: `TOKEN_ACTOR + i` is `t{i}`.
const TOKEN_ACTOR: usize = 100;

fn user(i: usize) -> UserId {
    uid(&format!("u{i}"))
}
fn address(i: usize) -> Email {
    email(&format!("u{i}@acme.dev"))
}
fn k(i: usize) -> CustomRoleId {
    format!("k{i}").parse().unwrap()
}
fn c(i: usize) -> ClusterId {
    cid(&format!("c{i}"))
}
fn p(i: usize) -> ProjectId {
    pid(&format!("p{i}"))
}
fn e(i: usize) -> EnvironmentId {
    eid(&format!("e{i}"))
}
fn t(i: usize) -> ApiTokenId {
    format!("t{i}").parse().unwrap()
}
/// Who an actor number is: user `u{i}`, or from [`TOKEN_ACTOR`] on a token.
fn principal(actor: usize) -> Principal {
    match actor.checked_sub(TOKEN_ACTOR) {
        Some(i) => Principal::ApiToken(t(i)),
        None => Principal::User(user(actor)),
    }
}

/// A custom role's definition as the test holds it: cluster levels and, per
/// project, `is_admin` and levels in [`Mode::ALL`]'s order.
#[derive(Clone, Debug, Default)]
struct Def {
    clusters: BTreeMap<usize, ClusterLevel>,
    projects: BTreeMap<usize, (bool, [ProjectLevel; 4])>,
}

impl Def {
    fn role(&self, id: usize) -> CustomRole {
        CustomRole::new(k(id), name(&format!("Role {id}")), "")
            .unwrap()
            .define(
                self.clusters.iter().map(|(x, level)| (c(*x), *level)),
                self.projects.iter().map(|(x, (is_admin, levels))| {
                    (
                        p(*x),
                        ProjectAccess::new(*is_admin, Mode::ALL.into_iter().zip(*levels)),
                    )
                }),
            )
            .unwrap()
    }
}

/// A role to assign: built-in (Owner included, which must be refused) or custom.
#[derive(Clone, Copy, Debug)]
enum Assign {
    BuiltIn(Role),
    Custom(usize),
}

impl From<Assign> for RoleRef {
    fn from(assign: Assign) -> RoleRef {
        match assign {
            Assign::BuiltIn(role) => role.into(),
            Assign::Custom(i) => RoleRef::Custom(k(i)),
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Invite(usize, usize, Assign),
    Accept(usize),
    ChangeRole(usize, usize, Assign),
    Remove(usize, usize),
    Transfer(usize, usize),
    CreateRole(usize, usize),
    UpdateRole(usize, usize, Def),
    DeleteRole(usize, usize),
    AddCluster(usize, usize),
    DeleteCluster(usize, usize),
    StopCluster(usize, usize),
    AddProject(usize, usize),
    DeleteProject(usize, usize),
    AddRule(usize, usize, usize, Mode),
    CreateEnvironment(usize, usize, usize, Option<Mode>, Option<usize>),
    DeleteEnvironment(usize, usize, usize),
    /// Actor, token, role, expiry (seconds after [`NOW`]).
    CreateToken(usize, usize, Assign, Option<u64>),
    DeleteToken(usize, usize),
}

impl Step {
    fn actor(&self) -> usize {
        match *self {
            Step::Accept(actor)
            | Step::Invite(actor, ..)
            | Step::ChangeRole(actor, ..)
            | Step::Remove(actor, _)
            | Step::Transfer(actor, _)
            | Step::CreateRole(actor, _)
            | Step::UpdateRole(actor, ..)
            | Step::DeleteRole(actor, _)
            | Step::AddCluster(actor, _)
            | Step::DeleteCluster(actor, _)
            | Step::StopCluster(actor, _)
            | Step::AddProject(actor, _)
            | Step::DeleteProject(actor, _)
            | Step::AddRule(actor, ..)
            | Step::CreateEnvironment(actor, ..)
            | Step::DeleteEnvironment(actor, ..)
            | Step::CreateToken(actor, ..)
            | Step::DeleteToken(actor, _) => actor,
        }
    }

    fn command(&self) -> C {
        match self.clone() {
            Step::Invite(_, to, role) => C::Invite {
                email: address(to),
                role: role.into(),
                expires_at: NOW.plus_seconds(DAY),
            },
            Step::Accept(actor) => C::AcceptInvitation {
                email: address(actor),
            },
            Step::ChangeRole(_, member, role) => C::ChangeRole {
                member: user(member),
                role: role.into(),
            },
            Step::Remove(_, member) => C::RemoveMember {
                member: user(member),
            },
            Step::Transfer(_, to) => C::TransferOwnership { to: user(to) },
            Step::CreateRole(_, role) => C::CreateCustomRole {
                role: k(role),
                name: name(&format!("Role {role}")),
                description: String::new(),
            },
            Step::UpdateRole(_, role, def) => C::UpdateCustomRole {
                role: def.role(role),
            },
            Step::DeleteRole(_, role) => C::DeleteCustomRole { role: k(role) },
            Step::AddCluster(_, x) => C::AddCluster {
                cluster: cluster(&format!("c{x}")),
            },
            Step::DeleteCluster(_, x) => C::DeleteCluster { cluster: c(x) },
            Step::StopCluster(_, x) => C::StopCluster { cluster: c(x) },
            Step::AddProject(_, x) => C::AddProject {
                project: p(x),
                name: name(&format!("Project {x}")),
            },
            Step::DeleteProject(_, x) => C::DeleteProject { project: p(x) },
            Step::AddRule(_, x, target, mode) => C::AddRule {
                project: p(x),
                rule: rule(
                    &format!("r{x}{target}"),
                    "prod*",
                    mode,
                    &format!("c{target}"),
                    0,
                ),
            },
            Step::CreateEnvironment(_, x, env, mode, target) => C::CreateEnvironment {
                project: p(x),
                environment: e(env),
                request: CreateEnvironmentRequest {
                    name: format!("env-{env}"),
                    mode,
                    cluster: target.map(c),
                },
            },
            Step::DeleteEnvironment(_, x, env) => C::DeleteEnvironment {
                project: p(x),
                environment: e(env),
            },
            Step::CreateToken(_, token, role, expires) => C::CreateApiToken {
                token: t(token),
                name: name(&format!("Token {token}")),
                description: String::new(),
                role: role.into(),
                expires_at: expires.map(|offset| NOW.plus_seconds(offset)),
            },
            Step::DeleteToken(_, token) => C::DeleteApiToken { token: t(token) },
        }
    }
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

fn def() -> impl Strategy<Value = Def> {
    (
        prop::collection::btree_map(0..CLUSTERS, cluster_level(), 0..=CLUSTERS),
        prop::collection::btree_map(
            0..PROJECTS,
            (
                prop::bool::weighted(0.3),
                [
                    project_level(),
                    project_level(),
                    project_level(),
                    project_level(),
                ],
            ),
            0..=PROJECTS,
        ),
    )
        .prop_map(|(clusters, projects)| Def { clusters, projects })
}

fn assign() -> impl Strategy<Value = Assign> {
    prop_oneof![
        prop::sample::select(&Role::ALL[..]).prop_map(Assign::BuiltIn),
        (0..ROLES).prop_map(Assign::Custom),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let u = || 0..USERS;
    // An actor: a user, or now and then a token (`t4` never exists).
    let a = || prop_oneof![3 => u(), 1 => TOKEN_ACTOR..=TOKEN_ACTOR + TOKENS];
    // Mostly one who managed tokens at the start: the owner, the Admin, the
    // DevOps, their tokens t0 (DevOps) and t1 (Admin).
    let manager = || {
        prop_oneof![
            3 => prop::sample::select(vec![0, 1, 4, TOKEN_ACTOR, TOKEN_ACTOR + 1]),
            1 => a(),
        ]
    };
    let mode = || prop::sample::select(&Mode::ALL[..]);
    prop_oneof![
        3 => (a(), u(), assign()).prop_map(|(a, b, r)| Step::Invite(a, b, r)),
        3 => a().prop_map(Step::Accept),
        3 => (a(), u(), assign()).prop_map(|(a, b, r)| Step::ChangeRole(a, b, r)),
        1 => (a(), u()).prop_map(|(a, b)| Step::Remove(a, b)),
        1 => (a(), u()).prop_map(|(a, b)| Step::Transfer(a, b)),
        1 => (a(), 0..ROLES).prop_map(|(a, r)| Step::CreateRole(a, r)),
        3 => (a(), 0..ROLES, def()).prop_map(|(a, r, d)| Step::UpdateRole(a, r, d)),
        1 => (a(), 0..ROLES).prop_map(|(a, r)| Step::DeleteRole(a, r)),
        1 => (a(), 0..CLUSTERS).prop_map(|(a, x)| Step::AddCluster(a, x)),
        1 => (a(), 0..CLUSTERS).prop_map(|(a, x)| Step::DeleteCluster(a, x)),
        1 => (a(), 0..CLUSTERS).prop_map(|(a, x)| Step::StopCluster(a, x)),
        1 => (a(), 0..PROJECTS).prop_map(|(a, x)| Step::AddProject(a, x)),
        1 => (a(), 0..PROJECTS).prop_map(|(a, x)| Step::DeleteProject(a, x)),
        1 => (a(), 0..PROJECTS, 0..CLUSTERS, mode()).prop_map(|(a, x, t, m)| Step::AddRule(a, x, t, m)),
        4 => (a(), 0..PROJECTS, 0..ENVS, prop::option::of(mode()), prop::option::of(0..CLUSTERS))
            .prop_map(|(a, x, env, m, t)| Step::CreateEnvironment(a, x, env, m, t)),
        1 => (a(), 0..PROJECTS, 0..ENVS).prop_map(|(a, x, env)| Step::DeleteEnvironment(a, x, env)),
        4 => (manager(), 0..TOKENS, assign(), prop::option::of(1u64..4)).prop_map(|(a, x, r, at)| Step::CreateToken(a, x, r, at)),
        1 => (manager(), 0..TOKENS).prop_map(|(a, x)| Step::DeleteToken(a, x)),
    ]
}

/// The creator's role of each token, when it made it.
type Creators = BTreeMap<ApiTokenId, Role>;

/// u0 owns the organization, u1 is an Admin, u2 holds custom role k0
/// (project admin of p0, `ADMIN` on c0), u3 a Developer, u4 a DevOps;
/// clusters c0 and c1, projects p0 and p1; tokens t0 (DevOps, made by u4),
/// t1 (Admin, made by u0, expiring at `NOW + 2`) and t2 (k0, made by u1).
fn start() -> (Organization, BTreeMap<usize, Def>, Creators) {
    let mut org = Organization::new(
        "o".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        address(0),
    );
    let k0 = Def {
        clusters: BTreeMap::from([(0, ClusterLevel::Admin)]),
        projects: BTreeMap::from([(0, (true, [ProjectLevel::NoAccess; 4]))]),
    };
    let setup = [
        Step::AddCluster(0, 0),
        Step::AddCluster(0, 1),
        Step::AddProject(0, 0),
        Step::AddProject(0, 1),
        Step::CreateRole(0, 0),
        Step::UpdateRole(0, 0, k0.clone()),
        Step::Invite(0, 1, Assign::BuiltIn(Role::Admin)),
        Step::Accept(1),
        Step::Invite(0, 2, Assign::Custom(0)),
        Step::Accept(2),
        Step::Invite(0, 3, Assign::BuiltIn(Role::Developer)),
        Step::Accept(3),
        Step::Invite(0, 4, Assign::BuiltIn(Role::DevOps)),
        Step::Accept(4),
        Step::CreateToken(4, 0, Assign::BuiltIn(Role::DevOps), None),
        Step::CreateToken(0, 1, Assign::BuiltIn(Role::Admin), Some(2)),
        Step::CreateToken(1, 2, Assign::Custom(0), None),
    ];
    for step in &setup {
        org.execute(&user(step.actor()), NOW, None, step.command())
            .unwrap();
    }
    let creators = BTreeMap::from([
        (t(0), Role::DevOps),
        (t(1), Role::Owner),
        (t(2), Role::Admin),
    ]);
    (org, BTreeMap::from([(0, k0)]), creators)
}

/// Keeps the test's definitions as the organization's: what a successful
/// step changed.
fn follow(defs: &mut BTreeMap<usize, Def>, step: &Step) {
    match step {
        Step::CreateRole(_, role) => {
            defs.insert(*role, Def::default());
        }
        Step::UpdateRole(_, role, def) => {
            defs.insert(*role, def.clone());
        }
        Step::DeleteRole(_, role) => {
            defs.remove(role);
        }
        Step::DeleteCluster(_, x) => {
            for def in defs.values_mut() {
                def.clusters.remove(x);
            }
        }
        Step::DeleteProject(_, x) => {
            for def in defs.values_mut() {
                def.projects.remove(x);
            }
        }
        _ => {}
    }
}

/// The commands on members, roles and settings, none of which a custom
/// role may run.
fn forbidden_to_custom_roles() -> Vec<C> {
    vec![
        C::Rename { name: name("X") },
        C::SetDescription {
            description: Some("x".into()),
        },
        C::ChangePlan { plan: Plan::Free },
        C::Invite {
            email: email("new@acme.dev"),
            role: Role::Viewer.into(),
            expires_at: NOW.plus_seconds(DAY),
        },
        C::RevokeInvitation { email: address(4) },
        C::ChangeRole {
            member: user(3),
            role: Role::Viewer.into(),
        },
        C::RemoveMember { member: user(3) },
        C::TransferOwnership { to: user(1) },
        C::CreateCustomRole {
            role: k(ROLES),
            name: name("Other"),
            description: String::new(),
        },
        C::UpdateCustomRole {
            role: Def::default().role(0),
        },
        C::DeleteCustomRole { role: k(0) },
        C::AddCloudAccount {
            account: account("a1"),
        },
        C::AddCluster {
            cluster: cluster("c9"),
        },
        C::DeleteCluster { cluster: c(1) },
        C::AddProject {
            project: p(9),
            name: name("Other"),
        },
    ]
}

/// What the design's table gives a custom role's definition on a resource
/// (an environment's mode given), within what the resource answers.
fn custom_rows(def: &Def, resource: Resource<'_>, mode: Option<Mode>) -> Permission {
    match resource {
        Resource::Organization => Permission::READ_ORGANIZATION,
        Resource::Cluster(x) => {
            let i: usize = x.as_str()[1..].parse().unwrap();
            if def.clusters.get(&i) == Some(&ClusterLevel::Admin) {
                Permission::CONNECT_TO_KUBERNETES_CLUSTER
            } else {
                Permission::empty()
            }
        }
        Resource::Project(x) | Resource::Environment { project: x, .. } => {
            let i: usize = x.as_str()[1..].parse().unwrap();
            let (is_admin, levels) = def
                .projects
                .get(&i)
                .copied()
                .unwrap_or((false, [ProjectLevel::NoAccess; 4]));
            design_rows(is_admin, levels, mode.unwrap_or(Mode::Production))
                & answerable(resource, mode)
        }
    }
}

/// The definition of the custom role a member or token holds.
fn def_of<'a>(role: &RoleRef, defs: &'a BTreeMap<usize, Def>) -> Option<&'a Def> {
    role.custom().map(|id| {
        let i: usize = id.as_str()[1..].parse().unwrap();
        defs.get(&i).expect("a held role is defined")
    })
}

/// What `token` may do on `resource` at `now`: every row `check_token`
/// allows, over every action.
fn token_allowed(
    org: &Organization,
    token: &ApiTokenId,
    now: Timestamp,
    resource: Resource<'_>,
) -> Permission {
    Action::ALL
        .into_iter()
        .fold(Permission::empty(), |rows, action| {
            match org.check_token(token, now, action, resource) {
                Decision::Allowed { permission, .. } => rows | permission,
                Decision::Denied(_) => rows,
            }
        })
}

/// Every token is the organization's with a creator on record, never
/// Owner, and at each moment of [`CHECKED_AT`] holds nothing beyond what
/// its creator held when creating it, nor beyond Admin's; expired, it
/// holds nothing; live with a custom role, exactly its definition's rows.
fn check_tokens(
    org: &Organization,
    defs: &BTreeMap<usize, Def>,
    creators: &BTreeMap<ApiTokenId, Role>,
    resources: &[(Resource<'_>, Option<Mode>)],
) -> Result<(), TestCaseError> {
    let ids: Vec<&ApiTokenId> = org.tokens().iter().map(|token| &token.id).collect();
    prop_assert_eq!(ids, creators.keys().collect::<Vec<_>>());
    for token in org.tokens() {
        prop_assert!(!token.role.is_owner(), "{:?}", token);
        let creator = creators[&token.id];
        let ceiling = creator.permissions() & Role::ADMIN;
        let custom = def_of(&token.role, defs);
        for offset in CHECKED_AT {
            let now = NOW.plus_seconds(offset);
            // It expires *at* its expiry.
            let live = token.expires_at.is_none_or(|expiry| now < expiry);
            for &(resource, mode) in resources {
                let allowed = token_allowed(org, &token.id, now, resource);
                prop_assert!(
                    ceiling.contains(allowed),
                    "{} ({}, made by a {}) holds {:?} on {:?}, beyond its creator or Admin",
                    &token.id,
                    &token.role,
                    creator,
                    allowed - ceiling,
                    resource
                );
                let expected = match (live, custom) {
                    (false, _) => Permission::empty(),
                    (true, Some(def)) => custom_rows(def, resource, mode),
                    (true, None) => continue,
                };
                prop_assert_eq!(
                    allowed,
                    expected,
                    "{} ({}) at {} on {:?}",
                    &token.id,
                    &token.role,
                    offset,
                    resource
                );
            }
        }
    }
    Ok(())
}

/// Every property of the module's doc, on `org` as it is now.
fn check(
    org: &Organization,
    defs: &BTreeMap<usize, Def>,
    creators: &BTreeMap<ApiTokenId, Role>,
) -> Result<(), TestCaseError> {
    let owner = RoleRef::from(Role::Owner);
    let owners: Vec<&Member> = org.members().filter(|m| m.role == owner).collect();
    prop_assert_eq!(owners.len(), 1);
    prop_assert!(org.invitations().iter().all(|i| i.role != owner));
    let mut resources: Vec<(Resource<'_>, Option<Mode>)> = vec![(Resource::Organization, None)];
    resources.extend(
        org.clusters()
            .iter()
            .map(|x| (Resource::Cluster(&x.id), None)),
    );
    for project in org.projects() {
        resources.push((Resource::Project(project.id()), None));
        for env in project.environments() {
            resources.push((
                Resource::Environment {
                    project: project.id(),
                    environment: &env.id,
                },
                Some(env.mode),
            ));
        }
    }
    for member in org.members() {
        let ceiling = if member.id == org.owner().id {
            Role::Owner
        } else {
            Role::Admin
        };
        let custom = def_of(&member.role, defs);
        for &(resource, mode) in &resources {
            let allowed = org.allowed(&member.id, resource);
            let answerable = answerable(resource, mode);
            prop_assert!(
                (ceiling.permissions() & answerable).contains(allowed),
                "{} ({}) holds {:?} on {:?}, beyond {ceiling}",
                member.id,
                member.role,
                allowed - ceiling.permissions(),
                resource
            );
            let Some(def) = custom else { continue };
            let expected = custom_rows(def, resource, mode);
            prop_assert_eq!(
                allowed,
                expected,
                "{} ({}) on {:?}",
                &member.id,
                &member.role,
                resource
            );
        }
        if custom.is_some() {
            runs_none_of_the_forbidden(org, Actor::User(&member.id))?;
        }
    }
    for token in org.tokens() {
        if token.role.custom().is_some() && !token.is_expired(NOW) {
            runs_none_of_the_forbidden(org, Actor::ApiToken(&token.id))?;
        }
    }
    check_tokens(org, defs, creators, &resources)
}

/// A member or a token holding a custom role runs none of
/// [`forbidden_to_custom_roles`] (a token is refused transferring as not a
/// user).
fn runs_none_of_the_forbidden(org: &Organization, actor: Actor<'_>) -> Result<(), TestCaseError> {
    for command in forbidden_to_custom_roles() {
        let mut twin = org.clone();
        let shown = format!("{command:?}");
        let refused = twin.execute(actor, NOW, None, command);
        let not_the_owner = match actor {
            Actor::User(_) => "not_the_owner",
            Actor::ApiToken(_) => "not_a_user",
        };
        prop_assert!(
            matches!(&refused, Err(error) if ["denied", not_the_owner].contains(&error.kind())),
            "{} ran {}: {:?}",
            actor,
            shown,
            refused
        );
        prop_assert_eq!(&twin, org);
    }
    Ok(())
}

/// What the step's actor held before it: a member's role or a token's.
fn held_before<'a>(before: &'a Organization, actor: &Principal) -> Option<&'a RoleRef> {
    match actor {
        Principal::User(user) => before.role_of(user),
        Principal::ApiToken(token) => before.token(token).map(|token| &token.role),
    }
}

/// Keeps the creators as the organization's tokens after a step that
/// succeeded, and checks what a token's success gave: a token made by a
/// built-in role; by a token, within that token's role. An invitation or
/// a role assigned by a token: the token's role holds *Invite members*
/// and every row of the role given, and so did the token's creator.
fn followed_by_tokens(
    before: &Organization,
    actor: &Principal,
    step: &Step,
    creators: &mut Creators,
) -> Result<(), TestCaseError> {
    let held = held_before(before, actor).and_then(RoleRef::built_in);
    match step {
        Step::CreateToken(_, token, ..) => {
            let Some(creator) = held else {
                return Err(TestCaseError::fail(format!(
                    "{step:?} by {actor}: a custom role or nobody"
                )));
            };
            creators.insert(t(*token), creator);
        }
        Step::DeleteToken(_, token) => {
            creators.remove(&t(*token));
        }
        Step::Invite(_, _, given) | Step::ChangeRole(_, _, given) => {
            let Principal::ApiToken(token) = actor else {
                return Ok(());
            };
            let role = held.expect("a token that invites holds a built-in role");
            prop_assert!(
                role.can(Permission::INVITE_MEMBERS),
                "{:?} by a {} token",
                step,
                role
            );
            let creator = creators[token];
            if let Assign::BuiltIn(given) = given {
                prop_assert!(
                    role.can(given.permissions()) && creator.can(given.permissions()),
                    "{:?} by a {} token made by a {}",
                    step,
                    role,
                    creator
                );
            }
        }
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_commands_grants_more_than_owner_and_admin_hold(
        steps in prop::collection::vec((step(), 0u64..4), 1..60),
    ) {
        let (mut org, mut defs, mut creators) = start();
        check(&org, &defs, &creators)?;
        for (step, clock) in &steps {
            let owner = org.owner().id.clone();
            let before = org.clone();
            let actor = principal(step.actor());
            let result = org.execute(&actor, NOW.plus_seconds(*clock), None, step.command());
            match &result {
                Ok(Some(_)) => follow(&mut defs, step),
                Ok(None) | Err(_) => prop_assert_eq!(&org, &before, "{:?}", step),
            }
            if result.is_ok() {
                followed_by_tokens(&before, &actor, step, &mut creators)?;
            }
            // An expired or unknown token does nothing at all.
            if let Principal::ApiToken(token) = &actor {
                let now = NOW.plus_seconds(*clock);
                let valid = before.token(token).is_some_and(|token| {
                    token.expires_at.is_none_or(|expiry| now < expiry)
                });
                if !valid {
                    let kind = result.as_ref().map(drop).map_err(Error::kind);
                    prop_assert_eq!(kind, Err("no_valid_token"), "{:?} at {}", step, clock);
                }
            }
            // Owner only by a transfer from the owner.
            if org.owner().id != owner {
                prop_assert!(
                    matches!(step, Step::Transfer(..) if actor == Principal::User(owner.clone())),
                    "{:?} made {} the owner",
                    step,
                    org.owner().id
                );
            }
            check(&org, &defs, &creators)?;
        }
    }
}
