//! Croissant 1.0 (`croissant.json`): the dataset's metadata as a schema.org `Dataset`, every
//! table's Parquet file as a `FileObject` (with its SHA-256, size and encoding format) or, for a
//! table written in parts, the folder of its parts as a `FileSet` (a glob), and every
//! table as a `RecordSet` whose fields read the Parquet columns, typed by the column mapper, with
//! the table's primary key as the record set's `key` and each foreign key as a field's
//! `references` to the key's column in the referenced table's file. Loaders such as mlcroissant
//! read the rows from it, every record set from one `Dataset` in any order.

use serde_json::{Map, Value, json};

use crate::columns::{Column, ColumnType};
use crate::error::Error;
use crate::export::parquet::Parquet;
use crate::export::parts::{parts_folder, written_files};
use crate::export::{Hashes, Layout, TableFormat, table_path};
use crate::hash::{Written, written};
use crate::model::metadata::{Creator, DatasetMetadata};
use crate::schema::to_pretty;
use crate::tables::TableSpec;

/// The file name of the Croissant description in the output folder.
pub(crate) const CROISSANT_FILE: &str = "croissant.json";

/// The Croissant version written.
const CONFORMS_TO: &str = "http://mlcommons.org/croissant/1.0";

/// Croissant's encoding format for Parquet (its vocabulary predates the registered media type
/// that `datapackage.json` gives).
const PARQUET_ENCODING: &str = "application/x-parquet";

/// The JSON-LD context of Croissant 1.0, as the specification gives it.
fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": { "@id": "cr:data", "@type": "@json" },
        "dataType": { "@id": "cr:dataType", "@type": "@vocab" },
        "dct": "http://purl.org/dc/terms/",
        "equivalentProperty": "cr:equivalentProperty",
        "examples": { "@id": "cr:examples", "@type": "@json" },
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform"
    })
}

/// The Croissant data type of a column's values, and whether the column holds lists of them.
fn data_type(ty: &ColumnType) -> (&'static str, bool) {
    match ty {
        ColumnType::String | ColumnType::Enum(_) | ColumnType::Uuid | ColumnType::Struct(_) => {
            ("sc:Text", false)
        }
        ColumnType::Integer | ColumnType::Int32 => ("sc:Integer", false),
        ColumnType::Number | ColumnType::Decimal(_) => ("sc:Float", false),
        ColumnType::Time => ("sc:Time", false),
        ColumnType::Boolean => ("sc:Boolean", false),
        ColumnType::Date => ("sc:Date", false),
        ColumnType::DateTime => ("sc:DateTime", false),
        ColumnType::List(item) => (data_type(item).0, true),
    }
}

/// The citation of the dataset, in words: creators, year, title, version.
#[must_use]
pub(crate) fn citation(metadata: &DatasetMetadata) -> String {
    let creators: Vec<String> = metadata
        .creators
        .iter()
        .map(Creator::display_name)
        .collect();
    let year = metadata
        .date_published
        .map_or_else(|| "n.d.".to_owned(), |d| d.format("%Y").to_string());
    format!(
        "{} ({year}). {} (version {}) [Data set].",
        creators.join(", "),
        metadata.title,
        metadata.version
    )
}

/// Whether `table`'s Parquet file is a folder of parts, as `hashes` lists what was written.
fn partitioned(table: &str, hashes: &Hashes) -> bool {
    written_files(hashes, table, &Parquet).len() > 1
}

/// What a field reads `table`'s rows from: its Parquet file (a `FileObject`), or the `FileSet`
/// of its parts.
fn file_of(table: &str, hashes: &Hashes) -> Value {
    if partitioned(table, hashes) {
        json!({ "fileSet": { "@id": parts_folder(table, &Parquet) } })
    } else {
        json!({ "fileObject": { "@id": table_path(table, &Parquet) } })
    }
}

