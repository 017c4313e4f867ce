//! The serde wire format: the platform's REST API spelling (`snake_case`
//! fields, `SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names). Reading validates exactly as the constructors do, whether
//! a value comes alone or inside an organization document; writing borrows
//! and copies nothing. Documents are in `documents.rs` (their lists in
//! `lists.rs`), audit rows in `audit.rs`, errors (written only) in
//! `errors.rs`, custom roles and their requests in `custom_roles.rs`, the
//! list of available roles in `available_roles.rs`, API tokens and the
//! request that creates one in `tokens.rs`.

use core::fmt;
use core::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::access::Action;
use crate::category::ErrorCategory;
use crate::cluster::{CloudAccount, CloudProvider, ClusterSettings, ClusterState, ClusterStatus};
use crate::environment::{CreateEnvironmentRequest, Environment, Mode};
use crate::id::{
    ApiTokenId, CloudAccountId, ClusterId, CustomRoleId, EnvironmentId, OrganizationId, ProjectId,
    RuleId, UserId,
};
use crate::limits::Limit;
use crate::member::InvitationStatus;
use crate::organization::{Command, Event, PlacedEnvironment};
use crate::permission::Permission;
use crate::placement::Source;
use crate::plan::Plan;
use crate::role::{Capability, ClusterLevel, ProjectLevel, Role, RoleSet};
use crate::rules::Weekday;
use crate::text::{Email, Name};
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
    CustomRoleId,
    ApiTokenId,
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

impl<T: strum::VariantNames> ByName<T> {
    /// The names it reads, as the wire spells them (`OWNER` for `Owner`).
    const NAMES: OneOf = OneOf {
        names: T::VARIANTS,
        upper: true,
    };
}

impl<T: FromStr + strum::VariantNames> Visitor<'_> for ByName<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Self::NAMES)
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        T::from_str(name).map_err(|_| {
            E::custom(format_args!(
                "unknown variant {}, expected {}",
                quoted(name),
                Self::NAMES
            ))
        })
    }
}

read_by_name!(Role, Mode, Plan, Action, ClusterLevel, ProjectLevel);

/// Types whose serde form is derived (`#[serde(remote = "Self")]` makes the
/// derive write inherent functions rather than the traits): written as
/// derived, read as derived under a guard (`guard.rs`), so that no error
/// echoes what it read, the unknown tag of a command or an event included.
macro_rules! derived_under_guard {
    ($($ty:ty),* $(,)?) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, serializer)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                guard::read(deserializer, <$ty>::deserialize)
            }
        }
    )*};
}

derived_under_guard!(
    Command,
    Event,
    PlacedEnvironment,
    Environment,
    CreateEnvironmentRequest,
    InvitationStatus,
    CloudAccount,
    CloudProvider,
    ClusterSettings,
    ClusterState,
    ClusterStatus,
    Weekday,
    Source,
    Limit,
    ErrorCategory,
);

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

/// Capabilities travel as lists of their names (`MANAGE_CLUSTERS`).
impl Serialize for Capability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter_names().map(|(name, _)| name))
    }
}

/// Sets of roles travel as lists of the roles' wire names (`BILLING`).
impl Serialize for RoleSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.roles())
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
        guard::read(deserializer, |guarded| guarded.deserialize_seq(Names))
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
                    .ok_or_else(|| E::custom(format_args!("unknown action {}", quoted(name))))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

mod audit;
mod available_roles;
mod bounded;
mod custom_roles;
mod documents;
mod errors;
mod guard;
mod lists;
mod members;
mod tokens;

pub use available_roles::{AvailableRole, AvailableRoles};
use bounded::{OneOf, quoted};
pub use custom_roles::CustomRoleDocument;
pub use tokens::{ApiTokenDocument, ApiTokenList};

/// Reads `null` as the type's default (the API writes `null` for "unset").
pub(super) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
