//! Errors on the wire: every public error serializes as one JSON object,
//! its kind, category, HTTP status and message, then the fields of its
//! variant.

use alloc::string::ToString;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::limits::Limit;
use crate::member::Principal;
use crate::organization::{
    AccessError, ApiTokenError, ApplyError, ClusterError, CustomRoleError, Error, MemberError,
    ProjectError, SettingsError, StaleRevision, SwitchError,
};
use crate::placement::PlacementError;
use crate::text::InvalidValue;
use crate::validation::{Problem, ValidationError};
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
    CustomRoleError,
    ApiTokenError,
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
            Error::CustomRole(error) => error.write(out),
            Error::ApiToken(error) => error.write(out),
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
            | Problem::OwnerToken
            | Problem::AlreadyAMember
            | Problem::UnknownCluster
            | Problem::UnknownProject
            | Problem::UnknownRole
            | Problem::PlanForbidsCloudAccounts
            | Problem::BuiltInRoleName => Ok(()),
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
            AccessError::NoValidToken { token } | AccessError::NotAUser { token } => {
                out.serialize_entry("token", token)
            }
            // Who acted, what they lack, and the built-in roles that have it.
            AccessError::Denied { actor, denial } => {
                match actor {
                    Principal::User(user) => out.serialize_entry("user", user)?,
                    Principal::ApiToken(token) => out.serialize_entry("token", token)?,
                }
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
            MemberError::NoSuchRole { role } => out.serialize_entry("role", role),
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
                environment_count,
                rules,
                rule_count,
            } => {
                out.serialize_entry("cluster", cluster)?;
                out.serialize_entry("environments", environments)?;
                out.serialize_entry("environment_count", environment_count)?;
                out.serialize_entry("rules", rules)?;
                out.serialize_entry("rule_count", rule_count)
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

impl Fields for CustomRoleError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            CustomRoleError::Access(error) => error.write(out),
            CustomRoleError::Invalid(error) => error.write(out),
            CustomRoleError::NoSuchRole { role } | CustomRoleError::RoleExists { role } => {
                out.serialize_entry("role", role)
            }
            CustomRoleError::RoleNameTaken { name } => out.serialize_entry("name", name),
            CustomRoleError::RoleInUse { role, holders } => {
                out.serialize_entry("role", role)?;
                out.serialize_entry("holders", holders)
            }
            CustomRoleError::LimitReached {
                limit: passed,
                size,
            } => limit(out, *passed, *size),
        }
    }
}

impl Fields for ApiTokenError {
    fn write<M: SerializeMap>(&self, out: &mut M) -> Result<(), M::Error> {
        match self {
            ApiTokenError::Access(error) => error.write(out),
            ApiTokenError::Invalid(error) => error.write(out),
            ApiTokenError::NoSuchToken { token } | ApiTokenError::TokenExists { token } => {
                out.serialize_entry("token", token)
            }
            ApiTokenError::NoSuchRole { role } => out.serialize_entry("role", role),
            ApiTokenError::ExpiryNotAfterNow { expires_at, now } => {
                out.serialize_entry("expires_at", expires_at)?;
                out.serialize_entry("now", now)
            }
            ApiTokenError::LimitReached {
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
