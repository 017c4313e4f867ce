//! Recorded events in the shape of the platform's audit log
//! (`OrganizationEventResponse`): `timestamp`, `event_type`, `target_type`,
//! `sub_target_type`, `target_id`, `target_name`, `triggered_by` (with
//! `triggered_by_type` `API_TOKEN` when an API token acted), and
//! `change`, the event's new values as JSON text, from which the event reads
//! back; `revision` beside them. Times are RFC 3339 in UTC, as
//! [`Timestamp`] writes and reads them.
//!
//! A row reads strictly (see `impl Deserialize for Recorded`): the header
//! must be what the change files the event as, so a row cannot claim to be
//! a cluster deletion while its change sets a description.

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::guard;
use crate::id::{ApiTokenId, UserId};
use crate::member::Principal;
use crate::organization::{Event, Filing, Recorded};
use crate::text::excerpt;
use crate::time::Timestamp;

impl Serialize for Recorded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Filing {
            event_type,
            target_type,
            sub_target_type,
            target_id,
            target_name,
        } = self.event.filing();
        let change = serde_json::to_string(&self.event).map_err(serde::ser::Error::custom)?;
        let mut out = serializer.serialize_struct("OrganizationEvent", 10)?;
        out.serialize_field("timestamp", &self.at)?;
        out.serialize_field("event_type", event_type)?;
        out.serialize_field("target_type", target_type)?;
        if let Some(sub_target_type) = sub_target_type {
            out.serialize_field("sub_target_type", sub_target_type)?;
        }
        if let Some(target_id) = target_id {
            out.serialize_field("target_id", target_id)?;
        }
        if let Some(target_name) = target_name {
            out.serialize_field("target_name", target_name)?;
        }
        match &self.actor {
            Principal::User(user) => out.serialize_field("triggered_by", user)?,
            Principal::ApiToken(token) => {
                out.serialize_field("triggered_by", token)?;
                out.serialize_field("triggered_by_type", &ActorType::ApiToken)?;
            }
        }
        out.serialize_field("change", &change)?;
        out.serialize_field("revision", &self.revision)?;
        out.end()
    }
}

/// What kind of actor `triggered_by` names: absent, a user.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ActorType {
    User,
    ApiToken,
}

/// The fields of a row, in the order the writer writes them.
const FIELDS: &[&str] = &[
    "timestamp",
    "event_type",
    "target_type",
    "sub_target_type",
    "target_id",
    "target_name",
    "triggered_by",
    "triggered_by_type",
    "change",
    "revision",
];

/// The most of a nested error's message a refusal repeats: the message of a
/// bad `change` may quote the text it could not read.
const MESSAGE: usize = 240;

