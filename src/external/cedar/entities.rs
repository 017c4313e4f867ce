//! An organization's Cedar entities, part by part.

use alloc::string::String;
use core::fmt::{self, Write};

use super::grants::{Key, Kind, custom_role, grants, uid};
use super::group;
use crate::environment::Environment;
use crate::external::parts::{Found, Items};
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

/// An entity's uid: its type, its id and a suffix of its id (`#ADMIN`).
pub(super) struct Uid<'a>(&'static str, &'a str, &'static str);

impl Uid<'_> {
    pub(super) fn write(&self, out: &mut dyn Write) -> fmt::Result {
        uid(out, self.0, self.1, self.2)
    }
}

/// Writes an entity's `attrs` and `parents` (what follows its uid).
pub(super) type Rest<'e> = &'e dyn Fn(&mut dyn Write) -> fmt::Result;

/// Called with each entity.
pub(super) type Each<'f> = &'f mut dyn FnMut(Uid<'_>, Rest<'_>) -> fmt::Result;

/// Writes a whole entity.
pub(super) fn entity(out: &mut dyn Write, uid: &Uid<'_>, rest: Rest<'_>) -> fmt::Result {
    out.write_str("{\"uid\":")?;
    uid.write(out)?;
    out.write_char(',')?;
    rest(out)?;
    out.write_char('}')
}

/// The group of a role's holders, or the custom role.
fn holder(out: &mut dyn Write, org: &Organization, role: &RoleRef) -> fmt::Result {
    match role {
        RoleRef::BuiltIn(role) => uid(out, "Group", org.id().as_str(), suffix(*role)),
        RoleRef::Custom(role) => uid(out, "CustomRole", role.as_str(), ""),
    }
}

/// A user's or a token's rest: the group of its role (a token with its
/// expiry).
fn principal(
    out: &mut dyn Write,
    org: &Organization,
    role: &RoleRef,
    expires_at: Option<Timestamp>,
) -> fmt::Result {
    out.write_str("\"attrs\":{")?;
    if let Some(expires_at) = expires_at {
        write!(out, "\"expires_at\":{}", expires_at.unix_seconds())?;
    }
    out.write_str("},\"parents\":[")?;
    holder(out, org, role)?;
    out.write_char(']')
}

/// The role groups (one per role; they do not nest, since roles form no
/// chain) and the organization, naming its groups and its grants.
fn organization(org: &Organization, f: Each<'_>) -> fmt::Result {
    let id = org.id().as_str();
    for role in Role::ALL {
        f(Uid("Group", id, suffix(role)), &|out| {
            out.write_str("\"attrs\":{},\"parents\":[]")
        })?;
    }
    f(Uid("Organization", id, ""), &|out| {
        out.write_str("\"attrs\":{")?;
        for role in Role::ALL {
            write!(out, "\"{}\":{{\"__entity\":", group(role))?;
            uid(out, "Group", id, suffix(role))?;
            out.write_str("},")?;
        }
        grants(out, Kind::Organization, Key::of("organization", id))?;
        out.write_str("},\"parents\":[]")
    })
}

/// A resource's rest: its `organization`, then `attrs`.
fn resource(
    out: &mut dyn Write,
    org: &Organization,
    attrs: &dyn Fn(&mut dyn Write) -> fmt::Result,
) -> fmt::Result {
    out.write_str("\"attrs\":{\"organization\":{\"__entity\":")?;
    uid(out, "Organization", org.id().as_str(), "")?;
    out.write_str("},")?;
    attrs(out)?;
    out.write_str("},\"parents\":[]")
}

/// An environment's attributes: which row it takes, and its project's
/// grants in its mode.
fn environment(out: &mut dyn Write, project: &Project, environment: &Environment) -> fmt::Result {
    write!(out, "\"production\":{},", environment.mode.is_production())?;
    let key = Key::environments(project.id().as_str(), environment.mode);
    grants(out, Kind::Environment, key)
}

/// Calls `f` with each entity of a part.
pub(super) fn found_entities(org: &Organization, found: Found<'_>, f: Each<'_>) -> fmt::Result {
    match found {
        Found::Organization => organization(org, f),
        Found::Member(each) => f(Uid("User", each.id.as_str(), ""), &|out| {
            principal(out, org, &each.role, None)
        }),
        Found::Token(each) => f(Uid("ApiToken", each.id.as_str(), ""), &|out| {
            principal(out, org, &each.role, each.expires_at)
        }),
        Found::CustomRole(role) => f(Uid("CustomRole", role.id().as_str(), ""), &|out| {
            custom_role(org, role, out)
        }),
        Found::Cluster(each) => f(Uid("Cluster", each.id.as_str(), ""), &|out| {
            resource(out, org, &|out| {
                grants(out, Kind::Cluster, Key::of("cluster", each.id.as_str()))
            })
        }),
        Found::Project(each) => f(Uid("Project", each.id().as_str(), ""), &|out| {
            resource(out, org, &|out| {
                grants(out, Kind::Project, Key::of("project", each.id().as_str()))
            })
        }),
        Found::Environment(each, env) => f(Uid("Environment", env.id.as_str(), ""), &|out| {
            resource(out, org, &|out| environment(out, each, env))
        }),
    }
}

/// Adds the entities of a part to `items`, keyed by their `uid`.
pub(crate) fn part_items(org: &Organization, found: Found<'_>, items: &mut Items) {
    // Writing to a `String` cannot fail.
    let _ = found_entities(org, found, &mut |uid, rest| {
        let (mut key, mut value) = (String::new(), String::new());
        uid.write(&mut key)?;
        entity(&mut value, &uid, rest)?;
        items.insert(key, value);
        Ok(())
    });
}
