//! Local references: a `$ref` to a relative file (`defs/address.json`, `common.json#/$defs/Id`)
//! that names no resource embedded in the schema (those are resolved first, `embedded`) is read from the referring schema's folder, never above it (no `..`, no symbolic link out),
//! and bundled into the root schema under `$defs`, its own references rewritten to point into
//! the bundle; so the validator and the column mapper both see one self-contained schema.
//! Remote (`http(s)://`, `file://`) and absolute references are left as they are, for the
//! validator to refuse.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::strict_json::escape_pointer;

/// How many files one schema may draw in.
const MAX_FILES: usize = 256;

/// `schema`, read from `path`, with every schema file it refers to (at any depth) bundled in.
pub(super) fn bundle(
    path: &Path,
    mut schema: Value,
    read: impl Fn(&Path) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let root_dir = folder(path)?;
    super::embedded::resolve(path, &mut schema)?;
    let mut bundler = Bundler {
        root_dir: root_dir.clone(),
        files: BTreeMap::new(),
        queue: Vec::new(),
    };
    bundler.rewrite(&mut schema, path, &root_dir, None)?;
    let mut defs = Map::new();
    while let Some((file, key)) = bundler.queue.pop() {
        let shown = path.parent().unwrap_or(Path::new("")).join(&key);
        let mut part = read(&shown)?;
        super::embedded::resolve(&shown, &mut part)?;
        if let Value::Object(fields) = &mut part {
            // An embedded schema is no resource of its own: its references were rewritten.
            fields.remove("$schema");
            fields.remove("$id");
        }
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        bundler.rewrite(&mut part, &shown, &dir, Some(&key))?;
        defs.insert(key, part);
    }
    if defs.is_empty() {
        return Ok(schema);
    }
    let Value::Object(root) = &mut schema else {
        return Err(Error::Schema(format!(
            "{}: a schema that refers to other files must be an object",
            path.display()
        )));
    };
    let into = root
        .entry("$defs")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(into) = into else {
        return Err(Error::Schema(format!(
            "{}: `$defs` is not an object",
            path.display()
        )));
    };
    for (key, part) in defs {
        if into.contains_key(&key) {
            return Err(Error::Schema(format!(
                "{}: `$defs` already holds `{key}`, the name a referenced file is bundled under; rename that definition",
                path.display()
            )));
        }
        into.insert(key, part);
    }
    Ok(schema)
}

/// The canonical folder of the schema file `path`.
fn folder(path: &Path) -> Result<PathBuf, Error> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    parent.canonicalize().map_err(Error::io(parent, "read"))
}

/// The files bundled so far, and those still to read.
struct Bundler {
    /// The canonical folder of the root schema; bundled files are keyed by their path from it.
    root_dir: PathBuf,
    /// Each file's key in `$defs`, by canonical path.
    files: BTreeMap<PathBuf, String>,
    /// Files to read: canonical path and key.
    queue: Vec<(PathBuf, String)>,
}

