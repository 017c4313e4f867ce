//! Each event of a log as JSON lines an engine's write API takes: SpiceDB's
//! v1 `WriteRelationships` request, or OpenFGA's `Write` body.

use std::fmt;

use orgmodel::{ApplyError, Engine, ExportError, Organization, Recorded, Touched, Updates};
use serde_json::{Map, Value, json};

/// The most updates SpiceDB takes in one `WriteRelationships` call by
/// default (`--write-relationships-max-updates-per-call`).
pub(crate) const SPICEDB_MAX_UPDATES: usize = 1_000;
/// The most tuples OpenFGA takes in one `Write` call by default
/// (`--max-tuples-per-write`), writes and deletes together.
pub(crate) const OPENFGA_MAX_TUPLES: usize = 100;

/// Why an event could not be turned into lines.
#[derive(Debug)]
pub(crate) enum SyncError {
    /// The event does not apply to the organization its log replays to.
    Apply { revision: u64, error: ApplyError },
    /// The engine cannot hold one of the organization's ids.
    Export { revision: u64, error: ExportError },
    /// An item the crate wrote is not in the syntax it documents.
    Malformed { item: String, problem: &'static str },
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Apply { revision, error } => {
                write!(
                    f,
                    "the event of revision {revision} does not apply: {error}"
                )
            }
            SyncError::Export { revision, error } => write!(
                f,
                "the event of revision {revision} cannot be written for the engine ({}): {error}",
                error.kind()
            ),
            SyncError::Malformed { item, problem } => {
                write!(f, "the crate wrote {item:?}, which is not {problem}")
            }
        }
    }
}

/// `object` split at its first `:` into a v1 `ObjectReference`.
fn object(text: &str, item: &str) -> Result<Value, SyncError> {
    match text.split_once(':') {
        Some((kind, id)) if !kind.is_empty() && !id.is_empty() => {
            Ok(json!({ "objectType": kind, "objectId": id }))
        }
        _ => Err(SyncError::Malformed {
            item: item.into(),
            problem: "a relationship: an object is `type:id`",
        }),
    }
}

/// One relationship in SpiceDB's text syntax
/// (`resource:id#relation@subject:id[#relation][[caveat[:{context}]]]`,
/// as `write_spicedb_relationships` writes it) as the JSON of SpiceDB's v1
/// `Relationship`.
pub(crate) fn relationship(item: &str) -> Result<Value, SyncError> {
    let malformed = |problem| SyncError::Malformed {
        item: item.into(),
        problem,
    };
    let (tuple, caveat) = match item.split_once('[') {
        Some((tuple, rest)) => {
            let caveat = rest
                .strip_suffix(']')
                .ok_or(malformed("a relationship: a caveat ends with `]`"))?;
            (tuple, Some(caveat))
        }
        None => (item, None),
    };
    let (resource, subject) = tuple
        .split_once('@')
        .ok_or(malformed("a relationship: it has no `@subject`"))?;
    let (resource, relation) = resource
        .split_once('#')
        .filter(|(_, relation)| !relation.is_empty())
        .ok_or(malformed("a relationship: it has no `#relation`"))?;
    let mut fields = Map::new();
    fields.insert("resource".into(), object(resource, item)?);
    fields.insert("relation".into(), relation.into());
    let subject = match subject.split_once('#') {
        Some((_, "")) => return Err(malformed("a relationship: a subject's relation is empty")),
        Some((subject, relation)) => {
            json!({ "object": object(subject, item)?, "optionalRelation": relation })
        }
        None => json!({ "object": object(subject, item)? }),
    };
    fields.insert("subject".into(), subject);
    if let Some(caveat) = caveat {
        let (name, context) = match caveat.split_once(':') {
            Some((name, context)) => {
                let context: Map<String, Value> = serde_json::from_str(context).map_err(|_| {
                    malformed("a relationship: a caveat's context is a JSON object")
                })?;
                (name, context)
            }
            None => (caveat, Map::new()),
        };
        if name.is_empty() {
            return Err(malformed("a relationship: a caveat has a name"));
        }
        let mut caveat = Map::new();
        caveat.insert("caveatName".into(), name.into());
        if !context.is_empty() {
            caveat.insert("context".into(), Value::Object(context));
        }
        fields.insert("optionalCaveat".into(), Value::Object(caveat));
    }
    Ok(Value::Object(fields))
}

