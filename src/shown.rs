//! How an error shows a text it was given: as it is when short, else
//! escaped, cut after 32 characters (64 escaped bytes) and sized, so that
//! no error echoes a large input.

use alloc::format;
use alloc::string::String;
use core::fmt::{self, Write as _};

/// A text as an error message shows it: as it is when it is short and
/// holds nothing to escape, else escaped and cut after 32 characters (64
/// escaped bytes) with its size, so that a message stays small whatever
/// the text.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

/// The most characters, and escaped bytes, an error shows of a text.
const SHOWN_CHARS: usize = 32;
const SHOWN_ESCAPED: usize = 64;

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut escaped = 0;
        for (n, c) in self.0.chars().enumerate() {
            escaped += c.escape_debug().len();
            if n >= SHOWN_CHARS || escaped > SHOWN_ESCAPED {
                return write!(f, "… ({} bytes)", self.0.len());
            }
            write!(f, "{}", c.escape_debug())?;
        }
        Ok(())
    }
}

/// The `Debug` form of a text held by a value: quoted and escaped, cut as
/// [`Shown`] cuts it.
pub(crate) struct ShownDebug<'a>(pub(crate) &'a str);

impl fmt::Debug for ShownDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut escaped = 0;
        for (n, c) in self.0.chars().enumerate() {
            escaped += c.escape_debug().len();
            if n >= SHOWN_CHARS || escaped > SHOWN_ESCAPED {
                return write!(f, "\"… ({} bytes)", self.0.len());
            }
            write!(f, "{}", c.escape_debug())?;
        }
        f.write_char('"')
    }
}

/// A text as an error may show it: quoted as `Debug` quotes it if it is
/// short, else its first characters (at most 32, and at most 64 bytes once
/// escaped) and its size, so an error never echoes a large input.
pub(crate) fn excerpt(text: &str) -> String {
    const CHARS: usize = 32;
    const ESCAPED: usize = 64;
    let mut escaped = 0;
    // `char::escape_debug` escapes at least what `str`'s `Debug` does.
    let end = text.char_indices().enumerate().find_map(|(n, (at, c))| {
        escaped += c.escape_debug().len();
        (n >= CHARS || escaped > ESCAPED).then_some(at)
    });
    match end {
        None => format!("{text:?}"),
        Some(end) => {
            let start = text.get(..end).unwrap_or_default();
            format!("{start:?}… ({} bytes)", text.len())
        }
    }
}
