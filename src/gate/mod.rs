//! The last gate before publishing: the files written into a staging folder are read back and
//! held to the promises the data package makes of them — every file holds the very bytes the
//! build wrote (their size and check hash, taken as they were written); `SHA256SUMS` lists each
//! with the SHA-256 of those bytes, and so, with their sizes, do `datapackage.json` and
//! `croissant.json`; every format holds the number of rows the build wrote for each table;
//! primary keys are unique and not null; and every foreign key resolves (a generic child
//! table's to its parent by every column of the parent's key). Validation comes first; this is
//! the second line of defence, so a failure here is a bug of the tool, reported as an internal
//! error, and the folder is never swapped in.

mod described;
mod keys;

use keys::KeyFiles;

use std::collections::{BTreeMap, HashMap};
use std::io::BufReader;
use std::path::Path;

use crate::columns::Column;
use crate::error::Error;
use crate::export::{Layout, Split, TableFormat};
use crate::hash::{CheckingReader, Hashes};
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
    /// The table's columns, in order (the types of the keys read back from a text format).
    pub(crate) columns: &'a [Column],
    /// The columns whose values identify a row (none: nothing to check).
    pub(crate) primary_key: &'a [String],
    /// The columns that refer to other tables' keys (a generic child table's to its parent's,
    /// by every column of a composite key).
    pub(crate) foreign_keys: &'a [ForeignKey],
    /// How many rows a file of the table holds at most: more, and it is a folder of parts.
    pub(crate) split: Split,
}

impl Expected<'_> {
    /// The table's files in `format` (its one file, or its parts in order), each with the rows
    /// it must hold.
    pub(crate) fn files(&self, format: &dyn TableFormat) -> Vec<(String, usize)> {
        self.split.files(self.name, format, self.rows)
    }
}

