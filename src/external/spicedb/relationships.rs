//! An organization's relationships, part by part.

use alloc::string::String;
use core::fmt::{self, Write};

use super::SpiceDbError;
use super::id::{Encoded, check};
use super::{Lower, MODE_SUFFIX, permission, relation};
use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::external::cedar::grants::{Kind, each_grant};
use crate::external::parts::{Found, Items};
use crate::member::{ApiToken, Member};
use crate::organization::Organization;
use crate::project::Project;
use crate::role::{CustomRole, RoleRef};

/// The relationship that puts a holder (`user:ID` or `token:ID`) in a role.
fn held(
    out: &mut dyn Write,
    org: &Organization,
    role: &RoleRef,
    subject: fmt::Arguments<'_>,
) -> fmt::Result {
    match role {
        RoleRef::BuiltIn(role) => write!(
            out,
            "organization:{}#{}@{subject}",
            Encoded(org.id().as_str()),
            relation(*role)
        ),
        RoleRef::Custom(role) => write!(
            out,
            "custom_role:{}#member@{subject}",
            Encoded(role.as_str())
        ),
    }
}

pub(super) fn member(out: &mut dyn Write, org: &Organization, member: &Member) -> fmt::Result {
    let user = format_args!("user:{}", Encoded(member.id.as_str()));
    held(out, org, &member.role, user)?;
    out.write_char('\n')
}

pub(super) fn token(out: &mut dyn Write, org: &Organization, token: &ApiToken) -> fmt::Result {
    held(
        out,
        org,
        &token.role,
        format_args!("token:{}", Encoded(token.id.as_str())),
    )?;
    match token.expires_at {
        Some(at) => writeln!(
            out,
            "[not_expired:{{\"expires_at\":{}}}]",
            at.unix_seconds()
        ),
        None => out.write_char('\n'),
    }
}

/// A custom role's grants, as `check` finds them.
pub(super) fn custom_role(
    out: &mut dyn Write,
    org: &Organization,
    role: &CustomRole,
) -> fmt::Result {
    let role_id = Encoded(role.id().as_str());
    each_grant(org, role, &mut |kind, key, action| {
        let action = permission(action);
        let subject = format_args!("custom_role:{role_id}#member");
        match kind {
            Kind::Environment => writeln!(
                out,
                "grants:{}/{}#{action}@{subject}",
                Encoded(key.id),
                Lower(key.mode)
            ),
            _ => writeln!(
                out,
                "{}:{}#granted_{action}@{subject}",
                key.kind,
                Encoded(key.id)
            ),
        }
    })
}

pub(super) fn cluster(out: &mut dyn Write, org: &Organization, cluster: &Cluster) -> fmt::Result {
    let (cluster, id) = (Encoded(cluster.id.as_str()), Encoded(org.id().as_str()));
    writeln!(out, "cluster:{cluster}#organization@organization:{id}")
}

/// A project's place, without its environments.
pub(super) fn project(out: &mut dyn Write, org: &Organization, project: &Project) -> fmt::Result {
    let (project, id) = (Encoded(project.id().as_str()), Encoded(org.id().as_str()));
    writeln!(out, "project:{project}#organization@organization:{id}")
}

pub(super) fn environment(
    out: &mut dyn Write,
    org: &Organization,
    project: &Project,
    environment: &Environment,
) -> fmt::Result {
    let id = Encoded(org.id().as_str());
    let object = Encoded(environment.id.as_str());
    let row = if environment.mode.is_production() {
        "production"
    } else {
        "development"
    };
    writeln!(out, "environment:{object}#organization@organization:{id}")?;
    writeln!(out, "environment:{object}#{row}@organization:{id}")?;
    writeln!(
        out,
        "environment:{object}#grants@grants:{}/{}",
        Encoded(project.id().as_str()),
        Lower(environment.mode.into())
    )
}

/// Refuses the ids of a part that would pass SpiceDB's limit once encoded.
pub(super) fn check_found(org: &Organization, found: Found<'_>) -> Result<(), SpiceDbError> {
    match found {
        Found::Organization => check(org.id().as_str(), 0),
        Found::Member(member) => check(member.id.as_str(), 0),
        Found::Token(token) => check(token.id.as_str(), 0),
        Found::CustomRole(role) => check(role.id().as_str(), 0),
        Found::Cluster(cluster) => check(cluster.id.as_str(), 0),
        Found::Project(project) => check(project.id().as_str(), MODE_SUFFIX),
        // Its grants name its project.
        Found::Environment(project, environment) => {
            check(project.id().as_str(), MODE_SUFFIX)?;
            check(environment.id.as_str(), 0)
        }
    }
}

/// Writes the relationships of a part.
pub(super) fn write_found(
    out: &mut dyn Write,
    org: &Organization,
    found: Found<'_>,
) -> fmt::Result {
    match found {
        Found::Organization => Ok(()),
        Found::Member(each) => member(out, org, each),
        Found::Token(each) => token(out, org, each),
        Found::CustomRole(role) => custom_role(out, org, role),
        Found::Cluster(each) => cluster(out, org, each),
        Found::Project(each) => project(out, org, each),
        Found::Environment(each, env) => environment(out, org, each, env),
    }
}

/// Adds the relationships of a part to `items`, keyed by the relationship
/// without its caveat, after checking the ids they name.
pub(crate) fn part_items(
    org: &Organization,
    found: Found<'_>,
    items: &mut Items,
) -> Result<(), SpiceDbError> {
    check_found(org, Found::Organization)?;
    check_found(org, found)?;
    let mut text = String::new();
    write_found(&mut text, org, found)?;
    for line in text.lines() {
        // Encoded ids hold no `[`: the caveat starts at the first.
        let key = line.split_once('[').map_or(line, |(key, _)| key);
        items.insert(key.into(), line.into());
    }
    Ok(())
}
