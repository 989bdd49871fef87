//! A Parquet file written one row group at a time through the `parquet` crate's Arrow column
//! writers, as its `ArrowWriter` writes them (the same bytes), and a row holding a huge value in
//! a row group of its own, written with properties that spare the crate's copies of that value
//! ([`Groups::alone`], [`super::huge`]).

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnWriter, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::errors::Result;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

use super::ROW_GROUP_ROWS;
use crate::export::Sink;

/// A Parquet file being written, row group by row group.
pub(crate) struct Groups<'w> {
    file: SerializedFileWriter<Sink<'w>>,
    factory: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    /// The row group in progress, if any.
    open: Option<Open>,
}

/// A row group in progress: a writer per leaf column, and its rows so far.
struct Open {
    writers: Vec<ArrowColumnWriter>,
    rows: usize,
}

impl<'w> Groups<'w> {
    /// The file `writer` has begun (nothing written yet), whose batches have `schema`.
    pub(crate) fn new(writer: ArrowWriter<Sink<'w>>, schema: SchemaRef) -> Result<Self> {
        let (file, factory) = writer.into_serialized_writer()?;
        Ok(Groups {
            file,
            factory,
            schema,
            open: None,
        })
    }

    /// Writes `batch` into the row group in progress, closing it (and going on in the next)
    /// whenever it reaches [`ROW_GROUP_ROWS`] rows, as `ArrowWriter::write` does.
    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut rest = batch.clone();
        while rest.num_rows() > 0 {
            if self.open.is_none() {
                let writers = self.factory.create_column_writers(self.index())?;
                self.open = Some(Open { writers, rows: 0 });
            }
            let Some(open) = self.open.as_mut() else {
                continue;
            };
            let room = ROW_GROUP_ROWS - open.rows;
            let now = if rest.num_rows() > room {
                let now = rest.slice(0, room);
                rest = rest.slice(room, rest.num_rows() - room);
                now
            } else {
                std::mem::replace(&mut rest, batch.slice(0, 0))
            };
            write_columns(&self.schema, &mut open.writers, &now)?;
            open.rows += now.num_rows();
            if open.rows >= ROW_GROUP_ROWS {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Writes `batch` (the rows of one huge value, [`super::huge`]) as a row group of its own,
    /// its columns written with `properties` rather than the file's, after the row group in
    /// progress.
    pub(crate) fn alone(
        &mut self,
        batch: &RecordBatch,
        properties: WriterProperties,
    ) -> Result<()> {
        self.flush()?;
        // The factory takes the properties of a file writer: one writing nowhere lends them.
        let root = self.file.schema_descr().root_schema_ptr();
        let lender = SerializedFileWriter::new(std::io::sink(), root, Arc::new(properties))?;
        let factory = ArrowRowGroupWriterFactory::new(&lender, Arc::clone(&self.schema));
        let mut writers = factory.create_column_writers(self.index())?;
        write_columns(&self.schema, &mut writers, batch)?;
        self.append(writers)
    }

    /// The properties the file is written with.
    pub(crate) fn properties(&self) -> &WriterProperties {
        self.file.properties()
    }

    /// The leaf columns of the file, with the index of the top-level column each belongs to.
    pub(crate) fn leaves(
        &self,
    ) -> impl Iterator<Item = (usize, parquet::schema::types::ColumnPath)> {
        let schema = self.file.schema_descr();
        (0..schema.num_columns()).map(move |i| {
            (
                schema.get_column_root_idx(i),
                schema.column(i).path().clone(),
            )
        })
    }

    /// The estimated bytes of the row group in progress, as `ArrowWriter::in_progress_size`.
    pub(crate) fn in_progress_size(&self) -> usize {
        self.open.as_ref().map_or(0, |open| {
            open.writers
                .iter()
                .map(ArrowColumnWriter::get_estimated_total_bytes)
                .sum()
        })
    }

    /// Closes the row group in progress, if any, writing it to the file.
    pub(crate) fn flush(&mut self) -> Result<()> {
        match self.open.take() {
            Some(open) => self.append(open.writers),
            None => Ok(()),
        }
    }

    /// Closes the row group in progress and the file, writing its footer.
    pub(crate) fn close(mut self) -> Result<()> {
        self.flush()?;
        self.file.close().map(|_| ())
    }

    /// The index the next row group will have.
    fn index(&self) -> usize {
        self.file.flushed_row_groups().len()
    }

    /// Closes `writers` and writes their column chunks as the next row group.
    fn append(&mut self, writers: Vec<ArrowColumnWriter>) -> Result<()> {
        let mut group = self.file.next_row_group()?;
        for writer in writers {
            writer.close()?.append_to_row_group(&mut group)?;
        }
        group.close().map(|_| ())
    }
}

/// Writes every column of `batch` with its leaves' `writers`, in order.
fn write_columns(
    schema: &SchemaRef,
    writers: &mut [ArrowColumnWriter],
    batch: &RecordBatch,
) -> Result<()> {
    let mut writers = writers.iter_mut();
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        for leaf in compute_leaves(field, column)? {
            let writer = writers.next().ok_or_else(|| {
                parquet::errors::ParquetError::General("a leaf column without a writer".into())
            })?;
            writer.write(&leaf)?;
        }
    }
    Ok(())
}
