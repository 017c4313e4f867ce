//! Opaque, validated identifiers.
//!
//! The platform's API uses UUIDs; the crate only requires a non-empty string
//! of at most [`limits::ID`] characters and never looks inside. Each kind of
//! id is its own type, so a cluster id
//! cannot be passed where a user id is expected.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::limits;
use crate::text::{InvalidValue, ShownDebug, check_length};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Deserialize), serde(try_from = "String"))]
        pub struct $name(Box<str>);

        impl $name {
            /// Validates `id`: any non-empty string of at most [`limits::ID`] characters.
            ///
            /// # Errors
            /// [`InvalidValue::EmptyId`] when `id` is empty,
            /// [`InvalidValue::TooLong`] past the limit.
            pub fn new(id: impl Into<String>) -> Result<Self, InvalidValue> {
                let id: String = id.into();
                if id.is_empty() {
                    return Err(InvalidValue::EmptyId { what: $what });
                }
                check_length($what, &id, limits::Limit::Id)?;
                Ok(Self(id.into_boxed_str()))
            }

            /// The id as a string.
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Cut when long: an id in an error's `Debug` stays small.
                write!(f, concat!(stringify!($name), "({:?})"), ShownDebug(&self.0))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, InvalidValue> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(s: String) -> Result<Self, InvalidValue> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidValue;
            fn try_from(s: &str) -> Result<Self, InvalidValue> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.into()
            }
        }
    };
}

id_type!(
    /// Identifies an organization.
    ///
    /// ```
    /// use orgmodel::OrganizationId;
    ///
    /// let id: OrganizationId = "0f7d4c3e-acme".parse().unwrap();
    /// assert_eq!(id.as_str(), "0f7d4c3e-acme");
    /// assert!(OrganizationId::new("").is_err());
    /// ```
    OrganizationId,
    "organization id"
);
id_type!(
    /// Identifies a user (and so a member, in every organization they belong to).
    UserId,
    "user id"
);
id_type!(
    /// Identifies a cluster.
    ClusterId,
    "cluster id"
);
id_type!(
    /// Identifies a project.
    ProjectId,
    "project id"
);
id_type!(
    /// Identifies a cloud account.
    CloudAccountId,
    "cloud account id"
);
id_type!(
    /// Identifies an environment.
    EnvironmentId,
    "environment id"
);
id_type!(
    /// Identifies a deployment rule.
    RuleId,
    "deployment rule id"
);
id_type!(
    /// Identifies a custom role.
    CustomRoleId,
    "custom role id"
);
id_type!(
    /// Identifies an API token of an organization.
    ApiTokenId,
    "API token id"
);

/// The first eight bytes of an id, zero-padded, as a big-endian number:
/// ids sort as their prefixes do, ties aside. Lookups search these numbers
/// first and compare whole ids only where they are equal.
#[inline]
pub(crate) fn prefix(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(id.as_bytes()) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}
