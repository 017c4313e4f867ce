//! An organization's Cedar entities, part by part.

use alloc::string::String;
use core::fmt::{self, Write};

use super::grants::{Key, Kind, custom_role, grants, uid};
use super::group;
use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::external::updates::{Items, Part};
use crate::id::{ApiTokenId, UserId};
use crate::organization::Organization;
use crate::project::Project;
use crate::role::{Role, RoleRef};
use crate::time::Timestamp;

/// A role's group id suffix: `acme#ADMIN` is the group of acme's admins.
fn suffix(role: Role) -> &'static str {
    match role {
        Role::Owner => "#OWNER",
        Role::Admin => "#ADMIN",
        Role::DevOps => "#DEVOPS",
        Role::Developer => "#DEVELOPER",
        Role::Viewer => "#VIEWER",
        Role::BillingManager => "#BILLING",
    }
}

/// Writes one entity.
type Entity<'e> = &'e dyn Fn(&mut dyn Write) -> fmt::Result;

/// The group of a role's holders, or the custom role.
fn holder(out: &mut dyn Write, org: &Organization, role: &RoleRef) -> fmt::Result {
    match role {
        RoleRef::BuiltIn(role) => uid(out, "Group", org.id().as_str(), suffix(*role)),
        RoleRef::Custom(role) => uid(out, "CustomRole", role.as_str(), ""),
    }
}

/// A user or a token in the group of its role (a token with its expiry).
fn principal(
    out: &mut dyn Write,
    org: &Organization,
    kind: &str,
    id: &str,
    role: &RoleRef,
    expires_at: Option<Timestamp>,
) -> fmt::Result {
    out.write_str("{\"uid\":")?;
    uid(out, kind, id, "")?;
    out.write_str(",\"attrs\":{")?;
    if let Some(expires_at) = expires_at {
        write!(out, "\"expires_at\":{}", expires_at.unix_seconds())?;
    }
    out.write_str("},\"parents\":[")?;
    holder(out, org, role)?;
    out.write_str("]}")
}

fn user(out: &mut dyn Write, org: &Organization, id: &UserId, role: &RoleRef) -> fmt::Result {
    principal(out, org, "User", id.as_str(), role, None)
}

fn token(
    out: &mut dyn Write,
    org: &Organization,
    id: &ApiTokenId,
    role: &RoleRef,
    expires_at: Option<Timestamp>,
) -> fmt::Result {
    principal(out, org, "ApiToken", id.as_str(), role, expires_at)
}

