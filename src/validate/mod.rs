//! Validation of a seeds folder: syntax and encoding, the JSON Schema, then the integrity rules,
//! collecting every problem into one report.

pub mod context;
pub mod evidence;
pub mod integrity;
pub mod schema;
pub mod sources;
pub mod spreadsheet;
pub mod wording;

use std::collections::BTreeMap;
use std::path::Path;

use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::model::SeedsFile;
use crate::seeds::{self, SeedsText};
pub use evidence::{QuoteSpan, Spans};
pub use sources::{SourceText, sha256_hex};

/// Settings of a validation run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The largest seeds file or source text read, in bytes.
    pub max_file_size: u64,
    /// Whether to show a progress bar while files are checked (only ever drawn on a terminal).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: seeds::DEFAULT_MAX_FILE_SIZE,
            progress: false,
        }
    }
}

/// A dataset that passed every check, with what export needs.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The records.
    pub dataset: Dataset,
    /// The text of each article, by source id.
    pub texts: BTreeMap<String, SourceText>,
    /// Where every quote stands in its source's text.
    pub spans: Spans,
}

/// The outcome of validating a seeds folder.
#[derive(Debug)]
pub struct Validation {
    /// Every problem found.
    pub report: Report,
    /// The text of every seeds file read, by displayed path, for rendering the report.
    pub files: BTreeMap<String, String>,
    /// The checked dataset, when there were no problems.
    pub checked: Option<Checked>,
}

impl Validation {
    /// The report rendered for people.
    #[must_use]
    pub fn render(&self) -> String {
        self.report.render(&self.files)
    }
}

/// The compiled seeds schema, built once per process.
fn seeds_checker() -> Result<&'static schema::SchemaChecker, Error> {
    static CHECKER: std::sync::OnceLock<Result<schema::SchemaChecker, String>> =
        std::sync::OnceLock::new();
    CHECKER
        .get_or_init(|| {
            schema::SchemaChecker::new(crate::schema::seeds_schema()).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Schema(e.clone()))
}

/// Validates every seeds file under `root`.
pub fn validate(root: &Path, options: Options) -> Result<Validation, Error> {
    let rels = seeds::discover(root)?;
    if rels.is_empty() {
        return Err(Error::Usage(format!(
            "no *.json seeds files found in {}",
            root.display()
        )));
    }
    let mut report = Report::default();
    let mut inputs = Vec::new();
    for rel in rels {
        let display = seeds::display_path(root, &rel);
        if let Some(bytes) = seeds::read_bytes(
            &root.join(&rel),
            &display,
            options.max_file_size,
            &mut report,
        )? {
            inputs.push((rel, bytes));
        }
    }
    validate_inputs(root, inputs, report, options)
}

/// Validates seeds files given as (path relative to `root`, bytes); `report` may already hold
/// problems found while reading them. Source texts are read from `root`.
pub fn validate_inputs(
    root: &Path,
    inputs: Vec<(String, Vec<u8>)>,
    mut report: Report,
    options: Options,
) -> Result<Validation, Error> {
    let schema_checker = seeds_checker()?;
    let mut files: Vec<SeedsText> = Vec::new();
    let mut dataset = Dataset::default();
    let mut complete = report.is_empty();
    let mut unparsed = BTreeMap::new();
    let bar = crate::generic::progress(options.progress, inputs.len());
    bar.set_message("checking");
    for (rel, bytes) in inputs {
        bar.inc(1);
        let display = seeds::display_path(root, &rel);
        let mut file = match seeds::parse(&rel, display.clone(), bytes, &mut report) {
            Ok(file) => file,
            Err(text) => {
                complete = false;
                unparsed.extend(text.map(|t| (display, t)));
                continue;
            }
        };
        spreadsheet::check(&file, &mut report);
        if schema_checker.check(&file, &mut report) {
            // The parsed tree is not needed once the records are typed; the text stays, for
            // placing later problems.
            match serde_json::from_value::<SeedsFile>(std::mem::take(&mut file.value)) {
                Ok(records) => dataset.add(files.len(), records),
                Err(e) => {
                    complete = false;
                    report.push(Diagnostic::new(Rule::Schema, &file.display, e.to_string()));
                }
            }
        } else {
            complete = false;
        }
        files.push(file);
    }
    bar.finish_and_clear();
    let mut ctx = context::Context::new(&files, &mut report, &dataset);
    ctx.complete = complete;
    integrity::check(&mut ctx, &dataset);
    let texts = sources::load(&mut ctx, &dataset, root, options.max_file_size)?;
    let spans = evidence::locate_all(&mut ctx, &dataset, &texts);
    wording::check(&mut ctx, &dataset, &texts);
    report.sort();
    let checked = report.is_empty().then_some(Checked {
        dataset,
        texts,
        spans,
    });
    let mut files: BTreeMap<String, String> =
        files.into_iter().map(|f| (f.display, f.text)).collect();
    files.extend(unparsed);
    Ok(Validation {
        report,
        files,
        checked,
    })
}
