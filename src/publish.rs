//! The streaming build: the seeds are checked part by part on every core, each checked part is
//! turned into table rows at once, and the rows flow through per-table sorters into the JSON, CSV
//! and Parquet files of a staging folder. Only the index of ids, the rows waiting for their turn
//! and the files' buffers are held in memory, so memory stays flat as the seeds grow.

use std::path::Path;

use crate::error::Error;
use crate::export::{TableFiles, finish_package};
use crate::output::Staging;
use crate::tables::build::{rows, specs};
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
}

/// Checks the seeds under `root` and writes the published dataset into a staging folder for
/// `out`; each table holds at most about `sort_budget` bytes of rows in memory.
pub fn build(
    root: &Path,
    out: &Path,
    options: Options,
    sort_budget: usize,
) -> Result<Build, Error> {
    let plan = plan::plan(root, options.max_file_size, options.threads)?;
    let specs = specs()?;
    let staging = Staging::new(out)?;
    let scratch = staging.scratch()?;
    let marks: Vec<_> = specs.iter().map(|s| plan.watermarks(&s.owners)).collect();
    let mut files = specs
        .iter()
        .map(|s| TableFiles::create(&staging, s))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut sorters: Vec<Sorter<'_>> = specs
        .iter()
        .map(|s| Sorter::new(s, sort_budget, scratch.path()))
        .collect();
    let validation = validate::check_parts(root, &plan, options, |p, checked| {
        for (t, table_rows) in rows(&checked)?.into_iter().enumerate() {
            sorters[t].push(table_rows)?;
            let out = &mut files[t];
            sorters[t].release(marks[t][p].as_deref(), &mut |batch| out.write(batch))?;
        }
        Ok(())
    })?;
    if !validation.report.is_empty() {
        return Ok(Build {
            validation,
            staging: None,
        });
    }
    let mut summaries = Vec::with_capacity(specs.len());
    for (sorter, mut out) in sorters.into_iter().zip(files) {
        sorter.finish(&mut |batch| out.write(batch))?;
        summaries.push(out.finish()?);
    }
    drop(scratch);
    finish_package(&staging, specs, &summaries)?;
    Ok(Build {
        validation,
        staging: Some(staging),
    })
}
