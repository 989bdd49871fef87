//! Export: every table written by one writer per format, then the data package, the codebook and
//! the checksums. Writers stream rows in batches to any `Write`; the caller decides where the
//! bytes go.

pub mod arrow;
pub mod codebook;
pub mod csv;
pub mod json;
pub mod package;
pub mod parquet;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use std::io::Write;

use serde_json::{Map, Value};

use crate::columns::Column;
use crate::error::Error;
use crate::tables::Table;
use crate::validate::sha256_hex;

/// The dataset's version, written into the data package and the Parquet metadata.
pub const DATASET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a writer needs to know of the table it writes.
#[derive(Debug, Clone, Copy)]
pub struct TableMeta<'a> {
    /// The table's name.
    pub name: &'a str,
    /// What a row is.
    pub description: &'a str,
    /// The JSON Schema of a row.
    pub schema: &'a Value,
    /// The columns, in order.
    pub columns: &'a [Column],
}

impl<'a> TableMeta<'a> {
    /// The description of `table`.
    #[must_use]
    pub fn of(table: &'a Table) -> Self {
        TableMeta {
            name: &table.name,
            description: &table.description,
            schema: &table.schema,
            columns: &table.columns,
        }
    }
}

/// Where a writer sends its bytes.
pub type Sink<'w> = Box<dyn Write + Send + 'w>;

/// A file format every table is written in.
pub trait TableFormat {
    /// The folder of the output its files go in, and their extension.
    fn extension(&self) -> &'static str;
    /// A writer of `table` in this format into `sink`.
    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error>;
}

/// Writes the rows of one table, batch by batch.
pub trait TableWriter {
    /// Writes rows, each mapping every column to its value.
    fn write_rows(&mut self, rows: &[Map<String, Value>]) -> Result<(), Error>;
    /// Writes what closes the file and flushes it.
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

/// `table` encoded in `format`, in memory.
pub fn encode(format: &dyn TableFormat, table: &Table) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    {
        let mut writer = format.writer(TableMeta::of(table), Box::new(&mut bytes))?;
        writer.write_rows(&table.rows)?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// The error for a failure to write `table` in `format`.
pub fn encode_error(table: &str, format: &'static str) -> impl Fn(String) -> Error {
    move |message| Error::Encode {
        table: table.to_owned(),
        format,
        message,
    }
}

/// The formats every table is written in.
#[must_use]
pub fn formats() -> Vec<Box<dyn TableFormat>> {
    vec![
        Box::new(json::Json),
        Box::new(csv::Csv),
        Box::new(parquet::Parquet),
    ]
}

/// The path of `table` in `format`, relative to the output folder.
#[must_use]
pub fn table_path(table: &str, extension: &str) -> String {
    format!("{extension}/{table}.{extension}")
}

/// Every file of the published dataset, by path relative to the output folder.
pub fn render(tables: &[Table]) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = BTreeMap::new();
    for format in formats() {
        for table in tables {
            files.insert(
                table_path(&table.name, format.extension()),
                encode(format.as_ref(), table)?,
            );
        }
    }
    let package = package::datapackage(tables, &files);
    files.insert("datapackage.json".to_owned(), package.into_bytes());
    files.insert(
        "CODEBOOK.md".to_owned(),
        codebook::codebook(tables).into_bytes(),
    );
    let mut sums = String::new();
    for (path, bytes) in &files {
        let _ = writeln!(sums, "{}  {path}", sha256_hex(bytes));
    }
    files.insert("SHA256SUMS".to_owned(), sums.into_bytes());
    Ok(files)
}
