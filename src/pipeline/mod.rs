//! The one chain from rows to a folder ready to publish, for `build` and `export` alike: a
//! producer pushes each table's rows ([`Feed`]); they go through one sorter per table (or
//! straight on, when they come in key order) to one encoding thread per format writing into the
//! staging folder, and each table's summary is taken as they pass. Then a describer writes the
//! descriptions (data package, codebook, …) beside the tables, the pipeline writes `SHA256SUMS`,
//! and the gate reads everything back while the files are flushed to disk. The staging folder
//! is given back gated; the caller commits it (the commands do) or drops it (`check`).

use crate::error::Error;
use crate::export::parts::Split;
use crate::export::threads::{Encoders, Target};
use crate::export::{Hashes, TableFormat, TableMeta, TableSummary, write_sums};
use crate::gate;
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::sorter::Sorter;
use crate::tables::{Cells, TableSpec};

/// What every table is written as, and how its rows travel.
pub(crate) struct Pipeline<'a> {
    /// The tables, in order.
    pub(crate) specs: &'a [TableSpec],
    /// The formats to write.
    pub(crate) formats: &'a [Box<dyn TableFormat>],
    /// The dataset's name, which names the file of a format holding every table.
    pub(crate) name: &'a str,
    /// The dataset's metadata, for the formats whose files carry it.
    pub(crate) dataset: Option<&'a DatasetMetadata>,
    /// The dataset's description as (key, value) pairs (see [`crate::describe::about`]).
    pub(crate) about: &'a [(String, String)],
    /// The most bytes of rows each table's sorter holds before spilling to disk; `None` when
    /// the rows come in key order and need no sorting.
    pub(crate) sort_budget: Option<usize>,
    /// How many threads the gate reads back on.
    pub(crate) threads: usize,
    /// How many rows one file of a table may hold before the table is a folder of parts.
    pub(crate) split: Split,
}

/// What was written of every table into the staging folder.
pub(crate) struct WrittenTables {
    /// What each file holds, by path.
    hashes: Hashes,
    /// What was written of each table, in order.
    pub(crate) summaries: Vec<TableSummary>,
    /// An encoder's error: it stopped the encoding, not the producing, and forbids publishing.
    failed: Option<Error>,
}

/// Looks at (and may change) each batch of a table's rows, by the table's index, as it leaves
/// its sorter for the encoders: a producer's way to see the rows in key order.
pub(crate) type Observe<'o> = dyn FnMut(usize, &mut Vec<Cells>) + 'o;

/// Where a producer pushes rows.
pub(crate) struct Feed<'f, 's, 'scope> {
    sorters: Option<Vec<Sorter<'s>>>,
    out: Out<'f, 'scope>,
}

/// The end of the feed: the observer, the summaries and the encoders.
struct Out<'f, 'scope> {
    observe: &'f mut Observe<'f>,
    summaries: Vec<TableSummary>,
    encoders: Option<Encoders<'scope>>,
    failed: Option<Error>,
}

impl Out<'_, '_> {
    /// Sends sorted rows of table `t` on to every format.
    fn emit(&mut self, t: usize, mut rows: Vec<Cells>) {
        (self.observe)(t, &mut rows);
        self.summaries[t].observe(&rows);
        if let Some(encoders) = self.encoders.as_mut()
            && let Err(error) = encoders.write(t, rows)
        {
            self.failed = Some(error);
            self.encoders = None;
        }
    }
}

impl Feed<'_, '_, '_> {
    /// Adds rows of table `t`, in any order when the pipeline sorts, else in key order.
    pub(crate) fn push(&mut self, t: usize, rows: Vec<Cells>) -> Result<(), Error> {
        if let Some(sorters) = &mut self.sorters {
            return sorters[t].push(rows);
        }
        self.out.emit(t, rows);
        Ok(())
    }

    /// Sends on, in order, the rows of table `t` waiting in its sorter whose leading id is below
    /// `watermark` (see [`Sorter::release`]).
    pub(crate) fn release(&mut self, t: usize, watermark: Option<&str>) -> Result<(), Error> {
        let Some(sorters) = &mut self.sorters else {
            return Ok(());
        };
        let out = &mut self.out;
        sorters[t].release(watermark, &mut |rows| {
            out.emit(t, rows);
            Ok(())
        })
    }

    /// Sends on every row still waiting: the producer calls it once every row was pushed and
    /// all are fit to publish (rows left waiting are thrown away with the sorters).
    pub(crate) fn drain(&mut self) -> Result<(), Error> {
        let Some(sorters) = self.sorters.take() else {
            return Ok(());
        };
        let out = &mut self.out;
        for (t, sorter) in sorters.into_iter().enumerate() {
            sorter.finish(&mut |rows| {
                out.emit(t, rows);
                Ok(())
            })?;
        }
        Ok(())
    }
}

