//! Source texts: each article's text file is found inside the seeds folder, read, and checked
//! against its recorded SHA-256.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::context::Context;
use super::plan::Plan;
use crate::checked::{SourceText, Texts};
use crate::dataset::Dataset;
use crate::diagnostic::{Report, Rule};
use crate::error::Error;
use crate::model::serde_name;
use crate::model::{Source, SourceKind};
use crate::seeds::{Seeds, display_path, read_text};

/// Why a source's text path is refused, or `None` when it is a plain relative path.
fn path_problem(path: &str) -> Option<&'static str> {
    if path.contains('\\') {
        Some("uses a backslash; write paths with `/`")
    } else if Path::new(path).is_absolute() {
        Some("is absolute")
    } else if Path::new(path)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        Some("climbs out with `..`")
    } else {
        None
    }
}

/// The file a source's text `path` names, inside the seeds folder, or why it is refused.
fn resolve(root: &Path, canonical_root: &Path, path: &str) -> Result<PathBuf, String> {
    if let Some(problem) = path_problem(path) {
        return Err(problem.to_owned());
    }
    match root.join(path).canonicalize() {
        Err(e) => Err(format!("cannot be opened ({e})")),
        Ok(c) if !c.starts_with(canonical_root) => {
            Err("leads outside the seeds folder through a link".to_owned())
        }
        Ok(c) => Ok(c),
    }
}

/// Why a source's text could not be used.
enum Unusable {
    /// Its path is refused: why.
    Path(String),
    /// It could not be read as UTF-8 text within the size limit (reported as it was read).
    Unreadable,
    /// It hashes to this instead of its recorded SHA-256.
    Hash(String),
}

/// Reads the text of every article of `dataset` (one seeds file) through `store`, checking its
/// kind's fields, path and hash, and reporting what is wrong.
pub(crate) fn load(
    ctx: &mut Context<'_>,
    dataset: &Dataset,
    store: &TextStore<'_>,
) -> Result<Texts, Error> {
    let mut texts = Texts::new();
    for located in &dataset.sources {
        let (s, at) = (&located.record, &located.at);
        if !kind_fits(ctx, located) {
            continue;
        }
        let (Some(path), Some(sha)) = (&s.path, &s.sha256) else {
            continue;
        };
        let d = match store.open(path, sha, ctx.report)? {
            Ok(text) => {
                texts.insert(s.id.0.clone(), Arc::new(text));
                continue;
            }
            Err(Unusable::Unreadable) => continue,
            Err(Unusable::Path(why)) => ctx
                .diagnostic(
                    Rule::SourcePath,
                    at,
                    "/path",
                    Some(&s.id),
                    format!("source path {why}"),
                )
                .found(format!("`{path}`"))
                .expected("a relative path to a file inside the seeds folder"),
            Err(Unusable::Hash(actual)) => ctx
                .diagnostic(
                    Rule::SourceHash,
                    at,
                    "/sha256",
                    Some(&s.id),
                    "source text does not match its SHA-256",
                )
                .found(format!("text of `{path}` hashes to {actual}"))
                .expected(format!(
                    "{sha}, or update sha256 if the text was meant to change"
                )),
        };
        ctx.report.push(d);
    }
    Ok(texts)
}

/// The texts a [`TextStore`] has read (`None` for one that failed its checks), and their size.
type Cache = (HashMap<String, Option<Arc<SourceText>>>, usize);

/// The bytes of text a [`TextStore`] keeps before it forgets what it read.
const STORE_BUDGET: usize = 8 << 20;

/// The texts of articles defined anywhere in the seeds, read when first needed and kept while
/// they fit a budget. A text that fails its checks is given as missing: the file defining its
/// source reports why.
pub(crate) struct TextStore<'p> {
    seeds: Seeds<'p>,
    canonical_root: PathBuf,
    plan: &'p Plan,
    cache: Mutex<Cache>,
    /// The first error met reading what the first pass kept of a source.
    failure: Mutex<Option<Error>>,
}

