//! Embedded resources: a subschema with its own `$id` is a resource of the schema document, and a
//! `$ref` that names it (its `$id` resolved against the enclosing ones, as draft 2020-12 says,
//! with or without a fragment) refers to it, never to a file. Such references are rewritten to
//! JSON pointers from the document's root before any file is looked for, and the embedded `$id`s
//! and `$anchor`s are then dropped, every reference into them being a pointer from the root. A
//! document with dynamic references (`$dynamicRef`), whose meaning depends on its resources,
//! keeps them: its references to embedded resources are made absolute instead, for the validator.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use jsonschema::Uri;
use jsonschema::uri::{from_str, resolve_against};
use serde_json::Value;

use crate::error::Error;
use crate::strict_json::escape_pointer;

/// Keywords whose values are data, never schemas: a `$ref` or `$id` in them is a value.
const VALUES: [&str; 4] = ["enum", "const", "default", "examples"];

/// Keywords whose meaning depends on the document's resources.
const DYNAMIC: [&str; 4] = [
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
];

/// The resources of one schema document.
#[derive(Default)]
struct Resources {
    /// Each resource's URI (no fragment), with the JSON pointer of its schema from the root.
    by_uri: BTreeMap<String, String>,
    /// Each `$anchor`, by its resource's URI and its name, with the pointer of its schema.
    anchors: BTreeMap<(String, String), String>,
    /// Whether a subschema below the root has an `$id`.
    embedded: bool,
    /// Whether the document uses dynamic references.
    dynamic: bool,
}

/// Rewrites every `$ref` of `schema` (the document read from `file`) that names one of its
/// embedded resources, by `$id` or by an `$anchor` in it, into a pointer from the root.
pub(super) fn resolve(file: &Path, schema: &mut Value) -> Result<(), Error> {
    let root = base(file, id_of(schema), &default_base())?;
    let mut found = Resources::default();
    found.by_uri.insert(root.as_str().to_owned(), String::new());
    scan(file, schema, &root, &mut String::new(), &mut found)?;
    let rewriter = Rewriter {
        root: root.as_str(),
        found: &found,
        keep_ids: found.embedded && found.dynamic,
    };
    rewriter.rewrite(schema, &root, true);
    Ok(())
}

/// The base URI a schema is read against when it has no `$id` (the validator's own).
fn default_base() -> Uri<String> {
    from_str("json-schema:///").expect("a constant URI")
}

/// The `$id` of `node`, if it has one.
fn id_of(node: &Value) -> Option<&str> {
    node.get("$id").and_then(Value::as_str)
}

/// The base URI of a schema whose `$id` is `id`: it resolved against `outer`, without a fragment.
fn base(file: &Path, id: Option<&str>, outer: &Uri<String>) -> Result<Uri<String>, Error> {
    let Some(id) = id else {
        return Ok(outer.clone());
    };
    let resolved = resolve_against(&outer.borrow(), id).map_err(|e| {
        Error::Schema(format!(
            "{}: `$id` `{id}` is not a URI reference: {e}",
            file.display()
        ))
    })?;
    from_str(resolved.strip_fragment().as_str()).map_err(|e| {
        Error::Schema(format!(
            "{}: `$id` `{id}` is not a URI reference: {e}",
            file.display()
        ))
    })
}

