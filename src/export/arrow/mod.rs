//! Arrow: the schema derived from a table's columns, and its rows as one record batch built with
//! typed builders (dates as Date32, enumerations dictionary-encoded); and back, a cell of a
//! written column as the JSON value the row had.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, FixedSizeBinaryBuilder, Float64Builder,
    Int32Builder, Int64Builder, StringBuilder, StringDictionaryBuilder, Time64MicrosecondBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::cast::AsArray as _;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, TimeUnit};
use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::tables::Cells;

mod values;
pub(crate) use values::{DECIMAL_DIGITS, fits, respell};
use values::{date32, decimal, int32, micros, time_micros, uuid};

/// The Arrow type of a column type.
#[must_use]
pub(crate) fn data_type(ty: &ColumnType) -> DataType {
    match ty {
        ColumnType::String => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Int32 => DataType::Int32,
        ColumnType::Decimal(scale) => {
            DataType::Decimal128(DECIMAL_PRECISION, (*scale).cast_signed())
        }
        ColumnType::Time => DataType::Time64(TimeUnit::Microsecond),
        ColumnType::Uuid => DataType::FixedSizeBinary(16),
        ColumnType::Number => DataType::Float64,
        ColumnType::Boolean => DataType::Boolean,
        ColumnType::Date => DataType::Date32,
        ColumnType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())),
        ColumnType::Enum(_) => {
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
        }
        ColumnType::List(inner) => {
            DataType::List(Arc::new(Field::new("item", data_type(inner), true)))
        }
        ColumnType::Struct(fields) => DataType::Struct(struct_fields(fields)),
    }
}

/// The Arrow fields of a struct: all nullable, as a null struct holds nulls in every field.
fn struct_fields(fields: &[Column]) -> Fields {
    fields
        .iter()
        .map(|c| Field::new(&c.name, data_type(&c.ty), true))
        .collect()
}

/// The digits of a decimal column.
pub(crate) const DECIMAL_PRECISION: u8 = 38;

/// The Arrow schema of a table's columns; each field carries its description as metadata, and a
/// UUID column the canonical extension type `arrow.uuid`, which Parquet writes as its UUID type.
#[must_use]
pub(crate) fn schema(columns: &[Column]) -> Schema {
    Schema::new(
        columns
            .iter()
            .map(|c| {
                let mut metadata =
                    HashMap::from([("description".to_owned(), c.description.clone())]);
                if c.ty == ColumnType::Uuid {
                    metadata.insert("ARROW:extension:name".to_owned(), "arrow.uuid".to_owned());
                }
                Field::new(&c.name, data_type(&c.ty), c.nullable).with_metadata(metadata)
            })
            .collect::<Vec<_>>(),
    )
}

/// `rows` (one value per column, in column order) as a record batch of `columns`.
pub(crate) fn batch(name: &str, columns: &[Column], rows: &[Cells]) -> Result<RecordBatch, Error> {
    let fail = super::encode_error(name, "arrow");
    let arrays = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values = rows
                .iter()
                .map(|r| r.get(i).filter(|v| !v.is_null()))
                .collect();
            array(&c.ty, values).map_err(|(row, found)| {
                fail(
                    format!(
                        "row {row}, column `{}`: expected {}, found {found}",
                        c.name,
                        c.ty.label()
                    )
                    .into(),
                )
            })
        })
        .collect::<Result<Vec<ArrayRef>, Error>>()?;
    RecordBatch::try_new(Arc::new(schema(columns)), arrays).map_err(|e| fail(e.into()))
}

/// How many bytes of text `values` hold.
fn text_bytes(values: &[Option<&Value>]) -> usize {
    values
        .iter()
        .filter_map(|v| v.and_then(Value::as_str))
        .map(str::len)
        .sum()
}

/// A value that does not fit its column: the row index and the value.
type Misfit = (usize, String);

fn array(ty: &ColumnType, values: Vec<Option<&Value>>) -> Result<ArrayRef, Misfit> {
    macro_rules! build {
        ($builder:expr, $convert:expr) => {{
            let mut builder = $builder;
            for (row, value) in values.iter().enumerate() {
                match value {
                    None => builder.append_null(),
                    Some(v) => {
                        builder.append_value($convert(v).ok_or_else(|| (row, v.to_string()))?)
                    }
                }
            }
            Arc::new(builder.finish()) as ArrayRef
        }};
    }
    Ok(match ty {
        // Sized up front: a builder that grows by doubling holds up to twice a huge text, and
        // both buffers while it copies.
        ColumnType::String => build!(
            StringBuilder::with_capacity(values.len(), text_bytes(&values)),
            Value::as_str
        ),
        ColumnType::Enum(_) => build!(StringDictionaryBuilder::<Int32Type>::new(), Value::as_str),
        ColumnType::Integer => build!(Int64Builder::new(), Value::as_i64),
        ColumnType::Int32 => build!(Int32Builder::new(), int32),
        ColumnType::Decimal(scale) => build!(
            Decimal128Builder::new()
                .with_precision_and_scale(DECIMAL_PRECISION, (*scale).cast_signed())
                .map_err(|e| (0, e.to_string()))?,
            |v| decimal(v, *scale)
        ),
        ColumnType::Time => build!(Time64MicrosecondBuilder::new(), time_micros),
        ColumnType::Uuid => uuids(&values)?,
        ColumnType::Number => build!(Float64Builder::new(), Value::as_f64),
        ColumnType::Boolean => build!(BooleanBuilder::new(), Value::as_bool),
        ColumnType::Date => build!(Date32Builder::new(), date32),
        ColumnType::DateTime => build!(
            TimestampMicrosecondBuilder::new().with_timezone("+00:00"),
            micros
        ),
        ColumnType::List(inner) => list(inner, values)?,
        ColumnType::Struct(fields) => structs(fields, &values)?,
    })
}

