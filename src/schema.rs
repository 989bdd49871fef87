//! The JSON Schema of seeds files, generated from the record types, and helpers for reading
//! schemas: following `$ref`, telling nullable types and listing enumerated values.

use std::path::Path;

use serde_json::Value;

use crate::error::Error;
use crate::model::SeedsFile;
use crate::model::metadata::DatasetMetadata;
use crate::output::file::{self, Own};

/// File name of the seeds schema inside `schema/`.
pub(crate) const SEEDS_SCHEMA_FILE: &str = "seeds.schema.json";

/// File name of the dataset metadata's schema inside `schema/`.
pub(crate) const DATASET_SCHEMA_FILE: &str = "dataset.schema.json";

/// The JSON Schema (draft 2020-12) the seeds folder's `dataset.json` must satisfy.
#[must_use]
pub(crate) fn dataset_schema() -> Value {
    with_meta_schema(schemars::schema_for!(DatasetMetadata).to_value())
}

/// The JSON Schema (draft 2020-12) every seeds file must satisfy.
#[must_use]
pub(crate) fn seeds_schema() -> Value {
    let mut schema = schemars::schema_for!(SeedsFile).to_value();
    crate::model::constraint::order_properties(&mut schema);
    with_meta_schema(schema)
}

/// Declares draft 2020-12 as the first key of `schema`, for editors and other validators.
#[must_use]
pub(crate) fn with_meta_schema(schema: Value) -> Value {
    let Value::Object(fields) = schema else {
        return schema;
    };
    let mut out = serde_json::Map::new();
    out.insert("$schema".into(), Value::String(DRAFT_2020_12.into()));
    out.extend(fields.into_iter().filter(|(k, _)| k != "$schema"));
    Value::Object(out)
}

/// The meta-schema URI of JSON Schema draft 2020-12.
pub(crate) const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Pretty JSON with a trailing newline, as every generated JSON file is written.
#[must_use]
pub fn to_pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The generated files of `schema/`, as (file name, contents).
#[must_use]
pub fn generated_files() -> Vec<(String, String)> {
    vec![
        (DATASET_SCHEMA_FILE.to_owned(), to_pretty(&dataset_schema())),
        (SEEDS_SCHEMA_FILE.to_owned(), to_pretty(&seeds_schema())),
    ]
}

/// How a schema file this tool wrote is recognised: by the draft it declares first.
const OWN: Own = Own::Mark {
    what: "a JSON Schema",
    mark: concat!(
        "{\n  \"$schema\": \"",
        "https://json-schema.org/draft/2020-12/schema",
        "\""
    ),
    schema: true,
};

/// Writes `schema/` into `dir`, creating it if needed. Refused, with nothing written, when `dir`
/// is or holds a seeds folder, the current folder, the repository root or the home folder, or
/// holds anything but the files written here, or those files are not JSON Schemas of the draft
/// this tool writes (see [`crate::output::guard`] and [`crate::output::file`]).
pub fn write(dir: &Path) -> Result<Vec<String>, Error> {
    let files = generated_files();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    crate::output::guard::check(dir, crate::output::guard::Writes::Files(&names), &[])?;
    for (name, _) in &files {
        file::check(&dir.join(name), OWN, &[])?;
    }
    std::fs::create_dir_all(dir).map_err(Error::io(dir, "create"))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(&name);
        file::replace(&path, text.as_bytes(), OWN, &[])?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// Follows a local `$ref` (`#/$defs/Name`) from `node` within `root`, repeatedly.
#[must_use]
pub(crate) fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r
                .strip_prefix('#')
                .and_then(|p| root.pointer(&percent_decode(p)))
            {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// How many characters of a schema a message echoes whole.
const ECHO: usize = 200;

/// A schema as compact JSON for a message: whole when short; a longer one cut between its members
/// (or items), never inside a value: the members that fit are shown whole, the others by name
/// with their values left out (`"items":…`), and the message says how much was left out.
#[must_use]
pub(crate) fn echo(schema: &Value) -> String {
    let text = schema.to_string();
    let total = text.chars().count();
    if total <= ECHO {
        return text;
    }
    // Each member (or item) whole, and with its value left out.
    let parts: Vec<(String, Option<String>)> = match schema {
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| {
                let key = Value::String(k.clone()).to_string();
                (format!("{key}:{v}"), Some(format!("{key}:…")))
            })
            .collect(),
        Value::Array(items) => items.iter().map(|v| (v.to_string(), None)).collect(),
        _ => {
            return format!(
                "{}… ({total} characters)",
                text.chars().take(ECHO).collect::<String>()
            );
        }
    };
    let mut shown = Vec::new();
    let mut length = 2;
    let mut whole = 0;
    for (full, elided) in &parts {
        let part = if length + full.chars().count() < ECHO {
            whole += 1;
            full
        } else {
            match elided {
                Some(elided) if length + elided.chars().count() < ECHO => elided,
                _ => break,
            }
        };
        length += part.chars().count() + 1;
        shown.push(part.as_str());
    }
    if shown.len() < parts.len() {
        shown.push("…");
    }
    let (open, close) = if schema.is_array() {
        ("[", "]")
    } else {
        ("{", "}")
    };
    format!(
        "{open}{}{close} ({} of {} {} shown whole; the schema is {total} characters)",
        shown.join(","),
        whole,
        parts.len(),
        if schema.is_array() {
            "items"
        } else {
            "members"
        },
    )
}

/// A URI fragment with its percent-encoded bytes (`%20`) decoded, as RFC 3986 says: the JSON
/// pointer a `$ref` like `#/$defs/a%20b` names.
#[must_use]
pub(crate) fn percent_decode(fragment: &str) -> std::borrow::Cow<'_, str> {
    if !fragment.contains('%') {
        return fragment.into();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned().into()
}

/// Splits `node` into its non-null alternative and whether null is allowed: handles
/// `"type": ["string", "null"]` and `anyOf`/`oneOf` with a `{"type": "null"}` branch.
#[must_use]
pub(crate) fn unwrap_nullable<'a>(root: &'a Value, node: &'a Value) -> (&'a Value, bool) {
    let node = resolve(root, node);
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            let (nulls, others): (Vec<_>, Vec<_>) = branches
                .iter()
                .partition(|b| b.get("type").and_then(Value::as_str) == Some("null"));
            if !nulls.is_empty() && others.len() == 1 {
                return (resolve(root, others[0]), true);
            }
        }
    }
    let nullable = node
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|v| v == "null"))
        || node
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null));
    (node, nullable)
}

