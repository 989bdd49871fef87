//! Staleness of the generated files: `schema/` and `dist/` are generated afresh in a temporary
//! folder and compared, file by file, with the committed ones, which are only read; so is
//! `CITATION.cff`.

use std::path::Path;

use parquet::file::reader::FileReader as _;

use crate::build::{self, SORT_BUDGET};
use crate::error::Error;
use crate::output::files;
use crate::validate::{Options, Validation};

/// What comparing the committed files with freshly generated ones found.
#[derive(Debug)]
pub struct Staleness {
    /// The seeds' validation; when it found problems, nothing was compared.
    pub validation: Validation,
    /// Each committed file that differs, is missing or should not be there, as a sentence.
    pub stale: Vec<String>,
}

/// Generates the schema, the dataset and the citation of the seeds under `seeds`, and compares
/// them with the committed `schema_dir`, `out` and `citation`.
pub fn compare(
    seeds: &Path,
    out: &Path,
    schema_dir: &Path,
    citation: &Path,
    options: Options,
) -> Result<Staleness, Error> {
    let fresh =
        tempfile::tempdir().map_err(Error::io(std::env::temp_dir(), "create a folder in"))?;
    let schema_fresh = fresh.path().join("schema");
    crate::schema::write(&schema_fresh)?;
    let mut stale = compare_folder(&schema_fresh, schema_dir)?;
    let build = build::build(seeds, &fresh.path().join("dist"), options, SORT_BUDGET)?;
    if let Some(staging) = &build.staging {
        stale.extend(compare_folder(staging.path(), out)?);
    }
    if let Some(metadata) = &build.metadata {
        stale.extend(versions(&metadata.version, out, citation)?);
        let want = crate::describe::cff::cff(metadata, &build.articles);
        match std::fs::read(citation) {
            Ok(actual) if actual == want.as_bytes() => {}
            Ok(_) => stale.push(format!("{} differs", citation.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("{} is missing", citation.display()));
            }
            Err(e) => return Err(Error::io(citation, "read")(e)),
        }
    }
    Ok(Staleness {
        validation: build.validation,
        stale,
    })
}

/// The committed files that carry a dataset version other than `version`, the metadata file's,
/// each named with the version it carries: the data package, the Croissant file, every Parquet
/// file's metadata and `CITATION.cff`. (A file missing or unreadable is named by the comparison.)
fn versions(version: &str, out: &Path, citation: &Path) -> Result<Vec<String>, Error> {
    let mut carried: Vec<(std::path::PathBuf, Option<String>)> = Vec::new();
    for rel in [
        "datapackage.json",
        crate::describe::croissant::CROISSANT_FILE,
    ] {
        let path = out.join(rel);
        if let Ok(text) = std::fs::read_to_string(&path) {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            carried.push((path, value["version"].as_str().map(str::to_owned)));
        }
    }
    if let Ok(text) = std::fs::read_to_string(citation) {
        let found = text
            .lines()
            .find_map(|l| l.strip_prefix("version: "))
            .and_then(|v| serde_json::from_str::<String>(v).ok());
        carried.push((citation.to_path_buf(), found));
    }
    let parquet = out.join("parquet");
    if parquet.is_dir() {
        for rel in files(&parquet)? {
            let path = parquet.join(&rel);
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let Ok(reader) = parquet::file::reader::SerializedFileReader::new(file) else {
                continue;
            };
            let found = reader
                .metadata()
                .file_metadata()
                .key_value_metadata()
                .and_then(|kv| kv.iter().find(|kv| kv.key == "dataset_version"))
                .and_then(|kv| kv.value.clone());
            carried.push((path, found));
        }
    }
    Ok(carried
        .into_iter()
        .filter(|(_, found)| found.as_deref() != Some(version))
        .map(|(path, found)| {
            format!(
                "{} carries dataset version {}, not {version} of the metadata file",
                path.display(),
                found.as_deref().unwrap_or("(none)")
            )
        })
        .collect())
}

/// The files of `committed` that differ from those of `fresh`, are missing, or should not be
/// there.
fn compare_folder(fresh: &Path, committed: &Path) -> Result<Vec<String>, Error> {
    let mut stale = Vec::new();
    let expected = files(fresh)?;
    for rel in &expected {
        let path = committed.join(rel);
        let want = std::fs::read(fresh.join(rel)).map_err(Error::io(fresh.join(rel), "read"))?;
        match std::fs::read(&path) {
            Ok(actual) if actual == want => {}
            Ok(_) => stale.push(format!("{} differs", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("{} is missing", path.display()));
            }
            Err(e) => return Err(Error::io(&path, "read")(e)),
        }
    }
    if committed.is_dir() {
        for rel in files(committed)? {
            if expected.binary_search(&rel).is_err() {
                stale.push(format!(
                    "{} should not be there",
                    committed.join(&rel).display()
                ));
            }
        }
    }
    Ok(stale)
}
