//! What a generic export publishes beside its tables, as `build` does for the dataset: the
//! Frictionless Data Package (`datapackage.json`, with the primary key of every table and the
//! foreign key from each child table to its parent) and the codebook (`CODEBOOK.md`), both
//! generated from the schema's titles and descriptions.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::plan::TablePlan;
use crate::columns::ColumnType;
use crate::describe::codebook::{in_parts, md, published_as, table_section};
use crate::describe::package::{database_resources, field, profile, resource_of};
use crate::error::Error;
use crate::export::parquet::CREATED_BY;
use crate::export::{Hashes, Listing, TableFormat, TableSummary};
use crate::model::metadata::DatasetMetadata;
use crate::schema::to_pretty;
use crate::tables::TableSpec;

/// What the CSV resource says of a nullable text column: CSV writes null and `""` alike.
const CSV_EMPTY: &str = "In CSV an empty field is null, and so is the empty string `\"\"` of this column: CSV cannot tell them apart, while JSON, NDJSON, Parquet and SQLite keep them distinct.";

/// The Table Schema of table `t` of `plan` as listed in `listing` (`csv`: the CSV files'); its
/// keys are those of its spec, the one the gate holds the files to, and its foreign keys name
/// resources of the same listing.
fn table_schema(
    plan: &TablePlan,
    (t, spec): (usize, &TableSpec),
    listing: Listing,
    csv: bool,
) -> Result<Value, Error> {
    let table = &plan.tables[t];
    let suffix = listing.suffix;
    let fields: Vec<Value> = table
        .columns
        .iter()
        .map(|c| {
            let mut f = field(c);
            if !c.nullable && matches!(c.ty, ColumnType::String | ColumnType::Enum(_)) {
                // Never null: an empty field is the empty string `""`, not a missing value.
                f["missingValues"] = json!([]);
            } else if csv && matches!(c.ty, ColumnType::String | ColumnType::Enum(_)) {
                let description = f["description"].as_str().unwrap_or_default();
                f["description"] = json!(format!("{description} {CSV_EMPTY}").trim_start());
            }
            if matches!(c.ty, ColumnType::List(_) | ColumnType::Uuid) && !listing.text {
                // Frictionless reads a Parquet list or UUID as an object of its own, which its
                // `array` and `string` types refuse; the CSV and NDJSON resources give the type.
                f["type"] = json!("any");
                if let Some(f) = f.as_object_mut() {
                    f.remove("format");
                }
            }
            f
        })
        .collect();
    // Frictionless reads Parquet through pandas, which gives a null integer as the float NaN.
    let nan = !listing.text
        && table
            .columns
            .iter()
            .any(|c| c.nullable && matches!(c.ty, ColumnType::Integer | ColumnType::Int32));
    let missing: &[&str] = if nan { &["", "nan"] } else { &[""] };
    let mut schema = json!({
        "fields": fields,
        "missingValues": missing,
    });
    if !spec.primary_key.is_empty() {
        schema["primaryKey"] = json!(spec.primary_key);
    }
    let foreign_keys = spec
        .foreign_keys
        .iter()
        .map(|key| {
            let up = plan
                .tables
                .iter()
                .find(|t| t.name == key.table)
                .ok_or_else(|| {
                    Error::Internal(format!("a foreign key names no table `{}`", key.table))
                })?;
            Ok(json!({
                "fields": key.fields,
                "reference": {
                    "resource": format!("{}{suffix}", up.resource),
                    "fields": key.reference,
                }
            }))
        })
        .collect::<Result<Vec<Value>, Error>>()?;
    if !foreign_keys.is_empty() {
        schema["foreignKeys"] = json!(foreign_keys);
    }
    Ok(schema)
}

