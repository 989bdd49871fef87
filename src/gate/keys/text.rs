//! The key values of the gate read from a text format, when no Parquet file was written: the rows
//! of NDJSON and JSON (one object a line, as those formats write them) or the records of CSV,
//! typed by the table's columns (integers as integers, the rest as text), in batches like those
//! read from Parquet.

use std::fs::File;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use serde_json::{Map, Value};

use super::values::BATCH_ROWS;
use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::export::TableFormat as _;
use crate::export::csv::Csv;

/// Reads the columns `wanted` of the file at `path`, written in the format of `folder` (`csv`,
/// `ndjson` or `json`), batch by batch; `columns` are the table's, giving each its type.
pub(super) fn read_batches(
    path: &Path,
    folder: &str,
    (columns, wanted): (&[Column], &[&str]),
    each: &mut impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let fail =
        |what: String| Error::Internal(format!("{} cannot be read back: {what}", path.display()));
    let mut keys = wanted
        .iter()
        .map(|name| {
            let column = columns
                .iter()
                .find(|c| c.name == *name)
                .ok_or_else(|| fail(format!("the table has no column `{name}`")))?;
            Ok(Wanted::new(column))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let file = File::open(path).map_err(Error::io(path, "read"))?;
    let mut rows = 0;
    let mut row = |keys: &mut [Wanted<'_>], rows: &mut usize| -> Result<(), Error> {
        *rows += 1;
        if rows.is_multiple_of(BATCH_ROWS) {
            flush(keys, each)?;
        }
        Ok(())
    };
    if folder == Csv.folder() {
        let mut reader = crate::export::csv::reader(BufReader::new(file));
        let header = reader.headers().map_err(|e| fail(e.to_string()))?.clone();
        let at = wanted
            .iter()
            .map(|name| header.iter().position(|h| h == *name))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| fail(format!("its header lacks one of {wanted:?}")))?;
        for record in reader.records() {
            let record = record.map_err(|e| fail(e.to_string()))?;
            for (key, &i) in keys.iter_mut().zip(&at) {
                key.push_csv(record.get(i).unwrap_or_default())
                    .map_err(&fail)?;
            }
            row(&mut keys, &mut rows)?;
        }
    } else {
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|e| fail(e.to_string()))?;
            // JSON: `[` and `]` alone on their lines, every row but the last followed by `,`.
            let object = line.strip_suffix(',').unwrap_or(&line);
            if object.is_empty() || (folder == "json" && matches!(object, "[" | "]")) {
                continue;
            }
            let object: Map<String, Value> =
                serde_json::from_str(object).map_err(|e| fail(e.to_string()))?;
            for key in &mut keys {
                key.push_json(object.get(key.name)).map_err(&fail)?;
            }
            row(&mut keys, &mut rows)?;
        }
    }
    if !rows.is_multiple_of(BATCH_ROWS) {
        flush(&mut keys, each)?;
    }
    Ok(())
}

/// Hands the values gathered so far to `each` as one batch, and starts the next.
fn flush(
    keys: &mut [Wanted<'_>],
    each: &mut impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = keys.iter_mut().map(Wanted::take).unzip();
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|e| Error::Internal(format!("key values read back: {e}")))?;
    each(&batch)
}

/// One key column being read: its name, whether it may be null, and its values so far.
struct Wanted<'a> {
    name: &'a str,
    nullable: bool,
    values: Values,
}

/// The values of one key column, typed.
enum Values {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

impl<'a> Wanted<'a> {
    fn new(column: &'a Column) -> Self {
        let values = match column.ty {
            ColumnType::Integer | ColumnType::Int32 => Values::Int(Vec::new()),
            _ => Values::Text(Vec::new()),
        };
        Wanted {
            name: &column.name,
            nullable: column.nullable,
            values,
        }
    }

    /// Adds a row's member, as NDJSON and JSON write it.
    fn push_json(&mut self, value: Option<&Value>) -> Result<(), String> {
        let name = self.name;
        match (&mut self.values, value) {
            (_, None) => return Err(format!("a row has no member `{name}`")),
            (Values::Int(v), Some(Value::Null)) => v.push(None),
            (Values::Text(v), Some(Value::Null)) => v.push(None),
            (Values::Int(v), Some(Value::Number(n))) if n.is_i64() => v.push(n.as_i64()),
            (Values::Text(v), Some(Value::String(s))) => v.push(Some(s.clone())),
            (_, Some(other)) => return Err(format!("`{name}` holds {other}, not a key value")),
        }
        Ok(())
    }

    /// Adds a row's field, as CSV writes it: empty is null in a nullable column.
    fn push_csv(&mut self, field: &str) -> Result<(), String> {
        let name = self.name;
        let null = field.is_empty() && self.nullable;
        match &mut self.values {
            Values::Int(v) if null => v.push(None),
            Values::Text(v) if null => v.push(None),
            Values::Int(v) => {
                let value = field
                    .parse()
                    .map_err(|_| format!("`{name}` holds `{field}`, not an integer"))?;
                v.push(Some(value));
            }
            Values::Text(v) => v.push(Some(field.to_owned())),
        }
        Ok(())
    }

    /// The values so far as a column of a batch, leaving none.
    fn take(&mut self) -> (Field, ArrayRef) {
        let (ty, array): (DataType, ArrayRef) = match &mut self.values {
            Values::Int(v) => (
                DataType::Int64,
                Arc::new(Int64Array::from(std::mem::take(v))),
            ),
            Values::Text(v) => (
                DataType::Utf8,
                Arc::new(StringArray::from(std::mem::take(v))),
            ),
        };
        (Field::new(self.name, ty, true), array)
    }
}
