//! The lists of a document, read element by element so that an element's
//! error says where it is: `members[3]: …`, and inside a project
//! `projects[0]: deployment_rules[2]: …`. `null` reads as an empty list.
//!
//! A list holds little more than its items while it is read: each element
//! is made into its final form as soon as it is read (never a list of wire
//! forms beside the list of values), the list grows by a quarter rather
//! than doubling, and it is trimmed to its length at the end. That keeps a
//! document of many tiny items within its heap bound (see
//! [`crate::limits`]).

use alloc::string::ToString;
use alloc::vec::Vec;
use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A list as read: its items, and the first error of making one of them
/// (from then on the list keeps nothing, but reads on, so that a document
/// that does not parse is refused as such first).
pub(super) struct Made<T, E> {
    pub(super) items: Vec<T>,
    pub(super) error: Option<E>,
}

impl<T, E> Default for Made<T, E> {
    fn default() -> Self {
        Made {
            items: Vec::new(),
            error: None,
        }
    }
}

/// Reads the list named `name`, each element read as `W` and made into a
/// `T` at once by `make` with its position.
pub(super) fn made<'de, D, W, T, E>(
    deserializer: D,
    name: &'static str,
    make: fn(W, usize) -> Result<T, E>,
) -> Result<Made<T, E>, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de>,
{
    deserializer.deserialize_option(List {
        name: Some(name),
        make,
        marker: PhantomData,
    })
}

/// Reads a list that stands alone (a JSON array, not `null`), each element
/// read as `W` and made into a `T` at once by `make` with its position; an
/// element's error comes back as it is.
pub(super) fn sequence<'de, D, W, T>(
    deserializer: D,
    make: fn(W, usize) -> Result<T, Infallible>,
) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de>,
{
    let list = List {
        name: None,
        make,
        marker: PhantomData,
    };
    Ok(deserializer.deserialize_seq(list)?.items)
}

/// Reads the list named `name`.
fn read<'de, D, T>(deserializer: D, name: &'static str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(made(deserializer, name, |item, _| Ok::<T, Infallible>(item))?.items)
}

/// Reads a list: named, inside a document (its elements' errors say where
/// they are); unnamed, alone.
struct List<W, T, E> {
    name: Option<&'static str>,
    make: fn(W, usize) -> Result<T, E>,
    marker: PhantomData<fn() -> W>,
}

impl<'de, W: Deserialize<'de>, T, E> Visitor<'de> for List<W, T, E> {
    type Value = Made<T, E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(name) => write!(f, "a list of {name}"),
            None => f.write_str("a sequence"),
        }
    }

    fn visit_none<Er: de::Error>(self) -> Result<Made<T, E>, Er> {
        Ok(Made::default())
    }

    fn visit_unit<Er: de::Error>(self) -> Result<Made<T, E>, Er> {
        Ok(Made::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Made<T, E>, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Made<T, E>, A::Error> {
        // No capacity from the size hint: a hostile document could claim any.
        let mut list = Made::default();
        let mut position = 0;
        loop {
            match seq.next_element::<W>() {
                Ok(Some(wire)) => {
                    if list.error.is_none() {
                        match (self.make)(wire, position) {
                            Ok(item) => push(&mut list.items, item),
                            Err(error) => {
                                list.error = Some(error);
                                list.items = Vec::new();
                            }
                        }
                    }
                    position += 1;
                }
                Ok(None) => {
                    list.items.shrink_to_fit();
                    return Ok(list);
                }
                Err(error) => {
                    let Some(name) = self.name else {
                        return Err(error);
                    };
                    let message = error.to_string();
                    return Err(de::Error::custom(format_args!(
                        "{name}[{position}]: {}",
                        without_position(&message)
                    )));
                }
            }
        }
    }
}

/// Pushes `item`, growing a full list by a quarter (at least 4 items): it
/// never holds more than a quarter over its length, where doubling could
/// hold twice, and the copies stay linear in all.
fn push<T>(items: &mut Vec<T>, item: T) {
    if items.len() == items.capacity() {
        items.reserve_exact((items.len() / 4).max(4));
    }
    items.push(item);
}

/// The message without serde_json's ` at line L column C`, which the
/// reader adds again where the error surfaces.
pub(super) fn without_position(message: &str) -> &str {
    let Some((head, tail)) = message.rsplit_once(" at line ") else {
        return message;
    };
    let position = tail.split_once(" column ");
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    match position {
        Some((line, column)) if digits(line) && digits(column) => head,
        _ => message,
    }
}

/// One reader per list of a document, named as the list.
macro_rules! lists {
    ($($name:ident),* $(,)?) => {$(
        pub(super) fn $name<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
        where
            D: Deserializer<'de>,
            T: Deserialize<'de>,
        {
            read(deserializer, stringify!($name))
        }
    )*};
}

lists!(members, invitations, cloud_accounts, clusters, environments,);
