//! Reading a JSON Lines input: line by line through a buffer, blank lines skipped, a line over
//! the size limit refused by its size without being held whole, each line parsed later (strictly)
//! on the thread that checks it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value;

use super::{BOM, Content, Unread, wide_encoding};
use crate::diagnostic::{Diagnostic, Rule};
use crate::error::Error;
use crate::strict_json::{self, ParseError};

/// How a JSON Lines input is read.
pub(super) struct LinesInput<'a> {
    pub(super) input: &'a Path,
    pub(super) display: &'a str,
    /// The largest line read, in bytes.
    pub(super) max: u64,
}

impl LinesInput<'_> {
    /// Calls `each` for every non-blank line of `file`, in order; a line over the size limit is
    /// passed on as its problem, its bytes skipped unread.
    pub(super) fn each(
        &self,
        file: File,
        mut each: impl FnMut(Unread) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let (mut number, mut offset, mut i) = (0, 0, 0);
        loop {
            let mut line_bytes = Vec::new();
            let Some(size) = self.line(&mut reader, &mut line_bytes, offset)? else {
                return Ok(());
            };
            i += 1;
            offset += size + 1;
            if i == 1
                && let Some(d) = wide_encoding(&line_bytes, self.display)
            {
                return each(Unread {
                    number: 0,
                    line: 1,
                    prefix: String::new(),
                    offset,
                    content: Content::Read(Err(Box::new(d))),
                });
            }
            if line_bytes.starts_with(BOM.as_bytes()) {
                line_bytes.drain(..BOM.len());
            }
            if size <= self.max && line_bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            number += 1;
            let content = if size > self.max {
                Content::Read(Err(Box::new(self.too_large(size))))
            } else {
                Content::Line(line_bytes)
            };
            each(Unread {
                number,
                line: i,
                prefix: String::new(),
                offset,
                content,
            })?;
        }
    }

    /// Reads the next line (from byte `start`) into `out`, without its `\n`, unless it is over the
    /// size limit, and gives its size; `None` at the end of the input. A long line is measured
    /// first, so that `out` is allocated at its size, not grown by doubling (up to twice the line).
    fn line(
        &self,
        reader: &mut impl BufRead,
        out: &mut Vec<u8>,
        start: u64,
    ) -> Result<Option<u64>, Error> {
        let (mut size, mut any, mut measured) = (0u64, false, false);
        loop {
            let buf = reader.fill_buf().map_err(Error::io(self.input, "read"))?;
            if buf.is_empty() {
                return Ok(any.then_some(size));
            }
            any = true;
            let (part, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(at) => (&buf[..at], true),
                None => (buf, false),
            };
            if !measured && !done && size + part.len() as u64 >= 1 << 20 {
                measured = true;
                if let Ok(length) = usize::try_from(self.measure(start)?)
                    && length as u64 <= self.max.saturating_add(1)
                {
                    out.reserve_exact(length.saturating_sub(out.len()));
                }
            }
            size += part.len() as u64;
            if size <= self.max {
                out.extend_from_slice(part);
            } else {
                // Over the limit: what was kept is let go, and the rest only counted.
                *out = Vec::new();
            }
            let used = part.len() + usize::from(done);
            reader.consume(used);
            if done {
                return Ok(Some(size));
            }
        }
    }

    /// About the length of the line starting at byte `start` of the input (with its `\n`), read
    /// ahead through a handle of its own, up to just past the size limit.
    fn measure(&self, start: u64) -> Result<u64, Error> {
        let mut file = File::open(self.input).map_err(Error::io(self.input, "open"))?;
        file.seek(SeekFrom::Start(start))
            .map_err(Error::io(self.input, "read"))?;
        let mut ahead = BufReader::with_capacity(1 << 20, file).take(self.max.saturating_add(2));
        ahead
            .skip_until(b'\n')
            .map(|n| n as u64)
            .map_err(Error::io(self.input, "read"))
    }

    /// The problem of a line of `size` bytes, over the limit.
    fn too_large(&self, size: u64) -> Diagnostic {
        Diagnostic::new(
            Rule::RecordTooLarge,
            self.display,
            "record is larger than the size limit; it was not read",
        )
        .found(format!("{size} bytes ({})", mib(size)))
        .expected(format!(
            "at most {} bytes ({}): raise it with --max-record-size",
            self.max,
            mib(self.max)
        ))
    }
}

/// `bytes` in MiB, for people.
fn mib(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mib = bytes as f64 / f64::from(1 << 20);
    format!("{mib:.1} MiB")
}

/// Decodes and parses one line of a JSON Lines input.
pub(super) fn parse_line(bytes: Vec<u8>, display: &str) -> Result<Value, Box<Diagnostic>> {
    String::from_utf8(bytes)
        .map_err(|e| {
            Diagnostic::new(Rule::Encoding, display, "line is not valid UTF-8")
                .found(format!(
                    "invalid byte at column {}",
                    e.utf8_error().valid_up_to() + 1
                ))
                .expected("UTF-8 text")
                .into()
        })
        .and_then(|text| {
            strict_json::parse(&text).map_err(|e| match e {
                ParseError::Syntax(e) => {
                    let mut d = Diagnostic::new(Rule::Syntax, display, e.to_string())
                        .expected("one JSON value per line");
                    d.column = Some(e.column());
                    Box::new(d)
                }
                ParseError::Duplicates(dups) => {
                    let mut d = dups[0].diagnostic(display, &text, "");
                    d.span = None;
                    Box::new(d)
                }
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_read_whole_into_a_buffer_of_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let long = format!("{{\"t\":\"{}\"}}", "x".repeat(3 << 20));
        std::fs::write(&path, format!("{{\"a\":1}}\n{long}\n{{\"b\":2}}")).unwrap();
        let lines = LinesInput {
            input: &path,
            display: "r.jsonl",
            max: 64 << 20,
        };
        let mut reader = BufReader::with_capacity(1 << 16, File::open(&path).unwrap());
        let mut read = |start: u64| {
            let mut out = Vec::new();
            let size = lines.line(&mut reader, &mut out, start).unwrap();
            (size, out)
        };
        assert_eq!(read(0), (Some(7), b"{\"a\":1}".to_vec()));
        let (size, out) = read(8);
        assert_eq!(size, Some(long.len() as u64));
        assert!(out == long.as_bytes());
        assert!(out.capacity() <= long.len() + 1, "{}", out.capacity());
        assert_eq!(read(9 + long.len() as u64).1, b"{\"b\":2}".to_vec());
        assert_eq!(read(0).0, None);
    }
}
