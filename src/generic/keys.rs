//! The records' key (`--key`): never null, checked record by record, and unique, checked on the
//! sorted rows as they leave the sorter, where a repeat is next to its first occurrence; so the
//! check holds no more than one key in memory however long the input is.

use serde_json::Value;

use super::plan::{PlannedTable, dotted_pointer};
use crate::diagnostic::short;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::tables::{Cells, TableSpec, compare_cells};

/// How a key's values are shown: `id = "a"`, `a = 1, b = "x"`.
fn show(names: &[String], values: &[&Value]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} = {}", short(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The problem of a record's row `row` of table `table` whose key holds a null, if it does.
pub(super) fn null_key(
    table: &PlannedTable,
    row: Option<&Cells>,
    display: &str,
    prefix: &str,
) -> Option<Diagnostic> {
    let row = row?;
    let column = table
        .primary_key
        .iter()
        .map(|&i| &table.columns[i])
        .zip(table.primary_key.iter().map(|&i| row.get(i)))
        .find(|(_, v)| v.is_none_or(Value::is_null))?
        .0;
    Some(
        Diagnostic::new(
            Rule::Schema,
            display,
            format!("the key column `{}` is missing or null", column.name),
        )
        .at(format!("{prefix}{}", dotted_pointer(&column.name)))
        .found("null")
        .expected(format!(
            "a value: the key ({}) is unique and never null",
            table.key_names().join(", ")
        )),
    )
}

/// The check that sorted rows of the records' table never repeat a key. Each row arrives with
/// its record's number and line appended, which are taken off here.
pub(super) struct Repeats<'s> {
    spec: &'s TableSpec,
    display: &'s str,
    /// Whether records are lines of JSON Lines (else the items of one JSON array).
    lines: bool,
    /// The key, record number and line of the row before.
    previous: Option<(Cells, usize, usize)>,
}

impl<'s> Repeats<'s> {
    /// A check of the rows of `spec`, read from `display`.
    pub(super) fn new(spec: &'s TableSpec, display: &'s str, lines: bool) -> Self {
        Repeats {
            spec,
            display,
            lines,
            previous: None,
        }
    }

    /// Reports every row of `rows` whose key is the row before's, and takes the record's number
    /// and line off every row.
    pub(super) fn check(&mut self, rows: &mut [Cells], report: &mut Report) {
        for row in rows {
            let line = row.pop().and_then(|v| v.as_u64()).unwrap_or(0);
            let number = row.pop().and_then(|v| v.as_u64()).unwrap_or(0);
            let (line, number) = (
                usize::try_from(line).unwrap_or(0),
                usize::try_from(number).unwrap_or(0),
            );
            let key: Cells = self
                .spec
                .key_columns
                .iter()
                .map(|&i| row.get(i).cloned().unwrap_or(Value::Null))
                .collect();
            if let Some((before, first, first_line)) = &self.previous
                && before
                    .iter()
                    .zip(&key)
                    .all(|(a, b)| compare_cells(Some(a), Some(b)).is_eq())
            {
                report.push(self.repeat(&key, number, line, *first, *first_line));
            } else {
                self.previous = Some((key, number, line));
            }
        }
    }

    /// The problem of record `number` repeating the key of record `first`.
    fn repeat(
        &self,
        key: &[Value],
        number: usize,
        line: usize,
        first: usize,
        first_line: usize,
    ) -> Diagnostic {
        let names = &self.spec.primary_key;
        let shown = show(names, &key.iter().collect::<Vec<_>>());
        let at = if self.lines {
            format!("record {first} (line {first_line})")
        } else {
            format!("record {first}")
        };
        let prefix = if self.lines {
            String::new()
        } else {
            format!("/{}", number.saturating_sub(1))
        };
        let mut d = Diagnostic::new(
            Rule::DuplicateId,
            self.display,
            format!("records {first} and {number} have the same key"),
        )
        .at(format!("{prefix}{}", dotted_pointer(&names[0])))
        .record(Some(format!("record {number}")))
        .found(format!("{shown}, as {at} has"))
        .expected(format!(
            "a key ({}) that no other record has",
            names.join(", ")
        ));
        d.line = (line > 0).then_some(line);
        d
    }
}
