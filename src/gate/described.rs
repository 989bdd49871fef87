//! The descriptions held to the bytes written: every file `datapackage.json` and
//! `croissant.json` list must carry the SHA-256 and the size of what the build wrote to it, so
//! that a reader verifying a download against them finds the very files published.

use std::path::Path;

use serde_json::Value;

use crate::describe::croissant::CROISSANT_FILE;
use crate::error::Error;
use crate::hash::Hashes;

/// The data package's file name.
const PACKAGE: &str = "datapackage.json";

/// Every hash and size `datapackage.json` and `croissant.json` in `dir` (those written) give
/// that is not what the build `written` to the file they name.
pub(super) fn check(dir: &Path, written: &Hashes) -> Result<Vec<String>, Error> {
    let mut problems = Vec::new();
    for (file, list, path, hash, size) in [
        (PACKAGE, "resources", "path", "hash", "bytes"),
        (
            CROISSANT_FILE,
            "distribution",
            "contentUrl",
            "sha256",
            "contentSize",
        ),
    ] {
        if !written.contains_key(file) {
            continue;
        }
        let at = dir.join(file);
        let text = std::fs::read(&at).map_err(Error::io(&at, "read"))?;
        let Ok(doc) = serde_json::from_slice::<Value>(&text) else {
            problems.push(format!("{file} is not JSON"));
            continue;
        };
        let Some(entries) = doc.get(list).and_then(Value::as_array) else {
            problems.push(format!("{file} has no `{list}` list"));
            continue;
        };
        for entry in entries {
            if let Some(checked) = file_set(entry, written) {
                problems.extend(checked.err().map(|e| format!("{file}: {e}")));
                continue;
            }
            if let Some(parts) = parts(entry, path) {
                for part in parts {
                    // A multipart resource or a file set: each part's hash is in SHA256SUMS.
                    if !part.is_some_and(|p| written.contains_key(p)) {
                        problems.push(format!(
                            "{file} lists a part {}, which was not written",
                            part.unwrap_or("(not a path)")
                        ));
                    }
                }
                continue;
            }
            let listed = Listed {
                path: entry.get(path).and_then(Value::as_str),
                sha256: entry.get(hash).and_then(Value::as_str),
                size: entry.get(size),
            };
            listed.check(file, written, &mut problems);
        }
    }
    Ok(problems)
}

/// The parts a data package's multipart resource lists (its `path` an array); `None` for an
/// entry of one file.
fn parts<'a>(entry: &'a Value, path: &str) -> Option<Vec<Option<&'a str>>> {
    let paths = entry.get(path)?.as_array()?;
    Some(paths.iter().map(Value::as_str).collect())
}

/// For a Croissant `FileSet` (a table written in parts): whether its glob reads the parts the
/// build wrote into the folder it names; `None` for an entry of one file.
fn file_set(entry: &Value, written: &Hashes) -> Option<Result<(), String>> {
    if entry.get("@type").and_then(Value::as_str) != Some("cr:FileSet") {
        return None;
    }
    let folder = entry.get("@id").and_then(Value::as_str).unwrap_or_default();
    let includes = entry.get("includes").and_then(Value::as_str);
    let prefix = format!("{folder}/part-");
    let found = written.range(prefix.clone()..).next();
    Some(match (includes, found) {
        (Some(glob), Some((rel, _)))
            if rel.starts_with(&prefix) && glob.starts_with(&format!("{folder}/")) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "the file set {folder} ({}) matches no part written",
            includes.unwrap_or("no glob")
        )),
    })
}

/// One file as a description lists it.
struct Listed<'a> {
    path: Option<&'a str>,
    /// `sha256:<hex>` (data package) or `<hex>` (Croissant).
    sha256: Option<&'a str>,
    /// A number of bytes (data package) or `<n> B` (Croissant).
    size: Option<&'a Value>,
}

impl Listed<'_> {
    fn check(&self, file: &str, written: &Hashes, problems: &mut Vec<String>) {
        let Some(path) = self.path else {
            problems.push(format!("{file} lists a file without its path"));
            return;
        };
        let Some(w) = written.get(path) else {
            problems.push(format!("{file} lists {path}, which was not written"));
            return;
        };
        let sha = self.sha256.map(|s| s.strip_prefix("sha256:").unwrap_or(s));
        if sha != Some(w.sha256.as_str()) {
            problems.push(format!(
                "{file} gives {path} the SHA-256 {}, but {} was written",
                self.sha256.unwrap_or("(none)"),
                w.sha256
            ));
        }
        let size = match self.size {
            None => return,
            Some(Value::String(s)) => s.strip_suffix(" B").and_then(|n| n.parse::<u64>().ok()),
            Some(v) => v.as_u64(),
        };
        if size != Some(w.bytes) {
            problems.push(format!(
                "{file} gives {path} the size {}, but {} bytes were written",
                self.size.map_or_else(String::new, Value::to_string),
                w.bytes
            ));
        }
    }
}
