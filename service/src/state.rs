//! What a process holds: the organizations rebuilt from the log, caught up
//! before every request (another process may have written), and the one
//! path of every write: catch up, run the command on a copy, append its
//! events conditionally on their revisions, retry (bounded) when another
//! writer got there first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use orgmodel::{Command, Event, Organization, Principal, Recorded, Timestamp};

use crate::error::ApiError;
use crate::store::Store;

/// Attempts of one unconditional write before the service gives up.
pub const ATTEMPTS: u32 = 50;

/// An organization as the service holds it, with what the log tells
/// beyond the crate's value: when each thing was created, who invited whom.
#[derive(Clone)]
pub struct Held {
    /// The organization.
    pub org: Organization,
    /// When it was created.
    pub created_at: Timestamp,
    /// When each target (by id, invitations by `invite:` and address) first appeared.
    pub created: HashMap<String, Timestamp>,
    /// Who sent each pending invitation, by lowercase address.
    pub inviters: HashMap<String, String>,
}

impl Held {
    fn new(first: &Recorded, org: Organization) -> Self {
        let mut held = Held {
            org,
            created_at: first.at,
            created: HashMap::new(),
            inviters: HashMap::new(),
        };
        held.note(first);
        held
    }

    /// Notes what `recorded` tells about creation times and inviters.
    fn note(&mut self, recorded: &Recorded) {
        if let Event::Invited { email, .. } = &recorded.event {
            let key = email.as_str().to_lowercase();
            self.created.insert(format!("invite:{key}"), recorded.at);
            let by = match &recorded.actor {
                Principal::User(user) => user.as_str().to_owned(),
                Principal::ApiToken(token) => token.as_str().to_owned(),
            };
            self.inviters.insert(key, by);
        }
        if let Some(target) = recorded.event.filing().target_id {
            self.created.entry(target.to_owned()).or_insert(recorded.at);
        }
        if let Event::EnvironmentCreated(_) = &recorded.event {
            if let Some(environment) = recorded.environment() {
                self.created
                    .entry(environment.id.as_str().to_owned())
                    .or_insert(recorded.at);
            }
        }
    }

    /// When `id` was created: its first event, else the organization's.
    pub fn created(&self, id: &str) -> Timestamp {
        self.created.get(id).copied().unwrap_or(self.created_at)
    }

    fn apply(&mut self, recorded: &Recorded) -> Result<(), ApiError> {
        self.org.apply(recorded)?;
        self.note(recorded);
        Ok(())
    }
}

/// The process's state: the store and the organizations read from it.
pub struct Inner {
    store: Store,
    held: BTreeMap<String, Held>,
    deleted: BTreeSet<String>,
    /// The store's version when the organizations were last caught up.
    seen: Option<(i64, i64)>,
    /// The service's own address, for the links it writes.
    pub base_url: String,
}

/// The clock, read by the service (the crate reads none).
pub fn now() -> Timestamp {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    Timestamp::from_unix_seconds(seconds)
}

fn parse(row: &crate::store::Row) -> Result<Recorded, ApiError> {
    let recorded: Recorded = serde_json::from_str(&row.entry).map_err(|error| {
        ApiError::store(format!(
            "the entry of revision {} is unreadable: {error}",
            row.revision
        ))
    })?;
    if recorded.revision != row.revision {
        return Err(ApiError::store(format!(
            "the entry of revision {} records revision {}",
            row.revision, recorded.revision
        )));
    }
    Ok(recorded)
}

impl Inner {
    /// The state over `store`, every organization rebuilt from it.
    pub fn new(store: Store, base_url: String) -> Result<Self, ApiError> {
        let mut inner = Inner {
            store,
            held: BTreeMap::new(),
            deleted: BTreeSet::new(),
            seen: None,
            base_url,
        };
        inner.sync_all()?;
        Ok(inner)
    }

    /// Catches up `id` from the log: loads it if new to this process.
    fn sync_one(&mut self, id: &str) -> Result<(), ApiError> {
        let after = self.held.get(id).map(|held| held.org.revision());
        let rows = self.store.events(id, after, usize::MAX)?;
        for row in &rows {
            let recorded = parse(row)?;
            match self.held.get_mut(id) {
                Some(held) => held.apply(&recorded)?,
                None => {
                    let org = Organization::replay([&recorded])?;
                    self.held.insert(id.to_owned(), Held::new(&recorded, org));
                }
            }
        }
        Ok(())
    }

    /// Catches up every organization, when anything was written since.
    pub fn sync_all(&mut self) -> Result<(), ApiError> {
        let version = self.store.version()?;
        if self.seen == Some(version) {
            return Ok(());
        }
        for id in self.store.organizations()? {
            self.sync_one(&id)?;
        }
        self.deleted = self.store.deleted()?.into_iter().collect();
        self.seen = Some(version);
        Ok(())
    }

