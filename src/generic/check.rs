//! Checking the records of an export, on worker threads: each record against the schema (and
//! for spreadsheet formulas), then split into rows whose every cell must fit its column; the
//! rows of the records before a chunk's first problem are kept for the pipeline.

use jsonschema::Validator;
use serde_json::Value;

use super::plan::{TablePlan, dotted_pointer};
use super::{input, keys};
use crate::columns::{Column, ColumnType};
use crate::diagnostic::short;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::export::arrow;
use crate::spreadsheet::{self, formulas};
use crate::tables::Cells;

/// How many records a thread checks at a time.
pub(super) const CHUNK_RECORDS: usize = 512;

/// The records of one chunk, checked on a worker thread.
pub(super) struct CheckedChunk {
    /// The problems found.
    pub(super) report: Report,
    /// The rows of the records before the chunk's first problem, by table.
    pub(super) rows: Vec<Vec<Cells>>,
    /// How many rows each of those records made in each table: one count per table, record
    /// after record.
    pub(super) counts: Vec<usize>,
    /// How many bytes of the input had been read after the chunk (JSON Lines).
    pub(super) offset: u64,
}

/// Parses and checks the records of `chunk`, keeping the rows of those before its first problem;
/// `keyed`: each record's number and line travel with its first table's row, for the report of a
/// repeated key (they are taken off before the row is written).
pub(super) fn check_chunk(
    validator: &Validator,
    plan: &TablePlan,
    display: &str,
    keyed: bool,
    chunk: Vec<input::Unread>,
) -> CheckedChunk {
    let tables = plan.tables.len();
    let mut checked = CheckedChunk {
        report: Report::default(),
        rows: vec![Vec::new(); tables],
        counts: Vec::new(),
        offset: chunk.last().map_or(0, input::Unread::offset),
    };
    let (mut scratch, mut before) = (vec![Vec::new(); tables], Vec::with_capacity(tables));
    for unread in chunk {
        let raw = unread.read(display);
        let (number, line) = (raw.number, raw.line);
        if !checked.report.is_empty() {
            check(
                validator,
                plan,
                display,
                raw,
                &mut checked.report,
                &mut scratch,
            );
            scratch.iter_mut().for_each(Vec::clear);
            continue;
        }
        before.clear();
        before.extend(checked.rows.iter().map(Vec::len));
        if check(
            validator,
            plan,
            display,
            raw,
            &mut checked.report,
            &mut checked.rows,
        ) {
            if keyed && let Some(row) = checked.rows[0].last_mut() {
                row.extend([Value::from(number), Value::from(line)]);
            }
            let made = checked.rows.iter().zip(&before).map(|(r, &b)| r.len() - b);
            checked.counts.extend(made);
        } else {
            for (rows, &b) in checked.rows.iter_mut().zip(&before) {
                rows.truncate(b);
            }
        }
    }
    checked
}

/// Reports the problems of one record; when it has none, appends its rows to `out`, table by
/// table, and gives true.
fn check(
    validator: &Validator,
    plan: &TablePlan,
    display: &str,
    raw: input::RawRecord,
    report: &mut Report,
    out: &mut [Vec<Cells>],
) -> bool {
    let (number, line, prefix) = (raw.number, raw.line, raw.prefix.clone());
    let Some(value) = check_value(validator, display, raw, report) else {
        return false;
    };
    let mut fit = |columns: &[Column], cells: &mut [Value], pointer: &str| {
        let mut fits = true;
        for (column, cell) in columns.iter().zip(cells) {
            if cell.is_null() {
                continue;
            }
            if column.ty == ColumnType::String && !cell.is_string() {
                // A column of a union of types, or of any value: its JSON text.
                *cell = Value::String(cell.to_string());
            }
            arrow::respell(&column.ty, cell);
            if !arrow::fits(&column.ty, cell) || !exact_number(&column.ty, cell) {
                fits = false;
                let mut d = misfit(
                    display,
                    column,
                    cell,
                    &format!("{pointer}{}", dotted_pointer(&column.name)),
                );
                d.record = Some(format!("record {number}"));
                d.line = (line > 0).then_some(line);
                report.push(d);
            }
        }
        fits
    };
    let fits = plan.rows(value, number, &prefix, &mut fit, out);
    let key_null = keys::null_key(&plan.tables[0], out[0].last(), display, &prefix);
    if let Some(mut d) = key_null {
        d.record = Some(format!("record {number}"));
        d.line = (line > 0).then_some(line);
        report.push(d);
        return false;
    }
    fits
}