/// An event's updates for SpiceDB as `WriteRelationships` requests (JSON,
/// one a line): its deletes (`OPERATION_DELETE`) then its writes
/// (`OPERATION_TOUCH`), at most [`SPICEDB_MAX_UPDATES`] a request, each
/// with the organization, the revision and which part of the event it is
/// in its `optionalTransactionMetadata` (SpiceDB keeps them with the
/// transaction and reports them in `Watch`): a revision is applied once
/// its last part is. No line when nothing changed.
pub(crate) fn spicedb_lines(
    organization: &str,
    revision: u64,
    updates: &Updates,
) -> Result<Vec<String>, SyncError> {
    let deletes = updates.deletes.iter().map(|d| ("OPERATION_DELETE", d));
    let writes = updates.writes.iter().map(|w| ("OPERATION_TOUCH", w));
    let all = deletes
        .chain(writes)
        .map(|(operation, item)| {
            Ok(json!({ "operation": operation, "relationship": relationship(item)? }))
        })
        .collect::<Result<Vec<Value>, SyncError>>()?;
    // An event split over several requests is applied once its last is:
    // each says which part it is (`part` of `parts`).
    let parts = all.len().div_ceil(SPICEDB_MAX_UPDATES);
    Ok(all
        .chunks(SPICEDB_MAX_UPDATES)
        .enumerate()
        .map(|(i, updates)| {
            let metadata = json!({
                "organization": organization,
                "revision": revision,
                "part": i + 1,
                "parts": parts,
            });
            json!({ "updates": updates, "optionalTransactionMetadata": metadata }).to_string()
        })
        .collect())
}

/// An event's updates for OpenFGA as `Write` bodies (JSON, one a line):
/// `{"writes":{"tuple_keys":[…]},"deletes":{"tuple_keys":[…]}}`, an empty
/// part left out, at most [`OPENFGA_MAX_TUPLES`] tuples a body (the
/// deletes first). No line when nothing changed.
pub(crate) fn openfga_lines(updates: &Updates) -> Result<Vec<String>, SyncError> {
    let tuple = |item: &String| {
        serde_json::from_str::<Map<String, Value>>(item).map_err(|_| SyncError::Malformed {
            item: item.clone(),
            problem: "an OpenFGA tuple key (a JSON object)",
        })
    };
    let deletes = updates.deletes.iter().map(|d| Ok((true, tuple(d)?)));
    let writes = updates.writes.iter().map(|w| Ok((false, tuple(w)?)));
    let all = deletes
        .chain(writes)
        .collect::<Result<Vec<(bool, Map<String, Value>)>, SyncError>>()?;
    Ok(all
        .chunks(OPENFGA_MAX_TUPLES)
        .map(|chunk| {
            let mut body = Map::new();
            for (part, deleting) in [("writes", false), ("deletes", true)] {
                let keys: Vec<&Map<String, Value>> = chunk
                    .iter()
                    .filter(|(delete, _)| *delete == deleting)
                    .map(|(_, key)| key)
                    .collect();
                if !keys.is_empty() {
                    body.insert(part.into(), json!({ "tuple_keys": keys }));
                }
            }
            Value::Object(body).to_string()
        })
        .collect())
}

/// An organization replayed event by event, with each event's updates to
/// an engine's export.
#[derive(Debug)]
pub(crate) struct Replica {
    engine: Engine,
    org: Option<Organization>,
}

impl Replica {
    pub(crate) fn new(engine: Engine) -> Self {
        Replica { engine, org: None }
    }

    /// The organization replayed so far.
    pub(crate) fn organization(&self) -> Option<&Organization> {
        self.org.as_ref()
    }

    /// Applies the next event of the log. With `updates`, returns what it
    /// changed in the export: for the creation, the whole export
    /// ([`Updates::load`]), else [`Touched`]'s updates.
    pub(crate) fn apply(
        &mut self,
        recorded: &Recorded,
        updates: bool,
    ) -> Result<Option<Updates>, SyncError> {
        let revision = recorded.revision;
        let export = |error| SyncError::Export { revision, error };
        let apply = |error| SyncError::Apply { revision, error };
        match &mut self.org {
            None => {
                let org = self
                    .org
                    .insert(Organization::replay([recorded]).map_err(apply)?);
                updates
                    .then(|| Updates::load(self.engine, org))
                    .transpose()
                    .map_err(export)
            }
            Some(org) if !updates => {
                org.apply(recorded).map_err(apply)?;
                Ok(None)
            }
            Some(org) => {
                // `before` takes any id: a part the engine refused was never written.
                let touched = Touched::before(self.engine, org, recorded);
                org.apply(recorded).map_err(apply)?;
                Ok(Some(touched.updates(org).map_err(export)?))
            }
        }
    }
}
