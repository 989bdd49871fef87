//! JSON Lines seeds files: a part (a run of lines) decoded, each line parsed strictly as one
//! record, and every problem placed at its line and column in the whole file.

use serde_json::Value;

use super::{LinesPart, SeedsText, decode, duplicate_key, syntax_message};
use crate::dataset::RecordList;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::strict_json::{self, ParseError};

/// A run of lines of a JSON Lines seeds file, as the first pass cuts the file into parts and as
/// their records are numbered and placed.
#[derive(Debug, Clone)]
pub(crate) struct LinesRun {
    /// The list every record of the file belongs to.
    pub(crate) list: RecordList,
    /// Byte offset of the first line.
    pub(crate) offset: u64,
    /// Length in bytes.
    pub(crate) len: u64,
    /// The 1-based line of the file the run starts at.
    pub(crate) first_line: usize,
    /// The index within the file of the run's first record.
    pub(crate) first_record: usize,
    /// Whether the run is the whole file.
    pub(crate) whole: bool,
}

/// Decodes and parses `bytes`, the lines of `run`, shown as `display`. Problems go to `report`; a
/// part with any line that does not parse gives back its text.
pub(crate) fn parse_lines(
    display: String,
    run: &LinesRun,
    bytes: Vec<u8>,
    report: &mut Report,
) -> Result<SeedsText, Option<String>> {
    let LinesRun {
        list,
        first_line,
        first_record,
        whole,
        ..
    } = *run;
    let text = decode_lines(bytes, &display, first_line, report).ok_or(None)?;
    let mut records = Vec::new();
    let mut values = Vec::new();
    let mut broken = false;
    let (mut start, mut seen) = (0, 0);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let index = first_record + seen;
        seen += 1;
        match strict_json::parse(&text[range.clone()]) {
            Ok(value) => {
                values.push(value);
                records.push((first_line + n, range));
            }
            Err(ParseError::Duplicates(dups)) => {
                broken = true;
                let line = &text[range.clone()];
                for dup in &dups {
                    let prefix = format!("/{}/{index}", list.key());
                    let mut d = duplicate_key(&display, line, dup, &prefix);
                    d.line = Some(first_line + n);
                    d.found = Some(format!(
                        "`{}` a second time; the first is at {}:{}",
                        dup.key,
                        first_line + n,
                        line[..dup.first.start].chars().count() + 1
                    ));
                    d.span = whole.then(|| range.start + dup.at.start..range.start + dup.at.end);
                    report.push(d);
                }
            }
            Err(ParseError::Syntax(e)) => {
                broken = true;
                let mut d = Diagnostic::new(Rule::Syntax, &display, syntax_message(&e))
                    .expected("one JSON object per line (no comments, trailing commas, NaN)");
                d.line = Some(first_line + n);
                d.column = Some(e.column());
                if whole {
                    let at = (range.start + e.column().saturating_sub(1)).min(range.end);
                    d.span = Some(at..at);
                }
                report.push(d);
            }
        }
    }
    if broken {
        return Err(Some(text));
    }
    let mut value = serde_json::Map::new();
    value.insert("$schema".into(), Value::from("seeds.schema.json"));
    value.insert(list.key().into(), Value::Array(values));
    Ok(SeedsText {
        display,
        text,
        value: Value::Object(value),
        lines: Some(LinesPart {
            list,
            first_record,
            records,
            whole,
        }),
    })
}

/// Decodes a part of a JSON Lines file, naming the line of a bad byte.
fn decode_lines(
    bytes: Vec<u8>,
    display: &str,
    first_line: usize,
    report: &mut Report,
) -> Option<String> {
    if first_line == 1 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return decode(bytes, display, report);
    }
    String::from_utf8(bytes)
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let (line, column) = crate::diagnostic::line_column(&good, at);
            let mut d = Diagnostic::new(Rule::Encoding, display, "file is not valid UTF-8")
                .found(format!("byte 0x{:02X}", e.as_bytes()[at]))
                .expected("UTF-8 text");
            d.line = Some(first_line + line - 1);
            d.column = Some(column);
            report.push(d);
        })
        .ok()
}
