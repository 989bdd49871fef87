//! Validation of a seeds folder: syntax and encoding, the JSON Schema, then the integrity rules,
//! collecting every problem into one report.

pub(crate) mod blobs;
pub(crate) mod context;
pub(crate) mod cover;
pub(crate) mod evidence;
pub(crate) mod idblocks;
pub(crate) mod idfile;
pub(crate) mod ids;
pub(crate) mod integrity;
pub(crate) mod links;
pub(crate) mod mentions;
pub(crate) mod metadata;
pub(crate) mod naming;
mod parts;
pub(crate) mod plan;
mod read;
pub(crate) mod schema;
pub(crate) mod sources;
pub(crate) mod spots;
mod spreadsheet;
pub(crate) mod status;
pub(crate) mod typed;
pub(crate) mod wording;

use std::collections::BTreeMap;
use std::path::Path;

pub use crate::checked::Checked;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::seeds;
pub(crate) use metadata::read_file as read_metadata_file;
pub(crate) use parts::check_parts;
pub(crate) use plan::{Part, Plan};
pub(crate) use sources::TextStore;

/// Settings of a validation run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The largest seeds file or source text read, in bytes.
    pub max_file_size: u64,
    /// Whether to show a progress bar while files are checked (only ever drawn on a terminal).
    pub progress: bool,
    /// How many threads check seeds files.
    pub threads: usize,
    /// The most bytes the index of ids takes in memory before it moves to a scratch folder
    /// on disk.
    pub index_memory: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: seeds::DEFAULT_MAX_FILE_SIZE,
            progress: false,
            threads: crate::parallel::workers(),
            index_memory: INDEX_MEMORY,
        }
    }
}

/// The most bytes the index of ids (and, apart from it, the mentions) takes in memory by default:
/// about half a million short ids.
pub const INDEX_MEMORY: usize = 32 << 20;

impl Options {
    /// The seeds folder `root` read with these options' size limit.
    pub(crate) fn seeds(self, root: &Path) -> seeds::Seeds<'_> {
        seeds::Seeds {
            root,
            max_file_size: self.max_file_size,
        }
    }

    /// The index's budget, spilling into `scratch` past it.
    pub(crate) fn index_budget(&self, scratch: &Path) -> ids::Budget {
        ids::Budget {
            bytes: self.index_memory,
            scratch: scratch.to_path_buf(),
        }
    }
}

/// The outcome of validating a seeds folder.
#[derive(Debug)]
pub struct Validation {
    /// Every problem found.
    pub report: Report,
    /// The text of every seeds file with a problem, by displayed path, for rendering the report.
    pub(crate) files: BTreeMap<String, String>,
    /// The whole checked dataset, when there were no problems and it was asked for.
    pub checked: Option<Checked>,
}

impl Validation {
    /// The report rendered for people.
    #[must_use]
    pub fn render(&self) -> String {
        self.report.render(&self.files)
    }
}

/// Validates every seeds file under `root`, keeping nothing but the problems.
pub fn check(root: &Path, options: Options) -> Result<Validation, Error> {
    let budget = options.index_budget(&std::env::temp_dir());
    let plan = plan::plan(options.seeds(root), options.threads, budget)?;
    let loaded = metadata::read(options.seeds(root))?;
    check_parts(root, &plan, options, loaded, |_| Ok(()), |_, ()| Ok(()))
}

/// Validates every seeds file under `root`, keeping the whole checked dataset.
pub fn validate(root: &Path, options: Options) -> Result<Validation, Error> {
    let budget = options.index_budget(&std::env::temp_dir());
    let plan = plan::plan(options.seeds(root), options.threads, budget)?;
    let mut all = Checked::default();
    let loaded = metadata::read(options.seeds(root))?;
    let mut validation = check_parts(root, &plan, options, loaded, Ok, |_, checked| {
        all.append(checked);
        Ok(())
    })?;
    validation.checked = validation.report.is_empty().then_some(all);
    Ok(validation)
}
