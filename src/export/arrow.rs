//! Arrow: the schema derived from a table's columns, and its rows as one record batch built with
//! typed builders (dates as Date32, enumerations dictionary-encoded); and back, a cell of a
//! written column as the JSON value the row had.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    StringDictionaryBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::cast::AsArray as _;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::tables::Cells;

/// The Arrow type of a column type.
#[must_use]
pub(crate) fn data_type(ty: &ColumnType) -> DataType {
    match ty {
        ColumnType::String => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
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
    }
}

/// The Arrow schema of a table's columns; each field carries its description as metadata.
#[must_use]
pub(crate) fn schema(columns: &[Column]) -> Schema {
    Schema::new(
        columns
            .iter()
            .map(|c| {
                Field::new(&c.name, data_type(&c.ty), c.nullable).with_metadata(HashMap::from([(
                    "description".to_owned(),
                    c.description.clone(),
                )]))
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
        ColumnType::String => build!(StringBuilder::new(), Value::as_str),
        ColumnType::Enum(_) => build!(StringDictionaryBuilder::<Int32Type>::new(), Value::as_str),
        ColumnType::Integer => build!(Int64Builder::new(), Value::as_i64),
        ColumnType::Number => build!(Float64Builder::new(), Value::as_f64),
        ColumnType::Boolean => build!(BooleanBuilder::new(), Value::as_bool),
        ColumnType::Date => build!(Date32Builder::new(), date32),
        ColumnType::DateTime => build!(
            TimestampMicrosecondBuilder::new().with_timezone("+00:00"),
            micros
        ),
        ColumnType::List(inner) => list(inner, values)?,
    })
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

/// Days since 1970-01-01 of an ISO 8601 date.
/// Whether the encoders can hold `value` (not null) in a column of type `ty`: what a record must
/// meet beyond its schema, checked before anything is encoded.
#[must_use]
pub(crate) fn fits(ty: &ColumnType, value: &Value) -> bool {
    match ty {
        ColumnType::String | ColumnType::Enum(_) => value.is_string(),
        ColumnType::Integer => value.as_i64().is_some(),
        ColumnType::Number => value.as_f64().is_some(),
        ColumnType::Boolean => value.is_boolean(),
        ColumnType::Date => date32(value).is_some(),
        ColumnType::DateTime => micros(value).is_some(),
        ColumnType::List(inner) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| v.is_null() || fits(inner, v))),
    }
}

/// Spells an integer that JSON wrote as a float (`1.0`, which JSON Schema counts as an integer)
/// as an integer, so that every format holds the same value; anything else is left as it is.
pub(crate) fn respell(ty: &ColumnType, value: &mut Value) {
    match (ty, &mut *value) {
        (ColumnType::Integer, Value::Number(n)) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // The range of i64 is -2^63 ≤ f < 2^63, and both bounds are exact in f64.
            let bound = -(i64::MIN as f64);
            if f.fract() == 0.0 && (-bound..bound).contains(&f) {
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                *value = Value::from(i);
            }
        }
        (ColumnType::List(inner), Value::Array(items)) => {
            for item in items {
                respell(inner, item);
            }
        }
        _ => {}
    }
}

fn date32(value: &Value) -> Option<i32> {
    let date = NaiveDate::parse_from_str(value.as_str()?, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((date - epoch).num_days()).ok()
}

/// Microseconds since the epoch of an RFC 3339 timestamp.
fn micros(value: &Value) -> Option<i64> {
    Some(
        DateTime::parse_from_rfc3339(value.as_str()?)
            .ok()?
            .timestamp_micros(),
    )
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

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(date32(&Value::from("1970-01-02")), Some(1));
        assert_eq!(date32(&Value::from("2007-03-14")), Some(13586));
        assert_eq!(date32(&Value::from("2007-02-30")), None);
    }

    #[test]
    fn timestamps_are_utc_microseconds() {
        assert_eq!(
            micros(&Value::from("1970-01-01T00:00:01Z")),
            Some(1_000_000)
        );
    }
}
