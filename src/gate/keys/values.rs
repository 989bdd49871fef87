//! The key values of the gate, read column by column from the Parquet files as written (or, with
//! no Parquet, from a text format, in `text`): text, integers and dates, null, kept from one batch
//! to the next when needed.

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray as _;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::Error;
use crate::export::TableFormat;
use crate::export::parquet::Parquet;
use crate::gate::Expected;

/// How many rows a batch of key values holds.
pub(super) const BATCH_ROWS: usize = 64 * 1024;

/// The formats the keys can be read back from, the first written first: Parquet holds them
/// typed; NDJSON and JSON (one row a line) and CSV are read by the table's column types.
const SOURCES: [&str; 4] = ["parquet", "ndjson", "json", "csv"];

/// Where the gate reads the keys back: the output folder, and the format of the files read.
#[derive(Clone, Copy)]
pub(in crate::gate) struct KeyFiles<'a> {
    pub(in crate::gate) dir: &'a Path,
    pub(in crate::gate) format: &'a dyn TableFormat,
}

/// The format the keys are read from: the first of [`SOURCES`] among `formats` (none when only
/// a database is written, which checks its own keys).
pub(in crate::gate) fn source(formats: &[Box<dyn TableFormat>]) -> Option<&dyn TableFormat> {
    SOURCES.iter().find_map(|folder| {
        formats
            .iter()
            .find(|f| f.folder() == *folder)
            .map(AsRef::as_ref)
    })
}

/// One key value of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Key<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl Key<'_> {
    pub(super) fn owned(self) -> OwnedKey {
        match self {
            Key::Null => OwnedKey::Null,
            Key::Int(i) => OwnedKey::Int(i),
            Key::Text(t) => OwnedKey::Text(t.to_owned()),
        }
    }

    pub(super) fn show(self) -> String {
        match self {
            Key::Null => "null".into(),
            Key::Int(i) => i.to_string(),
            Key::Text(t) => format!("`{t}`"),
        }
    }
}

/// A key value kept from one batch to the next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum OwnedKey {
    Null,
    Int(i64),
    Text(String),
}

impl OwnedKey {
    pub(super) fn borrowed(&self) -> Key<'_> {
        match self {
            OwnedKey::Null => Key::Null,
            OwnedKey::Int(i) => Key::Int(*i),
            OwnedKey::Text(t) => Key::Text(t),
        }
    }
}

/// A column of a batch, ready to give the key value of any row.
pub(super) enum KeyColumn<'a> {
    Text(&'a dyn Array, Box<dyn Fn(usize) -> &'a str + 'a>),
    Int(&'a dyn Array, Box<dyn Fn(usize) -> i64 + 'a>),
}

impl<'a> KeyColumn<'a> {
    fn of(array: &'a ArrayRef) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => {
                let a = array.as_string::<i32>();
                KeyColumn::Text(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::LargeUtf8 => {
                let a = array.as_string::<i64>();
                KeyColumn::Text(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::Dictionary(_, value) if **value == DataType::Utf8 => {
                let dict = array.as_any_dictionary();
                let keys = dict.normalized_keys();
                let values = dict.values().as_string::<i32>();
                KeyColumn::Text(array.as_ref(), Box::new(move |i| values.value(keys[i])))
            }
            DataType::Int64 => {
                let a = array.as_primitive::<Int64Type>();
                KeyColumn::Int(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::Int32 => {
                let a = array.as_primitive::<Int32Type>();
                KeyColumn::Int(array.as_ref(), Box::new(move |i| i64::from(a.value(i))))
            }
            DataType::Date32 => {
                let a = array.as_primitive::<Date32Type>();
                KeyColumn::Int(array.as_ref(), Box::new(move |i| i64::from(a.value(i))))
            }
            _ => return None,
        })
    }

    pub(super) fn get(&self, i: usize) -> Key<'a> {
        match self {
            KeyColumn::Text(a, _) | KeyColumn::Int(a, _) if a.is_null(i) => Key::Null,
            KeyColumn::Text(_, f) => Key::Text(f(i)),
            KeyColumn::Int(_, f) => Key::Int(f(i)),
        }
    }
}

/// The column `name` of `batch`, as key values.
pub(super) fn column<'a>(
    batch: &'a RecordBatch,
    table: &str,
    name: &str,
) -> Result<KeyColumn<'a>, Error> {
    let array = batch
        .column_by_name(name)
        .ok_or_else(|| Error::Internal(format!("table {table}'s files have no column `{name}`")))?;
    KeyColumn::of(array).ok_or_else(|| {
        Error::Internal(format!(
            "{table}.{name} has type {}, which the key check cannot read",
            array.data_type()
        ))
    })
}

/// Reads the columns `wanted` of the files of `table` (its one file, or its parts in order, as
/// one sequence of rows), batch by batch.
pub(super) fn for_each_batch(
    files: KeyFiles<'_>,
    table: &Expected<'_>,
    wanted: &[&str],
    mut each: impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let folder = files.format.folder();
    for (rel, _) in table.files(files.format) {
        let path = files.dir.join(rel);
        if folder == Parquet.folder() {
            read_batches(&path, wanted, &mut each)?;
        } else {
            super::text::read_batches(&path, folder, (table.columns, wanted), &mut each)?;
        }
    }
    Ok(())
}

/// Reads the columns `wanted` of the Parquet file at `path`, batch by batch.
fn read_batches(
    path: &Path,
    wanted: &[&str],
    each: &mut impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let fail = |e: parquet::errors::ParquetError| {
        Error::Internal(format!("{} cannot be read back: {e}", path.display()))
    };
    let file = File::open(path).map_err(Error::io(path, "read"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(fail)?;
    let mask = ProjectionMask::columns(builder.parquet_schema(), wanted.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(fail)?;
    for batch in reader {
        let batch = batch
            .map_err(|e| Error::Internal(format!("{} cannot be read back: {e}", path.display())))?;
        each(&batch)?;
    }
    Ok(())
}
