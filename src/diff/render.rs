//! A diff rendered: as text (a summary table, schema changes, then each row that differs with its
//! key and changed columns), as Markdown (the same, for a changelog), or as JSON
//! (`{"tables": [{"name", "primary_key", "schema_changes", "added", "removed", "changed"}]}`,
//! each list in key order). Findings are streamed from each table's temporary file.

use std::fmt::Write as _;
use std::io::Write;

use serde_json::{Map, Value, json};

use super::version::next;
use super::{Diff, Finding, TableDiff};
use crate::error::Error;

/// How a diff is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for a terminal.
    Text,
    /// Markdown, for a changelog.
    Md,
    /// JSON, for machines.
    Json,
}

fn io(e: std::io::Error) -> Error {
    Error::io("standard output", "write to")(e)
}

/// `key = value` pairs of a key object, values as JSON.
fn show_key(key: &Value) -> String {
    key.as_object()
        .map(|k| {
            k.iter()
                .map(|(c, v)| format!("{c}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The changed columns of a changed row: `column: old → new`.
fn show_changes(entry: &Value, code: bool) -> String {
    let quote = |s: &str| if code { format!("`{s}`") } else { s.to_owned() };
    entry["changes"]
        .as_object()
        .map(|c| {
            c.iter()
                .map(|(col, v)| format!("{}: {} → {}", quote(col), v["old"], v["new"]))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

const HEADERS: [&str; 7] = [
    "table",
    "rows before",
    "rows after",
    "added",
    "removed",
    "changed",
    "cells changed",
];

fn counts(t: &TableDiff) -> [String; 7] {
    [
        t.name.clone(),
        t.rows_before.to_string(),
        t.rows_after.to_string(),
        t.added.to_string(),
        t.removed.to_string(),
        t.changed.to_string(),
        t.cells_changed.to_string(),
    ]
}

fn summary_text(diff: &Diff) -> String {
    let rows: Vec<[String; 7]> = diff.tables.iter().map(counts).collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([HEADERS[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..7).map(width).collect();
    let line = |cells: [&str; 7]| {
        let mut out = format!("{:<w$}", cells[0], w = widths[0]);
        for (cell, w) in cells.iter().zip(&widths).skip(1) {
            let _ = write!(out, "  {cell:>w$}");
        }
        out.push('\n');
        out
    };
    let mut out = line(HEADERS);
    for row in &rows {
        out.push_str(&line(std::array::from_fn(|i| row[i].as_str())));
    }
    out
}

fn summary_md(diff: &Diff) -> String {
    let mut out = format!(
        "| {} |\n|---|---:|---:|---:|---:|---:|---:|\n",
        HEADERS.join(" | ")
    );
    for t in &diff.tables {
        let [name, rest @ ..] = counts(t);
        let _ = writeln!(out, "| `{name}` | {} |", rest.join(" | "));
    }
    out
}

/// The sentence on the version: the bump the differences call for, and the version it gives.
#[must_use]
pub fn version_line(diff: &Diff) -> String {
    let bump = diff.bump();
    let (old, new) = &diff.versions;
    let mut line = format!(
        "suggested version bump: {} ({})",
        bump.name(),
        bump.reason()
    );
    if let Some(next) = old
        .as_deref()
        .filter(|_| bump != super::Bump::None)
        .and_then(|v| next(v, bump))
    {
        let _ = write!(line, ": {} → {next}", old.as_deref().unwrap_or_default());
        if let Some(new) = new {
            let verdict = if *new == next {
                "as NEW does"
            } else {
                "NEW has"
            };
            let _ = write!(line, " ({verdict} {new})");
        }
    }
    if diff.filtered {
        line.push_str("; only the tables asked for were compared");
    }
    line
}

/// Writes `diff` to `out` in `format`; `stat` keeps to the summary (text and Markdown).
pub fn render(
    diff: &mut Diff,
    format: Format,
    stat: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Json => json_report(diff, out),
        Format::Text | Format::Md => {
            let md = format == Format::Md;
            let summary = if md {
                summary_md(diff)
            } else {
                summary_text(diff)
            };
            out.write_all(summary.as_bytes()).map_err(io)?;
            schema_section(diff, md, out)?;
            if !stat {
                rows_section(diff, md, out)?;
            }
            let version = version_line(diff);
            let version = if md {
                format!("\n**Version:** {version}.\n")
            } else {
                format!("\n{version}\n")
            };
            out.write_all(version.as_bytes()).map_err(io)
        }
    }
}

fn schema_section(diff: &Diff, md: bool, out: &mut dyn Write) -> Result<(), Error> {
    let changed: Vec<&TableDiff> = diff
        .tables
        .iter()
        .filter(|t| !t.schema_changes.is_empty())
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let mut text = if md {
        "\n### Schema changes\n\n".to_owned()
    } else {
        "\nschema changes:\n".to_owned()
    };
    for t in changed {
        for c in &t.schema_changes {
            if md {
                let _ = writeln!(text, "- `{}`: {}", t.name, c.text);
            } else {
                let _ = writeln!(text, "  {}: {}", t.name, c.text);
            }
        }
    }
    out.write_all(text.as_bytes()).map_err(io)
}

fn rows_section(diff: &mut Diff, md: bool, out: &mut dyn Write) -> Result<(), Error> {
    for t in diff
        .tables
        .iter_mut()
        .filter(|t| t.added + t.removed + t.changed > 0)
    {
        let head = if md {
            format!("\n### `{}`\n\n", t.name)
        } else {
            format!("\n{}:\n", t.name)
        };
        out.write_all(head.as_bytes()).map_err(io)?;
        t.for_each(|entry| {
            let line = match (&entry, md) {
                (Finding::Added(e), false) => format!("  + {}\n", show_key(&e["key"])),
                (Finding::Removed(e), false) => format!("  - {}\n", show_key(&e["key"])),
                (Finding::Changed(e), false) => {
                    format!("  ~ {}: {}\n", show_key(&e["key"]), show_changes(e, false))
                }
                (Finding::Added(e), true) => format!("- added `{}`\n", show_key(&e["key"])),
                (Finding::Removed(e), true) => format!("- removed `{}`\n", show_key(&e["key"])),
                (Finding::Changed(e), true) => format!(
                    "- changed `{}`: {}\n",
                    show_key(&e["key"]),
                    show_changes(e, true)
                ),
            };
            out.write_all(line.as_bytes()).map_err(io)
        })?;
    }
    Ok(())
}

/// The JSON report, streamed: each table's findings are read three times, once per list.
fn json_report(diff: &mut Diff, out: &mut dyn Write) -> Result<(), Error> {
    out.write_all(b"{\"tables\": [").map_err(io)?;
    for (n, t) in diff.tables.iter_mut().enumerate() {
        let mut head = Map::new();
        head.insert("name".into(), json!(t.name));
        head.insert("primary_key".into(), json!(t.primary_key));
        let changes: Vec<&str> = t.schema_changes.iter().map(|c| c.text.as_str()).collect();
        head.insert("schema_changes".into(), json!(changes));
        let head = Value::Object(head).to_string();
        let sep = if n == 0 { "\n" } else { ",\n" };
        // The object is left open for the three lists.
        write!(out, "{sep}{}", &head[..head.len() - 1]).map_err(io)?;
        for (list, wanted) in [("added", 0), ("removed", 1), ("changed", 2)] {
            write!(out, ", \"{list}\": [").map_err(io)?;
            let mut first = true;
            t.for_each(|entry| {
                let ((Finding::Added(value), 0)
                | (Finding::Removed(value), 1)
                | (Finding::Changed(value), 2)) = (entry, wanted)
                else {
                    return Ok(());
                };
                let sep = if first { "\n" } else { ",\n" };
                first = false;
                write!(out, "{sep}{value}").map_err(io)
            })?;
            out.write_all(b"]").map_err(io)?;
        }
        out.write_all(b"}").map_err(io)?;
    }
    out.write_all(b"\n]}\n").map_err(io)
}
