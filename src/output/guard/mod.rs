//! Where a command may write: never into, over or above the seeds or schema folders, nor over or
//! above the current folder, the repository root or the home folder, and only over a folder that
//! is new, empty or an earlier output of this tool, so that a mistyped `--out` destroys nothing.
//!
//! Paths are compared canonicalised, symbolic links followed; an output that does not exist yet
//! is its nearest existing ancestor canonicalised with the rest appended.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use super::sums::{self, SUMS_FILE};
use crate::error::Error;

/// A folder a command reads, which its output must keep clear of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Protect<'a> {
    /// A seeds folder: the output may not be it, lie inside it or contain it.
    Seeds(&'a Path),
    /// A file the command reads (a record schema, the records): the output may not be the folder
    /// holding it, nor contain that folder.
    Input(&'a Path),
}

/// What a command does to its output folder, and so what the folder may already hold.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Writes<'a> {
    /// Replaces the folder as a whole (`build`, `export`, `synth`): it must be new, empty or an
    /// earlier output, recognised by a `SHA256SUMS` listing every other file in it.
    Replace,
    /// Writes these files into the folder and leaves the rest of it alone (`schema`): it may hold
    /// no other entry. The schema folders are not protected then (writing one is the point),
    /// the seeds folders are.
    Files(&'a [&'a str]),
}

/// Fails with [`Error::Refused`] when writing `out` as `writes` says could destroy something:
/// see the [module](self) for the rules. Reads only; changes nothing.
pub(crate) fn check(out: &Path, writes: Writes<'_>, protect: &[Protect<'_>]) -> Result<(), Error> {
    check_from(&Places::here()?, out, writes, protect)
}

/// Fails with [`Error::Refused`] when the folder `out` holds anything `writes` may not replace;
/// a missing `out`, or one that is not a folder, passes.
pub(crate) fn check_contents(out: &Path, writes: Writes<'_>) -> Result<(), Error> {
    if !out.is_dir() {
        return Ok(());
    }
    let found = foreign(out, writes, LIST_LIMIT)?;
    if found.names.is_empty() {
        return Ok(());
    }
    Err(refused(
        out,
        format!(
            "holds files this tool did not write: {}; choose an empty or new folder",
            found.summary()
        ),
    ))
}

/// The folders every command keeps clear of, wherever it writes.
#[derive(Debug, Clone)]
pub(crate) struct Places {
    /// The current folder, canonical.
    pub(crate) cwd: PathBuf,
    /// The nearest ancestor of the current folder (itself included) holding `.git`.
    pub(crate) repo: Option<PathBuf>,
    /// The home folder (`$HOME`), canonical.
    pub(crate) home: Option<PathBuf>,
}

impl Places {
    /// The places of this process.
    pub(crate) fn here() -> Result<Self, Error> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .map_err(Error::io(".", "find the current folder"))?;
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| resolve(&cwd, Path::new(&h)));
        Ok(Places::new(cwd, home))
    }

    /// The places for the canonical current folder `cwd`, and `home`.
    #[must_use]
    pub(crate) fn new(cwd: PathBuf, home: Option<PathBuf>) -> Self {
        let repo = cwd
            .ancestors()
            .find(|a| a.join(".git").symlink_metadata().is_ok())
            .map(Path::to_path_buf);
        Places { cwd, repo, home }
    }
}

