//! Generic mode: any JSON Schema whose records are objects, and a `.json` array or `.jsonl` file
//! of records. Every record is validated first (all failures reported, with record number and
//! pointer); then the records are streamed in batches into one table in every format,
//! typed by the same column mapper as the built-in dataset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::{Draft, Validator};
use serde_json::Value;

mod input;

use crate::columns::{Column, ColumnType, columns, flatten};
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::export::arrow;
use crate::export::threads::Encoders;
use crate::export::{Hashes, TableMeta};
use crate::output::{Protect, Staging};
use crate::seeds::duplicate_key_diagnostic;
use crate::strict_json::escape_pointer;
use crate::strict_json::{self, ParseError};
use crate::tables::Cells;
use crate::validate::schema::short;
use crate::validate::spreadsheet::{self, formulas};

/// What to export, and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The JSON Schema of one record.
    pub schema: PathBuf,
    /// The records: a `.json` array, or `.jsonl` with one record per line.
    pub input: PathBuf,
    /// The output folder, replaced as a whole once everything is written.
    pub out: PathBuf,
    /// The table's name; by default the input's file stem.
    pub name: Option<String>,
    /// How many records are written per batch.
    pub batch_size: usize,
    /// Whether to show a progress bar (only ever drawn on a terminal).
    pub progress: bool,
}

/// The outcome of an export: the problems found, and what rendering them needs.
#[derive(Debug)]
pub struct Export {
    /// Every invalid record, or nothing when the export was written.
    pub report: Report,
    /// The text of the input when it was read whole (a `.json` array), for rendering the report.
    pub files: BTreeMap<String, String>,
    /// How many records were written.
    pub written: usize,
}

