//! [`proptest`](mod@proptest) strategies that produce valid values of the crate's types, so
//! that services embedding `orgmodel` can property-test their own code
//! (feature `proptest`).
//!
//! Every value is valid by construction: exactly one owner, unique ids,
//! addresses and names, rules and environments on existing clusters, custom
//! roles over the organization's own clusters and projects, API tokens
//! holding built-in or custom roles (never Owner), some with an expiry;
//! [`now`] picks a moment at which some of them have expired.
//!
//! ```
//! use orgmodel::strategies;
//! use proptest::prelude::*;
//!
//! proptest!(|(org in strategies::organization())| {
//!     prop_assert_eq!(org.members().filter(|m| m.role == orgmodel::Role::Owner).count(), 1);
//! });
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::cluster::{CloudAccount, CloudProvider, Cluster, ClusterState};
use crate::environment::{CreateEnvironmentRequest, Environment, Mode};
use crate::id::{CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId};
use crate::member::{Invitation, Member};
use crate::organization::{Organization, OrganizationParts};
use crate::plan::Plan;
use crate::project::Project;
use crate::role::{CustomRole, Role, RoleRef};

mod custom_roles;
mod tokens;

use self::custom_roles::{CustomRoleShape, custom_role_shape, custom_roles};
pub use self::custom_roles::{cluster_level, project_access, project_level};
pub use self::tokens::now;
use self::tokens::{TokenShape, token_shapes, tokens};
use crate::rules::{DeploymentRule, DeploymentRules, Weekday};
use crate::text::{Email, Name};
use crate::time::Timestamp;

fn id<T: TryFrom<String>>(text: String) -> Option<T> {
    T::try_from(text).ok()
}

/// Any role.
pub fn role() -> impl Strategy<Value = Role> {
    select(&Role::ALL[..])
}

/// A role that can be invited or granted: any built-in role but Owner.
pub fn grantable_role() -> impl Strategy<Value = Role> {
    select(
        &[
            Role::Admin,
            Role::DevOps,
            Role::Developer,
            Role::Viewer,
            Role::BillingManager,
        ][..],
    )
}

/// Any mode.
pub fn mode() -> impl Strategy<Value = Mode> {
    select(&Mode::ALL[..])
}

/// Any plan.
pub fn plan() -> impl Strategy<Value = Plan> {
    select(&Plan::ALL[..])
}

fn provider() -> impl Strategy<Value = CloudProvider> {
    select(
        &[
            CloudProvider::Aws,
            CloudProvider::Gcp,
            CloudProvider::Scw,
            CloudProvider::Azure,
            CloudProvider::OnPremise,
        ][..],
    )
}

/// A wildcard from a small vocabulary that overlaps realistic names.
pub fn wildcard() -> impl Strategy<Value = &'static str> {
    select(
        &[
            "*", "prod*", "PROD-*", "pr-*", "*-eu", "?*", "staging", "feat?re*", "", "[PR]*",
        ][..],
    )
}

/// An environment name that the wildcards of [`wildcard`] sometimes match.
pub fn environment_name() -> impl Strategy<Value = &'static str> {
    select(
        &[
            "prod", "prod-eu", "PROD-us", "pr-42", "feature", "staging", "[PR]-1", "dev-eu", "x",
        ][..],
    )
}

type RuleSpec = (&'static str, Mode, prop::sample::Index, u32, bool);

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    (
        wildcard(),
        mode(),
        any::<prop::sample::Index>(),
        0u32..4,
        any::<bool>(),
    )
}

/// A rule from its spec, on one of `clusters` (none if `clusters` is empty).
fn make_rule(
    id_text: String,
    (wildcard, mode, cluster, priority, auto_stop): RuleSpec,
    clusters: &[ClusterId],
) -> Option<DeploymentRule> {
    let cluster_id = clusters.get(cluster.index(clusters.len().max(1)))?.clone();
    let mut rule = DeploymentRule::new(
        id(id_text.clone())?,
        Name::new(id_text).ok()?,
        wildcard.parse().ok()?,
        mode,
        cluster_id,
        priority,
    );
    if auto_stop {
        rule.auto_stop = true;
        rule.timezone = Some("Europe/Paris".into());
        rule.start_time = Some("1970-01-01T08:00:00.000Z".into());
        rule.stop_time = Some("1970-01-01T19:00:00.000Z".into());
        rule.weekdays = Vec::from([Weekday::Monday, Weekday::Friday]);
    }
    Some(rule)
}

