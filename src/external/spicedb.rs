//! SpiceDB: one schema (SpiceDB's schema language) that decides every
//! organization's checks as [`Organization::check`] and
//! [`Organization::check_token`] do, and an organization's relationships
//! (`resource:id#relation@subject:id`, one a line).
//!
//! The schema encodes the rules, as the OpenFGA model does: an
//! `organization` has one relation per built-in role (`owner`, `admin`,
//! `devops`, `developer`, `viewer`, `billing_manager`); each action is a
//! permission (its API name in lower case, `edit_database`), the union of the
//! roles that hold its row of the table, defined only on the kinds of object
//! it is about, so that a row asked of another kind is an undefined
//! permission, as `check` denies it as not applicable. Clusters and projects
//! reach their organization's roles through an `organization` relation; an
//! environment reaches them through `production` or `development` (which
//! one it holds picks the row: Staging and Preview are development).
//!
//! A custom role is a `custom_role` whose `member`s are its holders; each
//! action is also granted to the members of the custom roles that hold it
//! there (`granted_ACTION` on an organization, a cluster or a project, and
//! the action on `grants:PROJECT/MODE`, an environment's project's grants in
//! its mode), as the crate computes them: nothing where `check` answers as
//! for a missing id, nothing for *Connect to Kubernetes cluster* asked of
//! the organization.
//!
//! An API token is a `token`, in its built-in role's relation or its custom
//! role's `member`s; a token that expires is written with the caveat
//! `not_expired` and its `expires_at` (Unix seconds), so that a check of a
//! token passes `now` in its context (`{"now": 1767225600}`), and the export
//! does not depend on the time. A token checked without `now` is only
//! conditionally allowed: a service must pass it.
//!
//! Ids are encoded ([`spicedb_object_id`]): a UUID is written as it is.
//! One SpiceDB can hold several organizations while their ids differ (the
//! platform's UUIDs do).

use core::fmt::{self, Write};

mod id;
mod relationships;

pub(crate) use self::relationships::part_items;

use crate::access::{Action, Scope};
use crate::environment::Mode;
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleSet};

pub use self::id::{SpiceDbError, spicedb_object_id};
use super::cedar::grants::Kind;
use super::parts::every_part;

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

/// The longest `/MODE` a `grants` id adds to its project's id.
const MODE_SUFFIX: usize = "/development".len();

/// A name in lower case: an action's permission (`edit_database`), a mode
/// in a `grants` id (`production`).
struct Lower(&'static str);

impl fmt::Display for Lower {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            f.write_char(c.to_ascii_lowercase())?;
        }
        Ok(())
    }
}

/// An action's permission name: its API name in lower case (`edit_database`).
fn permission(action: Action) -> Lower {
    Lower(action.as_str())
}

/// The union (`+`) of the relations, each behind `arrow`, of the roles that
/// hold what `action` needs in `mode`.
struct Needed<'a> {
    action: Action,
    mode: Option<Mode>,
    arrow: &'a str,
}

impl fmt::Display for Needed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let holders = RoleSet::holding(self.action.permission(self.mode), Capability::empty());
        // Every row is the Owner's: a union is never empty.
        for (i, role) in holders.roles().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{}{}", self.arrow, relation(role))?;
        }
        Ok(())
    }
}

/// The subjects that may hold a role: users, and tokens with or without an
/// expiry.
const HOLDERS: &str = "user | token | token with not_expired";

