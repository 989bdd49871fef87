//! The streaming build: the seeds are checked part by part on every core, each checked part is
//! turned into sorted table rows on the thread that checked it, and the rows flow through
//! per-table sorters to one encoding thread per format, which writes the JSON, NDJSON, CSV and
//! Parquet files of a staging folder. Only the index of ids, the rows waiting for their turn and
//! the files' buffers are held in memory, so memory stays flat as the seeds grow. The gate then
//! reads the written files back before the folder is published.

use std::path::Path;

use crate::error::Error;
use crate::export::threads::Encoders;
use crate::export::threads::Target;
use crate::export::{Hashes, TableFormat, TableMeta, TableSummary, finish_package, formats};
use crate::gate;
use crate::model::metadata::DatasetMetadata;
use crate::output::{Protect, Staging};
use crate::tables::registry::{rows, specs};
use crate::tables::sorter::Sorter;
use crate::validate::{self, Options, Validation, plan};

/// The most bytes of rows one table keeps waiting in memory before it spills them to disk.
pub const SORT_BUDGET: usize = 24 << 20;

/// What a build gives: the validation, and the staging folder holding every published file
/// when the seeds were valid (commit it to publish, drop it to discard).
pub struct Build {
    /// Every problem found.
    pub validation: Validation,
    /// The published files, not yet in place.
    pub staging: Option<Staging>,
    /// The dataset's metadata, when the seeds were valid.
    pub(crate) metadata: Option<crate::model::metadata::DatasetMetadata>,
    /// The articles of the `sources` table, when the seeds were valid.
    pub(crate) articles: Vec<crate::export::sources::Article>,
}

/// Checks the seeds under `root` and writes the published dataset into a staging folder for
/// `out`; each table holds at most about `sort_budget` bytes of rows in memory.
pub fn build(
    root: &Path,
    out: &Path,
    options: Options,
    sort_budget: usize,
) -> Result<Build, Error> {
    build_in(root, out, options, sort_budget, &formats())
}

/// As [`build`], writing the tables in `formats` only; the data package, codebook, Croissant
/// file and checksums describe only what was written.
pub fn build_in(
    root: &Path,
    out: &Path,
    options: Options,
    sort_budget: usize,
    formats: &[Box<dyn TableFormat>],
) -> Result<Build, Error> {
    let staging = Staging::new(out, &[Protect::Seeds(root)])?;
    let scratch = staging.scratch()?;
    let budget = options.index_budget(scratch.path());
    let plan = plan::plan(root, options.max_file_size, options.threads, budget)?;
    let loaded = validate::metadata::read(root, options.max_file_size)?;
    // The metadata labels the files as they are written; without it nothing is published.
    let metadata = loaded.metadata.clone();
    let specs = specs()?;
    let marks: Vec<_> = specs.iter().map(|s| plan.watermarks(&s.owners)).collect();
    let metas: Vec<TableMeta<'_>> = specs.iter().map(TableMeta::of).collect();
    let mut summaries: Vec<TableSummary> = specs.iter().map(TableSummary::new).collect();
    let (validation, mut hashes) = std::thread::scope(|scope| -> Result<_, Error> {
        let target = Target {
            formats,
            name: metadata.as_ref().map_or("dataset", |m| m.name.as_str()),
            dataset: metadata.as_ref(),
        };
        let mut encoders = Encoders::spawn(scope, &staging, target, &metas)?;
        let mut sorters: Vec<Sorter<'_>> = specs
            .iter()
            .map(|s| Sorter::new(s, sort_budget, scratch.path()))
            .collect();
        let mut emit = |t: usize, batch: Vec<_>| {
            summaries[t].observe(&batch);
            encoders.write(t, batch)
        };
        let prepare = |checked| {
            let mut tables = rows(&checked)?;
            for (spec, table) in specs.iter().zip(&mut tables) {
                spec.sort(table);
            }
            Ok(tables)
        };
        let validation =
            validate::check_parts(root, &plan, options, loaded, prepare, |p, tables| {
                for (t, table) in tables.into_iter().enumerate() {
                    sorters[t].push(table)?;
                    sorters[t].release(marks[t][p].as_deref(), &mut |batch| emit(t, batch))?;
                }
                Ok(())
            })?;
        if validation.report.is_empty() {
            for (t, sorter) in sorters.into_iter().enumerate() {
                sorter.finish(&mut |batch| emit(t, batch))?;
            }
        }
        let hashes = encoders.finish()?;
        Ok((validation, hashes))
    })?;
    if !validation.report.is_empty() {
        return Ok(Build {
            validation,
            staging: None,
            metadata: None,
            articles: Vec::new(),
        });
    }
    let metadata = metadata.ok_or_else(|| {
        Error::Internal("the seeds are valid but their metadata was not kept".into())
    })?;
    drop(plan);
    drop(scratch);
    let articles = crate::export::sources::articles(specs, &summaries);
    crate::export::sources::publish(&staging, root, &articles, &mut hashes)?;
    describe_and_gate(
        &staging,
        (root, &metadata, formats),
        &summaries,
        &mut hashes,
        options.threads,
    )?;
    Ok(Build {
        validation,
        staging: Some(staging),
        metadata: Some(metadata),
        articles,
    })
}

