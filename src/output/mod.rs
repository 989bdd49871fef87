//! Atomic, guarded output: a folder's new contents are written beside it, then swapped in with
//! one rename, so that a failed or interrupted build leaves the previous folder complete and
//! untouched; and [`guard`] first refuses any output that could destroy what this tool did not
//! write.
//!
//! Each staging folder (`.<out>.tmp-XXXXXX` beside the output) holds a marker file, locked for
//! as long as its [`Staging`] lives, and the new contents in `contents/`. A later run removes a
//! staging folder left beside its output only when it holds the marker and no process holds
//! the lock: never a user's file that happens to share the prefix, nor a running build's folder.

pub(crate) mod file;
pub(crate) mod guard;
pub(crate) mod sums;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

pub(crate) use guard::Protect;
use guard::Writes;

use crate::error::Error;

pub(crate) use sums::SUMS_FILE;

/// The file that marks a staging folder as this tool's, and holds its lock.
const MARKER: &str = ".seedtool-staging";

/// What the marker file says.
const MARKER_TEXT: &[u8] =
    b"seedtool staging folder: removed by the next run once no process holds this file's lock\n";

/// The folder inside a staging folder that becomes the output.
const CONTENTS: &str = "contents";

/// The prefix of the staging folders a build writes beside `out`.
fn temp_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.tmp-")
}

/// The folder holding the file or folder `path` (`.` for a bare name).
#[must_use]
pub(crate) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces the folder `out` by one holding exactly `files` (paths relative to `out`) and a
/// `SHA256SUMS` listing them.
pub fn replace_dir(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Error> {
    let staging = Staging::new(out, &[])?;
    let mut sums = BTreeMap::new();
    for (rel, bytes) in files.iter().filter(|(rel, _)| *rel != SUMS_FILE) {
        let mut file = staging.create(rel)?;
        file.write_all(bytes)
            .map_err(Error::io(staging.path().join(rel), "write"))?;
        sums.insert(rel.as_str(), crate::hash::sha256_hex(bytes));
    }
    staging.write_sums(sums.iter().map(|(rel, sha)| (*rel, sha.as_str())))?;
    staging.commit()
}

/// A staging folder beside the output, filled and then swapped in place of it in one step.
/// Dropped without [`Staging::commit`], it is removed and the output is left as it was.
pub struct Staging {
    /// The staging folder, beside the output.
    dir: PathBuf,
    /// `dir/contents`: the new output.
    contents: PathBuf,
    out: PathBuf,
    /// The marker file, locked while this staging folder is in use.
    _lock: File,
    /// Whether every file of the new output has been flushed to disk.
    synced: std::sync::atomic::AtomicBool,
}

impl Staging {
    /// Prepares to replace the folder `out`: refuses it (before creating anything) when
    /// [`guard::check`] does, with `protect` kept clear of too, then removes the staging folders
    /// that interrupted earlier runs left beside it.
    pub(crate) fn new(out: &Path, protect: &[Protect<'_>]) -> Result<Self, Error> {
        guard::check(out, Writes::Replace, protect)?;
        if out.exists() && !out.is_dir() {
            return Err(Error::Usage(format!(
                "output {} exists and is not a folder",
                out.display()
            )));
        }
        let parent = parent_of(out).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(Error::io(&parent, "create"))?;
        remove_leftovers(&parent, &temp_prefix(out));
        let dir = tempfile::Builder::new()
            .prefix(&temp_prefix(out))
            .tempdir_in(&parent)
            .map_err(Error::io(&parent, "create a temporary folder in"))?
            .keep();
        let lock = match mark(&dir) {
            Ok(lock) => lock,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        };
        let staging = Staging {
            contents: dir.join(CONTENTS),
            dir,
            out: out.to_path_buf(),
            _lock: lock,
            synced: std::sync::atomic::AtomicBool::new(false),
        };
        std::fs::create_dir(&staging.contents).map_err(Error::io(&staging.contents, "create"))?;
        Ok(staging)
    }

    /// The folder that becomes the output.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.contents
    }

    /// Creates the file `rel` (a path relative to the output) in the staging folder.
    pub(crate) fn create(&self, rel: &str) -> Result<std::fs::File, Error> {
        let path = self.contents.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::io(dir, "create"))?;
        }
        std::fs::File::create(&path).map_err(Error::io(&path, "create"))
    }

    /// Writes the output's `SHA256SUMS`: one `<sha256>  <path>` line per (path, hash) of
    /// `sums`, in the order given.
    pub(crate) fn write_sums<'a>(
        &self,
        sums: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), Error> {
        self.create(SUMS_FILE)?
            .write_all(sums::render(sums).as_bytes())
            .map_err(Error::io(self.contents.join(SUMS_FILE), "write"))
    }

    /// A scratch folder for files that are not published (sort runs), inside the staging
    /// folder: removed when dropped, and with the staging folder.
    pub(crate) fn scratch(&self) -> Result<tempfile::TempDir, Error> {
        tempfile::Builder::new()
            .prefix("scratch-")
            .tempdir_in(&self.dir)
            .map_err(Error::io(&self.dir, "create a scratch folder in"))
    }

    /// Flushes every file of the new output to disk now (for instance while it is checked), so
    /// that [`Staging::commit`] need not; the contents must not change afterwards.
    pub(crate) fn sync(&self) -> Result<(), Error> {
        sync_tree(&self.contents)?;
        self.synced
            .store(true, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// Flushes every file to disk and swaps the new contents in place of the output, unless the
    /// output has meanwhile come to hold files this tool did not write.
    pub fn commit(self) -> Result<(), Error> {
        if !self.synced.load(std::sync::atomic::Ordering::Acquire) {
            sync_tree(&self.contents)?;
        }
        guard::check_contents(&self.out, Writes::Replace)?;
        swap_in(&self.contents, &self.out)?;
        file::sync_dir(parent_of(&self.out))
        // Dropping `self` removes the staging folder, and with it the previous contents.
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        remove_marked(&self.dir);
    }
}

/// Every file below `dir`, as paths relative to it with `/` separators, sorted.
pub fn files(dir: &Path) -> Result<Vec<String>, Error> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<(), Error> {
        for entry in std::fs::read_dir(dir).map_err(Error::io(dir, "list"))? {
            let path = entry.map_err(Error::io(dir, "list"))?.path();
            if path.is_dir() {
                walk(root, &path, found)?;
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                found.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    found.sort();
    Ok(found)
}

/// Flushes every file below `dir` to disk, so that the swap never exposes unwritten data.
fn sync_tree(dir: &Path) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir).map_err(Error::io(dir, "list"))? {
        let path = entry.map_err(Error::io(dir, "list"))?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(Error::io(&path, "flush"))?;
        }
    }
    Ok(())
}

