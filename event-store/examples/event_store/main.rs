//! A real store: organizations kept as event logs in SQLite, rebuilt from
//! their logs on start, and writers sharing them, in one process or many.
//!
//! ```sh
//! cargo run -p orgmodel-event-store --example event_store -- target/orgs.sqlite   # run it twice
//! cargo run -p orgmodel-event-store --example event_store -- --check target/orgs.sqlite
//! ```
//!
//! Each change is one row `(organization, revision, entry)`, `entry` being
//! the event as an audit-log line; the primary key on `(organization,
//! revision)` makes the store refuse a second event of the same revision.
//! Writers run commands conditionally on the revision their client read: a
//! writer that read an older revision is refused as stale, and one that
//! loses the race to append its revision (another process appended it
//! first) is stale too: either way it catches up with the log, and retries
//! on the revision it now reads, at most [`ATTEMPTS`] times. Appending one
//! row needs no transaction (the key settles the race); creating an
//! organization writes several rows after checking that there are none, so
//! it runs in a `BEGIN IMMEDIATE` transaction. The database is in WAL mode
//! (readers and the writer do not block each other) and waits for a lock
//! rather than failing at once. The first line printed is the state
//! loaded, the last the state left: the next run's first line is this
//! run's last. Errors are printed with their kind; the exit code is 1 only
//! for an error that retrying cannot mend.
//!
//! With `--check`, it checks every organization's log instead: revisions
//! 0, 1, 2, … without a gap or a repeat, every entry readable, and the
//! organization rebuilt one event at a time (as a writer catches up) equal
//! to the one replayed at once, whose state it prints (`replayed: …`).

mod store;

use std::process::ExitCode;

use orgmodel::{Command, Email, InvalidValue, Organization, Recorded, Role, Timestamp, UserId};

use store::{ATTEMPTS, Failure, Store, backoff};

/// Runs a command for a client that read revision `read`: conditioned on
/// the revision the client read, built from it by `command`. Refused as
/// stale, or beaten to the append by another writer, the writer catches up
/// with the log and retries on the revision it now reads.
fn write(
    store: &Store,
    writer: &'static str,
    actor: &UserId,
    now: Timestamp,
    read: u64,
    command: impl Fn(u64) -> Result<Command, InvalidValue>,
) -> Result<Option<Recorded>, Failure> {
    let mut org = store
        .load("acme")?
        .ok_or(Failure::Check("acme is gone".into()))?;
    let mut expected = read;
    for attempt in 1..=ATTEMPTS {
        store.catch_up("acme", &mut org)?;
        let mut next = org.clone();
        match next.execute(actor, now, Some(expected), command(expected)?) {
            Err(orgmodel::Error::Stale(stale)) => {
                println!(
                    "{writer}: refused ({}, HTTP {}): {stale}",
                    stale.kind(),
                    stale.category().http_status()
                );
                expected = org.revision();
                println!("{writer}: reloaded revision {expected}, retrying");
            }
            Err(error) => return Err(error.into()),
            Ok(None) => return Ok(None),
            Ok(Some(recorded)) => {
                if store.append("acme", &recorded)? {
                    return Ok(Some(recorded));
                }
                // Another writer appended this revision first: stale too.
                println!(
                    "{writer}: revision {} was appended by another writer first: stale too",
                    recorded.revision
                );
                backoff(attempt);
                store.catch_up("acme", &mut org)?;
                expected = org.revision();
                println!("{writer}: reloaded revision {expected}, retrying");
            }
        }
    }
    Err(Failure::GaveUp { writer })
}

/// One line that says what an organization holds.
fn summary(org: &Organization) -> String {
    let members: Vec<String> = org
        .members()
        .map(|m| format!("{}:{}", m.id, m.role))
        .collect();
    let invited: Vec<&str> = org.invitations().iter().map(|i| i.email.as_str()).collect();
    format!(
        "{} revision {}, members [{}], invitations [{}], clusters {}, description {:?}",
        org.name(),
        org.revision(),
        members.join(", "),
        invited.join(", "),
        org.clusters().len(),
        org.description().unwrap_or_default()
    )
}

/// Checks every log: gap-free, readable, and replayed alike at once and
/// one event at a time.
fn check(store: &Store) -> Result<(), Failure> {
    for id in store.ids()? {
        for (expected, &got) in (0..).zip(&store.revisions(&id)?) {
            if got != expected {
                let problem = if got < expected {
                    "repeated"
                } else {
                    "missing"
                };
                return Err(Failure::Check(format!(
                    "{id}: revision {} is {problem}",
                    got.min(expected)
                )));
            }
        }
        let log = store.events(&id, None)?;
        let replayed = Organization::replay(&log)?;
        let mut stepwise = Organization::replay(log.first())?;
        for recorded in log.iter().skip(1) {
            stepwise.apply(recorded)?;
        }
        if stepwise != replayed {
            return Err(Failure::Check(format!(
                "{id}: one event at a time and at once differ"
            )));
        }
        println!(
            "checked: {id}, revisions 0 to {}, no gap, no repeat",
            replayed.revision()
        );
        println!("replayed: {}", summary(&replayed));
    }
    Ok(())
}

fn run() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (checking, path) = match args.as_slice() {
        [flag, path] if flag == "--check" => (true, path),
        [path] if !path.starts_with("--") => (false, path),
        _ => return Err(Failure::Usage),
    };
    let mut store = Store::open(path)?;
    if checking {
        return check(&store);
    }
    let now = Timestamp::from_unix_seconds(1_767_225_600);
    let (ada, ben): (UserId, UserId) = ("u-ada".parse()?, "u-ben".parse()?);

    match store.load_all()?.get("acme") {
        Some(org) => println!("loaded: {}", summary(org)),
        None => {
            println!("loaded: nothing yet");
            match store.create_acme(now)? {
                Some(org) => println!("created: {}", summary(&org)),
                None => println!("created: by another writer meanwhile"),
            }
        }
    }

    // Two writers read the same revision.
    let read = store
        .load("acme")?
        .ok_or(Failure::Check("acme is gone".into()))?
        .revision();
    println!("writers A and B both read revision {read}");

    // A invites someone on the revision it read: it wins (alone, at least).
    // The address names the revision the invitation was made on, which only
    // one command can be.
    let invite = |revision: u64| {
        Ok(Command::Invite {
            email: Email::new(format!("guest{revision}@acme.dev"))?,
            role: Role::Viewer.into(),
            expires_at: now.plus_seconds(86_400),
        })
    };
    if let Some(recorded) = write(&store, "A", &ada, now, read, invite)? {
        println!(
            "A: invited guest{}@acme.dev, revision {}",
            recorded.revision - 1,
            recorded.revision
        );
    }

    // B edits the description from what it read: refused as stale, it
    // reloads and retries.
    let edit = |revision: u64| {
        Ok(Command::SetDescription {
            description: Some(format!("edited by B after revision {revision}")),
        })
    };
    if let Some(recorded) = write(&store, "B", &ben, now, read, edit)? {
        println!("B: edited, revision {}", recorded.revision);
    }

    let org = store
        .load("acme")?
        .ok_or(Failure::Check("acme is gone".into()))?;
    println!("state: {}", summary(&org));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("event_store: {failure}");
            ExitCode::FAILURE
        }
    }
}
