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
//!
//! An API token is a `token` holding its role as a member does: the
//! relation of its built-in role on the organization, or `member` of its
//! custom role. A token with an expiry holds it under the condition
//! `not_expired` (`now < expires_at`, CEL timestamps), its tuple carrying
//! `expires_at` (RFC 3339) and the question passing `now` in its context;
//! OpenFGA decides the expiry at the question's time, and a question
//! without `now` fails rather than answers. A token that is not the
//! organization's holds no relation and is denied everything. Environments
//! are marked for tokens too (`token:*`).

use core::fmt::{self, Write};

use crate::access::{Action, Scope};
use crate::environment::Mode;
use crate::id::{ApiTokenId, UserId};
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleSet};
use crate::time::Timestamp;

mod checks;
mod id;
mod tuples;

pub use self::id::{OpenFgaError, check_openfga_id};

pub(crate) use self::tuples::part_items;

use self::checks::{Name, Subject, write_checks};
use super::cedar::grants::Kind;

/// Who may hold a role but Owner: a user, or a token (with an expiry, under
/// the condition `not_expired`).
const HOLDERS: &str = "[user, token, token with not_expired]";

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
/// Users (`user`) and API tokens (`token`) hold roles alike. A token
/// with an expiry holds its role under the condition `not_expired`
/// (`now < expires_at`, CEL timestamps), so a check of a token passes `now`
/// (RFC 3339) in its context, and OpenFGA answers as
/// [`Organization::check_token`] does at `now`; without `now`, OpenFGA
/// refuses to answer for a token with an expiry (the condition lacks a
/// parameter). A token that is not the organization's holds no relation.
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
    line(format_args!("type token"))?;
    line(format_args!("type custom_role"))?;
    line(format_args!("  relations"))?;
    line(format_args!("    define member: {HOLDERS}"))?;
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
                let holders = if role == Role::Owner {
                    "[user]"
                } else {
                    HOLDERS
                };
                line(format_args!("    define {}: {holders}", relation(role)))?;
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
    line(format_args!("    define production: [user:*, token:*]"))?;
    line(format_args!("    define development: [user:*, token:*]"))?;
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
    line(format_args!(
        "condition not_expired(now: timestamp, expires_at: timestamp) {{"
    ))?;
    line(format_args!("  now < expires_at"))?;
    line(format_args!("}}"))
}

/// Writes the organization's relationship tuples as a YAML list (the
/// `tuples` of a `fga model test` file, or of `fga tuple write --file`):
/// a member's and an API token's role (a token's under the condition
/// `not_expired`, with its `expires_at`, when it has an expiry), the custom
/// roles' grants, and the clusters', projects' and environments' places.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_767_225_600);
/// let token = ApiToken { id: "ci".parse()?, name: Name::new("CI")?, description: String::new(), role: Role::Viewer.into(), expires_at: Some(now.plus_seconds(60)) };
/// org.create_api_token(&ada, now, token)?;
/// let mut tuples = String::new();
/// write_openfga_tuples(&org, &mut tuples)?;
/// assert!(tuples.contains(concat!(
///     "  - user: \"token:ci\"\n    relation: viewer\n    object: \"organization:o\"\n",
///     "    condition:\n      name: not_expired\n      context:\n        expires_at: \"2026-01-01T00:01:00Z\"\n",
/// )));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`OpenFgaError::InvalidId`] or [`OpenFgaError::IdTooLong`] before
/// anything is written, when an id is not one OpenFGA would read as that
/// object; [`OpenFgaError::Write`] when `out` fails.
pub fn write_openfga_tuples(org: &Organization, out: &mut impl Write) -> Result<(), OpenFgaError> {
    tuples::check_ids(org)?;
    tuples::each_tuple(org, &mut |tuple| tuple.yaml(out))?;
    Ok(())
}

/// Writes a `fga model test` file: the model, the organization's tuples,
/// and the assertions of every action on every object of its type, as the
/// crate answers them: one test for every member and `stranger` (who must
/// not be a member), as [`Organization::check`] answers, and one test per
/// moment of `nows` for every API token of the organization and
/// `unknown_token` (which must not be one of them), as
/// [`Organization::check_token`] answers at that moment, passed to OpenFGA
/// as the context's `now`.
///
/// # Errors
/// [`OpenFgaError::InvalidId`] or [`OpenFgaError::IdTooLong`] before
/// anything is written, when an id is not one OpenFGA would read as that
/// object; [`OpenFgaError::Write`] when `out` fails.
pub fn write_openfga_test(
    org: &Organization,
    stranger: &UserId,
    unknown_token: &ApiTokenId,
    nows: &[Timestamp],
    out: &mut impl Write,
) -> Result<(), OpenFgaError> {
    tuples::check_ids(org)?;
    id::check("user", stranger.as_str(), 0)?;
    id::check("token", unknown_token.as_str(), 0)?;
    let out: &mut dyn Write = out;
    writeln!(out, "name: \"orgmodel {}\"", org.id())?;
    out.write_str("model: |\n")?;
    write_model(out, "  ")?;
    out.write_str("tuples:\n")?;
    tuples::each_tuple(org, &mut |tuple| tuple.yaml(out))?;
    out.write_str("tests:\n  - name: \"members and a stranger\"\n    check:\n")?;
    let users = org.members().map(|m| &m.id);
    for user in users.chain(core::iter::once(stranger)) {
        write_checks(org, Subject::User(user), out)?;
    }
    for now in nows {
        writeln!(out, "  - name: \"API tokens at {now}\"\n    check:")?;
        let tokens = org.tokens().iter().map(|token| &token.id);
        for token in tokens.chain(core::iter::once(unknown_token)) {
            write_checks(org, Subject::Token(token, *now), out)?;
        }
    }
    Ok(())
}
