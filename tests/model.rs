//! A model-based test: random sequences of every command run against the
//! `Organization` and against a plain reference model written here (maps of
//! members, invitations, clusters, projects, custom roles), and every
//! observable is compared after each step: the state, the result (its
//! error's kind), the revision, and every member's `allowed` set on every
//! resource, which the model reads from the design's tables (built-in
//! roles, and custom roles through `design_rows`, never the crate's level
//! code). Members and invitations hold built-in or custom roles; custom
//! roles are created, redefined (with clusters and projects that may not
//! exist) and deleted, and drop deleted clusters and projects.
//! API tokens are created (every built-in role, Owner included, custom
//! roles defined or not, expiries before, at and after `now`, ids taken or
//! not) and deleted by every kind of actor; after each step every token's
//! `check_token` answers at two moments are the model's: a live token holds
//! what its role holds, an expired one is refused exactly as an unknown id.
//! Tokens also run commands, any of them, at moments before and after
//! their expiry: a live token acts as its role, an expired or unknown one
//! is refused (`no_valid_token`), and a user's own commands (accept,
//! leave, transfer) refuse a valid token (`not_a_user`).
//! A refused command must leave the organization exactly as it was, and the
//! invariants must hold throughout.

mod common;

use std::collections::BTreeMap;

use common::*;
use orgmodel::*;
use proptest::prelude::*;

const USERS: usize = 10;
const CLUSTERS: usize = 4;
const PROJECTS: usize = 3;
const RULES: usize = 5;
/// Custom roles k0, k1, k2.
const CUSTOM: usize = 3;
/// The last is a built-in role's name: a custom role may not take it.
const ROLE_NAMES: [&str; 4] = ["On-call", "ON-CALL", "Support", "Viewer"];
/// API tokens t0 to t3; `t4` never exists.
const TOKENS: usize = 4;
/// Token names need not be unique.
const TOKEN_NAMES: [&str; 3] = ["CI", "ci", "Terraform"];
/// The moments (offsets from [`NOW`]) at which every token is checked
/// after each step; expiries are drawn around them.
const CHECKED_AT: [u64; 2] = [2, 5];
/// Actors from here on are API tokens: `TOKEN_ACTOR + i` is `t{i}`.
const TOKEN_ACTOR: usize = 100;
/// The moments (offsets from [`NOW`]) at which the commands without a
/// moment of their own run: before and after the tokens' expiries.
const CLOCK: std::ops::Range<u64> = 0..8;

/// A role to assign: built-in, or custom role `k{i}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MRole {
    BuiltIn(Role),
    Custom(usize),
}

impl From<MRole> for RoleRef {
    fn from(role: MRole) -> RoleRef {
        match role {
            MRole::BuiltIn(role) => role.into(),
            MRole::Custom(i) => RoleRef::Custom(k(i)),
        }
    }
}

fn k(i: usize) -> CustomRoleId {
    format!("k{i}").parse().unwrap()
}

fn t(i: usize) -> ApiTokenId {
    format!("t{i}").parse().unwrap()
}

/// A token's description: over the length limit, or a short one.
fn token_description(i: usize, too_long: bool) -> String {
    if too_long {
        "x".repeat(limits::TEXT + 1)
    } else {
        format!("token {i}")
    }
}

/// A custom role's definition as the model holds it: listed cluster levels
/// and, per listed project, `is_admin` and the levels in [`Mode::ALL`]'s
/// order (`MANAGER` ×4 for a project admin, as the platform writes it).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct ModelDef {
    clusters: BTreeMap<usize, ClusterLevel>,
    projects: BTreeMap<usize, (bool, [ProjectLevel; 4])>,
}

impl ModelDef {
    fn normalized(mut self) -> Self {
        for (is_admin, levels) in self.projects.values_mut() {
            if *is_admin {
                *levels = [ProjectLevel::Manager; 4];
            }
        }
        self
    }

    fn cluster(&self, cluster: usize) -> ClusterLevel {
        self.clusters
            .get(&cluster)
            .copied()
            .unwrap_or(ClusterLevel::Viewer)
    }

    fn project(&self, project: usize) -> (bool, [ProjectLevel; 4]) {
        self.projects
            .get(&project)
            .copied()
            .unwrap_or((false, [ProjectLevel::NoAccess; 4]))
    }

    /// The effective level of a mode of a project.
    fn level(&self, project: usize, mode: Mode) -> ProjectLevel {
        let (is_admin, levels) = self.project(project);
        if is_admin {
            ProjectLevel::Manager
        } else {
            levels[Mode::ALL.iter().position(|m| *m == mode).unwrap()]
        }
    }

    fn role(&self, id: usize, name: usize) -> CustomRole {
        CustomRole::new(k(id), common::name(ROLE_NAMES[name]), "")
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

fn user(i: usize) -> UserId {
    uid(&format!("u{i}"))
}

/// Who an actor number is: user `u{i}`, or from [`TOKEN_ACTOR`] on a token.
fn principal(actor: usize) -> Principal {
    match actor.checked_sub(TOKEN_ACTOR) {
        Some(i) => Principal::ApiToken(t(i)),
        None => Principal::User(user(actor)),
    }
}

/// Addresses in mixed case on purpose: they compare case-insensitively.
fn address(i: usize) -> String {
    if i % 2 == 0 {
        format!("user{i}@acme.dev")
    } else {
        format!("USER{i}@Acme.dev")
    }
}

const ORG_NAMES: [&str; 3] = ["Acme", "ACME", "Globex"];
const CLUSTER_NAMES: [&str; 3] = ["main", "MAIN", "prod"];
const PROJECT_NAMES: [&str; 3] = ["shop", "Shop", "blog"];
const ENV_NAMES: [&str; 8] = [
    "prod", "PROD", "pr-1", "feature", "staging", " ", "dev-x", "Prod-eu",
];
const WILDCARDS: [&str; 7] = ["*", "prod*", "pr-*", "?*", "", "feature", "*-EU"];

#[derive(Clone, Debug)]
enum Command {
    Rename {
        actor: usize,
        name: usize,
    },
    SetDescription {
        actor: usize,
        description: Option<usize>,
    },
    ChangePlan {
        actor: usize,
        plan: Plan,
    },
    ConfirmDeletion {
        actor: usize,
        typed: usize,
    },
    Invite {
        actor: usize,
        email: usize,
        role: MRole,
        at: u64,
        ttl: u64,
    },
    Revoke {
        actor: usize,
        email: usize,
    },
    Accept {
        user: usize,
        email: usize,
        at: u64,
    },
    PurgeExpired {
        at: u64,
    },
    ChangeRole {
        actor: usize,
        target: usize,
        role: MRole,
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
    UpdateCluster {
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
        wildcard: usize,
        mode: Mode,
        cluster: usize,
        priority: u32,
    },
    RemoveRule {
        actor: usize,
        project: usize,
        rule: usize,
    },
    ReorderRules {
        actor: usize,
        project: usize,
        order: Vec<usize>,
    },
    CreateEnvironment {
        actor: usize,
        project: usize,
        env: usize,
        name: usize,
        mode: Option<Mode>,
        cluster: Option<usize>,
    },
    DeleteEnvironment {
        actor: usize,
        project: usize,
        env: usize,
    },
    CreateRole {
        actor: usize,
        role: usize,
        name: usize,
    },
    UpdateRole {
        actor: usize,
        role: usize,
        name: usize,
        def: ModelDef,
    },
    DeleteRole {
        actor: usize,
        role: usize,
    },
    CreateToken {
        actor: usize,
        at: u64,
        token: usize,
        name: usize,
        role: MRole,
        expires: Option<u64>,
        too_long: bool,
    },
    DeleteToken {
        actor: usize,
        at: u64,
        token: usize,
    },
}

fn c(i: usize) -> ClusterId {
    cid(&format!("c{i}"))
}
fn p(i: usize) -> ProjectId {
    pid(&format!("p{i}"))
}
fn r(i: usize) -> RuleId {
    rid(&format!("r{i}"))
}
fn e(i: usize) -> EnvironmentId {
    eid(&format!("e{i}"))
}
fn a(i: usize) -> CloudAccountId {
    format!("a{i}").parse().unwrap()
}
fn at(offset: u64) -> Timestamp {
    NOW.plus_seconds(offset)
}

impl Command {
    /// The moment of a command that has its own: the others run at the
    /// step's clock.
    fn own_moment(&self) -> Option<u64> {
        match *self {
            Command::Invite { at, .. }
            | Command::Accept { at, .. }
            | Command::PurgeExpired { at }
            | Command::CreateToken { at, .. }
            | Command::DeleteToken { at, .. } => Some(at),
            _ => None,
        }
    }

    /// When the command runs, at a step whose clock is `clock`.
    fn moment(&self, clock: u64) -> u64 {
        self.own_moment().unwrap_or(clock)
    }
}

/// Runs a command on the organization at `clock` (or its own moment), as a
/// value through `execute` (a check that changes nothing,
/// `confirm_deletion`, directly); the result is its error's kind.
fn run(org: &mut Organization, command: &Command, clock: u64) -> Result<(), &'static str> {
    match (as_value(command), command) {
        (Some((actor, _, value)), _) => org
            .execute(&principal(actor), at(command.moment(clock)), None, value)
            .map(drop)
            .map_err(|error| error.kind()),
        (None, Command::ConfirmDeletion { actor, typed }) => org
            .confirm_deletion(&user(*actor), ORG_NAMES[*typed])
            .map_err(|error| error.kind()),
        (None, other) => panic!("{other:?} has no command value"),
    }
}

// ----- the reference model -----

#[derive(Clone, Debug)]
struct ModelRule {
    id: usize,
    wildcard: &'static str,
    mode: Mode,
    cluster: usize,
    priority: u32,
}

#[derive(Clone, Debug)]
struct ModelEnv {
    id: usize,
    name: &'static str,
    mode: Mode,
    cluster: usize,
}

#[derive(Clone, Debug)]
struct ModelProject {
    id: usize,
    name: &'static str,
    rules: Vec<ModelRule>,
    envs: Vec<ModelEnv>,
}

#[derive(Clone, Debug)]
struct ModelCluster {
    id: usize,
    name: &'static str,
    region: String,
    stopped: bool,
}

#[derive(Clone, Debug)]
struct ModelToken {
    name: &'static str,
    description: String,
    role: MRole,
    expires: Option<u64>,
}

#[derive(Clone, Debug)]
struct Model {
    name: &'static str,
    description: Option<String>,
    plan: Plan,
    owner: usize,
    /// user -> (address, role), the owner included.
    members: BTreeMap<usize, (String, MRole)>,
    /// (address, role, expiry) in the order made.
    invitations: Vec<(String, MRole, u64)>,
    /// Custom roles: id -> (name, definition).
    roles: BTreeMap<usize, (&'static str, ModelDef)>,
    /// API tokens: id -> its name, description, role and expiry.
    tokens: BTreeMap<usize, ModelToken>,
    /// When the command being applied runs.
    now: u64,
    accounts: Vec<usize>,
    clusters: Vec<ModelCluster>,
    projects: Vec<ModelProject>,
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The design's matcher, written plainly.
fn wildcard_matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some(('?', rest)) => !n.is_empty() && go(rest, &n[1..]),
            Some((c, rest)) => {
                n.first()
                    .is_some_and(|x| x.to_lowercase().eq(c.to_lowercase()))
                    && go(rest, &n[1..])
            }
        }
    }
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    !p.is_empty() && go(&p, &n)
}

impl ModelToken {
    /// Whether it acts and is checked at `now`: it expires *at* its expiry.
    fn live(&self, now: u64) -> bool {
        self.expires.is_none_or(|expiry| now < expiry)
    }
}

impl Model {
    fn role(&self, u: usize) -> Option<MRole> {
        self.members.get(&u).map(|(_, role)| *role)
    }

