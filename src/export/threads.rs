//! Every table written in every format at once: one thread per format owns that format's files
//! and encodes the batches it is sent, so that every format is encoded side by side
//! while the caller goes on producing rows.

use std::io::BufWriter;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use super::{Batch, Hashes, Sink, TableMeta, TableWriter, formats, table_path};
use crate::error::Error;
use crate::hash::{Hashed, Written};
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::Cells;

/// How many batches may wait for each format's thread.
const QUEUE: usize = 8;

/// A batch of rows and the index of its table, shared by every format's thread.
type Sent = (usize, Arc<Batch>);

/// What one format's thread gives back: what it wrote to each file, by path.
type Files = Vec<(String, Written)>;

/// The threads writing every table's files, one per format.
pub(crate) struct Encoders<'scope> {
    senders: Vec<SyncSender<Sent>>,
    /// How many formats read each batch's JSON encoding.
    json_readers: usize,
    handles: Vec<ScopedJoinHandle<'scope, Result<Files, Error>>>,
}

impl<'scope> Encoders<'scope> {
    /// Opens the file of every table (by [`TableMeta`], in order) in every format in `staging`,
    /// and starts one thread per format in `scope`; [`Encoders::finish`] gives what each file
    /// holds.
    pub(crate) fn spawn<'env>(
        scope: &'scope Scope<'scope, 'env>,
        staging: &Staging,
        tables: &[TableMeta<'env>],
    ) -> Result<Self, Error> {
        Self::spawn_for(scope, staging, tables, None)
    }

    /// As [`Encoders::spawn`], for the tables of the dataset described by `dataset`, whose
    /// metadata goes into the files of the formats that carry it.
    pub(crate) fn spawn_for<'env>(
        scope: &'scope Scope<'scope, 'env>,
        staging: &Staging,
        tables: &[TableMeta<'env>],
        dataset: Option<&'env DatasetMetadata>,
    ) -> Result<Self, Error> {
        let mut encoders = Encoders {
            senders: Vec::new(),
            json_readers: formats().iter().filter(|f| f.writes_json_rows()).count(),
            handles: Vec::new(),
        };
        for format in formats() {
            let mut files = Vec::new();
            for table in tables {
                let rel = table_path(table.name, format.as_ref());
                files.push((Hashed::new(staging.create(&rel)?), rel));
            }
            let tables = tables.to_vec();
            let (sender, receiver) = sync_channel::<Sent>(QUEUE);
            encoders.handles.push(scope.spawn(move || {
                let mut writers: Vec<Box<dyn TableWriter + Send + '_>> = Vec::new();
                for (table, (file, _)) in tables.into_iter().zip(&mut files) {
                    // Buffered first, so that hashing sees large blocks rather than every token.
                    let sink: Sink<'_> = Box::new(BufWriter::with_capacity(1 << 16, file));
                    writers.push(match dataset {
                        Some(dataset) => format.dataset_writer(table, dataset, sink)?,
                        None => format.writer(table, sink)?,
                    });
                }
                for (table, rows) in receiver {
                    writers[table].write_rows(&rows)?;
                }
                writers.into_iter().try_for_each(TableWriter::finish)?;
                Ok(files
                    .into_iter()
                    .map(|(file, rel)| (rel, file.finish().1))
                    .collect())
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

    /// Closes every file, waiting for every thread; gives what each file holds, by path, or
    /// the first error of any thread.
    pub(crate) fn finish(self) -> Result<Hashes, Error> {
        drop(self.senders);
        join(self.handles)
    }
}

fn join(handles: Vec<ScopedJoinHandle<'_, Result<Files, Error>>>) -> Result<Hashes, Error> {
    let mut first = Ok(Hashes::new());
    for handle in handles {
        let outcome = handle
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("an encoder thread panicked".into())));
        match (&mut first, outcome) {
            (Ok(all), Ok(files)) => all.extend(files),
            (Ok(_), Err(e)) => first = Err(e),
            (Err(_), _) => {}
        }
    }
    first
}
