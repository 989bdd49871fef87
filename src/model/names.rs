//! The serde name of a unit enum variant (`GovernmentBody` → `government_body`), read from the
//! type's own `Serialize` impl: the one way the tool spells a vocabulary value, a rule's code or a
//! record list's key, so that no name is written twice.

use serde::Serialize;
use serde::ser::{self, Impossible};

/// The name serde gives `value`, a unit variant of an enum; `""` for anything else.
#[must_use]
pub(crate) fn serde_name<T: Serialize + ?Sized>(value: &T) -> &'static str {
    value.serialize(Name).unwrap_or_default()
}

/// A serializer that accepts only a unit variant and gives back its name.
struct Name;

/// Why a value has no name.
#[derive(Debug)]
struct NotAName;

impl std::fmt::Display for NotAName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAName {}

impl ser::Error for NotAName {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotAName
    }
}

type Never = Impossible<&'static str, NotAName>;

macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $out:ty),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$out, NotAName> { Err(NotAName) })*
    };
}

impl ser::Serializer for Name {
    type Ok = &'static str;
    type Error = NotAName;
    type SerializeSeq = Never;
    type SerializeTuple = Never;
    type SerializeTupleStruct = Never;
    type SerializeTupleVariant = Never;
    type SerializeMap = Never;
    type SerializeStruct = Never;
    type SerializeStructVariant = Never;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAName> {
        Ok(variant)
    }

    refuse!(
        serialize_bool(bool) -> &'static str,
        serialize_i8(i8) -> &'static str,
        serialize_i16(i16) -> &'static str,
        serialize_i32(i32) -> &'static str,
        serialize_i64(i64) -> &'static str,
        serialize_u8(u8) -> &'static str,
        serialize_u16(u16) -> &'static str,
        serialize_u32(u32) -> &'static str,
        serialize_u64(u64) -> &'static str,
        serialize_f32(f32) -> &'static str,
        serialize_f64(f64) -> &'static str,
        serialize_char(char) -> &'static str,
        serialize_str(&str) -> &'static str,
        serialize_bytes(&[u8]) -> &'static str,
        serialize_none() -> &'static str,
        serialize_unit() -> &'static str,
        serialize_unit_struct(&'static str) -> &'static str,
        serialize_seq(Option<usize>) -> Never,
        serialize_tuple(usize) -> Never,
        serialize_tuple_struct(&'static str, usize) -> Never,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Never,
        serialize_map(Option<usize>) -> Never,
        serialize_struct(&'static str, usize) -> Never,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Never,
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, NotAName> {
        Err(NotAName)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAName> {
        Err(NotAName)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAName> {
        Err(NotAName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, Precision};

    #[test]
    fn unit_variants_give_their_serde_name_and_nothing_else_does() {
        assert_eq!(serde_name(&EntityKind::GovernmentBody), "government_body");
        assert_eq!(serde_name(&Precision::Quarter), "quarter");
        assert_eq!(serde_name(&3), "");
        assert_eq!(serde_name("text"), "");
    }
}
