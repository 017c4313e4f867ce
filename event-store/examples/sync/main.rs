//! Keeps a distributed engine in step with the event store: reads the
//! SQLite log the `event_store` example writes, replays each
//! organization's log, and prints each event's updates to the engine's
//! export as JSON lines, ready for the engine's write API.
//!
//! ```sh
//! cargo run -p orgmodel-event-store --example sync -- DATABASE \
//!     [--since REVISION] [--until REVISION] [--organization ID] [--openfga]
//!     [--checks FILE] [--relationships FILE]
//! ```
//!
//! By default a line is a SpiceDB v1 `WriteRelationships` request (the JSON
//! of its HTTP API, and what `WriteRelationshipsRequest.fromJson` reads in
//! the Node client): `{"updates":[{"operation":"OPERATION_DELETE" or
//! "OPERATION_TOUCH","relationship":{"resource":{"objectType":…,"objectId":…},
//! "relation":…,"subject":{"object":{…},"optionalRelation":…},
//! "optionalCaveat":{"caveatName":…,"context":{…}}}}],
//! "optionalTransactionMetadata":{"organization":…,"revision":…}}`: the
//! deletes first, then the writes; SpiceDB keeps the metadata with the
//! transaction (and reports it in `Watch`), so the engine itself says which
//! revision of which organization it last applied. With `--openfga`, a line
//! is an OpenFGA `Write` body, `{"writes":{"tuple_keys":[…]},
//! "deletes":{"tuple_keys":[…]}}` (an empty part left out); OpenFGA's body
//! has no room for metadata, so use `--organization` and the summary.
//!
//! The lines are the updates of every event after `--since` (default: all,
//! the creation's being the whole export of the organization it creates)
//! up to `--until` (default: the end), organization by organization (by
//! id), in the log's order. An event that changes nothing in the export
//! prints nothing; one that changes more than an engine takes in one call
//! (1,000 updates for SpiceDB, 100 tuples for OpenFGA, their defaults) is
//! several lines. A summary per organization goes to stderr, with the last
//! revision replayed: the next run's `--since`.
//!
//! `--checks FILE` writes the crate's answer to every member/token ×
//! action × resource of each organization as replayed (at the time of its
//! last event), in the `.checks` format of `engines/spicedb/check.mjs`:
//! `engines/spicedb/sync.mjs` applies the lines to embedded SpiceDB and
//! bulk-checks them. `--relationships FILE` writes the organizations'
//! SpiceDB export as replayed (`write_spicedb_relationships`), which
//! `sync.mjs` compares with every relationship SpiceDB holds once synced.
//! Errors are printed readably; exit 2 for a wrong command line, 1 for any
//! other failure.

mod checks;
mod lines;
#[allow(dead_code)]
#[path = "../event_store/store.rs"]
mod store;

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use orgmodel::{Engine, Timestamp, write_spicedb_relationships};

use checks::{Counts, write_checks};
use lines::{Replica, SyncError, openfga_lines, spicedb_lines};
use store::{Failure, Store};

const USAGE: &str = "usage: sync DATABASE [--since REVISION] [--until REVISION] \
                     [--organization ID] [--openfga] [--checks FILE] [--relationships FILE]";

/// Why a run stopped.
enum Error {
    Usage(String),
    Store(Failure),
    Sync {
        organization: String,
        error: SyncError,
    },
    Checks {
        organization: String,
        error: orgmodel::SpiceDbError,
    },
    Export {
        organization: String,
        error: orgmodel::SpiceDbError,
    },
    Output(io::Error),
    File {
        path: String,
        error: io::Error,
    },
    NoDatabase(String),
    NoOrganization(String),
    /// Events not written: an id the engine would misread.
    Skipped(usize),
    Ahead {
        organization: String,
        last: u64,
        since: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(problem) => write!(f, "{problem}\n{USAGE}"),
            Error::Store(failure) => write!(f, "{failure}"),
            Error::Sync {
                organization,
                error,
            } => write!(f, "{organization}: {error}"),
            Error::Checks {
                organization,
                error,
            } => write!(
                f,
                "{organization}: the questions cannot be written: {error}"
            ),
            Error::Export {
                organization,
                error,
            } => write!(f, "{organization}: the export cannot be written: {error}"),
            Error::Output(error) => write!(f, "cannot write the lines: {error}"),
            Error::File { path, error } => write!(f, "cannot write {path}: {error}"),
            Error::NoDatabase(path) => write!(f, "no database at {path}"),
            Error::NoOrganization(id) => write!(f, "the log has no organization {id:?}"),
            Error::Skipped(events) => write!(
                f,
                "{events} events were not written (above): the engine would misread an id they name"
            ),
            Error::Ahead {
                organization,
                last,
                since,
            } => write!(
                f,
                "{organization}: the log ends at revision {last}, before --since {since}"
            ),
        }
    }
}

/// The command line.
#[derive(Default)]
struct Options {
    database: String,
    since: Option<u64>,
    until: Option<u64>,
    organization: Option<String>,
    openfga: bool,
    checks: Option<String>,
    relationships: Option<String>,
}

