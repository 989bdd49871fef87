//! Hashing: SHA-256 (by the `sha2` crate) of bytes, of a file, and of everything a writer passes
//! on, in the lower-case hex that `SHA256SUMS` and the data package carry.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use sha2::{Digest as _, Sha256};

/// The SHA-256 (hex) and size of each written file, by path relative to the output folder.
pub(crate) type Hashes = BTreeMap<String, (String, u64)>;

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

/// A writer that hashes what passes through it; when dropped, it records the SHA-256 and size of
/// everything written under its path.
pub(crate) struct Hashed<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
    rel: String,
    into: Arc<Mutex<Hashes>>,
}

impl<W: Write> Hashed<W> {
    /// Hashes what is written to `inner`, recording it as `rel` in `into`.
    pub(crate) fn new(inner: W, rel: &str, into: &Arc<Mutex<Hashes>>) -> Self {
        Hashed {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            rel: rel.to_owned(),
            into: Arc::clone(into),
        }
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Hashed<W> {
    fn drop(&mut self) {
        let hex = hex(&std::mem::take(&mut self.hasher).finalize());
        self.into
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(std::mem::take(&mut self.rel), (hex, self.bytes));
    }
}

/// A reader that hashes everything read through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> HashingReader<R> {
    /// Hashes what is read from `inner`.
    pub(crate) fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The SHA-256 of everything read, in hex.
    pub(crate) fn finish(self) -> String {
        hex(&self.hasher.finalize())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The SHA-256 of the file at `path`.
    pub(crate) fn sha256_file(path: &std::path::Path) -> String {
        let mut reader = HashingReader::new(std::fs::File::open(path).unwrap());
        std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
        reader.finish()
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_hashed_writer_records_what_passed_through_it() {
        let hashes = Arc::new(Mutex::new(Hashes::new()));
        let mut sink = Vec::new();
        {
            let mut writer = Hashed::new(&mut sink, "a/b.txt", &hashes);
            writer.write_all(b"abc").unwrap();
        }
        assert_eq!(sink, b"abc");
        let recorded = hashes.lock().unwrap()["a/b.txt"].clone();
        assert_eq!(recorded, (sha256_hex(b"abc"), 3));
    }
}