/// Reads and compiles a record schema; a remote `$ref` is refused, never fetched.
pub(crate) fn load_schema(path: &Path) -> Result<(Value, Validator), Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path, "read"))?;
    let schema = strict_json::parse(&text).map_err(|e| match e {
        ParseError::Syntax(e) => Error::Schema(format!(
            "{}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        )),
        ParseError::Duplicates(dups) => Error::Schema(
            dups.iter()
                .map(|dup| {
                    let d = duplicate_key_diagnostic(&path.display().to_string(), &text, dup, "");
                    format!(
                        "{}: {} at {}: {}",
                        d.location(),
                        d.message,
                        d.pointer.unwrap_or_default(),
                        d.found.unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    })?;
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| {
            let text = e.to_string();
            let hint = if text.contains("http") || text.contains("retriev") {
                " (remote references are never fetched: inline the referenced schema under $defs)"
            } else {
                ""
            };
            Error::Schema(format!("{}: {text}{hint}", path.display()))
        })?;
    Ok((schema, validator))
}

/// Validates every record of `options.input` against the schema and, in the same pass, streams
/// the valid ones to a writer thread that encodes every format into a staging folder.
/// The folder replaces the output only when every record was valid; otherwise every problem is
/// reported and nothing is written.
pub fn export(options: &ExportOptions) -> Result<Export, Error> {
    let (schema, validator) = load_schema(&options.schema)?;
    let columns = columns(&schema)?;
    let display = options.input.display().to_string();
    let name = options.name.clone().unwrap_or_else(|| {
        options
            .input
            .file_stem()
            .map_or_else(|| "records".into(), |s| s.to_string_lossy().into_owned())
    });
    let description = schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let meta = TableMeta {
        name: &name,
        description: &description,
        schema: &schema,
        columns: &columns,
    };
    let protect = [
        Protect::Input(&options.schema),
        Protect::Input(&options.input),
    ];
    let staging = Staging::new(&options.out, &protect)?;
    let hashes = Arc::new(Mutex::new(Hashes::new()));
    let mut read = Read {
        validator: &validator,
        display: &display,
        report: Report::default(),
        text: None,
        written: 0,
    };
    let outcome = read.stream(options, &staging, meta, &hashes)?;
    let mut files = BTreeMap::new();
    if let Some(text) = read.text {
        input::spans(&mut read.report, &text);
        files.insert(display.clone(), text);
    }
    let mut report = read.report;
    if !report.is_empty() {
        report.sort();
        return Ok(Export {
            report,
            files,
            written: 0,
        });
    }
    outcome?;
    publish(staging, &hashes, &name, read.written)?;
    Ok(Export {
        report,
        files,
        written: read.written,
    })
}

/// One pass over the input: what was found, and how many records were encoded.
struct Read<'a> {
    validator: &'a Validator,
    display: &'a str,
    report: Report,
    /// The input's text, when it was read whole (a `.json` array).
    text: Option<String>,
    written: usize,
}

impl Read<'_> {
    /// Checks every record and, while all are valid, sends them in batches to one encoding
    /// thread per format writing into `staging`. The outer error stops the export; the inner
    /// one is an encoder's, which matters only when every record was valid.
    fn stream(
        &mut self,
        options: &ExportOptions,
        staging: &Staging,
        meta: TableMeta<'_>,
        hashes: &Arc<Mutex<Hashes>>,
    ) -> Result<Result<(), Error>, Error> {
        let size = std::fs::metadata(&options.input).map_or(0, |m| m.len());
        let bar = crate::ui::progress(
            options.progress,
            usize::try_from(size).unwrap_or(usize::MAX),
        );
        let batch_size = options.batch_size.max(1);
        let outcome = std::thread::scope(|scope| -> Result<Result<(), Error>, Error> {
            let mut encoders = Some(Encoders::spawn(scope, staging, &[meta], hashes)?);
            let mut failed = None;
            let mut batch = Vec::with_capacity(batch_size);
            let (display, validator) = (self.display, self.validator);
            input::for_each_record(&options.input, display, &mut self.text, |raw| {
                bar.set_position(raw.offset);
                match check(validator, meta.columns, display, raw, &mut self.report) {
                    Some(row) if self.report.is_empty() => {
                        batch.push(row);
                        self.written += 1;
                    }
                    // After an invalid record nothing more is encoded, but every record is
                    // checked.
                    _ => batch.clear(),
                }
                if batch.len() >= batch_size {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    if let Some(e) = encoders.as_mut()
                        && let Err(error) = e.write(0, full)
                    {
                        failed = Some(error);
                        encoders = None;
                    }
                }
                Ok(())
            })?;
            if let Some(error) = failed {
                return Ok(Err(error));
            }
            let Some(mut encoders) = encoders else {
                return Ok(Ok(()));
            };
            if self.report.is_empty() && !batch.is_empty() {
                encoders.write(0, batch)?;
            }
            Ok(encoders.finish())
        });
        bar.finish_and_clear();
        outcome
    }
}

/// Writes the checksums of the staged export, holds its files to them and to the rows written
/// (the gate), and swaps it in.
fn publish(
    staging: Staging,
    hashes: &Mutex<Hashes>,
    name: &str,
    written: usize,
) -> Result<(), Error> {
    crate::export::write_sums(
        &staging,
        &hashes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )?;
    let expected = crate::gate::Expected {
        name,
        rows: written,
        primary_key: &[],
        foreign_keys: &[],
    };
    crate::gate::check(staging.path(), &[expected], crate::parallel::workers())?;
    staging.commit()
}

/// Reports the problems of one record; returns its row, one value per column, when it has none.
fn check(
    validator: &Validator,
    columns: &[Column],
    display: &str,
    raw: input::RawRecord,
    report: &mut Report,
) -> Option<Cells> {
    let (number, line, prefix) = (raw.number, raw.line, raw.prefix.clone());
    let mut row = flatten(check_value(validator, display, raw, report)?, columns);
    let mut fits = true;
    for (column, cell) in columns.iter().zip(&mut row) {
        if cell.is_null() {
            continue;
        }
        arrow::respell(&column.ty, cell);
        if !arrow::fits(&column.ty, cell) {
            fits = false;
            let pointer = column.name.split('.').fold(String::new(), |mut p, part| {
                p.push('/');
                p.push_str(&escape_pointer(part));
                p
            });
            let mut d = Diagnostic::new(
                Rule::OutOfRange,
                display,
                format!("value out of the range column `{}` can hold", column.name),
            )
            .at(format!("{prefix}{pointer}"))
            .record(Some(format!("record {number}")))
            .found(short(cell))
            .expected(match column.ty {
                ColumnType::Integer => format!("an integer from {} to {}", i64::MIN, i64::MAX),
                _ => format!("a value a column of {} holds", column.ty.label()),
            });
            d.line = (line > 0).then_some(line);
            report.push(d);
        }
    }
    fits.then_some(row)
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
