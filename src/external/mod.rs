//! Integrations with other crates, kept apart from the domain as `bitflags`
//! keeps its `external/`: the serde wire format and the proptest strategies.
//! They build organizations only through the checked constructors.

#[cfg(feature = "serde")]
mod serde;
#[cfg(feature = "proptest")]
pub mod strategies;