    /// The role an actor acts with now: a member's, or a live token's. A
    /// token that expired and one that never existed are refused alike.
    fn acting(&self, u: usize) -> Result<MRole, &'static str> {
        match u.checked_sub(TOKEN_ACTOR) {
            Some(i) => self
                .tokens
                .get(&i)
                .filter(|token| token.live(self.now))
                .map(|token| token.role)
                .ok_or("no_valid_token"),
            None => self.role(u).ok_or("not_a_member"),
        }
    }

    /// A user's own commands (accept, leave, transfer): a token is
    /// refused, as no valid token or, valid, as not a user.
    fn a_user(&self, u: usize) -> Result<(), &'static str> {
        if u >= TOKEN_ACTOR {
            self.acting(u)?;
            return Err("not_a_user");
        }
        Ok(())
    }

    /// The definition of a custom role; a member's is always defined.
    fn def(&self, role: usize) -> &ModelDef {
        &self.roles[&role].1
    }

    /// A row on the organization itself: a custom role holds only *Read organization*.
    fn may(&self, u: usize, permission: Permission) -> Result<MRole, &'static str> {
        let role = self.acting(u)?;
        let holds = match role {
            MRole::BuiltIn(role) => role.can(permission),
            MRole::Custom(_) => Permission::READ_ORGANIZATION.contains(permission),
        };
        if holds { Ok(role) } else { Err("denied") }
    }

    /// A row on a project or its resources, before any lookup: a custom
    /// role needs it in some mode of the project named (the design's table).
    fn may_in(
        &self,
        u: usize,
        project: usize,
        permission: Permission,
    ) -> Result<MRole, &'static str> {
        let role = self.acting(u)?;
        let holds = match role {
            MRole::BuiltIn(role) => role.can(permission),
            MRole::Custom(i) => {
                let (is_admin, levels) = self.def(i).project(project);
                design_rows_in_some_mode(is_admin, levels).contains(permission)
            }
        };
        if holds { Ok(role) } else { Err("denied") }
    }

    /// Clusters and cloud accounts: Owner, Admin and DevOps, as the design says.
    fn may_manage_clusters(&self, u: usize) -> Result<MRole, &'static str> {
        let role = self.acting(u)?;
        if matches!(
            role,
            MRole::BuiltIn(Role::Owner | Role::Admin | Role::DevOps)
        ) {
            Ok(role)
        } else {
            Err("denied")
        }
    }

    /// Stopping, starting, updating a cluster: those who manage clusters,
    /// and a custom role at `ADMIN` on it.
    fn may_administer(&self, u: usize, cluster: usize) -> Result<MRole, &'static str> {
        match self.acting(u) {
            Ok(MRole::Custom(i)) if self.def(i).cluster(cluster) == ClusterLevel::Admin => {
                Ok(MRole::Custom(i))
            }
            _ => self.may_manage_clusters(u),
        }
    }

    /// What `u` may do on a resource (an environment's mode given).
    fn allowed(&self, u: usize, resource: Resource<'_>, mode: Option<Mode>) -> Permission {
        self.role(u).map_or(Permission::empty(), |role| {
            self.held_on(role, resource, mode)
        })
    }

    /// What token `i` may do on a resource at `now`: nothing once expired
    /// (it expires *at* its expiry), nothing for an id that is no token.
    fn token_allowed(
        &self,
        i: usize,
        now: u64,
        resource: Resource<'_>,
        mode: Option<Mode>,
    ) -> Permission {
        match self.tokens.get(&i) {
            Some(token) if token.live(now) => self.held_on(token.role, resource, mode),
            _ => Permission::empty(),
        }
    }

    /// What a role holds on a resource (an environment's mode given), as the
    /// design's tables say: a built-in role's whole set, a custom role's rows.
    fn held_on(&self, role: MRole, resource: Resource<'_>, mode: Option<Mode>) -> Permission {
        let answerable = answerable(resource, mode);
        let index = |id: &str| id[1..].parse::<usize>().unwrap();
        match (role, resource) {
            (MRole::BuiltIn(role), _) => role.permissions() & answerable,
            (MRole::Custom(_), Resource::Organization) => Permission::READ_ORGANIZATION,
            (MRole::Custom(i), Resource::Cluster(x)) => {
                if self.def(i).cluster(index(x.as_str())) == ClusterLevel::Admin {
                    Permission::CONNECT_TO_KUBERNETES_CLUSTER
                } else {
                    Permission::empty()
                }
            }
            (MRole::Custom(i), Resource::Project(x) | Resource::Environment { project: x, .. }) => {
                let (is_admin, levels) = self.def(i).project(index(x.as_str()));
                design_rows(is_admin, levels, mode.unwrap_or(Mode::Production)) & answerable
            }
        }
    }

    /// How many members, invitations and API tokens hold custom role `role`.
    fn holders(&self, role: usize) -> usize {
        let held = MRole::Custom(role);
        self.members.values().filter(|(_, r)| *r == held).count()
            + self
                .invitations
                .iter()
                .filter(|(_, r, _)| *r == held)
                .count()
            + self.tokens.values().filter(|t| t.role == held).count()
    }

    /// Owner, Admin and DevOps manage API tokens; the creator's role.
    fn may_manage_tokens(&self, u: usize) -> Result<Role, &'static str> {
        match self.acting(u)? {
            MRole::BuiltIn(role @ (Role::Owner | Role::Admin | Role::DevOps)) => Ok(role),
            _ => Err("denied"),
        }
    }

    /// Whether `creator` may mint a token holding `role` (a defined custom
    /// role's definition given): the token's role has no permission its
    /// creator lacks. Owner covers every role, Admin every role but Owner,
    /// DevOps itself, Developer and Viewer but neither Admin nor Billing
    /// Manager; a custom role reaches at most the rows of its definition
    /// (Read organization, cluster connection, project rows), which the
    /// creator must hold everywhere.
    fn mints(creator: Role, role: MRole, def: Option<&ModelDef>) -> bool {
        use Role::*;
        match (role, def) {
            (MRole::BuiltIn(role), _) => match creator {
                Owner => true,
                Admin => role != Owner,
                DevOps => matches!(role, DevOps | Developer | Viewer),
                Developer | Viewer | BillingManager => false,
            },
            (MRole::Custom(_), Some(def)) => {
                let clusters = if def.clusters.values().any(|l| *l == ClusterLevel::Admin) {
                    Permission::CONNECT_TO_KUBERNETES_CLUSTER
                } else {
                    Permission::empty()
                };
                let reach = def.projects.values().fold(
                    Permission::READ_ORGANIZATION | clusters,
                    |rows, (is_admin, levels)| rows | design_rows_in_some_mode(*is_admin, *levels),
                );
                creator.permissions().contains(reach)
            }
            (MRole::Custom(_), None) => false,
        }
    }

    /// Refuses a custom role that is not defined.
    fn defined(&self, role: MRole) -> Result<(), &'static str> {
        match role {
            MRole::Custom(i) if !self.roles.contains_key(&i) => Err("no_such_role"),
            _ => Ok(()),
        }
    }

    fn project(&mut self, id: usize) -> Result<&mut ModelProject, &'static str> {
        self.projects
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or("no_such_project")
    }

    /// Applies a command run at `clock` (or its own moment).
    fn apply(&mut self, command: &Command, clock: u64) -> Result<(), &'static str> {
        use Permission as P;
        self.now = command.moment(clock);
        match command.clone() {
            Command::Rename { actor, name } => {
                self.may(actor, P::EDIT_ORGANIZATION)?;
                self.name = ORG_NAMES[name];
            }
            Command::SetDescription { actor, description } => {
                self.may(actor, P::EDIT_ORGANIZATION)?;
                self.description = description.map(|d| format!("about {d}"));
            }
            Command::ChangePlan { actor, plan } => {
                self.may(actor, P::MANAGE_BILLING)?;
                if plan == Plan::Community && !self.accounts.is_empty() {
                    return Err("plan_forbids_cloud_accounts");
                }
                self.plan = plan;
            }
            Command::ConfirmDeletion { actor, typed } => {
                self.may(actor, P::DELETE_ORGANIZATION)?;
                if ORG_NAMES[typed] != self.name {
                    return Err("confirmation_mismatch");
                }
            }
            Command::Invite {
                actor,
                email,
                role,
                at,
                ttl,
            } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                let email = address(email);
                self.defined(role)?;
                if role == MRole::BuiltIn(Role::Owner) {
                    return Err("owner_only_by_transfer");
                }
                if ttl == 0 {
                    return Err("expiry_not_after_now");
                }
                if self.members.values().any(|(m, _)| same(m, &email)) {
                    return Err("already_a_member");
                }
                if let Some(i) = self
                    .invitations
                    .iter()
                    .position(|(m, _, _)| same(m, &email))
                {
                    if at < self.invitations[i].2 {
                        return Err("already_invited");
                    }
                    self.invitations.remove(i);
                }
                self.invitations.push((email, role, at + ttl));
            }
            Command::Revoke { actor, email } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                let i = self
                    .invitations
                    .iter()
                    .position(|(m, _, _)| same(m, &address(email)))
                    .ok_or("no_such_invitation")?;
                self.invitations.remove(i);
            }
            Command::Accept { user, email, at } => {
                self.a_user(user)?;
                let i = self
                    .invitations
                    .iter()
                    .position(|(m, _, _)| same(m, &address(email)))
                    .ok_or("no_such_invitation")?;
                if at >= self.invitations[i].2 {
                    return Err("invitation_expired");
                }
                if self.members.contains_key(&user) {
                    return Err("user_already_a_member");
                }
                let (email, role, _) = self.invitations.remove(i);
                self.members.insert(user, (email, role));
            }
            Command::PurgeExpired { at } => self.invitations.retain(|(_, _, expiry)| at < *expiry),
            Command::ChangeRole {
                actor,
                target,
                role,
            } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                if !self.members.contains_key(&target) {
                    return Err("no_such_member");
                }
                self.defined(role)?;
                if role == MRole::BuiltIn(Role::Owner) {
                    return Err("owner_only_by_transfer");
                }
                if target == self.owner {
                    return Err("owner_is_fixed");
                }
                self.members.get_mut(&target).unwrap().1 = role;
            }
            Command::Remove { actor, target } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                if !self.members.contains_key(&target) {
                    return Err("no_such_member");
                }
                if target == self.owner {
                    return Err("owner_is_fixed");
                }
                self.members.remove(&target);
            }
            Command::Leave { actor } => {
                self.a_user(actor)?;
                self.role(actor).ok_or("not_a_member")?;
                if actor == self.owner {
                    return Err("owner_cannot_leave");
                }
                self.members.remove(&actor);
            }
            Command::Transfer { actor, to } => {
                self.a_user(actor)?;
                self.role(actor).ok_or("not_a_member")?;
                if actor != self.owner {
                    return Err("not_the_owner");
                }
                if to == self.owner {
                    return Ok(());
                }
                if !self.members.contains_key(&to) {
                    return Err("no_such_member");
                }
                self.members.get_mut(&to).unwrap().1 = MRole::BuiltIn(Role::Owner);
                self.members.get_mut(&actor).unwrap().1 = MRole::BuiltIn(Role::Admin);
                self.owner = to;
            }
            Command::AddAccount { actor, account } => {
                self.may_manage_clusters(actor)?;
                if self.plan == Plan::Community {
                    return Err("plan_forbids_cloud_accounts");
                }
                if self.accounts.contains(&account) {
                    return Err("cloud_account_exists");
                }
                self.accounts.push(account);
            }
            Command::RemoveAccount { actor, account } => {
                self.may_manage_clusters(actor)?;
                let i = self
                    .accounts
                    .iter()
                    .position(|x| *x == account)
                    .ok_or("no_such_cloud_account")?;
                self.accounts.remove(i);
            }
            Command::AddCluster {
                actor,
                cluster,
                name,
            } => {
                self.may_manage_clusters(actor)?;
                if self.clusters.iter().any(|x| x.id == cluster) {
                    return Err("cluster_exists");
                }
                if self
                    .clusters
                    .iter()
                    .any(|x| same(x.name, CLUSTER_NAMES[name]))
                {
                    return Err("cluster_name_taken");
                }
                self.clusters.push(ModelCluster {
                    id: cluster,
                    name: CLUSTER_NAMES[name],
                    region: "fr-par".into(),
                    stopped: false,
                });
            }
            Command::StopCluster { actor, cluster } | Command::StartCluster { actor, cluster } => {
                self.may_administer(actor, cluster)?;
                let x = self
                    .clusters
                    .iter_mut()
                    .find(|x| x.id == cluster)
                    .ok_or("no_such_cluster")?;
                x.stopped = matches!(command, Command::StopCluster { .. });
            }
            Command::UpdateCluster {
                actor,
                cluster,
                name,
            } => {
                self.may_administer(actor, cluster)?;
                if !self.clusters.iter().any(|x| x.id == cluster) {
                    return Err("no_such_cluster");
                }
                if self
                    .clusters
                    .iter()
                    .any(|x| x.id != cluster && same(x.name, CLUSTER_NAMES[name]))
                {
                    return Err("cluster_name_taken");
                }
                let x = self.clusters.iter_mut().find(|x| x.id == cluster).unwrap();
                x.name = CLUSTER_NAMES[name];
                x.region = format!("region-{name}");
            }
            Command::DeleteCluster { actor, cluster } => {
                self.may_manage_clusters(actor)?;
                let i = self
                    .clusters
                    .iter()
                    .position(|x| x.id == cluster)
                    .ok_or("no_such_cluster")?;
                let used = self.projects.iter().any(|p| {
                    p.rules.iter().any(|r| r.cluster == cluster)
                        || p.envs.iter().any(|e| e.cluster == cluster)
                });
                if used {
                    return Err("cluster_in_use");
                }
                self.clusters.remove(i);
                for (_, def) in self.roles.values_mut() {
                    def.clusters.remove(&cluster);
                }
            }
            Command::AddProject {
                actor,
                project,
                name,
            } => {
                self.may(actor, P::EDIT_PROJECT)?;
                if self.projects.iter().any(|x| x.id == project) {
                    return Err("project_exists");
                }
                if self
                    .projects
                    .iter()
                    .any(|x| same(x.name, PROJECT_NAMES[name]))
                {
                    return Err("project_name_taken");
                }
                self.projects.push(ModelProject {
                    id: project,
                    name: PROJECT_NAMES[name],
                    rules: vec![],
                    envs: vec![],
                });
            }
            Command::DeleteProject { actor, project } => {
                self.may_in(actor, project, P::DELETE_PROJECT)?;
                let i = self
                    .projects
                    .iter()
                    .position(|x| x.id == project)
                    .ok_or("no_such_project")?;
                self.projects.remove(i);
                for (_, def) in self.roles.values_mut() {
                    def.projects.remove(&project);
                }
            }
            Command::AddRule {
                actor,
                project,
                rule,
                wildcard,
                mode,
                cluster,
                priority,
            } => {
                self.may_in(actor, project, P::EDIT_PROJECT)?;
                self.project(project)?;
                if !self.clusters.iter().any(|x| x.id == cluster) {
                    return Err("unknown_cluster");
                }
                if self
                    .projects
                    .iter()
                    .any(|p| p.rules.iter().any(|r| r.id == rule))
                {
                    return Err("rule_exists");
                }
                let rules = &mut self.project(project)?.rules;
                let at = rules.iter().take_while(|r| r.priority <= priority).count();
                rules.insert(
                    at,
                    ModelRule {
                        id: rule,
                        wildcard: WILDCARDS[wildcard],
                        mode,
                        cluster,
                        priority,
                    },
                );
            }
            Command::RemoveRule {
                actor,
                project,
                rule,
            } => {
                self.may_in(actor, project, P::EDIT_PROJECT)?;
                let rules = &mut self.project(project)?.rules;
                let i = rules
                    .iter()
                    .position(|r| r.id == rule)
                    .ok_or("no_such_rule")?;
                rules.remove(i);
            }
            Command::ReorderRules {
                actor,
                project,
                order,
            } => {
                self.may_in(actor, project, P::EDIT_PROJECT)?;
                let rules = &mut self.project(project)?.rules;
                let mut sorted = order.clone();
                sorted.sort();
                let mut ids: Vec<usize> = rules.iter().map(|r| r.id).collect();
                ids.sort();
                if sorted != ids {
                    return Err("not_a_permutation");
                }
                let mut reordered = vec![];
                for (priority, id) in order.iter().enumerate() {
                    let mut rule = rules.iter().find(|r| r.id == *id).unwrap().clone();
                    rule.priority = priority as u32;
                    reordered.push(rule);
                }
                *rules = reordered;
            }
            Command::CreateEnvironment {
                actor,
                project,
                env,
                name,
                mode,
                cluster,
            } => {
                let role = self.acting(actor)?;
                match role {
                    MRole::BuiltIn(_) => {
                        self.may(actor, P::EDIT_DEVELOPMENT_ENVIRONMENT)?;
                    }
                    MRole::Custom(i) => {
                        let def = self.def(i);
                        let manages = Mode::ALL
                            .into_iter()
                            .any(|m| def.level(project, m) == ProjectLevel::Manager);
                        let creates = def
                            .clusters
                            .values()
                            .any(|level| *level >= ClusterLevel::EnvCreator);
                        if !manages || !creates {
                            return Err("denied");
                        }
                    }
                }
                let clusters: Vec<usize> = self.clusters.iter().map(|x| x.id).collect();
                let name = ENV_NAMES[name];
                let target = self.project(project)?.clone();
                if name.trim().is_empty() {
                    return Err("invalid_name");
                }
                if mode == Some(Mode::Preview) {
                    return Err("preview_reserved");
                }
                if let Some(x) = cluster {
                    if !clusters.contains(&x) {
                        return Err("unknown_cluster");
                    }
                }
                let matching = target
                    .rules
                    .iter()
                    .find(|r| wildcard_matches(r.wildcard, name));
                let on = match (cluster, matching) {
                    (Some(x), _) => x,
                    (None, Some(rule)) => rule.cluster,
                    (None, None) => *clusters.first().ok_or("no_cluster")?,
                };
                let mode = mode
                    .or(matching.map(|r| r.mode))
                    .unwrap_or(Mode::Development);
                let placed = match role {
                    MRole::BuiltIn(role) => {
                        mode != Mode::Production || role.can(P::EDIT_PRODUCTION_ENVIRONMENT)
                    }
                    MRole::Custom(i) => {
                        self.def(i).level(project, mode) == ProjectLevel::Manager
                            && self.def(i).cluster(on) >= ClusterLevel::EnvCreator
                    }
                };
                if !placed {
                    return Err("denied");
                }
                if self
                    .projects
                    .iter()
                    .any(|p| p.envs.iter().any(|x| x.id == env))
                {
                    return Err("environment_exists");
                }
                if target.envs.iter().any(|x| same(x.name, name)) {
                    return Err("environment_name_taken");
                }
                self.project(project)?.envs.push(ModelEnv {
                    id: env,
                    name,
                    mode,
                    cluster: on,
                });
            }
            Command::DeleteEnvironment {
                actor,
                project,
                env,
            } => {
                let role = self.may_in(actor, project, P::DELETE_DEVELOPMENT_ENVIRONMENT)?;
                let rows = match role {
                    MRole::BuiltIn(role) => role.permissions(),
                    MRole::Custom(i) => {
                        let (is_admin, levels) = self.def(i).project(project);
                        design_rows(is_admin, levels, Mode::Production)
                    }
                };
                let envs = &mut self.project(project)?.envs;
                let i = envs
                    .iter()
                    .position(|x| x.id == env)
                    .ok_or("no_such_environment")?;
                if envs[i].mode == Mode::Production
                    && !rows.contains(P::DELETE_PRODUCTION_ENVIRONMENT)
                {
                    return Err("denied");
                }
                envs.remove(i);
            }
            Command::CreateRole { actor, role, name } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                let name = ROLE_NAMES[name];
                if Role::ALL.iter().any(|r| same(&r.to_string(), name)) {
                    return Err("built_in_role_name");
                }
                if self.roles.contains_key(&role) {
                    return Err("role_exists");
                }
                if self.roles.values().any(|(other, _)| same(other, name)) {
                    return Err("role_name_taken");
                }
                self.roles.insert(role, (name, ModelDef::default()));
            }
            Command::UpdateRole {
                actor,
                role,
                name,
                def,
            } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                if !self.roles.contains_key(&role) {
                    return Err("no_such_role");
                }
                if def
                    .clusters
                    .keys()
                    .any(|x| !self.clusters.iter().any(|y| y.id == *x))
                {
                    return Err("unknown_cluster");
                }
                if def
                    .projects
                    .keys()
                    .any(|x| !self.projects.iter().any(|y| y.id == *x))
                {
                    return Err("unknown_project");
                }
                let name = ROLE_NAMES[name];
                if self
                    .roles
                    .iter()
                    .any(|(id, (other, _))| *id != role && same(other, name))
                {
                    return Err("role_name_taken");
                }
                self.roles.insert(role, (name, def.normalized()));
            }
            Command::DeleteRole { actor, role } => {
                self.may(actor, P::INVITE_MEMBERS)?;
                if !self.roles.contains_key(&role) {
                    return Err("no_such_role");
                }
                if self.holders(role) > 0 {
                    return Err("role_in_use");
                }
                self.roles.remove(&role);
            }
            Command::CreateToken {
                actor,
                at,
                token,
                name,
                role,
                expires,
                too_long,
            } => {
                // Not a member, denied (a built-in role judged before any
                // lookup), no such role, denied (a custom role's
                // definition), invalid, conflict.
                let creator = self.may_manage_tokens(actor)?;
                if let MRole::BuiltIn(_) = role {
                    if !Self::mints(creator, role, None) {
                        return Err("denied");
                    }
                }
                if let MRole::Custom(i) = role {
                    let def = self.roles.get(&i).map(|(_, def)| def);
                    if !Self::mints(creator, role, Some(def.ok_or("no_such_role")?)) {
                        return Err("denied");
                    }
                }
                if role == MRole::BuiltIn(Role::Owner) {
                    return Err("owner_token");
                }
                if too_long {
                    return Err("too_long");
                }
                if expires.is_some_and(|expiry| expiry <= at) {
                    return Err("expiry_not_after_now");
                }
                if self.tokens.contains_key(&token) {
                    return Err("token_exists");
                }
                let token_name = TOKEN_NAMES[name];
                self.tokens.insert(
                    token,
                    ModelToken {
                        name: token_name,
                        description: token_description(token, false),
                        role,
                        expires,
                    },
                );
            }
            Command::DeleteToken { actor, token, .. } => {
                self.may_manage_tokens(actor)?;
                if self.tokens.remove(&token).is_none() {
                    return Err("no_such_token");
                }
            }
        }
        Ok(())
    }
}

