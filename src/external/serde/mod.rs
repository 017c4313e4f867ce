//! The serde wire format: the platform's REST API spelling (`snake_case`
//! fields, `SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names). Reading validates exactly as the constructors do, whether
//! a value comes alone or inside an organization document; writing borrows
//! and copies nothing.

use alloc::string::ToString;
use core::fmt;
use core::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::access::Action;
use crate::environment::Mode;
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::organization::{
    AccessError, ApplyError, ClusterError, Error, MemberError, ProjectError, SettingsError,
    StaleRevision, SwitchError,
};
use crate::permission::{Permission, Role};
use crate::placement::PlacementError;
use crate::plan::Plan;
use crate::text::{Email, InvalidValue, List, Name};

use crate::limits::Limit;
use crate::validation::{Problem, ValidationError};
use crate::wildcard::Wildcard;

/// Text types travel as strings. They are read through their validating
/// constructor (`#[serde(try_from = "String")]` on each type) and written
/// borrowed here: a derived `into = "String"` would copy each one.
macro_rules! as_string {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )*};
}

as_string!(
    OrganizationId,
    UserId,
    ClusterId,
    ProjectId,
    CloudAccountId,
    EnvironmentId,
    RuleId,
    Name,
    Email,
    Wildcard
);

/// Enums read case-insensitively through their `FromStr` (`"OWNER"`,
/// `"owner"`), naming the expected values from the enum itself.
macro_rules! read_by_name {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(ByName(core::marker::PhantomData))
            }
        }
    )*};
}

/// Reads an enum from its name, borrowed or not.
struct ByName<T>(core::marker::PhantomData<T>);

impl<T: FromStr + strum::VariantNames> Visitor<'_> for ByName<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "one of {}",
            List(T::VARIANTS.iter().map(|v| WireName(v)))
        )
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        T::from_str(name).map_err(|_| {
            E::custom(format_args!(
                "unknown variant {}, expected one of {}",
                Unknown(name),
                List(T::VARIANTS.iter().map(|v| WireName(v)))
            ))
        })
    }
}

/// An unknown name as an error shows it: quoted whole when short, else its
/// first characters and its size, so that a huge value is never echoed.
struct Unknown<'a>(&'a str);

impl Unknown<'_> {
    /// The most characters shown.
    const SHOWN: usize = 64;
}

impl fmt::Display for Unknown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(Self::SHOWN) {
            None => write!(f, "`{}`", self.0),
            Some((end, _)) => write!(
                f,
                "`{}…` ({} bytes)",
                self.0.get(..end).unwrap_or_default(),
                self.0.len()
            ),
        }
    }
}

/// A variant's name as the wire spells it (`OWNER` for `Owner`), quoted.
struct WireName(&'static str);

impl fmt::Display for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`")?;
        for c in self.0.chars() {
            write!(f, "{}", c.to_ascii_uppercase())?;
        }
        f.write_str("`")
    }
}

read_by_name!(Role, Mode, Plan, Action);

/// Permission sets travel as lists of action names, never as bits, so stored
/// data survives the table gaining an action.
impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for (name, _) in self.iter_names() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = Permission;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of action names such as \"READ_PROJECT\"")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Permission, A::Error> {
                let mut set = Permission::empty();
                while let Some(name) = seq.next_element::<PermissionName>()? {
                    set |= name.0;
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Names)
    }
}

/// One action of the table, read from its flag name.
struct PermissionName(Permission);

impl<'de> Deserialize<'de> for PermissionName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = PermissionName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an action name such as \"READ_PROJECT\"")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<PermissionName, E> {
                Permission::from_name(name)
                    .map(PermissionName)
                    .ok_or_else(|| E::custom(format_args!("unknown action {}", Unknown(name))))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

mod audit;
mod documents;
mod lists;

/// Reads `null` as the type's default (the API writes `null` for "unset").
pub(super) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

// ----- errors -----

/// Errors travel as `{"error": kind, "category", "status", "message": text,
/// …fields}`: the fields a caller may act on (the limit and size passed, the
/// path of a document's field, the ids and values the caller sent), and never
/// a value the caller might not be allowed to see (the id of the project or
/// environment that holds a taken name, the organization's name).
macro_rules! error_as_json {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut out = serializer.serialize_map(None)?;
                out.serialize_entry("error", self.kind())?;
                out.serialize_entry("category", &self.category())?;
                out.serialize_entry("status", &self.category().http_status())?;
                out.serialize_entry("message", &self.to_string())?;
                Fields::write(self, &mut out)?;
                out.end()
            }
        }
    )*};
}