impl<'p> TextStore<'p> {
    /// A store of the texts of the sources of `plan`, read from the seeds folder `seeds`.
    pub(crate) fn new(seeds: Seeds<'p>, plan: &'p Plan) -> Result<Self, Error> {
        let root = seeds.root;
        Ok(TextStore {
            seeds,
            canonical_root: root.canonicalize().map_err(Error::io(root, "resolve"))?,
            plan,
            cache: Mutex::new((HashMap::new(), 0)),
            failure: Mutex::new(None),
        })
    }

    /// The checked text of source `id`, if it has one.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<SourceText>> {
        let lock = || {
            self.cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(found) = lock().0.get(id) {
            return found.clone();
        }
        let text = self.read(id).map(Arc::new);
        let mut cache = lock();
        let size = text.as_ref().map_or(0, |t| t.text.len());
        if cache.1 + size > STORE_BUDGET {
            cache.0.clear();
            cache.1 = 0;
        }
        cache.1 += size;
        cache.0.insert(id.to_owned(), text.clone());
        text
    }

    /// The first error met reading what the first pass kept of a source, if any: the texts
    /// given as missing since may not be.
    pub(crate) fn failure(&self) -> Option<Error> {
        let mut failure = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        failure.take()
    }

    fn read(&self, id: &str) -> Option<SourceText> {
        let info = match self.plan.source(id) {
            Ok(info) => info?,
            Err(error) => {
                let mut failure = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
                failure.get_or_insert(error);
                return None;
            }
        };
        let (path, sha) = (info.path.as_ref()?, info.sha256.as_ref()?);
        self.open(path, sha, &mut Report::default()).ok()?.ok()
    }

    /// Reads the text at `path` (relative to the seeds folder), checking that it stays inside the
    /// folder and hashes to `sha`; problems met while reading go to `report`.
    fn open(
        &self,
        path: &str,
        sha: &str,
        report: &mut Report,
    ) -> Result<Result<SourceText, Unusable>, Error> {
        let resolved = match resolve(self.seeds.root, &self.canonical_root, path) {
            Ok(resolved) => resolved,
            Err(why) => return Ok(Err(Unusable::Path(why))),
        };
        let display = display_path(self.seeds.root, path);
        let Some(text) = read_text(&resolved, &display, self.seeds.max_file_size, report)? else {
            return Ok(Err(Unusable::Unreadable));
        };
        let actual = crate::hash::sha256_hex(text.as_bytes());
        Ok(if actual == sha {
            Ok(SourceText::new(path.to_owned(), text))
        } else {
            Err(Unusable::Hash(actual))
        })
    }
}

/// Articles need a text and its hash; outlets have neither.
fn kind_fits(ctx: &mut Context<'_>, located: &crate::dataset::Located<Source>) -> bool {
    let (s, at) = (&located.record, &located.at);
    let article = s.kind == SourceKind::Article;
    let mut ok = true;
    for (field, present) in [("path", s.path.is_some()), ("sha256", s.sha256.is_some())] {
        if article != present {
            let (message, expected) = if article {
                (
                    format!("an article needs `{field}`"),
                    format!("a `{field}` for the article's text"),
                )
            } else {
                (
                    format!("only articles have `{field}`"),
                    format!("no `{field}` on an outlet"),
                )
            };
            let sub = if article {
                String::new()
            } else {
                format!("/{field}")
            };
            let d = ctx
                .diagnostic(Rule::SourceKind, at, &sub, Some(&s.id), message)
                .found(format!("kind {}", serde_name(&s.kind)))
                .expected(expected);
            ctx.report.push(d);
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The block index gives the character offset of every character boundary, as counting
        /// from the start does.
        #[test]
        fn chars_before_counts_as_chars_does(text in "(\\PC|[é—“”‘’ёж]){0,700}|[a]{256}|[a]{512}") {
            let source = SourceText::new("a.txt".into(), text.clone());
            for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                prop_assert_eq!(source.chars_before(byte), text[..byte].chars().count());
            }
        }
    }
}
