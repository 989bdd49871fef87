//! NDJSON (newline-delimited JSON, JSON Lines): one row object per line, each line ended by `\n`,
//! with the same keys, values and order as a row of the JSON format, for streaming into other
//! tools.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;

use super::json::RowEncoder;
use super::{Listing, Sink, TableFormat, TableMeta, TableWriter, encode_error};
use crate::error::Error;
use crate::tables::Cells;

/// The NDJSON format.
pub(crate) struct Ndjson;

struct NdjsonWriter<'w> {
    name: String,
    encoder: RowEncoder,
    sink: Sink<'w>,
    /// The row being encoded, reused from row to row.
    line: Vec<u8>,
}

impl TableFormat for Ndjson {
    fn folder(&self) -> &'static str {
        "ndjson"
    }

    fn extension(&self) -> &'static str {
        "ndjson"
    }

    fn media_type(&self) -> &'static str {
        "application/x-ndjson"
    }

    /// frictionless reads `ndjson` (and `jsonl`) through its JSON plugin.
    fn frictionless_format(&self) -> &'static str {
        "ndjson"
    }

    /// frictionless reads the files as text, so their size and encoding are checked too.
    fn listing(&self) -> Option<Listing> {
        Some(Listing {
            suffix: "-ndjson",
            text: true,
        })
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        Ok(Box::new(NdjsonWriter {
            name: table.name.to_owned(),
            encoder: RowEncoder::new(table.columns),
            sink,
            line: Vec::new(),
        }))
    }

    /// Counts the non-empty lines, checking that each is one JSON object and that the last line
    /// ends with `\n`.
    fn count_rows(&self, path: &Path) -> Result<u64, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let mut line = Vec::new();
        let (mut number, mut rows) = (0u64, 0u64);
        while reader
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?
            > 0
        {
            number += 1;
            let Some(text) = line.strip_suffix(b"\n") else {
                return Err(format!("line {number} does not end with a line feed"));
            };
            // The layout, as for the JSON format: one object per line (JSON text never holds
            // a raw line feed, so a row cannot span lines); parsing every row again would cost
            // the gate more than the count is worth.
            if !text.is_empty() {
                if !(text.starts_with(b"{") && text.ends_with(b"}")) {
                    return Err(format!("line {number} is not one JSON object"));
                }
                rows += 1;
            }
            line.clear();
        }
        Ok(rows)
    }
}

impl TableWriter for NdjsonWriter<'_> {
    fn write_rows(&mut self, rows: &[Cells]) -> Result<(), Error> {
        let fail = encode_error(&self.name, "ndjson");
        for row in rows {
            self.line.clear();
            self.encoder
                .encode(row, &mut self.line)
                .map_err(|e| fail(e.into()))?;
            self.line.push(b'\n');
            self.sink
                .write_all(&self.line)
                .map_err(|e| fail(e.into()))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.sink
            .flush()
            .map_err(|e| encode_error(&self.name, "ndjson")(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(text: &str) -> Result<u64, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.ndjson");
        std::fs::write(&path, text).unwrap();
        Ndjson.count_rows(&path)
    }

    #[test]
    fn rows_are_the_non_empty_lines_each_laid_out_as_an_object() {
        assert_eq!(counted(""), Ok(0));
        assert_eq!(counted("{\"a\":1}\n\n{\"a\":[2,{}]}\n"), Ok(2));
        assert!(counted("{\"a\":1}\n[1]\n").is_err());
        assert!(counted("{\"a\":1}\n\"x\"\n").is_err());
        assert!(counted("{\"a\":\n1}\n").is_err());
        assert!(counted("{\"a\":1}").is_err(), "the last line is not ended");
    }
}
