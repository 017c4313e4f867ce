//! Refusals reveal nothing: every command, run by every role and by a
//! non-member, against ids that exist and ids that don't. A caller without
//! the permission always gets the same denial, whatever the ids; a caller
//! with it learns what does not exist. API tokens run the same table: a
//! token of each built-in role and of each custom role answers as a member
//! holding its role (a user's own commands aside: `not_a_user`), and an
//! expired token, a deleted one and one that never existed are refused
//! alike (`no_valid_token`), whatever the command and the ids.

mod common;

use common::*;
use orgmodel::*;

type Run = fn(&mut Organization, Actor<'_>, bool) -> Result<(), Error>;

/// What a command needs of a custom role, before any lookup, as the design
/// says ("Denied before any lookup, under a custom role"): judged from the
/// role's definition for the project or cluster the caller names.
#[derive(Clone, Copy)]
enum ForCustom {
    /// No custom role may: members, roles, settings, billing, cloud
    /// accounts, adding or deleting clusters, adding projects.
    Never,
    /// Any member may.
    Always,
    /// `ADMIN` on the cluster named (`c1`, or a missing one).
    ClusterAdmin,
    /// The row in some mode of the project named (`p1`, or a missing one).
    InProject(Permission),
    /// `MANAGER` in some mode of the project named, and some cluster at
    /// `ENV_CREATOR` or above.
    Placement,
}

/// A project of a custom role: id, `is_admin`, levels by mode.
type ProjectEntry = (&'static str, bool, &'static [(Mode, ProjectLevel)]);

/// A custom role of [`world`], as the test defines it, and the member who holds it.
struct Def {
    id: &'static str,
    holder: &'static str,
    clusters: &'static [(&'static str, ClusterLevel)],
    projects: &'static [ProjectEntry],
}

/// `padmin` administers project p1 and creates on c1; `oncall` deploys in
/// production, manages development and staging of p1, administers c1 and
/// creates on c2; `nobody` holds a role at the lowest levels.
const CUSTOM: [Def; 3] = [
    Def {
        id: "proj-admin",
        holder: "padmin",
        clusters: &[("c1", ClusterLevel::EnvCreator)],
        projects: &[("p1", true, &[])],
    },
    Def {
        id: "on-call",
        holder: "oncall",
        clusters: &[
            ("c1", ClusterLevel::Admin),
            ("c2", ClusterLevel::EnvCreator),
        ],
        projects: &[(
            "p1",
            false,
            &[
                (Mode::Production, ProjectLevel::Deployer),
                (Mode::Development, ProjectLevel::Manager),
                (Mode::Staging, ProjectLevel::Manager),
            ],
        )],
    },
    Def {
        id: "nobody",
        holder: "nobody",
        clusters: &[],
        projects: &[],
    },
];

impl Def {
    fn held_by(user: &UserId) -> Option<&'static Def> {
        CUSTOM.iter().find(|def| def.holder == user.as_str())
    }

    /// The level of a cluster: unlisted (or missing) is `VIEWER`.
    fn cluster(&self, cluster: &str) -> ClusterLevel {
        self.clusters
            .iter()
            .find(|(id, _)| *id == cluster)
            .map_or(ClusterLevel::Viewer, |(_, level)| *level)
    }

    /// `is_admin` and the levels by mode of a project: unlisted (or
    /// missing) is `NO_ACCESS` everywhere.
    fn project(&self, project: &str) -> (bool, [ProjectLevel; 4]) {
        let mut levels = [ProjectLevel::NoAccess; 4];
        let Some((_, is_admin, listed)) = self.projects.iter().find(|(id, ..)| *id == project)
        else {
            return (false, levels);
        };
        for (mode, level) in *listed {
            levels[Mode::ALL.iter().position(|m| m == mode).unwrap()] = *level;
        }
        (*is_admin, levels)
    }

    fn role(&self) -> CustomRole {
        CustomRole::new(self.id.parse().unwrap(), name(self.id), "")
            .unwrap()
            .define(
                self.clusters.iter().map(|(id, level)| (cid(id), *level)),
                self.projects.iter().map(|(id, is_admin, levels)| {
                    (
                        pid(id),
                        ProjectAccess::new(*is_admin, levels.iter().copied()),
                    )
                }),
            )
            .unwrap()
    }

    /// Whether the check before any lookup lets the role through, for the
    /// ids of [`world`] or missing ones.
    fn allows(&self, needs: ForCustom, exists: bool) -> bool {
        let named = |real: &'static str| if exists { real } else { "missing" };
        match needs {
            ForCustom::Never => false,
            ForCustom::Always => true,
            ForCustom::ClusterAdmin => self.cluster(named("c1")) == ClusterLevel::Admin,
            ForCustom::InProject(row) => {
                let (is_admin, levels) = self.project(named("p1"));
                design_rows_in_some_mode(is_admin, levels).contains(row)
            }
            ForCustom::Placement => {
                let (is_admin, levels) = self.project(named("p1"));
                let manages = is_admin || levels.contains(&ProjectLevel::Manager);
                let creates = self
                    .clusters
                    .iter()
                    .any(|(_, level)| *level >= ClusterLevel::EnvCreator);
                manages && creates
            }
        }
    }
}

