//! A real store: organizations kept as event logs in SQLite, rebuilt from
//! their logs on start, and two writers sharing them.
//!
//! ```sh
//! cargo run -p orgmodel-event-store --example event_store -- target/orgs.sqlite   # run it twice
//! ```
//!
//! Each change is one row `(organization, revision, entry)`, `entry` being
//! the event as an audit-log line; the primary key on `(organization,
//! revision)` makes the store refuse a second event of the same revision.
//! Writers run commands conditionally on the revision their client read: a
//! writer that read an older revision is refused as stale, reloads and
//! retries. The first line printed is the state loaded, the last the state
//! left: the next run's first line is this run's last.

use std::collections::BTreeMap;
use std::error::Error;

use orgmodel::{
    CloudProvider, Cluster, Command, Email, Name, Organization, Plan, Recorded, Role, Timestamp,
    UserId,
};
use rusqlite::{Connection, params};

struct Store {
    db: Connection,
}

impl Store {
    fn open(path: &str) -> Result<Self, Box<dyn Error>> {
        let db = Connection::open(path)?;
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

    /// Appends one event; the store refuses a revision already taken.
    fn append(&self, organization: &str, recorded: &Recorded) -> Result<(), Box<dyn Error>> {
        self.db.execute(
            "INSERT INTO events (organization, revision, entry) VALUES (?1, ?2, ?3)",
            params![
                organization,
                i64::try_from(recorded.revision)?,
                serde_json::to_string(recorded)?
            ],
        )?;
        Ok(())
    }

    /// Rebuilds one organization from its log.
    fn load(&self, organization: &str) -> Result<Option<Organization>, Box<dyn Error>> {
        let mut query = self
            .db
            .prepare("SELECT entry FROM events WHERE organization = ?1 ORDER BY revision")?;
        let log = query
            .query_map(params![organization], |row| row.get::<_, String>(0))?
            .map(|entry| Ok(serde_json::from_str::<Recorded>(&entry?)?))
            .collect::<Result<Vec<_>, Box<dyn Error>>>()?;
        if log.is_empty() {
            return Ok(None);
        }
        Ok(Some(Organization::replay(&log)?))
    }

    /// Rebuilds every organization.
    fn load_all(&self) -> Result<BTreeMap<String, Organization>, Box<dyn Error>> {
        let mut query = self
            .db
            .prepare("SELECT DISTINCT organization FROM events ORDER BY organization")?;
        let ids = query
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut all = BTreeMap::new();
        for id in ids {
            if let Some(org) = self.load(&id)? {
                all.insert(id, org);
            }
        }
        Ok(all)
    }
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

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: event_store DATABASE")?;
    let store = Store::open(&path)?;
    let now = Timestamp::from_unix_seconds(1_767_225_600);
    let (ada, ben): (UserId, UserId) = ("u-ada".parse()?, "u-ben".parse()?);

    let organizations = store.load_all()?;
    match organizations.get("acme") {
        Some(org) => println!("loaded: {}", summary(org)),
        None => println!("loaded: nothing yet"),
    }
    if !organizations.contains_key("acme") {
        let (mut org, created) = Organization::create(
            "acme".parse()?,
            Name::new("Acme")?,
            Plan::Business,
            ada.clone(),
            Email::new("ada@acme.dev")?,
            now,
        );
        store.append("acme", &created)?;
        for (actor, command) in [
            (
                &ada,
                Command::Invite {
                    email: Email::new("ben@acme.dev")?,
                    role: Role::Admin,
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
            if let Some(recorded) = org.execute(actor, now, Some(org.revision()), command)? {
                store.append("acme", &recorded)?;
            }
        }
        println!("created: {}", summary(&org));
    }

    // Two writers read the same revision.
    let read = store
        .load("acme")?
        .ok_or("acme is in the store")?
        .revision();
    println!("writers A and B both read revision {read}");

    // A invites someone: it wins.
    let mut a = store.load("acme")?.ok_or("acme is in the store")?;
    let invite = Command::Invite {
        email: Email::new(format!("guest{read}@acme.dev"))?,
        role: Role::Viewer,
        expires_at: now.plus_seconds(86_400),
    };
    if let Some(recorded) = a.execute(&ada, now, Some(read), invite)? {
        store.append("acme", &recorded)?;
        println!(
            "A: invited guest{read}@acme.dev, revision {}",
            recorded.revision
        );
    }

    // B edits the description from what it read: refused as stale.
    let edit = |revision: u64| Command::SetDescription {
        description: Some(format!("edited by B after revision {revision}")),
    };
    let mut b = store.load("acme")?.ok_or("acme is in the store")?;
    match b.execute(&ben, now, Some(read), edit(read)) {
        Err(error) => println!(
            "B: refused ({}, HTTP {}): {error}",
            error.kind(),
            error.category().http_status()
        ),
        Ok(_) => return Err("B should have been refused as stale".into()),
    }
    // B reloads and retries on the revision it now reads.
    let mut b = store.load("acme")?.ok_or("acme is in the store")?;
    let retried = b.revision();
    if let Some(recorded) = b.execute(&ben, now, Some(retried), edit(retried))? {
        store.append("acme", &recorded)?;
        println!(
            "B: reloaded revision {retried}, edited, revision {}",
            recorded.revision
        );
    }

    let org = store.load("acme")?.ok_or("acme is in the store")?;
    println!("state: {}", summary(&org));
    Ok(())
}
