//! Cedar: one schema and one policy set that decide every organization's
//! checks as [`Organization::check`] does, and an organization's entities.
//!
//! The policies encode the rules, not a dump of answers: each built-in role
//! is a group of the organization, each action is allowed to the groups of
//! the roles that hold its row of the table, and the production/development
//! split reads the environment's `production` attribute. A non-member is in no group and is denied everything; an
//! action is declared only on the kinds of resource it is about.
//!
//! Resources: `Organization::"id"`, `Project::"id"`, `Environment::"id"`
//! (environment ids are unique in an organization); principals
//! `User::"id"`; actions are the [`Action`] names (`EDIT_DATABASE`).

use core::fmt::{self, Write};

use crate::access::{Action, Scope};
use crate::environment::Mode;
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleSet};

/// The attribute of an organization naming the group of `role`.
fn group(role: Role) -> &'static str {
    match role {
        Role::Owner => "owners",
        Role::Admin => "admins",
        Role::DevOps => "devops",
        Role::Developer => "developers",
        Role::Viewer => "viewers",
        Role::BillingManager => "billing_managers",
    }
}

/// The condition that the principal is in a group of `organization` (a
/// Cedar expression) whose role holds what `action` needs in `mode`.
struct Needed<'a> {
    action: Action,
    mode: Option<Mode>,
    organization: &'a str,
}

impl fmt::Display for Needed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let holders = RoleSet::holding(self.action.permission(self.mode), Capability::empty());
        if holders.is_empty() {
            return f.write_str("false");
        }
        for (i, role) in holders.roles().enumerate() {
            if i > 0 {
                f.write_str(" || ")?;
            }
            write!(f, "principal in {}.{}", self.organization, group(role))?;
        }
        Ok(())
    }
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
         entity Organization { owners: Group, admins: Group, devops: Group, developers: Group, viewers: Group, billing_managers: Group };\n\
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
                let needed = |organization| Needed {
                    action,
                    mode: None,
                    organization,
                };
                head(out, "Organization")?;
                writeln!(out, "{} }};", needed("resource"))?;
                if action.scope() == Scope::Project {
                    head(out, "Project")?;
                    writeln!(out, "{} }};", needed("resource.organization"))?;
                }
            }
            Scope::Environment => {
                let needed = |mode| Needed {
                    action,
                    mode: Some(mode),
                    organization: "resource.organization",
                };
                head(out, "Environment")?;
                writeln!(
                    out,
                    "if resource.production then ({}) else ({}) }};",
                    needed(Mode::Production),
                    needed(Mode::Development)
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
        Role::DevOps => "#DEVOPS",
        Role::Developer => "#DEVELOPER",
        Role::Viewer => "#VIEWER",
        Role::BillingManager => "#BILLING",
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
    // One group per role; they do not nest, since roles form no chain.
    for (i, role) in Role::ALL.into_iter().enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        out.write_str("\n{\"uid\":")?;
        uid(out, "Group", id, suffix(role))?;
        out.write_str(",\"attrs\":{},\"parents\":[]}")?;
    }
    // Custom roles are not exported yet: their members are left out.
    for (member, role) in org
        .members()
        .filter_map(|member| member.role.built_in().map(|role| (member, role)))
    {
        out.write_str(",\n{\"uid\":")?;
        uid(out, "User", member.id.as_str(), "")?;
        out.write_str(",\"attrs\":{},\"parents\":[")?;
        uid(out, "Group", id, suffix(role))?;
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
