//! Arrow: the schema derived from a table's columns, and its rows as one record batch built with
//! typed builders (dates as Date32, enumerations dictionary-encoded).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    StringDictionaryBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::tables::Table;

/// The Arrow type of a column type.
#[must_use]
pub fn data_type(ty: &ColumnType) -> DataType {
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
    }
}

/// The Arrow schema of a table's columns; each field carries its description as metadata.
#[must_use]
pub fn schema(columns: &[Column]) -> Schema {
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

/// The table's rows as one record batch.
pub fn record_batch(table: &Table) -> Result<RecordBatch, Error> {
    let arrays = table
        .columns
        .iter()
        .map(|c| column_array(table, c))
        .collect::<Result<Vec<ArrayRef>, Error>>()?;
    RecordBatch::try_new(Arc::new(schema(&table.columns)), arrays).map_err(|e| Error::Encode {
        table: table.name.clone(),
        format: "arrow",
        message: e.to_string(),
    })
}

fn column_array(table: &Table, column: &Column) -> Result<ArrayRef, Error> {
    let values = table
        .rows
        .iter()
        .map(|r| r.get(&column.name).filter(|v| !v.is_null()));
    let bad = |row: usize, value: &Value| Error::Encode {
        table: table.name.clone(),
        format: "arrow",
        message: format!(
            "row {row}, column `{}`: expected {}, found {value}",
            column.name,
            column.ty.label()
        ),
    };
    let n = table.rows.len();
    macro_rules! build {
        ($builder:expr, $convert:expr) => {{
            let mut builder = $builder;
            for (row, value) in values.enumerate() {
                match value {
                    None => builder.append_null(),
                    Some(v) => builder.append_value($convert(v).ok_or_else(|| bad(row, v))?),
                }
            }
            Arc::new(builder.finish()) as ArrayRef
        }};
    }
    let array = match &column.ty {
        ColumnType::String => build!(StringBuilder::with_capacity(n, n * 16), Value::as_str),
        ColumnType::Enum(_) => build!(StringDictionaryBuilder::<Int32Type>::new(), Value::as_str),
        ColumnType::Integer => build!(Int64Builder::with_capacity(n), Value::as_i64),
        ColumnType::Number => build!(Float64Builder::with_capacity(n), Value::as_f64),
        ColumnType::Boolean => build!(BooleanBuilder::with_capacity(n), Value::as_bool),
        ColumnType::Date => build!(Date32Builder::with_capacity(n), date32),
        ColumnType::DateTime => build!(
            TimestampMicrosecondBuilder::with_capacity(n).with_timezone("+00:00"),
            micros
        ),
    };
    debug_assert_eq!(array.len(), n);
    Ok(array)
}

/// Days since 1970-01-01 of an ISO 8601 date.
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

#[cfg(test)]
mod tests {
    use super::*;

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