/// A struct column: one array per field, from each object's value of that field.
fn structs(fields: &[Column], values: &[Option<&Value>]) -> Result<ArrayRef, Misfit> {
    let mut arrays = Vec::with_capacity(fields.len());
    for c in fields {
        let column = values
            .iter()
            .map(|v| v.and_then(|v| v.get(&c.name)).filter(|v| !v.is_null()))
            .collect();
        arrays.push(array(&c.ty, column)?);
    }
    if let Some(row) = values
        .iter()
        .position(|v| v.is_some_and(|v| !v.is_object()))
    {
        return Err((row, values[row].map(Value::to_string).unwrap_or_default()));
    }
    let valid: Vec<bool> = values.iter().map(Option::is_some).collect();
    let array = StructArray::try_new(struct_fields(fields), arrays, Some(NullBuffer::from(valid)))
        .map_err(|e| (0, e.to_string()))?;
    Ok(Arc::new(array))
}

/// A list column: the items of every row as one inner array, cut by offsets.
fn list(inner: &ColumnType, values: Vec<Option<&Value>>) -> Result<ArrayRef, Misfit> {
    let mut items: Vec<&Value> = Vec::new();
    let mut lengths = Vec::new();
    let mut valid = Vec::new();
    for (row, value) in values.into_iter().enumerate() {
        match value {
            None => {
                lengths.push(0);
                valid.push(false);
            }
            Some(Value::Array(list)) => {
                items.extend(list.iter());
                lengths.push(list.len());
                valid.push(true);
            }
            Some(other) => return Err((row, other.to_string())),
        }
    }
    let values = array(
        inner,
        items
            .into_iter()
            .map(|v| Some(v).filter(|v| !v.is_null()))
            .collect(),
    )?;
    let field = Arc::new(Field::new("item", data_type(inner), true));
    let array = ListArray::try_new(
        field,
        OffsetBuffer::from_lengths(lengths),
        values,
        Some(NullBuffer::from(valid)),
    )
    .map_err(|e| (0, e.to_string()))?;
    Ok(Arc::new(array))
}

/// A UUID column: 16 bytes a value.
fn uuids(values: &[Option<&Value>]) -> Result<ArrayRef, Misfit> {
    let mut builder = FixedSizeBinaryBuilder::with_capacity(values.len(), 16);
    for (row, value) in values.iter().enumerate() {
        match value {
            None => builder.append_null(),
            Some(v) => {
                let bytes = uuid(v).ok_or_else(|| (row, v.to_string()))?;
                builder
                    .append_value(bytes)
                    .map_err(|e| (row, e.to_string()))?;
            }
        }
    }
    Ok(Arc::new(builder.finish()))
}

/// The value of row `i` of `array`, a column of one of the types [`data_type`] gives, as the
/// JSON value the row held (a date as `YYYY-MM-DD`, a timestamp in RFC 3339); `None` for a type
/// it does not give.
#[must_use]
pub(crate) fn cell(array: &dyn Array, i: usize) -> Option<Value> {
    if array.is_null(i) {
        return Some(Value::Null);
    }
    Some(match array.data_type() {
        DataType::Utf8 => Value::from(array.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Value::from(array.as_string::<i64>().value(i)),
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(i)),
        DataType::Int32 => Value::from(array.as_primitive::<Int32Type>().value(i)),
        DataType::Float64 => Value::from(array.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => Value::from(array.as_boolean().value(i)),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(i);
            let date = NaiveDate::from_ymd_opt(1970, 1, 1)?
                .checked_add_signed(chrono::TimeDelta::days(i64::from(days)))?;
            Value::from(date.format("%Y-%m-%d").to_string())
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            let micros = array.as_primitive::<TimestampMicrosecondType>().value(i);
            let time = DateTime::from_timestamp_micros(micros)?;
            Value::from(time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        }
        DataType::Dictionary(_, value) if **value == DataType::Utf8 => {
            let dict = array.as_any_dictionary();
            let key = dict.normalized_keys()[i];
            Value::from(dict.values().as_string::<i32>().value(key))
        }
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(i);
            let values: Option<Vec<Value>> =
                (0..items.len()).map(|j| cell(items.as_ref(), j)).collect();
            Value::Array(values?)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_reads_back_as_its_rows() {
        let columns = crate::columns::columns(&serde_json::json!({
            "type": "object",
            "properties": {
                "s": { "type": "string" },
                "i": { "type": ["integer", "null"] },
                "f": { "type": "number" },
                "b": { "type": "boolean" },
                "d": { "type": "string", "format": "date" },
                "t": { "type": "string", "format": "date-time" },
                "e": { "enum": ["x", "y"] },
                "l": { "type": "array", "items": { "type": "integer" } }
            },
            "required": ["s", "f", "b", "d", "t", "e", "l"]
        }))
        .unwrap();
        let row: Cells = serde_json::from_str(
            r#"["a", null, 1.5, true, "2007-03-14", "2007-03-14T01:02:03Z", "y", [1, 2]]"#,
        )
        .unwrap();
        let batch = batch("t", &columns, std::slice::from_ref(&row)).unwrap();
        let back: Vec<Value> = batch
            .columns()
            .iter()
            .map(|a| cell(a.as_ref(), 0).unwrap())
            .collect();
        assert_eq!(back, row);
    }
}