impl Bundler {
    /// Rewrites every `$ref` below `node`, a part of the file `file` (shown as such) in the
    /// canonical folder `dir`, bundled under `key` (`None`: the root schema).
    fn rewrite(
        &mut self,
        node: &mut Value,
        file: &Path,
        dir: &Path,
        key: Option<&str>,
    ) -> Result<(), Error> {
        match node {
            Value::Object(fields) => {
                for (name, value) in fields.iter_mut() {
                    match (name.as_str(), value) {
                        ("$ref", Value::String(reference)) => {
                            *reference = self.target(reference, file, dir, key)?;
                        }
                        // Values, not schemas: a `$ref` in them is data.
                        ("enum" | "const" | "default" | "examples", _) => {}
                        (_, value) => self.rewrite(value, file, dir, key)?,
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, file, dir, key)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Where `reference`, found in `file` (in `dir`, bundled under `key`), points in the bundle.
    fn target(
        &mut self,
        reference: &str,
        file: &Path,
        dir: &Path,
        key: Option<&str>,
    ) -> Result<String, Error> {
        let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !fragment.is_empty()
            && !fragment.starts_with('/')
            && (key.is_some() || !target.is_empty())
        {
            return Err(refused(
                file,
                reference,
                "an anchor (`#name`) in another file is not followed; refer to a JSON pointer (`file.json#/$defs/Name`)",
            ));
        }
        if target.is_empty() {
            return Ok(match key {
                None => reference.to_owned(),
                Some(key) => format!("#/$defs/{}{fragment}", escape_pointer(key)),
            });
        }
        if target.contains(':') || target.starts_with(['/', '\\']) {
            // Remote or absolute: the validator refuses it, never fetching anything.
            return Ok(reference.to_owned());
        }
        let relative = Path::new(target);
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(refused(
                file,
                reference,
                "a reference may name a file in the referring schema's folder or below it, never above (`..`)",
            ));
        }
        let found = dir.join(relative);
        let canonical = found.canonicalize().map_err(|e| {
            refused(
                file,
                reference,
                &format!("cannot read {}: {e}", found.display()),
            )
        })?;
        if !canonical.starts_with(dir) || !canonical.is_file() {
            return Err(refused(
                file,
                reference,
                "it leads out of the referring schema's folder (through a symbolic link), or to no file",
            ));
        }
        let key = match self.files.get(&canonical) {
            Some(key) => key.clone(),
            None => self.add(canonical, file, reference)?,
        };
        Ok(format!("#/$defs/{}{fragment}", escape_pointer(&key)))
    }

    /// Queues the file at `canonical` to be bundled, and gives its key.
    fn add(&mut self, canonical: PathBuf, file: &Path, reference: &str) -> Result<String, Error> {
        if self.files.len() >= MAX_FILES {
            return Err(refused(
                file,
                reference,
                &format!("a schema may draw in at most {MAX_FILES} files"),
            ));
        }
        let key = canonical
            .strip_prefix(&self.root_dir)
            .map_err(|_| refused(file, reference, "it leads out of the root schema's folder"))?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        self.files.insert(canonical.clone(), key.clone());
        self.queue.push((canonical, key.clone()));
        Ok(key)
    }
}

/// The refusal of `reference` in `file`, and why.
fn refused(file: &Path, reference: &str, why: &str) -> Error {
    Error::Schema(format!(
        "{}: `$ref` `{reference}` is refused: {why}",
        file.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(path: &Path) -> Result<Value, Error> {
        let text = std::fs::read_to_string(path).map_err(Error::io(path, "read"))?;
        serde_json::from_str(&text).map_err(|e| Error::Schema(e.to_string()))
    }

    #[test]
    fn files_are_bundled_under_defs_with_their_own_references_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("defs")).unwrap();
        let line = json!({
            "properties": {"tag": {"$ref": "common.json#/definitions/Tag"}, "me": {"$ref": "#/$defs/Me"}},
            "$defs": {"Me": {"type": "string"}}
        });
        let common = json!({"definitions": {"Tag": {"type": "string"}}});
        std::fs::write(dir.path().join("defs/line.json"), line.to_string()).unwrap();
        std::fs::write(dir.path().join("defs/common.json"), common.to_string()).unwrap();
        let root = json!({"properties": {"line": {"$ref": "defs/line.json"}, "enum": {"enum": [{"$ref": "x.json"}]}}});
        let path = dir.path().join("root.json");
        let bundled = bundle(&path, root, read).unwrap();
        assert_eq!(
            bundled["properties"]["line"]["$ref"],
            "#/$defs/defs~1line.json"
        );
        let line = &bundled["$defs"]["defs/line.json"];
        assert_eq!(
            line["properties"]["tag"]["$ref"],
            "#/$defs/defs~1common.json/definitions/Tag"
        );
        assert_eq!(
            line["properties"]["me"]["$ref"],
            "#/$defs/defs~1line.json/$defs/Me"
        );
        // An enumeration's values are data, not schemas.
        assert_eq!(bundled["properties"]["enum"]["enum"][0]["$ref"], "x.json");
        assert!(
            bundled
                .pointer("/$defs/defs~1common.json/definitions/Tag")
                .is_some()
        );
    }

    #[test]
    fn a_file_referring_back_to_the_root_is_bundled_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.json"),
            json!({"properties": {"b": {"$ref": "b.json"}}}).to_string(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            json!({"properties": {"a": {"$ref": "a.json"}}}).to_string(),
        )
        .unwrap();
        let root = json!({"properties": {"a": {"$ref": "a.json"}}});
        let bundled = bundle(&dir.path().join("root.json"), root, read).unwrap();
        let defs = bundled["$defs"].as_object().unwrap();
        assert_eq!(defs.len(), 2);
        assert_eq!(defs["b.json"]["properties"]["a"]["$ref"], "#/$defs/a.json");
    }

    #[test]
    fn an_embedded_id_in_a_referenced_file_resolves_within_that_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("defs")).unwrap();
        let a = json!({
            "$id": "https://example.com/a.json",
            "properties": {"b": {"$ref": "b.json"}},
            "$defs": {"B": {"$id": "b.json", "type": "string"}}
        });
        std::fs::write(dir.path().join("defs/a.json"), a.to_string()).unwrap();
        // A decoy beside the referring file: never read.
        std::fs::write(dir.path().join("defs/b.json"), r#"{"type": "integer"}"#).unwrap();
        let root = json!({"properties": {"a": {"$ref": "defs/a.json"}}});
        let bundled = bundle(&dir.path().join("root.json"), root, read).unwrap();
        let a = &bundled["$defs"]["defs/a.json"];
        assert_eq!(a["properties"]["b"]["$ref"], "#/$defs/defs~1a.json/$defs/B");
        assert!(bundled["$defs"].get("defs/b.json").is_none());
        assert!(a["$defs"]["B"].get("$id").is_none());
    }
}
