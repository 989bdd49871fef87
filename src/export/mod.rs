//! Export: every table written by one encoder per format, then the data package, the codebook
//! and the checksums. Encoders return bytes; the caller decides where they go.

pub mod arrow;
pub mod codebook;
pub mod csv;
pub mod json;
pub mod package;
pub mod parquet;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::Error;
use crate::tables::Table;
use crate::validate::sha256_hex;

/// The dataset's version, written into the data package and the Parquet metadata.
pub const DATASET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file format every table is written in.
pub trait TableFormat {
    /// The folder of `dist/` its files go in, and their extension.
    fn extension(&self) -> &'static str;
    /// The table encoded in this format.
    fn encode(&self, table: &Table) -> Result<Vec<u8>, Error>;
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
                format.encode(table)?,
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
