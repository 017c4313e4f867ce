//! The store: one SQLite table of events, shared by processes, and the
//! failures of a run.

use std::collections::BTreeMap;
use std::fmt;
use std::thread;
use std::time::Duration;

use orgmodel::{
    ApplyError, CloudProvider, Cluster, Command, Email, InvalidValue, Name, Organization, Plan,
    Recorded, Role, Timestamp, UserId,
};
use rusqlite::{Connection, ErrorCode, TransactionBehavior, ffi, params};

/// Attempts of one command before a writer gives up.
pub(crate) const ATTEMPTS: u32 = 100;
/// How long a statement waits for another process's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a run stopped: every kind of failure, printed readably.
pub(crate) enum Failure {
    /// The crate refused a value, a command or an event.
    Refused(orgmodel::Error),
    /// The database failed.
    Store(rusqlite::Error),
    /// A stored entry is not an event of its row.
    Entry { revision: i64, problem: String },
    /// A writer was refused as stale on every attempt.
    GaveUp { writer: &'static str },
    /// The log is not what appending alone can make.
    Check(String),
    /// The command line is not `[--check] DATABASE`.
    Usage,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Refused(error) => write!(
                f,
                "refused ({}, HTTP {}): {error}",
                error.kind(),
                error.category().http_status()
            ),
            Failure::Store(error) => write!(f, "the store failed: {error}"),
            Failure::Entry { revision, problem } => {
                write!(
                    f,
                    "the entry of revision {revision} is unreadable: {problem}"
                )
            }
            Failure::GaveUp { writer } => write!(
                f,
                "writer {writer} gave up after {ATTEMPTS} attempts, each one stale"
            ),
            Failure::Check(problem) => write!(f, "the log is broken: {problem}"),
            Failure::Usage => f.write_str("usage: event_store [--check] DATABASE"),
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure::Store(error)
    }
}

impl From<orgmodel::Error> for Failure {
    fn from(error: orgmodel::Error) -> Self {
        Failure::Refused(error)
    }
}

impl From<InvalidValue> for Failure {
    fn from(error: InvalidValue) -> Self {
        Failure::Refused(error.into())
    }
}

impl From<ApplyError> for Failure {
    fn from(error: ApplyError) -> Self {
        Failure::Refused(error.into())
    }
}

/// Whether `error` is the primary key refusing a revision already taken:
/// told by SQLite's extended result code, never by the message's text.
fn is_taken(error: &rusqlite::Error) -> bool {
    error.sqlite_error().is_some_and(|error| {
        matches!(
            error.extended_code,
            ffi::SQLITE_CONSTRAINT_PRIMARYKEY | ffi::SQLITE_CONSTRAINT_UNIQUE
        )
    })
}

/// A short pause before attempt `attempt`, different in each process.
pub(crate) fn backoff(attempt: u32) {
    let spread = 1 + std::process::id() % 5;
    thread::sleep(Duration::from_millis(u64::from(attempt.min(10) * spread)));
}

pub(crate) struct Store {
    db: Connection,
}