/// One allowed value of an enumeration, with its description where the schema gives one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumValue {
    /// The value.
    pub(crate) value: String,
    /// What the value means.
    pub(crate) description: Option<String>,
}

/// The allowed string values of `node` when it is an enumeration (`enum`, or `oneOf`/`anyOf` of
/// `const` branches, as schemars writes documented enums); `None` otherwise.
#[must_use]
pub(crate) fn enum_values(root: &Value, node: &Value) -> Option<Vec<EnumValue>> {
    enum_values_within(root, node, ENUM_DEPTH)
}

/// How deep `oneOf`/`anyOf` branches are followed in search of an enumeration: a branch that
/// refers back to its own schema would otherwise be followed without end.
const ENUM_DEPTH: usize = 16;

fn enum_values_within(root: &Value, node: &Value, depth: usize) -> Option<Vec<EnumValue>> {
    let node = resolve(root, node);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        // A `null` among the values makes the column nullable (`unwrap_nullable`), no value.
        return values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| {
                v.as_str().map(|s| EnumValue {
                    value: s.to_owned(),
                    description: None,
                })
            })
            .collect::<Option<Vec<_>>>()
            .filter(|values| !values.is_empty());
    }
    if let Some(c) = node.get("const").and_then(Value::as_str) {
        return Some(vec![EnumValue {
            value: c.to_owned(),
            description: node
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }]);
    }
    let branches = node
        .get("oneOf")
        .or_else(|| node.get("anyOf"))
        .and_then(Value::as_array)?;
    let depth = depth.checked_sub(1)?;
    let mut all = Vec::new();
    for branch in branches {
        all.extend(enum_values_within(root, branch, depth)?);
    }
    Some(all)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_short_schema_is_echoed_whole_and_a_long_one_between_members() {
        let short = serde_json::json!({"type": "float", "minimum": 0});
        assert_eq!(echo(&short), r#"{"type":"float","minimum":0}"#);
        let long =
            serde_json::json!({"type": "float", "description": "x".repeat(300), "minimum": 0});
        assert_eq!(
            echo(&long),
            r#"{"type":"float","description":…,"minimum":0} (2 of 3 members shown whole; the schema is 345 characters)"#
        );
        let items = serde_json::json!(["a".repeat(150), "b".repeat(150)]);
        assert_eq!(
            echo(&items),
            format!(
                r#"["{}",…] (1 of 2 items shown whole; the schema is 307 characters)"#,
                "a".repeat(150)
            )
        );
    }

    use super::*;

    #[test]
    fn the_schema_forbids_unknown_fields() {
        let schema = seeds_schema();
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
        assert_eq!(
            schema["$defs"]["Event"]["additionalProperties"],
            Value::Bool(false)
        );
    }

    #[test]
    fn every_schema_file_starts_with_the_mark_it_is_recognised_by() {
        let Own::Mark { mark, .. } = OWN else {
            panic!("schema files are recognised by a mark");
        };
        for (name, text) in generated_files() {
            assert!(text.starts_with(mark), "{name}");
        }
    }

    #[test]
    fn enum_values_lists_documented_variants() {
        let schema = seeds_schema();
        let kinds = enum_values(&schema, &schema["$defs"]["Precision"]).unwrap();
        let names: Vec<_> = kinds.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(names, ["day", "month", "quarter", "year"]);
        assert!(kinds[0].description.is_some());
    }

    #[test]
    fn unwrap_nullable_sees_through_any_of() {
        let schema = seeds_schema();
        let when = &schema["$defs"]["Event"]["properties"]["when"];
        let (inner, nullable) = unwrap_nullable(&schema, when);
        assert!(nullable);
        assert!(inner.get("properties").is_some());
    }
}
