//! Staleness of the generated files: `schema/` and `dist/` are generated afresh in a temporary
//! folder and compared, file by file, with the committed ones, which are only read; so is
//! `CITATION.cff`.

use std::path::Path;

use crate::error::Error;
use crate::output::files;
use crate::publish::{self, SORT_BUDGET};
use crate::validate::{Options, Validation};

/// What a check found.
#[derive(Debug)]
pub struct Check {
    /// The seeds' validation; when it found problems, nothing was compared.
    pub validation: Validation,
    /// Each committed file that differs, is missing or should not be there, as a sentence.
    pub stale: Vec<String>,
}

/// Generates the schema, the dataset and the citation of the seeds under `seeds`, and compares
/// them with the committed `schema_dir`, `out` and `citation`.
pub fn check(
    seeds: &Path,
    out: &Path,
    schema_dir: &Path,
    citation: &Path,
    options: Options,
) -> Result<Check, Error> {
    let fresh =
        tempfile::tempdir().map_err(Error::io(std::env::temp_dir(), "create a folder in"))?;
    let schema_fresh = fresh.path().join("schema");
    crate::schema::write(&schema_fresh)?;
    let mut stale = compare(&schema_fresh, schema_dir)?;
    let build = publish::build(seeds, &fresh.path().join("dist"), options, SORT_BUDGET)?;
    if let Some(staging) = &build.staging {
        stale.extend(compare(staging.path(), out)?);
    }
    if let Some(metadata) = &build.metadata {
        let want = crate::export::citation::cff(metadata);
        match std::fs::read(citation) {
            Ok(actual) if actual == want.as_bytes() => {}
            Ok(_) => stale.push(format!("{} differs", citation.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("{} is missing", citation.display()));
            }
            Err(e) => return Err(Error::io(citation, "read")(e)),
        }
    }
    Ok(Check {
        validation: build.validation,
        stale,
    })
}

/// The files of `committed` that differ from those of `fresh`, are missing, or should not be
/// there.
fn compare(fresh: &Path, committed: &Path) -> Result<Vec<String>, Error> {
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
