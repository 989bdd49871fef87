//! One side of a diff: an output folder's `datapackage.json`, read for the dataset's version and
//! each table's Parquet file (or its parts, for a table written in parts), columns (with their
//! Table Schema types) and primary key.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Error;

/// A table as the data package describes its Parquet file.
#[derive(Debug, Clone)]
pub(super) struct TableInfo {
    /// The table's name: the file's stem.
    pub(super) name: String,
    /// The primary key's columns.
    pub(super) primary_key: Vec<String>,
    /// Each column's name and Table Schema type, in order.
    pub(super) fields: Vec<(String, String)>,
    /// The file, or its parts in order, relative to the folder.
    pub(super) paths: Vec<PathBuf>,
}

/// What an output folder's data package says.
#[derive(Debug)]
pub(super) struct Package {
    /// The dataset's version.
    pub(super) version: Option<String>,
    /// The tables, in the package's order.
    pub(super) tables: Vec<TableInfo>,
}

impl Package {
    /// Reads `dir/datapackage.json`.
    pub(super) fn read(dir: &Path) -> Result<Package, Error> {
        let path = dir.join("datapackage.json");
        let text = std::fs::read_to_string(&path).map_err(Error::io(&path, "read"))?;
        let bad = |why: &str| {
            Error::Usage(format!(
                "{}: not a data package written by seedtool: {why}",
                path.display()
            ))
        };
        let package: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
        let resources = package["resources"]
            .as_array()
            .ok_or_else(|| bad("no `resources` list"))?;
        let mut tables = Vec::new();
        for resource in resources {
            let rels: Vec<&str> = match &resource["path"] {
                Value::String(rel) => vec![rel.as_str()],
                Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let Some(rel) = rels.first().copied() else {
                return Err(bad("a resource without a `path`"));
            };
            let Some(name) = parquet_table(rel, rels.len() > 1) else {
                continue;
            };
            tables.push(table(name, &rels, &resource["schema"]).ok_or_else(|| {
                bad(&format!(
                    "the schema of `{rel}` has no fields or no primary key"
                ))
            })?);
        }
        if tables.is_empty() {
            return Err(bad("no Parquet file is listed"));
        }
        Ok(Package {
            version: package["version"].as_str().map(str::to_owned),
            tables,
        })
    }

    /// The table `name`, when the package has it.
    pub(super) fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// The table whose Parquet file is `rel` (`parquet/<table>.parquet`), or whose first part it is
/// (`parquet/<table>/part-00000.parquet`) when `parts`; `None` for a file of another format.
fn parquet_table(rel: &str, parts: bool) -> Option<&str> {
    let rest = rel.strip_prefix("parquet/")?;
    if parts {
        rest.strip_suffix(".parquet")?
            .rsplit_once('/')
            .map(|(name, _)| name)
    } else {
        rest.strip_suffix(".parquet")
    }
}

fn table(name: &str, rels: &[&str], schema: &Value) -> Option<TableInfo> {
    let fields = schema["fields"]
        .as_array()?
        .iter()
        .map(|f| {
            Some((
                f["name"].as_str()?.to_owned(),
                f["type"].as_str()?.to_owned(),
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    let primary_key = match &schema["primaryKey"] {
        Value::String(k) => vec![k.clone()],
        Value::Array(keys) => keys
            .iter()
            .map(|k| k.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    (!primary_key.is_empty()).then(|| TableInfo {
        name: name.to_owned(),
        primary_key,
        fields,
        paths: rels.iter().map(PathBuf::from).collect(),
    })
}
