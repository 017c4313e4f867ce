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
use crate::external::cedar::grants::{Kind, each_grant, json_str};
use crate::external::updates::{Items, Part};
use crate::id::ProjectId;
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
        writeln!(
            out,
            "  - user: \"{user}\"\n    relation: {relation}\n    object: \"{object}\""
        )?;
        match expires_at {
            Some(expires_at) => writeln!(
                out,
                "    condition:\n      name: not_expired\n      context:\n        expires_at: \"{expires_at}\""
            ),
            None => Ok(()),
        }
    }

    /// As a tuple key of OpenFGA's JSON, with its condition or without.
    fn json(&self, out: &mut dyn Write, condition: bool) -> fmt::Result {
        let field = |out: &mut dyn Write, name: &str, value: &dyn Display| -> fmt::Result {
            write!(out, "\"{name}\":")?;
            let mut text = String::new();
            write!(text, "{value}")?;
            json_str(out, &[&text])
        };
        out.write_char('{')?;
        field(out, "user", self.user)?;
        out.write_char(',')?;
        field(out, "relation", self.relation)?;
        out.write_char(',')?;
        field(out, "object", self.object)?;
        if let (true, Some(expires_at)) = (condition, self.expires_at) {
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

/// Calls `f` with each tuple of the organization, in the export's order.
pub(super) fn each_tuple(org: &Organization, f: Each<'_>) -> fmt::Result {
    for member in org.members() {
        holds(
            org,
            &format_args!("user:{}", member.id),
            &member.role,
            None,
            f,
        )?;
    }
    for token in org.tokens() {
        holds(
            org,
            &format_args!("token:{}", token.id),
            &token.role,
            token.expires_at,
            f,
        )?;
    }
    for role in org.custom_roles() {
        custom_role(org, role, f)?;
    }
    for each in org.clusters() {
        cluster(org, each, f)?;
    }
    for each in org.projects() {
        project(org, each, f)?;
        for env in each.environments() {
            environment(org, each, env, f)?;
        }
    }
    Ok(())
}

/// The longest `.MODE` a `grants` object adds to its project's id.
const MODE_SUFFIX: usize = ".DEVELOPMENT".len();

/// Refuses the organization before anything is written when one of its ids
/// is not one OpenFGA reads as that object.
pub(super) fn check_ids(org: &Organization) -> Result<(), OpenFgaError> {
    check("organization", org.id().as_str(), 0)?;
    for member in org.members() {
        check("user", member.id.as_str(), 0)?;
    }
    for token in org.tokens() {
        check("token", token.id.as_str(), 0)?;
    }
    for role in org.custom_roles() {
        check("custom_role", role.id().as_str(), 0)?;
    }
    for cluster in org.clusters() {
        check("cluster", cluster.id.as_str(), 0)?;
    }
    for project in org.projects() {
        check_project(project.id())?;
        for environment in project.environments() {
            check("environment", environment.id.as_str(), 0)?;
        }
    }
    Ok(())
}

/// A project's id, as a `project` and in its `grants` objects.
fn check_project(project: &ProjectId) -> Result<(), OpenFgaError> {
    check("project", project.as_str(), 0)?;
    check("grants", project.as_str(), MODE_SUFFIX)
}

/// Refuses the ids of `part` in `org` as [`check_ids`] does.
fn check_part(org: &Organization, part: &Part) -> Result<(), OpenFgaError> {
    check("organization", org.id().as_str(), 0)?;
    match part {
        Part::Organization => Ok(()),
        Part::Member(id) => check("user", id.as_str(), 0),
        Part::Token(id) => check("token", id.as_str(), 0),
        Part::CustomRole(id) => check("custom_role", id.as_str(), 0),
        Part::Cluster(id) => check("cluster", id.as_str(), 0),
        Part::Project(id) => check_project(id),
        Part::Environment(project, id) => {
            check("grants", project.as_str(), MODE_SUFFIX)?;
            check("environment", id.as_str(), 0)
        }
    }
}

/// Calls `f` with each tuple of `part` in `org` (none when it is not there).
fn part_tuples(org: &Organization, part: &Part, f: Each<'_>) -> fmt::Result {
    match part {
        Part::Organization => Ok(()),
        Part::Member(id) => match org.member(id) {
            Some(member) => holds(org, &format_args!("user:{id}"), &member.role, None, f),
            None => Ok(()),
        },
        Part::Token(id) => match org.token(id) {
            Some(token) => holds(
                org,
                &format_args!("token:{id}"),
                &token.role,
                token.expires_at,
                f,
            ),
            None => Ok(()),
        },
        Part::CustomRole(id) => org
            .custom_role(id)
            .map_or(Ok(()), |role| custom_role(org, role, f)),
        Part::Cluster(id) => org.cluster(id).map_or(Ok(()), |each| cluster(org, each, f)),
        Part::Project(id) => org.project(id).map_or(Ok(()), |each| project(org, each, f)),
        Part::Environment(project_id, id) => org
            .project(project_id)
            .and_then(|p| Some((p, p.environment(id)?)))
            .map_or(Ok(()), |(each, env)| environment(org, each, env, f)),
    }
}

/// Adds the tuples of `part` to `items` as JSON tuple keys, keyed by the
/// tuple key without its condition, after checking the ids they name.
pub(crate) fn part_items(
    org: &Organization,
    part: &Part,
    items: &mut Items,
) -> Result<(), OpenFgaError> {
    check_part(org, part)?;
    part_tuples(org, part, &mut |tuple| {
        let (mut key, mut value) = (String::new(), String::new());
        tuple.json(&mut key, false)?;
        tuple.json(&mut value, true)?;
        items.insert(key, value);
        Ok(())
    })?;
    Ok(())
}
