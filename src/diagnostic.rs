//! Diagnostics: one problem found in the seeds, as data, and its two renderings — compiler-style
//! text for people and JSON for machines.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

/// The rule a diagnostic reports a breach of; its kebab-case name is the diagnostic's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A seeds file's name does not say what it holds: a JSON Lines file must end in
    /// `<list>.jsonl`.
    FileName,
    /// A file is not UTF-8, or starts with a byte order mark.
    Encoding,
    /// A file is not well-formed JSON.
    Syntax,
    /// An object holds the same key twice.
    DuplicateKey,
    /// A value breaks the JSON Schema.
    Schema,
    /// A file is larger than the configured limit.
    FileTooLarge,
    /// Two records share an id.
    DuplicateId,
    /// A reference names no record.
    DanglingReference,
    /// A reference names a record of the wrong kind.
    WrongReferenceKind,
    /// A date range ends before it starts, or a date does not fit its precision.
    DateRange,
    /// A country code is not an ISO 3166-1 alpha-2 code.
    CountryCode,
    /// An evidence quote does not occur in its source's text.
    QuoteNotFound,
    /// An evidence quote occurs more than once and no occurrence is chosen, or the chosen one does
    /// not exist.
    QuoteAmbiguous,
    /// A source's text file is missing, unreadable, or escapes the seeds folder.
    SourcePath,
    /// A source's text does not match its recorded SHA-256.
    SourceHash,
    /// A source's fields do not fit its kind.
    SourceKind,
    /// A summary or description repeats eight or more consecutive words of a source.
    CopiedWording,
    /// A value the schema allows but no column of its type can hold: an integer beyond 64 bits,
    /// a date outside the years a date column holds.
    OutOfRange,
    /// Text begins like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return).
    SpreadsheetFormula,
    /// Links between events, or quantities and the wholes they are part of, run in a circle.
    LinkCycle,
    /// A quantity is part of a whole in another unit, or larger than it.
    PartExceedsWhole,
    /// An event that `occurred` starts after its source was published.
    OccurredAfterPublication,
    /// A field that gives a source's wording (a date's or a figure's `as_written`) is not in any
    /// of the record's evidence quotes.
    WordingNotInEvidence,
    /// In a source where an entity is mentioned, an occurrence of its name or an alias, as a
    /// whole word, lies within none of its recorded mentions.
    MentionMissing,
    /// The seeds folder has no `dataset.json`, the dataset's metadata (name, title, version,
    /// licence, creators) that every published description is made from.
    MetadataMissing,
    /// A relation of a two-way predicate has as subject the id that sorts last, or the same fact
    /// is recorded both ways.
    TwoWayOrder,
    /// A relation's id is not `<subject>-<predicate, with "-" for "_">-<object>`.
    RelationId,
    /// A date written in an id (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) is not the record's own date,
    /// or is finer than it, or the record is undated.
    IdDate,
    /// A record with `reported_by` has no evidence quote that covers a mention of the reporter.
    ReporterInEvidence,
    /// A relation's evidence covers no mention of its subject or of its object, an event's
    /// evidence covers no mention of one of its participants, or a record's only evidence is a
    /// bare name.
    EvidenceCoversEnds,
    /// An entity has no recorded mention in any source.
    EntityUnmentioned,
    /// A record of a JSON Lines input (generic mode) is larger than the configured limit.
    RecordTooLarge,
}

impl Rule {
    /// The rule's kebab-case name.
    #[must_use]
    pub(crate) fn code(self) -> &'static str {
        crate::model::serde_name(&self)
    }
}

/// One problem found in the seeds, with everything needed to find and fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The rule broken.
    pub(crate) rule: Rule,
    /// The file, as given on the command line joined with its path in the seeds folder.
    pub(crate) file: String,
    /// 1-based line of the offending value, where known.
    pub(crate) line: Option<usize>,
    /// 1-based column (in characters) of the offending value, where known.
    pub(crate) column: Option<usize>,
    /// Id of the record the problem is in, where known.
    pub(crate) record: Option<String>,
    /// JSON pointer to the offending value within the file, where known.
    pub(crate) pointer: Option<String>,
    /// What is wrong.
    pub(crate) message: String,
    /// What was found.
    pub(crate) found: Option<String>,
    /// What was expected instead.
    pub(crate) expected: Option<String>,
    /// The schema keyword that failed, for schema diagnostics.
    pub(crate) schema_path: Option<String>,
    /// Byte range of the offending text within the file, where known.
    #[serde(skip)]
    pub(crate) span: Option<Range<usize>>,
}

