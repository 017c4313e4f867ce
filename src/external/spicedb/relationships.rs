//! An organization's relationships, part by part.

use alloc::string::String;
use core::fmt::{self, Write};

use super::SpiceDbError;
use super::id::{Encoded, check};
use super::{Lower, MODE_SUFFIX, permission, relation};
use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::external::cedar::grants::{Kind, each_grant};
use crate::external::updates::{Items, Part};
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

/// Writes the relationships of `part` in `org` (none when it is not there),
/// after checking the ids they name.
fn write_part(out: &mut dyn Write, org: &Organization, part: &Part) -> Result<(), SpiceDbError> {
    check(org.id().as_str(), 0)?;
    match part {
        Part::Organization => {}
        Part::Member(id) => {
            if let Some(found) = org.member(id) {
                check(id.as_str(), 0)?;
                member(out, org, found)?;
            }
        }
        Part::Token(id) => {
            if let Some(found) = org.token(id) {
                check(id.as_str(), 0)?;
                token(out, org, found)?;
            }
        }
        Part::CustomRole(id) => {
            if let Some(found) = org.custom_role(id) {
                check(id.as_str(), 0)?;
                custom_role(out, org, found)?;
            }
        }
        Part::Cluster(id) => {
            if let Some(found) = org.cluster(id) {
                check(id.as_str(), 0)?;
                cluster(out, org, found)?;
            }
        }
        Part::Project(id) => {
            if let Some(found) = org.project(id) {
                check(id.as_str(), MODE_SUFFIX)?;
                project(out, org, found)?;
            }
        }
        Part::Environment(project_id, id) => {
            let found = org
                .project(project_id)
                .and_then(|p| Some((p, p.environment(id)?)));
            if let Some((found_project, found)) = found {
                check(project_id.as_str(), MODE_SUFFIX)?;
                check(id.as_str(), 0)?;
                environment(out, org, found_project, found)?;
            }
        }
    }
    Ok(())
}

/// Adds the relationships of `part` to `items`, keyed by the relationship
/// without its caveat.
pub(crate) fn part_items(
    org: &Organization,
    part: &Part,
    items: &mut Items,
) -> Result<(), SpiceDbError> {
    let mut text = String::new();
    write_part(&mut text, org, part)?;
    for line in text.lines() {
        // Encoded ids hold no `[`: the caveat starts at the first.
        let key = line.split_once('[').map_or(line, |(key, _)| key);
        items.insert(key.into(), line.into());
    }
    Ok(())
}
