//! The checks of a `fga model test` file: for one user or token, every
//! relation on every object, as the crate answers it.

use core::fmt::{self, Write};

use crate::access::{Action, Resource};
use crate::external::cedar::grants::Quoted;
use crate::id::{ApiTokenId, UserId};
use crate::organization::Organization;
use crate::time::Timestamp;

/// An action's relation name: its API name in lower case (`edit_database`).
pub(super) struct Name(pub(super) Action);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.as_str().chars() {
            f.write_char(c.to_ascii_lowercase())?;
        }
        Ok(())
    }
}

/// Who a check asks about.
#[derive(Clone, Copy)]
pub(super) enum Subject<'a> {
    /// A user, as [`Organization::check`] answers.
    User(&'a UserId),
    /// A token at a moment, as [`Organization::check_token`] answers.
    Token(&'a ApiTokenId, Timestamp),
}

impl Subject<'_> {
    fn allows(self, org: &Organization, action: Action, resource: Resource<'_>) -> bool {
        match self {
            Subject::User(user) => org.check(user, action, resource),
            Subject::Token(token, now) => org.check_token(token, now, action, resource),
        }
        .is_allowed()
    }
}

/// Writes one check of `subject` per object of `org` (the organization,
/// its clusters, projects and environments), asserting every action asked
/// of it; a token's check passes its moment as the context's `now`.
pub(super) fn write_checks(
    org: &Organization,
    subject: Subject<'_>,
    out: &mut dyn Write,
) -> fmt::Result {
    let mut check = |object: fmt::Arguments<'_>, resource: Resource<'_>| {
        match subject {
            Subject::User(user) => {
                writeln!(out, "      - user: {}", Quoted(format_args!("user:{user}")))?;
            }
            Subject::Token(token, _) => {
                writeln!(
                    out,
                    "      - user: {}",
                    Quoted(format_args!("token:{token}"))
                )?;
            }
        }
        writeln!(out, "        object: {}", Quoted(object))?;
        if let Subject::Token(_, now) = subject {
            writeln!(out, "        context:\n          now: \"{now}\"")?;
        }
        writeln!(out, "        assertions:")?;
        for action in Action::ALL.into_iter().filter(|a| resource.answers(*a)) {
            let allowed = subject.allows(org, action, resource);
            writeln!(out, "          {}: {allowed}", Name(action))?;
        }
        Ok::<(), fmt::Error>(())
    };
    check(
        format_args!("organization:{}", org.id()),
        Resource::Organization,
    )?;
    for cluster in org.clusters() {
        check(
            format_args!("cluster:{}", cluster.id),
            Resource::Cluster(&cluster.id),
        )?;
    }
    for project in org.projects() {
        check(
            format_args!("project:{}", project.id()),
            Resource::Project(project.id()),
        )?;
        for environment in project.environments() {
            let resource = Resource::Environment {
                project: project.id(),
                environment: &environment.id,
            };
            check(format_args!("environment:{}", environment.id), resource)?;
        }
    }
    Ok(())
}
