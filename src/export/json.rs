//! JSON: each table as an array of row objects, one row per line, every column present in every
//! row. Rows are streamed: the array is opened, rows are appended, and it is closed at the end.

use std::io::{BufRead, Write as _};

use super::{Batch, Listing, Sink, TableFormat, TableMeta, TableWriter, encode_error, scan_lines};
use crate::columns::Column;
use crate::error::Error;
use crate::tables::Cells;

/// The JSON format.
pub(crate) struct Json;

/// Encodes a row as one JSON object holding every column in column order: the row of the JSON
/// format, and of every format made of such objects.
pub(crate) struct RowEncoder {
    /// Each column's name as a JSON string followed by `:`, encoded once.
    keys: Vec<Vec<u8>>,
}

impl RowEncoder {
    /// The encoder of rows of `columns`.
    #[must_use]
    pub(crate) fn new(columns: &[Column]) -> Self {
        RowEncoder {
            keys: columns
                .iter()
                .map(|c| {
                    let mut key = serde_json::to_vec(&c.name).unwrap_or_default();
                    key.push(b':');
                    key
                })
                .collect(),
        }
    }

    /// Appends `row` to `out` as one JSON object, on one line.
    pub(crate) fn encode(&self, row: &Cells, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        out.push(b'{');
        for (i, (key, cell)) in self.keys.iter().zip(row).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key);
            serde_json::to_writer(&mut *out, cell)?;
        }
        out.push(b'}');
        Ok(())
    }
}

struct JsonWriter<'w> {
    name: String,
    encoder: RowEncoder,
    sink: Sink<'w>,
    rows: usize,
}

impl TableFormat for Json {
    fn folder(&self) -> &'static str {
        "json"
    }

    fn extension(&self) -> &'static str {
        "json"
    }

    fn media_type(&self) -> &'static str {
        "application/json"
    }

    fn frictionless_format(&self) -> &'static str {
        "json"
    }

    /// Not listed: the data package has never described the JSON files, and listing them would
    /// change what it promises.
    fn listing(&self) -> Option<Listing> {
        None
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        let mut writer = JsonWriter {
            name: table.name.to_owned(),
            encoder: RowEncoder::new(table.columns),
            sink,
            rows: 0,
        };
        writer.put(b"[")?;
        Ok(Box::new(writer))
    }

    /// Counts the lines holding a row, checking the layout: `[` alone on the first line, then one
    /// object per line, and `]` alone on the last.
    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String> {
        let (mut rows, mut closed) = (0u64, false);
        scan_lines(input, |line| {
            let fits = match (line.number, line.len, line.edges) {
                _ if closed => false,
                (1, 1, Some((b'[', _))) => true,
                (1, 2, Some((b'[', b']'))) | (2.., 1, Some((b']', _))) => {
                    closed = true;
                    true
                }
                (2.., _, Some((b'{', b'}' | b','))) => {
                    rows += 1;
                    true
                }
                _ => false,
            };
            if fits {
                Ok(())
            } else {
                Err(format!(
                    "line {} is not a row of the JSON layout",
                    line.number
                ))
            }
        })?;
        if closed {
            Ok(rows)
        } else {
            Err("the JSON array is not closed".into())
        }
    }
}

impl JsonWriter<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.sink
            .write_all(bytes)
            .map_err(|e| encode_error(&self.name, "json")(e.into()))
    }
}

impl TableWriter for JsonWriter<'_> {
    fn write_rows(&mut self, rows: &Batch) -> Result<(), Error> {
        let fail = encode_error(&self.name, "json");
        let encoded = rows.json(&self.encoder).map_err(&fail)?;
        for row in encoded.rows() {
            let separator: &[u8] = if self.rows == 0 { b"\n" } else { b",\n" };
            self.sink.write_all(separator).map_err(|e| fail(e.into()))?;
            self.sink.write_all(row).map_err(|e| fail(e.into()))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.put(b"\n]\n")?;
        self.sink
            .flush()
            .map_err(|e| encode_error(&self.name, "json")(e.into()))
    }
}
