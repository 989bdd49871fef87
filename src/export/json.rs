//! JSON: each table as an array of row objects, one row per line, every column present in every
//! row. Rows are streamed: the array is opened, rows are appended, and it is closed at the end.

use std::io::Write as _;

use super::{Sink, TableFormat, TableMeta, TableWriter, encode_error};
use crate::error::Error;
use crate::tables::Cells;

/// The JSON format.
pub struct Json;

struct JsonWriter<'w> {
    name: String,
    /// Each column's name as a JSON string followed by `:`, encoded once.
    keys: Vec<Vec<u8>>,
    sink: Sink<'w>,
    rows: usize,
    /// The row being encoded, reused from row to row.
    line: Vec<u8>,
}

impl TableFormat for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        let mut writer = JsonWriter {
            name: table.name.to_owned(),
            keys: table
                .columns
                .iter()
                .map(|c| {
                    let mut key = serde_json::to_vec(&c.name).unwrap_or_default();
                    key.push(b':');
                    key
                })
                .collect(),
            sink,
            rows: 0,
            line: Vec::new(),
        };
        writer.put(b"[")?;
        Ok(Box::new(writer))
    }
}

impl JsonWriter<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.sink
            .write_all(bytes)
            .map_err(|e| encode_error(&self.name, "json")(e.to_string()))
    }
}

impl TableWriter for JsonWriter<'_> {
    fn write_rows(&mut self, rows: &[Cells]) -> Result<(), Error> {
        let mut line = std::mem::take(&mut self.line);
        for row in rows {
            line.clear();
            line.extend_from_slice(if self.rows == 0 { b"\n{" } else { b",\n{" });
            for (i, (key, cell)) in self.keys.iter().zip(row).enumerate() {
                if i > 0 {
                    line.push(b',');
                }
                line.extend_from_slice(key);
                serde_json::to_writer(&mut line, cell)
                    .map_err(|e| encode_error(&self.name, "json")(e.to_string()))?;
            }
            line.push(b'}');
            self.put(&line)?;
            self.rows += 1;
        }
        self.line = line;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.put(b"\n]\n")?;
        self.sink
            .flush()
            .map_err(|e| encode_error(&self.name, "json")(e.to_string()))
    }
}
