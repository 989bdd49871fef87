//! The Frictionless Data Package (`datapackage.json`): the files of every format that is listed in
//! it, each with its Table Schema, hash and (for text) size, and the dataset's licences, sources
//! and version.

use crate::error::Error;
use crate::hash::{Hashes, written};

use serde_json::{Map, Value, json};

use super::sources::Article;
use crate::columns::{Column, ColumnType};
use crate::export::parts::written_files;
use crate::export::{Layout, Listing, TableFormat, table_path};
use crate::model::metadata::{DatasetMetadata, License};
use crate::schema::to_pretty;
use crate::tables::TableSpec;

/// The Table Schema field of a column.
#[must_use]
pub(crate) fn field(column: &Column) -> Value {
    let (ty, values) = match &column.ty {
        ColumnType::String | ColumnType::Uuid => ("string", None),
        ColumnType::Integer | ColumnType::Int32 => ("integer", None),
        ColumnType::Time => ("time", None),
        ColumnType::Number | ColumnType::Decimal(_) => ("number", None),
        ColumnType::Boolean => ("boolean", None),
        ColumnType::Date => ("date", None),
        ColumnType::DateTime => ("datetime", None),
        ColumnType::Enum(values) => ("string", Some(values)),
        ColumnType::Struct(_) => ("object", None),
        ColumnType::List(_) => ("array", None),
    };
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("type".into(), json!(ty));
    if column.ty == ColumnType::Uuid {
        field.insert("format".into(), json!("uuid"));
    }
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
pub(crate) fn table_schema(table: &TableSpec, suffix: &str) -> Value {
    let foreign_keys: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|fk| {
            let resource = format!("{}{suffix}", fk.table);
            match fk.single() {
                Some((field, reference)) => json!({
                    "fields": field,
                    "reference": { "resource": resource, "fields": reference }
                }),
                None => json!({
                    "fields": fk.fields,
                    "reference": { "resource": resource, "fields": fk.reference }
                }),
            }
        })
        .collect();
    json!({
        "fields": table.columns.iter().map(field).collect::<Vec<_>>(),
        "missingValues": [""],
        "primaryKey": table.primary_key,
        "foreignKeys": foreign_keys,
    })
}

fn resource(
    table: &TableSpec,
    format: &dyn TableFormat,
    listing: Listing,
    hashes: &Hashes,
) -> Result<Value, Error> {
    resource_of(
        (&table.name, &table.name),
        &table.description,
        table_schema(table, listing.suffix),
        format,
        listing,
        hashes,
    )
}

/// The resource of the file of table `name` in `format`, named `id` (plus the format's suffix),
/// described by `description` and the Table Schema `schema`, with its hash (and size, for text)
/// from `hashes`; a file `hashes` does not hold is an internal error. A table written as a folder
/// of parts is a multipart resource: its `path` lists every part in order, and it gives no hash
/// or size, which Frictionless takes of the parts joined (`SHA256SUMS` lists each part's).
pub(crate) fn resource_of(
    (name, id): (&str, &str),
    description: &str,
    schema: Value,
    format: &dyn TableFormat,
    listing: Listing,
    hashes: &Hashes,
) -> Result<Value, Error> {
    let parts = written_files(hashes, name, format);
    let mut resource = json!({
        "name": format!("{id}{}", listing.suffix),
        "path": parts,
        "profile": "tabular-data-resource",
        "format": format.frictionless_format(),
        "mediatype": format.media_type(),
        "description": description,
    });
    let mut bytes = None;
    if parts.len() <= 1 {
        let path = table_path(name, format);
        let written = written(hashes, &path)?;
        resource["path"] = json!(path);
        resource["hash"] = json!(format!("sha256:{}", written.sha256));
        bytes = Some(written.bytes);
    }
    resource["schema"] = schema;
    if listing.text {
        // SHA256SUMS covers every file; the size is given where frictionless can check it.
        if let Some(bytes) = bytes {
            resource["bytes"] = json!(bytes);
        }
        resource["encoding"] = json!("utf-8");
    }
    if let Some(dialect) = format.dialect() {
        resource["dialect"] = dialect;
    }
    Ok(resource)
}

/// The package's profile: tabular when every resource is a table, a plain data package when a
/// database is listed as a file of its own (frictionless refuses a file resource in a tabular
/// package).
pub(crate) fn profile(resources: &[Value]) -> &'static str {
    if resources
        .iter()
        .all(|r| r["profile"] == "tabular-data-resource")
    {
        "tabular-data-package"
    } else {
        "data-package"
    }
}

/// A resource of every file written by the formats of `formats` that hold every table in one
/// file (a database), as `hashes` lists them: a file with its format, media type, size and hash,
/// its tables being described by the resources of the other formats.
pub(crate) fn database_resources(formats: &[Box<dyn TableFormat>], hashes: &Hashes) -> Vec<Value> {
    let mut resources = Vec::new();
    for format in formats.iter().filter(|f| f.layout() == Layout::OneFile) {
        let (folder, extension) = (format!("{}/", format.folder()), format.extension());
        for (path, written) in hashes {
            let Some(stem) = path
                .strip_prefix(&folder)
                .and_then(|name| name.strip_suffix(&format!(".{extension}")))
            else {
                continue;
            };
            resources.push(json!({
                "name": format!("{stem}-{}", format.folder()),
                "path": path,
                "format": format.frictionless_format(),
                "mediatype": format.media_type(),
                "description": format!("Every table in one {} database, with its keys, indexes and full-text search.", format.display_name()),
                "bytes": written.bytes,
                "hash": format!("sha256:{}", written.sha256),
            }));
        }
    }
    resources
}

