//! Curators' tools: `fmt` writes seeds files in one canonical layout, so that a diff shows only
//! what changed; `locate` says where a quote stands in the articles, found as the validator finds
//! evidence.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Report, line_column};
use crate::error::Error;
use crate::seeds::{self, display_path};
use crate::validate::evidence::{nearest, occurrences};

/// A seeds file's canonical text: pretty JSON (two spaces, the keys in the order written), with
/// `$schema` first, and a final newline. Array items keep their order.
#[must_use]
pub(crate) fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) if map.contains_key("$schema") => {
            let mut first = serde_json::Map::new();
            if let Some(schema) = map.get("$schema") {
                first.insert("$schema".to_owned(), schema.clone());
            }
            for (k, v) in map.iter().filter(|(k, _)| *k != "$schema") {
                first.insert(k.clone(), v.clone());
            }
            crate::schema::to_pretty(&Value::Object(first))
        }
        _ => crate::schema::to_pretty(value),
    }
}

/// Rewrites every JSON seeds file under `root` (the metadata file `dataset.json` included) that is not in canonical form, each replaced in
/// one rename; with `check`, writes nothing and fails naming them. JSON Lines files are left as
/// they are (a record per line is their layout). Gives the files (to be) rewritten.
pub fn fmt(root: &Path, check: bool, max_file_size: u64) -> Result<Vec<String>, Error> {
    let mut report = Report::default();
    let mut changed = Vec::new();
    let mut files = seeds::discover(root)?;
    let metadata = crate::model::metadata::METADATA_FILE;
    if root.join(metadata).is_file() {
        files.insert(0, metadata.to_owned());
    }
    for rel in files {
        if seeds::is_lines(&rel) {
            continue;
        }
        let display = display_path(root, &rel);
        let path = root.join(&rel);
        let Some(bytes) = seeds::read_bytes(&path, &display, max_file_size, &mut report)? else {
            continue;
        };
        let Ok(file) = seeds::parse(display.clone(), bytes, &mut report) else {
            continue;
        };
        let text = canonical(&file.value);
        if text == file.text {
            continue;
        }
        if !check {
            write_atomic(&path, &text)?;
        }
        changed.push(display);
    }
    if !report.is_empty() {
        let _ = std::io::stderr()
            .write_all(report.render(&std::collections::BTreeMap::new()).as_bytes());
        return Err(Error::Invalid(report.diagnostics.len()));
    }
    if check && !changed.is_empty() {
        return Err(Error::NotCanonical(changed));
    }
    Ok(changed)
}

/// Replaces `path` with `text` in one rename, so that it is never half-written.
fn write_atomic(path: &Path, text: &str) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(Error::io(dir, "write in"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(Error::io(path, "write"))?;
    file.persist(path)
        .map_err(|e| e.error)
        .map_err(Error::io(path, "replace"))?;
    Ok(())
}

/// Where `quote` occurs in the text of every article of the seeds folder `root` (or only of
/// the source `only`), as a report for people: per article, how many times, and each occurrence's
/// line, column, characters and bytes. When it occurs nowhere, fails after saying how far the
/// quote does match each text.
pub fn locate(root: &Path, quote: &str, only: Option<&str>) -> Result<String, Error> {
    if quote.is_empty() {
        return Err(Error::Usage("the quote to locate is empty".to_owned()));
    }
    let budget = crate::validate::Options::default().index_budget(&std::env::temp_dir());
    let plan = crate::validate::plan::plan(
        seeds::Seeds {
            root,
            max_file_size: seeds::DEFAULT_MAX_FILE_SIZE,
        },
        1,
        budget,
    )?;
    // Every source with a text is listed under its text's folder.
    let mut ids: Vec<&String> = plan.folders.values().flatten().collect();
    ids.sort();
    ids.dedup();
    let mut sources: Vec<(&String, String)> = Vec::new();
    for id in ids
        .into_iter()
        .filter(|id| only.is_none_or(|o| o == id.as_str()))
    {
        if let Some(path) = plan.source(id)?.and_then(|info| info.path) {
            sources.push((id, path));
        }
    }
    if sources.is_empty() {
        let what = only.map_or("no article with a text".to_owned(), |o| {
            format!("no article `{o}` with a text")
        });
        return Err(Error::Usage(format!("{what} in {}", root.display())));
    }
    let (mut out, mut hints, mut total) = (String::new(), Vec::new(), 0);
    for (id, rel) in sources {
        let rel = rel.as_str();
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).map_err(Error::io(&path, "read"))?;
        let starts = occurrences(&text, quote);
        total += starts.len();
        if starts.is_empty() {
            hints.push(format!("{id}: {}", nearest(&text, quote, rel)));
            continue;
        }
        let _ = writeln!(out, "{id} ({rel}): {} occurrence(s)", starts.len());
        for (k, &start) in starts.iter().enumerate() {
            let end = start + quote.len();
            let (line, column) = line_column(&text, start);
            let chars = text[..start].chars().count();
            let _ = writeln!(
                out,
                "  {}: line {line}, column {column}, characters {chars}..{}, bytes {start}..{end}",
                k + 1,
                chars + quote.chars().count()
            );
        }
    }
    if total == 0 {
        return Err(Error::QuoteNotFound(hints.join("; ")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_form_puts_the_schema_first_and_keeps_every_other_order() {
        let value: Value =
            serde_json::from_str(r#"{"events": [{"id": "b"}, {"id": "a"}], "$schema": "s"}"#)
                .unwrap();
        let text = canonical(&value);
        assert!(
            text.starts_with("{\n  \"$schema\": \"s\",\n  \"events\": ["),
            "{text}"
        );
        assert!(text.find("\"b\"") < text.find("\"a\""));
        assert!(text.ends_with("}\n"));
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(canonical(&again), text);
    }
}
