//! Partitioned output: a table of more rows than a file may hold is written, in each format
//! writing a file per table, as a folder of parts (`parquet/events/part-00000.parquet`, …), each
//! a whole file of its format holding the next rows in key order. Where the parts are cut follows
//! from the table's row count alone ([`Split`]), so the encoders, the gate and the descriptions
//! agree on every part without telling each other; the part writer ([`PartWriter`]) rolls over
//! to a new file as its rows reach the limit, and gives back what it wrote to each file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use super::{Batch, Hashes, Sink, TableFormat, TableMeta, TableWriter, table_path};
use crate::error::Error;
use crate::hash::{Hashed, Written};
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::Cells;

/// The most rows in one file unless `--rows-per-file` says otherwise: a table of more rows is a
/// folder of parts.
pub const ROWS_PER_FILE: usize = 1_000_000;

/// The most parts of one table: their numbers are five digits wide, so that they sort by name.
pub(crate) const MAX_PARTS: usize = 100_000;

/// How many rows one file of a table may hold: a table of more rows is split into parts of that
/// many rows (the last one holding the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    rows_per_file: NonZeroUsize,
}

impl Default for Split {
    fn default() -> Self {
        Split {
            rows_per_file: NonZeroUsize::new(ROWS_PER_FILE).unwrap_or(NonZeroUsize::MIN),
        }
    }
}

impl Split {
    /// At most `rows_per_file` rows in a file; zero is a usage error.
    pub fn new(rows_per_file: usize) -> Result<Self, Error> {
        NonZeroUsize::new(rows_per_file)
            .map(|rows_per_file| Split { rows_per_file })
            .ok_or_else(|| {
                Error::Usage(
                    "--rows-per-file must be at least 1 (a file holds at least one row)".into(),
                )
            })
    }

    /// The most rows in one file.
    #[must_use]
    pub(crate) fn rows_per_file(self) -> usize {
        self.rows_per_file.get()
    }

    /// Whether a table of `rows` rows is a folder of parts.
    #[must_use]
    pub(crate) fn splits(self, rows: usize) -> bool {
        rows > self.rows_per_file()
    }

    /// The files of a table of `rows` rows in `format`, relative to the output folder, each with
    /// the rows it holds: one file, or the parts in order.
    #[must_use]
    pub(crate) fn files(
        self,
        table: &str,
        format: &dyn TableFormat,
        rows: usize,
    ) -> Vec<(String, usize)> {
        if !self.splits(rows) {
            return vec![(table_path(table, format), rows)];
        }
        let n = self.rows_per_file();
        (0..rows.div_ceil(n))
            .map(|i| (part_path(table, format, i), n.min(rows - i * n)))
            .collect()
    }

    /// Cuts `rows`, the next rows of a table of which `before` were cut already, where a part
    /// ends, so that no batch straddles two parts.
    pub(crate) fn cut(self, before: usize, mut rows: Vec<Cells>) -> Vec<Vec<Cells>> {
        let n = self.rows_per_file();
        let mut pieces = Vec::new();
        let mut at = before;
        loop {
            let room = n - at % n;
            if rows.len() <= room {
                pieces.push(rows);
                return pieces;
            }
            let rest = rows.split_off(room);
            pieces.push(std::mem::replace(&mut rows, rest));
            at += room;
        }
    }
}

/// The folder of the parts of `table` in `format`, relative to the output folder.
#[must_use]
pub fn parts_folder(table: &str, format: &dyn TableFormat) -> String {
    format!("{}/{table}", format.folder())
}

/// The path of part `i` of `table` in `format`, relative to the output folder.
#[must_use]
pub fn part_path(table: &str, format: &dyn TableFormat, i: usize) -> String {
    format!(
        "{}/part-{i:05}.{}",
        parts_folder(table, format),
        format.extension()
    )
}