/// Up to five deployment rules on `clusters` (none when `clusters` is
/// empty), with distinct ids, random priorities and sometimes a schedule.
pub fn deployment_rules(clusters: Vec<ClusterId>) -> impl Strategy<Value = DeploymentRules> {
    vec(rule_spec(), 0..6).prop_filter_map("rule ids are distinct by construction", move |specs| {
        let rules = specs
            .into_iter()
            .enumerate()
            .filter_map(|(i, spec)| make_rule(format!("rule-{i}"), spec, &clusters))
            .collect();
        DeploymentRules::new(rules).ok()
    })
}

/// A create-environment request: a name from [`environment_name`] (or a blank
/// one, rarely), an optional mode (possibly the reserved `Preview`) and an
/// optional cluster among `clusters` or an unknown one.
pub fn create_environment_request(
    clusters: Vec<ClusterId>,
) -> impl Strategy<Value = CreateEnvironmentRequest> {
    let name = prop_oneof![9 => environment_name(), 1 => Just("  ")];
    let cluster = prop::option::of((any::<prop::sample::Index>(), any::<bool>()));
    (name, prop::option::of(mode()), cluster).prop_map(move |(name, mode, cluster)| {
        CreateEnvironmentRequest {
            name: name.into(),
            mode,
            cluster: cluster.and_then(|(index, unknown)| {
                match clusters.get(index.index(clusters.len().max(1))) {
                    Some(known) if !unknown => Some(known.clone()),
                    _ => id("no-such-cluster".into()),
                }
            }),
        }
    })
}

