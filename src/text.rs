//! Validated text: names and e-mail addresses, the one case-insensitive
//! comparison, the errors of a refused value, a list writer, and the excerpt
//! an error shows of a text it refuses.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::category::ErrorCategory;
use crate::limits::Limit;
pub(crate) use crate::shown::{Shown, ShownDebug, excerpt};

/// A value that does not satisfy its type's rules. An oversized value is
/// refused by its size alone and never echoed back; a refused text is shown
/// quoted (`"a b"`), or if long as its start and its size in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
// The crate's tests check that every variant has one kind and one category.
#[cfg_attr(
    test,
    derive(strum::EnumDiscriminants),
    strum_discriminants(vis(pub(crate)), derive(strum::EnumIter, PartialOrd, Ord))
)]
pub enum InvalidValue {
    /// An id was empty.
    #[error("a {what} must not be empty")]
    EmptyId {
        /// Which kind of id.
        what: &'static str,
    },
    /// A value was longer than its limit: a text, or a list counted with
    /// it (a rule's weekdays, a project's rules or wildcard characters).
    #[error("a {what} holds at most {} {}, this one {size}", limit.value(), limit.unit())]
    TooLong {
        /// Which kind of value.
        what: &'static str,
        /// The limit it passed.
        limit: Limit,
        /// The refused value's size, in the limit's unit (characters, items).
        size: usize,
    },
    /// A name was empty, or held only white space or invisible characters.
    #[error("a name must hold a visible character, got {value}")]
    BlankName {
        /// The refused name, quoted, or its start and size if long.
        value: String,
    },
    /// A value held a control character or a bidirectional-text control.
    #[error("a {what} must not hold the control character {character:?}")]
    ControlCharacter {
        /// Which kind of value.
        what: &'static str,
        /// The first such character.
        character: char,
    },
    /// An e-mail address failed the syntax check.
    #[error("{value} is not an e-mail address: it {reason}")]
    Email {
        /// The refused address, quoted, or its start and size if long.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl InvalidValue {
    /// A stable machine name: `empty_id`, `too_long`, `blank_name`,
    /// `control_character` or `invalid_email`.
    pub const fn kind(&self) -> &'static str {
        match self {
            InvalidValue::EmptyId { .. } => "empty_id",
            InvalidValue::TooLong { .. } => "too_long",
            InvalidValue::BlankName { .. } => "blank_name",
            InvalidValue::ControlCharacter { .. } => "control_character",
            InvalidValue::Email { .. } => "invalid_email",
        }
    }

    /// Always [`ErrorCategory::Invalid`].
    pub const fn category(&self) -> ErrorCategory {
        ErrorCategory::Invalid
    }
}

/// Refuses `value` if it holds more than `limit` characters.
pub(crate) fn check_length(
    what: &'static str,
    value: &str,
    limit: Limit,
) -> Result<(), InvalidValue> {
    // A char is at most 4 bytes: short texts need no counting.
    if value.len() <= limit.value() {
        return Ok(());
    }
    let size = value.chars().count();
    if size > limit.value() {
        return Err(InvalidValue::TooLong { what, limit, size });
    }
    Ok(())
}

/// Refuses control characters (C0, C1) and the bidirectional-text controls
/// that can make a name display as another.
fn check_controls(what: &'static str, value: &str) -> Result<(), InvalidValue> {
    let forbidden =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    match value.chars().find(|&c| forbidden(c)) {
        Some(character) => Err(InvalidValue::ControlCharacter { what, character }),
        None => Ok(()),
    }
}

/// White space and the characters that display as nothing.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// Checks a free text (a description, a region, a time zone): its length and
/// no control characters.
pub(crate) fn check_text(what: &'static str, value: &str) -> Result<(), InvalidValue> {
    check_length(what, value, Limit::Text)?;
    check_controls(what, value)
}

/// A text's lowercase form (`char::to_lowercase`), borrowed when it is
/// already lowercase: the key of every case-insensitive comparison.
pub(crate) fn folded(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().flat_map(char::to_lowercase).collect())
    }
}

/// A character's key for case-insensitive matching: two characters have the
/// same key exactly when their lowercase forms (`char::to_lowercase`) are
/// equal. A character whose lowercase form is several characters (only `İ`)
/// keeps a key of its own above every `char`.
#[inline]
pub(crate) fn fold_char(c: char) -> u32 {
    if c.is_ascii() {
        return u32::from(c.to_ascii_lowercase());
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => u32::from(single),
        _ => u32::from(c) | 0x20_0000,
    }
}

