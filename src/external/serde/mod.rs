//! The serde wire format: the platform's REST API spelling (`snake_case`
//! fields, `SCREAMING_SNAKE_CASE` enum values, permission sets as lists of
//! action names). Reading validates exactly as the constructors do, whether
//! a value comes alone or inside an organization document; writing borrows
//! and copies nothing. Documents are in `documents.rs` (their lists in
//! `lists.rs`), audit rows in `audit.rs`, errors (written only) in
//! `errors.rs`.

use core::fmt;
use core::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::access::Action;
use crate::environment::Mode;
use crate::id::{
    CloudAccountId, ClusterId, EnvironmentId, OrganizationId, ProjectId, RuleId, UserId,
};
use crate::permission::Permission;
use crate::plan::Plan;
use crate::role::{Capability, Role, RoleSet};
use crate::text::{Email, List, Name};
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
mod errors;
mod lists;
mod members;

/// Reads `null` as the type's default (the API writes `null` for "unset").
pub(super) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
