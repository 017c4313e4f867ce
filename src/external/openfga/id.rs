//! Which of the crate's ids OpenFGA takes, and [`OpenFgaError`].
//!
//! OpenFGA writes an object as `type:id` and a user as `type:id`,
//! `type:id#relation` or `type:*` (every object of the type): an id holding
//! `:`, `#` or white space would be read as another object, and the id `*`
//! as every user. Its API takes objects of at most 256 bytes and users of
//! at most 512. The crate's ids are opaque strings, so the export checks
//! each id before it writes anything, and refuses the organization rather
//! than write a tuple that means something else.

use alloc::boxed::Box;
use core::fmt;

use crate::text::{Shown, ShownDebug};

/// The most bytes OpenFGA takes in an object (`type:id`).
const MAX_OBJECT: usize = 256;

/// Why an organization cannot be written for OpenFGA.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenFgaError {
    /// An id holds a character OpenFGA reads as syntax (`:`, `#`, white
    /// space), or is `*`, which OpenFGA reads as every user.
    #[error("the id {id} is not an OpenFGA object id: it {reason}", id = Shown(.id))]
    InvalidId {
        /// The crate's id.
        id: Box<str>,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An object made of the id would pass OpenFGA's 256 bytes.
    #[error("the id {id} makes an OpenFGA object of {bytes} bytes, past OpenFGA's 256", id = Shown(.id))]
    IdTooLong {
        /// The crate's id.
        id: Box<str>,
        /// The length of the object it would make.
        bytes: usize,
    },
    /// The writer failed.
    #[error("the writer failed")]
    Write(#[from] fmt::Error),
}

impl fmt::Debug for OpenFgaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Cut when long, as the ids' own `Debug` are.
            OpenFgaError::InvalidId { id, reason } => f
                .debug_struct("InvalidId")
                .field("id", &ShownDebug(id))
                .field("reason", reason)
                .finish(),
            OpenFgaError::IdTooLong { id, bytes } => f
                .debug_struct("IdTooLong")
                .field("id", &ShownDebug(id))
                .field("bytes", bytes)
                .finish(),
            OpenFgaError::Write(error) => f.debug_tuple("Write").field(error).finish(),
        }
    }
}

impl OpenFgaError {
    /// `openfga_invalid_id`, `openfga_id_too_long` or `write_failed`.
    pub const fn kind(&self) -> &'static str {
        match self {
            OpenFgaError::InvalidId { .. } => "openfga_invalid_id",
            OpenFgaError::IdTooLong { .. } => "openfga_id_too_long",
            OpenFgaError::Write(_) => "write_failed",
        }
    }
}

/// Whether OpenFGA takes `id` as whatever the crate writes it as: a user, a
/// token, an organization, a custom role, a cluster, an environment, or a
/// project (also in its `grants:ID.MODE` objects, the longest at 19 bytes
/// around the id). A service can refuse an id here when it arrives, rather
/// than learn from the export that it cannot be written.
///
/// ```
/// use orgmodel::check_openfga_id;
///
/// assert!(check_openfga_id("3f2a6c1e-0000-4000-8000-000000000001").is_ok());
/// assert_eq!(check_openfga_id("*").unwrap_err().kind(), "openfga_invalid_id");
/// assert_eq!(check_openfga_id("a b").unwrap_err().kind(), "openfga_invalid_id");
/// assert!(check_openfga_id(&"a".repeat(237)).is_ok());
/// assert_eq!(check_openfga_id(&"a".repeat(238)).unwrap_err().kind(), "openfga_id_too_long");
/// ```
///
/// # Errors
/// [`OpenFgaError::InvalidId`], [`OpenFgaError::IdTooLong`].
pub fn check_openfga_id(id: &str) -> Result<(), OpenFgaError> {
    check("grants", id, ".DEVELOPMENT".len())
}

/// Refuses `id` unless OpenFGA reads `kind:id` (followed by `suffix`
/// bytes, as a `grants` object's `.MODE`) as that one object.
pub(super) fn check(kind: &str, id: &str, suffix: usize) -> Result<(), OpenFgaError> {
    let invalid = |reason| OpenFgaError::InvalidId {
        id: id.into(),
        reason,
    };
    if id == "*" {
        return Err(invalid("is `*`, which OpenFGA reads as every user"));
    }
    if id.contains([':', '#']) {
        return Err(invalid("holds `:` or `#`"));
    }
    if id.chars().any(char::is_whitespace) {
        return Err(invalid("holds white space"));
    }
    let bytes = kind.len() + 1 + id.len() + suffix;
    if bytes > MAX_OBJECT {
        return Err(OpenFgaError::IdTooLong {
            id: id.into(),
            bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_openfga_would_misread_are_refused() {
        for id in [
            "a",
            "3f2a6c1e-0000-4000-8000-000000000001",
            "ada@acme.dev",
            "é",
        ] {
            assert_eq!(check("user", id, 0), Ok(()), "{id}");
        }
        for id in ["*", "a:b", "a#member", "a b", "a\tb", "a\u{2003}b"] {
            let error = check("user", id, 0).unwrap_err();
            assert_eq!(error.kind(), "openfga_invalid_id", "{id}");
        }
        let long = "a".repeat(255);
        assert_eq!(check("user", &"a".repeat(251), 0), Ok(()), "256 bytes");
        let error = check("environment", &long, 0).unwrap_err();
        assert!(
            matches!(&error, OpenFgaError::IdTooLong { bytes: 267, .. }),
            "{error:?}"
        );
        assert_eq!(error.kind(), "openfga_id_too_long");
    }
}