/// Whether two texts are equal once lowercased.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Implements what `Name` and `Email` share: reading, writing and the
/// case-insensitive comparison.
macro_rules! text_type {
    ($name:ident) => {
        impl $name {
            /// The text as given.
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether the two are equal once lowercased: the comparison the
            /// product's rules use (`==` compares exactly).
            pub fn eq_ignore_case(&self, other: &Self) -> bool {
                eq_ignore_case(&self.0, &other.0)
            }

            /// The lowercase form, the key of case-insensitive uniqueness.
            pub(crate) fn folded(&self) -> Cow<'_, str> {
                folded(&self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&ShownDebug(&self.0), f)
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
        impl TryFrom<&str> for $name {
            type Error = InvalidValue;
            fn try_from(s: &str) -> Result<Self, InvalidValue> {
                Self::new(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(s: String) -> Result<Self, InvalidValue> {
                Self::new(s)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0.into()
            }
        }
    };
}

/// The name of an organization, cluster, project, environment, cloud account
/// or deployment rule: at most [`crate::limits::NAME`] characters, no control
/// characters, and at least one visible character.
///
/// `==` compares exactly, so that a rename from `Acme` to `ACME` is a change;
/// the product's rules (unique names) compare with
/// [`Name::eq_ignore_case`].
///
/// ```
/// use orgmodel::Name;
///
/// let acme = Name::new("Acme").unwrap();
/// assert!(acme.eq_ignore_case(&Name::new("ACME").unwrap()));
/// assert_ne!(acme, Name::new("ACME").unwrap());
/// assert!(Name::new("  ").is_err());
/// assert!(Name::new("\u{200B}").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(try_from = "String")
)]
pub struct Name(Box<str>);

text_type!(Name);

impl Name {
    /// Validates a name.
    ///
    /// # Errors
    /// [`InvalidValue::TooLong`], [`InvalidValue::ControlCharacter`], or
    /// [`InvalidValue::BlankName`] when it holds only white space or
    /// invisible characters.
    pub fn new(name: impl Into<String>) -> Result<Self, InvalidValue> {
        let name: String = name.into();
        Self::check(&name)?;
        Ok(Name(name.into_boxed_str()))
    }

    /// The checks of [`Name::new`], without building a name.
    pub(crate) fn check(name: &str) -> Result<(), InvalidValue> {
        check_length("name", name, Limit::Name)?;
        if name.chars().all(is_invisible) {
            return Err(InvalidValue::BlankName {
                value: excerpt(name),
            });
        }
        check_controls("name", name)
    }
}

/// An e-mail address: at most [`crate::limits::EMAIL`] characters, syntactically
/// checked; `==` compares exactly and [`Email::eq_ignore_case`] as the
/// product's rules do.
///
/// The check is deliberately simple (one `@`, a non-empty local part, a
/// domain of non-empty dot-separated labels with at least one dot, no white
/// space or control characters); whether the address exists is for the
/// service that sends the invitation to find out.
///
/// ```
/// use orgmodel::Email;
///
/// let email = Email::new("Ada@Example.com").unwrap();
/// assert!(email.eq_ignore_case(&Email::new("ada@example.COM").unwrap()));
/// assert!(Email::new("ada.example.com").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(try_from = "String")
)]
pub struct Email(Box<str>);

text_type!(Email);

impl Email {
    /// Validates an e-mail address.
    ///
    /// # Errors
    /// [`InvalidValue::TooLong`], or [`InvalidValue::Email`] naming the
    /// address and what is wrong with it.
    pub fn new(address: impl Into<String>) -> Result<Self, InvalidValue> {
        let address: String = address.into();
        check_length("e-mail address", &address, Limit::Email)?;
        match Self::problem(&address) {
            Some(reason) => Err(InvalidValue::Email {
                value: excerpt(&address),
                reason,
            }),
            None => Ok(Email(address.into_boxed_str())),
        }
    }

    fn problem(address: &str) -> Option<&'static str> {
        if address.chars().any(|c| c.is_control() || is_invisible(c)) {
            return Some("contains white space, an invisible or a control character");
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Some("has no `@`");
        };
        if domain.contains('@') {
            return Some("has more than one `@`");
        }
        if local.is_empty() {
            return Some("has nothing before the `@`");
        }
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Some("has no valid domain after the `@`");
        }
        None
    }
}

/// Writes items separated by commas: the crate's one list writer.
#[derive(Clone, Copy)]
pub(crate) struct List<I>(pub(crate) I);

impl<I> fmt::Display for List<I>
where
    I: IntoIterator + Clone,
    I::Item: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.clone().into_iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}