fn options(args: impl IntoIterator<Item = String>) -> Result<Options, Error> {
    let mut options = Options::default();
    let mut database = None;
    let mut args = args.into_iter();
    let revision = |flag: &str, value: Option<String>| -> Result<u64, Error> {
        let value = value.ok_or_else(|| Error::Usage(format!("{flag} needs a revision")))?;
        value
            .parse()
            .map_err(|_| Error::Usage(format!("{flag} {value:?}: not a revision")))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--since" => options.since = Some(revision("--since", args.next())?),
            "--until" => options.until = Some(revision("--until", args.next())?),
            "--organization" => {
                let id = args.next();
                options.organization =
                    Some(id.ok_or_else(|| Error::Usage("--organization needs an id".into()))?);
            }
            "--openfga" => options.openfga = true,
            "--checks" => {
                let file = args.next();
                options.checks =
                    Some(file.ok_or_else(|| Error::Usage("--checks needs a file".into()))?);
            }
            "--relationships" => {
                let file = args.next();
                options.relationships =
                    Some(file.ok_or_else(|| Error::Usage("--relationships needs a file".into()))?);
            }
            _ if arg.starts_with("--") => return Err(Error::Usage(format!("unknown flag {arg}"))),
            _ if database.is_none() => database = Some(arg),
            _ => return Err(Error::Usage(format!("unexpected argument {arg:?}"))),
        }
    }
    options.database = database.ok_or_else(|| Error::Usage("no DATABASE".into()))?;
    if let (Some(since), Some(until)) = (options.since, options.until) {
        if until < since {
            return Err(Error::Usage(format!(
                "--until {until} is before --since {since}"
            )));
        }
    }
    Ok(options)
}

fn run() -> Result<(), Error> {
    let options = options(std::env::args().skip(1))?;
    // Opening a missing file would create an empty database.
    if !Path::new(&options.database).is_file() {
        return Err(Error::NoDatabase(options.database));
    }
    let store = Store::open(&options.database).map_err(Error::Store)?;
    let ids = store.ids().map_err(Error::Store)?;
    let ids = match &options.organization {
        Some(id) if ids.contains(id) => vec![id.clone()],
        Some(id) => return Err(Error::NoOrganization(id.clone())),
        None => ids,
    };
    let engine = if options.openfga {
        Engine::OpenFga
    } else {
        Engine::SpiceDb
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut questions = String::new();
    let mut export = String::new();
    let mut counts = Counts::default();
    let mut skipped = 0;
    for id in ids {
        let log = store.events(&id, None).map_err(Error::Store)?;
        let sync = |error| Error::Sync {
            organization: id.clone(),
            error,
        };
        let mut replica = Replica::new(engine);
        let (mut emitted, mut deletes, mut writes, mut last_at) = (0, 0, 0, None);
        for recorded in &log {
            if options.until.is_some_and(|until| recorded.revision > until) {
                break;
            }
            let wanted = options.since.is_none_or(|since| recorded.revision > since);
            last_at = Some(recorded.at);
            let updates = match replica.apply(recorded, wanted) {
                Ok(Some(updates)) => updates,
                Ok(None) => continue,
                // An event naming an id the engine would misread is told
                // and skipped: the engine never holds that part, and the
                // next events (and organizations) still go through.
                Err(error @ SyncError::Export { .. }) => {
                    eprintln!("sync: {}", sync(error));
                    skipped += 1;
                    continue;
                }
                Err(error) => return Err(sync(error)),
            };
            let lines = match engine {
                Engine::OpenFga => openfga_lines(&updates),
                _ => spicedb_lines(&id, recorded.revision, &updates),
            }
            .map_err(sync)?;
            for line in &lines {
                writeln!(out, "{line}").map_err(Error::Output)?;
            }
            emitted += lines.len();
            deletes += updates.deletes.len();
            writes += updates.writes.len();
        }
        let Some(org) = replica.organization() else {
            continue;
        };
        let last = org.revision();
        if let Some(since) = options.since.filter(|since| *since > last) {
            if options.organization.is_some() {
                return Err(Error::Ahead {
                    organization: id,
                    last,
                    since,
                });
            }
        }
        let from = match options.since {
            Some(since) => format!("the events after revision {since}"),
            None => "every event, the creation's being the whole export".into(),
        };
        eprintln!(
            "sync: {id}: replayed revisions 0 to {last}; {emitted} lines for {from}: {deletes} deletes, {writes} writes ({engine})"
        );
        if options.relationships.is_some() {
            write_spicedb_relationships(org, &mut export).map_err(|error| Error::Export {
                organization: id.clone(),
                error,
            })?;
        }
        if options.checks.is_some() {
            let now = last_at.unwrap_or(Timestamp::UNIX_EPOCH);
            write_checks(org, now, &mut questions, &mut counts).map_err(|error| Error::Checks {
                organization: id.clone(),
                error,
            })?;
        }
    }
    out.flush().map_err(Error::Output)?;
    if skipped > 0 {
        return Err(Error::Skipped(skipped));
    }
    if let Some(path) = options.relationships {
        let relationships = export.lines().count();
        std::fs::write(&path, export).map_err(|error| Error::File {
            path: path.clone(),
            error,
        })?;
        eprintln!("sync: {relationships} relationships of the SpiceDB export written to {path}");
    }
    if let Some(path) = options.checks {
        std::fs::write(&path, questions).map_err(|error| Error::File {
            path: path.clone(),
            error,
        })?;
        eprintln!(
            "sync: {} questions written to {path} ({} allowed, {} undefined; {} by tokens)",
            counts.questions, counts.allowed, counts.undefined, counts.by_tokens
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sync: {error}");
            ExitCode::from(if matches!(error, Error::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}
