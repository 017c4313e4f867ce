//! Validated text: names and e-mail addresses, both compared case-insensitively.

use alloc::boxed::Box;
use alloc::string::String;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use crate::error::InvalidValue;

/// Whether two characters are equal once lowercased (`char::to_lowercase`).
#[inline]
pub(crate) fn same_char(a: char, b: char) -> bool {
    if a == b {
        true
    } else if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(&b)
    } else {
        a.to_lowercase().eq(b.to_lowercase())
    }
}

fn lowercase(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// Whether two strings are equal once lowercased.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || lowercase(a).eq(lowercase(b))
}

/// Implements case-insensitive `Eq`, `Ord` and `Hash` for a text newtype, so
/// that every comparison agrees with the product's rule.
macro_rules! caseless_text {
    ($name:ident) => {
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                same_text(&self.0, &other.0)
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> Ordering {
                lowercase(&self.0).cmp(lowercase(&other.0))
            }
        }
        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                for c in lowercase(&self.0) {
                    c.hash(state);
                }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
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

/// The name of an organization, cluster, project or environment: not empty,
/// not only white space, and compared case-insensitively (`"Prod" == "PROD"`).
/// The spelling given is kept for display.
///
/// ```
/// use orgmodel::Name;
///
/// assert_eq!(Name::new("Acme").unwrap(), Name::new("ACME").unwrap());
/// assert_eq!(Name::new("Acme").unwrap().as_str(), "Acme");
/// assert!(Name::new("  ").is_err());
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Name(Box<str>);

caseless_text!(Name);

impl Name {
    /// Validates a name.
    ///
    /// # Errors
    /// [`InvalidValue::BlankName`] when `name` is empty or only white space.
    pub fn new(name: impl Into<String>) -> Result<Self, InvalidValue> {
        let name: String = name.into();
        if name.trim().is_empty() {
            return Err(InvalidValue::BlankName { value: name });
        }
        Ok(Name(name.into_boxed_str()))
    }

    /// The name as given.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address: syntactically checked, compared case-insensitively.
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
/// assert_eq!(email, Email::new("ada@example.COM").unwrap());
/// assert!(Email::new("ada.example.com").is_err());
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Email(Box<str>);

caseless_text!(Email);

impl Email {
    /// Validates an e-mail address.
    ///
    /// # Errors
    /// [`InvalidValue::Email`] naming the address and what is wrong with it.
    pub fn new(address: impl Into<String>) -> Result<Self, InvalidValue> {
        let address: String = address.into();
        match Self::problem(&address) {
            Some(reason) => Err(InvalidValue::Email {
                value: address,
                reason,
            }),
            None => Ok(Email(address.into_boxed_str())),
        }
    }

    fn problem(address: &str) -> Option<&'static str> {
        if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some("contains white space or a control character");
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

    /// The address as given.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
