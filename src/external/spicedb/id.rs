//! The crate's ids as SpiceDB object ids, and [`SpiceDbError`].
//!
//! SpiceDB takes object ids of 1 to 1,024 bytes of `[a-zA-Z0-9/_|\-=+]`;
//! the crate's ids are opaque strings of up to [`crate::limits::ID`]
//! characters. Letters, digits, `_` and `-` are written as they are (a UUID
//! is its own SpiceDB id); every other byte of the id's UTF-8 is written `=`
//! and two upper-case hex digits (`a.b` is `a=2Eb`, `é` is `=C3=A9`). The
//! encoding is one-to-one, and leaves `/`, `|` and `+` free for composite
//! ids. An id whose encoding passes SpiceDB's 1,024 bytes (only an id of
//! mostly non-ASCII characters can) is refused: nothing is written.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt::{self, Write};

use crate::text::{Shown, ShownDebug};

/// The most bytes SpiceDB takes in an object id.
pub(super) const MAX_BYTES: usize = 1_024;

/// Why an organization cannot be written for SpiceDB.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpiceDbError {
    /// An id (or the composite id made of it) would pass SpiceDB's 1,024
    /// bytes once encoded.
    #[error("the id {id} is {bytes} bytes long as a SpiceDB object id, past SpiceDB's 1024", id = Shown(.id))]
    IdTooLong {
        /// The crate's id.
        id: Box<str>,
        /// The length of the SpiceDB object id it would make.
        bytes: usize,
    },
    /// The writer failed.
    #[error("the writer failed")]
    Write(#[from] fmt::Error),
}

impl fmt::Debug for SpiceDbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Cut when long, as the ids' own `Debug` are.
            SpiceDbError::IdTooLong { id, bytes } => f
                .debug_struct("IdTooLong")
                .field("id", &ShownDebug(id))
                .field("bytes", bytes)
                .finish(),
            SpiceDbError::Write(error) => f.debug_tuple("Write").field(error).finish(),
        }
    }
}

impl SpiceDbError {
    /// `spicedb_id_too_long` or `write_failed`.
    pub const fn kind(&self) -> &'static str {
        match self {
            SpiceDbError::IdTooLong { .. } => "spicedb_id_too_long",
            SpiceDbError::Write(_) => "write_failed",
        }
    }
}

/// Whether `byte` is written as it is.
const fn kept(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The length in bytes of `id` encoded.
pub(super) fn encoded_len(id: &str) -> usize {
    id.bytes().map(|b| if kept(b) { 1 } else { 3 }).sum()
}

/// Refuses `id` when `id` encoded, followed by `suffix` bytes, passes
/// SpiceDB's limit.
pub(super) fn check(id: &str, suffix: usize) -> Result<(), SpiceDbError> {
    let bytes = encoded_len(id).saturating_add(suffix);
    if bytes > MAX_BYTES {
        return Err(SpiceDbError::IdTooLong {
            id: id.into(),
            bytes,
        });
    }
    Ok(())
}

/// An id, displayed as its SpiceDB object id (not checked for length).
#[derive(Clone, Copy)]
pub(super) struct Encoded<'a>(pub(super) &'a str);

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Runs of kept bytes are written whole (a UUID is one run). A
        // non-empty run holds ASCII bytes only, so its ends are char
        // boundaries; an empty one may not be, and `get` gives `None`.
        let mut start = 0;
        for (at, &byte) in self.0.as_bytes().iter().enumerate() {
            if !kept(byte) {
                f.write_str(self.0.get(start..at).unwrap_or_default())?;
                write!(f, "={byte:02X}")?;
                start = at + 1;
            }
        }
        f.write_str(self.0.get(start..).unwrap_or_default())
    }
}

