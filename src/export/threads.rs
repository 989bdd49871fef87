//! Every table written in every format at once: one thread per format owns that format's files
//! and encodes the batches it is sent, so that every format is encoded side by side
//! while the caller goes on producing rows.

use std::io::BufWriter;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

use super::{
    Batch, FileWriter, Hashes, Layout, Sink, TableFormat, TableMeta, TableWriter, table_path,
};
use crate::error::Error;
use crate::hash::Hashed;
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::Cells;

/// How many batches may wait for each format's thread.
const QUEUE: usize = 8;

/// A batch of rows and the index of its table, shared by every format's thread.
type Sent = (usize, Arc<Batch>);

/// The threads writing every table's files, one per format.
pub(crate) struct Encoders<'scope> {
    senders: Vec<SyncSender<Sent>>,
    /// How many formats read each batch's JSON encoding.
    json_readers: usize,
    handles: Vec<ScopedJoinHandle<'scope, Result<(), Error>>>,
}

/// What the encoders write: in which formats, and for which dataset.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a, 'env> {
    /// The formats, each writing on a thread of its own.
    pub(crate) formats: &'a [Box<dyn TableFormat>],
    /// The dataset's name, which names the file of a format holding every table.
    pub(crate) name: &'a str,
    /// The dataset's metadata, which goes into the files of the formats that carry it.
    pub(crate) dataset: Option<&'env DatasetMetadata>,
}

/// The writers of one format's files.
enum Writers<'env> {
    /// One writer per table.
    PerTable(Vec<Box<dyn TableWriter + Send + 'env>>),
    /// One writer of every table.
    One(Box<dyn FileWriter + Send + 'env>),
}

impl Writers<'_> {
    fn write_rows(&mut self, table: usize, rows: &Batch) -> Result<(), Error> {
        match self {
            Writers::PerTable(writers) => writers[table].write_rows(rows),
            Writers::One(writer) => writer.write_rows(table, rows),
        }
    }

    fn finish(self) -> Result<(), Error> {
        match self {
            Writers::PerTable(writers) => writers.into_iter().try_for_each(TableWriter::finish),
            Writers::One(writer) => writer.finish(),
        }
    }
}

impl<'scope> Encoders<'scope> {
    /// Opens the file of every table (by [`TableMeta`], in order) in every format of `target`
    /// in `staging`, and starts one thread per format in `scope`; each file's hash goes to
    /// `hashes` once it is closed.
    pub(crate) fn spawn<'env>(
        scope: &'scope Scope<'scope, 'env>,
        staging: &Staging,
        target: Target<'_, 'env>,
        tables: &[TableMeta<'env>],
        hashes: &Arc<Mutex<Hashes>>,
    ) -> Result<Self, Error> {
        let mut encoders = Encoders {
            senders: Vec::new(),
            json_readers: target
                .formats
                .iter()
                .filter(|f| f.writes_json_rows())
                .count(),
            handles: Vec::new(),
        };
        for format in target.formats {
            let mut writers = open(format.as_ref(), staging, target, tables, hashes)?;
            let (sender, receiver) = sync_channel::<Sent>(QUEUE);
            encoders.handles.push(scope.spawn(move || {
                for (table, rows) in receiver {
                    writers.write_rows(table, &rows)?;
                }
                writers.finish()
            }));
            encoders.senders.push(sender);
        }
        Ok(encoders)
    }

    /// Sends sorted rows of table `table` to every format. When a format's thread has stopped
    /// on an error, that error is returned.
    pub(crate) fn write(&mut self, table: usize, rows: Vec<Cells>) -> Result<(), Error> {
        let rows = Arc::new(Batch::shared(rows, self.json_readers));
        let stopped = self
            .senders
            .iter()
            .any(|s| s.send((table, Arc::clone(&rows))).is_err());
        if stopped {
            let senders = std::mem::take(&mut self.senders);
            let handles = std::mem::take(&mut self.handles);
            drop(senders);
            join(handles)?;
            return Err(Error::Internal(
                "an encoder stopped without an error".into(),
            ));
        }
        Ok(())
    }

    /// Closes every file, waiting for every thread; gives the first error of any.
    pub(crate) fn finish(self) -> Result<(), Error> {
        drop(self.senders);
        join(self.handles)
    }
}

/// Opens the files of `format` for `tables` in `staging`, hashed into `hashes` as written.
fn open<'env>(
    format: &dyn TableFormat,
    staging: &Staging,
    target: Target<'_, 'env>,
    tables: &[TableMeta<'env>],
    hashes: &Arc<Mutex<Hashes>>,
) -> Result<Writers<'env>, Error> {
    let sink = |rel: &str| -> Result<Sink<'env>, Error> {
        // Buffered first, so that hashing sees large blocks rather than every token.
        let file = Hashed::new(staging.create(rel)?, rel, hashes);
        Ok(Box::new(BufWriter::with_capacity(1 << 16, file)))
    };
    if format.layout() == Layout::OneFile {
        let rel = table_path(target.name, format);
        let writer = format.file_writer(tables, target.dataset, staging.scratch()?, sink(&rel)?)?;
        return Ok(Writers::One(writer));
    }
    let mut writers: Vec<Box<dyn TableWriter + Send + 'env>> = Vec::new();
    for table in tables {
        let sink = sink(&table_path(table.name, format))?;
        writers.push(match target.dataset {
            Some(dataset) => format.dataset_writer(*table, dataset, sink)?,
            None => format.writer(*table, sink)?,
        });
    }
    Ok(Writers::PerTable(writers))
}

fn join(handles: Vec<ScopedJoinHandle<'_, Result<(), Error>>>) -> Result<(), Error> {
    let mut first = Ok(());
    for handle in handles {
        let outcome = handle
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("an encoder thread panicked".into())));
        if first.is_ok() {
            first = outcome;
        }
    }
    first
}
