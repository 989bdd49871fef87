//! `seedtool diff OLD NEW`: what changed between two output folders, table by table. Each
//! folder's `datapackage.json` names the tables, their columns and primary keys; the Parquet
//! files are read batch by batch and, as both are sorted by the primary key, merged in one pass,
//! so memory holds a batch of each side whatever their size. A row whose key is on one side only
//! is added or removed (a changed key is both); a row on both sides whose cells differ is
//! changed. Columns added or removed, or retyped, are schema changes. The findings of each table
//! wait in a temporary file until they are rendered (`render`), and the version bump they call for
//! is suggested (`version`).

mod package;
pub mod render;
mod stream;
pub mod version;

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::Error;
use package::{Package, TableInfo};
use stream::Stream;
pub use version::Bump;

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
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
    /// The findings in key order, one JSON line each, tagged `+`, `-` or `~` (see [`Entry`]).
    entries: File,
}

/// One finding, as it waits in a table's temporary file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
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
        mut each: impl FnMut(Entry) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let io = Error::io("a temporary file", "read");
        self.entries.rewind().map_err(io)?;
        for line in BufReader::new(&self.entries).lines() {
            let line = line.map_err(Error::io("a temporary file", "read"))?;
            let (tag, json) = line.split_at(1);
            let value: Value = serde_json::from_str(json)
                .map_err(|e| Error::Internal(format!("a diff entry does not read back: {e}")))?;
            each(match tag {
                "+" => Entry::Added(value),
                "-" => Entry::Removed(value),
                _ => Entry::Changed(value),
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
pub fn diff(old: &Path, new: &Path, options: &Options) -> Result<Diff, Error> {
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
            tables.push(table_diff(name, (old, new), sides)?);
        }
    }
    let sums = |dir: &Path| std::fs::read(dir.join(crate::output::sums::SUMS_FILE)).ok();
    let (a, b) = (sums(old), sums(new));
    Ok(Diff {
        tables,
        versions: (before.version, after.version),
        files_differ: a.is_none() || a != b,
        filtered: !options.tables.is_empty(),
    })
}

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

fn table_diff(
    name: &str,
    (old_dir, new_dir): (&Path, &Path),
    (old, new): (Option<&TableInfo>, Option<&TableInfo>),
) -> Result<TableDiff, Error> {
    let (schema_changes, matched) = schema_changes(old, new);
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

/// Orders two keys as the build sorts them: integers by value, text by its bytes.
#[must_use]
pub(crate) fn compare_keys(a: &[&Value], b: &[&Value]) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            _ => 4,
        }
    }
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (Value::Number(m), Value::Number(n)) => match (m.as_i64(), n.as_i64()) {
                (Some(m), Some(n)) => m.cmp(&n),
                _ => m
                    .as_f64()
                    .partial_cmp(&n.as_f64())
                    .unwrap_or(Ordering::Equal),
            },
            (Value::String(s), Value::String(t)) => s.as_bytes().cmp(t.as_bytes()),
            (Value::Bool(p), Value::Bool(q)) => p.cmp(q),
            _ => rank(x).cmp(&rank(y)),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_as_the_build_sorts_them() {
        let (two, ten) = (json!(2), json!(10));
        assert_eq!(compare_keys(&[&two], &[&ten]), Ordering::Less);
        let (a, b) = (json!("B"), json!("a"));
        assert_eq!(compare_keys(&[&a], &[&b]), Ordering::Less);
        let (x, one) = (json!("x"), json!(1));
        assert_eq!(compare_keys(&[&x, &ten], &[&x, &one]), Ordering::Greater);
    }

    #[test]
    fn a_retyped_column_and_a_new_key_are_breaking_and_a_new_column_is_not() {
        let info = |fields: &[(&str, &str)], key: &[&str]| TableInfo {
            name: "t".into(),
            primary_key: key.iter().map(|k| (*k).to_owned()).collect(),
            fields: fields
                .iter()
                .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect(),
            path: "parquet/t.parquet".into(),
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
