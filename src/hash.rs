//! Hashing: SHA-256 (by the `sha2` crate) of bytes, of a file, and of everything a writer passes
//! on, in the lower-case hex that `SHA256SUMS` and the data package carry; and beside it a fast
//! check hash (XXH64, by `twox-hash`) that the gate recomputes from the bytes it reads back, so
//! that each written byte goes through SHA-256 once.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};

use std::hash::Hasher as _;

use sha2::{Digest as _, Sha256};
use twox_hash::XxHash64;

use crate::error::Error;

/// What was written of each file, by path relative to the output folder.
pub(crate) type Hashes = BTreeMap<String, Written>;

/// What the build wrote into one file: the SHA-256 it publishes, and the size and check hash the
/// gate holds the bytes read back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    /// SHA-256 of the bytes, in hex.
    pub(crate) sha256: String,
    /// How many bytes.
    pub(crate) bytes: u64,
    /// XXH64 (seed 0) of the bytes.
    pub(crate) check: u64,
}

impl Written {
    /// What writing `bytes` writes.
    #[must_use]
    pub(crate) fn of(bytes: &[u8]) -> Self {
        Written {
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            check: XxHash64::oneshot(0, bytes),
        }
    }
}

/// SHA-256 of `bytes` as lower-case hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) as lower-case hex.
#[must_use]
pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().fold(String::with_capacity(64), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// A writer that hashes what passes through it, and gives what was written by value when
/// [`Hashed::finish`]ed.
pub(crate) struct Hashed<W: Write> {
    inner: W,
    hasher: Sha256,
    check: XxHash64,
    bytes: u64,
}

impl<W: Write> Hashed<W> {
    /// Hashes what is written to `inner`.
    pub(crate) fn new(inner: W) -> Self {
        Hashed {
            inner,
            hasher: Sha256::new(),
            check: XxHash64::with_seed(0),
            bytes: 0,
        }
    }

    /// The inner writer, and what passed through to it.
    pub(crate) fn finish(self) -> (W, Written) {
        let written = Written {
            sha256: hex(&self.hasher.finalize()),
            bytes: self.bytes,
            check: self.check.finish(),
        };
        (self.inner, written)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.check.write(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What was written to `rel`, as `hashes` records it; a file written without a record is a bug.
pub(crate) fn written<'a>(hashes: &'a Hashes, rel: &str) -> Result<&'a Written, Error> {
    hashes
        .get(rel)
        .ok_or_else(|| Error::Internal(format!("no record of what was written to {rel}")))
}

/// A reader that takes the check hash and the size of everything read through it.
pub(crate) struct CheckingReader<R> {
    inner: R,
    check: XxHash64,
    bytes: u64,
}

impl<R: Read> CheckingReader<R> {
    /// Checks what is read from `inner`.
    pub(crate) fn new(inner: R) -> Self {
        CheckingReader {
            inner,
            check: XxHash64::with_seed(0),
            bytes: 0,
        }
    }

    /// The check hash and the size of everything read.
    pub(crate) fn finish(&self) -> (u64, u64) {
        (self.check.finish(), self.bytes)
    }
}

impl<R: Read> Read for CheckingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.check.write(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What the file at `path` holds, as if the build had written it so.
    pub(crate) fn written_file(path: &std::path::Path) -> Written {
        Written::of(&std::fs::read(path).unwrap())
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_hashed_writer_gives_what_passed_through_it() {
        let mut writer = Hashed::new(Vec::new());
        writer.write_all(b"abc").unwrap();
        let (sink, recorded) = writer.finish();
        assert_eq!(sink, b"abc");
        assert_eq!(recorded, Written::of(b"abc"));
        assert_eq!(recorded.sha256, sha256_hex(b"abc"));
        assert_eq!(recorded.bytes, 3);
    }

    #[test]
    fn a_file_without_a_record_is_an_internal_error() {
        let hashes = Hashes::from([("a.csv".to_owned(), Written::of(b""))]);
        assert!(written(&hashes, "a.csv").is_ok());
        let missing = written(&hashes, "b.csv").unwrap_err();
        assert!(matches!(missing, Error::Internal(_)), "{missing}");
    }

    #[test]
    fn the_check_hash_is_xxh64_and_reading_back_gives_it_again() {
        // XXH64 of "abc" with seed 0, as the reference implementation gives it.
        assert_eq!(Written::of(b"abc").check, 0x44bc_2cf5_ad77_0999);
        let mut reader = CheckingReader::new(&b"abc"[..]);
        std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
        assert_eq!(reader.finish(), (Written::of(b"abc").check, 3));
    }
}
