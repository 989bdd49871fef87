//! Every table written in every format at once: one thread per format owns that format's files
//! and encodes the batches it is sent, so that every format is encoded side by side
//! while the caller goes on producing rows.

use std::fs::File;
use std::io::BufWriter;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use super::parts::{PartWriter, Split};
use super::{Batch, FileWriter, Hashes, Layout, Sink, TableFormat, TableMeta, table_path};
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
    /// Where each table's files end.
    split: Split,
    /// How many rows of each table were sent.
    sent: Vec<usize>,
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
    /// How many rows a file of a table may hold before the table is a folder of parts.
    pub(crate) split: Split,
}

/// The writers of one format's files.
enum Writers<'env> {
    /// One writer per table, each writing one file or a folder of parts.
    PerTable(Vec<PartWriter<'env>>),
    /// One writer of every table into one file.
    One(Box<dyn FileWriter + Send + 'env>),
}

impl Writers<'_> {
    fn write_rows(&mut self, table: usize, rows: &Batch) -> Result<(), Error> {
        match self {
            Writers::PerTable(writers) => writers[table].write_rows(rows),
            Writers::One(writer) => writer.write_rows(table, rows),
        }
    }

    /// Closes every file; gives what was written to each file of a table (a file of every
    /// table gives it when its own is dropped).
    fn finish(self) -> Result<Files, Error> {
        match self {
            Writers::PerTable(writers) => {
                let mut files = Vec::new();
                for writer in writers {
                    files.extend(writer.finish()?);
                }
                Ok(files)
            }
            Writers::One(writer) => writer.finish().map(|()| Vec::new()),
        }
    }
}

impl<'scope> Encoders<'scope> {
    /// Opens the files of every table (by [`TableMeta`], in order) in every format of `target`
    /// in `staging`, and starts one thread per format in `scope`; [`Encoders::finish`] gives
    /// what each file holds.
    pub(crate) fn spawn<'env>(
        scope: &'scope Scope<'scope, 'env>,
        staging: &'env Staging,
        target: Target<'env, 'env>,
        tables: &[TableMeta<'env>],
    ) -> Result<Self, Error> {
        let mut encoders = Encoders {
            senders: Vec::new(),
            handles: Vec::new(),
            split: target.split,
            sent: vec![0; tables.len()],
        };
        for format in target.formats {
            let format = format.as_ref();
            let (sender, receiver) = sync_channel::<Sent>(QUEUE);
            encoders.handles.push(match format.layout() {
                Layout::FilePerTable => {
                    let writers = tables
                        .iter()
                        .map(|t| {
                            PartWriter::new(format, (*t, target.dataset), staging, target.split)
                        })
                        .collect::<Result<_, _>>()?;
                    scope.spawn(move || drain(&receiver, Writers::PerTable(writers)))
                }
                Layout::OneFile => {
                    let (mut file, rel) = open(format, staging, target.name)?;
                    let scratch = staging.scratch()?;
                    let tables = tables.to_vec();
                    scope.spawn(move || {
                        let writer = one_writer(format, target, &tables, scratch, &mut file)?;
                        drain(&receiver, Writers::One(writer))?;
                        Ok(vec![(rel, file.finish().1)])
                    })
                }
            });
            encoders.senders.push(sender);
        }
        Ok(encoders)
    }

    /// Sends sorted rows of table `table` to every format. When a format's thread has stopped
    /// on an error, that error is returned.
    /// The rows are cut where a part of the table ends, so that no batch straddles two parts.
    pub(crate) fn write(&mut self, table: usize, rows: Vec<Cells>) -> Result<(), Error> {
        let before = self.sent[table];
        self.sent[table] += rows.len();
        for rows in self.split.cut(before, rows) {
            self.send(table, rows)?;
        }
        Ok(())
    }

    /// Sends one batch of table `table`, within one part, to every format.
    fn send(&mut self, table: usize, rows: Vec<Cells>) -> Result<(), Error> {
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

/// Creates the file of `format` holding every table of the dataset `name` in `staging`, hashed
/// as it is written.
fn open(
    format: &dyn TableFormat,
    staging: &Staging,
    name: &str,
) -> Result<(Hashed<File>, String), Error> {
    let rel = table_path(name, format);
    Ok((Hashed::new(staging.create(&rel)?), rel))
}

/// The writer of every table of `tables` in the one-file `format`, writing into `file`.
fn one_writer<'w>(
    format: &dyn TableFormat,
    target: Target<'_, 'w>,
    tables: &[TableMeta<'w>],
    scratch: tempfile::TempDir,
    file: &'w mut Hashed<File>,
) -> Result<Box<dyn FileWriter + Send + 'w>, Error> {
    // Buffered first, so that hashing sees large blocks rather than every token.
    let sink: Sink<'w> = Box::new(BufWriter::with_capacity(1 << 16, file));
    format.file_writer(tables, target.about, scratch, sink)
}

/// Writes every batch `receiver` is sent with `writers`, then closes them.
fn drain(receiver: &Receiver<Sent>, mut writers: Writers<'_>) -> Result<Files, Error> {
    for (table, rows) in receiver {
        writers.write_rows(table, &rows)?;
    }
    writers.finish()
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
