//! Generic mode: any JSON Schema whose records are objects (its local `$ref` files bundled in,
//! `refs`), and a `.json` array or `.jsonl` file of records. Every record is validated (all
//! failures reported, with record number and pointer) and split into rows (`plan`): the records'
//! table, typed by the same column mapper as the built-in dataset, and one child table per array
//! of objects, each row carrying its parent's key. The rows stream in batches to every format,
//! through a sorter per table when a key is given (`keys` checks it unique); the data package and
//! codebook (`package`) follow, then the gate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::{Draft, Validator};
use serde_json::Value;

mod embedded;
mod extra;
pub mod infer;
mod input;
mod keys;
mod package;
mod plan;
mod read;
mod refs;
mod shape;

use crate::columns::{Column, ColumnType};
use crate::describe::write_described;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::export::arrow;
use crate::export::{Described, Hashes, TableFormat, TableSummary};
use crate::model::metadata::DatasetMetadata;
use crate::output::{Protect, Staging};
use crate::pipeline::Pipeline;
use crate::seeds::duplicate_key_diagnostic;
use crate::strict_json::escape_pointer;
use crate::strict_json::{self, ParseError};
use crate::tables::{Cells, ForeignKey, TableSpec};
use crate::validate::schema::short;
use crate::validate::spreadsheet::{self, formulas};
use plan::Plan;
use read::Read;

pub use input::DEFAULT_MAX_RECORD_SIZE;

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
    /// How many rows of each table are written per batch.
    pub batch_size: usize,
    /// The columns whose values identify a record: unique and not null across the input; they
    /// sort every table and child tables carry them. Empty: records keep their input order and
    /// are numbered (`_record`) where a child table needs to refer to them.
    pub key: Vec<String>,
    /// Bytes of rows all tables together hold in memory while sorting by key before they spill
    /// sorted runs to a scratch folder.
    pub sort_memory: usize,
    /// How arrays of objects are written.
    pub nested: NestedArrays,
    /// The dataset's metadata file (as `seeds/dataset.json`), when `croissant.json` is wanted.
    pub metadata: Option<PathBuf>,
    /// The largest record of a JSON Lines input, in bytes: a larger one is refused (with its
    /// number and size) without being read whole.
    pub max_record_size: u64,
    /// Whether to show a progress bar (only ever drawn on a terminal).
    pub progress: bool,
    /// The formats to write, by name (`json`, `csv`, `parquet`, `ndjson`, `sqlite`); every
    /// format when empty.
    pub formats: Vec<String>,
}

/// How an export writes a record's arrays of objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NestedArrays {
    /// As child tables `<table>__<field>`, each row carrying its parent's key: every tool reads
    /// them.
    #[default]
    Tables,
    /// As list columns of the parent table: `LIST<STRUCT>` in Parquet, arrays in JSON, JSON text
    /// in CSV.
    List,
}

/// The outcome of an export: the problems found, and what rendering them needs.
pub struct Export {
    /// Every invalid record, or nothing when the export was written.
    pub report: Report,
    /// The text of the input when it was read whole (a `.json` array), for rendering the report.
    pub files: BTreeMap<String, String>,
    /// How many records were written.
    pub written: usize,
    /// The written output, gated but not yet in place, when every record was valid: commit it
    /// to publish, drop it to discard.
    pub staging: Option<Staging>,
}

/// Reads and compiles a record schema, with the files its local `$ref`s name bundled in; a
/// remote `$ref` is refused, never fetched.
pub(crate) fn load_schema(path: &Path) -> Result<(Value, Validator), Error> {
    let schema = refs::bundle(path, read_schema(path)?, read_schema)?;
    if let Some(meta) = foreign_meta_schema(&schema) {
        return Err(Error::Schema(format!(
            "{}: `$schema` names the meta-schema `{meta}`: a schema is read as JSON Schema draft 2020-12, and a meta-schema of its own (its vocabularies) is not followed; remove `$schema` or name the draft's own",
            path.display()
        )));
    }
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| {
            Error::Schema(format!(
                "{}: {}",
                path.display(),
                unresolved(&e.to_string())
            ))
        })?;
    Ok((schema, validator))
}

