//! `--seed FILE`: an organization made on first start from a JSON file,
//! its creation and then commands as the crate reads them, each run as its
//! actor. A store that already holds the organization is left alone.
//!
//! ```json
//! {"organization": {"id": "…", "name": "Acme", "plan": "BUSINESS",
//!                   "owner": "<user id>", "owner_email": "ada@acme.dev"},
//!  "commands": [{"actor": "<user id>", "command": {"command": "ADD_PROJECT", …}}]}
//! ```
//! An actor is a user id, or `token:<API token id>`.

use orgmodel::{Command, Email, Name, Organization, OrganizationId, Plan, Principal, UserId};
use serde::Deserialize;

use crate::state::{Inner, now};

#[derive(Deserialize)]
struct Seed {
    organization: Creation,
    #[serde(default)]
    commands: Vec<Step>,
}

#[derive(Deserialize)]
struct Creation {
    id: OrganizationId,
    name: Name,
    plan: Plan,
    owner: UserId,
    owner_email: Email,
}

#[derive(Deserialize)]
struct Step {
    actor: String,
    command: Command,
}

/// Seeds the store from `text`: `Ok(false)` when the organization was there.
pub fn seed(inner: &mut Inner, text: &str) -> Result<bool, String> {
    let seed: Seed = serde_json::from_str(text).map_err(|error| format!("the seed: {error}"))?;
    let now = now();
    let creation = seed.organization;
    let (mut org, created) = Organization::create(
        creation.id.clone(),
        creation.name,
        creation.plan,
        creation.owner,
        creation.owner_email,
        now,
    );
    let mut log = vec![created];
    for (index, step) in seed.commands.into_iter().enumerate() {
        let actor = match step.actor.strip_prefix("token:") {
            Some(token) => Principal::ApiToken(token.parse().map_err(|error| format!("{error}"))?),
            None => Principal::User(step.actor.parse().map_err(|error| format!("{error}"))?),
        };
        let revision = org.revision();
        let done = org
            .execute(&actor, now, Some(revision), step.command)
            .map_err(|error| format!("the seed's command {index}: {error}"))?;
        log.extend(done);
    }
    inner
        .seed(creation.id.as_str(), &log)
        .map_err(|error| format!("{:?}", error.body()))
}
