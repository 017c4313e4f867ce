//! The error of a guarded reader (see `guard.rs`): its message shows at
//! most a short escaped excerpt of any value, and is cut at [`MESSAGE`]
//! escaped bytes whatever it holds, the format's position kept.

use alloc::string::{String, ToString};
use core::fmt;

use serde::de::{self, Expected, Unexpected};

use super::lists::without_position;
use crate::text::excerpt;

/// The most bytes of a message, counted as `Debug` escapes it, before the
/// format adds its position: both `Display` and `Debug` stay under 512.
const MESSAGE: usize = 400;

/// How many bytes a list of expected names may take in a message.
const NAMES: usize = 160;

/// An error whose message is short whatever the input.
#[derive(Debug)]
pub(super) struct Bounded(String);

impl fmt::Display for Bounded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl de::StdError for Bounded {}

/// Converts another error, keeping its message (capped).
pub(super) fn bounded(error: impl fmt::Display) -> Bounded {
    de::Error::custom(error)
}

/// A refusal in the format's error type, its message capped as a
/// [`Bounded`] one is.
pub(super) fn refused<E: de::Error>(message: impl fmt::Display) -> E {
    E::custom(bounded(message))
}

/// `message`, cut to [`MESSAGE`] escaped bytes, its position kept.
fn capped(message: String) -> String {
    let head = without_position(&message);
    let mut size = 0;
    let end = head.char_indices().find_map(|(at, c)| {
        size += c.escape_debug().len();
        (size > MESSAGE).then_some(at)
    });
    match end {
        None => message,
        Some(end) => {
            let position = message.get(head.len()..).unwrap_or_default();
            alloc::format!("{}…{position}", head.get(..end).unwrap_or_default())
        }
    }
}

impl de::Error for Bounded {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Bounded(capped(message.to_string()))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        match expected {
            [] => de::Error::custom(format_args!(
                "unknown variant {}, there are no variants",
                quoted(variant)
            )),
            _ => de::Error::custom(format_args!(
                "unknown variant {}, expected {}",
                quoted(variant),
                OneOf {
                    names: expected,
                    upper: false
                }
            )),
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        match expected {
            [] => de::Error::custom(format_args!(
                "unknown field {}, there are no fields",
                quoted(field)
            )),
            _ => de::Error::custom(format_args!(
                "unknown field {}, expected {}",
                quoted(field),
                OneOf {
                    names: expected,
                    upper: false
                }
            )),
        }
    }
}

/// What a reader found, as an error shows it: a string as an excerpt, a
/// unit as JSON's `null`, anything else as serde writes it.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Str(text) => write!(f, "string {}", excerpt(text)),
            Unexpected::Other(text) => f.write_str(&excerpt(text)),
            Unexpected::Unit => f.write_str("null"),
            other => write!(f, "{other}"),
        }
    }
}

/// A name an error quotes (an unknown variant, field or action): between
/// backticks, as serde quotes it, when it is short and plain, else as
/// [`excerpt`] shows it.
pub(super) fn quoted(name: &str) -> String {
    let plain = |c: char| (c.is_ascii_graphic() && c != '`') || c == ' ';
    if name.len() <= 64 && name.chars().all(plain) {
        alloc::format!("`{name}`")
    } else {
        excerpt(name)
    }
}

/// The names a reader expected, as serde lists them (upper-cased for the
/// enums whose `FromStr` names are not the wire's), cut after [`NAMES`]
/// bytes with their count.
pub(super) struct OneOf {
    pub(super) names: &'static [&'static str],
    pub(super) upper: bool,
}

impl OneOf {
    fn name(&self, f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
        f.write_str("`")?;
        if self.upper {
            name.chars()
                .try_for_each(|c| write!(f, "{}", c.to_ascii_uppercase()))?;
        } else {
            f.write_str(name)?;
        }
        f.write_str("`")
    }
}

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.names {
            [] => f.write_str("nothing"),
            [one] => self.name(f, one),
            [one, two] => {
                self.name(f, one)?;
                f.write_str(" or ")?;
                self.name(f, two)
            }
            names => {
                f.write_str("one of ")?;
                let mut size = 0;
                for (i, name) in names.iter().enumerate() {
                    if size > NAMES {
                        return write!(f, ", … ({} in all)", names.len());
                    }
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    self.name(f, name)?;
                    size += name.len() + 4;
                }
                Ok(())
            }
        }
    }
}
