//! OpenFGA: one authorization model that decides every organization's
//! checks as [`Organization::check`] does, an organization's relationship
//! tuples, and a `fga model test` file holding both with the assertions the
//! crate computes.
//!
//! The model encodes the rules: an organization has one relation per
//! built-in role (`owner`, `admin`, `devops`, `developer`, `viewer`,
//! `billing_manager`), each action is a relation granted to the union of the
//! roles that hold its row of the table, projects and environments reach their organization through an
//! `organization` relation, and an environment is marked `production` or
//! `development` by a public (`user:*`) tuple that picks the row. A
//! non-member holds no relation; an action is defined only on the types of
//! object it is about. Ids are written as they are: they must be valid
//! OpenFGA object ids (no `#`, `:` or white space), as UUIDs are.

use core::fmt::{self, Write};

use crate::access::{Action, Resource, Scope};
use crate::environment::Mode;
use crate::id::UserId;
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleSet};

/// The relation of `role` on an organization.
fn relation(role: Role) -> &'static str {
    match role {
        Role::Owner => "owner",
        Role::Admin => "admin",
        Role::DevOps => "devops",
        Role::Developer => "developer",
        Role::Viewer => "viewer",
        Role::BillingManager => "billing_manager",
    }
}

/// An action's relation name: its API name in lower case (`edit_database`).
struct Name(Action);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.as_str().chars() {
            f.write_char(c.to_ascii_lowercase())?;
        }
        Ok(())
    }
}

/// The union of the relations (each with a suffix) of the roles that hold
/// what `action` needs in `mode`: `owner or admin`.
struct Needed<'a> {
    action: Action,
    mode: Option<Mode>,
    suffix: &'a str,
}

impl Needed<'_> {
    fn of(action: Action, mode: Option<Mode>) -> Self {
        Needed {
            action,
            mode,
            suffix: "",
        }
    }
}

impl fmt::Display for Needed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let holders = RoleSet::holding(self.action.permission(self.mode), Capability::empty());
        // Every row is the Owner's: a union is never empty.
        for (i, role) in holders.roles().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            write!(f, "{}{}", relation(role), self.suffix)?;
        }
        Ok(())
    }
}

/// Writes the authorization model (OpenFGA DSL, schema 1.1) shared by every
/// organization.
///
/// # Errors
/// Only those of `out`.
pub fn write_openfga_model(out: &mut impl Write) -> fmt::Result {
    write_model(out, "")
}

fn write_model(out: &mut dyn Write, indent: &str) -> fmt::Result {
    let mut line = |text: fmt::Arguments<'_>| writeln!(out, "{indent}{text}");
    line(format_args!("model"))?;
    line(format_args!("  schema 1.1"))?;
    line(format_args!("type user"))?;
    line(format_args!("type organization"))?;
    line(format_args!("  relations"))?;
    for role in Role::ALL {
        line(format_args!("    define {}: [user]", relation(role)))?;
    }
    for action in Action::ALL
        .into_iter()
        .filter(|a| a.scope() != Scope::Environment)
    {
        line(format_args!(
            "    define {}: {}",
            Name(action),
            Needed::of(action, None)
        ))?;
    }
    line(format_args!("type project"))?;
    line(format_args!("  relations"))?;
    line(format_args!("    define organization: [organization]"))?;
    for action in Action::ALL
        .into_iter()
        .filter(|a| a.scope() == Scope::Project)
    {
        line(format_args!(
            "    define {}: {}",
            Name(action),
            Needed {
                suffix: " from organization",
                ..Needed::of(action, None)
            }
        ))?;
    }
    line(format_args!("type environment"))?;
    line(format_args!("  relations"))?;
    line(format_args!("    define organization: [organization]"))?;
    line(format_args!("    define production: [user:*]"))?;
    line(format_args!("    define development: [user:*]"))?;
    for role in Role::ALL {
        let role = relation(role);
        line(format_args!(
            "    define organization_{role}: {role} from organization"
        ))?;
        line(format_args!(
            "    define {role}_in_production: organization_{role} and production"
        ))?;
        line(format_args!(
            "    define {role}_in_development: organization_{role} and development"
        ))?;
    }
    for action in Action::ALL
        .into_iter()
        .filter(|a| a.scope() == Scope::Environment)
    {
        line(format_args!(
            "    define {}: {} or {}",
            Name(action),
            Needed {
                suffix: "_in_production",
                ..Needed::of(action, Some(Mode::Production))
            },
            Needed {
                suffix: "_in_development",
                ..Needed::of(action, Some(Mode::Development))
            },
        ))?;
    }
    Ok(())
}

