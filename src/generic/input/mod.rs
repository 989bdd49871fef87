//! Reading generic-mode input: a `.jsonl` file streamed line by line, or a `.json` array read
//! whole, each record parsed strictly (no key twice in an object) and numbered. What other tools
//! leave in a file is read as meant: a UTF-8 byte order mark (at the start of the file, or of a
//! line of files joined together) is skipped, CRLF line ends and blank lines are whitespace; a
//! UTF-16 or UTF-32 file is refused by name.

mod lines;

use std::fs::File;
use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::pointer::locate;
use crate::strict_json::{self, ParseError};
use lines::{LinesInput, parse_line};

/// One record as found in the input, its line not yet parsed: what [`Unread::read`] turns into
/// a [`RawRecord`], on whichever thread checks it.
pub(super) struct Unread {
    number: usize,
    line: usize,
    prefix: String,
    offset: u64,
    content: Content,
}

/// A record's content as found: a line of JSON Lines to parse, or a value (or problem) already.
enum Content {
    Line(Vec<u8>),
    Read(Result<Value, Box<Diagnostic>>),
}

impl Unread {
    /// How many bytes of the input had been read up to this record (JSON Lines).
    pub(super) fn offset(&self) -> u64 {
        self.offset
    }

    /// The record, parsed.
    pub(super) fn read(self, display: &str) -> RawRecord {
        RawRecord {
            number: self.number,
            line: self.line,
            prefix: self.prefix,
            value: match self.content {
                Content::Line(bytes) => parse_line(bytes, display),
                Content::Read(value) => value,
            },
        }
    }
}

/// One record as read: its number (1-based), the line it starts on, and its value or the reason
/// it could not be read.
pub(super) struct RawRecord {
    pub(super) number: usize,
    pub(super) line: usize,
    /// The JSON pointer of the record in its file: empty for a line of JSON Lines.
    pub(super) prefix: String,
    pub(super) value: Result<Value, Box<Diagnostic>>,
}

/// Whether `input` holds one record per line (JSON Lines), else one JSON array.
pub(super) fn is_lines(input: &Path) -> bool {
    input.extension().is_some_and(|e| e == "jsonl")
}

/// Calls `each` for every record of `input`, in order; the lines of JSON Lines are parsed later,
/// by [`Unread::read`].
pub(super) fn for_each_record(
    input: &Path,
    display: &str,
    max_record_size: u64,
    text_out: &mut Option<String>,
    mut each: impl FnMut(Unread) -> Result<(), Error>,
) -> Result<(), Error> {
    let file = File::open(input).map_err(Error::io(input, "open"))?;
    if is_lines(input) {
        let lines = LinesInput {
            input,
            display,
            max: max_record_size,
        };
        return lines.each(file, each);
    }
    let text = match read_text(file, input, display)? {
        Ok(text) => match text.strip_prefix(BOM) {
            Some(rest) => rest.to_owned(),
            None => text,
        },
        Err((d, good)) => {
            *text_out = Some(good);
            return each(Unread {
                number: 0,
                line: d.line.unwrap_or(0),
                prefix: String::new(),
                offset: 0,
                content: Content::Read(Err(Box::new(d))),
            });
        }
    };
    let parsed = match strict_json::parse(&text) {
        Ok(v) => v,
        Err(ParseError::Duplicates(dups)) => {
            for dup in &dups {
                let d = dup.diagnostic(display, &text, "");
                let number = dup.pointer.split('/').nth(1).and_then(|i| i.parse().ok());
                each(Unread {
                    number: number.map_or(0, |i: usize| i + 1),
                    line: d.line.unwrap_or(0),
                    prefix: String::new(),
                    offset: 0,
                    content: Content::Read(Err(Box::new(d))),
                })?;
            }
            *text_out = Some(text);
            return Ok(());
        }
        Err(ParseError::Syntax(e)) => {
            let mut d = Diagnostic::new(Rule::Syntax, display, e.to_string())
                .expected("a JSON array of records");
            d.line = Some(e.line());
            d.column = Some(e.column());
            each(Unread {
                number: 0,
                line: e.line(),
                prefix: String::new(),
                offset: 0,
                content: Content::Read(Err(Box::new(d))),
            })?;
            return Ok(());
        }
    };
    let Value::Array(records) = parsed else {
        return each(not_an_array(display));
    };
    for (i, value) in records.into_iter().enumerate() {
        // Lines of an array's records are found from their pointers, for problems only.
        each(Unread {
            number: i + 1,
            line: 0,
            prefix: format!("/{i}"),
            offset: 0,
            content: Content::Read(Ok(value)),
        })?;
    }
    *text_out = Some(text);
    Ok(())
}

/// The problem of a `.json` input that holds no array.
fn not_an_array(display: &str) -> Unread {
    let d = Diagnostic::new(
        Rule::Schema,
        display,
        "the input is not an array of records",
    )
    .expected("a JSON array, or a .jsonl file");
    Unread {
        number: 0,
        line: 1,
        prefix: String::new(),
        offset: 0,
        content: Content::Read(Err(Box::new(d))),
    }
}

/// Reads the whole of `file` as UTF-8 text; text that is not gives the encoding problem and the
/// text before it.
fn read_text(
    mut file: File,
    input: &Path,
    display: &str,
) -> Result<Result<String, (Diagnostic, String)>, Error> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(Error::io(input, "read"))?;
    if let Some(d) = wide_encoding(&bytes, display) {
        return Ok(Err((d, String::new())));
    }
    Ok(String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let d = Diagnostic::new(Rule::Encoding, display, "file is not valid UTF-8")
            .found(format!("byte 0x{:02X}", e.as_bytes()[at]))
            .expected("UTF-8 text")
            .spanned(&good, at..at);
        (d, good)
    }))
}

/// The default largest record of a JSON Lines input, in bytes: a larger one is refused before
/// it is read whole.
pub const DEFAULT_MAX_RECORD_SIZE: u64 = 64 << 20;

/// The byte order mark some programs put at the start of UTF-8 text.
const BOM: &str = "\u{feff}";

/// The problem of a file that starts with the byte order mark of UTF-16 or UTF-32, which
/// spreadsheet programs and Windows editors write as "Unicode".
fn wide_encoding(start: &[u8], display: &str) -> Option<Diagnostic> {
    let name = match start {
        [0xFF, 0xFE, 0, 0, ..] => "UTF-32 (little-endian)",
        [0, 0, 0xFE, 0xFF, ..] => "UTF-32 (big-endian)",
        [0xFF, 0xFE, ..] => "UTF-16 (little-endian)",
        [0xFE, 0xFF, ..] => "UTF-16 (big-endian)",
        _ => return None,
    };
    let mut d = Diagnostic::new(
        Rule::Encoding,
        display,
        format!("the file is {name} text, not UTF-8: save it as UTF-8 and export again"),
    )
    .found(format!(
        "a {name} byte order mark, bytes {}",
        start
            .iter()
            .take(if name.starts_with("UTF-32") { 4 } else { 2 })
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    ))
    .expected("UTF-8 text");
    d.line = Some(1);
    d.column = Some(1);
    Some(d)
}

/// Places diagnostics of a `.json` array input at their exact value.
pub(super) fn spans(report: &mut Report, text: &str) {
    for d in report.diagnostics.iter_mut().filter(|d| d.span.is_none()) {
        if let Some(span) = d.pointer.as_deref().and_then(|p| locate(text, p)) {
            *d = d.clone().spanned(text, span);
        }
    }
}
