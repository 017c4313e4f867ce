//! Integrations with other crates, kept apart from the domain as `bitflags`
//! keeps its `external/`: the serde wire format, the proptest strategies, and
//! the exports to Cedar, OpenFGA and SpiceDB.
//! They build organizations only through the checked constructors.

pub(crate) mod cedar;
pub(crate) mod openfga;
#[cfg(feature = "serde")]
mod serde;
pub(crate) mod spicedb;
#[cfg(feature = "serde")]
pub use self::serde::{
    ApiTokenDocument, ApiTokenList, AvailableRole, AvailableRoles, CustomRoleDocument,
};
mod parts;
#[cfg(feature = "proptest")]
pub mod strategies;
pub(crate) mod updates;