// ----- observing both the same way -----

type Rules = Vec<(String, String, Mode, String, u32)>;
type Envs = Vec<(String, String, Mode, String)>;
/// A custom role: id, name, listed cluster levels, listed projects.
type Roles = Vec<(
    String,
    String,
    Vec<(String, ClusterLevel)>,
    Vec<(String, bool, Vec<ProjectLevel>)>,
)>;

#[derive(Debug, PartialEq)]
struct Observed {
    name: String,
    description: Option<String>,
    plan: Plan,
    owner: String,
    members: Vec<(String, String, RoleRef)>,
    invitations: Vec<(String, RoleRef, u64)>,
    roles: Roles,
    accounts: Vec<String>,
    clusters: Vec<(String, String, String, ClusterState)>,
    default_cluster: Option<String>,
    projects: Vec<(String, String, Rules, Envs)>,
    /// id, name, description, role, expiry (offset from [`NOW`]).
    tokens: Vec<(String, String, String, RoleRef, Option<u64>)>,
}

fn observe(org: &Organization) -> Observed {
    let mut members: Vec<_> = org
        .members()
        .map(|m| (m.id.to_string(), m.email.to_string(), m.role.clone()))
        .collect();
    members.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Observed {
        name: org.name().to_string(),
        description: org.description().map(String::from),
        plan: org.plan(),
        owner: org.owner().id.to_string(),
        members,
        roles: org
            .custom_roles()
            .iter()
            .map(|role| {
                (
                    role.id().to_string(),
                    role.name().to_string(),
                    role.clusters()
                        .map(|(x, level)| (x.to_string(), level))
                        .collect(),
                    role.projects()
                        .map(|(x, access)| {
                            (
                                x.to_string(),
                                access.is_admin(),
                                access.listed().map(|(_, level)| level).collect(),
                            )
                        })
                        .collect(),
                )
            })
            .collect(),
        invitations: org
            .invitations()
            .iter()
            .map(|i| {
                (
                    i.email.to_string(),
                    i.role.clone(),
                    i.expires_at.unix_seconds() - NOW.unix_seconds(),
                )
            })
            .collect(),
        accounts: org
            .cloud_accounts()
            .iter()
            .map(|x| x.id.to_string())
            .collect(),
        clusters: org
            .clusters()
            .iter()
            .map(|x| {
                (
                    x.id.to_string(),
                    x.name.to_string(),
                    x.region.to_string(),
                    x.state,
                )
            })
            .collect(),
        default_cluster: org.default_cluster().map(|x| x.id.to_string()),
        projects: org
            .projects()
            .iter()
            .map(|p| {
                (
                    p.id().to_string(),
                    p.name().to_string(),
                    p.deployment_rules()
                        .iter()
                        .map(|r| {
                            (
                                r.id.to_string(),
                                r.wildcard.to_string(),
                                r.mode,
                                r.cluster_id.to_string(),
                                r.priority_index,
                            )
                        })
                        .collect(),
                    p.environments()
                        .iter()
                        .map(|e| {
                            (
                                e.id.to_string(),
                                e.name.to_string(),
                                e.mode,
                                e.cluster_id.to_string(),
                            )
                        })
                        .collect(),
                )
            })
            .collect(),
        tokens: org
            .tokens()
            .iter()
            .map(|x| {
                (
                    x.id.to_string(),
                    x.name.to_string(),
                    x.description.clone(),
                    x.role.clone(),
                    x.expires_at
                        .map(|expiry| expiry.unix_seconds() - NOW.unix_seconds()),
                )
            })
            .collect(),
    }
}