/// A field of a row; any other name is refused, shown at most 32 characters long.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Timestamp,
    EventType,
    TargetType,
    SubTargetType,
    TargetId,
    TargetName,
    TriggeredBy,
    TriggeredByType,
    Change,
    Revision,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl de::Visitor<'_> for Name {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of an audit log row")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
                Ok(match name {
                    "timestamp" => Field::Timestamp,
                    "event_type" => Field::EventType,
                    "target_type" => Field::TargetType,
                    "sub_target_type" => Field::SubTargetType,
                    "target_id" => Field::TargetId,
                    "target_name" => Field::TargetName,
                    "triggered_by" => Field::TriggeredBy,
                    "triggered_by_type" => Field::TriggeredByType,
                    "change" => Field::Change,
                    "revision" => Field::Revision,
                    _ => {
                        return Err(E::custom(format_args!(
                            "unknown field {}: a row holds only {}",
                            excerpt(name),
                            FIELDS.join(", ")
                        )));
                    }
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

/// A row's fields as read, before they are checked against each other.
#[derive(Default)]
struct Row {
    timestamp: Option<String>,
    event_type: Option<String>,
    target_type: Option<String>,
    sub_target_type: Option<Option<String>>,
    target_id: Option<Option<String>>,
    target_name: Option<Option<String>>,
    triggered_by: Option<String>,
    triggered_by_type: Option<ActorType>,
    change: Option<String>,
    revision: Option<u64>,
}

/// `message`, cut to [`MESSAGE`] characters.
fn capped(message: &dyn fmt::Display) -> String {
    let message = message.to_string();
    match message.char_indices().nth(MESSAGE) {
        Some((end, _)) => format!("{}…", message.get(..end).unwrap_or_default()),
        None => message,
    }
}

/// Refuses a field: names it, then says why.
fn refuse<E: de::Error>(field: &str, why: impl fmt::Display) -> E {
    E::custom(format_args!("`{field}`: {why}"))
}

/// Refuses a header field that is not what the change files the event as.
fn check_header<E: de::Error>(
    field: &str,
    given: Option<&str>,
    derived: Option<&str>,
) -> Result<(), E> {
    match (given, derived) {
        (given, derived) if given == derived => Ok(()),
        (Some(given), Some(derived)) => Err(refuse(
            field,
            format_args!(
                "{} does not match the change, which files it as {}",
                excerpt(given),
                excerpt(derived)
            ),
        )),
        (Some(given), None) => Err(refuse(
            field,
            format_args!(
                "{} does not match the change, which files none",
                excerpt(given)
            ),
        )),
        (None, derived) => Err(refuse(
            field,
            format_args!(
                "missing, but the change files it as {}",
                excerpt(derived.unwrap_or_default())
            ),
        )),
    }
}

struct RowVisitor;

impl<'de> de::Visitor<'de> for RowVisitor {
    type Value = Recorded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an audit log row (OrganizationEventResponse)")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Recorded, A::Error> {
        fn once<T, E: de::Error>(
            slot: &mut Option<T>,
            field: &str,
            value: Result<T, E>,
        ) -> Result<(), E> {
            let value = value.map_err(|error| refuse::<E>(field, capped(&error)))?;
            if slot.replace(value).is_some() {
                return Err(refuse(field, "given twice"));
            }
            Ok(())
        }
        let mut row = Row::default();
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Timestamp => once(&mut row.timestamp, "timestamp", map.next_value())?,
                Field::EventType => once(&mut row.event_type, "event_type", map.next_value())?,
                Field::TargetType => once(&mut row.target_type, "target_type", map.next_value())?,
                // The API writes these as null when there is none.
                Field::SubTargetType => once(
                    &mut row.sub_target_type,
                    "sub_target_type",
                    map.next_value::<Option<String>>(),
                )?,
                Field::TargetId => once(
                    &mut row.target_id,
                    "target_id",
                    map.next_value::<Option<String>>(),
                )?,
                Field::TargetName => once(
                    &mut row.target_name,
                    "target_name",
                    map.next_value::<Option<String>>(),
                )?,
                Field::TriggeredBy => {
                    once(&mut row.triggered_by, "triggered_by", map.next_value())?;
                }
                Field::TriggeredByType => once(
                    &mut row.triggered_by_type,
                    "triggered_by_type",
                    map.next_value(),
                )?,
                Field::Change => once(&mut row.change, "change", map.next_value())?,
                Field::Revision => once(&mut row.revision, "revision", map.next_value())?,
            }
        }
        let timestamp = row
            .timestamp
            .ok_or_else(|| de::Error::missing_field("timestamp"))?;
        let at = timestamp
            .parse::<Timestamp>()
            .map_err(|error| refuse::<A::Error>("timestamp", error))?;
        let change = row
            .change
            .ok_or_else(|| de::Error::missing_field("change"))?;
        let event: Event = serde_json::from_str(&change)
            .map_err(|error| refuse::<A::Error>("change", capped(&error)))?;
        let Filing {
            event_type,
            target_type,
            sub_target_type,
            target_id,
            target_name,
        } = event.filing();
        let event_type_given = row
            .event_type
            .ok_or_else(|| de::Error::missing_field("event_type"))?;
        check_header("event_type", Some(&event_type_given), Some(event_type))?;
        let target_type_given = row
            .target_type
            .ok_or_else(|| de::Error::missing_field("target_type"))?;
        check_header("target_type", Some(&target_type_given), Some(target_type))?;
        check_header(
            "sub_target_type",
            row.sub_target_type.flatten().as_deref(),
            sub_target_type,
        )?;
        check_header("target_id", row.target_id.flatten().as_deref(), target_id)?;
        check_header(
            "target_name",
            row.target_name.flatten().as_deref(),
            target_name,
        )?;
        Ok(Recorded {
            revision: row
                .revision
                .ok_or_else(|| de::Error::missing_field("revision"))?,
            at,
            actor: actor(row.triggered_by, row.triggered_by_type)?,
            event,
        })
    }
}

/// Who a row says acted: `triggered_by`, a user's id, or an API token's
/// when `triggered_by_type` is `API_TOKEN`.
fn actor<E: de::Error>(id: Option<String>, kind: Option<ActorType>) -> Result<Principal, E> {
    let id = id.ok_or_else(|| E::missing_field("triggered_by"))?;
    let principal = match kind.unwrap_or(ActorType::User) {
        ActorType::User => UserId::new(id).map(Principal::User),
        ActorType::ApiToken => ApiTokenId::new(id).map(Principal::ApiToken),
    };
    principal.map_err(|error| refuse("triggered_by", error))
}

/// Reads a row strictly: every field the writer writes and nothing else.
/// `timestamp`, `event_type`, `target_type`, `triggered_by`, `change` and
/// `revision` are required; `sub_target_type`, `target_id` and `target_name`
/// are absent (or null) exactly when the change files none. Each header field
/// must be what the change files the event as, and an error names the field
/// it is about and shows at most 32 characters of any value.
impl<'de> Deserialize<'de> for Recorded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        guard::read(deserializer, |guarded| {
            guarded.deserialize_struct("OrganizationEvent", FIELDS, RowVisitor)
        })
    }
}
