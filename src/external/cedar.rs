//! Cedar: one schema and one policy set that decide every organization's
//! checks as [`Organization::check`] does, and an organization's entities.
//!
//! The policies encode the rules, not a dump of answers: each role is a
//! group, the groups of an organization nest (its owners are among its
//! admins, who are among its developers, who are among its viewers), each
//! action is allowed to the least role of its row of the table, and the
//! production/development split reads the environment's `production`
//! attribute. A non-member is in no group and is denied everything; an
//! action is declared only on the kinds of resource it is about.
//!
//! Resources: `Organization::"id"`, `Project::"id"`, `Environment::"id"`
//! (environment ids are unique in an organization); principals
//! `User::"id"`; actions are the [`Action`] names (`EDIT_DATABASE`).

use core::fmt::{self, Write};

use crate::access::{Action, Scope};
use crate::environment::Mode;
use crate::organization::Organization;
use crate::permission::Role;

/// The attribute of an organization naming the group of `role`.
fn group(role: Role) -> &'static str {
    match role {
        Role::Owner => "owners",
        Role::Admin => "admins",
        Role::Developer => "developers",
        Role::Viewer => "viewers",
    }
}

/// The group attribute that holds what `action` needs in `mode`.
fn needed(action: Action, mode: Option<Mode>) -> Result<&'static str, fmt::Error> {
    action
        .permission(mode)
        .least_role()
        .map(group)
        .ok_or(fmt::Error)
}

/// Writes the Cedar schema (the Cedar schema syntax) shared by every
/// organization.
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_schema(out: &mut impl Write) -> fmt::Result {
    out.write_str(
        "entity Group in [Group];\n\
         entity User in [Group];\n\
         entity Organization { owners: Group, admins: Group, developers: Group, viewers: Group };\n\
         entity Project { organization: Organization };\n\
         entity Environment { organization: Organization, production: Bool };\n",
    )?;
    for action in Action::ALL {
        let resources = match action.scope() {
            Scope::Organization => "Organization",
            Scope::Project => "Organization, Project",
            Scope::Environment => "Environment",
        };
        writeln!(
            out,
            "action \"{action}\" appliesTo {{ principal: [User], resource: [{resources}] }};"
        )?;
    }
    Ok(())
}

/// Writes the Cedar policies shared by every organization: one `permit` per
/// action and kind of resource.
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_policies(out: &mut impl Write) -> fmt::Result {
    for action in Action::ALL {
        let head = |out: &mut dyn Write, kind: &str| {
            write!(
                out,
                "permit (principal, action == Action::\"{action}\", resource is {kind})\n  when {{ "
            )
        };
        match action.scope() {
            Scope::Organization | Scope::Project => {
                let group = needed(action, None)?;
                head(out, "Organization")?;
                writeln!(out, "principal in resource.{group} }};")?;
                if action.scope() == Scope::Project {
                    head(out, "Project")?;
                    writeln!(out, "principal in resource.organization.{group} }};")?;
                }
            }
            Scope::Environment => {
                let production = needed(action, Some(Mode::Production))?;
                let development = needed(action, Some(Mode::Development))?;
                head(out, "Environment")?;
                writeln!(
                    out,
                    "if resource.production then principal in resource.organization.{production} \
                     else principal in resource.organization.{development} }};"
                )?;
            }
        }
    }
    Ok(())
}

/// Writes the concatenation of `parts` as one JSON string.
pub(crate) fn json_str(out: &mut dyn Write, parts: &[&str]) -> fmt::Result {
    out.write_char('"')?;
    for c in parts.iter().flat_map(|part| part.chars()) {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            c if c.is_control() => write!(out, "\\u{:04x}", u32::from(c))?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// Writes an entity reference as Cedar's JSON writes it.
fn uid(out: &mut dyn Write, kind: &str, id: &str, suffix: &str) -> fmt::Result {
    write!(out, "{{\"type\":\"{kind}\",\"id\":")?;
    json_str(out, &[id, suffix])?;
    out.write_char('}')
}

/// A role's group id suffix: `acme#ADMIN` is the group of acme's admins.
fn suffix(role: Role) -> &'static str {
    match role {
        Role::Owner => "#OWNER",
        Role::Admin => "#ADMIN",
        Role::Developer => "#DEVELOPER",
        Role::Viewer => "#VIEWER",
    }
}

/// Writes the organization's Cedar entities (JSON): its role groups, its
/// members in the group of their role, the organization, its projects and
/// its environments.
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_entities(org: &Organization, out: &mut impl Write) -> fmt::Result {
    let out: &mut dyn Write = out;
    let id = org.id().as_str();
    out.write_char('[')?;
    // The groups nest: each role's group is inside the next weaker one's.
    for (i, role) in Role::ALL.into_iter().rev().enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        out.write_str("\n{\"uid\":")?;
        uid(out, "Group", id, suffix(role))?;
        out.write_str(",\"attrs\":{},\"parents\":[")?;
        if let Some(weaker) = Role::ALL.into_iter().rev().nth(i + 1) {
            uid(out, "Group", id, suffix(weaker))?;
        }
        out.write_str("]}")?;
    }
    for member in org.members() {
        out.write_str(",\n{\"uid\":")?;
        uid(out, "User", member.id.as_str(), "")?;
        out.write_str(",\"attrs\":{},\"parents\":[")?;
        uid(out, "Group", id, suffix(member.role))?;
        out.write_str("]}")?;
    }
    out.write_str(",\n{\"uid\":")?;
    uid(out, "Organization", id, "")?;
    out.write_str(",\"attrs\":{")?;
    for (i, role) in Role::ALL.into_iter().enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        write!(out, "\"{}\":{{\"__entity\":", group(role))?;
        uid(out, "Group", id, suffix(role))?;
        out.write_char('}')?;
    }
    out.write_str("},\"parents\":[]}")?;
    let organization = |out: &mut dyn Write| -> fmt::Result {
        out.write_str("\"organization\":{\"__entity\":")?;
        uid(out, "Organization", id, "")?;
        out.write_char('}')
    };
    for project in org.projects() {
        out.write_str(",\n{\"uid\":")?;
        uid(out, "Project", project.id().as_str(), "")?;
        out.write_str(",\"attrs\":{")?;
        organization(out)?;
        out.write_str("},\"parents\":[]}")?;
        for environment in project.environments() {
            out.write_str(",\n{\"uid\":")?;
            uid(out, "Environment", environment.id.as_str(), "")?;
            out.write_str(",\"attrs\":{")?;
            organization(out)?;
            write!(
                out,
                ",\"production\":{}}},\"parents\":[]}}",
                environment.mode.is_production()
            )?;
        }
    }
    out.write_str("\n]\n")
}