fn observe_model(m: &Model) -> Observed {
    Observed {
        name: m.name.into(),
        description: m.description.clone(),
        plan: m.plan,
        owner: user(m.owner).to_string(),
        members: m
            .members
            .iter()
            .map(|(u, (email, role))| (user(*u).to_string(), email.clone(), (*role).into()))
            .collect(),
        roles: m
            .roles
            .iter()
            .map(|(id, (name, def))| {
                (
                    k(*id).to_string(),
                    name.to_string(),
                    def.clusters
                        .iter()
                        .map(|(x, level)| (c(*x).to_string(), *level))
                        .collect(),
                    def.projects
                        .iter()
                        .map(|(x, (is_admin, levels))| {
                            (p(*x).to_string(), *is_admin, levels.to_vec())
                        })
                        .collect(),
                )
            })
            .collect(),
        invitations: m
            .invitations
            .iter()
            .map(|(email, role, expiry)| (email.clone(), (*role).into(), *expiry))
            .collect(),
        accounts: m.accounts.iter().map(|x| a(*x).to_string()).collect(),
        clusters: m
            .clusters
            .iter()
            .map(|x| {
                let state = if x.stopped {
                    ClusterState::Stopped
                } else {
                    ClusterState::Running
                };
                (c(x.id).to_string(), x.name.into(), x.region.clone(), state)
            })
            .collect(),
        default_cluster: m.clusters.first().map(|x| c(x.id).to_string()),
        projects: m
            .projects
            .iter()
            .map(|x| {
                (
                    p(x.id).to_string(),
                    x.name.into(),
                    x.rules
                        .iter()
                        .map(|y| {
                            (
                                r(y.id).to_string(),
                                y.wildcard.into(),
                                y.mode,
                                c(y.cluster).to_string(),
                                y.priority,
                            )
                        })
                        .collect(),
                    x.envs
                        .iter()
                        .map(|y| {
                            (
                                e(y.id).to_string(),
                                y.name.into(),
                                y.mode,
                                c(y.cluster).to_string(),
                            )
                        })
                        .collect(),
                )
            })
            .collect(),
        tokens: m
            .tokens
            .iter()
            .map(|(i, x)| {
                (
                    t(*i).to_string(),
                    x.name.into(),
                    x.description.clone(),
                    x.role.into(),
                    x.expires,
                )
            })
            .collect(),
    }
}

