//! The streaming build: the seeds are checked part by part on every core, each checked part is
//! turned into sorted table rows on the thread that checked it, and the rows are fed to the
//! pipeline (`pipeline`), released from each table's sorter as soon as no later part can hold a
//! smaller key. Only the index of ids, the rows waiting for their turn and the files' buffers are
//! held in memory, so memory stays flat as the seeds grow. The dataset's descriptions (explorer
//! page, data package, codebook, Croissant file, card, the articles' texts) follow, then the gate;
//! the caller commits the staging folder.

use std::path::Path;

use crate::describe::finish_package;
use crate::describe::sources::{self, Article};
use crate::error::Error;
use crate::export::parts::Split;
use crate::export::{Hashes, TableFormat, TableSummary, formats};
use crate::model::metadata::DatasetMetadata;
use crate::output::{Protect, Staging};
use crate::pipeline::Pipeline;
use crate::spill::Spill;
use crate::tables::TableSpec;
use crate::tables::registry::{rows, specs};
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
    pub(crate) metadata: Option<DatasetMetadata>,
    /// The articles of the `sources` table, when the seeds were valid.
    pub(crate) articles: Vec<Article>,
}

/// Checks the seeds under `root` and writes the published dataset into a staging folder for
/// `out`; each table holds at most about `sort_budget` bytes of rows in memory.
pub fn build(
    root: &Path,
    out: &Path,
    options: Options,
    sort_budget: usize,
) -> Result<Build, Error> {
    build_in(
        root,
        out,
        options,
        (sort_budget, Split::default()),
        &formats(),
    )
}

/// As [`build`], writing the tables in `formats` only, each table of more rows than `split`
/// allows in a file as a folder of parts; the data package, codebook, Croissant file and
/// checksums describe only what was written.
pub fn build_in(
    root: &Path,
    out: &Path,
    options: Options,
    (sort_budget, split): (usize, Split),
    formats: &[Box<dyn TableFormat>],
) -> Result<Build, Error> {
    let staging = Staging::new(out, &[Protect::Seeds(root)])?;
    let scratch = staging.scratch()?;
    let budget = options.index_budget(scratch.path());
    let plan = plan::plan(options.seeds(root), options.threads, budget)?;
    let loaded = validate::metadata::read(options.seeds(root))?;
    // The metadata labels the files as they are written; without it nothing is published.
    let metadata = loaded.metadata.clone();
    let about = metadata
        .as_ref()
        .map(crate::describe::about)
        .unwrap_or_default();
    let specs = specs()?;
    let marks: Vec<_> = specs.iter().map(|s| plan.watermarks(&s.owners)).collect();
    let pipeline = Pipeline {
        specs,
        formats,
        name: metadata.as_ref().map_or("dataset", |m| m.name.as_str()),
        dataset: metadata.as_ref(),
        about: &about,
        sort_budget: Some(sort_budget),
        threads: options.threads,
        split,
    };
    // The articles the descriptions list, kept on disk until the tables are written.
    let mut articles = Spill::new(scratch.path())?;
    let mut keep = sources::keeper(specs, &mut articles);
    let (validation, written) = pipeline.write(&staging, &mut keep, |feed| {
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
                    feed.push(t, table)?;
                    feed.release(t, marks[t][p].as_deref())?;
                }
                Ok(())
            })?;
        if validation.report.is_empty() {
            feed.drain()?;
        }
        Ok(validation)
    })?;
    if !validation.report.is_empty() {
        return Ok(Build {
            validation,
            staging: None,
            metadata: None,
            articles: Vec::new(),
        });
    }
    drop(keep);
    let articles = articles.read()?;
    // The id index's files go before the folder holding them, and before the output is described.
    drop((plan, scratch));
    let Some(metadata) = pipeline.dataset else {
        return Err(Error::Internal(
            "the seeds are valid but their metadata was not kept".into(),
        ));
    };
    let staging = pipeline.publish(staging, written, |staging, summaries, hashes| {
        describe(
            staging,
            (root, metadata, formats),
            (specs, summaries),
            &articles,
            hashes,
        )
    })?;
    Ok(Build {
        validation,
        staging: Some(staging),
        metadata: Some(metadata.clone()),
        articles,
    })
}

/// Writes the dataset's descriptions beside its tables in `staging`: the texts of `articles`, the
/// explorer page (when the JSON tables it is made from were written), the data package, the
/// codebook, the Croissant file and the card.
fn describe(
    staging: &Staging,
    (root, metadata, formats): (&Path, &DatasetMetadata, &[Box<dyn TableFormat>]),
    (specs, summaries): (&[TableSpec], &[TableSummary]),
    articles: &[Article],
    hashes: &mut Hashes,
) -> Result<(), Error> {
    sources::publish(staging, root, articles, hashes)?;
    if formats
        .iter()
        .any(|f| f.folder() == crate::export::json::Json.folder())
    {
        crate::site::publish(staging, root, summaries, hashes)?;
    }
    finish_package(
        staging,
        (metadata, formats),
        (specs, summaries),
        articles,
        hashes,
    )
}