/// Writes the organization's relationship tuples as a YAML list (the
/// `tuples` of a `fga model test` file, or of `fga tuple write --file`).
///
/// # Errors
/// Only those of `out`.
pub fn write_openfga_tuples(org: &Organization, out: &mut impl Write) -> fmt::Result {
    write_tuples(org, out)
}

fn write_tuples(org: &Organization, out: &mut dyn Write) -> fmt::Result {
    let id = org.id();
    let mut tuple = |user: fmt::Arguments<'_>, relation: &str, object: fmt::Arguments<'_>| {
        writeln!(
            out,
            "  - user: \"{user}\"\n    relation: {relation}\n    object: \"{object}\""
        )
    };
    // Custom roles are not exported yet: their members are left out.
    for (member, role) in org
        .members()
        .filter_map(|member| member.role.built_in().map(|role| (member, role)))
    {
        tuple(
            format_args!("user:{}", member.id),
            relation(role),
            format_args!("organization:{id}"),
        )?;
    }
    for project in org.projects() {
        tuple(
            format_args!("organization:{id}"),
            "organization",
            format_args!("project:{}", project.id()),
        )?;
        for environment in project.environments() {
            let object = format_args!("environment:{}", environment.id);
            tuple(format_args!("organization:{id}"), "organization", object)?;
            let mode = if environment.mode.is_production() {
                "production"
            } else {
                "development"
            };
            tuple(
                format_args!("user:*"),
                mode,
                format_args!("environment:{}", environment.id),
            )?;
        }
    }
    Ok(())
}

/// Writes a `fga model test` file: the model, the organization's tuples,
/// and, for every member and `stranger` (who must not be a member), an
/// assertion for every action on every object of its type, as
/// [`Organization::check`] answers it.
///
/// # Errors
/// Only those of `out`.
pub fn write_openfga_test(
    org: &Organization,
    stranger: &UserId,
    out: &mut impl Write,
) -> fmt::Result {
    let out: &mut dyn Write = out;
    writeln!(out, "name: \"orgmodel {}\"", org.id())?;
    out.write_str("model: |\n")?;
    write_model(out, "  ")?;
    out.write_str("tuples:\n")?;
    write_tuples(org, out)?;
    out.write_str("tests:\n  - name: \"every check\"\n    check:\n")?;
    let users = org
        .members()
        .map(|m| &m.id)
        .chain(core::iter::once(stranger));
    for user in users {
        let mut assert = |object: fmt::Arguments<'_>,
                          resource: Resource<'_>,
                          scope: &dyn Fn(Scope) -> bool| {
            writeln!(
                out,
                "      - user: \"user:{user}\"\n        object: \"{object}\"\n        assertions:"
            )?;
            for action in Action::ALL.into_iter().filter(|a| scope(a.scope())) {
                let allowed = org.check(user, action, resource).is_allowed();
                writeln!(out, "          {}: {allowed}", Name(action))?;
            }
            Ok::<(), fmt::Error>(())
        };
        assert(
            format_args!("organization:{}", org.id()),
            Resource::Organization,
            &|s| s != Scope::Environment,
        )?;
        for project in org.projects() {
            assert(
                format_args!("project:{}", project.id()),
                Resource::Project(project.id()),
                &|s| s == Scope::Project,
            )?;
            for environment in project.environments() {
                let resource = Resource::Environment {
                    project: project.id(),
                    environment: &environment.id,
                };
                assert(
                    format_args!("environment:{}", environment.id),
                    resource,
                    &|s| s == Scope::Environment,
                )?;
            }
        }
    }
    Ok(())
}
