//! Recorded events in the shape of the platform's audit log
//! (`OrganizationEventResponse`): `timestamp`, `event_type`, `target_type`,
//! `sub_target_type`, `target_id`, `target_name`, `triggered_by`, and
//! `change`, the event's new values as JSON text, from which the event reads
//! back; `revision` beside them.

use alloc::string::String;
use core::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::id::UserId;
use crate::member::Timestamp;
use crate::organization::{Event, Recorded};

/// How the audit log files an event: event type, target type, sub-target
/// type, and the target's id and name when the event names them.
fn filed(
    event: &Event,
) -> (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&str>,
    Option<&str>,
) {
    use Event as E;
    const ORG: &str = "ORGANIZATION";
    const MEMBERS: &str = "MEMBERS_AND_ROLES";
    match event {
        E::Created {
            organization, name, ..
        } => (
            "CREATE",
            ORG,
            None,
            Some(organization.as_str()),
            Some(name.as_str()),
        ),
        E::Renamed { name } => ("UPDATE", ORG, None, None, Some(name.as_str())),
        E::DescriptionSet { .. } => ("UPDATE", ORG, None, None, None),
        E::PlanChanged { plan } => ("UPDATE", ORG, Some("PLAN"), None, Some(plan.as_str())),
        E::Invited { email, .. } => (
            "CREATE",
            MEMBERS,
            Some("INVITATION"),
            None,
            Some(email.as_str()),
        ),
        E::InvitationRevoked { email } => (
            "DELETE",
            MEMBERS,
            Some("INVITATION"),
            None,
            Some(email.as_str()),
        ),
        E::InvitationAccepted { email } => (
            "ACCEPT",
            MEMBERS,
            Some("INVITATION"),
            None,
            Some(email.as_str()),
        ),
        E::ExpiredInvitationsPurged => ("DELETE", MEMBERS, Some("INVITATION"), None, None),
        E::RoleChanged { member, .. } => (
            "UPDATE",
            MEMBERS,
            Some("MEMBER_ROLE"),
            Some(member.as_str()),
            None,
        ),
        E::MemberRemoved { member } => ("DELETE", MEMBERS, None, Some(member.as_str()), None),
        E::MemberLeft => ("DELETE", MEMBERS, None, None, None),
        E::OwnershipTransferred { to } => (
            "UPDATE",
            MEMBERS,
            Some("TRANSFER_OWNERSHIP"),
            Some(to.as_str()),
            None,
        ),
        E::CloudAccountAdded { account } => (
            "CREATE",
            ORG,
            Some("CLOUD_PROVIDER_CREDENTIALS"),
            Some(account.id.as_str()),
            Some(account.name.as_str()),
        ),
        E::CloudAccountRemoved { account } => (
            "DELETE",
            ORG,
            Some("CLOUD_PROVIDER_CREDENTIALS"),
            Some(account.as_str()),
            None,
        ),
        E::ClusterAdded { cluster } => (
            "CREATE",
            "CLUSTER",
            None,
            Some(cluster.id.as_str()),
            Some(cluster.name.as_str()),
        ),
        E::ClusterStopped { cluster } => (
            "TRIGGER_STOP",
            "CLUSTER",
            None,
            Some(cluster.as_str()),
            None,
        ),
        E::ClusterStarted { cluster } => (
            "TRIGGER_DEPLOY",
            "CLUSTER",
            None,
            Some(cluster.as_str()),
            None,
        ),
        E::ClusterUpdated { cluster, name, .. } => (
            "UPDATE",
            "CLUSTER",
            None,
            Some(cluster.as_str()),
            Some(name.as_str()),
        ),
        E::ClusterDeleted { cluster } => ("DELETE", "CLUSTER", None, Some(cluster.as_str()), None),
        E::ProjectAdded { project, name } => (
            "CREATE",
            "PROJECT",
            None,
            Some(project.as_str()),
            Some(name.as_str()),
        ),
        E::ProjectDeleted { project } => ("DELETE", "PROJECT", None, Some(project.as_str()), None),
        E::RuleAdded { rule, .. } => (
            "CREATE",
            "PROJECT",
            Some("DEPLOYMENT_RULE"),
            Some(rule.id.as_str()),
            Some(rule.name.as_str()),
        ),
        E::RuleRemoved { rule, .. } => (
            "DELETE",
            "PROJECT",
            Some("DEPLOYMENT_RULE"),
            Some(rule.as_str()),
            None,
        ),
        E::RulesReordered { project, .. } => (
            "UPDATE",
            "PROJECT",
            Some("DEPLOYMENT_RULE"),
            Some(project.as_str()),
            None,
        ),
        E::EnvironmentCreated(placed) => (
            "CREATE",
            "ENVIRONMENT",
            None,
            Some(placed.environment.id.as_str()),
            Some(placed.environment.name.as_str()),
        ),
        E::EnvironmentDeleted { environment, .. } => (
            "DELETE",
            "ENVIRONMENT",
            None,
            Some(environment.as_str()),
            None,
        ),
    }
}

/// A time as RFC 3339 in UTC (`2026-01-01T00:00:00Z`).
struct Rfc3339(Timestamp);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.unix_seconds();
        let (days, rest) = (seconds / 86_400, seconds % 86_400);
        // Howard Hinnant's civil_from_days, on days since 1970-01-01.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rest / 3_600,
            rest % 3_600 / 60,
            rest % 60
        )
    }
}

/// Reads `YYYY-MM-DDTHH:MM:SS` (a fraction and `Z` may follow) as UTC.
fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let number = |range: core::ops::Range<usize>| -> Option<u64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if year < 1970
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(Timestamp::from_unix_seconds(
        days * 86_400 + hour * 3_600 + minute * 60 + second,
    ))
}

impl Serialize for Recorded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (event_type, target_type, sub_target_type, target_id, target_name) = filed(&self.event);
        let change = serde_json::to_string(&self.event).map_err(serde::ser::Error::custom)?;
        let mut out = serializer.serialize_struct("OrganizationEvent", 9)?;
        out.serialize_field("timestamp", &format_args!("{}", Rfc3339(self.at)))?;
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
        out.serialize_field("triggered_by", &self.actor)?;
        out.serialize_field("change", &change)?;
        out.serialize_field("revision", &self.revision)?;
        out.end()
    }
}

/// What reads back: the event from `change`, who, when, and the revision;
/// the filing fields are derived from the event.
#[derive(Deserialize)]
struct AuditWire {
    timestamp: String,
    triggered_by: UserId,
    change: String,
    revision: u64,
}

impl<'de> Deserialize<'de> for Recorded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = AuditWire::deserialize(deserializer)?;
        let at = parse_rfc3339(&wire.timestamp)
            .ok_or_else(|| de::Error::custom("`timestamp` is not an RFC 3339 time"))?;
        let event = serde_json::from_str(&wire.change).map_err(de::Error::custom)?;
        Ok(Recorded {
            revision: wire.revision,
            at,
            actor: wire.triggered_by,
            event,
        })
    }
}