fn field(table: &TableSpec, column: &Column, hashes: &Hashes) -> Value {
    let (ty, repeated) = data_type(&column.ty);
    let mut field = json!({
        "@type": "cr:Field",
        "@id": format!("{}/{}", table.name, column.name),
        "name": column.name,
        "description": column.description,
        "dataType": ty,
        "source": file_of(&table.name, hashes),
    });
    field["source"]["extract"] = json!({ "column": column.name });
    if repeated {
        field["repeated"] = json!(true);
    }
    if let Some((_, reference, target)) = table
        .foreign_keys
        .iter()
        .filter_map(|fk| fk.single().map(|(f, r)| (f, r, fk.table.as_str())))
        .find(|&(field, _, _)| field == column.name)
    {
        // The referenced key is named in its table's file, not as that record set's field:
        // mlcroissant joins a record set with the sources of its references, and a record set's
        // rows, once loaded, are a spent generator that a later join fails on or reads part of.
        // Named in the file, every record set loads whole from one `Dataset` in any order.
        field["references"] = file_of(target, hashes);
        field["references"]["extract"] = json!({ "column": reference });
    }
    field
}

fn record_set(table: &TableSpec, hashes: &Hashes) -> Value {
    let keys: Vec<Value> = table
        .primary_key
        .iter()
        .map(|k| json!({ "@id": format!("{}/{k}", table.name) }))
        .collect();
    json!({
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "key": if keys.len() == 1 { keys[0].clone() } else { Value::Array(keys) },
        "field": table.columns.iter().map(|c| field(table, c, hashes)).collect::<Vec<_>>(),
    })
}

/// The table's Parquet file as a `FileObject`, or its parts as a `FileSet` read from the folder
/// beside this file by a glob (each part's SHA-256 is in `SHA256SUMS`).
fn file_object(table: &TableSpec, hashes: &Hashes) -> Result<Value, Error> {
    if partitioned(&table.name, hashes) {
        let folder = parts_folder(&table.name, &Parquet);
        return Ok(json!({
            "@type": "cr:FileSet",
            "@id": folder,
            "name": table.name,
            "description": format!("The `{}` table in Parquet, in parts in key order.", table.name),
            "encodingFormat": PARQUET_ENCODING,
            "includes": format!("{folder}/*.{}", Parquet.extension()),
        }));
    }
    let path = table_path(&table.name, &Parquet);
    let Written {
        sha256: sha, bytes, ..
    } = written(hashes, &path)?;
    Ok(json!({
        "@type": "cr:FileObject",
        "@id": path,
        "name": format!("{}.parquet", table.name),
        "description": format!("The `{}` table in Parquet.", table.name),
        "contentUrl": path,
        "contentSize": format!("{bytes} B"),
        "encodingFormat": PARQUET_ENCODING,
        "sha256": sha,
    }))
}

/// A `FileObject` of every file written by the formats of `formats` that hold every table in one
/// file (a database), as `hashes` lists them: distributed beside the Parquet files the record
/// sets read.
fn database_objects(formats: &[Box<dyn TableFormat>], hashes: &Hashes) -> Vec<Value> {
    let mut objects = Vec::new();
    for format in formats.iter().filter(|f| f.layout() == Layout::OneFile) {
        let (folder, extension) = (format!("{}/", format.folder()), format.extension());
        for (path, written) in hashes {
            let Some(name) = path.strip_prefix(&folder) else {
                continue;
            };
            if !name.ends_with(&format!(".{extension}")) {
                continue;
            }
            objects.push(json!({
                "@type": "cr:FileObject",
                "@id": path,
                "name": name,
                "description": format!("Every table in one {} database.", format.display_name()),
                "contentUrl": path,
                "contentSize": format!("{} B", written.bytes),
                "encodingFormat": format.media_type(),
                "sha256": written.sha256,
            }));
        }
    }
    objects
}

