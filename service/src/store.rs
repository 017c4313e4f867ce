//! The event log: one table of audit-log lines, one row per event, unique
//! on (organization, revision), shared by every process of the service. An
//! append is one transaction that fails as a whole when another writer took
//! one of its revisions: that is the conditional append the revisions make
//! safe. Deleted organizations are a second table.

use std::time::Duration;

use orgmodel::Recorded;
use rusqlite::{Connection, ErrorCode, TransactionBehavior, ffi, params};

use crate::error::ApiError;

/// How long a statement waits for another process's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The store's failures, as a 500 that names them.
fn failed(error: impl std::fmt::Display) -> ApiError {
    ApiError::store(format!("the store failed: {error}"))
}

/// One stored event, as its line.
pub struct Row {
    /// Its revision.
    pub revision: u64,
    /// The audit-log line.
    pub entry: String,
}

/// The log, on SQLite (a file) or Postgres (a `postgres://` URL).
pub enum Store {
    /// A SQLite file.
    Sqlite(Sqlite),
    /// A Postgres database.
    Postgres(crate::postgres_log::Postgres),
}

/// Calls the method of whichever store it is.
macro_rules! either {
    ($self:ident.$method:ident($($arg:expr),*)) => {
        match $self {
            Store::Sqlite(store) => store.$method($($arg),*),
            Store::Postgres(store) => store.$method($($arg),*),
        }
    };
}

impl Store {
    /// Opens `database`: a `postgres://` (or `postgresql://`) URL, else a SQLite file.
    pub fn open(database: &str) -> Result<Self, ApiError> {
        if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            Ok(Store::Postgres(crate::postgres_log::Postgres::open(
                database,
            )?))
        } else {
            Ok(Store::Sqlite(Sqlite::open(database)?))
        }
    }

    /// A number that changes whenever a write commits.
    pub fn version(&mut self) -> Result<(i64, i64), ApiError> {
        either!(self.version())
    }

    /// The organizations created, by id.
    pub fn organizations(&mut self) -> Result<Vec<String>, ApiError> {
        either!(self.organizations())
    }

    /// The organizations deleted, by id.
    pub fn deleted(&mut self) -> Result<Vec<String>, ApiError> {
        either!(self.deleted())
    }

    /// The events of `organization` after `after`, in order.
    pub fn events(
        &mut self,
        organization: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Row>, ApiError> {
        either!(self.events(organization, after, limit))
    }

    /// Appends `recorded` conditionally: `false` when a revision was taken.
    pub fn append(&mut self, organization: &str, recorded: &[Recorded]) -> Result<bool, ApiError> {
        either!(self.append(organization, recorded))
    }

    /// Marks `organization` deleted.
    pub fn delete(&mut self, organization: &str, at: &str, by: &str) -> Result<bool, ApiError> {
        either!(self.delete(organization, at, by))
    }
}

/// The log on SQLite.
pub struct Sqlite {
    db: Connection,
}

/// Whether `error` is the primary key refusing a revision already taken.
fn is_taken(error: &rusqlite::Error) -> bool {
    error.sqlite_error().is_some_and(|error| {
        matches!(
            error.extended_code,
            ffi::SQLITE_CONSTRAINT_PRIMARYKEY | ffi::SQLITE_CONSTRAINT_UNIQUE
        )
    })
}

impl Sqlite {
    /// Opens (creating it on first start) the database at `path`.
    pub fn open(path: &str) -> Result<Self, ApiError> {
        let db = Connection::open(path).map_err(failed)?;
        db.busy_timeout(BUSY_TIMEOUT).map_err(failed)?;
        // WAL lets readers run beside the writer; switching to it may be
        // refused at once while another process opens the same new file.
        let mut attempt = 0;
        loop {
            match db
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            {
                Ok(_) => break,
                Err(error)
                    if attempt < 100
                        && matches!(
                            error.sqlite_error_code(),
                            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                        ) =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(error) => return Err(failed(error)),
            }
        }
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                organization TEXT NOT NULL,
                revision INTEGER NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (organization, revision)
            );
            CREATE TABLE IF NOT EXISTS deleted (
                organization TEXT PRIMARY KEY,
                at TEXT NOT NULL,
                by TEXT NOT NULL
            );",
        )
        .map_err(failed)?;
        Ok(Sqlite { db })
    }

    /// A number that changes whenever anything is written.
    pub fn version(&mut self) -> Result<(i64, i64), ApiError> {
        self.db
            .query_row(
                "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM events),
                        (SELECT COUNT(*) FROM deleted)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(failed)
    }

    /// The organizations created, by id.
    pub fn organizations(&mut self) -> Result<Vec<String>, ApiError> {
        let mut query = self
            .db
            .prepare_cached("SELECT organization FROM events WHERE revision = 0")
            .map_err(failed)?;
        let ids = query
            .query_map([], |row| row.get(0))
            .map_err(failed)?
            .collect::<Result<Vec<String>, _>>()
            .map_err(failed)?;
        Ok(ids)
    }

    /// The organizations deleted, by id.
    pub fn deleted(&mut self) -> Result<Vec<String>, ApiError> {
        let mut query = self
            .db
            .prepare_cached("SELECT organization FROM deleted")
            .map_err(failed)?;
        let ids = query
            .query_map([], |row| row.get(0))
            .map_err(failed)?
            .collect::<Result<Vec<String>, _>>()
            .map_err(failed)?;
        Ok(ids)
    }

    /// The events of `organization` after revision `after` (all for
    /// `None`), in order.
    pub fn events(
        &mut self,
        organization: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Row>, ApiError> {
        let after = after.map_or(-1, |revision| i64::try_from(revision).unwrap_or(i64::MAX));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut query = self
            .db
            .prepare_cached(
                "SELECT revision, entry FROM events
                 WHERE organization = ?1 AND revision > ?2 ORDER BY revision LIMIT ?3",
            )
            .map_err(failed)?;
        let rows = query
            .query_map(params![organization, after, limit], |row| {
                Ok(Row {
                    revision: u64::try_from(row.get::<_, i64>(0)?).unwrap_or(u64::MAX),
                    entry: row.get(1)?,
                })
            })
            .map_err(failed)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed)?;
        Ok(rows)
    }

    /// Appends `recorded` in one transaction: `false`, and nothing
    /// written, when another writer took one of their revisions.
    pub fn append(&mut self, organization: &str, recorded: &[Recorded]) -> Result<bool, ApiError> {
        let transaction = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        for event in recorded {
            let entry = serde_json::to_string(event).map_err(failed)?;
            let revision = i64::try_from(event.revision).unwrap_or(i64::MAX);
            match transaction.execute(
                "INSERT INTO events (organization, revision, entry) VALUES (?1, ?2, ?3)",
                params![organization, revision, entry],
            ) {
                Ok(_) => {}
                // Dropping the transaction rolls it back.
                Err(error) if is_taken(&error) => return Ok(false),
                Err(error) => return Err(failed(error)),
            }
        }
        transaction.commit().map_err(failed)?;
        Ok(true)
    }

    /// Marks `organization` deleted: `false` when it already was.
    pub fn delete(&mut self, organization: &str, at: &str, by: &str) -> Result<bool, ApiError> {
        match self.db.execute(
            "INSERT INTO deleted (organization, at, by) VALUES (?1, ?2, ?3)",
            params![organization, at, by],
        ) {
            Ok(_) => Ok(true),
            Err(error) if is_taken(&error) => Ok(false),
            Err(error) => Err(failed(error)),
        }
    }
}
