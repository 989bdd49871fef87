//! NDJSON (newline-delimited JSON, JSON Lines): one row object per line, each line ended by `\n`,
//! with the same keys, values and order as a row of the JSON format, for streaming into other
//! tools.

use std::io::{BufRead, Write as _};

use super::json::RowEncoder;
use super::{Batch, Listing, Sink, TableFormat, TableMeta, TableWriter, encode_error, scan_lines};
use crate::error::Error;

/// The NDJSON format.
pub(crate) struct Ndjson;

struct NdjsonWriter<'w> {
    name: String,
    encoder: RowEncoder,
    sink: Sink<'w>,
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
        }))
    }

    /// Counts the non-empty lines, checking that each is one JSON object and that the last line
    /// ends with `\n`.
    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String> {
        let mut rows = 0;
        // The layout, as for the JSON format: one object per line (JSON text never holds a raw
        // line feed, so a row cannot span lines); parsing every row again would cost the gate
        // more than the count is worth.
        scan_lines(input, |line| match line.edges {
            _ if !line.ended => Err(format!(
                "line {} does not end with a line feed",
                line.number
            )),
            None => Ok(()),
            Some((b'{', b'}')) => {
                rows += 1;
                Ok(())
            }
            Some(_) => Err(format!("line {} is not one JSON object", line.number)),
        })?;
        Ok(rows)
    }
}

impl TableWriter for NdjsonWriter<'_> {
    fn write_rows(&mut self, rows: &Batch) -> Result<(), Error> {
        let fail = encode_error(&self.name, "ndjson");
        let encoded = rows.json(&self.encoder).map_err(&fail)?;
        self.sink
            .write_all(&encoded.bytes)
            .map_err(|e| fail(e.into()))
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
        Ndjson.count_rows(&mut text.as_bytes())
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