/// Records the resources and anchors at and below `node` (at `pointer`, read against `outer`).
fn scan(
    file: &Path,
    node: &Value,
    outer: &Uri<String>,
    pointer: &mut String,
    found: &mut Resources,
) -> Result<(), Error> {
    match node {
        Value::Object(fields) => {
            let here = base(file, id_of(node), outer)?;
            if !pointer.is_empty() && fields.get("$id").is_some_and(Value::is_string) {
                found.embedded = true;
                found
                    .by_uri
                    .entry(here.as_str().to_owned())
                    .or_insert_with(|| pointer.clone());
            }
            if let Some(anchor) = fields.get("$anchor").and_then(Value::as_str) {
                found
                    .anchors
                    .entry((here.as_str().to_owned(), anchor.to_owned()))
                    .or_insert_with(|| pointer.clone());
            }
            found.dynamic |= DYNAMIC.iter().any(|k| fields.contains_key(*k));
            for (key, value) in fields {
                if VALUES.contains(&key.as_str()) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer(key));
                scan(file, value, &here, pointer, found)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                scan(file, item, outer, pointer, found)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Rewrites references with what the scan found.
struct Rewriter<'a> {
    /// The root's base URI.
    root: &'a str,
    found: &'a Resources,
    /// Whether embedded `$id`s stay (references to them made absolute), or go (references
    /// made pointers from the root).
    keep_ids: bool,
}

impl Rewriter<'_> {
    /// Rewrites every `$ref` at and below `node`, read against `outer`.
    fn rewrite(&self, node: &mut Value, outer: &Uri<String>, root: bool) {
        match node {
            Value::Object(fields) => {
                let id = fields.get("$id").and_then(Value::as_str);
                let here = base(Path::new(""), id, outer).unwrap_or_else(|_| outer.clone());
                for (key, value) in fields.iter_mut() {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(reference)) => {
                            if let Some(target) = self.target(reference, &here) {
                                *reference = target;
                            }
                        }
                        (key, _) if VALUES.contains(&key) => {}
                        (_, value) => self.rewrite(value, &here, false),
                    }
                }
                if !root && !self.keep_ids && self.found.embedded {
                    fields.shift_remove("$id");
                    fields.shift_remove("$anchor");
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, outer, false);
                }
            }
            _ => {}
        }
    }

    /// What `reference`, read against `base`, becomes; `None`: it stays as it is.
    fn target(&self, reference: &str, base: &Uri<String>) -> Option<String> {
        let in_root = base.as_str() == self.root;
        if in_root && reference.starts_with('#') {
            return None;
        }
        let resolved = resolve_against(&base.borrow(), reference).ok()?;
        let uri = resolved.strip_fragment().as_str().to_owned();
        let Some(resource) = self.found.by_uri.get(&uri) else {
            return self.file(reference, resolved.as_str(), in_root);
        };
        if self.keep_ids {
            return Some(resolved.as_str().to_owned());
        }
        let fragment = resolved
            .fragment()
            .map(|f| f.decode().to_string_lossy().into_owned())
            .unwrap_or_default();
        let pointer = if fragment.is_empty() {
            resource.clone()
        } else if fragment.starts_with('/') {
            format!("{resource}{fragment}")
        } else {
            self.found.anchors.get(&(uri, fragment))?.clone()
        };
        Some(format!("#{}", encode_fragment(&pointer)))
    }

    /// A reference to no resource of the document, in an embedded resource whose `$id` goes:
    /// a file named from the root's folder, or else the absolute URI it names.
    fn file(&self, reference: &str, resolved: &str, in_root: bool) -> Option<String> {
        if in_root || self.keep_ids || !self.found.embedded || reference.contains("..") {
            return None;
        }
        let folder = &self.root[..=self.root.rfind('/')?];
        Some(
            resolved
                .strip_prefix(folder)
                .filter(|rest| !rest.contains(':') && !rest.is_empty())
                .unwrap_or(resolved)
                .to_owned(),
        )
    }
}

/// `pointer` as a URI fragment: every character a fragment may not hold percent-encoded.
pub(crate) fn encode_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolved(mut schema: Value) -> Value {
        resolve(Path::new("s.json"), &mut schema).unwrap();
        schema
    }

    #[test]
    fn a_reference_to_an_embedded_id_becomes_a_pointer_and_the_id_goes() {
        let schema = resolved(json!({
            "$id": "https://example.com/root.json",
            "properties": {"addr": {"$ref": "address.json"}, "city": {"$ref": "address.json#/properties/city"}},
            "$defs": {"A": {"$id": "address.json", "$anchor": "here", "properties": {"city": {"$ref": "#/$defs/City"}}, "$defs": {"City": {"type": "string"}}}}
        }));
        assert_eq!(schema["properties"]["addr"]["$ref"], "#/$defs/A");
        assert_eq!(
            schema["properties"]["city"]["$ref"],
            "#/$defs/A/properties/city"
        );
        let a = &schema["$defs"]["A"];
        assert_eq!(a["properties"]["city"]["$ref"], "#/$defs/A/$defs/City");
        assert!(a.get("$id").is_none() && a.get("$anchor").is_none());
        assert_eq!(schema["$id"], "https://example.com/root.json");
    }

    #[test]
    fn ids_resolve_against_the_enclosing_ids() {
        let schema = resolved(json!({
            "properties": {"x": {"$ref": "http://x.test/a/b/c.json#leaf"}, "f": {"$ref": "f.json"}},
            "$defs": {"B": {"$id": "http://x.test/a/b/", "$defs": {"C": {"$id": "c.json", "$defs": {"L": {"$anchor": "leaf"}}, "properties": {"g": {"$ref": "g.json"}}}}}}
        }));
        assert_eq!(
            schema["properties"]["x"]["$ref"],
            "#/$defs/B/$defs/C/$defs/L"
        );
        // A file stays a file: from the root's folder, or left for the validator to refuse.
        assert_eq!(schema["properties"]["f"]["$ref"], "f.json");
        assert_eq!(
            schema["$defs"]["B"]["$defs"]["C"]["properties"]["g"]["$ref"],
            "http://x.test/a/b/g.json"
        );
    }

    #[test]
    fn a_document_with_dynamic_references_keeps_its_ids() {
        let schema = resolved(json!({
            "properties": {"x": {"$ref": "item.json"}},
            "$defs": {"I": {"$id": "item.json", "$dynamicAnchor": "t"}}
        }));
        assert_eq!(
            schema["properties"]["x"]["$ref"],
            "json-schema:///item.json"
        );
        assert_eq!(schema["$defs"]["I"]["$id"], "item.json");
    }

    #[test]
    fn a_pointer_with_characters_a_fragment_cannot_hold_is_percent_encoded() {
        assert_eq!(encode_fragment("/$defs/a b%"), "/$defs/a%20b%25");
        assert_eq!(encode_fragment("/é"), "/%C3%A9");
    }
}
