//! The id index on disk, for seeds with more ids than the memory budget holds: ids are gathered
//! in sorted runs spilled to a scratch folder, and the runs merged into the index file
//! ([`super::idblocks`]), repeated ids found on the way.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::idblocks::{BlockWriter, Entry, IdRow, Kinds, Sorted, decode_from, encode};
use crate::error::Error;

/// The most runs kept before they are merged into one.
const MAX_RUNS: usize = 64;

/// A record whose id a record with a smaller number already has.
#[derive(Debug, Clone)]
pub(crate) struct Repeat {
    /// The later record.
    pub(crate) row: IdRow,
    /// Where the id was first defined.
    pub(crate) first: Entry,
}

/// Ids gathered into sorted runs on disk, not yet merged.
#[derive(Debug)]
pub(crate) struct Runs {
    dir: TempDir,
    pending: Vec<IdRow>,
    bytes: usize,
    budget: usize,
    files: Vec<PathBuf>,
    /// How many times runs were merged into one.
    merged: usize,
    kinds: Kinds,
}

impl Runs {
    /// Runs kept in a new scratch folder inside `scratch`, holding about `budget` bytes of ids
    /// in memory before each spill.
    pub(crate) fn new(scratch: &Path, budget: usize) -> Result<Self, Error> {
        let dir = tempfile::Builder::new()
            .prefix(".ids-")
            .tempdir_in(scratch)
            .map_err(Error::io(scratch, "create a folder in"))?;
        Ok(Runs {
            dir,
            pending: Vec::new(),
            bytes: 0,
            budget,
            files: Vec::new(),
            merged: 0,
            kinds: Kinds::default(),
        })
    }

    /// Adds an id; repeats are found when the runs are merged.
    pub(crate) fn push(&mut self, row: IdRow) -> Result<(), Error> {
        self.bytes += row.id.len() + std::mem::size_of::<IdRow>();
        self.pending.push(row);
        if self.bytes > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes `rows`, already sorted by id and number, as one run.
    pub(crate) fn write_run<'r>(
        &mut self,
        rows: impl Iterator<Item = (&'r str, Entry, u32)>,
    ) -> Result<(), Error> {
        let path = self.dir.path().join(format!("run-{}", self.files.len()));
        let io = |e| Error::io(&path, "write")(e);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path).map_err(io)?);
        let mut bytes = Vec::new();
        for (id, entry, number) in rows {
            bytes.clear();
            encode(&mut bytes, id, entry, number, &mut self.kinds);
            out.write_all(&bytes).map_err(io)?;
        }
        out.flush().map_err(io)?;
        self.files.push(path);
        Ok(())
    }

    fn spill(&mut self) -> Result<(), Error> {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable_by(|a, b| (&a.id, a.number).cmp(&(&b.id, b.number)));
        self.write_run(pending.iter().map(|r| (&*r.id, r.entry, r.number)))?;
        self.bytes = 0;
        if self.files.len() >= MAX_RUNS {
            self.merge_runs()?;
        }
        Ok(())
    }

    /// Merges the runs into the index file, giving every id that repeats an earlier one.
    pub(crate) fn finish(mut self) -> Result<(Sorted, Vec<Repeat>), Error> {
        self.spill()?;
        let path = self.dir.path().join("index");
        let mut writer = BlockWriter::create(&path)?;
        let mut repeats = Vec::new();
        let mut last: Option<IdRow> = None;
        self.merge(|row, kinds| {
            match &last {
                Some(first) if first.id == row.id => repeats.push(Repeat {
                    row,
                    first: first.entry,
                }),
                _ => {
                    writer.push(&row, kinds)?;
                    last = Some(row);
                }
            }
            Ok(())
        })?;
        let sorted = writer.finish(self.dir, self.kinds)?;
        Ok((sorted, repeats))
    }

    /// Merges every run into one, so that no more than [`MAX_RUNS`] files are ever open.
    fn merge_runs(&mut self) -> Result<(), Error> {
        let path = self.dir.path().join(format!("merged-{}", self.merged));
        self.merged += 1;
        let io = |e| Error::io(&path, "write")(e);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path).map_err(io)?);
        let mut bytes = Vec::new();
        self.merge(|row, kinds| {
            bytes.clear();
            encode(&mut bytes, &row.id, row.entry, row.number, kinds);
            out.write_all(&bytes).map_err(io)
        })?;
        out.flush().map_err(io)?;
        self.files.push(path);
        Ok(())
    }

    /// Gives every row of every run to `each`, in order of id and number, and removes the runs.
    fn merge(
        &mut self,
        mut each: impl FnMut(IdRow, &mut Kinds) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let runs = std::mem::take(&mut self.files);
        let mut readers = Vec::with_capacity(runs.len());
        for path in &runs {
            let file = File::open(path).map_err(Error::io(path, "read"))?;
            readers.push((path, BufReader::with_capacity(1 << 16, file)));
        }
        let mut heap = BinaryHeap::new();
        for (run, (path, reader)) in readers.iter_mut().enumerate() {
            if let Some(row) = decode_from(reader, path, &self.kinds.0)? {
                heap.push(IdRunHead { row, run });
            }
        }
        while let Some(IdRunHead { row, run }) = heap.pop() {
            let (path, reader) = &mut readers[run];
            if let Some(next) = decode_from(reader, path, &self.kinds.0)? {
                heap.push(IdRunHead { row: next, run });
            }
            each(row, &mut self.kinds)?;
        }
        drop(readers);
        for run in &runs {
            std::fs::remove_file(run).map_err(Error::io(run, "remove"))?;
        }
        Ok(())
    }
}

/// The next row of one run, ordered so that the heap pops the smallest id first and, among
/// equal ids, the smallest number.
struct IdRunHead {
    row: IdRow,
    run: usize,
}

impl PartialEq for IdRunHead {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for IdRunHead {}

impl PartialOrd for IdRunHead {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdRunHead {
    fn cmp(&self, other: &Self) -> Ordering {
        (&other.row.id, other.row.number).cmp(&(&self.row.id, self.row.number))
    }
}