type ProjectShape = (
    Vec<(&'static str, Mode, prop::sample::Index, u32, bool)>,
    Vec<(Mode, prop::sample::Index)>,
);

fn project_shape() -> impl Strategy<Value = ProjectShape> {
    (
        vec(
            (
                wildcard(),
                mode(),
                any::<prop::sample::Index>(),
                0u32..4,
                any::<bool>(),
            ),
            0..4,
        ),
        vec((mode(), any::<prop::sample::Index>()), 0..4),
    )
}

/// A role held by a member, an invitation or a token: the built-in one, or (when
/// the index is given and the organization defines custom roles) one of
/// its custom roles.
type Held = (Role, Option<prop::sample::Index>);

fn held_role() -> impl Strategy<Value = Held> {
    (
        grantable_role(),
        prop::option::weighted(0.35, any::<prop::sample::Index>()),
    )
}

/// A valid organization: 1 to 9 members (one of them the owner, at a random
/// place), invitations, cloud accounts when the plan allows them, clusters in
/// some states, projects with rules and environments on those clusters, and
/// up to three custom roles (random levels over those clusters and
/// projects, `is_admin` included) that some members, invitations and API
/// tokens hold, and up to 30 tokens (most often a few), more than half of
/// them with an expiry (see [`now`]).
pub fn organization() -> impl Strategy<Value = Organization> {
    (
        plan(),
        vec(held_role(), 0..8),
        any::<prop::sample::Index>(),
        vec((held_role(), 0u64..2_000_000_000), 0..3),
        0usize..3,
        vec((provider(), any::<bool>()), 0..4),
        vec(project_shape(), 0..3),
        any::<bool>(),
        vec(custom_role_shape(), 0..4),
        token_shapes(held_role),
    )
        .prop_filter_map("ids are valid by construction", build)
}

/// The role `held` names among `roles`.
fn pick(held: Held, roles: &[CustomRole]) -> RoleRef {
    match held {
        (_, Some(at)) if !roles.is_empty() => roles
            .get(at.index(roles.len()))
            .map_or(RoleRef::BuiltIn(held.0), |role| {
                RoleRef::Custom(role.id().clone())
            }),
        (role, _) => RoleRef::BuiltIn(role),
    }
}

/// What [`organization`] draws, in its order.
type Drawn = (
    Plan,
    Vec<Held>,
    prop::sample::Index,
    Vec<(Held, u64)>,
    usize,
    Vec<(CloudProvider, bool)>,
    Vec<ProjectShape>,
    bool,
    Vec<CustomRoleShape>,
    Vec<TokenShape<Held>>,
);

fn build(drawn: Drawn) -> Option<Organization> {
    let (plan, roles, owner_at, invitations, accounts, clusters, projects, shout, custom, minted) =
        drawn;
    let address = |text: String| Email::new(if shout { text.to_uppercase() } else { text });
    let owner_at = owner_at.index(roles.len() + 1);
    let mut members = Vec::with_capacity(roles.len() + 1);
    let mut roles = roles.into_iter();
    // Members are made before the custom roles: their roles are picked below.
    let mut held = Vec::with_capacity(roles.len() + 1);
    for i in 0..=roles.len() {
        held.push(if i == owner_at {
            None
        } else {
            Some(roles.next()?)
        });
        members.push(Member {
            id: id(format!("3f2a6c1e-0000-4000-8000-{i:012}"))?,
            email: address(format!("member{i}@example.com")).ok()?,
            role: Role::Owner.into(),
        });
    }
    let clusters: Vec<Cluster> = clusters
        .into_iter()
        .enumerate()
        .map(|(i, (provider, stopped))| {
            let mut cluster = Cluster::new(
                id(format!("cluster-{i}"))?,
                Name::new(format!("Cluster {i}")).ok()?,
                provider,
                format!("region-{i}"),
            );
            if stopped {
                cluster.state = ClusterState::Stopped;
            }
            Some(cluster)
        })
        .collect::<Option<_>>()?;
    let cluster_ids: Vec<ClusterId> = clusters.iter().map(|c| c.id.clone()).collect();
    let cluster_at = |index: prop::sample::Index| {
        cluster_ids
            .get(index.index(cluster_ids.len().max(1)))
            .cloned()
    };
    let projects = projects
        .into_iter()
        .enumerate()
        .map(|(p, (rules, environments))| {
            let rules = rules
                .into_iter()
                .enumerate()
                .filter_map(|(r, spec)| make_rule(format!("p{p}-rule-{r}"), spec, &cluster_ids))
                .collect();
            let environments = environments
                .into_iter()
                .enumerate()
                .filter_map(|(e, (mode, cluster))| {
                    Some(Environment {
                        id: id::<EnvironmentId>(format!("p{p}-env-{e}"))?,
                        name: Name::new(format!("env-{e}")).ok()?,
                        mode,
                        cluster_id: cluster_at(cluster)?,
                    })
                })
                .collect();
            Project::new(
                id::<ProjectId>(format!("project-{p}"))?,
                Name::new(format!("Project {p}")).ok()?,
                DeploymentRules::new(rules).ok()?,
                environments,
            )
            .ok()
        })
        .collect::<Option<Vec<Project>>>()?;
    let custom_roles = custom_roles(custom, &cluster_ids, &projects)?;
    for (member, held) in members.iter_mut().zip(held) {
        if let Some(held) = held {
            member.role = pick(held, &custom_roles);
        }
    }
    let tokens = tokens(minted, |held| pick(held, &custom_roles))?;
    let cloud_accounts = if plan.allows_cloud_accounts() {
        accounts
    } else {
        0
    };
    Organization::from_parts(OrganizationParts {
        id: id::<OrganizationId>("org-0001".into())?,
        name: Name::new("Example Org").ok()?,
        plan,
        description: shout.then(|| "A generated organization".into()),
        members,
        invitations: invitations
            .into_iter()
            .enumerate()
            .map(|(i, (held, expires))| {
                Some(Invitation {
                    email: address(format!("invitee{i}@example.com")).ok()?,
                    role: pick(held, &custom_roles),
                    expires_at: Timestamp::from_unix_seconds(expires),
                })
            })
            .collect::<Option<_>>()?,
        cloud_accounts: (0..cloud_accounts)
            .map(|i| {
                Some(CloudAccount {
                    id: id::<CloudAccountId>(format!("account-{i}"))?,
                    name: Name::new(format!("Account {i}")).ok()?,
                    cloud_provider: CloudProvider::Aws,
                })
            })
            .collect::<Option<_>>()?,
        clusters,
        projects,
        custom_roles,
        tokens,
        revision: 0,
    })
    .ok()
}
