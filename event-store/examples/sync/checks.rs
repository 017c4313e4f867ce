//! The crate's answer to every question SpiceDB is asked once synced, in
//! the `.checks` format `engines/spicedb/check.mjs` reads (the format of
//! `engines/tests/spicedb.rs`): `allowed`, `denied` or `undefined`, then
//! `resource:id#permission@subject:id`, then for a token
//! ` with {"now":SECONDS}`.
//!
//! Asked: every member, a stranger, every token and a token that is not
//! the organization's, × every action × every resource (the organization,
//! its clusters, projects and environments). An action asked of a kind of
//! resource it is not about is asked by one member and one token only:
//! whoever asks, SpiceDB's schema does not define it there.

use std::fmt::Write as _;

use orgmodel::{
    Action, ApiTokenId, Decision, Organization, Resource, SpiceDbError, Timestamp, UserId,
    spicedb_object_id,
};

/// Whose check the crate answers.
enum Who {
    User(UserId),
    Token(ApiTokenId),
}

/// Who is asked: `user:ID`, or `token:ID` with `now` in the context.
struct Asker {
    subject: String,
    context: String,
    asks_undefined: bool,
    who: Who,
}

impl Asker {
    fn answer(
        &self,
        org: &Organization,
        now: Timestamp,
        action: Action,
        at: Resource<'_>,
    ) -> Decision {
        match &self.who {
            Who::User(id) => org.check(id, action, at),
            Who::Token(id) => org.check_token(id, now, action, at),
        }
    }
}

/// How many questions were written, and of what kind.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) questions: usize,
    pub(crate) allowed: usize,
    pub(crate) undefined: usize,
    pub(crate) by_tokens: usize,
}

/// Every member and token, a stranger, and a token not the organization's.
fn askers(org: &Organization, now: Timestamp) -> Result<Vec<Asker>, SpiceDbError> {
    let user = |id: UserId| -> Result<Asker, SpiceDbError> {
        Ok(Asker {
            subject: format!("user:{}", spicedb_object_id(id.as_str())?),
            context: String::new(),
            asks_undefined: false,
            who: Who::User(id),
        })
    };
    let token = |id: ApiTokenId| -> Result<Asker, SpiceDbError> {
        Ok(Asker {
            subject: format!("token:{}", spicedb_object_id(id.as_str())?),
            context: format!(" with {{\"now\":{}}}", now.unix_seconds()),
            asks_undefined: false,
            who: Who::Token(id),
        })
    };
    let mut all = org
        .members()
        .map(|m| user(m.id.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    if let Ok(stranger) = "stranger-not-a-member".parse::<UserId>() {
        all.push(user(stranger)?);
    }
    // The first token asked (the organization's first, or the unknown one).
    let first_token = all.len();
    for each in org.tokens() {
        all.push(token(each.id.clone())?);
    }
    if let Ok(unknown) = "token-not-in-the-organization".parse::<ApiTokenId>() {
        all.push(token(unknown)?);
    }
    for index in [0, first_token] {
        if let Some(asker) = all.get_mut(index) {
            asker.asks_undefined = true;
        }
    }
    Ok(all)
}

/// Every resource of `org`, with its SpiceDB object.
fn resources(org: &Organization) -> Result<Vec<(Resource<'_>, String)>, SpiceDbError> {
    let object = |kind: &str, id: &str| -> Result<String, SpiceDbError> {
        Ok(format!("{kind}:{}", spicedb_object_id(id)?))
    };
    let mut all = vec![(
        Resource::Organization,
        object("organization", org.id().as_str())?,
    )];
    for cluster in org.clusters() {
        all.push((
            Resource::Cluster(&cluster.id),
            object("cluster", cluster.id.as_str())?,
        ));
    }
    for project in org.projects() {
        all.push((
            Resource::Project(project.id()),
            object("project", project.id().as_str())?,
        ));
        for environment in project.environments() {
            let resource = Resource::Environment {
                project: project.id(),
                environment: &environment.id,
            };
            all.push((resource, object("environment", environment.id.as_str())?));
        }
    }
    Ok(all)
}

/// Appends to `out` the crate's answer, at `now`, to every question of
/// `org`, under a comment naming the organization, its revision and `now`.
pub(crate) fn write_checks(
    org: &Organization,
    now: Timestamp,
    out: &mut String,
    counts: &mut Counts,
) -> Result<(), SpiceDbError> {
    let resources = resources(org)?;
    let _ = writeln!(
        out,
        "# {} at revision {}, now {}",
        org.id(),
        org.revision(),
        now.unix_seconds()
    );
    for asker in askers(org, now)? {
        for (resource, object) in &resources {
            for action in Action::ALL {
                let expected = if !resource.answers(action) {
                    if !asker.asks_undefined {
                        continue;
                    }
                    counts.undefined += 1;
                    "undefined"
                } else if asker.answer(org, now, action, *resource).is_allowed() {
                    counts.allowed += 1;
                    "allowed"
                } else {
                    "denied"
                };
                let permission = action.as_str().to_ascii_lowercase();
                let Asker {
                    subject, context, ..
                } = &asker;
                let _ = writeln!(out, "{expected} {object}#{permission}@{subject}{context}");
                counts.questions += 1;
                counts.by_tokens += usize::from(!context.is_empty());
            }
        }
    }
    Ok(())
}