    /// The organization `id`, caught up; 404 when there is none.
    pub fn get(&mut self, id: &str) -> Result<&Held, ApiError> {
        self.sync_all()?;
        self.held(id)
    }

    fn held(&self, id: &str) -> Result<&Held, ApiError> {
        match self.held.get(id) {
            Some(held) if !self.deleted.contains(id) => Ok(held),
            _ => Err(ApiError::Unknown),
        }
    }

    /// Every organization, caught up.
    pub fn all(&mut self) -> Result<impl Iterator<Item = &Held>, ApiError> {
        self.sync_all()?;
        let deleted = &self.deleted;
        Ok(self
            .held
            .iter()
            .filter(move |(id, _)| !deleted.contains(*id))
            .map(|(_, held)| held))
    }

    /// The organization that holds project `project`.
    pub fn by_project(&mut self, project: &str) -> Result<String, ApiError> {
        let found = self.all()?.find(|held| {
            held.org
                .projects()
                .iter()
                .any(|candidate| candidate.id().as_str() == project)
        });
        found
            .map(|held| held.org.id().as_str().to_owned())
            .ok_or(ApiError::Unknown)
    }

    /// The organization and project that hold environment `environment`.
    pub fn by_environment(&mut self, environment: &str) -> Result<(String, String), ApiError> {
        let found = self.all()?.find_map(|held| {
            held.org.projects().iter().find_map(|project| {
                project
                    .environments()
                    .iter()
                    .any(|candidate| candidate.id.as_str() == environment)
                    .then(|| {
                        (
                            held.org.id().as_str().to_owned(),
                            project.id().as_str().to_owned(),
                        )
                    })
            })
        });
        found.ok_or(ApiError::Unknown)
    }

    /// Stores a new organization's creation.
    pub fn create(&mut self, created: &Recorded) -> Result<(), ApiError> {
        let id = match &created.event {
            Event::Created { organization, .. } => organization.as_str().to_owned(),
            _ => return Err(ApiError::store("not a creation")),
        };
        if !self.store.append(&id, std::slice::from_ref(created))? {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "organization_exists",
                format!("organization {id} exists"),
            ));
        }
        self.sync_all()
    }

    /// Runs the commands `make` returns on organization `id` as `actor`,
    /// the first conditionally on `expected`, and appends their events;
    /// retries from the log when another writer took the revision.
    /// Returns the organization after them and their events.
    pub fn write(
        &mut self,
        id: &str,
        actor: &Principal,
        expected: Option<u64>,
        make: impl Fn(&Held) -> Result<Vec<Command>, ApiError>,
    ) -> Result<(&Held, Vec<Recorded>), ApiError> {
        for attempt in 0..ATTEMPTS {
            self.sync_all()?;
            self.sync_one(id)?;
            // The command runs on a copy of the organization alone: what
            // the service notes beside it changes only once appended.
            let held = self.held(id)?;
            let mut org = held.org.clone();
            let commands = make(held)?;
            let now = now();
            let mut recorded = Vec::new();
            for (index, command) in commands.into_iter().enumerate() {
                let condition = if index == 0 { expected } else { None };
                if let Some(event) = org.execute(actor, now, condition, command)? {
                    recorded.push(event);
                }
            }
            if recorded.is_empty() {
                return Ok((self.held(id)?, recorded));
            }
            if self.store.append(id, &recorded)? {
                let held = self
                    .held
                    .get_mut(id)
                    .ok_or_else(|| ApiError::store("the organization left the cache"))?;
                held.org = org;
                for event in &recorded {
                    held.note(event);
                }
                return Ok((held, recorded));
            }
            // Another writer took the revision: catch up and run again
            // (a conditional write then meets the crate's stale error).
            std::thread::sleep(Duration::from_millis(u64::from(attempt.min(10))));
        }
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "gave_up",
            format!("another writer took every revision in {ATTEMPTS} attempts"),
        ))
    }

    /// Stores a whole log for a new organization: `false` when it exists.
    pub fn seed(&mut self, id: &str, log: &[Recorded]) -> Result<bool, ApiError> {
        let stored = self.store.append(id, log)?;
        self.sync_all()?;
        Ok(stored)
    }

    /// Marks `id` deleted.
    pub fn delete(&mut self, id: &str, by: &str) -> Result<(), ApiError> {
        let at = now().to_string();
        self.store.delete(id, &at, by)?;
        self.deleted.insert(id.to_owned());
        Ok(())
    }

    /// The log of `id` after `after` (all for `None`), as stored.
    pub fn log(
        &mut self,
        id: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Recorded>, ApiError> {
        self.store
            .events(id, after, limit)?
            .iter()
            .map(parse)
            .collect()
    }
}