impl Pipeline<'_> {
    /// Opens every table's files in `staging`, runs `produce` with the feed they are written
    /// through (each batch seen by `observe` as it leaves the sorters), and closes the files;
    /// gives what `produce` gave and what was written.
    pub(crate) fn write<T>(
        &self,
        staging: &Staging,
        observe: &mut Observe<'_>,
        produce: impl FnOnce(&mut Feed<'_, '_, '_>) -> Result<T, Error>,
    ) -> Result<(T, WrittenTables), Error> {
        let scratch = self.sort_budget.map(|_| staging.scratch()).transpose()?;
        let metas: Vec<TableMeta<'_>> = self.specs.iter().map(TableMeta::of).collect();
        let target = Target {
            formats: self.formats,
            name: self.name,
            dataset: self.dataset,
            about: self.about,
            split: self.split,
        };
        std::thread::scope(|scope| {
            let sorters = self.sort_budget.zip(scratch.as_ref()).map(|(budget, dir)| {
                self.specs
                    .iter()
                    .map(|s| Sorter::new(s, budget, dir.path()))
                    .collect()
            });
            let mut feed = Feed {
                sorters,
                out: Out {
                    observe,
                    summaries: self.specs.iter().map(TableSummary::new).collect(),
                    encoders: Some(Encoders::spawn(scope, staging, target, &metas)?),
                    failed: None,
                },
            };
            let produced = produce(&mut feed)?;
            let Out {
                summaries,
                encoders,
                failed,
                ..
            } = feed.out;
            let (hashes, failed) = match (encoders, failed) {
                (Some(encoders), None) => match encoders.finish() {
                    Ok(hashes) => (hashes, None),
                    Err(error) => (Hashes::new(), Some(error)),
                },
                (_, failed) => (Hashes::new(), failed),
            };
            Ok((
                produced,
                WrittenTables {
                    hashes,
                    summaries,
                    failed,
                },
            ))
        })
    }

    /// Has `describe` write the descriptions of what was `written` into `staging` (adding each
    /// file to the hashes it is given), writes `SHA256SUMS`, and holds every file to the gate
    /// while they are flushed to disk; gives the staging folder back, ready to commit.
    pub(crate) fn publish(
        &self,
        staging: Staging,
        written: WrittenTables,
        describe: impl FnOnce(&Staging, &[TableSummary], &mut Hashes) -> Result<(), Error>,
    ) -> Result<Staging, Error> {
        if let Some(error) = written.failed {
            return Err(error);
        }
        let mut hashes = written.hashes;
        let mut summaries = written.summaries;
        for summary in &mut summaries {
            let n = self.split.rows_per_file();
            summary.parts = self
                .split
                .splits(summary.rows)
                .then(|| (summary.rows.div_ceil(n), n));
        }
        describe(&staging, &summaries, &mut hashes)?;
        write_sums(&staging, &hashes)?;
        let expected: Vec<gate::Expected<'_>> = self
            .specs
            .iter()
            .zip(&summaries)
            .map(|(spec, summary)| gate::Expected {
                name: &spec.name,
                rows: summary.rows,
                columns: &spec.columns,
                primary_key: &spec.primary_key,
                foreign_keys: &spec.foreign_keys,
                split: self.split,
            })
            .collect();
        // The files are flushed to disk while the gate reads them back: the one waits on the
        // disk, the other on the processor.
        std::thread::scope(|scope| {
            let syncing = scope.spawn(|| staging.sync());
            let gated = gate::check(
                staging.path(),
                (&expected, self.formats),
                &hashes,
                self.threads,
            );
            let synced = syncing.join().unwrap_or_else(|_| {
                Err(Error::Internal("the thread flushing files panicked".into()))
            });
            gated.and(synced)
        })?;
        Ok(staging)
    }
}