error_as_json!(
    Error,
    InvalidValue,
    ValidationError,
    PlacementError,
    AccessError,
    SettingsError,
    MemberError,
    ClusterError,
    ProjectError,
    SwitchError,
    StaleRevision,
    ApplyError
);

/// The structured fields of an error's JSON form, after its kind and message.
trait Fields {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error>;
}

/// Writes a limit and the size that passed it.
fn limit<M: SerializeMap>(out: &mut M, limit: Limit, size: usize) -> Result<(), M::Error> {
    out.serialize_entry("limit", &limit)?;
    out.serialize_entry("limit_value", &limit.value())?;
    out.serialize_entry("size", &size)
}

impl Fields for Error {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            Error::Value(error) => error.write(out),
            Error::Validation(error) => error.write(out),
            Error::Placement(error) => error.write(out),
            Error::Access(error) => error.write(out),
            Error::Settings(error) => error.write(out),
            Error::Member(error) => error.write(out),
            Error::Cluster(error) => error.write(out),
            Error::Project(error) => error.write(out),
            Error::Switch(error) => error.write(out),
            Error::Stale(error) => error.write(out),
            Error::Apply(error) => error.write(out),
        }
    }
}

impl Fields for InvalidValue {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            InvalidValue::TooLong {
                limit: passed,
                size,
                ..
            } => limit(out, *passed, *size),
            // The value itself is the caller's, and the message quotes it
            // (never an oversized one).
            InvalidValue::EmptyId { .. }
            | InvalidValue::BlankName { .. }
            | InvalidValue::ControlCharacter { .. }
            | InvalidValue::Email { .. } => Ok(()),
        }
    }
}

impl Fields for ValidationError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        out.serialize_entry("path", self.path())?;
        match &self.problem {
            Problem::TooMany {
                limit: passed,
                size,
            } => limit(out, *passed, *size),
            Problem::Value(value) => value.write(out),
            Problem::NotExactlyOneOwner
            | Problem::Duplicate
            | Problem::OwnerInvitation
            | Problem::AlreadyAMember
            | Problem::UnknownCluster
            | Problem::PlanForbidsCloudAccounts => Ok(()),
        }
    }
}

impl Fields for PlacementError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            PlacementError::InvalidName { problem } => {
                out.serialize_entry("problem", problem.kind())?;
                problem.write(out)
            }
            PlacementError::PreviewReserved { mode } => out.serialize_entry("mode", mode),
            PlacementError::UnknownCluster { cluster } => out.serialize_entry("cluster", cluster),
            // The rules and clusters a placement reads are the caller's to read.
            PlacementError::RuleTargetsUnknownCluster { rule, cluster } => {
                out.serialize_entry("rule", rule)?;
                out.serialize_entry("cluster", cluster)
            }
            PlacementError::NoCluster { name } => out.serialize_entry("name", name),
        }
    }
}

impl Fields for AccessError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            AccessError::NotAMember { user } | AccessError::NotTheOwner { user } => {
                out.serialize_entry("user", user)
            }
            // What the caller lacks, and the least role that has it.
            AccessError::Denied { user, denial } => {
                out.serialize_entry("user", user)?;
                out.serialize_entry("denial", denial)
            }
        }
    }
}

impl Fields for SettingsError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            SettingsError::Access(error) => error.write(out),
            SettingsError::Invalid(error) => error.write(out),
            // The expected name is not echoed as a field.
            SettingsError::ConfirmationMismatch { .. } => Ok(()),
            SettingsError::PlanForbidsCloudAccounts { plan, accounts } => {
                out.serialize_entry("plan", plan)?;
                out.serialize_entry("accounts", accounts)
            }
        }
    }
}