/// The files of `table` in `format` among those `hashes` holds: its one file, or its parts in
/// order (none when neither was written).
#[must_use]
pub(crate) fn written_files(hashes: &Hashes, table: &str, format: &dyn TableFormat) -> Vec<String> {
    let single = table_path(table, format);
    if hashes.contains_key(&single) {
        return vec![single];
    }
    let prefix = format!("{}/part-", parts_folder(table, format));
    let extension = format!(".{}", format.extension());
    hashes
        .range(prefix.clone()..)
        .map(|(rel, _)| rel)
        .take_while(|rel| rel.starts_with(&prefix))
        .filter(|rel| {
            rel[prefix.len()..]
                .strip_suffix(&extension)
                .is_some_and(|n| n.len() == 5 && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .cloned()
        .collect()
}

/// A file being written, shared with the writer encoding into it so that what was written can
/// be taken back once the writer is done.
#[derive(Clone)]
struct Shared(Arc<Mutex<Hashed<File>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }
}

/// The part being written: its path, its writer and its file.
struct Open<'w> {
    rel: String,
    writer: Box<dyn TableWriter + Send + 'w>,
    file: Shared,
    rows: usize,
}

/// Writes one table in one format into one file, or into parts of at most
/// [`Split::rows_per_file`] rows: the batches it is given never straddle two parts
/// ([`Split::cut`]). The first file is written at the table's own path and moved into the
/// folder of parts when a second part begins.
pub(crate) struct PartWriter<'w> {
    format: &'w dyn TableFormat,
    table: TableMeta<'w>,
    dataset: Option<&'w DatasetMetadata>,
    staging: &'w Staging,
    split: Split,
    open: Option<Open<'w>>,
    /// What was written to each finished file, in order.
    files: Vec<(String, Written)>,
}

impl<'w> PartWriter<'w> {
    /// A writer of `table` in `format` (labelled with `dataset` when given), creating its first
    /// file in `staging`.
    pub(crate) fn new(
        format: &'w dyn TableFormat,
        (table, dataset): (TableMeta<'w>, Option<&'w DatasetMetadata>),
        staging: &'w Staging,
        split: Split,
    ) -> Result<Self, Error> {
        let mut writer = PartWriter {
            format,
            table,
            dataset,
            staging,
            split,
            open: None,
            files: Vec::new(),
        };
        writer.open = Some(writer.open_file(table_path(table.name, format))?);
        Ok(writer)
    }

    fn open_file(&self, rel: String) -> Result<Open<'w>, Error> {
        let file = Shared(Arc::new(Mutex::new(Hashed::new(
            self.staging.create(&rel)?,
        ))));
        // Buffered first, so that hashing sees large blocks rather than every token.
        let sink: Sink<'w> = Box::new(BufWriter::with_capacity(1 << 16, file.clone()));
        let writer = match self.dataset {
            Some(dataset) => self.format.dataset_writer(self.table, dataset, sink)?,
            None => self.format.writer(self.table, sink)?,
        };
        Ok(Open {
            rel,
            writer,
            file,
            rows: 0,
        })
    }

    /// Writes `rows`, first rolling over to a new part when the open one is full.
    pub(crate) fn write_rows(&mut self, rows: &Batch) -> Result<(), Error> {
        let limit = self.split.rows_per_file();
        if self.open.as_ref().is_some_and(|o| o.rows == limit) && !rows.is_empty() {
            self.roll_over()?;
        }
        let open = self.open.as_mut().ok_or_else(|| closed(self.table.name))?;
        open.rows += rows.len();
        if open.rows > limit {
            return Err(Error::Internal(format!(
                "a batch of table {} runs past the end of {}",
                self.table.name, open.rel
            )));
        }
        open.writer.write_rows(rows)
    }

    /// Closes the open part and opens the next, moving the first into the folder of parts.
    fn roll_over(&mut self) -> Result<(), Error> {
        self.close()?;
        let (name, format) = (self.table.name, self.format);
        let next = self.files.len();
        if next >= MAX_PARTS {
            return Err(Error::Usage(format!(
                "table {name} needs more than {MAX_PARTS} parts of {} rows: give a larger \
                 --rows-per-file",
                self.split.rows_per_file()
            )));
        }
        if next == 1 {
            let (from, to) = (&self.files[0].0, part_path(name, format, 0));
            let root = self.staging.path();
            let target = root.join(&to);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(Error::io(dir, "create"))?;
            }
            std::fs::rename(root.join(from), &target).map_err(Error::io(&target, "move"))?;
            self.files[0].0 = to;
        }
        self.open = Some(self.open_file(part_path(name, format, next))?);
        Ok(())
    }

    /// Finishes the open file and keeps what was written to it.
    fn close(&mut self) -> Result<(), Error> {
        let open = self.open.take().ok_or_else(|| closed(self.table.name))?;
        open.writer.finish()?;
        let file = Arc::try_unwrap(open.file.0)
            .map_err(|_| Error::Internal(format!("a writer of {} kept its file open", open.rel)))?;
        let (_, written) = file
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .finish();
        self.files.push((open.rel, written));
        Ok(())
    }

    /// Closes the last file; gives what was written to each file, by path.
    pub(crate) fn finish(mut self) -> Result<Vec<(String, Written)>, Error> {
        self.close()?;
        Ok(self.files)
    }
}