impl Store {
    pub(crate) fn open(path: &str) -> Result<Self, Failure> {
        let db = Connection::open(path)?;
        db.busy_timeout(BUSY_TIMEOUT)?;
        // Switching to WAL takes a lock that may be refused at once while
        // another process opens the same new file: it is retried.
        for attempt in 1.. {
            match db
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            {
                Ok(_) => break,
                Err(error)
                    if attempt < ATTEMPTS
                        && matches!(
                            error.sqlite_error_code(),
                            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                        ) =>
                {
                    backoff(attempt);
                }
                Err(error) => return Err(error.into()),
            }
        }
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                organization TEXT NOT NULL,
                revision INTEGER NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (organization, revision)
            )",
        )?;
        Ok(Store { db })
    }

    /// Appends one event: `false` when another writer took its revision.
    pub(crate) fn append(&self, organization: &str, recorded: &Recorded) -> Result<bool, Failure> {
        let entry = serde_json::to_string(recorded).map_err(|error| Failure::Entry {
            revision: -1,
            problem: error.to_string(),
        })?;
        let revision = i64::try_from(recorded.revision).unwrap_or(i64::MAX);
        match self.db.execute(
            "INSERT INTO events (organization, revision, entry) VALUES (?1, ?2, ?3)",
            params![organization, revision, entry],
        ) {
            Ok(_) => Ok(true),
            Err(error) if is_taken(&error) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// The events of one organization after `revision` (all, for `None`),
    /// in order.
    pub(crate) fn events(
        &self,
        organization: &str,
        after: Option<u64>,
    ) -> Result<Vec<Recorded>, Failure> {
        let after = after.map_or(-1, |revision| i64::try_from(revision).unwrap_or(i64::MAX));
        let mut query = self.db.prepare(
            "SELECT revision, entry FROM events
             WHERE organization = ?1 AND revision > ?2 ORDER BY revision",
        )?;
        let rows = query
            .query_map(params![organization, after], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(revision, entry)| {
                let unreadable = |problem: String| Failure::Entry { revision, problem };
                let recorded = serde_json::from_str::<Recorded>(&entry)
                    .map_err(|error| unreadable(error.to_string()))?;
                if i64::try_from(recorded.revision) != Ok(revision) {
                    return Err(unreadable(format!(
                        "it records revision {}",
                        recorded.revision
                    )));
                }
                Ok(recorded)
            })
            .collect()
    }

    /// Rebuilds one organization from its log.
    pub(crate) fn load(&self, organization: &str) -> Result<Option<Organization>, Failure> {
        let log = self.events(organization, None)?;
        if log.is_empty() {
            return Ok(None);
        }
        Ok(Some(Organization::replay(&log)?))
    }

    /// Applies the events appended since `org`'s revision.
    pub(crate) fn catch_up(
        &self,
        organization: &str,
        org: &mut Organization,
    ) -> Result<(), Failure> {
        for recorded in self.events(organization, Some(org.revision()))? {
            org.apply(&recorded)?;
        }
        Ok(())
    }

    /// The revisions of one organization's rows, in order.
    pub(crate) fn revisions(&self, organization: &str) -> Result<Vec<i64>, Failure> {
        let mut query = self
            .db
            .prepare("SELECT revision FROM events WHERE organization = ?1 ORDER BY revision")?;
        let revisions = query
            .query_map(params![organization], |row| row.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(revisions)
    }

    /// The organizations in the store, by id.
    pub(crate) fn ids(&self) -> Result<Vec<String>, Failure> {
        let mut query = self
            .db
            .prepare("SELECT DISTINCT organization FROM events ORDER BY organization")?;
        let ids = query
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    /// Rebuilds every organization.
    pub(crate) fn load_all(&self) -> Result<BTreeMap<String, Organization>, Failure> {
        let mut all = BTreeMap::new();
        for id in self.ids()? {
            if let Some(org) = self.load(&id)? {
                all.insert(id, org);
            }
        }
        Ok(all)
    }

    /// Creates acme with its first members and cluster, unless another
    /// process already has: the check and the rows are one transaction,
    /// which takes the write lock first. Returns the organization created.
    pub(crate) fn create_acme(&mut self, now: Timestamp) -> Result<Option<Organization>, Failure> {
        let (ada, ben): (UserId, UserId) = ("u-ada".parse()?, "u-ben".parse()?);
        let transaction = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: bool = transaction.query_row(
            "SELECT EXISTS (SELECT 1 FROM events WHERE organization = 'acme')",
            [],
            |row| row.get(0),
        )?;
        if exists {
            return Ok(None);
        }
        let (mut org, created) = Organization::create(
            "acme".parse()?,
            Name::new("Acme")?,
            Plan::Business,
            ada.clone(),
            Email::new("ada@acme.dev")?,
            now,
        );
        let mut log = vec![created];
        for (actor, command) in [
            (
                &ada,
                Command::Invite {
                    email: Email::new("ben@acme.dev")?,
                    role: Role::Admin.into(),
                    expires_at: now.plus_seconds(86_400),
                },
            ),
            (
                &ben,
                Command::AcceptInvitation {
                    email: Email::new("ben@acme.dev")?,
                },
            ),
            (
                &ada,
                Command::AddCluster {
                    cluster: Cluster::new(
                        "c-main".parse()?,
                        Name::new("main")?,
                        CloudProvider::Aws,
                        "eu-west-3",
                    ),
                },
            ),
        ] {
            log.extend(org.execute(actor, now, Some(org.revision()), command)?);
        }
        for recorded in &log {
            let entry = serde_json::to_string(recorded).map_err(|error| Failure::Entry {
                revision: -1,
                problem: error.to_string(),
            })?;
            transaction.execute(
                "INSERT INTO events (organization, revision, entry) VALUES ('acme', ?1, ?2)",
                params![i64::try_from(recorded.revision).unwrap_or(i64::MAX), entry],
            )?;
        }
        transaction.commit()?;
        Ok(Some(org))
    }
}
