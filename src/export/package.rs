//! The Frictionless Data Package (`datapackage.json`): every CSV and Parquet file with its Table
//! Schema, hash and size, and the dataset's licences, sources and version.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::{DATASET_VERSION, table_path};
use crate::columns::{Column, ColumnType};
use crate::schema::to_pretty;
use crate::tables::Table;
use crate::validate::sha256_hex;

/// The data package's machine name.
pub const PACKAGE_NAME: &str = "tajikistan-counter-terrorism-2007";
/// The data package's title.
pub const PACKAGE_TITLE: &str =
    "Tajikistan's counter-terrorism law and security ties, March 2007: a hand-curated dataset";
/// What the data package holds.
pub const PACKAGE_DESCRIPTION: &str = "Entities, events, statements, quantities and relations curated by hand from Eurasia Daily Monitor volume 4, issue 55 (March 2007), each backed by evidence quoted from the article with its character offsets.";

/// The Table Schema field of a column.
#[must_use]
pub fn field(column: &Column) -> Value {
    let (ty, values) = match &column.ty {
        ColumnType::String => ("string", None),
        ColumnType::Integer => ("integer", None),
        ColumnType::Number => ("number", None),
        ColumnType::Boolean => ("boolean", None),
        ColumnType::Date => ("date", None),
        ColumnType::DateTime => ("datetime", None),
        ColumnType::Enum(values) => ("string", Some(values)),
        ColumnType::List(_) => ("array", None),
    };
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("type".into(), json!(ty));
    field.insert("description".into(), json!(column.description));
    let mut constraints = Map::new();
    if !column.nullable {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(values) = values {
        let names: Vec<_> = values.iter().map(|v| v.value.as_str()).collect();
        constraints.insert("enum".into(), json!(names));
    }
    if !constraints.is_empty() {
        field.insert("constraints".into(), Value::Object(constraints));
    }
    Value::Object(field)
}

/// The Table Schema of a table; foreign keys name resources with `suffix` appended.
#[must_use]
pub fn table_schema(table: &Table, suffix: &str) -> Value {
    let foreign_keys: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({
                "fields": fk.field,
                "reference": { "resource": format!("{}{suffix}", fk.table), "fields": fk.reference }
            })
        })
        .collect();
    json!({
        "fields": table.columns.iter().map(field).collect::<Vec<_>>(),
        "missingValues": [""],
        "primaryKey": table.primary_key,
        "foreignKeys": foreign_keys,
    })
}

fn resource(table: &Table, extension: &str, files: &BTreeMap<String, Vec<u8>>) -> Value {
    let path = table_path(&table.name, extension);
    let bytes = files.get(&path).map(Vec::as_slice).unwrap_or_default();
    let (name, suffix, mediatype) = match extension {
        "csv" => (table.name.clone(), "", "text/csv"),
        _ => (
            format!("{}-{extension}", table.name),
            "-parquet",
            "application/vnd.apache.parquet",
        ),
    };
    let mut resource = json!({
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": extension,
        "mediatype": mediatype,
        "description": table.description,
        "hash": format!("sha256:{}", sha256_hex(bytes)),
        "schema": table_schema(table, suffix),
    });
    if extension == "csv" {
        // frictionless reads Parquet through a library that reports no byte count, so the
        // size is given for CSV only; SHA256SUMS covers every file.
        resource["bytes"] = json!(bytes.len());
        resource["encoding"] = json!("utf-8");
        resource["dialect"] = json!({ "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true });
    }
    resource
}

/// The package's sources: every article of the `sources` table.
fn sources(tables: &[Table]) -> Vec<Value> {
    let Some(table) = tables.iter().find(|t| t.name == "sources") else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter(|r| r.get("kind").and_then(Value::as_str) == Some("article"))
        .map(|r| {
            let text = |k: &str| {
                r.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let mut title = text("publication");
            for (label, key) in [("volume", "volume"), ("issue", "issue")] {
                if let Some(n) = r.get(key).and_then(Value::as_i64) {
                    let _ = write!(title, ", {label} {n}");
                }
            }
            json!({ "title": title, "path": text("path") })
        })
        .collect()
}

/// `datapackage.json` for `tables`, whose encoded files are in `files`.
#[must_use]
pub fn datapackage(tables: &[Table], files: &BTreeMap<String, Vec<u8>>) -> String {
    let mut resources = Vec::new();
    for extension in ["csv", "parquet"] {
        resources.extend(tables.iter().map(|t| resource(t, extension, files)));
    }
    let package = json!({
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "version": DATASET_VERSION,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 International (the curated records)",
                "path": "https://creativecommons.org/licenses/by/4.0/"
            },
            {
                "name": "MIT",
                "title": "MIT License (the tool's code, also available under Apache-2.0)",
                "path": "https://opensource.org/licenses/MIT"
            }
        ],
        "sources": sources(tables),
        "keywords": ["Tajikistan", "counter-terrorism", "drug trafficking", "Central Asia", "event data"],
        "resources": resources,
    });
    to_pretty(&package)
}