impl Fields for MemberError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            MemberError::Access(error) => error.write(out),
            MemberError::NoSuchMember { user }
            | MemberError::OwnerIsFixed { user }
            | MemberError::OwnerCannotLeave { user }
            | MemberError::UserAlreadyAMember { user } => out.serialize_entry("user", user),
            MemberError::NoSuchInvitation { email }
            | MemberError::AlreadyAMember { email }
            | MemberError::AlreadyInvited { email } => out.serialize_entry("email", email),
            MemberError::OwnerOnlyByTransfer => Ok(()),
            MemberError::ExpiryNotAfterNow { expires_at, now } => {
                out.serialize_entry("expires_at", expires_at)?;
                out.serialize_entry("now", now)
            }
            // The invitee's own invitation.
            MemberError::InvitationExpired { email, expired_at } => {
                out.serialize_entry("email", email)?;
                out.serialize_entry("expired_at", expired_at)
            }
            MemberError::LimitReached {
                limit: passed,
                size,
            } => limit(out, *passed, *size),
        }
    }
}

impl Fields for ClusterError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            ClusterError::Access(error) => error.write(out),
            ClusterError::Invalid(error) => error.write(out),
            ClusterError::NoSuchCloudAccount { account }
            | ClusterError::CloudAccountExists { account } => {
                out.serialize_entry("account", account)
            }
            ClusterError::NoSuchCluster { cluster } | ClusterError::ClusterExists { cluster } => {
                out.serialize_entry("cluster", cluster)
            }
            ClusterError::PlanForbidsCloudAccounts { plan } => out.serialize_entry("plan", plan),
            // The name the caller sent; not the cluster that holds it.
            ClusterError::ClusterNameTaken { name, .. } => out.serialize_entry("name", name),
            // What blocks the deletion, for a caller who manages clusters
            // and reads every project.
            ClusterError::ClusterInUse {
                cluster,
                environments,
                rules,
            } => {
                out.serialize_entry("cluster", cluster)?;
                out.serialize_entry("environments", environments)?;
                out.serialize_entry("rules", rules)
            }
            ClusterError::LimitReached {
                limit: passed,
                size,
            } => limit(out, *passed, *size),
        }
    }
}

impl Fields for ProjectError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            ProjectError::Access(error) => error.write(out),
            ProjectError::Placement(error) => error.write(out),
            ProjectError::Invalid(error) => error.write(out),
            ProjectError::NoSuchProject { project } | ProjectError::ProjectExists { project } => {
                out.serialize_entry("project", project)
            }
            ProjectError::NoSuchEnvironment {
                project,
                environment,
            } => {
                out.serialize_entry("project", project)?;
                out.serialize_entry("environment", environment)
            }
            ProjectError::NoSuchRule { project, rule } => {
                out.serialize_entry("project", project)?;
                out.serialize_entry("rule", rule)
            }
            ProjectError::NotAPermutation { expected } => out.serialize_entry("expected", expected),
            ProjectError::RuleTargetsUnknownCluster { rule, cluster } => {
                out.serialize_entry("rule", rule)?;
                out.serialize_entry("cluster", cluster)
            }
            // The name the caller sent; not the project that holds it.
            ProjectError::ProjectNameTaken { name, .. } => out.serialize_entry("name", name),
            ProjectError::EnvironmentExists { environment } => {
                out.serialize_entry("environment", environment)
            }
            // Neither the environment that holds the name nor its mode.
            ProjectError::EnvironmentNameTaken { project, name, .. } => {
                out.serialize_entry("project", project)?;
                out.serialize_entry("name", name)
            }
            ProjectError::RuleExists { rule } => out.serialize_entry("rule", rule),
            ProjectError::LimitReached {
                limit: passed,
                size,
            } => limit(out, *passed, *size),
        }
    }
}

impl Fields for SwitchError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            SwitchError::NotAMember { user, organization } => {
                out.serialize_entry("user", user)?;
                out.serialize_entry("organization", organization)
            }
        }
    }
}

impl Fields for StaleRevision {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        out.serialize_entry("expected", &self.expected)?;
        out.serialize_entry("actual", &self.actual)
    }
}

impl Fields for ApplyError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            ApplyError::OutOfOrder { current, got } => {
                out.serialize_entry("current", current)?;
                out.serialize_entry("got", got)
            }
            // The command's own error, whole, with its kind.
            ApplyError::Refused {
                revision,
                event,
                error,
            } => {
                out.serialize_entry("revision", revision)?;
                out.serialize_entry("event", event)?;
                out.serialize_entry("refusal_kind", error.kind())?;
                out.serialize_entry("refusal", error)
            }
            ApplyError::NotACreation { revision, event }
            | ApplyError::NoChange { revision, event }
            | ApplyError::Diverged { revision, event } => {
                out.serialize_entry("revision", revision)?;
                out.serialize_entry("event", event)
            }
        }
    }
}
