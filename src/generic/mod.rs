//! Generic mode: any JSON Schema whose records are objects (its local `$ref` files bundled in,
//! `refs`), and a `.json` array or `.jsonl` file of records. Every record is validated (all
//! failures reported, with record number and pointer) and split into rows (`plan`): the records'
//! table, typed by the same column mapper as the built-in dataset, and one child table per array
//! of objects, each row carrying its parent's key. The rows stream in batches to every format,
//! through a sorter per table when a key is given (`keys` checks it unique); the data package and
//! codebook (`package`) follow, then the gate.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

mod check;
mod embedded;
mod extra;
pub mod infer;
mod input;
mod keys;
mod package;
mod plan;
mod read;
mod refs;
mod schema;
mod shape;

use crate::describe::write_described;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::export::parts::Split;
use crate::export::{Described, Hashes, TableFormat, TableSummary};
use crate::model::metadata::DatasetMetadata;
use crate::output::{Protect, Staging};
use crate::pipeline::Pipeline;
use crate::tables::{ForeignKey, TableSpec};
use plan::TablePlan;
use read::InputPass;
use schema::load_schema;

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
    /// How many rows one file of a table may hold: a table of more rows is written as a folder
    /// of parts in each format writing a file per table.
    pub split: Split,
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

/// The bytes of rows each of `tables` tables may hold while sorting by key, or `None` without a
/// key (the rows keep their input order).
fn sort_budget(options: &ExportOptions, tables: usize) -> Option<usize> {
    (!options.key.is_empty()).then(|| (options.sort_memory / tables).max(MIN_SORT_MEMORY))
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
                crate::validate::read_metadata_file(path, crate::seeds::DEFAULT_MAX_FILE_SIZE)?;
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
    let plan = TablePlan::new(
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
    let pipeline = Pipeline {
        specs: &specs,
        formats: &formats,
        name: &plan.tables[0].resource,
        dataset: None,
        about: &about,
        sort_budget: sort_budget(options, specs.len()),
        threads: crate::parallel::workers(),
        split: options.split,
    };
    let mut read = InputPass {
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
fn about(root: &plan::PlannedTable, schema: &Value) -> Vec<(String, String)> {
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
fn spec(plan: &TablePlan, t: usize) -> TableSpec {
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
        searched: Vec::new(),
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
    (plan, schema, metadata): (&TablePlan, &Value, Option<&DatasetMetadata>),
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
    let package = package::datapackage((plan, specs), schema, metadata, (hashes, formats))?;
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
