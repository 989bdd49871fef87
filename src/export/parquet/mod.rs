//! Parquet: typed columns from the table's Arrow schema, zstd-compressed, streamed batch by batch
//! through arrow's writer. The table's description and the dataset's name, title, version and
//! licence are in the Arrow schema's metadata (which pyarrow and polars show) and in the file's
//! key-value metadata, beside the row JSON Schema.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use arrow_array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

mod groups;
mod huge;

use super::{Batch, Listing, Sink, TableFormat, TableMeta, TableWriter, arrow, encode_error};
use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::model::metadata::DatasetMetadata;

/// The Parquet format.
pub(crate) struct Parquet;

/// The `created_by` written into every file: fixed, so that builds are reproducible.
pub(crate) const CREATED_BY: &str = concat!("seedtool ", env!("CARGO_PKG_VERSION"));

/// The most rows in one Parquet row group.
pub(crate) const ROW_GROUP_ROWS: usize = 131_072;

/// About the most bytes a row group in progress holds in memory (its encoded pages and the
/// page being filled): past it the row group is written out, however few rows it has.
const ROW_GROUP_BYTES: usize = 16 << 20;

/// The most bytes of a batch (as Arrow arrays) handed to the writer at once.
const SLICE_BYTES: usize = ROW_GROUP_BYTES / 4;

/// About the most bytes of values in one data page, before compression.
const DATA_PAGE_BYTES: usize = 128 << 10;

struct ParquetWriter<'w> {
    name: String,
    columns: Vec<Column>,
    groups: groups::Groups<'w>,
}

impl TableFormat for Parquet {
    fn folder(&self) -> &'static str {
        "parquet"
    }

    fn extension(&self) -> &'static str {
        "parquet"
    }

    fn media_type(&self) -> &'static str {
        "application/vnd.apache.parquet"
    }

    fn frictionless_format(&self) -> &'static str {
        "parquet"
    }

    fn listing(&self) -> Option<Listing> {
        Some(Listing {
            suffix: "-parquet",
            text: false,
        })
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        parquet_writer(table, None, sink)
    }

    fn dataset_writer<'w>(
        &self,
        table: TableMeta<'w>,
        dataset: &'w DatasetMetadata,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        parquet_writer(table, Some(dataset), sink)
    }

    /// The row count of the file's footer, which readers trust, from a file read whole (the gate
    /// reads the footer alone, [`TableFormat::indexed_rows`]).
    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        footer_rows(&bytes::Bytes::from(bytes))
    }

    /// The row count of the file's footer, read from the end of the file.
    fn indexed_rows(&self, path: &Path) -> Option<Result<u64, String>> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string());
        Some(file.and_then(|f| footer_rows(&f)))
    }
}

/// The row count of the footer of the Parquet file `reader` reads.
fn footer_rows(reader: &impl parquet::file::reader::ChunkReader) -> Result<u64, String> {
    let metadata = parquet::file::metadata::ParquetMetaDataReader::new()
        .parse_and_finish(reader)
        .map_err(|e| e.to_string())?;
    u64::try_from(metadata.file_metadata().num_rows()).map_err(|e| e.to_string())
}

/// The metadata of a table's file: its description and, for a table of the dataset, the
/// dataset's name, title, version and licence.
#[must_use]
pub(crate) fn table_metadata(
    table: &TableMeta<'_>,
    dataset: Option<&DatasetMetadata>,
) -> Vec<(String, String)> {
    let mut pairs = vec![("description".to_owned(), table.description.to_owned())];
    if let Some(d) = dataset {
        pairs.extend([
            ("dataset_name".to_owned(), d.name.clone()),
            ("dataset_title".to_owned(), d.title.clone()),
            ("dataset_version".to_owned(), d.version.clone()),
            ("dataset_license".to_owned(), d.license.id.clone()),
        ]);
    }
    pairs
}

