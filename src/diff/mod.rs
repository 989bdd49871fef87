//! `seedtool diff OLD NEW`: what changed between two output folders, table by table. Each
//! folder's `datapackage.json` names the tables, their columns and primary keys; the Parquet
//! files are read batch by batch and, as both are sorted by the primary key, merged in one pass,
//! so memory holds a batch of each side whatever their size. A row whose key is on one side only
//! is added or removed (a changed key is both); a row on both sides whose cells differ is
//! changed. Columns added or removed, or retyped, are schema changes. The findings of each table
//! wait in a temporary file until they are rendered (`render`), and the version bump they call for
//! is suggested (`version`).

mod merge;
mod package;
pub mod render;
mod stream;
pub mod version;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek};
use std::path::Path;

use serde_json::Value;

use crate::error::Error;
use package::{Package, TableInfo};
pub use version::Bump;

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Only these tables; every table when empty.
    pub tables: Vec<String>,
}

/// Whether a schema change only adds (a minor version) or may break a reader (a major one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// Something added: a table or a column.
    Addition,
    /// Something removed or changed: a table, a column, a column's type, the primary key.
    Breaking,
}

/// A change of a table's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemaChange {
    /// What changed, in words.
    pub(crate) text: String,
    /// Whether it only adds.
    pub(crate) kind: ChangeKind,
}

/// What changed in one table.
#[derive(Debug)]
pub(crate) struct TableDiff {
    /// The table's name.
    pub(crate) name: String,
    /// The columns rows are matched by.
    pub(crate) primary_key: Vec<String>,
    /// Columns (or the table) added, removed or retyped.
    pub(crate) schema_changes: Vec<SchemaChange>,
    /// Rows in OLD.
    pub(crate) rows_before: u64,
    /// Rows in NEW.
    pub(crate) rows_after: u64,
    /// Rows only in NEW.
    pub(crate) added: u64,
    /// Rows only in OLD.
    pub(crate) removed: u64,
    /// Rows in both whose cells differ.
    pub(crate) changed: u64,
    /// Cells that differ in the changed rows.
    pub(crate) cells_changed: u64,
    /// The findings in key order, one JSON line each, tagged `+`, `-` or `~` (see [`Finding`]).
    entries: File,
}

/// One finding, as it waits in a table's temporary file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Finding {
    /// A row only in NEW: `{"key", "row"}`.
    Added(Value),
    /// A row only in OLD: `{"key", "row"}`.
    Removed(Value),
    /// A row in both whose cells differ: `{"key", "changes": {column: {"old", "new"}}}`.
    Changed(Value),
}

impl TableDiff {
    /// Whether anything in the table differs.
    #[must_use]
    pub(crate) fn differs(&self) -> bool {
        self.added + self.removed + self.changed > 0 || !self.schema_changes.is_empty()
    }

    /// Calls `each` with every finding, in key order.
    pub(crate) fn for_each(
        &mut self,
        mut each: impl FnMut(Finding) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let io = Error::io("a temporary file", "read");
        self.entries.rewind().map_err(io)?;
        for line in BufReader::new(&self.entries).lines() {
            let line = line.map_err(Error::io("a temporary file", "read"))?;
            let (tag, json) = line.split_at(1);
            let value: Value = serde_json::from_str(json)
                .map_err(|e| Error::Internal(format!("a diff entry does not read back: {e}")))?;
            each(match tag {
                "+" => Finding::Added(value),
                "-" => Finding::Removed(value),
                _ => Finding::Changed(value),
            })?;
        }
        Ok(())
    }
}

/// What changed between two output folders.
#[derive(Debug)]
pub struct Diff {
    /// Each table compared, in NEW's order, then those only in OLD.
    pub(crate) tables: Vec<TableDiff>,
    /// The dataset versions of OLD and NEW.
    pub(crate) versions: (Option<String>, Option<String>),
    /// Whether any file differs at all (their `SHA256SUMS` differ).
    pub(crate) files_differ: bool,
    /// Whether only some tables were compared.
    pub(crate) filtered: bool,
}

impl Diff {
    /// Whether anything differs: a row, a column, or any other file (metadata).
    #[must_use]
    pub fn differs(&self) -> bool {
        self.files_differ || self.tables.iter().any(TableDiff::differs)
    }

    /// The version bump the differences call for.
    #[must_use]
    pub fn bump(&self) -> Bump {
        version::bump(self)
    }
}

