//! Each event as the few changes it makes to an engine's export: SpiceDB
//! relationships to touch and delete, OpenFGA tuples to write and delete,
//! Cedar entities to upsert and remove.
//!
//! An event changes a few *parts* of an organization (a member, a token, a
//! custom role, a cluster, a project, an environment); an engine's export is
//! the union of every part's items. [`Touched`] reads the items of the parts
//! an event changes before it is applied, and compares them with the same
//! parts after: what is gone is deleted, what is new or different is
//! written. So an event's updates are bounded by what it changed, never by
//! the organization's size, and the export after the event is the export
//! before it with the updates applied.

use alloc::string::String;
use alloc::vec::Vec;

use crate::organization::{Organization, Recorded};

use super::openfga::OpenFgaError;
use super::parts::{Found, Items, Part, changed_by, every_part};
use super::spicedb::SpiceDbError;
use super::{cedar, openfga, spicedb};

/// An engine the crate exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::EnumIter)]
#[non_exhaustive]
pub enum Engine {
    /// Cedar: items are entities (JSON, as [`write_cedar_entities`](crate::write_cedar_entities)
    /// writes them); a delete is an entity's `uid`.
    Cedar,
    /// OpenFGA: items are tuple keys in the JSON of OpenFGA's `Write` API
    /// (`{"user":…,"relation":…,"object":…}`, with its `condition` when it
    /// has one); a delete is the tuple key without its condition.
    #[strum(serialize = "OpenFGA")]
    OpenFga,
    /// SpiceDB: items are relationships in SpiceDB's own syntax, as
    /// [`write_spicedb_relationships`](crate::write_spicedb_relationships)
    /// writes them (`resource:id#relation@subject:id[caveat:{…}]`); a
    /// delete is the relationship without its caveat.
    #[strum(serialize = "SpiceDB")]
    SpiceDb,
}

/// Why an event's updates cannot be written for an engine: an id the
/// engine would not read as that object (Cedar takes every id).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// An id SpiceDB does not take.
    #[error(transparent)]
    SpiceDb(#[from] SpiceDbError),
    /// An id OpenFGA does not take.
    #[error(transparent)]
    OpenFga(#[from] OpenFgaError),
}

impl ExportError {
    /// The engine's error's kind: `spicedb_id_too_long`,
    /// `openfga_invalid_id`, `openfga_id_too_long` or `write_failed`.
    pub const fn kind(&self) -> &'static str {
        match self {
            ExportError::SpiceDb(error) => error.kind(),
            ExportError::OpenFga(error) => error.kind(),
        }
    }
}

/// The items of `parts` in `org` (those it has), for `engine`. A part
/// whose ids the engine would misread is refused, or, `skipping` them,
/// left out.
fn items<'a>(
    engine: Engine,
    org: &'a Organization,
    parts: impl IntoIterator<Item = Found<'a>>,
    skipping: bool,
) -> Result<Items, ExportError> {
    let mut items = Items::new();
    for found in parts {
        // Each part's ids are checked before any of its items is added.
        let added = match engine {
            Engine::Cedar => {
                cedar::part_items(org, found, &mut items);
                Ok(())
            }
            Engine::OpenFga => {
                openfga::part_items(org, found, &mut items).map_err(ExportError::from)
            }
            Engine::SpiceDb => {
                spicedb::part_items(org, found, &mut items).map_err(ExportError::from)
            }
        };
        match added {
            Err(_) if skipping => {}
            other => other?,
        }
    }
    Ok(items)
}

/// The parts of `parts` that `org` has.
fn found<'a>(org: &'a Organization, parts: &[Part]) -> impl Iterator<Item = Found<'a>> {
    parts.iter().filter_map(|part| part.find(org))
}