fn parquet_writer<'w>(
    table: TableMeta<'w>,
    dataset: Option<&DatasetMetadata>,
    sink: Sink<'w>,
) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
    let fail = |e: parquet::errors::ParquetError| encode_error(table.name, "parquet")(e.into());
    let pairs = table_metadata(&table, dataset);
    let mut metadata: Vec<KeyValue> = pairs
        .iter()
        .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
        .collect();
    metadata.push(KeyValue::new(
        "json_schema".to_owned(),
        table.schema.to_string(),
    ));
    let mut properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(fail)?))
        // Dictionaries pay for enumerations only: ids and texts are mostly unique, and
        // interning them costs more time than zstd leaves to gain.
        .set_dictionary_enabled(false)
        .set_created_by(CREATED_BY.to_owned())
        // Bounded row groups keep a streamed export's memory flat however many rows it has.
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        // Every column of every table fills a page in memory and keeps a zstd context sized for
        // it: with the default 1 MiB pages that is about 1.5 MiB a column, whatever the rows.
        .set_data_page_size_limit(DATA_PAGE_BYTES)
        .set_key_value_metadata(Some(metadata));
    for column in table.columns {
        if matches!(column.ty, ColumnType::Enum(_)) {
            properties = properties
                .set_column_dictionary_enabled(ColumnPath::from(column.name.as_str()), true);
        }
    }
    let properties = properties.build();
    let schema = Arc::new(
        arrow::schema(table.columns).with_metadata(pairs.into_iter().collect::<HashMap<_, _>>()),
    );
    let writer = ArrowWriter::try_new(sink, Arc::clone(&schema), Some(properties)).map_err(fail)?;
    Ok(Box::new(ParquetWriter {
        name: table.name.to_owned(),
        columns: table.columns.to_vec(),
        groups: groups::Groups::new(writer, schema).map_err(fail)?,
    }))
}

impl ParquetWriter<'_> {
    fn fail(&self) -> impl Fn(ParquetError) -> Error {
        let encode = encode_error(&self.name, "parquet");
        move |e| encode(e.into())
    }

    /// Writes `batch`, of about `bytes` bytes: a batch of wide rows in slices, so that its row
    /// group is closed in time; any other batch whole (slices cut its pages elsewhere).
    fn write_slices(&mut self, batch: &RecordBatch, bytes: usize) -> Result<(), Error> {
        let rows = batch.num_rows();
        let bytes = bytes.max(1);
        let slice = if bytes <= SLICE_BYTES {
            rows
        } else {
            (rows * SLICE_BYTES / bytes).max(1)
        };
        let mut offset = 0;
        while offset < rows {
            let len = slice.min(rows - offset);
            self.groups
                .write(&batch.slice(offset, len))
                .map_err(self.fail())?;
            if self.groups.in_progress_size() > ROW_GROUP_BYTES {
                self.groups.flush().map_err(self.fail())?;
            }
            offset += len;
        }
        Ok(())
    }

    /// Writes rows `start..end` of `batch`, which holds huge values elsewhere: their bytes are
    /// those of the slice, not of the buffers it shares with the huge values.
    fn write_between(
        &mut self,
        batch: &RecordBatch,
        start: usize,
        end: usize,
    ) -> Result<(), Error> {
        let part = batch.slice(start, end - start);
        let mut bytes = 0;
        for column in part.columns() {
            let size = column.to_data().get_slice_memory_size();
            bytes += size.map_err(|e| self.fail()(e.into()))?;
        }
        self.write_slices(&part, bytes)
    }

    /// Writes the row of `batch` holding a huge value, as a row group of its own.
    fn write_huge(&mut self, batch: &RecordBatch, huge: &huge::HugeRow) -> Result<(), Error> {
        let properties = huge::properties(
            self.groups.properties(),
            self.groups.leaves(),
            &huge.columns,
        );
        let row = batch.slice(huge.row, 1);
        self.groups.alone(&row, properties).map_err(self.fail())
    }
}

impl TableWriter for ParquetWriter<'_> {
    fn write_rows(&mut self, rows: &Batch) -> Result<(), Error> {
        let batch = arrow::batch(&self.name, &self.columns, rows)?;
        let huge = huge::huge_rows(rows);
        if huge.is_empty() {
            return self.write_slices(&batch, batch.get_array_memory_size());
        }
        let mut start = 0;
        for row in &huge {
            self.write_between(&batch, start, row.row)?;
            self.write_huge(&batch, row)?;
            start = row.row + 1;
        }
        self.write_between(&batch, start, batch.num_rows())
    }

    fn finish(self: Box<Self>) -> Result<(), Error> {
        let ParquetWriter { name, groups, .. } = *self;
        groups
            .close()
            .map_err(|e| encode_error(&name, "parquet")(e.into()))
    }
}