fn closed(table: &str) -> Error {
    Error::Internal(format!(
        "a writer of table {table} was used after it closed"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::csv::Csv;
    use serde_json::json;

    fn rows(n: usize) -> Vec<Cells> {
        (0..n).map(|i| vec![json!(i)]).collect()
    }

    #[test]
    fn a_table_that_fits_stays_one_file_and_a_larger_one_is_cut_in_parts() {
        let split = Split::new(5).unwrap();
        assert_eq!(
            split.files("events", &Csv, 5),
            [("csv/events.csv".into(), 5)]
        );
        assert_eq!(
            split.files("events", &Csv, 0),
            [("csv/events.csv".into(), 0)]
        );
        assert_eq!(
            split.files("events", &Csv, 11),
            [
                ("csv/events/part-00000.csv".into(), 5),
                ("csv/events/part-00001.csv".into(), 5),
                ("csv/events/part-00002.csv".into(), 1),
            ]
        );
    }

    #[test]
    fn batches_are_cut_where_parts_end() {
        let split = Split::new(4).unwrap();
        let lens = |pieces: Vec<Vec<Cells>>| pieces.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(lens(split.cut(0, rows(3))), [3]);
        assert_eq!(lens(split.cut(3, rows(10))), [1, 4, 4, 1]);
        assert_eq!(lens(split.cut(4, rows(4))), [4]);
        assert_eq!(lens(split.cut(2, Vec::new())), [0]);
        let values: Vec<Cells> = split.cut(3, rows(6)).concat();
        assert_eq!(values, rows(6), "rows keep their order");
    }

    #[test]
    fn zero_rows_per_file_is_a_usage_error() {
        let error = Split::new(0).unwrap_err();
        assert!(matches!(error, Error::Usage(_)), "{error}");
    }

    #[test]
    fn written_files_are_the_table_file_or_its_parts_in_order() {
        let mut hashes = Hashes::new();
        for rel in [
            "csv/events/part-00001.csv",
            "csv/events/part-00000.csv",
            "csv/events/notes.txt",
            "csv/events_more.csv",
            "csv/sources.csv",
        ] {
            hashes.insert(rel.into(), Written::of(b""));
        }
        assert_eq!(
            written_files(&hashes, "events", &Csv),
            ["csv/events/part-00000.csv", "csv/events/part-00001.csv"]
        );
        assert_eq!(written_files(&hashes, "sources", &Csv), ["csv/sources.csv"]);
        assert!(written_files(&hashes, "claims", &Csv).is_empty());
    }
}
