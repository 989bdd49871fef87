//! Reading one part of the plan: a JSON seeds file whole, or a run of lines of a JSON Lines
//! file (the fast way, straight into typed records, when every line allows it), then parsed and
//! held to the schema.

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::Path;

use super::{Part, schema, spreadsheet, typed};
use crate::dataset::{Dataset, RecordList};
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::model::SeedsFile;
use crate::seeds::{self, Seeds, SeedsText};

/// Reads and parses one part; `Ok(Err(text))` when it could not be parsed (with its text when
/// it decoded).
pub(crate) fn read_part(
    seeds: Seeds<'_>,
    part: &Part,
    report: &mut Report,
) -> Result<Result<SeedsText, Option<String>>, Error> {
    let Some(lines) = &part.lines else {
        if seeds::is_lines(&part.rel) {
            report.push(
                Diagnostic::new(
                    Rule::FileName,
                    &part.display,
                    "a JSON Lines seeds file must be named after the list it holds",
                )
                .found(format!(
                    "`{}`",
                    part.rel.rsplit('/').next().unwrap_or_default()
                ))
                .expected(format!(
                    "a name ending in {}",
                    RecordList::either(&RecordList::ALL, ".jsonl")
                )),
            );
            return Ok(Err(None));
        }
        let Some(bytes) = seeds.read_bytes(&part.rel, &part.display, report)? else {
            return Ok(Err(None));
        };
        return Ok(seeds::parse(part.display.clone(), bytes, report));
    };
    let bytes = read_lines(&seeds.root.join(&part.rel), lines)?;
    Ok(seeds::parse_lines(
        part.display.clone(),
        lines,
        bytes,
        report,
    ))
}

/// The bytes of the lines of a JSON Lines part.
fn read_lines(path: &Path, lines: &seeds::LinesRun) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(lines.offset))?;
            f.take(lines.len).read_to_end(&mut bytes)
        })
        .map_err(Error::io(path, "read"))?;
    Ok(bytes)
}

/// A part read and held to the schema: its text, its records, and whether they are valid; or,
/// when it could not be parsed, its text if it decoded.
pub(super) type PartRead = Result<(SeedsText, Dataset, bool), Option<String>>;

/// Reads part `p` and holds it to the schema: a JSON Lines part the fast way when every line
/// reads strictly into its type (`typed`), any other the full way.
pub(super) fn read_records(
    seeds: Seeds<'_>,
    part: &Part,
    p: usize,
    checker: &schema::SchemaChecker,
    report: &mut Report,
) -> Result<PartRead, Error> {
    let mut dataset = Dataset::default();
    let parsed = match &part.lines {
        None => read_part(seeds, part, report)?,
        Some(lines) => {
            let bytes = match String::from_utf8(read_lines(&seeds.root.join(&part.rel), lines)?) {
                Ok(text) => match typed::read(&part.display, text, lines) {
                    Ok((file, records)) => {
                        dataset.add(p, records);
                        return Ok(Ok((file, dataset, true)));
                    }
                    Err(text) => text.into_bytes(),
                },
                Err(e) => e.into_bytes(),
            };
            seeds::parse_lines(part.display.clone(), lines, bytes, report)
        }
    };
    let mut file = match parsed {
        Ok(file) => file,
        Err(text) => return Ok(Err(text)),
    };
    spreadsheet::check(&file, report);
    let mut valid = checker.check(&file, report);
    if valid {
        // The parsed tree is not needed once the records are typed; the text stays, for placing
        // later problems.
        match serde_json::from_value::<SeedsFile>(std::mem::take(&mut file.value)) {
            Ok(records) => dataset.add(p, records),
            Err(e) => {
                valid = false;
                report.push(Diagnostic::new(Rule::Schema, &file.display, e.to_string()));
            }
        }
    }
    Ok(Ok((file, dataset, valid)))
}