/// What an event changes in an engine's export: the items to delete (by
/// key) and the items to write (whole), each sorted, none in both. Applied
/// to the export the organization had before the event (deletes first),
/// they make the export it has after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Updates {
    /// The keys of the items to delete: SpiceDB relationships without
    /// their caveat (`DELETE`), OpenFGA tuple keys without their condition
    /// (`deletes`), Cedar entity uids.
    pub deletes: Vec<String>,
    /// The items to write: SpiceDB relationships (`TOUCH`), OpenFGA tuple
    /// keys (`writes`), Cedar entities (upserted whole).
    pub writes: Vec<String>,
}

impl Updates {
    /// The whole export of `org` for `engine`, as writes: what to load into
    /// an empty engine, item by item.
    ///
    /// # Errors
    /// [`ExportError`], for an id SpiceDB or OpenFGA does not take.
    pub fn load(engine: Engine, org: &Organization) -> Result<Updates, ExportError> {
        let items = items(engine, org, every_part(org), false)?;
        Ok(Updates {
            deletes: Vec::new(),
            writes: items.into_values().collect(),
        })
    }

    /// Whether the event changed nothing in the export.
    pub fn is_empty(&self) -> bool {
        self.deletes.is_empty() && self.writes.is_empty()
    }
}

/// The parts of an organization one event changes, with their items as
/// they were before it: take it before applying the event
/// ([`Touched::before`]), then ask it for the updates once the event is
/// applied ([`Touched::updates`]).
///
/// ```
/// use orgmodel::*;
///
/// let ada: UserId = "ada".parse()?;
/// let (mut org, created) = Organization::create("o".parse()?, Name::new("Acme")?, Plan::Free, ada.clone(), Email::new("ada@acme.dev")?, Timestamp::from_unix_seconds(0));
/// let mut log = vec![created];
/// let now = Timestamp::from_unix_seconds(60);
/// log.push(org.invite(&ada, now, Email::new("bob@acme.dev")?, Role::Viewer, now.plus_seconds(60))?);
/// log.push(org.accept_invitation(&"bob".parse::<UserId>()?, now, &Email::new("bob@acme.dev")?)?);
/// log.extend(org.change_role(&ada, now, &"bob".parse()?, Role::Developer)?);
///
/// // A sync process replays the log, one event at a time.
/// let mut replica = Organization::replay(&log[..3])?;
/// let touched = Touched::before(Engine::SpiceDb, &replica, &log[3]);
/// replica.apply(&log[3])?;
/// let updates = touched.updates(&replica)?;
/// assert_eq!(updates.deletes, ["organization:o#viewer@user:bob"]);
/// assert_eq!(updates.writes, ["organization:o#developer@user:bob"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Touched {
    engine: Engine,
    parts: Vec<Part>,
    before: Items,
}

impl Touched {
    /// Reads, in `org` before `recorded` is applied to it, the items of the
    /// parts its event changes in `engine`'s export. A part whose ids the
    /// engine would misread counts as absent: it was refused when it was
    /// added, so the engine never held it, and its deletion changes nothing.
    pub fn before(engine: Engine, org: &Organization, recorded: &Recorded) -> Touched {
        let parts = changed_by(org, recorded);
        // Skipping refused parts, `items` cannot fail.
        let before = items(engine, org, found(org, &parts), true).unwrap_or_default();
        Touched {
            engine,
            parts,
            before,
        }
    }

    /// The updates the event made, read from `org` once it is applied: the
    /// items gone from its parts are deleted; the new or different ones are
    /// written.
    ///
    /// # Errors
    /// [`ExportError`], for an id the event added that SpiceDB or OpenFGA
    /// does not take.
    pub fn updates(self, org: &Organization) -> Result<Updates, ExportError> {
        let mut after = items(self.engine, org, found(org, &self.parts), false)?;
        let mut updates = Updates::default();
        for (key, value) in self.before {
            match after.remove(&key) {
                Some(now) if now == value => {}
                Some(now) => updates.writes.push(now),
                None => updates.deletes.push(key),
            }
        }
        updates.writes.extend(after.into_values());
        updates.writes.sort_unstable();
        Ok(updates)
    }
}