/// [`check`] with the given current folder, repository and home.
pub(crate) fn check_from(
    places: &Places,
    out: &Path,
    writes: Writes<'_>,
    protect: &[Protect<'_>],
) -> Result<(), Error> {
    let target = check_place(places, out, writes, protect)?;
    check_contents(&target, writes).map_err(|e| match e {
        Error::Refused { reason, .. } => refused(out, reason),
        other => other,
    })
}

/// Fails with [`Error::Refused`] when `out` is, lies inside (where that is refused) or contains
/// a folder kept clear of; otherwise gives `out` resolved (see [`resolve`]). Shared by folders
/// and single files (`output::file`).
pub(crate) fn check_place(
    places: &Places,
    out: &Path,
    writes: Writes<'_>,
    protect: &[Protect<'_>],
) -> Result<PathBuf, Error> {
    let target = resolve(&places.cwd, out);
    let guarded = guarded(places, writes, protect);
    let shown = out.display().to_string();
    for g in &guarded {
        if target == g.path {
            let aside = if g.shown == shown {
                String::new()
            } else {
                format!(" `{}`", g.shown)
            };
            return Err(refused(out, format!("is {}{aside}: {}", g.label, g.rule())));
        }
    }
    for g in guarded.iter().filter(|g| g.inside_too) {
        if target.starts_with(&g.path) {
            return Err(refused(
                out,
                format!("lies inside {} `{}`: {}", g.label, g.shown, g.rule()),
            ));
        }
    }
    for g in &guarded {
        if g.path.starts_with(&target) {
            return Err(refused(
                out,
                format!("contains {} `{}`: {}", g.label, g.shown, g.rule()),
            ));
        }
    }
    Ok(target)
}

/// A folder kept clear of.
#[derive(Debug)]
struct Guarded {
    /// Canonical.
    path: PathBuf,
    /// What it is, e.g. `the seeds folder`.
    label: String,
    /// The path as the user gave it, or canonical.
    shown: String,
    /// Whether an output inside it is refused too (or only one that is it or contains it).
    inside_too: bool,
}

impl Guarded {
    fn rule(&self) -> &'static str {
        if self.inside_too {
            "the output may not be it, lie inside it or contain it"
        } else {
            "the output may not be it or contain it"
        }
    }
}

/// Every folder to keep clear of, in the order their messages are preferred.
fn guarded(places: &Places, writes: Writes<'_>, protect: &[Protect<'_>]) -> Vec<Guarded> {
    let around = |path: &Path, label: &str| Guarded {
        path: path.to_path_buf(),
        label: label.to_owned(),
        shown: path.display().to_string(),
        inside_too: false,
    };
    let mut all = vec![around(&places.cwd, "the current folder")];
    all.extend(
        places
            .repo
            .as_deref()
            .map(|r| around(r, "the repository root")),
    );
    all.extend(places.home.as_deref().map(|h| around(h, "the home folder")));
    all.push(around(Path::new("/"), "the root folder"));
    for p in protect {
        let (path, label, inside_too) = match *p {
            Protect::Seeds(path) => (path.to_path_buf(), "the seeds folder".to_owned(), true),
            Protect::Input(file) => (
                super::parent_of(file).to_path_buf(),
                format!("the folder holding `{}`", file.display()),
                false,
            ),
        };
        all.push(Guarded {
            path: resolve(&places.cwd, &path),
            label,
            shown: path.display().to_string(),
            inside_too,
        });
    }
    // The seeds and schema folders of the current folder and of the repository, unless they
    // hold nothing to lose: nothing at all, or an earlier output (a synthetic seeds folder).
    let bases = std::iter::once(&places.cwd).chain(places.repo.as_ref());
    for base in bases {
        for (name, label) in [
            ("seeds", "the seeds folder"),
            ("schema", "the schema folder"),
        ] {
            if name == "schema" && matches!(writes, Writes::Files(_)) {
                continue;
            }
            let path = resolve(base, Path::new(name));
            if !path.is_dir() || all.iter().any(|g| g.path == path) {
                continue;
            }
            // One that cannot be read stays protected.
            if foreign(&path, Writes::Replace, 1).is_ok_and(|f| f.names.is_empty()) {
                continue;
            }
            let shown = path
                .strip_prefix(&places.cwd)
                .map_or_else(|_| path.display().to_string(), |r| r.display().to_string());
            all.push(Guarded {
                path,
                label: label.to_owned(),
                shown,
                inside_too: true,
            });
        }
    }
    all
}

