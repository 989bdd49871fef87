//! The last gate before publishing: the files written into a staging folder are read back and
//! held to the promises the data package makes of them — `SHA256SUMS` lists every file with the
//! hash of its bytes, every format holds the number of rows the build wrote for each table, primary
//! keys are unique and not null, and every foreign key resolves. Validation comes first; this is
//! the second line of defence, so a failure here is a bug of the tool, reported as an internal
//! error, and the folder is never swapped in.

mod keys;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::export::{formats, table_path};
use crate::hash::sha256_file;
use crate::tables::ForeignKey;

use crate::output::{SUMS_FILE as SUMS, files};

/// How many broken promises an error names before it only counts the rest.
const SHOWN: usize = 20;

/// What a published table must hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expected<'a> {
    /// The table's name.
    pub(crate) name: &'a str,
    /// How many rows the build wrote.
    pub(crate) rows: usize,
    /// The columns whose values identify a row (none: nothing to check).
    pub(crate) primary_key: &'a [String],
    /// The columns that refer to other tables.
    pub(crate) foreign_keys: &'a [ForeignKey],
}

/// Checks the output folder `dir` (not yet published) against its checksums and `tables`, on
/// `threads` threads; every broken promise is named in one [`Error::Internal`].
pub(crate) fn check(dir: &Path, tables: &[Expected<'_>], threads: usize) -> Result<(), Error> {
    let mut problems = sums(dir, threads)?;
    problems.extend(row_counts(dir, tables, threads)?);
    problems.extend(keys::check(dir, tables)?);
    if problems.is_empty() {
        Ok(())
    } else {
        if problems.len() > SHOWN {
            let more = problems.len() - SHOWN;
            problems.truncate(SHOWN);
            problems.push(format!("… and {more} more"));
        }
        Err(Error::Internal(format!(
            "the written output breaks its own promises, so it was not published:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// Every file below `dir` that `SHA256SUMS` does not list, lists but is missing, or lists with
/// another hash than that of the bytes on disk.
fn sums(dir: &Path, threads: usize) -> Result<Vec<String>, Error> {
    let path = dir.join(SUMS);
    let text = std::fs::read_to_string(&path).map_err(Error::io(&path, "read"))?;
    let mut problems = Vec::new();
    let listed = crate::output::sums::parse(&text).unwrap_or_else(|line| {
        problems.push(format!("{SUMS}: line `{line}` is not `<sha256>  <path>`"));
        BTreeMap::new()
    });
    let present = files(dir)?;
    for rel in present.iter().filter(|r| *r != SUMS) {
        if !listed.contains_key(rel) {
            problems.push(format!("{rel} is not listed in {SUMS}"));
        }
    }
    let listed: Vec<(String, String)> = listed.into_iter().collect();
    crate::parallel::map_ordered(
        listed.len(),
        threads,
        |i| {
            let (rel, _) = &listed[i];
            if present.binary_search(rel).is_err() {
                return Ok(None);
            }
            sha256_file(&dir.join(rel)).map(Some)
        },
        |i, actual| {
            let (rel, sha) = &listed[i];
            match actual {
                None => problems.push(format!("{rel} is listed in {SUMS} but missing")),
                Some(actual) if actual != *sha => {
                    problems.push(format!("{rel} has SHA-256 {actual}, but {SUMS} says {sha}"));
                }
                Some(_) => {}
            }
            Ok(())
        },
    )?;
    Ok(problems)
}

/// Every table file whose rows, counted by its format's own reading of it, are not the rows the
/// build wrote.
fn row_counts(dir: &Path, tables: &[Expected<'_>], threads: usize) -> Result<Vec<String>, Error> {
    let formats = formats();
    let jobs: Vec<(usize, usize)> = (0..tables.len())
        .flat_map(|t| (0..formats.len()).map(move |f| (t, f)))
        .collect();
    let mut problems = Vec::new();
    crate::parallel::map_ordered(
        jobs.len(),
        threads,
        |j| {
            let (t, f) = jobs[j];
            let rel = table_path(tables[t].name, formats[f].as_ref());
            Ok((formats[f].count_rows(&dir.join(&rel)), rel))
        },
        |j, (counted, rel)| {
            let expected = tables[jobs[j].0].rows as u64;
            match counted {
                Ok(rows) if rows == expected => {}
                Ok(rows) => problems.push(format!(
                    "{rel} holds {rows} rows, but {expected} were written"
                )),
                Err(e) => problems.push(format!("{rel} cannot be read back: {e}")),
            }
            Ok(())
        },
    )?;
    Ok(problems)
}

#[cfg(test)]
mod tests;