/// The package's sources: every article of the `sources` table, with the path of its text
/// published beside the tables.
pub(crate) fn sources(articles: &[Article]) -> Vec<Value> {
    articles
        .iter()
        .map(|a| {
            let mut source = json!({ "title": a.name() });
            if let Some(path) = a.published_text() {
                source["path"] = json!(path);
            }
            source
        })
        .collect()
}

/// A licence as the data package lists it.
pub(crate) fn license(license: &License) -> Value {
    json!({ "name": license.id, "title": license.title, "path": license.url })
}

/// `datapackage.json` of the dataset `metadata` describes, for the tables `specs`, curated from
/// `articles`, whose files hash as `hashes` says.
pub(crate) fn datapackage(
    metadata: &DatasetMetadata,
    (specs, articles): (&[TableSpec], &[Article]),
    (hashes, formats): (&Hashes, &[Box<dyn TableFormat>]),
) -> Result<String, Error> {
    let mut resources = Vec::new();
    for format in formats {
        if let Some(listing) = format.listing() {
            for t in specs {
                resources.push(resource(t, format.as_ref(), listing, hashes)?);
            }
        }
    }
    resources.extend(database_resources(formats, hashes));
    let licenses: Vec<Value> = std::iter::once(&metadata.license)
        .chain(&metadata.code_licenses)
        .map(license)
        .collect();
    let contributors: Vec<Value> = metadata
        .creators
        .iter()
        .map(|c| json!({ "title": c.display_name(), "role": "author" }))
        .collect();
    let mut package = json!({
        "profile": profile(&resources),
        "name": metadata.name,
        "title": metadata.title,
        "description": metadata.description,
        "version": metadata.version,
        "licenses": licenses,
        "contributors": contributors,
        "sources": sources(articles),
        "keywords": metadata.keywords,
        "resources": resources,
    });
    if let Some(date) = metadata.date_published {
        package["created"] = json!(format!("{date}T00:00:00Z"));
    }
    if let Some(url) = &metadata.url {
        package["homepage"] = json!(url);
    }
    Ok(to_pretty(&package))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::export::formats;
    use crate::hash::Written;
    use crate::tables::registry::specs;

    #[test]
    fn a_file_without_a_record_of_its_bytes_is_an_internal_error() {
        let specs = specs().unwrap();
        let metadata = crate::model::metadata::tests::example();
        let missing =
            datapackage(&metadata, (specs, &[]), (&Hashes::new(), &formats())).unwrap_err();
        assert!(matches!(missing, Error::Internal(_)), "{missing}");
    }

    #[test]
    fn every_listed_format_has_every_table_with_its_own_media_type() {
        let specs = specs().unwrap();
        let metadata = crate::model::metadata::tests::example();
        // What the formats of a file per table wrote; the database stands apart.
        let hashes: Hashes = formats()
            .iter()
            .filter(|f| f.layout() == Layout::FilePerTable)
            .flat_map(|f| specs.iter().map(move |t| table_path(&t.name, f.as_ref())))
            .map(|path| (path, Written::of(b"")))
            .collect();
        let package: Value = serde_json::from_str(
            &datapackage(&metadata, (specs, &[]), (&hashes, &formats())).unwrap(),
        )
        .unwrap();
        let resources = package["resources"].as_array().unwrap();
        let by_name = |name: &Value| resources.iter().find(|r| &r["name"] == name);
        let formats = formats();
        let mut listed = 0;
        for format in &formats {
            for table in specs {
                let path = table_path(&table.name, format.as_ref());
                let found: Vec<_> = resources.iter().filter(|r| r["path"] == path).collect();
                let Some(listing) = format.listing() else {
                    assert!(found.is_empty(), "{path} is listed");
                    continue;
                };
                assert_eq!(found.len(), 1, "{path} is not listed once");
                let resource = found[0];
                assert_eq!(resource["mediatype"], format.media_type(), "{path}");
                assert_eq!(resource["format"], format.frictionless_format(), "{path}");
                assert_eq!(resource["dialect"], format.dialect().unwrap_or(Value::Null));
                assert_eq!(resource["bytes"].is_u64(), listing.text, "{path}");
                // Foreign keys refer to the resources of the same format.
                for fk in resource["schema"]["foreignKeys"].as_array().unwrap() {
                    let target = by_name(&fk["reference"]["resource"])
                        .unwrap_or_else(|| panic!("{path}: no resource {fk}"));
                    assert_eq!(target["mediatype"], format.media_type(), "{path}: {fk}");
                }
                listed += 1;
            }
        }
        assert!(listed > 0);
        assert_eq!(resources.len(), listed, "a resource of no format");
        let names: BTreeSet<_> = resources.iter().map(|r| r["name"].to_string()).collect();
        assert_eq!(names.len(), resources.len(), "resource names repeat");
        let media: BTreeSet<_> = formats.iter().map(|f| f.media_type()).collect();
        assert_eq!(media.len(), formats.len(), "two formats share a media type");
    }
}