/// The starting point of both: u0 owns "Acme"; u1 is an Admin, u2 a
/// Developer, u3 a Viewer, u4 holds custom role k0 (deployer in
/// production, manager in staging and development, viewer of previews of
/// p0; creates on c0, administers c1), u5 is a DevOps, u6 a Billing
/// Manager; u7 to u9 are strangers. Clusters c0 and c1, project p0 with a
/// rule sending `prod*` to c1 in Production. Tokens: t0 a DevOps (made by
/// u5), t1 an Admin expiring at 5, t2 holding k0; t3 is free.
fn start() -> (Organization, Model) {
    let mut org = Organization::new(
        "o".parse().unwrap(),
        name("Acme"),
        Plan::Business,
        user(0),
        email(&address(0)),
    );
    let mut model = Model {
        name: "Acme",
        description: None,
        plan: Plan::Business,
        owner: 0,
        members: BTreeMap::from([(0, (address(0), MRole::BuiltIn(Role::Owner)))]),
        invitations: vec![],
        roles: BTreeMap::new(),
        tokens: BTreeMap::new(),
        now: 0,
        accounts: vec![],
        clusters: vec![],
        projects: vec![],
    };
    let setup = [
        Command::Invite {
            actor: 0,
            email: 1,
            role: MRole::BuiltIn(Role::Admin),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 1,
            email: 1,
            at: 0,
        },
        Command::Invite {
            actor: 0,
            email: 2,
            role: MRole::BuiltIn(Role::Developer),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 2,
            email: 2,
            at: 0,
        },
        Command::Invite {
            actor: 0,
            email: 3,
            role: MRole::BuiltIn(Role::Viewer),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 3,
            email: 3,
            at: 0,
        },
        Command::AddCluster {
            actor: 0,
            cluster: 0,
            name: 0,
        },
        Command::AddCluster {
            actor: 0,
            cluster: 1,
            name: 2,
        },
        Command::AddProject {
            actor: 0,
            project: 0,
            name: 0,
        },
        Command::AddRule {
            actor: 0,
            project: 0,
            rule: 0,
            wildcard: 1,
            mode: Mode::Production,
            cluster: 1,
            priority: 1,
        },
        Command::CreateRole {
            actor: 0,
            role: 0,
            name: 0,
        },
        Command::UpdateRole {
            actor: 0,
            role: 0,
            name: 0,
            def: ModelDef {
                clusters: BTreeMap::from([(0, ClusterLevel::EnvCreator), (1, ClusterLevel::Admin)]),
                projects: BTreeMap::from([(
                    0,
                    (
                        false,
                        [
                            ProjectLevel::Deployer,
                            ProjectLevel::Manager,
                            ProjectLevel::Manager,
                            ProjectLevel::Viewer,
                        ],
                    ),
                )]),
            },
        },
        Command::Invite {
            actor: 0,
            email: 4,
            role: MRole::Custom(0),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 4,
            email: 4,
            at: 0,
        },
        Command::Invite {
            actor: 0,
            email: 5,
            role: MRole::BuiltIn(Role::DevOps),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 5,
            email: 5,
            at: 0,
        },
        Command::Invite {
            actor: 0,
            email: 6,
            role: MRole::BuiltIn(Role::BillingManager),
            at: 0,
            ttl: 10,
        },
        Command::Accept {
            user: 6,
            email: 6,
            at: 0,
        },
        Command::CreateToken {
            actor: 5,
            at: 0,
            token: 0,
            name: 0,
            role: MRole::BuiltIn(Role::DevOps),
            expires: None,
            too_long: false,
        },
        Command::CreateToken {
            actor: 0,
            at: 0,
            token: 1,
            name: 2,
            role: MRole::BuiltIn(Role::Admin),
            expires: Some(5),
            too_long: false,
        },
        Command::CreateToken {
            actor: 1,
            at: 0,
            token: 2,
            name: 1,
            role: MRole::Custom(0),
            expires: None,
            too_long: false,
        },
    ];
    for command in &setup {
        run(&mut org, command, 0).unwrap();
        model.apply(command, 0).unwrap();
    }
    (org, model)
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(&Role::ALL[..])
}