/// The weakest thing any success of a command needs.
#[derive(Clone, Copy)]
enum Needs {
    /// A row of the table.
    Row(Permission),
    /// A capability beyond the table.
    Capability(Capability),
    /// Being the owner.
    Owner,
    /// Being a member.
    Membership,
}

impl Needs {
    fn held_by(self, role: Role) -> bool {
        match self {
            Needs::Row(row) => role.can(row),
            Needs::Capability(capability) => role.has(capability),
            Needs::Owner => role == Role::Owner,
            Needs::Membership => true,
        }
    }

    /// How the README's table names it.
    fn label(self) -> String {
        match self {
            Needs::Row(row) => row.label().unwrap().to_string(),
            Needs::Capability(capability) => format!(
                "{} ({})",
                capability.label().unwrap(),
                RoleSet::holding(Permission::empty(), capability)
                    .roles()
                    .map(|role| role.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Needs::Owner => "the owner only".into(),
            Needs::Membership => "membership".into(),
        }
    }
}

fn ok<T, E: Into<Error>>(result: Result<T, E>) -> Result<(), Error> {
    result.map(drop).map_err(Into::into)
}

/// An id that exists in [`world`], or one that does not.
fn pick<T: std::str::FromStr>(exists: bool, real: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    if exists { real } else { "missing" }.parse().unwrap()
}

/// The API tokens of [`world`] that never expire, each with the member who
/// holds the same role (its twin): one per built-in role but Owner, one
/// per custom role (`t1`, holding `nobody`, is also the target of the
/// token commands).
const TOKENS: [(&str, &str); 8] = [
    ("t-admin", "admin"),
    ("t-ops", "ops"),
    ("t-dev", "dev"),
    ("t-viewer", "viewer"),
    ("t-billing", "billing"),
    ("t-padmin", "padmin"),
    ("t-oncall", "oncall"),
    ("t1", "nobody"),
];

/// An Admin token of [`world`] that expired at [`NOW`], when every command
/// of the table runs.
const EXPIRED: &str = "t-old";

/// A token id no world holds.
const UNKNOWN: &str = "t-none";

/// "Acme" with clusters c1 and c2, project p1 with rule r1 and a
/// development environment e1, project p2, a cloud account, a pending
/// invitation, a member of each built-in role (`ops` DevOps, `billing`
/// Billing Manager), the holders of the custom roles of [`CUSTOM`], the
/// API tokens of [`TOKENS`], and [`EXPIRED`].
fn world() -> Organization {
    let mut parts = living_world().into_parts();
    parts.tokens.push(ApiToken {
        expires_at: Some(NOW),
        ..token(EXPIRED, Role::Admin.into())
    });
    Organization::from_parts(parts).unwrap()
}

/// [`world`] without [`EXPIRED`]: its id is then unknown.
fn world_without_expired() -> Organization {
    let mut org = world();
    let _ = org
        .delete_api_token(&uid("owner"), NOW, &EXPIRED.parse().unwrap())
        .unwrap();
    org
}

/// [`world`] but [`EXPIRED`] (which no command could create: it expired
/// when it would have been created).
fn living_world() -> Organization {
    let mut org = acme_with_rule_and_environment(Mode::Development);
    let owner = uid("owner");
    for (user, role) in [("ops", Role::DevOps), ("billing", Role::BillingManager)] {
        let address = email(&format!("{user}@acme.dev"));
        let _ = org
            .invite(&owner, NOW, address.clone(), role, NOW.plus_seconds(DAY))
            .unwrap();
        let _ = org.accept_invitation(&uid(user), NOW, &address).unwrap();
    }
    let _ = org.add_cloud_account(&owner, NOW, account("a1")).unwrap();
    let _ = org
        .invite(
            &owner,
            NOW,
            email("eve@acme.dev"),
            Role::Viewer,
            NOW.plus_seconds(DAY),
        )
        .unwrap();
    let _ = org
        .add_project(&owner, NOW, pid("p2"), name("Blog"))
        .unwrap();
    for def in &CUSTOM {
        let id: CustomRoleId = def.id.parse().unwrap();
        let _ = org
            .create_custom_role(&owner, NOW, id.clone(), name(def.id), String::new())
            .unwrap();
        let _ = org.update_custom_role(&owner, NOW, def.role()).unwrap();
        let address = email(&format!("{}@acme.dev", def.holder));
        let _ = org
            .invite(
                &owner,
                NOW,
                address.clone(),
                RoleRef::Custom(id),
                NOW.plus_seconds(DAY),
            )
            .unwrap();
        let _ = org
            .accept_invitation(&uid(def.holder), NOW, &address)
            .unwrap();
    }
    for (id, twin) in TOKENS {
        let role = org.role_of(&uid(twin)).unwrap().clone();
        let _ = org.create_api_token(&owner, NOW, token(id, role)).unwrap();
    }
    org
}

/// A token that never expires.
fn token(id: &str, role: RoleRef) -> ApiToken {
    ApiToken {
        id: id.parse().unwrap(),
        name: name(id),
        description: String::new(),
        role,
        expires_at: None,
    }
}

/// Every command with the weakest permission any of its successes needs
/// (`None`: only the owner may run it), and a run against existing ids or not.
fn commands() -> Vec<(&'static str, Needs, ForCustom, Run)> {
    use Permission as P;
    const CLUSTERS: Needs = Needs::Capability(Capability::MANAGE_CLUSTERS);
    vec![
        (
            "rename",
            Needs::Row(P::EDIT_ORGANIZATION),
            ForCustom::Never,
            |o, u, _| ok(o.rename(u, NOW, name("New"))),
        ),
        (
            "set_description",
            Needs::Row(P::EDIT_ORGANIZATION),
            ForCustom::Never,
            |o, u, _| ok(o.set_description(u, NOW, Some("d".into()))),
        ),
        (
            "change_plan",
            Needs::Row(P::MANAGE_BILLING),
            ForCustom::Never,
            |o, u, _| ok(o.change_plan(u, NOW, Plan::Enterprise)),
        ),
        (
            "confirm_deletion",
            Needs::Row(P::DELETE_ORGANIZATION),
            ForCustom::Never,
            |o, a, x| {
                let typed = if x { "Acme" } else { "missing" };
                match a {
                    Actor::User(u) => ok(o.confirm_deletion(u, typed)),
                    Actor::ApiToken(_) => panic!("{USERS_ONLY} takes a user"),
                }
            },
        ),
        (
            "invite",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| {
                let address = if x { "dev@acme.dev" } else { "new@acme.dev" };
                ok(o.invite(u, NOW, email(address), Role::Viewer, NOW.plus_seconds(DAY)))
            },
        ),
        (
            "revoke_invitation",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| {
                ok(o.revoke_invitation(
                    u,
                    NOW,
                    &email(if x {
                        "eve@acme.dev"
                    } else {
                        "missing@acme.dev"
                    }),
                ))
            },
        ),
        (
            "change_role",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| ok(o.change_role(u, NOW, &pick(x, "viewer"), Role::Developer)),
        ),
        (
            "remove_member",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| ok(o.remove_member(u, NOW, &pick(x, "viewer"))),
        ),
        (
            "transfer_ownership",
            Needs::Owner,
            ForCustom::Never,
            |o, a, x| {
                let to = pick(x, "admin");
                match a {
                    Actor::User(u) => ok(o.transfer_ownership(u, NOW, &to)),
                    token => ok(o.execute(token, NOW, None, Command::TransferOwnership { to })),
                }
            },
        ),
        (
            "add_cloud_account",
            CLUSTERS,
            ForCustom::Never,
            |o, u, x| {
                let id = if x { "a1" } else { "a2" }.parse().unwrap();
                ok(o.add_cloud_account(
                    u,
                    NOW,
                    CloudAccount {
                        id,
                        name: name("gcp"),
                        cloud_provider: CloudProvider::Gcp,
                    },
                ))
            },
        ),
        (
            "remove_cloud_account",
            CLUSTERS,
            ForCustom::Never,
            |o, u, x| ok(o.remove_cloud_account(u, NOW, &pick(x, "a1"))),
        ),
        ("add_cluster", CLUSTERS, ForCustom::Never, |o, u, x| {
            ok(o.add_cluster(u, NOW, cluster(if x { "c1" } else { "c9" })))
        }),
        (
            "stop_cluster",
            CLUSTERS,
            ForCustom::ClusterAdmin,
            |o, u, x| ok(o.stop_cluster(u, NOW, &pick(x, "c1"))),
        ),
        (
            "start_cluster",
            CLUSTERS,
            ForCustom::ClusterAdmin,
            |o, u, x| ok(o.start_cluster(u, NOW, &pick(x, "c1"))),
        ),
        (
            "update_cluster",
            CLUSTERS,
            ForCustom::ClusterAdmin,
            |o, u, x| {
                ok(o.update_cluster(
                    u,
                    NOW,
                    &pick(x, "c1"),
                    ClusterSettings {
                        name: name("c2"),
                        region: "eu".into(),
                    },
                ))
            },
        ),
        ("delete_cluster", CLUSTERS, ForCustom::Never, |o, u, x| {
            ok(o.delete_cluster(u, NOW, &pick(x, "c2")))
        }),
        (
            "add_project",
            Needs::Row(P::EDIT_PROJECT),
            ForCustom::Never,
            |o, u, x| ok(o.add_project(u, NOW, pick(x, "p1"), name("Other"))),
        ),
        (
            "delete_project",
            Needs::Row(P::DELETE_PROJECT),
            ForCustom::InProject(P::DELETE_PROJECT),
            |o, u, x| ok(o.delete_project(u, NOW, &pick(x, "p1"))),
        ),
        (
            "add_rule",
            Needs::Row(P::EDIT_PROJECT),
            ForCustom::InProject(P::EDIT_PROJECT),
            |o, u, x| {
                ok(o.add_rule(
                    u,
                    NOW,
                    &pick(x, "p1"),
                    rule("r2", "*", Mode::Staging, if x { "c1" } else { "c9" }, 0),
                ))
            },
        ),
        (
            "remove_rule",
            Needs::Row(P::EDIT_PROJECT),
            ForCustom::InProject(P::EDIT_PROJECT),
            |o, u, x| ok(o.remove_rule(u, NOW, &pick(x, "p1"), &pick(x, "r1"))),
        ),
        (
            "reorder_rules",
            Needs::Row(P::EDIT_PROJECT),
            ForCustom::InProject(P::EDIT_PROJECT),
            |o, u, x| ok(o.reorder_rules(u, NOW, &pick(x, "p1"), &[pick(x, "r1")])),
        ),
        (
            "create_environment",
            Needs::Row(P::EDIT_DEVELOPMENT_ENVIRONMENT),
            ForCustom::Placement,
            |o, u, x| {
                let request = CreateEnvironmentRequest::new("feature").on_cluster(pick(x, "c1"));
                ok(o.create_environment(u, NOW, &pick(x, "p1"), eid("e2"), &request))
            },
        ),
        (
            "delete_environment",
            Needs::Row(P::DELETE_DEVELOPMENT_ENVIRONMENT),
            ForCustom::InProject(P::DELETE_DEVELOPMENT_ENVIRONMENT),
            |o, u, x| ok(o.delete_environment(u, NOW, &pick(x, "p1"), &pick(x, "e1"))),
        ),
        (
            "leave",
            Needs::Membership,
            ForCustom::Always,
            |o, a, _| match a {
                Actor::User(u) => ok(o.leave(u, NOW)),
                token => ok(o.execute(token, NOW, None, Command::Leave)),
            },
        ),
        (
            "create_custom_role",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| {
                let id = if x { "on-call" } else { "new-role" };
                ok(o.create_custom_role(
                    u,
                    NOW,
                    id.parse().unwrap(),
                    name("Support"),
                    String::new(),
                ))
            },
        ),
        (
            "update_custom_role",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| {
                let role = CustomRole::new(pick(x, "on-call"), name("On call"), "")
                    .unwrap()
                    .define([(cid("c2"), ClusterLevel::Admin)], [])
                    .unwrap();
                ok(o.update_custom_role(u, NOW, role))
            },
        ),
        (
            "delete_custom_role",
            Needs::Row(P::INVITE_MEMBERS),
            ForCustom::Never,
            |o, u, x| ok(o.delete_custom_role(u, NOW, &pick(x, "nobody"))),
        ),
        (
            "create_api_token",
            Needs::Capability(Capability::MANAGE_API_TOKENS),
            ForCustom::Never,
            |o, u, x| {
                let id = if x { "t1" } else { "t-new" };
                ok(o.create_api_token(u, NOW, token(id, Role::Viewer.into())))
            },
        ),
        (
            "delete_api_token",
            Needs::Capability(Capability::MANAGE_API_TOKENS),
            ForCustom::Never,
            |o, u, x| ok(o.delete_api_token(u, NOW, &pick(x, "t1"))),
        ),
    ]
}

/// The one command no token can be passed to (a user confirms the
/// deletion of an organization; no token, never Owner, could).
const USERS_ONLY: &str = "confirm_deletion";

/// The commands only a user runs: a valid token is refused as not a user.
const A_USERS_OWN: [&str; 2] = ["leave", "transfer_ownership"];

/// The refusal every command starts with, inside any command's error.
fn access(error: &Error) -> Option<&AccessError> {
    match error {
        Error::Access(access)
        | Error::Settings(SettingsError::Access(access))
        | Error::Member(MemberError::Access(access))
        | Error::Cluster(ClusterError::Access(access))
        | Error::Project(ProjectError::Access(access))
        | Error::CustomRole(CustomRoleError::Access(access))
        | Error::ApiToken(ApiTokenError::Access(access)) => Some(access),
        _ => None,
    }
}

/// An outcome with the actor left out: a denial's kind and denial, or
/// the whole of any other error.
fn without_actor(outcome: &Result<(), Error>) -> Result<(), String> {
    outcome
        .as_ref()
        .map(|_| ())
        .map_err(|error| match access(error) {
            Some(AccessError::Denied { denial, .. }) => format!("denied: {denial:?}"),
            Some(other) => other.kind().to_owned(),
            None => format!("{error:?}"),
        })
}

/// Runs `run` as `actor` on a fresh `world`, against existing ids and
/// missing ones; a refusal must change nothing.
fn outcomes(
    world: fn() -> Organization,
    run: Run,
    actor: Actor<'_>,
) -> [(Result<(), Error>, Organization); 2] {
    [true, false].map(|exists| {
        let mut org = world();
        let outcome = refused_or_done(&mut org, |o| run(o, actor, exists));
        (outcome, org)
    })
}

#[test]
fn a_token_without_the_permission_learns_nothing_about_ids() {
    let mut cases = 0;
    for (command, permission, for_custom, run) in commands() {
        if command == USERS_ONLY {
            continue;
        }
        for (token, twin) in TOKENS {
            let token: ApiTokenId = token.parse().unwrap();
            let role = world().token(&token).unwrap().role.clone();
            let custom = Def::held_by(&uid(twin));
            let allowed = |exists: bool| match custom {
                _ if A_USERS_OWN.contains(&command) => false,
                Some(def) => def.allows(for_custom, exists),
                None => permission.held_by(role.built_in().unwrap()),
            };
            let outcomes = outcomes(world, run, Actor::ApiToken(&token));
            for ((outcome, _), exists) in outcomes.iter().zip([true, false]) {
                cases += 1;
                let case = format!("{command} by {token} ({role}, ids exist: {exists})");
                if allowed(exists) {
                    if let Err(error) = outcome {
                        assert_ne!(
                            error.category(),
                            ErrorCategory::Forbidden,
                            "{case}: {error}"
                        );
                    }
                    continue;
                }
                let error = outcome.as_ref().expect_err(&case);
                let expected = if A_USERS_OWN.contains(&command) {
                    "not_a_user"
                } else {
                    "denied"
                };
                assert_eq!(error.kind(), expected, "{case}: {error}");
                assert_eq!(error.category().http_status(), 403);
            }
            if !allowed(true) && !allowed(false) {
                assert_eq!(
                    outcomes[0].0, outcomes[1].0,
                    "{command} by {token}: the ids must not change the refusal"
                );
            }
        }
    }
    assert_eq!(cases, 28 * TOKENS.len() * 2);
}

#[test]
fn a_valid_token_runs_every_command_as_a_member_holding_its_role() {
    let mut cases = 0;
    for (command, _, _, run) in commands() {
        if command == USERS_ONLY || A_USERS_OWN.contains(&command) {
            continue;
        }
        for (token, twin) in TOKENS {
            let (token, twin) = (token.parse::<ApiTokenId>().unwrap(), uid(twin));
            let by_token = outcomes(world, run, Actor::ApiToken(&token));
            let by_member = outcomes(world, run, Actor::User(&twin));
            for ((token_outcome, token_org), (member_outcome, member_org)) in
                by_token.iter().zip(&by_member)
            {
                cases += 1;
                assert_eq!(
                    without_actor(token_outcome),
                    without_actor(member_outcome),
                    "{command} by {token} and by {twin}"
                );
                assert_eq!(token_org, member_org, "{command} by {token} and by {twin}");
            }
        }
    }
    assert_eq!(cases, 26 * TOKENS.len() * 2);
}

#[test]
fn an_expired_token_a_deleted_one_and_an_unknown_one_are_refused_alike() {
    let (expired, unknown): (ApiTokenId, ApiTokenId) =
        (EXPIRED.parse().unwrap(), UNKNOWN.parse().unwrap());
    assert!(world().token(&expired).is_some_and(|t| t.is_expired(NOW)));
    let mut cases = 0;
    for (command, _, _, run) in commands() {
        if command == USERS_ONLY {
            continue;
        }
        let by_expired = outcomes(world, run, Actor::ApiToken(&expired));
        let by_deleted = outcomes(world_without_expired, run, Actor::ApiToken(&expired));
        let by_unknown = outcomes(world, run, Actor::ApiToken(&unknown));
        for (((expired_outcome, _), (deleted_outcome, _)), (unknown_outcome, _)) in
            by_expired.iter().zip(&by_deleted).zip(&by_unknown)
        {
            cases += 1;
            let error = expired_outcome.as_ref().expect_err(command);
            let refusal = AccessError::NoValidToken {
                token: expired.clone(),
            };
            assert_eq!(access(error), Some(&refusal), "{command}");
            assert_eq!(error.kind(), "no_valid_token", "{command}");
            assert_eq!(error.category().http_status(), 403, "{command}");
            assert_eq!(
                expired_outcome, deleted_outcome,
                "{command}: expired, deleted"
            );
            let error = unknown_outcome.as_ref().expect_err(command);
            let refusal = AccessError::NoValidToken {
                token: unknown.clone(),
            };
            assert_eq!(access(error), Some(&refusal), "{command}");
        }
        // Nor do the ids change anything.
        assert_eq!(by_expired[0].0, by_expired[1].0, "{command}");
    }
    assert_eq!(cases, 28 * 2);
}

#[test]
fn a_caller_without_the_permission_learns_nothing_about_ids() {
    let mut cases = 0;
    for (command, permission, for_custom, run) in commands() {
        for actor in [
            "owner", "admin", "ops", "dev", "viewer", "billing", "stranger", "padmin", "oncall",
            "nobody",
        ] {
            let actor = uid(actor);
            let held = world().role_of(&actor).cloned();
            let custom = Def::held_by(&actor);
            assert_eq!(
                custom.is_some(),
                held.as_ref().is_some_and(|role| role.custom().is_some()),
                "{actor}"
            );
            let outcomes: Vec<Result<(), Error>> = [true, false]
                .into_iter()
                .map(|exists| {
                    let mut org = world();
                    refused_or_done(&mut org, |o| run(o, Actor::User(&actor), exists))
                })
                .collect();
            // Whether the check before any lookup lets the actor through,
            // against existing ids and against missing ones.
            let allowed = |exists: bool| match (&held, custom) {
                (None, _) => false,
                (Some(_), Some(def)) => def.allows(for_custom, exists),
                (Some(role), None) => permission.held_by(role.built_in().unwrap()),
            };
            for (outcome, exists) in outcomes.iter().zip([true, false]) {
                cases += 1;
                if allowed(exists) {
                    if let Err(error) = outcome {
                        assert_ne!(
                            error.category(),
                            ErrorCategory::Forbidden,
                            "{command} by {actor} (ids exist: {exists}): {error}"
                        );
                    }
                    continue;
                }
                let expected = match (&held, permission, custom) {
                    (None, _, _) => "not_a_member",
                    (Some(_), Needs::Owner, _) => "not_the_owner",
                    (Some(_), _, _) => "denied",
                };
                let error = outcome
                    .as_ref()
                    .expect_err(&format!("{command} by {actor} (ids exist: {exists})"));
                assert_eq!(
                    error.kind(),
                    expected,
                    "{command} by {actor} (ids exist: {exists}): {error}"
                );
                assert_eq!(error.category().http_status(), 403);
            }
            if !allowed(true) && !allowed(false) {
                assert_eq!(
                    outcomes[0], outcomes[1],
                    "{command} by {actor}: the ids must not change the refusal"
                );
            }
        }
    }
    assert_eq!(cases, 29 * 10 * 2);
}

/// Under a custom role, a project or cluster the role does not list counts
/// at the lowest level: an id that does not exist and one the role cannot
/// use are refused alike, with the same error.
#[test]
fn under_a_custom_role_a_missing_id_and_an_unusable_one_are_refused_alike() {
    type Named = fn(&mut Organization, &UserId, &str) -> Result<(), Error>;
    let runs: [(&str, &str, Named); 8] = [
        ("stop_cluster", "c2", |o, u, id| {
            ok(o.stop_cluster(u, NOW, &cid(id)))
        }),
        ("start_cluster", "c2", |o, u, id| {
            ok(o.start_cluster(u, NOW, &cid(id)))
        }),
        ("update_cluster", "c2", |o, u, id| {
            let settings = ClusterSettings {
                name: name("renamed"),
                region: "eu".into(),
            };
            ok(o.update_cluster(u, NOW, &cid(id), settings))
        }),
        ("delete_project", "p2", |o, u, id| {
            ok(o.delete_project(u, NOW, &pid(id)))
        }),
        ("add_rule", "p2", |o, u, id| {
            ok(o.add_rule(u, NOW, &pid(id), rule("r2", "*", Mode::Staging, "c1", 0)))
        }),
        ("remove_rule", "p2", |o, u, id| {
            ok(o.remove_rule(u, NOW, &pid(id), &rid("r1")))
        }),
        ("create_environment", "p2", |o, u, id| {
            let request = CreateEnvironmentRequest::new("feature");
            ok(o.create_environment(u, NOW, &pid(id), eid("e2"), &request))
        }),
        ("delete_environment", "p2", |o, u, id| {
            ok(o.delete_environment(u, NOW, &pid(id), &eid("e1")))
        }),
    ];
    for def in &CUSTOM {
        let actor = uid(def.holder);
        for (command, unusable, run) in runs {
            let mut org = world();
            let unusable_error = refused(&mut org, |o| run(o, &actor, unusable));
            let missing_error = refused(&mut org, |o| run(o, &actor, "missing"));
            assert_eq!(unusable_error.kind(), "denied", "{command} by {actor}");
            assert_eq!(
                unusable_error, missing_error,
                "{command} by {actor}: a missing id and an unusable one"
            );
        }
    }
}

/// A cluster admin (`ADMIN` on a cluster) may stop, start and update that
/// cluster, and nothing else of the clusters.
#[test]
fn a_cluster_admin_stops_starts_and_updates_that_cluster_only() {
    let oncall = uid("oncall");
    let mut org = world();
    assert!(
        org.stop_cluster(&oncall, NOW, &cid("c1"))
            .unwrap()
            .is_some()
    );
    assert!(
        org.start_cluster(&oncall, NOW, &cid("c1"))
            .unwrap()
            .is_some()
    );
    let settings = ClusterSettings {
        name: name("main"),
        region: "eu".into(),
    };
    assert!(
        org.update_cluster(&oncall, NOW, &cid("c1"), settings)
            .unwrap()
            .is_some()
    );
    for error in [
        ok(refused(&mut org, |o| o.stop_cluster(&oncall, NOW, &cid("c2"))).into_err()),
        ok(refused(&mut org, |o| o.delete_cluster(&oncall, NOW, &cid("c1"))).into_err()),
        ok(refused(&mut org, |o| o.add_cluster(&oncall, NOW, cluster("c3"))).into_err()),
        ok(refused(&mut org, |o| {
            o.add_cloud_account(&oncall, NOW, account("a2"))
        })
        .into_err()),
    ] {
        assert_eq!(error.unwrap_err().kind(), "denied");
    }
}

trait IntoErr {
    fn into_err(self) -> Result<(), Error>;
}

impl<E: Into<Error>> IntoErr for E {
    fn into_err(self) -> Result<(), Error> {
        Err(self.into())
    }
}

/// Runs a command; a refusal must leave the organization as it was.
#[track_caller]
fn refused_or_done(
    org: &mut Organization,
    command: impl FnOnce(&mut Organization) -> Result<(), Error>,
) -> Result<(), Error> {
    let before = org.clone();
    let outcome = command(org);
    if outcome.is_err() {
        assert_eq!(*org, before, "a refused command changed the organization");
    }
    outcome
}

#[test]
fn a_caller_with_the_permission_meets_not_found_before_invalid_and_conflict() {
    let owner = uid("owner");
    let mut org = world();
    // Not found wins over an invalid or conflicting argument.
    let error = refused(&mut org, |o| {
        o.change_role(&owner, NOW, &uid("ghost"), Role::Owner)
    });
    assert_eq!(error, MemberError::NoSuchMember { user: uid("ghost") });
    let error = refused(&mut org, |o| {
        o.add_rule(
            &owner,
            NOW,
            &pid("missing"),
            rule("r1", "*", Mode::Staging, "c9", 0),
        )
    });
    assert_eq!(
        error,
        ProjectError::NoSuchProject {
            project: pid("missing")
        }
    );
    // Invalid wins over conflict.
    let error = refused(&mut org, |o| {
        o.add_rule(
            &owner,
            NOW,
            &pid("p1"),
            rule("r1", "*", Mode::Staging, "c9", 0),
        )
    });
    assert_eq!(
        error,
        ProjectError::RuleTargetsUnknownCluster {
            rule: rid("r1"),
            cluster: cid("c9")
        }
    );
    let error = refused(&mut org, |o| {
        o.change_role(&owner, NOW, &owner, Role::Owner)
    });
    assert_eq!(error, MemberError::OwnerOnlyByTransfer);
    let error = refused(&mut org, |o| {
        o.invite(
            &owner,
            NOW,
            email("dev@acme.dev"),
            Role::Owner,
            NOW.plus_seconds(DAY),
        )
    });
    assert_eq!(error, MemberError::OwnerOnlyByTransfer);
}

#[test]
fn create_environment_checks_the_weaker_row_first_and_the_resolved_row_last() {
    let mut org = world();
    // A Viewer learns nothing of clusters: the same denial for a known and an unknown one.
    for cluster in ["c1", "c9"] {
        let request = CreateEnvironmentRequest::new("x").on_cluster(cid(cluster));
        let error = refused(&mut org, |o| {
            o.create_environment(&uid("viewer"), NOW, &pid("p1"), eid("e9"), &request)
        });
        assert_eq!(
            denial(&error).missing,
            Permission::EDIT_DEVELOPMENT_ENVIRONMENT
        );
    }
    // A Developer may place, and is refused by the resolved mode's row.
    let error = refused(&mut org, |o| {
        o.create_environment(
            &uid("dev"),
            NOW,
            &pid("p1"),
            eid("e9"),
            &CreateEnvironmentRequest::new("prod-eu"),
        )
    });
    assert_eq!(
        denial(&error).missing,
        Permission::EDIT_PRODUCTION_ENVIRONMENT
    );
    // Placement errors come before the resolved row.
    let request = CreateEnvironmentRequest::new("prod-eu").on_cluster(cid("c9"));
    let error = refused(&mut org, |o| {
        o.create_environment(&uid("dev"), NOW, &pid("p1"), eid("e9"), &request)
    });
    assert_eq!(
        error,
        ProjectError::Placement(PlacementError::UnknownCluster { cluster: cid("c9") })
    );
}

#[test]
fn the_public_types_are_send_and_sync() {
    fn both<T: Send + Sync>() {}
    both::<Organization>();
    both::<OrganizationParts>();
    both::<Project>();
    both::<DeploymentRules>();
    both::<Wildcard>();
    both::<Placement<'static>>();
    both::<Decision>();
    both::<Error>();
    both::<ValidationError>();
    both::<UserContext>();
    both::<PermissionMatrix>();
}

#[test]
fn the_readme_lists_every_command_with_its_permission() {
    let table = markdown_table(
        include_str!("../README.md"),
        &["command", "permission checked first"],
    );
    let rows: Vec<(&str, &str)> = table
        .rows
        .iter()
        .skip(1)
        .map(|cells| (cells[0].trim_matches('`'), cells[1].as_str()))
        .collect();
    let commands = commands();
    assert_eq!(rows.len(), commands.len());
    for ((command, permission, custom, _), (listed, label)) in commands.iter().zip(&rows) {
        assert_eq!(command, listed);
        let expected = match custom {
            // The one way a custom role reaches a command beyond its rows.
            ForCustom::ClusterAdmin => format!(
                "{}, or a custom role at `ADMIN` on the cluster",
                permission.label()
            ),
            _ => permission.label(),
        };
        assert_eq!(*label, expected, "{command}");
    }
}
