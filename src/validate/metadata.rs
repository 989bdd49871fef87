//! The dataset's metadata file, `dataset.json` at the root of the seeds folder: read strictly
//! (no key twice), held to `schema/dataset.schema.json`, and typed. Its problems are diagnostics
//! like any seeds file's, placed at their line and column.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::model::metadata::{DatasetMetadata, METADATA_FILE};
use crate::seeds::{self, Seeds};

use super::schema::SchemaChecker;

/// The compiled metadata schema, built once per process.
fn checker() -> Result<&'static SchemaChecker, Error> {
    static CHECKER: std::sync::OnceLock<Result<SchemaChecker, String>> = std::sync::OnceLock::new();
    CHECKER
        .get_or_init(|| {
            SchemaChecker::new(crate::schema::dataset_schema()).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Internal(format!("the dataset metadata schema does not compile: {e}")))
}

/// The metadata file as read: the metadata when it is valid, and otherwise its problems.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The metadata, when the file is valid.
    pub(crate) metadata: Option<DatasetMetadata>,
    /// The file's problems.
    pub(crate) report: Report,
    /// The file's text, by displayed path, when it has problems to show in it.
    pub(crate) files: BTreeMap<String, String>,
}

/// Reads and checks the metadata of the seeds folder `seeds`.
pub(crate) fn read(seeds: Seeds<'_>) -> Result<Loaded, Error> {
    let mut loaded = Loaded::default();
    loaded.metadata = load(seeds, &mut loaded.report, &mut loaded.files)?;
    Ok(loaded)
}

/// Reads and checks the metadata file at `path` (given on the command line): its problems are
/// diagnostics, as in a seeds folder; a missing file is an I/O error.
pub(crate) fn read_file(path: &Path, max_file_size: u64) -> Result<Loaded, Error> {
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "the metadata file {} does not exist",
            path.display()
        )));
    }
    let mut loaded = Loaded::default();
    let display = path.display().to_string();
    loaded.metadata = load_at(
        (path, display),
        max_file_size,
        true,
        &mut loaded.report,
        &mut loaded.files,
    )?;
    Ok(loaded)
}

/// Reads and checks the metadata of the seeds folder `seeds`. Problems go to `report`, and the
/// file's text to `files` when it has any; the metadata is given when it is valid.
fn load(
    seeds: Seeds<'_>,
    report: &mut Report,
    files: &mut BTreeMap<String, String>,
) -> Result<Option<DatasetMetadata>, Error> {
    let path = seeds.root.join(METADATA_FILE);
    let display = seeds::display_path(seeds.root, METADATA_FILE);
    if !path.exists() {
        report.push(
            Diagnostic::new(
                Rule::MetadataMissing,
                &display,
                "the seeds folder has no dataset metadata file",
            )
            .found("no file")
            .expected(format!(
                "`{METADATA_FILE}` holding the dataset's name, title, description, version, licence, creators and language, as `schema/{}` says",
                crate::schema::DATASET_SCHEMA_FILE
            )),
        );
        return Ok(None);
    }
    load_at((&path, display), seeds.max_file_size, false, report, files)
}

/// Reads and checks the metadata file at `path`, shown as `display`. A file given on the command
/// line (`given`) may leave out `$schema`, which only helps editors check the file as it is typed.
fn load_at(
    (path, display): (&Path, String),
    max_file_size: u64,
    given: bool,
    report: &mut Report,
    files: &mut BTreeMap<String, String>,
) -> Result<Option<DatasetMetadata>, Error> {
    let mut own = Report::default();
    let Some(bytes) = seeds::read_bytes(path, &display, max_file_size, &mut own)? else {
        report.diagnostics.extend(own.diagnostics);
        return Ok(None);
    };
    let mut file = match seeds::parse(display.clone(), bytes, &mut own) {
        Ok(file) => file,
        Err(text) => {
            if let Some(text) = text {
                files.insert(display, text);
            }
            report.diagnostics.extend(own.diagnostics);
            return Ok(None);
        }
    };
    if let (true, serde_json::Value::Object(fields)) = (given, &mut file.value) {
        fields
            .entry("$schema")
            .or_insert_with(|| crate::schema::DATASET_SCHEMA_FILE.into());
    }
    let mut metadata = None;
    if checker()?.check(&file, &mut own) {
        match serde_json::from_value::<DatasetMetadata>(file.value.clone()) {
            Ok(typed) => metadata = Some(typed),
            Err(e) => own.push(Diagnostic::new(Rule::Schema, &display, e.to_string())),
        }
    }
    if !own.is_empty() {
        files.insert(display, file.text);
        report.diagnostics.extend(own.diagnostics);
    }
    Ok(metadata)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Option<DatasetMetadata>, Report) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(METADATA_FILE), text).unwrap();
        let mut report = Report::default();
        let mut files = BTreeMap::new();
        let seeds = Seeds {
            root: dir.path(),
            max_file_size: 1 << 20,
        };
        let metadata = load(seeds, &mut report, &mut files).unwrap();
        (metadata, report)
    }

    const VALID: &str = r#"{
  "$schema": "../schema/dataset.schema.json",
  "name": "a-dataset",
  "title": "A dataset",
  "description": "Some records.",
  "version": "1.2.3",
  "license": { "id": "CC-BY-4.0", "title": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/" },
  "creators": [{ "name": "The contributors", "kind": "organization" }],
  "language": ["en"]
}"#;

    #[test]
    fn a_valid_file_gives_its_metadata() {
        let (metadata, report) = load_text(VALID);
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(metadata.unwrap().version, "1.2.3");
    }

    #[test]
    fn a_bad_version_is_placed_at_its_line() {
        let (metadata, report) = load_text(&VALID.replace("1.2.3", "v1.2"));
        assert!(metadata.is_none());
        let d = &report.diagnostics[0];
        assert_eq!(d.rule, Rule::Schema);
        assert_eq!(d.line, Some(6));
        assert_eq!(d.pointer.as_deref(), Some("/version"));
    }

    #[test]
    fn a_missing_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut report = Report::default();
        let seeds = Seeds {
            root: dir.path(),
            max_file_size: 1 << 20,
        };
        let metadata = load(seeds, &mut report, &mut BTreeMap::new()).unwrap();
        assert!(metadata.is_none());
        assert_eq!(report.diagnostics[0].rule, Rule::MetadataMissing);
    }
}