/// `datapackage.json` of the tables of `plan`, whose specs are `specs` and whose files hash as
/// `hashes` says; titled and described from `schema`.
pub(super) fn datapackage(
    (plan, specs): (&TablePlan, &[TableSpec]),
    schema: &Value,
    metadata: Option<&DatasetMetadata>,
    (hashes, formats): (&Hashes, &[Box<dyn TableFormat>]),
) -> Result<String, Error> {
    let root = &plan.tables[0];
    let mut resources = Vec::new();
    for format in formats {
        let Some(listing) = format.listing() else {
            continue;
        };
        for (t, (table, spec)) in plan.tables.iter().zip(specs).enumerate() {
            resources.push(resource_of(
                (&table.name, &table.resource),
                &table.description,
                table_schema(plan, (t, spec), listing, format.folder() == "csv")?,
                format.as_ref(),
                listing,
                hashes,
            )?);
        }
    }
    let mut package = json!({
        "profile": "",
        "name": root.resource,
        "title": schema.get("title").and_then(Value::as_str).unwrap_or(&root.name),
    });
    if !root.description.is_empty() {
        package["description"] = json!(root.description);
    }
    if let Some(m) = metadata {
        package["title"] = json!(m.title);
        package["description"] = json!(m.description);
        package["version"] = json!(m.version);
        package["licenses"] = json!([crate::describe::package::license(&m.license)]);
        package["keywords"] = json!(m.keywords);
    }
    resources.extend(database_resources(formats, hashes));
    package["profile"] = json!(profile(&resources));
    package["created_by"] = json!(format!("{CREATED_BY} export"));
    package["resources"] = json!(resources);
    Ok(to_pretty(&package))
}

/// `CODEBOOK.md` of the tables `specs` of `plan`, written as `summaries` say.
pub(super) fn codebook(
    plan: &TablePlan,
    (specs, formats): (&[TableSpec], &[Box<dyn TableFormat>]),
    summaries: &[TableSummary],
    schema: &Value,
) -> String {
    let root = &plan.tables[0];
    let mut out = String::new();
    let title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(&root.name);
    let _ = writeln!(out, "# Codebook: {}\n", md(title));
    if !root.description.is_empty() {
        let _ = writeln!(out, "{}\n", md(&root.description));
    }
    let _ = writeln!(
        out,
        "Written by `seedtool export` from a JSON Schema. {} In CSV an empty field is null (the empty string `\"\"` only in a text column that is never null: in a nullable one CSV cannot tell `\"\"` from null, which JSON, NDJSON, Parquet and SQLite keep apart), and a list is JSON text. Each array of objects in a record is a child table `<table>__<field>`: each of its rows carries its parent row's key, and `_index`, the item's 0-based position in its array.\n",
        published_as(formats, &root.resource)
    );
    let _ = writeln!(out, "## Tables\n");
    for (spec, summary) in specs.iter().zip(summaries) {
        let _ = writeln!(
            out,
            "- [`{}`](#{}) ({} rows{}): {}",
            spec.name,
            spec.name.to_lowercase(),
            summary.rows,
            in_parts(&spec.name, summary),
            md(&spec.description)
        );
    }
    for (spec, summary) in specs.iter().zip(summaries) {
        table_section(&mut out, spec, summary);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::ForeignKey;

    #[test]
    fn a_child_tables_foreign_keys_are_those_of_its_spec() {
        let schema = json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "lines": {"type": "array", "items": {
                    "type": "object",
                    "properties": {"sku": {"type": "string"}}
                }}
            },
            "required": ["id"]
        });
        let plan = TablePlan::new(&schema, "orders", &["id".to_owned()], false).unwrap();
        let mut spec = super::super::spec(&plan, 1);
        let listing = Listing {
            suffix: "-csv",
            text: true,
        };
        let keys = |spec: &TableSpec| table_schema(&plan, (1, spec), listing, true);
        let given = &spec.foreign_keys[0];
        assert_eq!(
            keys(&spec).unwrap()["foreignKeys"],
            json!([{
                "fields": given.fields,
                "reference": {
                    "resource": format!("{}-csv", plan.tables[0].resource),
                    "fields": given.reference,
                }
            }])
        );
        spec.foreign_keys.clear();
        assert!(keys(&spec).unwrap().get("foreignKeys").is_none());
        spec.foreign_keys = vec![ForeignKey::new(&["sku"], "nowhere", &["id"])];
        assert!(matches!(keys(&spec), Err(Error::Internal(_))));
    }
}
