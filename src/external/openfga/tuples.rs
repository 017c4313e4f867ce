//! An organization's relationship tuples, part by part, in YAML (`fga model
//! test`, `fga tuple write --file`) or in the JSON of OpenFGA's `Write` API.

use alloc::string::String;
use core::fmt::{self, Display, Write};

use super::OpenFgaError;
use super::checks::Name;
use super::id::check;
use super::relation;
use crate::cluster::Cluster;
use crate::environment::Environment;
use crate::external::cedar::grants::{Kind, Quoted, each_grant};
use crate::external::parts::{Found, Items, every_part};
use crate::organization::Organization;
use crate::project::Project;
use crate::role::{CustomRole, RoleRef};
use crate::time::Timestamp;

/// One tuple: `user` has `relation` on `object`, while `expires_at`, if
/// given, is later than the question's `now` (the condition `not_expired`).
pub(super) struct Tuple<'a> {
    user: &'a dyn Display,
    relation: &'a dyn Display,
    object: &'a dyn Display,
    expires_at: Option<Timestamp>,
}

impl Tuple<'_> {
    /// As an item of a YAML list of tuples.
    pub(super) fn yaml(&self, out: &mut dyn Write) -> fmt::Result {
        let Tuple {
            user,
            relation,
            object,
            expires_at,
        } = self;
        let (user, object) = (Quoted(user), Quoted(object));
        writeln!(
            out,
            "  - user: {user}\n    relation: {relation}\n    object: {object}"
        )?;
        match expires_at {
            Some(expires_at) => writeln!(
                out,
                "    condition:\n      name: not_expired\n      context:\n        expires_at: \"{expires_at}\""
            ),
            None => Ok(()),
        }
    }

    /// As a tuple key of OpenFGA's JSON, without its condition: what a
    /// delete sends.
    fn key_json(&self, out: &mut dyn Write) -> fmt::Result {
        let (user, object) = (Quoted(self.user), Quoted(self.object));
        let relation = Quoted(self.relation);
        write!(
            out,
            "{{\"user\":{user},\"relation\":{relation},\"object\":{object}}}"
        )
    }

    /// As a tuple key of OpenFGA's JSON, with its condition: what a write
    /// sends.
    fn json(&self, out: &mut dyn Write) -> fmt::Result {
        let (user, object) = (Quoted(self.user), Quoted(self.object));
        let relation = Quoted(self.relation);
        write!(
            out,
            "{{\"user\":{user},\"relation\":{relation},\"object\":{object}"
        )?;
        if let Some(expires_at) = self.expires_at {
            write!(
                out,
                ",\"condition\":{{\"name\":\"not_expired\",\"context\":{{\"expires_at\":\"{expires_at}\"}}}}"
            )?;
        }
        out.write_char('}')
    }
}