/// A built-in role, or now and then a custom one (defined or not).
fn any_role() -> impl Strategy<Value = MRole> {
    prop_oneof![
        3 => role().prop_map(MRole::BuiltIn),
        1 => (0..CUSTOM).prop_map(MRole::Custom),
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

/// A definition over the clusters and projects the commands name, some
/// of which may not exist.
fn definition() -> impl Strategy<Value = ModelDef> {
    (
        prop::collection::btree_map(0..CLUSTERS, cluster_level(), 0..=3),
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
            0..=2,
        ),
    )
        .prop_map(|(clusters, projects)| ModelDef { clusters, projects })
}

fn mode() -> impl Strategy<Value = Mode> {
    prop::sample::select(&Mode::ALL[..])
}

/// A user: half the time one of the two privileged starters.
fn user_actor() -> BoxedStrategy<usize> {
    prop_oneof![0..2usize, 0..USERS].boxed()
}

/// A token as an actor: `t0` to `t3`, or `t4`, which never exists.
fn token() -> BoxedStrategy<usize> {
    (TOKEN_ACTOR..=TOKEN_ACTOR + TOKENS).boxed()
}

/// An actor: a user, or now and then a token.
fn actor() -> BoxedStrategy<usize> {
    prop_oneof![4 => user_actor(), 1 => token()].boxed()
}

/// An actor on tokens: mostly one of the starters who manage tokens (the
/// owner, the Admin, the DevOps), else anyone, or a token.
fn token_actor() -> BoxedStrategy<usize> {
    prop_oneof![6 => prop::sample::select(vec![0, 1, 5]), 2 => 0..USERS, 2 => token()].boxed()
}

/// A token's role: any built-in role (Owner included, which is refused),
/// or a custom role, mostly `k0` (defined from the start), else any,
/// defined or not (`k3` never is).
fn token_role() -> impl Strategy<Value = MRole> {
    prop_oneof![
        3 => role().prop_map(MRole::BuiltIn),
        1 => Just(MRole::Custom(0)),
        1 => (0..=CUSTOM).prop_map(MRole::Custom),
    ]
}

/// A token command: created at 0 to 3, expiring before, at or after
/// then (or never), with an id taken or not.
fn token_command() -> impl Strategy<Value = Command> {
    let expires = prop_oneof![1 => Just(None), 3 => (0u64..8).prop_map(Some)];
    prop_oneof![
        3 => (token_actor(), 0u64..4, 0..TOKENS, 0..TOKEN_NAMES.len(), token_role(), expires, prop::bool::weighted(0.05))
            .prop_map(|(actor, at, token, name, role, expires, too_long)| Command::CreateToken { actor, at, token, name, role, expires, too_long }),
        1 => (token_actor(), 0u64..8, 0..=TOKENS).prop_map(|(actor, at, token)| Command::DeleteToken { actor, at, token }),
    ]
}

fn command() -> impl Strategy<Value = Command> {
    // Actors may be tokens; the members a command names are users.
    let (u, m) = (actor, user_actor);
    let newcomer = || prop_oneof![3 => 4..USERS, 1 => 0..USERS];
    let (cl, pr, rl) = (|| 0..CLUSTERS, || 0..PROJECTS, || 0..RULES);
    let plan = prop::sample::select(vec![
        Plan::Free,
        Plan::Business,
        Plan::Team2025,
        Plan::Community,
    ]);
    prop_oneof![
        1 => (u(), 0..3usize).prop_map(|(actor, name)| Command::Rename { actor, name }),
        1 => (u(), prop::option::of(0..2usize)).prop_map(|(actor, description)| Command::SetDescription { actor, description }),
        1 => (u(), plan).prop_map(|(actor, plan)| Command::ChangePlan { actor, plan }),
        1 => (m(), 0..3usize).prop_map(|(actor, typed)| Command::ConfirmDeletion { actor, typed }),
        4 => (u(), newcomer(), any_role(), 0u64..4, 0u64..4).prop_map(|(actor, email, role, at, ttl)| Command::Invite { actor, email, role, at, ttl }),
        1 => (u(), newcomer()).prop_map(|(actor, email)| Command::Revoke { actor, email }),
        4 => (newcomer(), any::<bool>(), 0u64..6).prop_map(|(user, own, at)| Command::Accept { user, email: if own { user } else { (user + 1) % USERS }, at }),
        1 => (token(), newcomer(), 0u64..6).prop_map(|(user, email, at)| Command::Accept { user, email, at }),
        1 => (0u64..8).prop_map(|at| Command::PurgeExpired { at }),
        3 => (u(), m(), any_role()).prop_map(|(actor, target, role)| Command::ChangeRole { actor, target, role }),
        1 => (u(), m()).prop_map(|(actor, target)| Command::Remove { actor, target }),
        1 => prop_oneof![4 => 0..USERS, 1 => token()].prop_map(|actor| Command::Leave { actor }),
        2 => (u(), m()).prop_map(|(actor, to)| Command::Transfer { actor, to }),
        1 => (u(), 0..2usize).prop_map(|(actor, account)| Command::AddAccount { actor, account }),
        1 => (u(), 0..2usize).prop_map(|(actor, account)| Command::RemoveAccount { actor, account }),
        3 => (u(), cl(), 0..3usize).prop_map(|(actor, cluster, name)| Command::AddCluster { actor, cluster, name }),
        1 => (u(), cl()).prop_map(|(actor, cluster)| Command::StopCluster { actor, cluster }),
        1 => (u(), cl()).prop_map(|(actor, cluster)| Command::StartCluster { actor, cluster }),
        1 => (u(), cl(), 0..3usize).prop_map(|(actor, cluster, name)| Command::UpdateCluster { actor, cluster, name }),
        2 => (u(), cl()).prop_map(|(actor, cluster)| Command::DeleteCluster { actor, cluster }),
        2 => (u(), pr(), 0..3usize).prop_map(|(actor, project, name)| Command::AddProject { actor, project, name }),
        1 => (u(), pr()).prop_map(|(actor, project)| Command::DeleteProject { actor, project }),
        3 => (u(), pr(), rl(), 0..WILDCARDS.len(), mode(), cl(), 0u32..3)
            .prop_map(|(actor, project, rule, wildcard, mode, cluster, priority)| Command::AddRule { actor, project, rule, wildcard, mode, cluster, priority }),
        1 => (u(), pr(), rl()).prop_map(|(actor, project, rule)| Command::RemoveRule { actor, project, rule }),
        2 => (u(), pr(), prop::collection::vec(rl(), 0..4)).prop_map(|(actor, project, order)| Command::ReorderRules { actor, project, order }),
        4 => (u(), pr(), 0..4usize, 0..ENV_NAMES.len(), prop::option::of(mode()), prop::option::of(0..CLUSTERS + 1))
            .prop_map(|(actor, project, env, name, mode, cluster)| Command::CreateEnvironment { actor, project, env, name, mode, cluster }),
        1 => (u(), pr(), 0..4usize).prop_map(|(actor, project, env)| Command::DeleteEnvironment { actor, project, env }),
        1 => (u(), 0..CUSTOM, 0..ROLE_NAMES.len()).prop_map(|(actor, role, name)| Command::CreateRole { actor, role, name }),
        3 => (u(), 0..CUSTOM, 0..ROLE_NAMES.len() - 1, definition()).prop_map(|(actor, role, name, def)| Command::UpdateRole { actor, role, name, def }),
        1 => (u(), 0..CUSTOM).prop_map(|(actor, role)| Command::DeleteRole { actor, role }),
        6 => token_command(),
    ]
}

/// Every member's (and a stranger's) `allowed` set on every resource is
/// the model's, read from the design's tables.
fn compare_checks(org: &Organization, model: &Model) -> Result<(), TestCaseError> {
    let resources = resources(org);
    for u in 0..USERS {
        for &(resource, mode) in &resources {
            prop_assert_eq!(
                org.allowed(&user(u), resource),
                model.allowed(u, resource, mode),
                "u{} ({:?}) on {:?}",
                u,
                model.role(u),
                resource
            );
        }
    }
    Ok(())
}

/// Every token's (and an unknown id's) `check_token` answers, over every
/// action on every resource, at each moment of [`CHECKED_AT`]: a live
/// token is allowed exactly the rows the model gives its role; an expired
/// token and an id that is no token are refused alike, every time, as
/// holding no valid token. (The tokens are the model's: the states were
/// compared first; a deleted token is refused as `t3` is.)
fn compare_tokens(org: &Organization, model: &Model) -> Result<(), TestCaseError> {
    let resources = resources(org);
    let unknown = t(TOKENS);
    for now in CHECKED_AT {
        for &(resource, mode) in &resources {
            let refusals: Vec<Decision> = Action::ALL
                .into_iter()
                .map(|action| org.check_token(&unknown, at(now), action, resource))
                .collect();
            for refusal in &refusals {
                let Decision::Denied(denial) = refusal else {
                    return Err(TestCaseError::fail(format!(
                        "{unknown} allowed: {refusal:?}"
                    )));
                };
                prop_assert_eq!(denial.reason, DenialReason::NoValidToken);
            }
            for &i in model.tokens.keys() {
                let live = model.tokens.get(&i).is_some_and(|token| token.live(now));
                let mut from_checks = Permission::empty();
                for (action, refusal) in Action::ALL.into_iter().zip(&refusals) {
                    let decision = org.check_token(&t(i), at(now), action, resource);
                    if !live {
                        prop_assert_eq!(
                            &decision,
                            refusal,
                            "t{} at {}: {} on {:?}",
                            i,
                            now,
                            action,
                            resource
                        );
                    } else if let Decision::Allowed { permission, .. } = decision {
                        from_checks |= permission;
                    }
                }
                prop_assert_eq!(
                    from_checks,
                    model.token_allowed(i, now, resource, mode),
                    "t{} ({:?}) at {} on {:?}",
                    i,
                    model.tokens.get(&i).map(|token| token.role),
                    now,
                    resource
                );
            }
        }
    }
    Ok(())
}

/// Every resource of the organization: itself, each cluster, project and
/// environment (with its mode).
fn resources(org: &Organization) -> Vec<(Resource<'_>, Option<Mode>)> {
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
    resources
}

fn assert_invariants(org: &Organization) {
    let members: Vec<&Member> = org.members().collect();
    assert_eq!(members.iter().filter(|m| m.role == Role::Owner).count(), 1);
    assert_eq!(org.owner().role, Role::Owner);
    for (i, x) in members.iter().enumerate() {
        for y in members.iter().skip(i + 1) {
            assert_ne!(x.id, y.id);
            assert!(!x.email.eq_ignore_case(&y.email));
        }
        assert_eq!(
            org.role_of(&x.id),
            Some(&x.role),
            "lookup finds every member"
        );
    }
    for (i, invitation) in org.invitations().iter().enumerate() {
        assert_ne!(invitation.role, Role::Owner);
        assert!(
            members
                .iter()
                .all(|m| !m.email.eq_ignore_case(&invitation.email))
        );
        assert!(
            org.invitations()
                .iter()
                .skip(i + 1)
                .all(|o| !o.email.eq_ignore_case(&invitation.email))
        );
    }
    for (i, x) in org.clusters().iter().enumerate() {
        assert!(
            org.clusters()
                .iter()
                .skip(i + 1)
                .all(|y| !x.name.eq_ignore_case(&y.name) && x.id != y.id)
        );
    }
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
                    .all(|o| !o.name.eq_ignore_case(&env.name))
            );
        }
        let priorities: Vec<u32> = project
            .deployment_rules()
            .iter()
            .map(|r| r.priority_index)
            .collect();
        assert!(
            priorities.windows(2).all(|w| w[0] <= w[1]),
            "rules stay in priority order"
        );
    }
    if !org.plan().allows_cloud_accounts() {
        assert!(org.cloud_accounts().is_empty());
    }
    // Tokens: by id, never Owner, every custom role they hold defined.
    for pair in org.tokens().windows(2) {
        assert!(pair[0].id < pair[1].id, "tokens stay sorted by id");
    }
    for token in org.tokens() {
        assert!(!token.role.is_owner(), "{token:?}");
        if let Some(role) = token.role.custom() {
            assert!(org.custom_role(role).is_some(), "{token:?}");
        }
    }
    // What a document holds is what the commands hold.
    let rebuilt = Organization::from_parts(org.clone().into_parts())
        .expect("the parts of a valid organization are valid");
    assert_eq!(&rebuilt, org);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_organization_behaves_as_the_reference_model(commands in prop::collection::vec((command(), CLOCK), 1..80)) {
        let (mut org, mut model) = start();
        let mut revision = org.revision();
        for (command, clock) in &commands {
            let before = org.clone();
            let seen = observe_model(&model);
            let expected = model.apply(command, *clock);
            // The revision counts the commands that changed something.
            if observe_model(&model) != seen {
                revision += 1;
            }
            let got = run(&mut org, command, *clock);
            prop_assert_eq!(got, expected, "{:?} at {}", command, clock);
            if got.is_err() {
                prop_assert_eq!(&org, &before, "refused {:?} but changed", command);
            }
            // A custom role still held says by how many, tokens included.
            if let (Command::DeleteRole { actor, role }, Err("role_in_use")) = (command, expected) {
                let error = org.clone().delete_custom_role(&principal(*actor), at(*clock), &k(*role));
                prop_assert_eq!(error.map(drop), Err(CustomRoleError::RoleInUse { role: k(*role), holders: model.holders(*role) }));
            }
            prop_assert_eq!(observe(&org), observe_model(&model), "after {:?}", command);
            prop_assert_eq!(org.revision(), revision, "after {:?}", command);
            assert_invariants(&org);
            compare_checks(&org, &model)?;
            compare_tokens(&org, &model)?;
        }
    }
}

