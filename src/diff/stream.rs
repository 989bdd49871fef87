//! The rows of one side's Parquet file (or of its parts, one after the other), read batch by
//! batch and checked to come in strictly increasing key order, which the merge relies on.

use std::cmp::Ordering;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use serde_json::{Map, Value};

use super::package::TableInfo;
use crate::error::Error;
use crate::export::arrow::cell;

/// How many rows are read at a time.
const BATCH_ROWS: usize = 1024;

/// The rows of a Parquet file, in order.
pub(super) struct Stream {
    reader: ParquetRecordBatchReader,
    batch: Option<RecordBatch>,
    next: usize,
    columns: Vec<String>,
    key: Vec<usize>,
    path: PathBuf,
    /// The parts still to read, in reverse order.
    later: Vec<PathBuf>,
    previous: Option<Vec<Value>>,
    rows: u64,
}

/// The reader of the Parquet file at `path`, with its columns.
fn open_file(path: &Path) -> Result<(ParquetRecordBatchReader, Vec<String>), Error> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::Usage(format!("{} cannot be read as Parquet: {e}", path.display()))
    };
    let file = File::open(path).map_err(Error::io(path, "read"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| bad(&e))?;
    let columns: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| bad(&e))?;
    Ok((reader, columns))
}

impl Stream {
    /// Opens the Parquet file of `table` in `dir` (its first part, for a table in parts).
    pub(super) fn open(dir: &Path, table: &TableInfo) -> Result<Stream, Error> {
        let mut later: Vec<PathBuf> = table.paths.iter().rev().map(|p| dir.join(p)).collect();
        let path = later
            .pop()
            .ok_or_else(|| Error::Usage(format!("table {} lists no file", table.name)))?;
        let (reader, columns) = open_file(&path)?;
        let key = table
            .primary_key
            .iter()
            .map(|k| columns.iter().position(|c| c == k))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} cannot be read as Parquet: a primary key column is not in the file",
                    path.display()
                ))
            })?;
        Ok(Stream {
            reader,
            batch: None,
            next: 0,
            columns,
            key,
            path,
            later,
            previous: None,
            rows: 0,
        })
    }

    /// Moves on to the next part, whose columns must be the first's; `false` after the last.
    fn next_part(&mut self) -> Result<bool, Error> {
        let Some(path) = self.later.pop() else {
            return Ok(false);
        };
        let (reader, columns) = open_file(&path)?;
        if columns != self.columns {
            return Err(Error::Usage(format!(
                "{}: its columns ({}) are not those of the parts before it ({})",
                path.display(),
                columns.join(", "),
                self.columns.join(", ")
            )));
        }
        (self.reader, self.path) = (reader, path);
        Ok(true)
    }

    /// The file's columns, in order.
    pub(super) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// How many rows were read.
    pub(super) fn rows(&self) -> u64 {
        self.rows
    }

    /// The next row, its cells in column order; `None` at the end. A row whose key is not
    /// greater than the one before is an error: the file is not sorted as a build sorts it.
    pub(super) fn next(&mut self) -> Result<Option<Vec<Value>>, Error> {
        while self
            .batch
            .as_ref()
            .is_none_or(|b| self.next >= b.num_rows())
        {
            match self.reader.next() {
                None if self.next_part()? => {}
                None => return Ok(None),
                Some(batch) => {
                    self.batch = Some(batch.map_err(|e| {
                        Error::Usage(format!("{} cannot be read: {e}", self.path.display()))
                    })?);
                    self.next = 0;
                }
            }
        }
        let Some(batch) = &self.batch else {
            return Ok(None);
        };
        let i = self.next;
        let row = batch
            .columns()
            .iter()
            .zip(&self.columns)
            .map(|(array, name)| {
                cell(array.as_ref(), i).ok_or_else(|| {
                    Error::Usage(format!(
                        "{}: column `{name}` is of a type seedtool does not write ({})",
                        self.path.display(),
                        array.data_type()
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.next += 1;
        self.rows += 1;
        if let Some(previous) = &self.previous
            && compare_keys(&self.key(previous), &self.key(&row)) != Ordering::Less
        {
            return Err(Error::Usage(format!(
                "{}: row {} is not after the row before it in primary key order ({}), as a build writes it",
                self.path.display(),
                self.rows,
                Value::Object(self.key_object(&row))
            )));
        }
        self.previous = Some(row.clone());
        Ok(Some(row))
    }

    /// The key of `row`.
    pub(super) fn key<'r>(&self, row: &'r [Value]) -> Vec<&'r Value> {
        self.key.iter().map(|&i| &row[i]).collect()
    }

    /// The key of `row`, as an object of column → value.
    pub(super) fn key_object(&self, row: &[Value]) -> Map<String, Value> {
        self.key
            .iter()
            .map(|&i| (self.columns[i].clone(), row[i].clone()))
            .collect()
    }

    /// `row` as an object of column → value.
    pub(super) fn row_object(&self, row: &[Value]) -> Map<String, Value> {
        self.columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect()
    }
}

/// Orders two keys as the build sorts them: integers by value, text by its bytes.
#[must_use]
pub(crate) fn compare_keys(a: &[&Value], b: &[&Value]) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            _ => 4,
        }
    }
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (Value::Number(m), Value::Number(n)) => match (m.as_i64(), n.as_i64()) {
                (Some(m), Some(n)) => m.cmp(&n),
                _ => m
                    .as_f64()
                    .partial_cmp(&n.as_f64())
                    .unwrap_or(Ordering::Equal),
            },
            (Value::String(s), Value::String(t)) => s.as_bytes().cmp(t.as_bytes()),
            (Value::Bool(p), Value::Bool(q)) => p.cmp(q),
            _ => rank(x).cmp(&rank(y)),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_order_as_the_build_sorts_them() {
        let (two, ten) = (json!(2), json!(10));
        assert_eq!(compare_keys(&[&two], &[&ten]), Ordering::Less);
        let (a, b) = (json!("B"), json!("a"));
        assert_eq!(compare_keys(&[&a], &[&b]), Ordering::Less);
        let (x, one) = (json!("x"), json!(1));
        assert_eq!(compare_keys(&[&x, &ten], &[&x, &one]), Ordering::Greater);
    }
}