/// `croissant.json` of the dataset `metadata` describes, for the tables `specs`, whose Parquet
/// files (and the other files of `formats` that hold every table) hash as `hashes` says; a file
/// `hashes` does not hold is an internal error.
pub(crate) fn croissant(
    metadata: &DatasetMetadata,
    specs: &[TableSpec],
    hashes: &Hashes,
    formats: &[Box<dyn TableFormat>],
) -> Result<String, Error> {
    let creators: Vec<Value> = metadata
        .creators
        .iter()
        .map(|c| match c {
            Creator::Person {
                given_names,
                family_names,
            } => json!({
                "@type": "sc:Person",
                "name": c.display_name(),
                "givenName": given_names,
                "familyName": family_names,
            }),
            Creator::Organization { name } => json!({ "@type": "sc:Organization", "name": name }),
        })
        .collect();
    let mut dataset = Map::new();
    dataset.insert("@context".into(), context());
    dataset.insert("@type".into(), json!("sc:Dataset"));
    dataset.insert("name".into(), json!(metadata.name));
    dataset.insert("alternateName".into(), json!(metadata.title));
    dataset.insert("description".into(), json!(metadata.description));
    dataset.insert("conformsTo".into(), json!(CONFORMS_TO));
    dataset.insert("citeAs".into(), json!(citation(metadata)));
    dataset.insert("creator".into(), Value::Array(creators));
    if let Some(date) = metadata.date_published {
        dataset.insert("datePublished".into(), json!(date.to_string()));
    }
    dataset.insert("license".into(), json!(metadata.license.url));
    dataset.insert("inLanguage".into(), json!(metadata.language));
    dataset.insert("keywords".into(), json!(metadata.keywords));
    if let Some(url) = &metadata.url {
        dataset.insert("url".into(), json!(url));
    }
    dataset.insert("version".into(), json!(metadata.version));
    dataset.insert(
        "distribution".into(),
        specs
            .iter()
            .map(|t| file_object(t, hashes))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .chain(database_objects(formats, hashes))
            .collect(),
    );
    dataset.insert(
        "recordSet".into(),
        specs.iter().map(|t| record_set(t, hashes)).collect(),
    );
    Ok(to_pretty(&Value::Object(dataset)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metadata::tests::example;
    use crate::tables::registry::specs;

    #[test]
    fn every_table_is_a_record_set_read_from_its_parquet_file() {
        let specs = specs().unwrap();
        let mut hashes = Hashes::new();
        for t in specs {
            hashes.insert(
                table_path(&t.name, &Parquet),
                Written {
                    sha256: "ab".repeat(32),
                    bytes: 10,
                    check: 0,
                },
            );
        }
        let doc: Value = serde_json::from_str(
            &croissant(&example(), specs, &hashes, &crate::export::formats()).unwrap(),
        )
        .unwrap();
        assert_eq!(doc["version"], "1.2.3");
        let files = doc["distribution"].as_array().unwrap();
        let sets = doc["recordSet"].as_array().unwrap();
        assert_eq!((files.len(), sets.len()), (specs.len(), specs.len()));
        for (spec, set) in specs.iter().zip(sets) {
            assert_eq!(set["@id"], spec.name);
            let fields = set["field"].as_array().unwrap();
            assert_eq!(fields.len(), spec.columns.len());
            let ids: Vec<&Value> = fields.iter().map(|f| &f["@id"]).collect();
            for key in &spec.primary_key {
                assert!(ids.contains(&&json!(format!("{}/{key}", spec.name))));
            }
            for fk in &spec.foreign_keys {
                let (field, reference) = fk.single().unwrap();
                let f = fields.iter().find(|f| f["name"] == field).unwrap();
                let target = format!("parquet/{}.parquet", fk.table);
                assert_eq!(f["references"]["fileObject"]["@id"], target);
                assert_eq!(f["references"]["extract"]["column"], reference);
            }
        }
        assert_eq!(files[0]["sha256"], "ab".repeat(32));
        assert_eq!(files[0]["contentSize"], "10 B");
    }
}
