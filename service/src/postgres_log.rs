//! The event log on Postgres: the same two tables as on SQLite, the same
//! conditional append (one transaction, refused as a whole by the primary
//! key when another writer took a revision).

use orgmodel::Recorded;
use postgres::error::SqlState;
use postgres::{Client, NoTls};

use crate::error::ApiError;
use crate::store::Row;

fn failed(error: impl std::fmt::Display) -> ApiError {
    ApiError::store(format!("the store failed: {error}"))
}

/// Whether `error` is a key refusing a row already there.
fn is_taken(error: &postgres::Error) -> bool {
    error.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

/// The log on Postgres.
pub struct Postgres {
    db: Client,
}

fn revision(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Postgres {
    /// Connects to `url` and creates the tables if they are not there.
    pub fn open(url: &str) -> Result<Self, ApiError> {
        let mut db = Client::connect(url, NoTls).map_err(failed)?;
        // Two processes starting at once may both try to create the tables:
        // the loser's error is harmless once they exist.
        let create = "CREATE TABLE IF NOT EXISTS events (
                organization TEXT NOT NULL,
                revision BIGINT NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (organization, revision)
            );
            CREATE TABLE IF NOT EXISTS deleted (
                organization TEXT PRIMARY KEY,
                at TEXT NOT NULL,
                by TEXT NOT NULL
            );";
        if let Err(error) = db.batch_execute(create) {
            if !is_taken(&error) {
                return Err(failed(error));
            }
            db.batch_execute(create).map_err(failed)?;
        }
        Ok(Postgres { db })
    }

    /// A number that changes whenever a write commits: the rows counted
    /// (a sequence's maximum could be passed by a transaction that commits later).
    pub fn version(&mut self) -> Result<(i64, i64), ApiError> {
        let row = self
            .db
            .query_one(
                "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM deleted)",
                &[],
            )
            .map_err(failed)?;
        Ok((row.get(0), row.get(1)))
    }

    /// The organizations created, by id.
    pub fn organizations(&mut self) -> Result<Vec<String>, ApiError> {
        let rows = self
            .db
            .query("SELECT organization FROM events WHERE revision = 0", &[])
            .map_err(failed)?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// The organizations deleted, by id.
    pub fn deleted(&mut self) -> Result<Vec<String>, ApiError> {
        let rows = self
            .db
            .query("SELECT organization FROM deleted", &[])
            .map_err(failed)?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// The events of `organization` after revision `after`, in order.
    pub fn events(
        &mut self,
        organization: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Row>, ApiError> {
        let after = after.map_or(-1, revision);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .db
            .query(
                "SELECT revision, entry FROM events
                 WHERE organization = $1 AND revision > $2 ORDER BY revision LIMIT $3",
                &[&organization, &after, &limit],
            )
            .map_err(failed)?;
        rows.iter()
            .map(|row| {
                Ok(Row {
                    revision: u64::try_from(row.try_get::<_, i64>(0).map_err(failed)?)
                        .unwrap_or(u64::MAX),
                    entry: row.try_get(1).map_err(failed)?,
                })
            })
            .collect()
    }

    /// Appends `recorded` in one transaction: `false`, and nothing
    /// written, when another writer took one of their revisions.
    pub fn append(&mut self, organization: &str, recorded: &[Recorded]) -> Result<bool, ApiError> {
        let mut transaction = self.db.transaction().map_err(failed)?;
        for event in recorded {
            let entry = serde_json::to_string(event).map_err(failed)?;
            match transaction.execute(
                "INSERT INTO events (organization, revision, entry) VALUES ($1, $2, $3)",
                &[&organization, &revision(event.revision), &entry],
            ) {
                Ok(_) => {}
                // Dropping the transaction rolls it back.
                Err(error) if is_taken(&error) => return Ok(false),
                Err(error) => return Err(failed(error)),
            }
        }
        match transaction.commit() {
            Ok(()) => Ok(true),
            Err(error) if is_taken(&error) => Ok(false),
            Err(error) => Err(failed(error)),
        }
    }

    /// Marks `organization` deleted: `false` when it already was.
    pub fn delete(&mut self, organization: &str, at: &str, by: &str) -> Result<bool, ApiError> {
        match self.db.execute(
            "INSERT INTO deleted (organization, at, by) VALUES ($1, $2, $3)",
            &[&organization, &at, &by],
        ) {
            Ok(_) => Ok(true),
            Err(error) if is_taken(&error) => Ok(false),
            Err(error) => Err(failed(error)),
        }
    }
}
