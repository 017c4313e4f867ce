//! Cedar: one schema and one policy set that decide every organization's
//! checks as [`Organization::check`] does, and an organization's entities.
//!
//! The policies encode the rules, not a dump of answers: each built-in role
//! is a group of the organization, each action is allowed to the groups of
//! the roles that hold its row of the table, and the production/development
//! split reads the environment's `production` attribute. A non-member is in no group and is denied everything; an
//! action is declared only on the kinds of resource it is about.
//!
//! A custom role is a `CustomRole` entity whose members are its holders.
//! Every resource names, in its `grants` record, one `Grant` per action it
//! answers; a custom role is a member of the grants its rows hold there,
//! computed by the crate: per project and mode for environments (and none
//! in a mode the role cannot read, where `check` answers as for a missing
//! id), per project, per cluster (`ADMIN` connects) and on the organization
//! (*Read organization* only). Every action is also allowed to the
//! principals in the resource's grant of it.
//!
//! An API token is an `ApiToken` principal in the group of its built-in
//! role or in its custom role, as a member is, with its expiry, if any, as
//! `expires_at` (a `Long`, Unix seconds). The engine decides the expiry at
//! the question's time: every action takes an optional `now` (a `Long`,
//! Unix seconds) in its context, and every `permit` holds `unless` its
//! principal has an `expires_at` and the request gives no `now` before it.
//! So a token is denied everything from its expiry on, and whenever its
//! request lacks `now`; a token that is not the organization's is in no
//! group, as a non-member, and is denied everything too. A member's request
//! needs no `now`. The expiry is a condition of the `permit`s rather than a
//! `forbid`: Cedar skips a policy whose evaluation fails, which denies when
//! the policy is a `permit` and would allow when it is a `forbid`.
//!
//! Resources: `Organization::"id"`, `Cluster::"id"`, `Project::"id"`,
//! `Environment::"id"` (environment ids are unique in an organization);
//! principals `User::"id"` and `ApiToken::"id"`; actions are the
//! [`Action`] names (`EDIT_DATABASE`). A grant's id is
//! `KIND#ID#MODE#ACTION` (`-` for no mode; an environment's grants are its
//! project's in its mode).

use core::fmt::{self, Write};

mod entities;
pub(crate) mod grants;

pub(crate) use self::entities::part_items;

use crate::access::Action;
use crate::environment::Mode;
use crate::organization::Organization;
use crate::role::{Capability, Role, RoleSet};

use self::grants::Kind;
use super::parts::every_part;

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
/// The principals are `User`s and `ApiToken`s, a token with an optional
/// `expires_at` (a `Long`, Unix seconds). Every action's context has an
/// optional `now` (a `Long`, Unix seconds) which a token's request gives:
/// Cedar denies a token everything from its expiry on, and whenever its
/// request gives no `now`, as [`Organization::check_token`] answers at
/// `now`. A member's request needs no `now`.
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_schema(out: &mut impl Write) -> fmt::Result {
    out.write_str(
        "entity Group in [Group];\n\
         entity Grant;\n\
         entity CustomRole in [Grant];\n\
         entity User in [Group, CustomRole];\n\
         entity ApiToken in [Group, CustomRole] { expires_at?: Long };\n",
    )?;
    for kind in Kind::ALL {
        write!(out, "entity {} {{ ", kind.name())?;
        match kind {
            Kind::Organization => out.write_str(
                "owners: Group, admins: Group, devops: Group, developers: Group, viewers: Group, billing_managers: Group, ",
            )?,
            Kind::Environment => {
                out.write_str("organization: Organization, production: Bool, ")?;
            }
            Kind::Cluster | Kind::Project => out.write_str("organization: Organization, ")?,
        }
        out.write_str("grants: { ")?;
        for (i, action) in kind.actions().enumerate() {
            let comma = if i > 0 { ", " } else { "" };
            write!(out, "{comma}{action}: Grant")?;
        }
        out.write_str(" } };\n")?;
    }
    for action in Action::ALL {
        out.write_str("action \"")?;
        write!(
            out,
            "{action}\" appliesTo {{ principal: [User, ApiToken], resource: ["
        )?;
        for (i, kind) in Kind::ALL
            .into_iter()
            .filter(|k| k.answers(action))
            .enumerate()
        {
            let comma = if i > 0 { ", " } else { "" };
            write!(out, "{comma}{}", kind.name())?;
        }
        out.write_str("], context: { now?: Long } };\n")?;
    }
    Ok(())
}

/// Writes the Cedar policies shared by every organization: one `permit` per
/// action and kind of resource, each unless its principal is a token that
/// has expired at the context's `now` (or the context has no `now`).
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_policies(out: &mut impl Write) -> fmt::Result {
    for action in Action::ALL {
        for kind in Kind::ALL.into_iter().filter(|k| k.answers(action)) {
            write!(
                out,
                "permit (principal, action == Action::\"{action}\", resource is {})\n  when {{ ",
                kind.name()
            )?;
            let needed = |mode, organization| Needed {
                action,
                mode,
                organization,
            };
            match kind {
                Kind::Organization => write!(out, "{}", needed(None, "resource"))?,
                Kind::Cluster | Kind::Project => {
                    write!(out, "{}", needed(None, "resource.organization"))?;
                }
                Kind::Environment => write!(
                    out,
                    "(if resource.production then ({}) else ({}))",
                    needed(Some(Mode::Production), "resource.organization"),
                    needed(Some(Mode::Development), "resource.organization")
                )?,
            }
            writeln!(out, " || principal in resource.grants.{action} }}")?;
            writeln!(out, "  unless {{ {EXPIRED} }};")?;
        }
    }
    Ok(())
}

/// The condition that the principal is a token that has expired at the
/// request's `now`, or whose request gives no `now`.
const EXPIRED: &str =
    "principal has expires_at && !(context has now && context.now < principal.expires_at)";

/// Writes the organization's Cedar entities (JSON): its role groups, its
/// custom roles, its members and its API tokens in the group of their
/// built-in role or in their custom role (a token with its `expires_at`),
/// the organization, its clusters, its projects and its environments.
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let mut org = Organization::new("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?);
/// let now = Timestamp::from_unix_seconds(1_767_225_600);
/// let token = ApiToken { id: "ci".parse()?, name: Name::new("CI")?, description: String::new(), role: Role::Viewer.into(), expires_at: Some(now.plus_seconds(60)) };
/// org.create_api_token(&ada, now, token)?;
/// let mut entities = String::new();
/// write_cedar_entities(&org, &mut entities)?;
/// assert!(entities.contains(concat!(
///     r#"{"uid":{"type":"ApiToken","id":"ci"},"attrs":{"expires_at":1767225660},"#,
///     r#""parents":[{"type":"Group","id":"o#VIEWER"}]}"#,
/// )));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Only those of `out`.
pub fn write_cedar_entities(org: &Organization, out: &mut impl Write) -> fmt::Result {
    let out: &mut dyn Write = out;
    out.write_char('[')?;
    let mut first = true;
    let mut each = |uid: entities::Uid<'_>, rest: entities::Rest<'_>| {
        out.write_str(if first { "\n" } else { ",\n" })?;
        first = false;
        entities::entity(out, &uid, rest)
    };
    every_part(org).try_for_each(|found| entities::found_entities(org, found, &mut each))?;
    out.write_str("\n]\n")
}
