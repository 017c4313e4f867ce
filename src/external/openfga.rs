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
//!
//! A custom role is a `custom_role` whose `member`s are its holders; each
//! action is also granted to the members of the custom roles that hold it
//! there (`granted_ACTION` on an organization, a cluster or a project, and
//! the action on `grants:PROJECT.MODE`, an environment's project's grants
//! in its mode), as the crate computes them: nothing where `check` answers
//! as for a missing id.

use core::fmt::{self, Write};

use crate::access::{Action, Resource, Scope};
use crate::environment::Mode;
use crate::id::UserId;
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleRef, RoleSet};

use super::cedar::grants::{Kind, each_grant};

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
    line(format_args!("type custom_role"))?;
    line(format_args!("  relations"))?;
    line(format_args!("    define member: [user]"))?;
    for kind in [Kind::Organization, Kind::Cluster, Kind::Project] {
        let (name, suffix) = match kind {
            Kind::Organization => ("organization", ""),
            Kind::Cluster => ("cluster", " from organization"),
            _ => ("project", " from organization"),
        };
        line(format_args!("type {name}"))?;
        line(format_args!("  relations"))?;
        if kind == Kind::Organization {
            for role in Role::ALL {
                line(format_args!("    define {}: [user]", relation(role)))?;
            }
        } else {
            line(format_args!("    define organization: [organization]"))?;
        }
        for action in kind.actions() {
            let action = Name(action);
            line(format_args!(
                "    define granted_{action}: [custom_role#member]"
            ))?;
        }
        for action in kind.actions() {
            line(format_args!(
                "    define {}: {} or granted_{}",
                Name(action),
                Needed {
                    suffix,
                    ..Needed::of(action, None)
                },
                Name(action)
            ))?;
        }
    }
    line(format_args!("type grants"))?;
    line(format_args!("  relations"))?;
    for action in Kind::Environment.actions() {
        line(format_args!(
            "    define {}: [custom_role#member]",
            Name(action)
        ))?;
    }
    line(format_args!("type environment"))?;
    line(format_args!("  relations"))?;
    line(format_args!("    define organization: [organization]"))?;
    line(format_args!("    define grants: [grants]"))?;
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
            "    define {}: {} or {} or {} from grants",
            Name(action),
            Needed {
                suffix: "_in_production",
                ..Needed::of(action, Some(Mode::Production))
            },
            Needed {
                suffix: "_in_development",
                ..Needed::of(action, Some(Mode::Development))
            },
            Name(action),
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
    let mut tuple =
        |user: fmt::Arguments<'_>, relation: fmt::Arguments<'_>, object: fmt::Arguments<'_>| {
            writeln!(
                out,
                "  - user: \"{user}\"\n    relation: {relation}\n    object: \"{object}\""
            )
        };
    for member in org.members() {
        match &member.role {
            RoleRef::BuiltIn(role) => tuple(
                format_args!("user:{}", member.id),
                format_args!("{}", relation(*role)),
                format_args!("organization:{id}"),
            )?,
            RoleRef::Custom(role) => tuple(
                format_args!("user:{}", member.id),
                format_args!("member"),
                format_args!("custom_role:{role}"),
            )?,
        }
    }
    for role in org.custom_roles() {
        let user = role.id();
        each_grant(org, role, &mut |kind, key, action| {
            let action = Name(action);
            let user = format_args!("custom_role:{user}#member");
            match kind {
                Kind::Environment => tuple(
                    user,
                    format_args!("{action}"),
                    format_args!("grants:{}.{}", key.id, key.mode),
                ),
                _ => tuple(
                    user,
                    format_args!("granted_{action}"),
                    format_args!("{}:{}", key.kind, key.id),
                ),
            }
        })?;
    }
    for cluster in org.clusters() {
        tuple(
            format_args!("organization:{id}"),
            format_args!("organization"),
            format_args!("cluster:{}", cluster.id),
        )?;
    }
    for project in org.projects() {
        tuple(
            format_args!("organization:{id}"),
            format_args!("organization"),
            format_args!("project:{}", project.id()),
        )?;
        for environment in project.environments() {
            let object = format_args!("environment:{}", environment.id);
            tuple(
                format_args!("organization:{id}"),
                format_args!("organization"),
                object,
            )?;
            let mode = if environment.mode.is_production() {
                "production"
            } else {
                "development"
            };
            let object = format_args!("environment:{}", environment.id);
            tuple(format_args!("user:*"), format_args!("{mode}"), object)?;
            let mode: &str = environment.mode.into();
            let grants = format_args!("grants:{}.{mode}", project.id());
            tuple(grants, format_args!("grants"), object)?;
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
        let mut assert = |object: fmt::Arguments<'_>, resource: Resource<'_>| {
            writeln!(
                out,
                "      - user: \"user:{user}\"\n        object: \"{object}\"\n        assertions:"
            )?;
            for action in Action::ALL.into_iter().filter(|a| resource.answers(*a)) {
                let allowed = org.check(user, action, resource).is_allowed();
                writeln!(out, "          {}: {allowed}", Name(action))?;
            }
            Ok::<(), fmt::Error>(())
        };
        assert(
            format_args!("organization:{}", org.id()),
            Resource::Organization,
        )?;
        for cluster in org.clusters() {
            assert(
                format_args!("cluster:{}", cluster.id),
                Resource::Cluster(&cluster.id),
            )?;
        }
        for project in org.projects() {
            assert(
                format_args!("project:{}", project.id()),
                Resource::Project(project.id()),
            )?;
            for environment in project.environments() {
                let resource = Resource::Environment {
                    project: project.id(),
                    environment: &environment.id,
                };
                assert(format_args!("environment:{}", environment.id), resource)?;
            }
        }
    }
    Ok(())
}