/// A `$schema` of the schema or of a resource embedded in it that names a meta-schema other
/// than a draft's own (one with vocabularies of its own).
fn foreign_meta_schema(node: &Value) -> Option<&str> {
    match node {
        Value::Object(fields) => {
            fields
                .iter()
                .find_map(|(key, value)| match (key.as_str(), value) {
                    ("$schema", Value::String(meta))
                        if !meta.starts_with("https://json-schema.org/")
                            && !meta.starts_with("http://json-schema.org/") =>
                    {
                        Some(meta.as_str())
                    }
                    // Values, not schemas.
                    ("enum" | "const" | "default" | "examples", _) => None,
                    (_, value) => foreign_meta_schema(value),
                })
        }
        Value::Array(items) => items.iter().find_map(foreign_meta_schema),
        _ => None,
    }
}

/// The validator's refusal `text`, reworded when it is a reference to a resource that is neither
/// in the schema nor a file beside it.
fn unresolved(text: &str) -> String {
    let Some(target) = text
        .strip_prefix("Resource '")
        .and_then(|rest| rest.split_once('\''))
        .map(|(target, _)| target)
    else {
        return text.to_owned();
    };
    format!(
        "`$ref` to `{target}` names neither a definition in this schema nor a file beside it; references to the network (or by URN) are never fetched: copy the referenced schema under `$defs` and refer to it as `#/$defs/<name>`"
    )
}

/// Reads one schema file, strictly (no key twice in an object).
fn read_schema(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path, "read"))?;
    strict_json::parse(&text).map_err(|e| match e {
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
    })
}

/// Validates every record of `options.input` against the schema and, in the same pass, splits
/// the valid ones into the rows of every table (the records' own and one per array of objects)
/// and feeds them to the pipeline writing a staging folder (through a sorter per table when a
/// key is given). The folder, gated, is given back to replace the output only when every record
/// was valid and every key unique; otherwise every problem is reported and nothing is written.
pub fn export(options: &ExportOptions) -> Result<Export, Error> {
    let formats = crate::export::select(&options.formats)?;
    let (schema, validator) = load_schema(&options.schema)?;
    let metadata = match &options.metadata {
        Some(path) => {
            let loaded =
                crate::validate::metadata::read_file(path, crate::seeds::DEFAULT_MAX_FILE_SIZE)?;
            if !loaded.report.is_empty() {
                return Ok(Export {
                    report: loaded.report,
                    files: loaded.files,
                    written: 0,
                    staging: None,
                });
            }
            loaded.metadata
        }
        None => None,
    };
    let display = options.input.display().to_string();
    let plan = Plan::new(
        &shape::view(&schema),
        &table_name(options),
        &options.key,
        options.nested == NestedArrays::List,
    )?;
    let specs: Vec<TableSpec> = (0..plan.tables.len()).map(|t| spec(&plan, t)).collect();
    let staging = staging(options)?;
    let about = match &metadata {
        Some(m) => crate::describe::about(m),
        None => about(&plan.tables[0], &schema),
    };
    let keyed = !options.key.is_empty();
    let pipeline = Pipeline {
        specs: &specs,
        formats: &formats,
        name: &plan.tables[0].resource,
        dataset: None,
        about: &about,
        sort_budget: keyed.then(|| (options.sort_memory / specs.len()).max(MIN_SORT_MEMORY)),
        threads: crate::parallel::workers(),
    };
    let mut read = Read {
        validator: &validator,
        plan: &plan,
        display: &display,
        report: Report::default(),
        text: None,
        written: 0,
    };
    let written = read.stream(options, &staging, &pipeline)?;
    let mut files = BTreeMap::new();
    if let Some(text) = read.text.take() {
        input::spans(&mut read.report, &text);
        files.insert(display.clone(), text);
    }
    let mut report = std::mem::take(&mut read.report);
    if !report.is_empty() {
        report.sort();
        return Ok(Export {
            report,
            files,
            written: 0,
            staging: None,
        });
    }
    let staging = pipeline.publish(staging, written, |staging, summaries, hashes| {
        describe(
            staging,
            (&plan, &schema, metadata.as_ref()),
            (&specs, &formats),
            summaries,
            hashes,
        )
    })?;
    Ok(Export {
        report,
        files,
        written: read.written,
        staging: Some(staging),
    })
}

/// The records' table's name: as given, or the input's file stem.
fn table_name(options: &ExportOptions) -> String {
    options.name.clone().unwrap_or_else(|| {
        options
            .input
            .file_stem()
            .map_or_else(|| "records".into(), |s| s.to_string_lossy().into_owned())
    })
}

/// The staging folder of the output, which is kept clear of every input.
fn staging(options: &ExportOptions) -> Result<Staging, Error> {
    let mut protect = vec![
        Protect::Input(&options.schema),
        Protect::Input(&options.input),
    ];
    if let Some(path) = &options.metadata {
        protect.push(Protect::Input(path));
    }
    Staging::new(&options.out, &protect)
}

