//! A batch of rows of one table as every format's thread receives it: the rows, and their
//! encoding as JSON objects, made once by whichever format asks first and read by every format
//! made of such objects (JSON and NDJSON write the same bytes for a row). The encoding is the
//! batch's own, kept in a `OnceLock`: it goes when the batch goes, after the last format has
//! written it.

use std::ops::Deref;
use std::sync::OnceLock;

use super::json::RowEncoder;
use crate::error::Cause;
use crate::tables::Cells;

/// Rows of one table, in order, with their JSON encoding once a format has asked for it.
#[derive(Debug)]
pub struct Batch {
    rows: Vec<Cells>,
    /// The encoding, made on the first call of [`Batch::json`].
    json: OnceLock<Result<JsonRows, String>>,
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
    /// The batch of `rows`.
    #[must_use]
    pub fn new(rows: Vec<Cells>) -> Self {
        Batch {
            rows,
            json: OnceLock::new(),
        }
    }

    /// The rows encoded by `encoder`, encoded on the first call only: every caller must pass an
    /// encoder of the same columns. Another caller waits while the first encodes.
    pub(crate) fn json(&self, encoder: &RowEncoder) -> Result<&JsonRows, Cause> {
        self.json
            .get_or_init(|| self.encode(encoder))
            .as_ref()
            .map_err(|e| Cause::from(e.clone()))
    }

    fn encode(&self, encoder: &RowEncoder) -> Result<JsonRows, String> {
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
        Ok(out)
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
        assert!(std::ptr::eq(first, batch.json(&encoder).unwrap()));
    }

    #[test]
    fn an_empty_batch_has_no_rows() {
        let batch = Batch::new(Vec::new());
        let encoded = batch.json(&RowEncoder::new(&columns())).unwrap();
        assert!(encoded.bytes.is_empty());
        assert_eq!(encoded.rows().count(), 0);
    }
}