impl Diagnostic {
    /// A diagnostic for `rule` in `file` saying `message`; fill the rest with the `with_` methods.
    #[must_use]
    pub(crate) fn new(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            file: file.into(),
            line: None,
            column: None,
            record: None,
            pointer: None,
            message: message.into(),
            found: None,
            expected: None,
            schema_path: None,
            span: None,
        }
    }

    /// Names the JSON pointer of the offending value.
    #[must_use]
    pub(crate) fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Names the record the problem is in.
    #[must_use]
    pub(crate) fn record(mut self, id: Option<impl Into<String>>) -> Self {
        self.record = id.map(Into::into);
        self
    }

    /// Says what was found.
    #[must_use]
    pub(crate) fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Says what was expected.
    #[must_use]
    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Places the diagnostic at a byte range of `text`, computing its line and column.
    #[must_use]
    pub(crate) fn spanned(mut self, text: &str, span: Range<usize>) -> Self {
        let (line, column) = line_column(text, span.start);
        self.line = Some(line);
        self.column = Some(column);
        self.span = Some(span);
        self
    }

    /// `file:line:column`, or as much of it as is known.
    #[must_use]
    pub(crate) fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// 1-based line and column (counted in characters) of byte `offset` in `text`.
#[must_use]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A value as compact JSON, cut to a readable length, for a diagnostic's "found".
#[must_use]
pub(crate) fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(77).collect::<String>())
    } else {
        text
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every problem found in one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// The problems, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
}

/// The JSON form of a report.
#[derive(Serialize)]
struct JsonReport<'a> {
    valid: bool,
    error_count: usize,
    diagnostics: &'a [Diagnostic],
}

impl Report {
    /// Whether no problem was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Adds one problem.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Sorts the problems by file, position, rule and message, and drops exact repeats.
    pub(crate) fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
        });
        self.diagnostics.dedup();
    }

    /// The report as pretty JSON with a trailing newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        let report = JsonReport {
            valid: self.is_empty(),
            error_count: self.diagnostics.len(),
            diagnostics: &self.diagnostics,
        };
        let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
        out.push('\n');
        out
    }

    /// The report as compiler-style text: each problem with its location, the offending line, and
    /// notes naming the record, pointer, what was found and what was expected.
    #[must_use]
    pub fn render(&self, texts: &BTreeMap<String, String>) -> String {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (name, text) in texts {
            ids.insert(name.as_str(), files.add(name.as_str(), text.as_str()));
        }
        let config = Config::default();
        let mut out = String::new();
        for d in &self.diagnostics {
            let mut cs = CsDiagnostic::error()
                .with_code(d.rule.code())
                .with_message(&d.message);
            match (d.span.clone(), ids.get(d.file.as_str())) {
                (Some(span), Some(&id)) => {
                    let label = d
                        .found
                        .as_ref()
                        .map_or_else(String::new, |f| format!("found {f}"));
                    cs = cs.with_labels(vec![Label::primary(id, span).with_message(label)]);
                }
                _ => cs = cs.with_notes(vec![format!("in {}", d.location())]),
            }
            cs = cs.with_notes(notes(d));
            match term::emit_into_string(&config, &files, &cs) {
                Ok(text) => out.push_str(&text),
                Err(_) => {
                    let _ = writeln!(
                        out,
                        "error[{}]: {}: {}",
                        d.rule.code(),
                        d.location(),
                        d.message
                    );
                }
            }
        }
        let n = self.diagnostics.len();
        let _ = writeln!(out, "{n} problem{} found", if n == 1 { "" } else { "s" });
        out
    }
}

fn notes(d: &Diagnostic) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(record) = &d.record {
        notes.push(format!("record: {record}"));
    }
    if let Some(pointer) = &d.pointer {
        notes.push(format!("pointer: {pointer}"));
    }
    if let Some(found) = &d.found {
        notes.push(format!("found: {found}"));
    }
    if let Some(expected) = &d.expected {
        notes.push(format!("expected: {expected}"));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\n“c”d\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'd' comes after two 3-byte quotes and 'c': byte 3 + 3 + 1 + 3 = 10, column 4.
        assert_eq!(line_column(text, 10), (2, 4));
    }

    #[test]
    fn rule_codes_are_kebab_case() {
        assert_eq!(Rule::DuplicateId.code(), "duplicate-id");
        assert_eq!(Rule::QuoteNotFound.code(), "quote-not-found");
    }
}