/// Writes the SpiceDB schema shared by every organization: a definition
/// for `user`, `token`, `custom_role`, `organization`, `cluster`,
/// `project`, `grants` (a project's custom-role grants in one mode) and
/// `environment`, and the caveat `not_expired` of tokens. Each action is a
/// permission named after it in lower case (`edit_database`), defined only
/// on the kinds of object [`crate::Resource::answers`] asks it of. A
/// token's check passes `now` (Unix seconds) in its context.
///
/// ```
/// use orgmodel::write_spicedb_schema;
///
/// let mut schema = String::new();
/// write_spicedb_schema(&mut schema)?;
/// assert!(schema.contains("caveat not_expired(now int, expires_at int)"));
/// assert!(schema.contains("    permission delete_organization = owner + granted_delete_organization\n"));
/// # Ok::<(), std::fmt::Error>(())
/// ```
///
/// # Errors
/// Only those of `out`.
pub fn write_spicedb_schema(out: &mut impl Write) -> fmt::Result {
    let out: &mut dyn Write = out;
    out.write_str(
        "// orgmodel: the organization model's checks. A token's check passes `now` (Unix seconds).\n\
         caveat not_expired(now int, expires_at int) {\n    now < expires_at\n}\n\n\
         definition user {}\n\n\
         definition token {}\n\n",
    )?;
    writeln!(
        out,
        "definition custom_role {{\n    relation member: {HOLDERS}\n}}\n"
    )?;
    for kind in [Kind::Organization, Kind::Cluster, Kind::Project] {
        let (name, arrow) = match kind {
            Kind::Organization => ("organization", ""),
            Kind::Cluster => ("cluster", "organization->"),
            _ => ("project", "organization->"),
        };
        writeln!(out, "definition {name} {{")?;
        if kind == Kind::Organization {
            for role in Role::ALL {
                // Tokens never hold the Owner role.
                let holders = if role == Role::Owner { "user" } else { HOLDERS };
                writeln!(out, "    relation {}: {holders}", relation(role))?;
            }
        } else {
            writeln!(out, "    relation organization: organization")?;
        }
        for action in kind.actions() {
            writeln!(
                out,
                "    relation granted_{}: custom_role#member",
                permission(action)
            )?;
        }
        for action in kind.actions() {
            let needed = Needed {
                action,
                mode: None,
                arrow,
            };
            let action = permission(action);
            writeln!(out, "    permission {action} = {needed} + granted_{action}")?;
        }
        out.write_str("}\n\n")?;
    }
    out.write_str("definition grants {\n")?;
    for action in Kind::Environment.actions() {
        writeln!(
            out,
            "    relation {}: custom_role#member",
            permission(action)
        )?;
    }
    out.write_str(
        "}\n\n\
         definition environment {\n    \
         relation organization: organization\n    \
         relation production: organization\n    \
         relation development: organization\n    \
         relation grants: grants\n",
    )?;
    for action in Action::ALL
        .into_iter()
        .filter(|a| a.scope() == Scope::Environment)
    {
        let needed = |mode, arrow| Needed {
            action,
            mode: Some(mode),
            arrow,
        };
        writeln!(
            out,
            "    permission {} = {} + {} + grants->{}",
            permission(action),
            needed(Mode::Production, "production->"),
            needed(Mode::Development, "development->"),
            permission(action),
        )?;
    }
    out.write_str("}\n")
}

/// Refuses the organization before anything is written when one of its ids
/// would pass SpiceDB's limit once encoded.
fn check_ids(org: &Organization) -> Result<(), SpiceDbError> {
    every_part(org).try_for_each(|found| relationships::check_found(org, found))
}

/// Writes the organization's relationships, one a line
/// (`resource:id#relation@subject:id`, a caveat in brackets), as
/// `zed relationship create` and the SpiceDB playground read them: its
/// members and tokens in their roles, its custom roles' grants, and its
/// clusters, projects and environments. Ids are encoded as
/// [`spicedb_object_id`] says.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada@acme.dev".parse()?;
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_767_225_600);
/// let token = ApiToken { id: "ci".parse()?, name: Name::new("CI")?, description: String::new(), role: Role::Viewer.into(), expires_at: Some(now.plus_seconds(60)) };
/// org.create_api_token(&ada, now, token)?;
///
/// let mut relationships = String::new();
/// write_spicedb_relationships(&org, &mut relationships)?;
/// assert_eq!(relationships, "organization:o#owner@user:ada=40acme=2Edev\n\
///     organization:o#viewer@token:ci[not_expired:{\"expires_at\":1767225660}]\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`SpiceDbError::IdTooLong`] before anything is written, when an id would
/// pass SpiceDB's 1,024 bytes once encoded; [`SpiceDbError::Write`] when
/// `out` fails.
pub fn write_spicedb_relationships(
    org: &Organization,
    out: &mut impl Write,
) -> Result<(), SpiceDbError> {
    check_ids(org)?;
    write_relationships(org, out)?;
    Ok(())
}

fn write_relationships(org: &Organization, out: &mut dyn Write) -> fmt::Result {
    every_part(org).try_for_each(|found| relationships::write_found(out, org, found))
}
