//! One file replaced whole, guarded: the way `site`, `citation`, `schema`, `infer` and anything
//! later write a single file. The file may not be or lie inside the seeds or schema folders (apart
//! from the schema's own files), nor replace a file this tool did not write, recognised by what
//! the tool writes into each of its files ([`Own`]). A refusal changes nothing. The new bytes go
//! to a temporary file in the same folder, flushed, then renamed over the old one, and the
//! folder flushed, so the file is whole, old or new, whatever happens.

use std::io::{Read as _, Write as _};
use std::path::Path;

use super::guard::{self, Places, Protect, Writes, refused};
use super::{parent_of, sums};
use crate::error::Error;

/// How many bytes at the top of a file are searched for its [`Own::Mark`].
const HEAD: u64 = 4096;

/// The largest `SHA256SUMS` recognised as this tool's.
const MAX_SUMS: u64 = 16 << 20;

/// A kind of file this tool writes, and how an earlier one is recognised.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Own {
    /// A file holding this text in its first 4 KiB, e.g. the explorer's
    /// `<meta name="generator" content="seedtool site">` or `CITATION.cff`'s first comment.
    Mark {
        /// What the file is, e.g. `an explorer page`.
        what: &'static str,
        /// The text that marks it as this tool's.
        mark: &'static str,
        /// Whether the file belongs in the schema folder (the schema's own files).
        schema: bool,
    },
    /// A checksum file, every line of it in this tool's format.
    Sums,
}

impl Own {
    /// Whether the bytes `head` (the file's first [`HEAD`] bytes, or all of a `SHA256SUMS`)
    /// are of a file of this kind; otherwise why not.
    fn recognise(self, head: &[u8]) -> Result<(), String> {
        match self {
            Own::Mark { what, mark, .. } => {
                let found = head
                    .windows(mark.len())
                    .any(|window| window == mark.as_bytes());
                if found {
                    Ok(())
                } else {
                    Err(format!(
                        "is not {what} this tool wrote (it lacks `{mark}` at its top): name a \
                         new file, or one this tool wrote"
                    ))
                }
            }
            Own::Sums => std::str::from_utf8(head)
                .ok()
                .and_then(|text| sums::parse(text).ok())
                .map(|_| ())
                .ok_or_else(|| {
                    "is not a checksum file this tool wrote: name a new file, or one this tool \
                     wrote"
                        .to_owned()
                }),
        }
    }

    /// How many bytes of an existing file [`Own::recognise`] reads.
    fn limit(self) -> u64 {
        match self {
            Own::Mark { .. } => HEAD,
            Own::Sums => MAX_SUMS,
        }
    }

    /// What the folder guard is asked: the schema's files may go into the schema folder.
    fn writes(self) -> Writes<'static> {
        match self {
            Own::Mark { schema: true, .. } => Writes::Files(&[]),
            _ => Writes::Replace,
        }
    }
}

/// Replaces the file `out` by `bytes`, whole, when [`check`] allows it.
pub(crate) fn replace(
    out: &Path,
    bytes: &[u8],
    own: Own,
    protect: &[Protect<'_>],
) -> Result<(), Error> {
    check(out, own, protect)?;
    write_atomic(out, bytes, || check_contents(out, own))
}

/// Fails with [`Error::Refused`] when the file `out` may not be written as `own`: when it is a
/// folder, is or lies inside a folder kept clear of (see [`guard`]), or holds a file not
/// recognised as `own`. Reads only.
pub(crate) fn check(out: &Path, own: Own, protect: &[Protect<'_>]) -> Result<(), Error> {
    check_from(&Places::here()?, out, own, protect)
}

/// [`check`] with the given current folder, repository and home.
pub(crate) fn check_from(
    places: &Places,
    out: &Path,
    own: Own,
    protect: &[Protect<'_>],
) -> Result<(), Error> {
    if out.is_dir() {
        return Err(refused(
            out,
            "is a folder: name the file to write".to_owned(),
        ));
    }
    guard::check_place(places, out, own.writes(), protect)?;
    check_contents(out, own)
}

/// Fails with [`Error::Refused`] when `out` exists and is not a file recognised as `own`.
fn check_contents(out: &Path, own: Own) -> Result<(), Error> {
    let meta = match std::fs::metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(out, "read")(e)),
    };
    if !meta.is_file() {
        let reason = "is not a regular file: name the file to write".to_owned();
        return Err(refused(out, reason));
    }
    let mut head = Vec::new();
    std::fs::File::open(out)
        .and_then(|f| f.take(own.limit()).read_to_end(&mut head))
        .map_err(Error::io(out, "read"))?;
    own.recognise(&head).map_err(|reason| refused(out, reason))
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file in the same folder,
/// flushed; then, if `still` passes, renamed over `path`, and the folder flushed.
pub(crate) fn write_atomic(
    path: &Path,
    bytes: &[u8],
    still: impl FnOnce() -> Result<(), Error>,
) -> Result<(), Error> {
    let folder = parent_of(path);
    let mut file = temp_builder()
        .tempfile_in(folder)
        .map_err(Error::io(folder, "create a temporary file in"))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(Error::io(file.path().to_path_buf(), "write"))?;
    still()?;
    file.persist(path)
        .map_err(|e| Error::io(path, "replace")(e.error))?;
    sync_dir(folder)
}

/// Temporary files named `.seedtool-*`, readable as a file written by `std::fs::write` is.
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".seedtool-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Flushes the folder `dir` itself (its entries), so that a rename in it is on disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(Error::io(dir, "flush"))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests;