/// The role groups (one per role; they do not nest, since roles form no
/// chain) and the organization, naming its groups and its grants.
fn organization(org: &Organization, f: &mut dyn FnMut(Entity<'_>) -> fmt::Result) -> fmt::Result {
    let id = org.id().as_str();
    for role in Role::ALL {
        f(&|out| {
            out.write_str("{\"uid\":")?;
            uid(out, "Group", id, suffix(role))?;
            out.write_str(",\"attrs\":{},\"parents\":[]}")
        })?;
    }
    f(&|out| {
        out.write_str("{\"uid\":")?;
        uid(out, "Organization", id, "")?;
        out.write_str(",\"attrs\":{")?;
        for role in Role::ALL {
            write!(out, "\"{}\":{{\"__entity\":", group(role))?;
            uid(out, "Group", id, suffix(role))?;
            out.write_str("},")?;
        }
        grants(out, Kind::Organization, Key::of("organization", id))?;
        out.write_str("},\"parents\":[]}")
    })
}

/// A resource of the organization: its uid, its `organization`, then `attrs`.
fn resource(
    out: &mut dyn Write,
    org: &Organization,
    kind: &str,
    id: &str,
    attrs: &dyn Fn(&mut dyn Write) -> fmt::Result,
) -> fmt::Result {
    out.write_str("{\"uid\":")?;
    uid(out, kind, id, "")?;
    out.write_str(",\"attrs\":{\"organization\":{\"__entity\":")?;
    uid(out, "Organization", org.id().as_str(), "")?;
    out.write_str("},")?;
    attrs(out)?;
    out.write_str("},\"parents\":[]}")
}

fn cluster(out: &mut dyn Write, org: &Organization, cluster: &Cluster) -> fmt::Result {
    let id = cluster.id.as_str();
    resource(out, org, "Cluster", id, &|out| {
        grants(out, Kind::Cluster, Key::of("cluster", id))
    })
}

fn project(out: &mut dyn Write, org: &Organization, project: &Project) -> fmt::Result {
    let id = project.id().as_str();
    resource(out, org, "Project", id, &|out| {
        grants(out, Kind::Project, Key::of("project", id))
    })
}

fn environment(
    out: &mut dyn Write,
    org: &Organization,
    project: &Project,
    environment: &Environment,
) -> fmt::Result {
    resource(out, org, "Environment", environment.id.as_str(), &|out| {
        write!(out, "\"production\":{},", environment.mode.is_production())?;
        let key = Key::environments(project.id().as_str(), environment.mode);
        grants(out, Kind::Environment, key)
    })
}

/// Calls `f` with each entity of the organization, in the export's order.
pub(super) fn each_entity(
    org: &Organization,
    f: &mut dyn FnMut(Entity<'_>) -> fmt::Result,
) -> fmt::Result {
    organization(org, f)?;
    for role in org.custom_roles() {
        f(&|out| custom_role(org, role, out))?;
    }
    for member in org.members() {
        f(&|out| user(out, org, &member.id, &member.role))?;
    }
    for each in org.tokens() {
        f(&|out| token(out, org, &each.id, &each.role, each.expires_at))?;
    }
    for each in org.clusters() {
        f(&|out| cluster(out, org, each))?;
    }
    for each in org.projects() {
        f(&|out| project(out, org, each))?;
        for env in each.environments() {
            f(&|out| environment(out, org, each, env))?;
        }
    }
    Ok(())
}

/// Calls `f` with each entity of `part` in `org` (none when it is not there).
fn part_entities(
    org: &Organization,
    part: &Part,
    f: &mut dyn FnMut(Entity<'_>) -> fmt::Result,
) -> fmt::Result {
    match part {
        Part::Organization => organization(org, f),
        Part::Member(id) => match org.member(id) {
            Some(member) => f(&|out| user(out, org, id, &member.role)),
            None => Ok(()),
        },
        Part::Token(id) => match org.token(id) {
            Some(each) => f(&|out| token(out, org, id, &each.role, each.expires_at)),
            None => Ok(()),
        },
        Part::CustomRole(id) => match org.custom_role(id) {
            Some(role) => f(&|out| custom_role(org, role, out)),
            None => Ok(()),
        },
        Part::Cluster(id) => match org.cluster(id) {
            Some(each) => f(&|out| cluster(out, org, each)),
            None => Ok(()),
        },
        Part::Project(id) => match org.project(id) {
            Some(each) => f(&|out| project(out, org, each)),
            None => Ok(()),
        },
        Part::Environment(project_id, id) => {
            match org
                .project(project_id)
                .and_then(|p| Some((p, p.environment(id)?)))
            {
                Some((each, env)) => f(&|out| environment(out, org, each, env)),
                None => Ok(()),
            }
        }
    }
}

/// Adds the entities of `part` to `items`, keyed by their `uid`.
pub(crate) fn part_items(org: &Organization, part: &Part, items: &mut Items) {
    // Writing to a `String` cannot fail.
    let _ = part_entities(org, part, &mut |entity| {
        let mut text = String::new();
        entity(&mut text)?;
        // A JSON string escapes every `"` it holds: the first `,"attrs":`
        // ends the uid.
        let key = text
            .strip_prefix("{\"uid\":")
            .and_then(|rest| rest.split_once(",\"attrs\":"))
            .map_or_else(String::new, |(key, _)| key.into());
        items.insert(key, text);
        Ok(())
    });
}
