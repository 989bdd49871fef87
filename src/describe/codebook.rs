//! The codebook (`CODEBOOK.md`): every table and column with its type, meaning, allowed values
//! and an example, generated from the same doc comments as the schema.

use std::fmt::Write as _;

use crate::columns::ColumnType;
use crate::export::TableSummary;
use crate::export::{Layout, TableFormat, table_path};
use crate::model::metadata::DatasetMetadata;
use crate::tables::TableSpec;

/// Escapes text for a Markdown table cell.
pub(crate) fn md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The codebook of the dataset `metadata` describes, for the tables `specs`, written as
/// `summaries` say.
#[must_use]
pub(crate) fn codebook(
    metadata: &DatasetMetadata,
    specs: &[TableSpec],
    summaries: &[TableSummary],
    formats: &[Box<dyn TableFormat>],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Codebook: {}\n", metadata.title);
    let _ = writeln!(
        out,
        "Dataset version {}. {}\n",
        metadata.version, metadata.description
    );
    let _ = writeln!(
        out,
        "{} In CSV an empty field is null. Dates are ISO 8601 (`YYYY-MM-DD`); a date less precise than a day is the first day of its month, quarter or year, and its precision column says which. Character offsets count Unicode code points, end exclusive.\n",
        published_as(formats, &metadata.name)
    );
    let _ = writeln!(
        out,
        "Spreadsheet safety: no text value begins with {}, the characters that make a spreadsheet run a cell as a formula (CSV injection). Validation refuses such text in the seeds rather than altering it in the CSV, so the CSV holds exactly the values of the JSON and Parquet files.\n",
        crate::spreadsheet::formula_starts_in_words()
    );
    let _ = writeln!(out, "## Tables\n");
    for (t, summary) in specs.iter().zip(summaries) {
        let _ = writeln!(
            out,
            "- [`{}`](#{}) ({} rows{}): {}",
            t.name,
            t.name,
            summary.rows,
            in_parts(&t.name, summary),
            md(&t.description)
        );
    }
    for (t, summary) in specs.iter().zip(summaries) {
        table_section(&mut out, t, summary);
    }
    out
}

/// The codebook's section on table `t`: its keys, then one line per column.
pub(crate) fn table_section(out: &mut String, t: &TableSpec, summary: &TableSummary) {
    let _ = writeln!(out, "\n## {}\n\n{}\n", t.name, md(&t.description));
    let _ = writeln!(out, "- Rows: {}", summary.rows);
    if !t.primary_key.is_empty() {
        let _ = writeln!(
            out,
            "- Primary key: {}",
            t.primary_key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for fk in &t.foreign_keys {
        let _ = writeln!(out, "- Foreign key: {}", fk.in_words());
    }
    let _ = writeln!(
        out,
        "\n| column | type | required | meaning | allowed values | example |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (i, c) in t.columns.iter().enumerate() {
        let allowed = match &c.ty {
            ColumnType::Enum(values) => values
                .iter()
                .map(|v| match &v.description {
                    Some(d) => format!("`{}`: {}", v.value, md(d)),
                    None => format!("`{}`", v.value),
                })
                .collect::<Vec<_>>()
                .join("<br>"),
            _ => String::new(),
        };
        let example = summary
            .examples
            .get(i)
            .and_then(Option::as_ref)
            .map(|v| format!("`{}`", md(v)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            c.name,
            c.ty.label(),
            if c.nullable { "no" } else { "yes" },
            md(&c.description),
            allowed,
            example
        );
    }
}

/// For a table written in parts: how many, and where (`<format>/<table>/part-00000.<ext>`, …,
/// each a whole file of its format, in key order); nothing for a table in one file.
pub(crate) fn in_parts(table: &str, summary: &TableSummary) -> String {
    summary.parts.map_or_else(String::new, |(parts, rows)| {
        format!(
            ", partitioned: {parts} parts of at most {rows} rows in key order, \
             `<format>/{table}/part-00000.<extension>` and on, each a whole file of its format"
        )
    })
}

/// How many times, in words: "once", "twice", "three times".
/// "Every table is published four times, with the same rows and columns: …", from the registry
/// of formats.
#[must_use]
pub(crate) fn published_as(formats: &[Box<dyn TableFormat>], name: &str) -> String {
    let paths: Vec<String> = formats.iter().map(|f| where_in(f.as_ref(), name)).collect();
    format!(
        "Every table is published {} with the same rows and columns: {}.",
        times(formats.len()),
        and_list(&paths)
    )
}

/// Where `format` holds the tables of the dataset named `name`: `` `json/<table>.json` ``, or
/// its one file of every table.
pub(crate) fn where_in(format: &dyn TableFormat, name: &str) -> String {
    match format.layout() {
        Layout::FilePerTable => format!("`{}`", table_path("<table>", format)),
        Layout::OneFile => format!("`{}` (one database)", table_path(name, format)),
    }
}

pub(crate) fn times(n: usize) -> String {
    const NUMBERS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    match (n, NUMBERS.get(n)) {
        (1, _) => "once".to_owned(),
        (2, _) => "twice".to_owned(),
        (_, Some(word)) => format!("{word} times"),
        (_, None) => format!("{n} times"),
    }
}

/// `items` as prose: "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
