//! Every table written in every format at once: one thread per format owns that format's files
//! and encodes the batches it is sent, so that every format is encoded side by side
//! while the caller goes on producing rows.

use std::fs::File;
use std::io::BufWriter;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use super::{
    Batch, FileWriter, Hashes, Layout, Sink, TableFormat, TableMeta, TableWriter, table_path,
};
use crate::error::Error;
use crate::hash::{Hashed, Written};
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::Cells;

/// How many batches may wait for each format's thread: the slowest format's queue is full,
/// and every batch waiting holds its rows.
const QUEUE: usize = 4;

/// A batch of rows and the index of its table, shared by every format's thread.
type Sent = (usize, Arc<Batch>);

/// What one format's thread gives back: what it wrote to each file, by path.
type Files = Vec<(String, Written)>;

/// The threads writing every table's files, one per format.
pub(crate) struct Encoders<'scope> {
    senders: Vec<SyncSender<Sent>>,
    handles: Vec<ScopedJoinHandle<'scope, Result<Files, Error>>>,
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
    /// The dataset's description as (key, value) pairs, for the formats that hold it as data
    /// (see [`super::about`]).
    pub(crate) about: &'env [(String, String)],
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
    /// Opens the files of every table (by [`TableMeta`], in order) in every format of `target`
    /// in `staging`, and starts one thread per format in `scope`; [`Encoders::finish`] gives
    /// what each file holds.
    pub(crate) fn spawn<'env>(
        scope: &'scope Scope<'scope, 'env>,
        staging: &Staging,
        target: Target<'env, 'env>,
        tables: &[TableMeta<'env>],
    ) -> Result<Self, Error> {
        let mut encoders = Encoders {
            senders: Vec::new(),
            handles: Vec::new(),
        };
        for format in target.formats {
            let format = format.as_ref();
            let mut files = open(format, staging, target, tables)?;
            let scratch = match format.layout() {
                Layout::OneFile => Some(staging.scratch()?),
                Layout::FilePerTable => None,
            };
            let tables = tables.to_vec();
            let (sender, receiver) = sync_channel::<Sent>(QUEUE);
            encoders.handles.push(scope.spawn(move || {
                let mut writers = writers(format, target, &tables, scratch, &mut files)?;
                for (table, rows) in receiver {
                    writers.write_rows(table, &rows)?;
                }
                writers.finish()?;
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
        let rows = Arc::new(Batch::new(rows));
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

/// Creates the files of `format` for `tables` in `staging`, each hashed as it is written.
fn open(
    format: &dyn TableFormat,
    staging: &Staging,
    target: Target<'_, '_>,
    tables: &[TableMeta<'_>],
) -> Result<Vec<(Hashed<File>, String)>, Error> {
    let names: Vec<&str> = match format.layout() {
        Layout::OneFile => vec![target.name],
        Layout::FilePerTable => tables.iter().map(|t| t.name).collect(),
    };
    names
        .into_iter()
        .map(|name| {
            let rel = table_path(name, format);
            Ok((Hashed::new(staging.create(&rel)?), rel))
        })
        .collect()
}

/// The writers of `format` for `tables`, writing into `files` as [`open`] made them.
fn writers<'w>(
    format: &dyn TableFormat,
    target: Target<'_, 'w>,
    tables: &[TableMeta<'w>],
    scratch: Option<tempfile::TempDir>,
    files: &'w mut [(Hashed<File>, String)],
) -> Result<Writers<'w>, Error> {
    // Buffered first, so that hashing sees large blocks rather than every token.
    let sink = |file: &'w mut Hashed<File>| -> Sink<'w> {
        Box::new(BufWriter::with_capacity(1 << 16, file))
    };
    if let Some(scratch) = scratch {
        let (file, _) = files
            .first_mut()
            .ok_or_else(|| Error::Internal("a one-file format opened no file".into()))?;
        let writer = format.file_writer(tables, target.about, scratch, sink(file))?;
        return Ok(Writers::One(writer));
    }
    let mut writers: Vec<Box<dyn TableWriter + Send + 'w>> = Vec::new();
    for (table, (file, _)) in tables.iter().zip(files.iter_mut()) {
        writers.push(match target.dataset {
            Some(dataset) => format.dataset_writer(*table, dataset, sink(file))?,
            None => format.writer(*table, sink(file))?,
        });
    }
    Ok(Writers::PerTable(writers))
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
