//! The `citation` command: checks the seeds (by a build into a folder thrown away), makes
//! `CITATION.cff` from the metadata file and the articles (`describe::cff`), and writes it
//! over a citation file of this tool's only.

use std::path::Path;

use crate::build::{SORT_BUDGET, build};
use crate::describe::cff::{MARK, cff};
use crate::describe::sources::Article;
use crate::error::Error;
use crate::output::Protect;
use crate::output::file::{self, Own};
use crate::validate::{Options, Validation, metadata};

/// Where `CITATION.cff` is written and checked by default: the repository root.
pub const CITATION_FILE: &str = "CITATION.cff";

/// How a citation file this tool wrote is recognised: by its first comment.
const OWN: Own = Own::Mark {
    what: "a citation file",
    mark: MARK,
    schema: false,
};

/// What `seedtool citation` found: the metadata file's problems, and the citation when it has
/// none.
#[derive(Debug)]
pub struct Citation {
    /// The metadata file's problems.
    pub validation: Validation,
    /// The text of `CITATION.cff`, when the metadata file is valid.
    pub text: Option<String>,
}

/// The citation of the seeds under `root`: the metadata file's, with a reference to every
/// article of the `sources` table, which a build into a folder thrown away gives (so the seeds
/// are checked first, and invalid seeds get no citation).
pub fn citation(root: &Path, options: Options) -> Result<Citation, Error> {
    let scratch =
        tempfile::tempdir().map_err(Error::io(std::env::temp_dir(), "create a folder in"))?;
    let built = build(root, &scratch.path().join("dist"), options, SORT_BUDGET)?;
    if built.metadata.is_none() {
        return Ok(Citation {
            validation: built.validation,
            text: None,
        });
    }
    of_metadata(root, options, &built.articles)
}

/// Reads the metadata file of the seeds folder `root` and makes the citation from it and the
/// `articles` the seeds curate.
fn of_metadata(root: &Path, options: Options, articles: &[Article]) -> Result<Citation, Error> {
    let loaded = metadata::read(options.seeds(root))?;
    let text = loaded.metadata.as_ref().map(|m| cff(m, articles));
    let mut report = loaded.report;
    report.sort();
    Ok(Citation {
        validation: Validation {
            report,
            files: loaded.files,
            checked: None,
        },
        text,
    })
}

/// Writes `text` to the citation file `path`, replacing it whole; refused (see
/// [`crate::output::file`]) unless `path` ends in `.cff`, and inside the seeds folder `seeds` or
/// the schema folder, and over a file this tool did not write.
pub fn write(path: &Path, seeds: &Path, text: &str) -> Result<(), Error> {
    check(path, seeds)?;
    file::replace(path, text.as_bytes(), OWN, &[Protect::Seeds(seeds)])
}

/// Fails when [`write`] would refuse `path`; reads only.
pub fn check(path: &Path, seeds: &Path) -> Result<(), Error> {
    if path.extension().is_none_or(|e| e != "cff") {
        return Err(Error::Usage(format!(
            "`{}`: a citation file's name ends in `.cff`",
            path.display()
        )));
    }
    file::check(path, OWN, &[Protect::Seeds(seeds)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metadata::tests::example;

    #[test]
    fn a_file_is_replaced_whole_when_it_is_this_tools() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CITATION_FILE);
        let seeds = dir.path().join("seeds");
        write(&path, &seeds, &cff(&example(), &[])).unwrap();
        write(&path, &seeds, &format!("{MARK}\nnew\n")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{MARK}\nnew\n")
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        std::fs::write(&path, "cff-version: 1.2.0\n").unwrap();
        let refused = write(&path, &seeds, &cff(&example(), &[])).unwrap_err();
        assert!(matches!(refused, Error::Refused { .. }), "{refused}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "cff-version: 1.2.0\n"
        );
    }
}
