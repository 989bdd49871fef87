//! What the explorer embeds: every table of a written output folder, read back from its `json/`
//! files, with its columns and keys from the table registry, and the text of every article.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::export::json::Json;
use crate::export::parts::parts_folder;
use crate::export::{TableFormat as _, table_path};
use crate::hash::sha256_hex;
use crate::tables::TableSpec;
use crate::tables::build::SEEDS_PREFIX;
use crate::tables::registry::specs;

/// The JSON file of `table` in the output folder `dist`, or its parts in order when the table
/// was written in parts.
fn table_files(dist: &Path, table: &str) -> Result<Vec<PathBuf>, Error> {
    let single = dist.join(table_path(table, &Json));
    let folder = dist.join(parts_folder(table, &Json));
    if single.exists() || !folder.is_dir() {
        return Ok(vec![single]);
    }
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(&folder).map_err(Error::io(&folder, "read"))? {
        let path = entry.map_err(Error::io(&folder, "read"))?.path();
        if path.extension().is_some_and(|e| e == Json.extension()) {
            parts.push(path);
        }
    }
    parts.sort();
    Ok(parts)
}

/// How many rows the tables of `dist` hold together, counted from their JSON files' lines
/// without parsing them.
pub(super) fn count_rows(dist: &Path) -> Result<usize, Error> {
    let mut total = 0usize;
    for spec in specs()? {
        for path in table_files(dist, &spec.name)? {
            let file = std::fs::File::open(&path).map_err(Error::io(&path, "read"))?;
            let rows = Json.count_rows(&mut BufReader::new(file)).map_err(|e| {
                Error::Usage(format!("{} is not a table of rows: {e}", path.display()))
            })?;
            total = total.saturating_add(usize::try_from(rows).unwrap_or(usize::MAX));
        }
    }
    Ok(total)
}

/// The page's data as JSON text: `{"tables": [...], "texts": {source id: text}}`, each table with
/// its name, description, columns, keys and rows (arrays in column order).
pub(super) fn embedded(dist: &Path, seeds: &Path) -> Result<String, Error> {
    let specs = specs()?;
    let mut tables = Vec::with_capacity(specs.len());
    let mut texts = Map::new();
    for spec in specs {
        let rows = read_rows(dist, spec)?;
        if spec.name == "sources" {
            texts = read_texts(spec, &rows, seeds)?;
        }
        tables.push(table(spec, &rows));
    }
    let data = json!({ "tables": tables, "texts": texts });
    serde_json::to_string(&data).map_err(|e| Error::Internal(format!("explorer data: {e}")))
}

/// The rows of `spec`'s JSON file (or parts) in `dist`, each as its values in column order.
fn read_rows(dist: &Path, spec: &TableSpec) -> Result<Vec<Vec<Value>>, Error> {
    let mut rows: Vec<Map<String, Value>> = Vec::new();
    for path in table_files(dist, &spec.name)? {
        let bytes = std::fs::read(&path).map_err(Error::io(&path, "read"))?;
        let part: Vec<Map<String, Value>> = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Usage(format!("{} is not a table of rows: {e}", path.display())))?;
        rows.extend(part);
    }
    Ok(rows
        .into_iter()
        .map(|mut row| {
            spec.columns
                .iter()
                .map(|c| row.remove(&c.name).unwrap_or(Value::Null))
                .collect()
        })
        .collect())
}

/// A table as the page reads it.
fn table(spec: &TableSpec, rows: &[Vec<Value>]) -> Value {
    let columns: Vec<Value> = spec
        .columns
        .iter()
        .map(|c| json!({ "name": c.name, "description": c.description }))
        .collect();
    let foreign_keys: Vec<Value> = spec
        .foreign_keys
        .iter()
        .filter_map(|fk| {
            let (field, reference) = fk.single()?;
            Some(json!({ "field": field, "table": fk.table, "reference": reference }))
        })
        .collect();
    json!({
        "name": spec.name,
        "description": spec.description,
        "columns": columns,
        "primary_key": spec.primary_key,
        "foreign_keys": foreign_keys,
        "rows": rows,
    })
}

/// The text of every source with a `path`, read from under `seeds` and held to its `sha256`.
fn read_texts(
    spec: &TableSpec,
    rows: &[Vec<Value>],
    seeds: &Path,
) -> Result<Map<String, Value>, Error> {
    let at = |name: &str| spec.columns.iter().position(|c| c.name == name);
    let (Some(id), Some(path), Some(sha)) = (at("id"), at("path"), at("sha256")) else {
        return Err(Error::Internal("sources lacks id, path or sha256".into()));
    };
    let mut texts = Map::new();
    for row in rows {
        let (Some(id), Some(rel), Some(sha)) =
            (row[id].as_str(), row[path].as_str(), row[sha].as_str())
        else {
            continue;
        };
        let rel = rel
            .strip_prefix(SEEDS_PREFIX)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(rel);
        let file = seeds.join(rel);
        let bytes = std::fs::read(&file).map_err(Error::io(&file, "read"))?;
        if sha256_hex(&bytes) != sha {
            return Err(Error::Usage(format!(
                "{} is not the text of source {id}: its SHA-256 differs from the sources table's",
                file.display()
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Usage(format!("{} is not UTF-8", file.display())))?;
        texts.insert(id.to_owned(), Value::String(text));
    }
    Ok(texts)
}
