#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

mod decision;
mod permission;
#[cfg(feature = "serde")]
mod wire;

pub use decision::{Decision, Denial, DenialReason};
pub use permission::{Permission, PermissionMatrix, Role};
