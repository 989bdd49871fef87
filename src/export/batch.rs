//! A batch of rows of one table as every format's thread receives it: the rows, and their
//! encoding as JSON objects, made once by whichever format asks first and shared by every format
//! made of such objects (JSON and NDJSON write the same bytes for a row). The batch lets go of
//! the encoding once the last of those formats has taken it, as batches wait for the slowest
//! format.

use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::json::RowEncoder;
use crate::error::Cause;
use crate::tables::Cells;

/// Rows of one table, in order, with their JSON encoding while it is wanted.
#[derive(Debug)]
pub struct Batch {
    rows: Vec<Cells>,
    /// The encoding, once made and until its last reader has taken it.
    json: Mutex<Option<Result<Arc<JsonRows>, String>>>,
    /// How many readers of the encoding are still to come.
    readers: AtomicUsize,
}

/// Every row of a batch encoded as one JSON object, each followed by `\n`.
#[derive(Debug)]
pub(crate) struct JsonRows {
    /// The objects, each followed by `\n`.
    pub(crate) bytes: Vec<u8>,
    /// Where each row's object ends in `bytes` (its `\n` left out).
    pub(crate) ends: Vec<usize>,
}

impl JsonRows {
    /// Each row's object, without its line feed.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e + 1));
        starts.zip(&self.ends).map(|(s, &e)| &self.bytes[s..e])
    }
}

impl Batch {
    /// The batch of `rows`, whose encoding is kept for any number of readers.
    #[must_use]
    pub fn new(rows: Vec<Cells>) -> Self {
        Batch::shared(rows, usize::MAX)
    }

    /// The batch of `rows`, whose encoding `readers` formats will ask for.
    #[must_use]
    pub(crate) fn shared(rows: Vec<Cells>, readers: usize) -> Self {
        Batch {
            rows,
            json: Mutex::new(None),
            readers: AtomicUsize::new(readers),
        }
    }

    /// The rows encoded by `encoder`, encoded on the first call only: every caller must pass an
    /// encoder of the same columns. Another caller waits while the first encodes.
    pub(crate) fn json(&self, encoder: &RowEncoder) -> Result<Arc<JsonRows>, Cause> {
        let mut slot = self.json.lock().unwrap_or_else(PoisonError::into_inner);
        let made = slot.get_or_insert_with(|| self.encode(encoder)).clone();
        if self.readers.fetch_sub(1, Ordering::Relaxed) == 1 {
            *slot = None;
        }
        made.map_err(Cause::from)
    }

    fn encode(&self, encoder: &RowEncoder) -> Result<Arc<JsonRows>, String> {
        // Text cells are counted in, so that a huge one is not copied as the buffer doubles.
        let text: usize = self
            .rows
            .iter()
            .flat_map(|row| row.iter().filter_map(serde_json::Value::as_str))
            .map(str::len)
            .sum();
        let mut out = JsonRows {
            bytes: Vec::with_capacity(self.rows.len() * 128 + text + text / 16),
            ends: Vec::with_capacity(self.rows.len()),
        };
        for row in &self.rows {
            encoder
                .encode(row, &mut out.bytes)
                .map_err(|e| e.to_string())?;
            out.ends.push(out.bytes.len());
            out.bytes.push(b'\n');
        }
        Ok(Arc::new(out))
    }
}

impl Deref for Batch {
    type Target = [Cells];

    fn deref(&self) -> &[Cells] {
        &self.rows
    }
}

impl<'a> IntoIterator for &'a Batch {
    type Item = &'a Cells;
    type IntoIter = std::slice::Iter<'a, Cells>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

impl From<Vec<Cells>> for Batch {
    fn from(rows: Vec<Cells>) -> Self {
        Batch::new(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::{Column, ColumnType};
    use serde_json::json;

    fn columns() -> Vec<Column> {
        ["id", "n"]
            .iter()
            .map(|name| Column {
                name: (*name).into(),
                ty: ColumnType::String,
                nullable: true,
                description: String::new(),
            })
            .collect()
    }

    #[test]
    fn rows_are_encoded_once_and_each_object_is_given_back_alone() {
        let batch = Batch::new(vec![
            vec![json!("a"), json!(1)],
            vec![json!("b\n"), json!(null)],
        ]);
        let encoder = RowEncoder::new(&columns());
        let first = batch.json(&encoder).unwrap();
        assert_eq!(
            first.bytes,
            b"{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\\n\",\"n\":null}\n"
        );
        let rows: Vec<&[u8]> = first.rows().collect();
        assert_eq!(
            rows,
            [
                &b"{\"id\":\"a\",\"n\":1}"[..],
                b"{\"id\":\"b\\n\",\"n\":null}"
            ]
        );
        assert!(Arc::ptr_eq(&first, &batch.json(&encoder).unwrap()));
    }

    #[test]
    fn the_encoding_is_let_go_after_its_last_reader() {
        let batch = Batch::shared(vec![vec![json!("a"), json!(1)]], 2);
        let encoder = RowEncoder::new(&columns());
        let first = batch.json(&encoder).unwrap();
        assert!(batch.json.lock().unwrap().is_some());
        let second = batch.json(&encoder).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(batch.json.lock().unwrap().is_none());
    }

    #[test]
    fn an_empty_batch_has_no_rows() {
        let batch = Batch::new(Vec::new());
        let encoded = batch.json(&RowEncoder::new(&columns())).unwrap();
        assert!(encoded.bytes.is_empty());
        assert_eq!(encoded.rows().count(), 0);
    }
}
