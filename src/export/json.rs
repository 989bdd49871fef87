//! JSON: each table as an array of row objects, one row per line, every column present in every
//! row. Rows are streamed: the array is opened, rows are appended, and it is closed at the end.

use std::io::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::{Sink, TableFormat, TableMeta, TableWriter, encode_error};
use crate::error::Error;
use crate::tables::Cells;

/// The JSON format.
pub struct Json;

struct JsonWriter<'w> {
    name: String,
    names: Vec<String>,
    sink: Sink<'w>,
    rows: usize,
}

/// One row as a JSON object: every column by name, in column order.
struct Object<'r> {
    names: &'r [String],
    cells: &'r [Value],
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, cell) in self.names.iter().zip(self.cells) {
            map.serialize_entry(name, cell)?;
        }
        map.end()
    }
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
            names: table.columns.iter().map(|c| c.name.clone()).collect(),
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
    fn write_rows(&mut self, rows: &[Cells]) -> Result<(), Error> {
        for row in rows {
            self.put(if self.rows == 0 { b"\n" } else { b",\n" })?;
            let object = Object {
                names: &self.names,
                cells: row,
            };
            serde_json::to_writer(&mut self.sink, &object)
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
