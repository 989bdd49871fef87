//! Finding and reading seeds files: discovery, size limit, encoding and JSON syntax checks, and
//! turning a JSON pointer back into a position in the file.

use std::io::Read as _;
use std::ops::Range;
use std::path::Path;

use serde_json::Value;

use crate::dataset::RecordList;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::strict_json::{self, DuplicateKey, ParseError, escape_pointer};

mod lines;

use crate::pointer::record_id;
pub(crate) use crate::pointer::{locate, locate_property_name};
pub(crate) use lines::{LinesRun, parse_lines};

/// The default largest seeds file or source text read, in bytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// A seeds folder as a run reads it: the folder, and the largest seeds file or source text read
/// from it. The one handle the first pass, the parts, the metadata and the text store take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seeds<'a> {
    /// The folder.
    pub(crate) root: &'a Path,
    /// The largest file read, in bytes; a larger one is reported, not read.
    pub(crate) max_file_size: u64,
}

impl Seeds<'_> {
    /// The file `rel` (relative to the folder), read whole when it fits the size limit; a larger
    /// one goes to `report`, shown as `display`.
    pub(crate) fn read_bytes(
        &self,
        rel: &str,
        display: &str,
        report: &mut Report,
    ) -> Result<Option<Vec<u8>>, Error> {
        read_bytes(&self.root.join(rel), display, self.max_file_size, report)
    }
}

/// A seeds file, or a part of a JSON Lines seeds file, that was read and parsed as JSON.
#[derive(Debug, Clone)]
pub(crate) struct SeedsText {
    /// The path shown in diagnostics: the seeds folder as given joined with `rel`.
    pub(crate) display: String,
    /// The file's text (for JSON Lines, the part's lines).
    pub(crate) text: String,
    /// The parsed JSON: for JSON Lines, the part's records as one seeds file.
    pub(crate) value: Value,
    /// Where the records of a JSON Lines part stand; `None` for a JSON file.
    pub(crate) lines: Option<LinesPart>,
}

/// Where the records of a part of a JSON Lines file stand in the file.
#[derive(Debug, Clone)]
pub(crate) struct LinesPart {
    /// The list every record belongs to.
    pub(crate) list: RecordList,
    /// The index within the file of the part's first record.
    pub(crate) first_record: usize,
    /// Each record's 1-based line in the file and byte range in the part's text.
    pub(crate) records: Vec<(usize, Range<usize>)>,
    /// Whether the part is the whole file, so that byte ranges in its text are ranges in the file.
    pub(crate) whole: bool,
}

impl SeedsText {
    /// Places `d` at the value at `pointer` (a pointer into [`SeedsText::value`]), or at the name
    /// of its property `name`: sets the diagnostic's pointer (numbered as in the file), line,
    /// column and span.
    #[must_use]
    pub(crate) fn place(&self, d: Diagnostic, pointer: &str, name: Option<&str>) -> Diagnostic {
        let suffix = name
            .map(|n| format!("/{}", escape_pointer(n)))
            .unwrap_or_default();
        let Some(part) = &self.lines else {
            let span = name
                .and_then(|n| locate_property_name(&self.text, pointer, n))
                .or_else(|| locate(&self.text, pointer));
            let d = d.at(format!("{pointer}{suffix}"));
            return match span {
                Some(span) => d.spanned(&self.text, span),
                None => d,
            };
        };
        let mut tokens = pointer.splitn(4, '/').skip(1);
        let (_, index) = (tokens.next(), tokens.next());
        let rest = tokens.next().map(|r| format!("/{r}")).unwrap_or_default();
        let Some((i, (line, range))) = index
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| part.records.get(i).map(|r| (i, r)))
        else {
            let mut d = d.at(format!("{pointer}{suffix}"));
            d.line = part.records.first().map(|(line, _)| *line);
            return d;
        };
        let record = &self.text[range.clone()];
        let span = name
            .and_then(|n| locate_property_name(record, &rest, n))
            .or_else(|| locate(record, &rest))
            .unwrap_or(0..0);
        let mut d = d.at(format!(
            "/{}/{}{rest}{suffix}",
            part.list.key(),
            part.first_record + i
        ));
        d.line = Some(*line);
        d.column = Some(record[..span.start].chars().count() + 1);
        d.span = part
            .whole
            .then(|| range.start + span.start..range.start + span.end);
        d
    }
}

/// Whether `rel` names a JSON Lines file.
#[must_use]
pub(crate) fn is_lines(rel: &str) -> bool {
    Path::new(rel).extension().is_some_and(|e| e == "jsonl")
}

/// The list a JSON Lines seeds file holds, named by the last part of its stem: `events.jsonl`,
/// `2007-03.events.jsonl`.
#[must_use]
pub(crate) fn lines_list(rel: &str) -> Option<RecordList> {
    let stem = rel.rsplit('/').next()?.strip_suffix(".jsonl")?;
    RecordList::from_key(stem.rsplit('.').next()?)
}

