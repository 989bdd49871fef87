//! CSV: RFC 4180, UTF-8 without a byte order mark, a header row, nulls as empty fields, lists as
//! JSON text.

use std::borrow::Cow;
use std::io::BufRead;

use serde_json::{Value, json};

use super::{Batch, Listing, Sink, TableFormat, TableMeta, TableWriter, encode_error};
use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::spreadsheet::looks_like_formula;

/// The CSV format.
pub(crate) struct Csv;

/// The dialect every CSV file is written in; the writer, the reader that counts rows and the data
/// package's `dialect` all take it from here.
const DELIMITER: u8 = b',';
/// The quote character.
const QUOTE: u8 = b'"';
/// The end of every record.
const LINE_TERMINATOR: &str = "\r\n";
/// Whether the first record is the header row of column names.
const HEADER: bool = true;

/// [`LINE_TERMINATOR`] as the `csv` crate spells it.
fn terminator() -> csv::Terminator {
    match LINE_TERMINATOR.as_bytes() {
        [byte] => csv::Terminator::Any(*byte),
        _ => csv::Terminator::CRLF,
    }
}

/// The text of one CSV cell: empty for null, JSON's own spelling for numbers, booleans and lists.
#[must_use]
pub(crate) fn cell(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        None | Some(Value::Null) => Cow::Borrowed(""),
        Some(Value::String(s)) => Cow::Borrowed(s),
        Some(other) => Cow::Owned(other.to_string()),
    }
}

struct CsvWriter<'w> {
    name: String,
    columns: Vec<Column>,
    writer: csv::Writer<Sink<'w>>,
    rows: usize,
}

impl TableFormat for Csv {
    fn folder(&self) -> &'static str {
        "csv"
    }

    fn extension(&self) -> &'static str {
        "csv"
    }

    fn media_type(&self) -> &'static str {
        "text/csv"
    }

    fn frictionless_format(&self) -> &'static str {
        "csv"
    }

    fn dialect(&self) -> Option<Value> {
        Some(json!({
            "delimiter": char::from(DELIMITER).to_string(),
            "lineTerminator": LINE_TERMINATOR,
            "quoteChar": char::from(QUOTE).to_string(),
            "header": HEADER,
        }))
    }

    /// The package's first resources, named after their tables.
    fn listing(&self) -> Option<Listing> {
        Some(Listing {
            suffix: "",
            text: true,
        })
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(DELIMITER)
            .quote(QUOTE)
            .terminator(terminator())
            .from_writer(sink);
        if HEADER {
            writer
                .write_record(table.columns.iter().map(|c| c.name.as_str()))
                .map_err(|e| encode_error(table.name, "csv")(e.into()))?;
        }
        Ok(Box::new(CsvWriter {
            name: table.name.to_owned(),
            columns: table.columns.to_vec(),
            writer,
            rows: 0,
        }))
    }

    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String> {
        let mut reader = reader(input);
        let mut record = csv::ByteRecord::new();
        let mut rows = 0;
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| e.to_string())?
        {
            rows += 1;
        }
        Ok(rows)
    }
}

/// A reader of the CSV files this format writes (their header, delimiter and quote).
pub(crate) fn reader<R: std::io::Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(DELIMITER)
        .quote(QUOTE)
        .has_headers(HEADER)
        .from_reader(input)
}

impl TableWriter for CsvWriter<'_> {
    fn write_rows(&mut self, rows: &Batch) -> Result<(), Error> {
        let fail = encode_error(&self.name, "csv");
        for row in rows {
            let cells: Vec<Cow<'_, str>> =
                (0..self.columns.len()).map(|i| cell(row.get(i))).collect();
            // Defence in depth: validation refuses such text, so a hit here is a bug upstream.
            if let Some((column, text)) = self
                .columns
                .iter()
                .zip(&cells)
                .filter(|(c, _)| matches!(c.ty, ColumnType::String | ColumnType::Enum(_)))
                .find(|(_, text)| looks_like_formula(text))
            {
                return Err(fail(
                    format!(
                        "row {}, column `{}` would run as a spreadsheet formula: {text:?}",
                        self.rows, column.name
                    )
                    .into(),
                ));
            }
            self.writer
                .write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(|e| fail(e.into()))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.writer
            .flush()
            .map_err(|e| encode_error(&self.name, "csv")(e.into()))
    }
}
