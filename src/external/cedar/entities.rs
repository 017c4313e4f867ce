//! An organization's Cedar entities, part by part.

use alloc::string::String;
use core::fmt::{self, Write};

use super::grants::{Key, Kind, custom_role, grants, uid};
use super::group;
use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::external::parts::{Found, Items};
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
pub(super) type Entity<'e> = &'e dyn Fn(&mut dyn Write) -> fmt::Result;

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

/// Calls `f` with each entity of a part.
pub(super) fn found_entities(
    org: &Organization,
    found: Found<'_>,
    f: &mut dyn FnMut(Entity<'_>) -> fmt::Result,
) -> fmt::Result {
    match found {
        Found::Organization => organization(org, f),
        Found::Member(each) => f(&|out| user(out, org, &each.id, &each.role)),
        Found::Token(each) => f(&|out| token(out, org, &each.id, &each.role, each.expires_at)),
        Found::CustomRole(role) => f(&|out| custom_role(org, role, out)),
        Found::Cluster(each) => f(&|out| cluster(out, org, each)),
        Found::Project(each) => f(&|out| project(out, org, each)),
        Found::Environment(each, env) => f(&|out| environment(out, org, each, env)),
    }
}

/// Adds the entities of `part` to `items`, keyed by their `uid`.
pub(crate) fn part_items(org: &Organization, found: Found<'_>, items: &mut Items) {
    // Writing to a `String` cannot fail.
    let _ = found_entities(org, found, &mut |entity| {
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