/// The description of an export without a metadata file, as (key, value) pairs: its name, and
/// the schema's title and description.
fn about(root: &plan::Table, schema: &Value) -> Vec<(String, String)> {
    let text = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_owned);
    [
        ("name", Some(root.resource.clone())),
        (
            "title",
            Some(text("title").unwrap_or_else(|| root.name.clone())),
        ),
        ("description", text("description")),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key.to_owned(), value?)))
    .collect()
}

/// The table spec of table `t` of the plan, for the sorter, the writers and the gate: a child
/// table refers to its parent's key by the columns it copied from it.
fn spec(plan: &Plan, t: usize) -> TableSpec {
    let table = &plan.tables[t];
    let foreign_keys = table
        .parent
        .map(|p| ForeignKey {
            fields: table.columns[..table.inherited]
                .iter()
                .map(|c| c.name.clone())
                .collect(),
            table: plan.tables[p].name.clone(),
            reference: plan.tables[p].key_names(),
        })
        .into_iter()
        .collect();
    TableSpec {
        name: table.name.clone(),
        description: table.description.clone(),
        schema: table.schema.clone(),
        columns: table.columns.clone(),
        primary_key: table.key_names(),
        key_columns: table.primary_key.clone(),
        foreign_keys,
        owners: Vec::new(),
    }
}

/// How many bytes of rows all the sorters together hold in memory, by default, before spilling
/// to disk.
pub const SORT_MEMORY: usize = 64 << 20;
/// The least any one table's sorter holds.
const MIN_SORT_MEMORY: usize = 64 << 10;

/// Writes the descriptions of the staged export: the companions of its formats, the data
/// package, the codebook, and the Croissant file when a metadata file and the Parquet files it
/// reads are there.
fn describe(
    staging: &Staging,
    (plan, schema, metadata): (&Plan, &Value, Option<&DatasetMetadata>),
    (specs, formats): (&[TableSpec], &[Box<dyn TableFormat>]),
    summaries: &[TableSummary],
    hashes: &mut Hashes,
) -> Result<(), Error> {
    let root = &plan.tables[0];
    let described = Described {
        name: &root.resource,
        title: schema
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(&root.name),
        metadata,
        source: None,
        tables: specs,
    };
    crate::describe::write_companions(staging, formats, &described, hashes)?;
    let package = package::datapackage(plan, schema, metadata, (hashes, formats))?;
    let codebook = package::codebook(plan, (specs, formats), summaries, schema);
    // Croissant asks for what only the metadata file says: licence, creators, version; and its
    // record sets read the Parquet files.
    let croissant = metadata
        .filter(|_| crate::export::writes_parquet(formats))
        .map(|m| crate::describe::croissant::croissant(m, specs, hashes, formats))
        .transpose()?;
    let files = [
        ("datapackage.json", Some(package)),
        ("CODEBOOK.md", Some(codebook)),
        (crate::describe::croissant::CROISSANT_FILE, croissant),
    ];
    for (rel, text) in files {
        if let Some(text) = text {
            write_described(staging, rel, &text, hashes)?;
        }
    }
    Ok(())
}

/// How many records a thread checks at a time.
const CHUNK_RECORDS: usize = 512;

/// The records of one chunk, checked on a worker thread.
struct Checked {
    /// The problems found.
    report: Report,
    /// The rows of the records before the chunk's first problem, by table.
    rows: Vec<Vec<Cells>>,
    /// How many rows each of those records made in each table: one count per table, record
    /// after record.
    counts: Vec<usize>,
    /// How many bytes of the input had been read after the chunk (JSON Lines).
    offset: u64,
}

/// Parses and checks the records of `chunk`, keeping the rows of those before its first problem;
/// `keyed`: each record's number and line travel with its first table's row, for the report of a
/// repeated key (they are taken off before the row is written).
fn check_chunk(
    validator: &Validator,
    plan: &Plan,
    display: &str,
    keyed: bool,
    chunk: Vec<input::Unread>,
) -> Checked {
    let tables = plan.tables.len();
    let mut checked = Checked {
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
    plan: &Plan,
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

/// The JSON pointer of a dotted column name.
pub(crate) fn dotted_pointer(name: &str) -> String {
    name.split('.').fold(String::new(), |mut p, part| {
        p.push('/');
        p.push_str(&escape_pointer(part));
        p
    })
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