/// The SpiceDB object id of one of the crate's ids (an [`crate::UserId`],
/// [`crate::ApiTokenId`], [`crate::EnvironmentId`]…), as
/// [`crate::write_spicedb_relationships`] writes it: what a service passes
/// to SpiceDB's `CheckPermission`. Letters, digits, `_` and `-` stay as
/// they are; every other byte is `=` and two upper-case hex digits.
///
/// ```
/// use orgmodel::spicedb_object_id;
///
/// assert_eq!(spicedb_object_id("3f2a6c1e-0000-4000-8000-000000000001")?, "3f2a6c1e-0000-4000-8000-000000000001");
/// assert_eq!(spicedb_object_id("ada@acme.dev")?, "ada=40acme=2Edev");
/// assert_eq!(spicedb_object_id("é/=")?, "=C3=A9=2F=3D");
/// assert!(spicedb_object_id(&"é".repeat(200)).is_err(), "1,200 bytes encoded");
/// # Ok::<(), orgmodel::SpiceDbError>(())
/// ```
///
/// # Errors
/// [`SpiceDbError::IdTooLong`] when the encoding passes 1,024 bytes.
pub fn spicedb_object_id(id: &str) -> Result<String, SpiceDbError> {
    check(id, 0)?;
    let mut out = String::with_capacity(encoded_len(id));
    write!(out, "{}", Encoded(id))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    #[test]
    fn every_encoded_id_is_a_valid_spicedb_object_id() {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "/_|-=+".contains(c);
        for id in [
            "a",
            "a.b",
            "ü",
            "🦀",
            "x y",
            "=",
            "a/b|c+d",
            "\u{7f}",
            "UPPER-lower_09",
        ] {
            let encoded = spicedb_object_id(id).unwrap();
            assert!(
                !encoded.is_empty() && encoded.chars().all(allowed),
                "{encoded}"
            );
            assert!(
                !encoded.contains(['/', '|', '+']),
                "{encoded}: separators stay free"
            );
            assert_eq!(encoded.len(), encoded_len(id));
        }
    }

    proptest::proptest! {
        /// Writing runs of kept bytes whole encodes as escaping byte by byte.
        #[test]
        fn runs_encode_as_bytes_one_by_one(id in "\\PC{0,40}") {
            let mut expected = String::new();
            for byte in id.bytes() {
                if kept(byte) {
                    expected.push(char::from(byte));
                } else {
                    write!(expected, "={byte:02X}").unwrap();
                }
            }
            proptest::prop_assert_eq!(alloc::format!("{}", Encoded(&id)), expected);
        }
    }

    #[test]
    fn the_encoding_is_one_to_one() {
        // Every pair of distinct short ids over an alphabet that holds the
        // escape character and its hex digits encodes to distinct ids.
        let alphabet = ["a", "A", "2", "E", "=", ".", "é", "-", "_"];
        let mut ids: Vec<String> = alphabet.iter().map(ToString::to_string).collect();
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    ids.push([a, b, c].concat());
                }
            }
        }
        let mut encoded: Vec<String> = ids
            .iter()
            .map(|id| spicedb_object_id(id).unwrap())
            .collect();
        encoded.sort();
        encoded.dedup();
        assert_eq!(encoded.len(), ids.len());
    }

    #[test]
    fn an_id_past_1024_bytes_encoded_is_refused() {
        // 255 characters, the crate's longest id: kept as it is, it fits.
        assert!(spicedb_object_id(&"a".repeat(255)).is_ok());
        // 341 escaped bytes make 1,023 bytes; one more kept byte, 1,024.
        let fits = [".".repeat(341), "a".into()].concat();
        assert_eq!(spicedb_object_id(&fits).unwrap().len(), 1_024);
        let error = spicedb_object_id(&".".repeat(342)).unwrap_err();
        assert_eq!(error.kind(), "spicedb_id_too_long");
        assert!(
            matches!(&error, SpiceDbError::IdTooLong { bytes: 1_026, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("1026 bytes"), "{error}");
        assert!(alloc::format!("{error:?}").len() < 120, "{error:?}");
    }
}
