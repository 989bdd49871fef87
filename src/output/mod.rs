//! Atomic output: a folder's new contents are written beside it, then swapped in with one rename,
//! so that a failed or interrupted build leaves the previous folder complete and untouched.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The prefix of the temporary folders a build writes beside `out`.
fn temp_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.tmp-")
}

/// The folder `out` lives in.
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Replaces the folder `out` by one holding exactly `files` (paths relative to `out`).
pub fn replace_dir(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Error> {
    let staging = Staging::new(out)?;
    for (rel, bytes) in files {
        let mut file = staging.create(rel)?;
        file.write_all(bytes)
            .map_err(Error::io(staging.path().join(rel), "write"))?;
    }
    staging.commit()
}

/// A temporary folder beside the output, filled and then swapped in place of it in one step.
/// Dropped without [`Staging::commit`], it is removed and the output is left as it was.
pub struct Staging {
    tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    /// Prepares to replace the folder `out`, removing what interrupted earlier runs left.
    pub fn new(out: &Path) -> Result<Self, Error> {
        if out.exists() && !out.is_dir() {
            return Err(Error::Usage(format!(
                "output {} exists and is not a folder",
                out.display()
            )));
        }
        let parent = parent_of(out);
        std::fs::create_dir_all(&parent).map_err(Error::io(&parent, "create"))?;
        remove_leftovers(&parent, &temp_prefix(out));
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(out))
            .tempdir_in(&parent)
            .map_err(Error::io(&parent, "create a temporary folder in"))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
        })
    }

    /// The temporary folder.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Creates the file `rel` (a path relative to the output) in the temporary folder.
    pub fn create(&self, rel: &str) -> Result<std::fs::File, Error> {
        let path = self.tmp.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::io(dir, "create"))?;
        }
        std::fs::File::create(&path).map_err(Error::io(&path, "create"))
    }

    /// A scratch folder beside the output for files that are not published (sort runs), removed
    /// when dropped, and by the next build if this one is interrupted.
    pub fn scratch(&self) -> Result<tempfile::TempDir, Error> {
        let parent = parent_of(&self.out);
        tempfile::Builder::new()
            .prefix(&format!("{}scratch-", temp_prefix(&self.out)))
            .tempdir_in(&parent)
            .map_err(Error::io(&parent, "create a scratch folder in"))
    }

    /// Flushes every file to disk and swaps the temporary folder in place of the output.
    pub fn commit(self) -> Result<(), Error> {
        sync_tree(self.tmp.path())?;
        swap_in(self.tmp, &self.out)
    }
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

/// Removes temporary folders that an interrupted earlier build left beside the output.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Puts the finished temporary folder in place of `out` in one step.
fn swap_in(tmp: tempfile::TempDir, out: &Path) -> Result<(), Error> {
    if out.exists() {
        exchange(tmp.path(), out)?;
        // `tmp` now holds the previous contents; dropping it removes them.
        drop(tmp);
    } else {
        let path = tmp.keep();
        std::fs::rename(&path, out).map_err(Error::io(out, "move the new output into"))?;
    }
    Ok(())
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
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        let first = BTreeMap::from([
            ("a/x.txt".to_owned(), b"1".to_vec()),
            ("old.txt".to_owned(), b"o".to_vec()),
        ]);
        replace_dir(&out, &first).unwrap();
        let second = BTreeMap::from([("a/x.txt".to_owned(), b"2".to_vec())]);
        replace_dir(&out, &second).unwrap();
        assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"2");
        assert!(!out.join("old.txt").exists());
        let names: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["dist"]);
    }
}
