//! Reading without echo: every document is read through [`Guard`], which
//! wraps the format's deserializer so that no error says back what it read.
//!
//! A format such as `serde_json` writes what it found into its own errors
//! ("invalid type: string \"…\"", "unknown variant `…`") whole, whatever its
//! size. Under a guard:
//! - a value of a type that is not a string is asked for as "any value", so
//!   that a string arrives at the visitor, which refuses it through
//!   [`Bounded`], not through the format's error;
//! - every visitor, map, list and enum the reader meets is wrapped alike, so
//!   the errors of derived code (an internally tagged enum's buffered
//!   fields included) are [`Bounded`] too;
//! - a [`Bounded`] error shows at most a short escaped excerpt of a value,
//!   and its message is cut at 400 escaped bytes whatever it holds.
//!
//! The format's position (` at line L column C`) stays at the end of a
//! message and is read back by `serde_json`, so errors keep their place.
//!
//! Asking for "any value" reads what the crate's types hold as before:
//! strings, booleans and integers of up to 64 bits. It would not read a
//! 128-bit integer past 64 bits, a float under `serde_json`'s
//! `arbitrary_precision`, or a map key that stands for a number or a
//! boolean; the crate's types hold none.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::bounded::{Bounded, bounded};

/// Reads through `read` (a derived `deserialize`, or a visitor's call) under
/// a [`Guard`], and gives its error back in the format's own type.
pub(super) fn read<'de, D, T>(
    deserializer: D,
    read: impl FnOnce(Guard<D>) -> Result<T, Bounded>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    read(Guard(deserializer)).map_err(de::Error::custom)
}

/// A deserializer whose errors are [`Bounded`]: it asks the one it wraps for
/// "any value" wherever a string is not what is expected, and wraps what it
/// hands on.
#[derive(Debug)]
pub(super) struct Guard<D>(D);

/// Wraps a visitor, a seed or an access: what it hands on is guarded too.
#[derive(Debug)]
struct Guarded<T>(T);

/// Methods asked as "any value": a string given there reaches the visitor.
macro_rules! as_any {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bounded> {
            self.0.deserialize_any(Guarded(visitor)).map_err(bounded)
        }
    )*};
}

/// Methods passed on as they are: strings, options, enums, newtypes.
macro_rules! as_is {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bounded> {
            self.0.$method(Guarded(visitor)).map_err(bounded)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Guard<D> {
    type Error = Bounded;

    as_any!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_unit,
        deserialize_seq,
        deserialize_map
    );
    as_is!(
        deserialize_any,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        let visitor = Guarded(visitor);
        self.0
            .deserialize_newtype_struct(name, visitor)
            .map_err(bounded)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Bounded> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        let visitor = Guarded(visitor);
        self.0
            .deserialize_enum(name, variants, visitor)
            .map_err(bounded)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Visits passed on with the visitor's errors made [`Bounded`] first.
macro_rules! visit {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method::<Bounded>(value).map_err(E::custom)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Guarded<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>)
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none::<Bounded>().map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit::<Bounded>().map_err(E::custom)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0
            .visit_some(Guard(deserializer))
            .map_err(de::Error::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0
            .visit_newtype_struct(Guard(deserializer))
            .map_err(de::Error::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Guarded(seq)).map_err(de::Error::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Guarded(map)).map_err(de::Error::custom)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Guarded(data)).map_err(de::Error::custom)
    }
}

/// A seed whose deserializer is guarded.
impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Guarded<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0
            .deserialize(Guard(deserializer))
            .map_err(de::Error::custom)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Guarded<A> {
    type Error = Bounded;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bounded> {
        self.0.next_element_seed(Guarded(seed)).map_err(bounded)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Guarded<A> {
    type Error = Bounded;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bounded> {
        self.0.next_key_seed(Guarded(seed)).map_err(bounded)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Bounded> {
        self.0.next_value_seed(Guarded(seed)).map_err(bounded)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Guarded<A> {
    type Error = Bounded;
    type Variant = Guarded<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Bounded> {
        let (value, variant) = self.0.variant_seed(Guarded(seed)).map_err(bounded)?;
        Ok((value, Guarded(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Guarded<A> {
    type Error = Bounded;

    fn unit_variant(self) -> Result<(), Bounded> {
        self.0.unit_variant().map_err(bounded)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Bounded> {
        self.0.newtype_variant_seed(Guarded(seed)).map_err(bounded)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Bounded> {
        self.0.tuple_variant(len, Guarded(visitor)).map_err(bounded)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bounded> {
        self.0
            .struct_variant(fields, Guarded(visitor))
            .map_err(bounded)
    }
}