/// Lists every `*.json` and `*.jsonl` file under `root`, sorted by relative path. Hidden entries
/// are skipped, and so is the dataset's metadata file (`dataset.json` at the root), which holds
/// no records.
pub(crate) fn discover(root: &Path) -> Result<Vec<String>, Error> {
    let meta = std::fs::metadata(root).map_err(|source| Error::Io {
        path: root.to_path_buf(),
        action: "open the seeds folder",
        source,
    })?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "seeds folder {} is not a folder",
            root.display()
        )));
    }
    let mut found = Vec::new();
    walk(root, root, &mut found)?;
    found.retain(|rel| rel != crate::model::metadata::METADATA_FILE);
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        action: "list the folder",
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(io)?;
        if kind.is_dir() {
            walk(root, &path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl")
        {
            found.push(relative(root, &path));
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The path shown for `rel` inside the seeds folder `root`.
#[must_use]
pub(crate) fn display_path(root: &Path, rel: &str) -> String {
    let root = root.to_string_lossy();
    let root = root.trim_end_matches('/');
    if root.is_empty() || root == "." {
        rel.to_owned()
    } else {
        format!("{root}/{rel}")
    }
}

/// Reads a file of at most `max_size` bytes as UTF-8 text without a byte order mark. Problems
/// with the content go to `report`; only failures to read at all are errors.
pub(crate) fn read_text(
    path: &Path,
    display: &str,
    max_size: u64,
    report: &mut Report,
) -> Result<Option<String>, Error> {
    Ok(read_bytes(path, display, max_size, report)?
        .and_then(|bytes| decode(bytes, display, report)))
}

/// Reads a file of at most `max_size` bytes; a larger one is reported, not read.
pub(crate) fn read_bytes(
    path: &Path,
    display: &str,
    max_size: u64,
    report: &mut Report,
) -> Result<Option<Vec<u8>>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        action: "read",
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > max_size {
        report.push(
            Diagnostic::new(
                Rule::FileTooLarge,
                display,
                "file is larger than the size limit",
            )
            .found(format!("{size} bytes"))
            .expected(format!(
                "at most {max_size} bytes (raise it with --max-file-size)"
            )),
        );
        return Ok(None);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max_size.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > max_size {
        // The file grew after it was measured.
        report.push(
            Diagnostic::new(
                Rule::FileTooLarge,
                display,
                "file is larger than the size limit",
            )
            .expected(format!(
                "at most {max_size} bytes (raise it with --max-file-size)"
            )),
        );
        return Ok(None);
    }
    Ok(Some(bytes))
}

fn decode(bytes: Vec<u8>, display: &str, report: &mut Report) -> Option<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        report.push(
            Diagnostic::new(
                Rule::Encoding,
                display,
                "file starts with a UTF-8 byte order mark",
            )
            .found("bytes EF BB BF at the start")
            .expected("UTF-8 without a byte order mark")
            .spanned("", 0..0),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let bad = e.as_bytes()[at];
            report.push(
                Diagnostic::new(Rule::Encoding, display, "file is not valid UTF-8")
                    .found(format!("byte 0x{bad:02X} at byte offset {at}"))
                    .expected("UTF-8 text")
                    .spanned(&good, at..at),
            );
            None
        }
    }
}

/// Decodes and parses the bytes of one seeds file; problems go to `report`. A file that decodes
/// but does not parse gives back its text, so that the problem can be shown in it.
pub(crate) fn parse(
    display: String,
    bytes: Vec<u8>,
    report: &mut Report,
) -> Result<SeedsText, Option<String>> {
    let text = decode(bytes, &display, report).ok_or(None)?;
    match strict_json::parse(&text) {
        Ok(value) => Ok(SeedsText {
            display,
            text,
            value,
            lines: None,
        }),
        Err(ParseError::Duplicates(dups)) => {
            for dup in &dups {
                report.push(duplicate_key(&display, &text, dup, ""));
            }
            Err(Some(text))
        }
        Err(ParseError::Syntax(e)) => {
            let mut d = Diagnostic::new(Rule::Syntax, &display, syntax_message(&e))
                .expected("well-formed JSON (no comments, trailing commas, NaN or Infinity)");
            let offset = strict_json::offset_of(&text, e.line(), e.column());
            d = d.spanned(&text, offset..offset);
            if e.line() == 0 {
                d.line = None;
                d.column = None;
            }
            report.push(d);
            Err(Some(text))
        }
    }
}

/// The diagnostic for a key that an object of the seeds text `text` holds twice; `prefix` is the
/// pointer of `text` within its file (a JSON Lines record's `/events/41`).
fn duplicate_key(display: &str, text: &str, dup: &DuplicateKey, prefix: &str) -> Diagnostic {
    let depth = if prefix.is_empty() { 2 } else { 0 };
    dup.diagnostic(display, text, prefix)
        .record(record_id(text, &dup.pointer, depth))
}

fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.find(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    }
}