/// Compares the output folders `old` and `new`.
pub fn diff(old: &Path, new: &Path, options: &DiffOptions) -> Result<Diff, Error> {
    let (before, after) = (Package::read(old)?, Package::read(new)?);
    let mut names: Vec<&str> = after.tables.iter().map(|t| t.name.as_str()).collect();
    names.extend(
        before
            .tables
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| after.table(n).is_none()),
    );
    for wanted in &options.tables {
        if !names.contains(&wanted.as_str()) {
            return Err(Error::Usage(format!(
                "no table `{wanted}` in {} or {}; the tables are {}",
                old.display(),
                new.display(),
                names.join(", ")
            )));
        }
    }
    let mut tables = Vec::new();
    for name in names {
        if options.tables.is_empty() || options.tables.iter().any(|t| t == name) {
            let sides = (before.table(name), after.table(name));
            tables.push(merge::table_diff(name, (old, new), sides)?);
        }
    }
    let relaid = parted(&before) != parted(&after);
    let (a, b) = (other_files(old, relaid), other_files(new, relaid));
    Ok(Diff {
        tables,
        versions: (before.version, after.version),
        files_differ: a.is_none() || a != b,
        filtered: !options.tables.is_empty(),
    })
}

/// The tables written in parts, by name.
fn parted(package: &Package) -> Vec<&str> {
    let mut names: Vec<&str> = package
        .tables
        .iter()
        .filter(|t| t.paths.len() > 1)
        .map(|t| t.name.as_str())
        .collect();
    names.sort_unstable();
    names
}

/// The files `dir`'s `SHA256SUMS` lists with their SHA-256, or `None` without one. When the two
/// sides lay tables out differently (`relaid`: in parts on one side, in one file on the other),
/// the table files of the formats writing a file per table, whose rows the tables' diffs
/// compare, and the descriptions that name those files are left out: they differ by layout alone.
fn other_files(dir: &Path, relaid: bool) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir.join(crate::output::sums::SUMS_FILE)).ok()?;
    let mut files = crate::output::sums::parse(&text).ok()?;
    if relaid {
        let per_table: Vec<String> = crate::export::formats()
            .iter()
            .filter(|f| f.layout() == crate::export::Layout::FilePerTable)
            .map(|f| format!("{}/", f.folder()))
            .collect();
        files.retain(|rel, _| {
            !per_table
                .iter()
                .any(|folder| rel.starts_with(folder.as_str()))
                && !LAYOUT_DESCRIPTIONS.contains(&rel.as_str())
        });
    }
    Some(files)
}

/// The descriptions that name the tables' files, and so change when the files are laid out
/// differently.
const LAYOUT_DESCRIPTIONS: [&str; 4] = [
    "datapackage.json",
    "croissant.json",
    "CODEBOOK.md",
    "README.md",
];

/// The schema changes from `old` to `new` (either may be missing), and whether rows can still be
/// matched by the primary key.
fn schema_changes(old: Option<&TableInfo>, new: Option<&TableInfo>) -> (Vec<SchemaChange>, bool) {
    let change = |text: String, kind| SchemaChange { text, kind };
    let (old, new) = match (old, new) {
        (Some(old), Some(new)) => (old, new),
        (None, _) => {
            return (
                vec![change("table added".into(), ChangeKind::Addition)],
                false,
            );
        }
        (_, None) => {
            return (
                vec![change("table removed".into(), ChangeKind::Breaking)],
                false,
            );
        }
    };
    let mut changes = Vec::new();
    for (name, ty) in &old.fields {
        match new.fields.iter().find(|(n, _)| n == name) {
            None => changes.push(change(
                format!("column `{name}` removed"),
                ChangeKind::Breaking,
            )),
            Some((_, t)) if t != ty => changes.push(change(
                format!("column `{name}` changed type from {ty} to {t}"),
                ChangeKind::Breaking,
            )),
            Some(_) => {}
        }
    }
    for (name, _) in &new.fields {
        if !old.fields.iter().any(|(n, _)| n == name) {
            changes.push(change(
                format!("column `{name}` added"),
                ChangeKind::Addition,
            ));
        }
    }
    let same_key = old.primary_key == new.primary_key;
    if !same_key {
        changes.push(change(
            format!(
                "primary key changed from ({}) to ({})",
                old.primary_key.join(", "),
                new.primary_key.join(", ")
            ),
            ChangeKind::Breaking,
        ));
    }
    (changes, same_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retyped_column_and_a_new_key_are_breaking_and_a_new_column_is_not() {
        let info = |fields: &[(&str, &str)], key: &[&str]| TableInfo {
            name: "t".into(),
            primary_key: key.iter().map(|k| (*k).to_owned()).collect(),
            fields: fields
                .iter()
                .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect(),
            paths: vec!["parquet/t.parquet".into()],
        };
        let old = info(&[("id", "string"), ("d", "date")], &["id"]);
        let new = info(
            &[("id", "string"), ("d", "string"), ("n", "integer")],
            &["id"],
        );
        let (changes, matched) = schema_changes(Some(&old), Some(&new));
        assert!(matched);
        let kinds: Vec<_> = changes.iter().map(|c| (c.text.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    "column `d` changed type from date to string",
                    ChangeKind::Breaking
                ),
                ("column `n` added", ChangeKind::Addition)
            ]
        );
        let rekeyed = info(&[("id", "string"), ("d", "date")], &["d"]);
        let (changes, matched) = schema_changes(Some(&old), Some(&rekeyed));
        assert!(!matched);
        assert_eq!(changes[0].kind, ChangeKind::Breaking);
    }
}
