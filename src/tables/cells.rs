//! A row struct as its cells: the values of its fields in declaration order, without building a
//! map of column names per row.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct};
use serde_json::Value;

/// The values of one row, one per column, in column order.
pub(crate) type Cells = Vec<Value>;

/// Why a row could not be turned into cells.
#[derive(Debug)]
pub(crate) struct CellsError(String);

impl std::fmt::Display for CellsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellsError {}

impl ser::Error for CellsError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CellsError(msg.to_string())
    }
}

/// The fields of the struct `row`, in order, as JSON values.
pub(crate) fn to_cells<T: Serialize>(row: &T) -> Result<Cells, CellsError> {
    row.serialize(Fields)
}

/// A serializer that accepts only a struct and collects its fields.
struct Fields;

/// Collects the fields of one struct.
struct Collect(Cells);

impl SerializeStruct for Collect {
    type Ok = Cells;
    type Error = CellsError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), CellsError> {
        self.0
            .push(serde_json::to_value(value).map_err(|e| CellsError(e.to_string()))?);
        Ok(())
    }

    fn end(self) -> Result<Cells, CellsError> {
        Ok(self.0)
    }
}

fn not_a_struct<T>() -> Result<T, CellsError> {
    Err(CellsError("a row must be a struct".into()))
}

macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Cells, CellsError> { not_a_struct() })*
    };
}

impl ser::Serializer for Fields {
    type Ok = Cells;
    type Error = CellsError;
    type SerializeSeq = Impossible<Cells, CellsError>;
    type SerializeTuple = Impossible<Cells, CellsError>;
    type SerializeTupleStruct = Impossible<Cells, CellsError>;
    type SerializeTupleVariant = Impossible<Cells, CellsError>;
    type SerializeMap = Impossible<Cells, CellsError>;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Impossible<Cells, CellsError>;

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Collect, CellsError> {
        Ok(Collect(Vec::with_capacity(len)))
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Cells, CellsError> {
        not_a_struct()
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Cells, CellsError> {
        not_a_struct()
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Cells, CellsError> {
        not_a_struct()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, CellsError> {
        not_a_struct()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, CellsError> {
        not_a_struct()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, CellsError> {
        not_a_struct()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, CellsError> {
        not_a_struct()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, CellsError> {
        not_a_struct()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, CellsError> {
        not_a_struct()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct SampleRow {
        id: String,
        n: Option<i64>,
        day: Option<chrono::NaiveDate>,
    }

    #[test]
    fn fields_come_out_in_declaration_order() {
        let row = SampleRow {
            id: "a".into(),
            n: None,
            day: chrono::NaiveDate::from_ymd_opt(2007, 3, 14),
        };
        assert_eq!(
            to_cells(&row).unwrap(),
            vec![Value::from("a"), Value::Null, Value::from("2007-03-14")]
        );
    }

    #[test]
    fn anything_but_a_struct_is_refused() {
        assert!(to_cells(&3).is_err());
        assert!(to_cells(&vec![1]).is_err());
    }
}
