//! The lists of a document, read element by element so that an element's
//! error says where it is: `members[3]: …`, and inside a project
//! `projects[0]: deployment_rules[2]: …`. `null` reads as an empty list.

use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// Reads the list named `name`.
fn read<'de, D, T>(deserializer: D, name: &'static str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(List(name, PhantomData))
}

struct List<T>(&'static str, PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", self.0)
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // No capacity from the size hint: a hostile document could claim any.
        let mut items = Vec::new();
        loop {
            match seq.next_element::<T>() {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(error) => {
                    let message = error.to_string();
                    return Err(de::Error::custom(format_args!(
                        "{}[{}]: {}",
                        self.0,
                        items.len(),
                        without_position(&message)
                    )));
                }
            }
        }
    }
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

lists!(
    members,
    invitations,
    cloud_accounts,
    clusters,
    projects,
    deployment_rules,
    environments,
);