/// Writes the explorer page (when the JSON tables it is made from were written) and the
/// package's files beside the tables in `staging`, then holds them all to the gate.
fn describe_and_gate(
    staging: &Staging,
    (root, metadata, formats): (&Path, &DatasetMetadata, &[Box<dyn TableFormat>]),
    summaries: &[TableSummary],
    hashes: &mut Hashes,
    threads: usize,
) -> Result<(), Error> {
    let specs = specs()?;
    if formats
        .iter()
        .any(|f| f.folder() == crate::export::json::Json.folder())
    {
        crate::site::publish(staging, root, summaries, hashes)?;
    }
    finish_package(staging, (metadata, formats), specs, summaries, hashes)?;
    gate_and_sync(staging, (specs, formats), summaries, hashes, threads)
}

/// Holds the files written in `staging` (as `written` says) to the gate while they are flushed
/// to disk.
fn gate_and_sync(
    staging: &Staging,
    (specs, formats): (&[crate::tables::TableSpec], &[Box<dyn TableFormat>]),
    summaries: &[TableSummary],
    written: &Hashes,
    threads: usize,
) -> Result<(), Error> {
    let expected: Vec<gate::Expected<'_>> = specs
        .iter()
        .zip(summaries)
        .map(|(spec, summary)| gate::Expected {
            name: &spec.name,
            rows: summary.rows,
            primary_key: &spec.primary_key,
            foreign_keys: &spec.foreign_keys,
            parent: None,
        })
        .collect();
    // The files are flushed to disk while the gate reads them back: the one waits on the disk,
    // the other on the processor.
    std::thread::scope(|scope| {
        let syncing = scope.spawn(|| staging.sync());
        let gated = gate::check(staging.path(), (&expected, formats), written, threads);
        let synced = syncing
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the thread flushing files panicked".into())));
        gated.and(synced)
    })
}

/// The citation of the seeds under `root`: the metadata file's, with a reference to every
/// article of the `sources` table, which a build into a folder thrown away gives (so the seeds
/// are checked first, and invalid seeds get no citation).
pub fn citation(root: &Path, options: Options) -> Result<crate::export::citation::Citation, Error> {
    let scratch =
        tempfile::tempdir().map_err(Error::io(std::env::temp_dir(), "create a folder in"))?;
    let built = build(root, &scratch.path().join("dist"), options, SORT_BUDGET)?;
    if built.metadata.is_none() {
        return Ok(crate::export::citation::Citation {
            validation: built.validation,
            text: None,
        });
    }
    crate::export::citation::citation(root, options, &built.articles)
}