/// The problem of a value its column cannot hold, at `pointer`.
fn misfit(display: &str, column: &Column, cell: &Value, pointer: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::OutOfRange,
        display,
        format!("value out of the range column `{}` can hold", column.name),
    )
    .at(pointer)
    .found(short(cell))
    .expected(match column.ty {
        ColumnType::Integer => format!("an integer from {} to {}", i64::MIN, i64::MAX),
        ColumnType::Int32 => format!("an integer from {} to {}", i32::MIN, i32::MAX),
        ColumnType::Decimal(scale) => format!(
            "a number of at most {} significant digits, {scale} after the point: a decimal column holds it exactly, and more digits than this cannot be read exactly",
            arrow::DECIMAL_DIGITS
        ),
        ColumnType::Number => "a number a 64-bit float holds exactly (an integer of at most 2^53 in size): every format must hold the same value; give the column `type: integer` for whole numbers up to 2^63".to_owned(),
        ColumnType::Time => "a time of day with its offset, as `08:30:00Z`".to_owned(),
        ColumnType::Uuid => "a UUID, as `123e4567-e89b-12d3-a456-426614174000`".to_owned(),
        _ => format!("a value a column of {} holds", column.ty.label()),
    })
}

/// Whether a value of a `number` column is one a 64-bit float holds exactly: an integer written
/// without a point that a float would round is not (Parquet would hold another number than the
/// text formats).
fn exact_number(ty: &ColumnType, cell: &Value) -> bool {
    if *ty != ColumnType::Number {
        return true;
    }
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    match (cell.as_i64(), cell.as_u64()) {
        (Some(i), _) => (i as f64) as i128 == i128::from(i) && i.unsigned_abs() <= 1 << 53,
        (None, Some(u)) => u <= 1 << 53,
        _ => true,
    }
}

/// Reports the problems of one record against the schema; returns its value when it has none.
fn check_value(
    validator: &Validator,
    display: &str,
    raw: input::RawRecord,
    report: &mut Report,
) -> Option<Value> {
    let record = format!("record {}", raw.number);
    match raw.value {
        Err(d) => {
            let mut d = *d;
            d.line = (raw.line > 0).then_some(raw.line);
            d.record = (raw.number > 0).then_some(record);
            report.push(d);
            None
        }
        Ok(value) => {
            let mut valid = true;
            for (pointer, text) in formulas(&value) {
                valid = false;
                let mut d =
                    spreadsheet::diagnostic(display, &format!("{}{pointer}", raw.prefix), &text)
                        .record(Some(record.clone()));
                d.line = (raw.line > 0).then_some(raw.line);
                report.push(d);
            }
            for error in validator.iter_errors(&value) {
                let pointer = error.instance_path().as_str().to_owned();
                let mut d = Diagnostic::new(Rule::Schema, display, error.to_string())
                    .at(&pointer)
                    .record(Some(record.clone()))
                    .found(short(error.instance()));
                d.schema_path = Some(error.schema_path().as_str().to_owned());
                d.line = (raw.line > 0).then_some(raw.line);
                d.pointer = Some(format!("{}{pointer}", raw.prefix));
                report.push(d);
                valid = false;
            }
            valid.then_some(value)
        }
    }
}
