//! JSON: each table as an array of row objects, one row per line, every column present in every
//! row. Rows are streamed: the array is opened, rows are appended, and it is closed at the end.

use std::io::Write as _;

use serde_json::{Map, Value};

use super::{Sink, TableFormat, TableMeta, TableWriter, encode_error};
use crate::error::Error;

/// The JSON format.
pub struct Json;

struct JsonWriter<'w> {
    name: String,
    sink: Sink<'w>,
    rows: usize,
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
            sink,
            rows: 0,
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
    fn write_rows(&mut self, rows: &[Map<String, Value>]) -> Result<(), Error> {
        for row in rows {
            self.put(if self.rows == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.sink, row)
                .map_err(|e| encode_error(&self.name, "json")(e.to_string()))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.put(b"\n]\n")?;
        self.sink
            .flush()
            .map_err(|e| encode_error(&self.name, "json")(e.to_string()))
    }
}
