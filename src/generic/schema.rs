//! The record schema of an export: read strictly, its local `$ref` files bundled in, a foreign
//! meta-schema refused, and compiled as JSON Schema draft 2020-12 (a reference to anything not
//! in it nor beside it refused in words that say how to fix it).

use std::path::Path;

use jsonschema::{Draft, Validator};
use serde_json::Value;

use super::refs;
use crate::error::Error;
use crate::strict_json::{self, ParseError};

/// Reads and compiles a record schema, with the files its local `$ref`s name bundled in; a
/// remote `$ref` is refused, never fetched.
pub(crate) fn load_schema(path: &Path) -> Result<(Value, Validator), Error> {
    let schema = refs::bundle(path, read_schema(path)?, read_schema)?;
    if let Some(meta) = foreign_meta_schema(&schema) {
        return Err(Error::Schema(format!(
            "{}: `$schema` names the meta-schema `{meta}`: a schema is read as JSON Schema draft 2020-12, and a meta-schema of its own (its vocabularies) is not followed; remove `$schema` or name the draft's own",
            path.display()
        )));
    }
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| {
            Error::Schema(format!(
                "{}: {}",
                path.display(),
                unresolved(&e.to_string())
            ))
        })?;
    Ok((schema, validator))
}

/// A `$schema` of the schema or of a resource embedded in it that names a meta-schema other
/// than a draft's own (one with vocabularies of its own).
fn foreign_meta_schema(node: &Value) -> Option<&str> {
    match node {
        Value::Object(fields) => {
            fields
                .iter()
                .find_map(|(key, value)| match (key.as_str(), value) {
                    ("$schema", Value::String(meta))
                        if !meta.starts_with("https://json-schema.org/")
                            && !meta.starts_with("http://json-schema.org/") =>
                    {
                        Some(meta.as_str())
                    }
                    // Values, not schemas.
                    ("enum" | "const" | "default" | "examples", _) => None,
                    (_, value) => foreign_meta_schema(value),
                })
        }
        Value::Array(items) => items.iter().find_map(foreign_meta_schema),
        _ => None,
    }
}

/// The validator's refusal `text`, reworded when it is a reference to a resource that is neither
/// in the schema nor a file beside it.
fn unresolved(text: &str) -> String {
    let Some(target) = text
        .strip_prefix("Resource '")
        .and_then(|rest| rest.split_once('\''))
        .map(|(target, _)| target)
    else {
        return text.to_owned();
    };
    format!(
        "`$ref` to `{target}` names neither a definition in this schema nor a file beside it; references to the network (or by URN) are never fetched: copy the referenced schema under `$defs` and refer to it as `#/$defs/<name>`"
    )
}

/// Reads one schema file, strictly (no key twice in an object).
fn read_schema(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path, "read"))?;
    strict_json::parse(&text).map_err(|e| match e {
        ParseError::Syntax(e) => Error::Schema(format!(
            "{}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        )),
        ParseError::Duplicates(dups) => Error::Schema(
            dups.iter()
                .map(|dup| {
                    let d = dup.diagnostic(&path.display().to_string(), &text, "");
                    format!(
                        "{}: {} at {}: {}",
                        d.location(),
                        d.message,
                        d.pointer.unwrap_or_default(),
                        d.found.unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    })
}
