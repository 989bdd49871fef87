//! One table's rows compared: the two sides' key-sorted streams merged into added, removed and
//! changed rows, written to a temporary file of findings.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::{Map, Value, json};

use super::TableDiff;
use super::package::TableInfo;
use super::stream::{Stream, compare_keys};
use crate::error::Error;

/// The rows of table `name` in the two folders compared, with the changes of its schema.
pub(super) fn table_diff(
    name: &str,
    (old_dir, new_dir): (&Path, &Path),
    (old, new): (Option<&TableInfo>, Option<&TableInfo>),
) -> Result<TableDiff, Error> {
    let (schema_changes, matched) = super::schema_changes(old, new);
    let primary_key = new
        .or(old)
        .map(|t| t.primary_key.clone())
        .unwrap_or_default();
    let entries =
        tempfile::tempfile().map_err(Error::io(std::env::temp_dir(), "create a file in"))?;
    let mut merge = Merge {
        out: BufWriter::new(entries),
        diff: Counts::default(),
    };
    let mut before = old.map(|t| Stream::open(old_dir, t)).transpose()?;
    let mut after = new.map(|t| Stream::open(new_dir, t)).transpose()?;
    if matched && let (Some(before), Some(after)) = (&mut before, &mut after) {
        merge.run(before, after)?;
    } else {
        // Rows cannot be matched: every row of OLD is removed and every row of NEW added.
        if let Some(before) = &mut before {
            while let Some(row) = before.next()? {
                merge.one('-', before, &row)?;
            }
        }
        if let Some(after) = &mut after {
            while let Some(row) = after.next()? {
                merge.one('+', after, &row)?;
            }
        }
    }
    let counts = merge.diff;
    let entries = merge
        .out
        .into_inner()
        .map_err(|e| Error::io("a temporary file", "write")(e.into_error()))?;
    Ok(TableDiff {
        name: name.to_owned(),
        primary_key,
        schema_changes,
        rows_before: before.map_or(0, |s| s.rows()),
        rows_after: after.map_or(0, |s| s.rows()),
        added: counts.added,
        removed: counts.removed,
        changed: counts.changed,
        cells_changed: counts.cells,
        entries,
    })
}

#[derive(Debug, Default)]
struct Counts {
    added: u64,
    removed: u64,
    changed: u64,
    cells: u64,
}

/// The merge of two sorted streams of rows into findings.
struct Merge {
    out: BufWriter<File>,
    diff: Counts,
}

impl Merge {
    fn run(&mut self, before: &mut Stream, after: &mut Stream) -> Result<(), Error> {
        let (mut a, mut b) = (before.next()?, after.next()?);
        loop {
            let order = match (&a, &b) {
                (None, None) => return Ok(()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(x), Some(y)) => compare_keys(&before.key(x), &after.key(y)),
            };
            match (order, a.take(), b.take()) {
                (Ordering::Less, Some(x), y) => {
                    self.one('-', before, &x)?;
                    (a, b) = (before.next()?, y);
                }
                (Ordering::Greater, x, Some(y)) => {
                    self.one('+', after, &y)?;
                    (a, b) = (x, after.next()?);
                }
                (_, Some(x), Some(y)) => {
                    self.pair(before, &x, after, &y)?;
                    (a, b) = (before.next()?, after.next()?);
                }
                _ => return Err(Error::Internal("the diff merge lost a row".into())),
            }
        }
    }

    /// A row of one side only: `+` added (from NEW) or `-` removed (from OLD).
    fn one(&mut self, tag: char, side: &Stream, row: &[Value]) -> Result<(), Error> {
        if tag == '+' {
            self.diff.added += 1;
        } else {
            self.diff.removed += 1;
        }
        let entry = json!({ "key": side.key_object(row), "row": side.row_object(row) });
        self.write(tag, &entry)
    }

    /// A row on both sides: changed when a column they share differs.
    fn pair(
        &mut self,
        before: &Stream,
        old: &[Value],
        after: &Stream,
        new: &[Value],
    ) -> Result<(), Error> {
        let mut changes = Map::new();
        for (i, name) in after.columns().iter().enumerate() {
            if let Some(j) = before.columns().iter().position(|c| c == name)
                && old[j] != new[i]
            {
                changes.insert(name.clone(), json!({ "old": old[j], "new": new[i] }));
            }
        }
        if changes.is_empty() {
            return Ok(());
        }
        self.diff.changed += 1;
        self.diff.cells += changes.len() as u64;
        let entry = json!({ "key": after.key_object(new), "changes": changes });
        self.write('~', &entry)
    }

    fn write(&mut self, tag: char, entry: &Value) -> Result<(), Error> {
        writeln!(self.out, "{tag}{entry}").map_err(Error::io("a temporary file", "write"))
    }
}
