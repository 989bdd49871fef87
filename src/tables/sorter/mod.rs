//! Sorting one table's rows by primary key while they stream in, seeds file by seeds file.
//!
//! Rows wait in memory until no seeds file still to come can add a row before them (the
//! watermark: the smallest id the remaining files hold); then they are released in order. When
//! files interleave so that too many rows wait, the waiting rows are sorted and spilled to disk
//! as a run, and all runs are merged at the end: memory stays bounded whatever the layout.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Lines, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Cells, TableSpec};
use crate::error::Error;

/// How many rows are released at a time.
pub(crate) const BATCH_ROWS: usize = 8192;

/// Where released rows go, a batch at a time.
pub(crate) type Emit<'e> = dyn FnMut(Vec<Cells>) -> Result<(), Error> + 'e;

/// The rows of one table on their way to the writers.
pub(crate) struct Sorter<'s> {
    spec: &'s TableSpec,
    pending: Vec<Cells>,
    pending_bytes: usize,
    budget: usize,
    spill_dir: PathBuf,
    runs: Vec<PathBuf>,
}

impl<'s> Sorter<'s> {
    /// A sorter for `spec` that keeps at most about `budget` bytes of rows in memory, spilling
    /// sorted runs into `spill_dir` beyond that.
    #[must_use]
    pub(crate) fn new(spec: &'s TableSpec, budget: usize, spill_dir: &Path) -> Self {
        Sorter {
            spec,
            pending: Vec::new(),
            pending_bytes: 0,
            budget,
            spill_dir: spill_dir.to_path_buf(),
            runs: Vec::new(),
        }
    }

    /// How many runs went to disk.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn spilled_runs(&self) -> usize {
        self.runs.len()
    }

    /// Adds rows, in any order.
    pub(crate) fn push(&mut self, rows: Vec<Cells>) -> Result<(), Error> {
        self.pending_bytes += rows.iter().map(weight).sum::<usize>();
        if self.pending.is_empty() {
            self.pending = rows;
        } else {
            self.pending.extend(rows);
        }
        if self.pending_bytes > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Releases, in order, every waiting row whose leading id is below `watermark` (the smallest
    /// id any seeds file still to come holds; `None` when none is left to come).
    pub(crate) fn release(
        &mut self,
        watermark: Option<&str>,
        emit: &mut Emit<'_>,
    ) -> Result<(), Error> {
        if !self.runs.is_empty() || self.pending.is_empty() {
            // Once rows went to disk, everything is merged at the end.
            return Ok(());
        }
        self.spec.sort(&mut self.pending);
        let ready = match watermark {
            None => self.pending.len(),
            Some(mark) => self
                .pending
                .partition_point(|row| self.spec.lead(row) < mark),
        };
        if ready == 0 {
            return Ok(());
        }
        let rest = self.pending.split_off(ready);
        let done = std::mem::replace(&mut self.pending, rest);
        // Weighed as they leave, so that rows waiting long are not weighed again and again.
        self.pending_bytes -= done.iter().map(weight).sum::<usize>();
        let mut batches = Batches::new(emit);
        done.into_iter().try_for_each(|row| batches.push(row))?;
        batches.finish()
    }

    /// Releases every row left, merging the spilled runs.
    pub(crate) fn finish(mut self, emit: &mut Emit<'_>) -> Result<(), Error> {
        if self.runs.is_empty() {
            return self.release(None, emit);
        }
        self.spill()?;
        let spec = self.spec;
        let mut readers = self
            .runs
            .iter()
            .map(|path| RunReader::open(path))
            .collect::<Result<Vec<_>, Error>>()?;
        let mut heap = BinaryHeap::new();
        for (run, reader) in readers.iter_mut().enumerate() {
            if let Some(row) = reader.next_row()? {
                heap.push(RunHead { spec, row, run });
            }
        }
        let mut batches = Batches::new(emit);
        while let Some(RunHead { row, run, .. }) = heap.pop() {
            if let Some(next) = readers[run].next_row()? {
                heap.push(RunHead {
                    spec,
                    row: next,
                    run,
                });
            }
            batches.push(row)?;
        }
        batches.finish()
    }

    /// Sorts the waiting rows and writes them to disk as one run.
    fn spill(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.spec.sort(&mut self.pending);
        let path = self
            .spill_dir
            .join(format!("{}-{}.jsonl", self.spec.name, self.runs.len()));
        let io = |e| Error::io(&path, "write")(e);
        let mut out = BufWriter::new(File::create(&path).map_err(io)?);
        for row in self.pending.drain(..) {
            serde_json::to_writer(&mut out, &row).map_err(|e| io(e.into()))?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        self.pending_bytes = 0;
        self.runs.push(path);
        Ok(())
    }
}

/// Rows gathered into batches of [`BATCH_ROWS`] on their way to `emit`.
struct Batches<'a, 'e> {
    batch: Vec<Cells>,
    emit: &'a mut Emit<'e>,
}

impl<'a, 'e> Batches<'a, 'e> {
    fn new(emit: &'a mut Emit<'e>) -> Self {
        Batches {
            batch: Vec::new(),
            emit,
        }
    }

    fn push(&mut self, row: Cells) -> Result<(), Error> {
        self.batch.push(row);
        if self.batch.len() == BATCH_ROWS {
            (self.emit)(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        if self.batch.is_empty() {
            Ok(())
        } else {
            (self.emit)(self.batch)
        }
    }
}

/// About how many bytes a row takes in memory.
fn weight(row: &Cells) -> usize {
    row.iter()
        .map(|v| std::mem::size_of::<Value>() + v.as_str().map_or(0, str::len))
        .sum::<usize>()
        + std::mem::size_of::<Cells>()
}

/// Reads a spilled run back, row by row.
struct RunReader {
    path: PathBuf,
    lines: Lines<BufReader<File>>,
}

impl RunReader {
    fn open(path: &Path) -> Result<Self, Error> {
        let file = File::open(path).map_err(Error::io(path, "read"))?;
        Ok(RunReader {
            path: path.to_path_buf(),
            lines: BufReader::new(file).lines(),
        })
    }

    fn next_row(&mut self) -> Result<Option<Cells>, Error> {
        match self.lines.next() {
            None => Ok(None),
            Some(line) => {
                let line = line.map_err(Error::io(&self.path, "read"))?;
                serde_json::from_str(&line)
                    .map(Some)
                    .map_err(|e| Error::io(&self.path, "read")(e.into()))
            }
        }
    }
}

/// The next row of one run, ordered so that the heap pops the smallest key first (and, among
/// equal keys, the earlier run, keeping the sort stable).
struct RunHead<'s> {
    spec: &'s TableSpec,
    row: Cells,
    run: usize,
}

impl PartialEq for RunHead<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RunHead<'_> {}

impl PartialOrd for RunHead<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RunHead<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.spec
            .compare(&other.row, &self.row)
            .then_with(|| other.run.cmp(&self.run))
    }
}

#[cfg(test)]
mod tests;