type Each<'f> = &'f mut dyn FnMut(Tuple<'_>) -> fmt::Result;

/// The tuple by which `user` holds `role` in `org`: its relation on the
/// organization, or `member` of a custom role.
fn holds(
    org: &Organization,
    user: &dyn Display,
    role: &RoleRef,
    expires_at: Option<Timestamp>,
    f: Each<'_>,
) -> fmt::Result {
    let organization = format_args!("organization:{}", org.id());
    match role {
        RoleRef::BuiltIn(role) => f(Tuple {
            user,
            relation: &relation(*role),
            object: &organization,
            expires_at,
        }),
        RoleRef::Custom(role) => f(Tuple {
            user,
            relation: &"member",
            object: &format_args!("custom_role:{role}"),
            expires_at,
        }),
    }
}

/// A tuple with no condition.
fn tuple(
    f: Each<'_>,
    user: &dyn Display,
    relation: &dyn Display,
    object: &dyn Display,
) -> fmt::Result {
    f(Tuple {
        user,
        relation,
        object,
        expires_at: None,
    })
}

/// A custom role's grants, as `check` finds them.
fn custom_role(org: &Organization, role: &CustomRole, f: Each<'_>) -> fmt::Result {
    let user = format_args!("custom_role:{}#member", role.id());
    each_grant(org, role, &mut |kind, key, action| {
        let action = Name(action);
        match kind {
            Kind::Environment => tuple(
                f,
                &user,
                &action,
                &format_args!("grants:{}.{}", key.id, key.mode),
            ),
            _ => tuple(
                f,
                &user,
                &format_args!("granted_{action}"),
                &format_args!("{}:{}", key.kind, key.id),
            ),
        }
    })
}

/// A cluster's or a project's organization.
fn placed(org: &Organization, object: &dyn Display, f: Each<'_>) -> fmt::Result {
    tuple(
        f,
        &format_args!("organization:{}", org.id()),
        &"organization",
        object,
    )
}

fn cluster(org: &Organization, cluster: &Cluster, f: Each<'_>) -> fmt::Result {
    placed(org, &format_args!("cluster:{}", cluster.id), f)
}

fn project(org: &Organization, project: &Project, f: Each<'_>) -> fmt::Result {
    placed(org, &format_args!("project:{}", project.id()), f)
}

/// An environment's organization, its row (marked for every user and
/// token) and its project's grants in its mode.
fn environment(
    org: &Organization,
    project: &Project,
    environment: &Environment,
    f: Each<'_>,
) -> fmt::Result {
    let object = format_args!("environment:{}", environment.id);
    placed(org, &object, f)?;
    let row = if environment.mode.is_production() {
        "production"
    } else {
        "development"
    };
    tuple(f, &"user:*", &row, &object)?;
    tuple(f, &"token:*", &row, &object)?;
    let mode: &str = environment.mode.into();
    tuple(
        f,
        &format_args!("grants:{}.{mode}", project.id()),
        &"grants",
        &object,
    )
}

/// The longest `.MODE` a `grants` object adds to its project's id.
const MODE_SUFFIX: usize = ".DEVELOPMENT".len();

/// Refuses the organization before anything is written when one of its ids
/// is not one OpenFGA reads as that object.
pub(super) fn check_ids(org: &Organization) -> Result<(), OpenFgaError> {
    every_part(org).try_for_each(|found| check_found(org, found))
}

/// Refuses the ids of a part that OpenFGA would misread.
fn check_found(org: &Organization, found: Found<'_>) -> Result<(), OpenFgaError> {
    match found {
        Found::Organization => check("organization", org.id().as_str(), 0),
        Found::Member(member) => check("user", member.id.as_str(), 0),
        Found::Token(token) => check("token", token.id.as_str(), 0),
        Found::CustomRole(role) => check("custom_role", role.id().as_str(), 0),
        Found::Cluster(cluster) => check("cluster", cluster.id.as_str(), 0),
        Found::Project(project) => {
            check("project", project.id().as_str(), 0)?;
            check("grants", project.id().as_str(), MODE_SUFFIX)
        }
        // Its grants name its project.
        Found::Environment(project, environment) => {
            check("grants", project.id().as_str(), MODE_SUFFIX)?;
            check("environment", environment.id.as_str(), 0)
        }
    }
}

/// Calls `f` with each tuple of a part.
fn found_tuples(org: &Organization, found: Found<'_>, f: Each<'_>) -> fmt::Result {
    match found {
        Found::Organization => Ok(()),
        Found::Member(member) => holds(
            org,
            &format_args!("user:{}", member.id),
            &member.role,
            None,
            f,
        ),
        Found::Token(token) => {
            let user = format_args!("token:{}", token.id);
            holds(org, &user, &token.role, token.expires_at, f)
        }
        Found::CustomRole(role) => custom_role(org, role, f),
        Found::Cluster(each) => cluster(org, each, f),
        Found::Project(each) => project(org, each, f),
        Found::Environment(each, env) => environment(org, each, env, f),
    }
}

/// Calls `f` with each tuple of the organization, in the export's order.
pub(super) fn each_tuple(org: &Organization, f: Each<'_>) -> fmt::Result {
    every_part(org).try_for_each(|found| found_tuples(org, found, f))
}

/// Adds the tuples of a part to `items` as JSON tuple keys, keyed by the
/// tuple key without its condition, after checking the ids they name.
pub(crate) fn part_items(
    org: &Organization,
    found: Found<'_>,
    items: &mut Items,
) -> Result<(), OpenFgaError> {
    check_found(org, Found::Organization)?;
    check_found(org, found)?;
    found_tuples(org, found, &mut |tuple| {
        let (mut key, mut value) = (String::new(), String::new());
        tuple.key_json(&mut key)?;
        tuple.json(&mut value)?;
        items.insert(key, value);
        Ok(())
    })?;
    Ok(())
}
