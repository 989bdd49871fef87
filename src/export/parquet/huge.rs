//! Rows holding a huge value: a text (or the texts of a list or object) of [`HUGE_VALUE`] bytes or
//! more in one cell. The `parquet` crate copies such a value whole for the column's minimum and
//! for its maximum (cut to 64 bytes only when the chunk is closed), and a version 1 data page
//! copies its encoded values once more behind the levels before compressing them. So a huge row
//! is written as a row group of its own, with version 2 data pages (compressed straight from the
//! encoded values; plain encoding, as version 1 pages have) and without statistics for the
//! columns holding a huge value; every other row group is written as before.

use parquet::basic::Encoding;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use parquet::schema::types::ColumnPath;
use serde_json::Value;

use crate::tables::Cells;

/// The fewest bytes of text in one cell that make a value huge.
pub(crate) const HUGE_VALUE: usize = 1 << 20;

/// A row holding a huge value: its index, and the columns holding one.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HugeRow {
    /// The row's index in its batch.
    pub(crate) row: usize,
    /// The columns of the row holding a huge value.
    pub(crate) columns: Vec<usize>,
}

/// The rows of `rows` holding a huge value, in order.
pub(crate) fn huge_rows(rows: &[Cells]) -> Vec<HugeRow> {
    rows.iter()
        .enumerate()
        .filter_map(|(row, cells)| {
            let columns: Vec<usize> = cells
                .iter()
                .enumerate()
                .filter(|(_, v)| text_bytes(v) >= HUGE_VALUE)
                .map(|(i, _)| i)
                .collect();
            (!columns.is_empty()).then_some(HugeRow { row, columns })
        })
        .collect()
}

/// How many bytes of text `value` holds, in its texts, keys and items at any depth.
fn text_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(text_bytes).sum(),
        Value::Object(members) => members.iter().map(|(k, v)| k.len() + text_bytes(v)).sum(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

/// The properties of a huge row's row group: the file's `base`, with version 2 data pages in
/// plain encoding, and no statistics for the `leaves` (each with its top-level column) that
/// belong to one of the `huge` columns.
pub(crate) fn properties(
    base: &WriterProperties,
    leaves: impl Iterator<Item = (usize, ColumnPath)>,
    huge: &[usize],
) -> WriterProperties {
    let mut builder = base
        .clone()
        .into_builder()
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_encoding(Encoding::PLAIN);
    for (root, path) in leaves {
        if huge.contains(&root) {
            builder = builder.set_column_statistics_enabled(path, EnabledStatistics::None);
        }
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_row_is_huge_by_the_text_of_one_cell() {
        let big = "x".repeat(HUGE_VALUE);
        let half = "x".repeat(HUGE_VALUE / 2);
        let rows = vec![
            vec![json!(1), json!(half), json!([half, "y"])],
            vec![json!(2), json!(big), json!(null)],
            vec![json!(3), json!(half), json!({ "k": [half, half] })],
        ];
        let found = huge_rows(&rows);
        assert_eq!(
            found,
            [
                HugeRow {
                    row: 1,
                    columns: vec![1]
                },
                HugeRow {
                    row: 2,
                    columns: vec![2]
                }
            ]
        );
    }
}
