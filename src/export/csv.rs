//! CSV: RFC 4180, UTF-8 without a byte order mark, a header row, nulls as empty fields.

use serde_json::Value;

use super::TableFormat;
use crate::columns::ColumnType;
use crate::error::Error;
use crate::tables::Table;
use crate::validate::spreadsheet::looks_like_formula;

/// The CSV encoder.
pub struct Csv;

/// The text of one CSV cell: empty for null, JSON's own spelling for numbers and booleans.
#[must_use]
pub fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

impl TableFormat for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn encode(&self, table: &Table) -> Result<Vec<u8>, Error> {
        let fail = |e: csv::Error| Error::Encode {
            table: table.name.clone(),
            format: "csv",
            message: e.to_string(),
        };
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        writer
            .write_record(table.columns.iter().map(|c| c.name.as_str()))
            .map_err(fail)?;
        for (i, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = table
                .columns
                .iter()
                .map(|c| cell(row.get(&c.name)))
                .collect();
            // Defence in depth: validation refuses such text, so a hit here is a bug upstream.
            let texts = table.columns.iter().zip(&cells);
            if let Some((column, text)) = texts
                .filter(|(c, _)| matches!(c.ty, ColumnType::String | ColumnType::Enum(_)))
                .find(|(_, text)| looks_like_formula(text))
            {
                return Err(Error::Encode {
                    table: table.name.clone(),
                    format: "csv",
                    message: format!(
                        "row {i}, column `{}` would run as a spreadsheet formula: {text:?}",
                        column.name
                    ),
                });
            }
            writer.write_record(&cells).map_err(fail)?;
        }
        writer.into_inner().map_err(|e| Error::Encode {
            table: table.name.clone(),
            format: "csv",
            message: e.to_string(),
        })
    }
}