/// Removes the staging folders that interrupted earlier runs left beside the output: those
/// named with `prefix` that hold this tool's marker, unlocked. Anything else is left alone.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry.file_name().to_string_lossy().starts_with(prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if ours {
            remove_if_abandoned(&entry.path());
        }
    }
}

/// Creates the marker file of the new staging folder `dir`, locked.
fn mark(dir: &Path) -> Result<File, Error> {
    let path = dir.join(MARKER);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(Error::io(&path, "create"))?;
    // Locked before it says what it is, so that no other run takes it for abandoned. Where
    // locks are not supported, other runs cannot tell either, and leave it alone.
    let _ = lock(&file, true);
    file.write_all(MARKER_TEXT)
        .map_err(Error::io(&path, "write"))?;
    Ok(file)
}

/// Removes the staging folder `dir` if it holds this tool's marker and no process holds its lock.
fn remove_if_abandoned(dir: &Path) {
    let marker = dir.join(MARKER);
    if !marker.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return;
    }
    let Ok(mut file) = File::open(&marker) else {
        return;
    };
    if !lock(&file, false).unwrap_or(false) || !same_file(&file, &marker) {
        return;
    }
    let mut text = Vec::new();
    let limit = MARKER_TEXT.len() as u64 + 1;
    if (&mut file).take(limit).read_to_end(&mut text).is_err() || text != MARKER_TEXT {
        return;
    }
    remove_marked(dir);
}

/// Removes a marked staging folder: its contents, then the marker, then the folder, so that an
/// interruption leaves it still marked.
fn remove_marked(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name() == MARKER {
                continue;
            }
            let path = entry.path();
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    let _ = std::fs::remove_dir(dir);
}

/// Takes the exclusive advisory lock of `file`, waiting for it or not; `Ok(false)` when another
/// process holds it.
#[cfg(unix)]
fn lock(file: &File, wait: bool) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    let operation = if wait {
        FlockOperation::LockExclusive
    } else {
        FlockOperation::NonBlockingLockExclusive
    };
    match flock(file, operation) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Without advisory locks, whether a staging folder is in use cannot be told: it is kept.
#[cfg(not(unix))]
fn lock(_file: &File, wait: bool) -> std::io::Result<bool> {
    Ok(wait)
}

/// Whether the open `file` is still the file at `path` (not removed by its owner meanwhile).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), path.symlink_metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    false
}

/// Puts the finished `contents` in place of `out` in one step; the previous output, if any,
/// takes the place of `contents`.
fn swap_in(contents: &Path, out: &Path) -> Result<(), Error> {
    if out.exists() {
        exchange(contents, out)
    } else {
        std::fs::rename(contents, out).map_err(Error::io(out, "move the new output into"))
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)
        .map_err(|e| Error::io(b, "swap the new output into")(e.into()))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    // Without an atomic exchange, move the old folder aside first; the window is two renames.
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside).map_err(Error::io(b, "move aside"))?;
    std::fs::rename(a, b).map_err(Error::io(b, "move the new output into"))?;
    std::fs::rename(&aside, a).map_err(Error::io(a, "restore"))
}

#[cfg(test)]
mod tests;