/// The command as a value for [`Organization::execute`], with its actor and
/// time (`None` for a check that changes nothing, as `confirm_deletion`).
fn as_value(command: &Command) -> Option<(usize, u64, orgmodel::Command)> {
    use orgmodel::Command as C;
    Some(match command.clone() {
        Command::Rename { actor, name: n } => (
            actor,
            0,
            C::Rename {
                name: name(ORG_NAMES[n]),
            },
        ),
        Command::SetDescription { actor, description } => (
            actor,
            0,
            C::SetDescription {
                description: description.map(|d| format!("about {d}")),
            },
        ),
        Command::ChangePlan { actor, plan } => (actor, 0, C::ChangePlan { plan }),
        Command::ConfirmDeletion { .. } => return None,
        Command::Invite {
            actor,
            email: i,
            role,
            at: t,
            ttl,
        } => (
            actor,
            t,
            C::Invite {
                email: email(&address(i)),
                role: role.into(),
                expires_at: at(t + ttl),
            },
        ),
        Command::Revoke { actor, email: i } => (
            actor,
            0,
            C::RevokeInvitation {
                email: email(&address(i)),
            },
        ),
        Command::Accept {
            user,
            email: i,
            at: t,
        } => (
            user,
            t,
            C::AcceptInvitation {
                email: email(&address(i)),
            },
        ),
        Command::PurgeExpired { at: t } => (0, t, C::PurgeExpired),
        Command::ChangeRole {
            actor,
            target,
            role,
        } => (
            actor,
            0,
            C::ChangeRole {
                member: user(target),
                role: role.into(),
            },
        ),
        Command::Remove { actor, target } => (
            actor,
            0,
            C::RemoveMember {
                member: user(target),
            },
        ),
        Command::Leave { actor } => (actor, 0, C::Leave),
        Command::Transfer { actor, to } => (actor, 0, C::TransferOwnership { to: user(to) }),
        Command::AddAccount { actor, account } => (
            actor,
            0,
            C::AddCloudAccount {
                account: CloudAccount {
                    id: a(account),
                    name: name("acct"),
                    cloud_provider: CloudProvider::Gcp,
                },
            },
        ),
        Command::RemoveAccount { actor, account } => (
            actor,
            0,
            C::RemoveCloudAccount {
                account: a(account),
            },
        ),
        Command::AddCluster {
            actor,
            cluster,
            name: n,
        } => (
            actor,
            0,
            C::AddCluster {
                cluster: Cluster::new(
                    c(cluster),
                    name(CLUSTER_NAMES[n]),
                    CloudProvider::Scw,
                    "fr-par",
                ),
            },
        ),
        Command::StopCluster { actor, cluster } => (
            actor,
            0,
            C::StopCluster {
                cluster: c(cluster),
            },
        ),
        Command::StartCluster { actor, cluster } => (
            actor,
            0,
            C::StartCluster {
                cluster: c(cluster),
            },
        ),
        Command::UpdateCluster {
            actor,
            cluster,
            name: n,
        } => (
            actor,
            0,
            C::UpdateCluster {
                cluster: c(cluster),
                settings: ClusterSettings {
                    name: name(CLUSTER_NAMES[n]),
                    region: format!("region-{n}").into(),
                },
            },
        ),
        Command::DeleteCluster { actor, cluster } => (
            actor,
            0,
            C::DeleteCluster {
                cluster: c(cluster),
            },
        ),
        Command::AddProject {
            actor,
            project,
            name: n,
        } => (
            actor,
            0,
            C::AddProject {
                project: p(project),
                name: name(PROJECT_NAMES[n]),
            },
        ),
        Command::DeleteProject { actor, project } => (
            actor,
            0,
            C::DeleteProject {
                project: p(project),
            },
        ),
        Command::AddRule {
            actor,
            project,
            rule: i,
            wildcard: w,
            mode,
            cluster,
            priority,
        } => (
            actor,
            0,
            C::AddRule {
                project: p(project),
                rule: DeploymentRule::new(
                    r(i),
                    name("rule"),
                    wildcard(WILDCARDS[w]),
                    mode,
                    c(cluster),
                    priority,
                ),
            },
        ),
        Command::RemoveRule {
            actor,
            project,
            rule,
        } => (
            actor,
            0,
            C::RemoveRule {
                project: p(project),
                rule: r(rule),
            },
        ),
        Command::ReorderRules {
            actor,
            project,
            order,
        } => (
            actor,
            0,
            C::ReorderRules {
                project: p(project),
                order: order.iter().map(|&i| r(i)).collect(),
            },
        ),
        Command::CreateEnvironment {
            actor,
            project,
            env,
            name: n,
            mode,
            cluster,
        } => (
            actor,
            0,
            C::CreateEnvironment {
                project: p(project),
                environment: e(env),
                request: CreateEnvironmentRequest {
                    name: ENV_NAMES[n].into(),
                    mode,
                    cluster: cluster.map(c),
                },
            },
        ),
        Command::DeleteEnvironment {
            actor,
            project,
            env,
        } => (
            actor,
            0,
            C::DeleteEnvironment {
                project: p(project),
                environment: e(env),
            },
        ),
        Command::CreateRole {
            actor,
            role,
            name: n,
        } => (
            actor,
            0,
            C::CreateCustomRole {
                role: k(role),
                name: name(ROLE_NAMES[n]),
                description: String::new(),
            },
        ),
        Command::UpdateRole {
            actor,
            role,
            name,
            def,
        } => (
            actor,
            0,
            C::UpdateCustomRole {
                role: def.role(role, name),
            },
        ),
        Command::DeleteRole { actor, role } => (actor, 0, C::DeleteCustomRole { role: k(role) }),
        Command::CreateToken {
            actor,
            at: t0,
            token,
            name: n,
            role,
            expires,
            too_long,
        } => (
            actor,
            t0,
            C::CreateApiToken {
                token: t(token),
                name: name(TOKEN_NAMES[n]),
                description: token_description(token, too_long),
                role: role.into(),
                expires_at: expires.map(at),
            },
        ),
        Command::DeleteToken {
            actor,
            at: t0,
            token,
        } => (actor, t0, C::DeleteApiToken { token: t(token) }),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn replaying_the_log_rebuilds_the_organization(commands in prop::collection::vec((command(), CLOCK), 1..60)) {
        let owner = user(0);
        let (mut org, created) = Organization::create("o".parse().unwrap(), name("Acme"), Plan::Business, owner, email(&address(0)), NOW);
        let mut log = vec![created];
        for (command, clock) in &commands {
            let Some((actor, _, value)) = as_value(command) else { continue };
            let before = org.clone();
            match org.execute(&principal(actor), at(command.moment(*clock)), Some(org.revision()), value) {
                Ok(Some(recorded)) => {
                    prop_assert_eq!(recorded.revision, org.revision());
                    log.push(recorded);
                }
                Ok(None) => prop_assert_eq!(&org, &before, "no event, no change"),
                Err(_) => prop_assert_eq!(&org, &before, "a refusal changes nothing"),
            }
            let rebuilt = Organization::replay(&log).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&rebuilt, &org, "after {:?}", command);
        }
        // An event applied twice, or out of order, is refused and changes nothing.
        if let Some(last) = log.last().filter(|r| r.revision > 0).cloned() {
            let before = org.clone();
            let again = org.apply(&last);
            prop_assert!(matches!(again, Err(ApplyError::OutOfOrder { .. })), "{:?}", again);
            prop_assert_eq!(&org, &before);
        }
    }
}

/// Runs a command by calling its method directly, as a service that does
/// not use [`Organization::execute`] would, and returns what it recorded.
/// A user's own commands take a user: a token reaches them only through
/// `execute`, which refuses it.
fn call_method(
    org: &mut Organization,
    actor: Actor<'_>,
    now: Timestamp,
    command: orgmodel::Command,
) -> Result<Option<Recorded>, Error> {
    use orgmodel::Command as C;
    let Some(user) = actor.user() else {
        if let C::AcceptInvitation { .. } | C::Leave | C::TransferOwnership { .. } = command {
            return org.execute(actor, now, None, command);
        }
        return call_method_as(org, actor, now, command);
    };
    Ok(match command {
        C::AcceptInvitation { email } => Some(org.accept_invitation(user, now, &email)?),
        C::Leave => Some(org.leave(user, now)?),
        C::TransferOwnership { to } => org.transfer_ownership(user, now, &to)?,
        other => return call_method_as(org, actor, now, other),
    })
}

/// [`call_method`] for the commands any actor runs.
fn call_method_as(
    org: &mut Organization,
    actor: Actor<'_>,
    now: Timestamp,
    command: orgmodel::Command,
) -> Result<Option<Recorded>, Error> {
    use orgmodel::Command as C;
    Ok(match command {
        C::Rename { name } => org.rename(actor, now, name)?,
        C::SetDescription { description } => org.set_description(actor, now, description)?,
        C::ChangePlan { plan } => org.change_plan(actor, now, plan)?,
        C::Invite {
            email,
            role,
            expires_at,
        } => Some(org.invite(actor, now, email, role, expires_at)?),
        C::RevokeInvitation { email } => Some(org.revoke_invitation(actor, now, &email)?),
        C::PurgeExpired => org.purge_expired(actor, now),
        C::ChangeRole { member, role } => org.change_role(actor, now, &member, role)?,
        C::RemoveMember { member } => Some(org.remove_member(actor, now, &member)?),
        C::AddCloudAccount { account } => Some(org.add_cloud_account(actor, now, account)?),
        C::RemoveCloudAccount { account } => Some(org.remove_cloud_account(actor, now, &account)?),
        C::AddCluster { cluster } => Some(org.add_cluster(actor, now, cluster)?),
        C::StopCluster { cluster } => org.stop_cluster(actor, now, &cluster)?,
        C::StartCluster { cluster } => org.start_cluster(actor, now, &cluster)?,
        C::UpdateCluster { cluster, settings } => {
            org.update_cluster(actor, now, &cluster, settings)?
        }
        C::DeleteCluster { cluster } => Some(org.delete_cluster(actor, now, &cluster)?),
        C::AddProject { project, name } => Some(org.add_project(actor, now, project, name)?),
        C::DeleteProject { project } => Some(org.delete_project(actor, now, &project)?),
        C::AddRule { project, rule } => Some(org.add_rule(actor, now, &project, rule)?),
        C::RemoveRule { project, rule } => Some(org.remove_rule(actor, now, &project, &rule)?),
        C::ReorderRules { project, order } => org.reorder_rules(actor, now, &project, &order)?,
        C::CreateEnvironment {
            project,
            environment,
            request,
        } => Some(org.create_environment(actor, now, &project, environment, &request)?),
        C::DeleteEnvironment {
            project,
            environment,
        } => Some(org.delete_environment(actor, now, &project, &environment)?),
        C::CreateCustomRole {
            role,
            name,
            description,
        } => Some(org.create_custom_role(actor, now, role, name, description)?),
        C::UpdateCustomRole { role } => org.update_custom_role(actor, now, role)?,
        C::DeleteCustomRole { role } => Some(org.delete_custom_role(actor, now, &role)?),
        C::CreateApiToken {
            token,
            name,
            description,
            role,
            expires_at,
        } => Some(org.create_api_token(
            actor,
            now,
            ApiToken {
                id: token,
                name,
                description,
                role,
                expires_at,
            },
        )?),
        C::DeleteApiToken { token } => Some(org.delete_api_token(actor, now, &token)?),
        other => panic!("{other:?} has no method here"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// One way to change: calling the methods and recording what they return
    /// is the same as `execute`, so a log made by both, mixed at random,
    /// replays; and both record the very same event for the same command.
    #[test]
    fn methods_and_execute_mixed_at_random_give_a_log_that_replays(
        steps in prop::collection::vec((command(), CLOCK, any::<bool>()), 1..60),
    ) {
        let owner = user(0);
        let (mut org, created) = Organization::create("o".parse().unwrap(), name("Acme"), Plan::Business, owner, email(&address(0)), NOW);
        let mut log = vec![created];
        for (command, clock, by_method) in &steps {
            let Some((actor, _, value)) = as_value(command) else { continue };
            let (principal, now) = (principal(actor), at(command.moment(*clock)));
            let actor = principal.as_actor();
            let mut twin = org.clone();
            let (result, twin_result) = if *by_method {
                (call_method(&mut org, actor, now, value.clone()), twin.execute(actor, now, None, value))
            } else {
                (org.execute(actor, now, None, value.clone()), call_method(&mut twin, actor, now, value))
            };
            prop_assert_eq!(&result, &twin_result, "the method and execute disagree on {:?}", command);
            prop_assert_eq!(&org, &twin);
            if let Ok(Some(recorded)) = result {
                prop_assert_eq!(recorded.revision, org.revision());
                prop_assert_eq!(recorded.revision, log.len() as u64, "revisions are gap-free");
                log.push(recorded);
            }
        }
        let rebuilt = Organization::replay(&log).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&rebuilt, &org);
    }
}
