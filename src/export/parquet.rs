//! Parquet: typed columns from the table's Arrow schema, zstd-compressed, with the table's
//! description, the dataset version and the row JSON Schema in the key-value metadata.

use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::{DATASET_VERSION, TableFormat, arrow};
use crate::error::Error;
use crate::tables::Table;

/// The Parquet encoder.
pub struct Parquet;

/// The `created_by` written into every file: fixed, so that builds are reproducible.
pub const CREATED_BY: &str = concat!("seedtool ", env!("CARGO_PKG_VERSION"));

impl TableFormat for Parquet {
    fn extension(&self) -> &'static str {
        "parquet"
    }

    fn encode(&self, table: &Table) -> Result<Vec<u8>, Error> {
        let fail = |e: parquet::errors::ParquetError| Error::Encode {
            table: table.name.clone(),
            format: "parquet",
            message: e.to_string(),
        };
        let batch = arrow::record_batch(table)?;
        let metadata = vec![
            KeyValue::new("description".to_owned(), table.description.clone()),
            KeyValue::new("dataset_version".to_owned(), DATASET_VERSION.to_owned()),
            KeyValue::new("json_schema".to_owned(), table.schema.to_string()),
        ];
        let zstd = ZstdLevel::try_new(3).map_err(fail)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(zstd))
            .set_created_by(CREATED_BY.to_owned())
            .set_key_value_metadata(Some(metadata))
            .build();
        let mut bytes = Vec::new();
        let mut writer =
            ArrowWriter::try_new(&mut bytes, batch.schema(), Some(properties)).map_err(fail)?;
        writer.write(&batch).map_err(fail)?;
        writer.close().map_err(fail)?;
        Ok(bytes)
    }
}