pub(crate) fn refused(out: &Path, reason: String) -> Error {
    Error::Refused {
        path: out.to_path_buf(),
        reason,
    }
}

/// `path` made absolute against the canonical `cwd`, with every existing part canonicalised
/// (symbolic links followed) and the part that does not exist yet appended.
#[must_use]
pub(crate) fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    let mut at = if path.is_absolute() {
        PathBuf::new()
    } else {
        cwd.to_path_buf()
    };
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => at.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                at.push(name);
                if let Ok(real) = at.canonicalize() {
                    at = real;
                }
            }
        }
    }
    at
}

/// The most foreign entries listed before giving up on walking a folder.
const LIST_LIMIT: usize = 1000;

/// The entries of a folder a command may not replace.
#[derive(Debug, Default)]
struct Foreign {
    /// Paths relative to the folder, `/`-separated; a folder ends with `/`.
    names: Vec<String>,
    /// Whether the walk stopped at the limit.
    more: bool,
}

impl Foreign {
    /// A few names, sorted, then `…` and how many more.
    fn summary(mut self) -> String {
        const SHOWN: usize = 3;
        self.names.sort();
        let rest = self.names.len().saturating_sub(SHOWN);
        let mut text = self.names[..self.names.len().min(SHOWN)].join(", ");
        if rest > 0 {
            let at_least = if self.more { "at least " } else { "" };
            let _ = write!(text, ", … and {at_least}{rest} more");
        }
        text
    }
}

/// The entries of `dir` that `writes` may not replace, up to `limit` of them.
fn foreign(dir: &Path, writes: Writes<'_>, limit: usize) -> Result<Foreign, Error> {
    let mut found = Foreign::default();
    match writes {
        Writes::Replace => {
            let listed = listed_in_sums(dir);
            walk(dir, "", listed.as_ref(), limit, &mut found)
                .map_err(Error::io(dir, "list the output folder"))?;
        }
        Writes::Files(names) => {
            let entries =
                std::fs::read_dir(dir).map_err(Error::io(dir, "list the output folder"))?;
            for entry in entries {
                let entry = entry.map_err(Error::io(dir, "list the output folder"))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let kind = entry.file_type().ok();
                if kind.is_some_and(|k| k.is_file()) && names.contains(&name.as_str()) {
                    continue;
                }
                let slash = if kind.is_some_and(|k| k.is_dir()) {
                    "/"
                } else {
                    ""
                };
                found.names.push(format!("{name}{slash}"));
                if found.names.len() >= limit {
                    found.more = true;
                    break;
                }
            }
        }
    }
    Ok(found)
}

/// Walks `dir` (at `rel` below the output), noting every entry that is not a folder and not
/// listed. A subfolder that cannot be read counts as foreign; the output itself must be readable.
fn walk(
    dir: &Path,
    rel: &str,
    listed: Option<&HashSet<String>>,
    limit: usize,
    found: &mut Foreign,
) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if rel.is_empty() => return Err(e),
        Err(_) => {
            found.names.push(format!("{rel}/"));
            return Ok(());
        }
    };
    for entry in entries {
        if found.names.len() >= limit {
            found.more = true;
            return Ok(());
        }
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), &path, listed, limit, found)?;
        } else if !listed.is_some_and(|l| path == SUMS_FILE || l.contains(&path)) {
            found.names.push(path);
        }
    }
    Ok(())
}

/// The files a `SHA256SUMS` in `dir` lists, when there is one in this tool's format.
fn listed_in_sums(dir: &Path) -> Option<HashSet<String>> {
    const MAX_SUMS: u64 = 16 << 20;
    let path = dir.join(SUMS_FILE);
    let meta = path.symlink_metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_SUMS {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    Some(sums::parse(&text).ok()?.into_keys().collect())
}

#[cfg(test)]
mod tests;