/// Checks the output folder `dir` (not yet published) against what the build `written` into it
/// in `formats`, its checksums and `tables`, on `threads` threads; every broken promise is named
/// in one [`Error::Internal`].
pub(crate) fn check(
    dir: &Path,
    (tables, formats): (&[Expected<'_>], &[Box<dyn TableFormat>]),
    written: &Hashes,
    threads: usize,
) -> Result<(), Error> {
    // Reading back waits on the disk and checking the keys on the processor: side by side.
    let (read, keyed) = std::thread::scope(|scope| {
        // The keys are read from the Parquet files, else from a text format; a database checks
        // its own keys.
        let source = keys::source(formats);
        let keyed = scope.spawn(move || match source {
            Some(format) => keys::check(KeyFiles { dir, format }, tables, threads),
            None => Ok(Vec::new()),
        });
        let read = read_back(dir, (tables, formats), written, threads);
        let keyed = keyed
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the key check panicked".into())));
        (read, keyed)
    });
    let mut problems = read?;
    problems.extend(described::check(dir, written)?);
    problems.extend(keyed?);
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

/// Reads every file below `dir` once, on `threads` threads: each is held to what the build
/// `written` (size and check hash) and to `SHA256SUMS` (the SHA-256 of what was written), and each
/// table file's rows are counted by its format and held to the rows the build wrote. Gives every
/// file that is unlisted, missing, changed or short of rows.
fn read_back(
    dir: &Path,
    (tables, formats): (&[Expected<'_>], &[Box<dyn TableFormat>]),
    written: &Hashes,
    threads: usize,
) -> Result<Vec<String>, Error> {
    let path = dir.join(SUMS);
    let text = std::fs::read_to_string(&path).map_err(Error::io(&path, "read"))?;
    let mut problems = Vec::new();
    let listed = crate::output::sums::parse(&text).unwrap_or_else(|line| {
        problems.push(format!("{SUMS}: line `{line}` is not `<sha256>  <path>`"));
        BTreeMap::new()
    });
    let table_files = table_files(tables, formats);
    let present: Vec<String> = files(dir)?.into_iter().filter(|r| r != SUMS).collect();
    let databases = databases(&present, formats, &mut problems);
    // The largest files first, so that the threads finish together.
    let mut order: Vec<(u64, usize)> = present
        .iter()
        .enumerate()
        .map(|(i, rel)| (std::fs::metadata(dir.join(rel)).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    for rel in listed.keys().filter(|r| present.binary_search(r).is_err()) {
        problems.push(format!("{rel} is listed in {SUMS} but missing"));
    }
    for (rel, &(t, _, _)) in &table_files {
        if present.binary_search(rel).is_err() && !listed.contains_key(rel) {
            let table = tables[t].name;
            problems.push(format!("{rel}, a file of table {table}, was not written"));
        }
    }
    crate::parallel::map_ordered(
        order.len(),
        threads,
        |j| {
            let rel = &present[order[j].1];
            let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
            let read = match (table_files.get(rel), databases.get(rel)) {
                (Some(&(t, f, _)), _) => Held::Table(t, formats[f].as_ref()),
                (None, Some(&f)) => Held::Tables(&names, formats[f].as_ref()),
                (None, None) => Held::Nothing,
            };
            check_and_count(&dir.join(rel), read)
        },
        |j, ((check, bytes), counted)| {
            let rel = &present[order[j].1];
            match (listed.get(rel), written.get(rel)) {
                (None, _) => problems.push(format!("{rel} is not listed in {SUMS}")),
                (Some(_), None) => problems.push(format!("{rel} was not written by the build")),
                (Some(want), Some(w)) if *want != w.sha256 => problems.push(format!(
                    "{rel} was written with SHA-256 {}, but {SUMS} says {want}",
                    w.sha256
                )),
                (Some(_), Some(w)) if (check, bytes) != (w.check, w.bytes) => {
                    problems.push(format!(
                        "{rel} changed after it was written: {bytes} bytes read back with check \
                         hash {check:016x}, {} bytes written with {:016x}",
                        w.bytes, w.check
                    ));
                }
                _ => {}
            }
            match counted {
                Some(Ok(counts)) => {
                    for (t, rows) in counts {
                        // A table's file, or one of its parts, holds its own share of the rows.
                        let share = table_files.get(rel).map(|&(_, _, share)| share);
                        let (name, want) = (tables[t].name, share.unwrap_or(tables[t].rows) as u64);
                        if rows != want {
                            let what = if databases.contains_key(rel) {
                                format!("{rel}, table {name},")
                            } else {
                                rel.clone()
                            };
                            problems
                                .push(format!("{what} holds {rows} rows, but {want} were written"));
                        }
                    }
                }
                Some(Err(e)) => problems.push(format!("{rel} cannot be read back: {e}")),
                None => {}
            }
            Ok(())
        },
    )?;
    problems.sort();
    Ok(problems)
}

/// The files of each table in each format writing a file per table (one, or each of its
/// parts), with the indices of the table and the format and the rows the file must hold.
fn table_files(
    tables: &[Expected<'_>],
    formats: &[Box<dyn TableFormat>],
) -> HashMap<String, (usize, usize, usize)> {
    let mut table_files = HashMap::new();
    for (t, table) in tables.iter().enumerate() {
        for (f, format) in formats.iter().enumerate() {
            if format.layout() == Layout::FilePerTable {
                for (rel, rows) in table.files(format.as_ref()) {
                    table_files.insert(rel, (t, f, rows));
                }
            }
        }
    }
    table_files
}

/// The files of the formats that hold every table in one file (by its folder and extension),
/// each with its format's index; a missing one is a problem.
fn databases(
    present: &[String],
    formats: &[Box<dyn TableFormat>],
    problems: &mut Vec<String>,
) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    for (f, format) in formats.iter().enumerate() {
        if format.layout() != Layout::OneFile {
            continue;
        }
        let (folder, extension) = (format!("{}/", format.folder()), format.extension());
        let files: Vec<&String> = present
            .iter()
            .filter(|r| r.starts_with(&folder) && r.ends_with(&format!(".{extension}")))
            .collect();
        if files.is_empty() {
            problems.push(format!(
                "{folder}, the {extension} file of every table, was not written"
            ));
        }
        found.extend(files.into_iter().map(|r| (r.clone(), f)));
    }
    found
}

/// What a file holds: one table in a format, every table in a format, or no table.
#[derive(Clone, Copy)]
enum Held<'a> {
    Table(usize, &'a dyn TableFormat),
    Tables(&'a [&'a str], &'a dyn TableFormat),
    Nothing,
}

/// A file read back: its check hash and size, and, for a table file, the rows of each table it
/// holds (by index) as its format counts them (or why they cannot be counted).
type ReadBack = ((u64, u64), Option<Result<Vec<(usize, u64)>, String>>);

/// The check hash and size of the file at `path` and the rows of the tables it holds as its
/// format counts them: a file per table from the same read, a file of every table on its own.
fn check_and_count(path: &Path, held: Held<'_>) -> Result<ReadBack, Error> {
    let file = std::fs::File::open(path).map_err(Error::io(path, "read"))?;
    let mut reader = BufReader::with_capacity(1 << 20, CheckingReader::new(file));
    let counted = match held {
        Held::Table(t, format) => {
            let rows = format
                .indexed_rows(path)
                .unwrap_or_else(|| format.count_rows(&mut reader));
            Some(rows.map(|n| vec![(t, n)]))
        }
        Held::Tables(names, format) => Some(
            format
                .count_tables(path, names)
                .map(|counts| counts.into_iter().enumerate().collect()),
        ),
        Held::Nothing => None,
    };
    std::io::copy(&mut reader, &mut std::io::sink()).map_err(Error::io(path, "read"))?;
    Ok((reader.get_ref().finish(), counted))
}

#[cfg(test)]
mod tests;
