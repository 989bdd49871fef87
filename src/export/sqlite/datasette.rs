//! The Datasette metadata file beside the database (`sqlite/metadata.json`): the dataset's
//! title, description, licence and source, every table's and column's description, and each
//! table's full-text index wired as searchable (`fts_table`, `fts_pk`), so that
//! `datasette dist/sqlite/<name>.sqlite -m dist/sqlite/metadata.json` serves it described.

use serde_json::{Map, Value, json};

use super::ddl;
use crate::export::{Described, TableMeta};
use crate::schema::to_pretty;

/// The file name of the Datasette metadata, in the database's folder.
pub(crate) const METADATA_FILE: &str = "metadata.json";

/// The Datasette metadata of the database `described`.
pub(crate) fn metadata(described: &Described<'_>) -> String {
    let mut tables = Map::new();
    for spec in described.tables {
        let meta = TableMeta::of(spec);
        let columns: Map<String, Value> = spec
            .columns
            .iter()
            .map(|c| (c.name.clone(), json!(c.description)))
            .collect();
        let mut table = json!({
            "description": spec.description,
            "columns": columns,
        });
        if !ddl::searched(&meta).is_empty() {
            table["fts_table"] = json!(ddl::fts_name(&spec.name));
            table["fts_pk"] = json!("rowid");
        }
        tables.insert(spec.name.clone(), table);
    }
    let descriptions = [
        (
            ddl::DATASET_TABLE,
            "The dataset's own description, key by key.",
        ),
        (
            ddl::TABLES_TABLE,
            "Every table: what a row is, and how many rows it holds.",
        ),
        (
            ddl::COLUMNS_TABLE,
            "Every column: its table, position, SQL type, whether it may be null, and what it means.",
        ),
    ];
    for (name, description) in descriptions {
        tables.insert(name.into(), json!({ "description": description }));
    }
    let mut doc = json!({ "title": described.title });
    if let Some(m) = described.metadata {
        doc["title"] = json!(m.title);
        doc["description"] = json!(m.description);
        doc["license"] = json!(m.license.id);
        doc["license_url"] = json!(m.license.url);
    }
    if let Some((source, url)) = described.source {
        doc["source"] = json!(source);
        if let Some(url) = url {
            doc["source_url"] = json!(url);
        }
    }
    doc["databases"] = json!({ described.name: { "tables": tables } });
    to_pretty(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metadata::tests::example;
    use crate::tables::registry::specs;

    #[test]
    fn the_metadata_describes_every_table_and_wires_its_search() {
        let metadata = example();
        let described = Described {
            name: "db",
            title: "unused",
            metadata: Some(&metadata),
            source: Some(("An article", Some("https://example.org/a"))),
            tables: specs().unwrap(),
        };
        let doc: Value = serde_json::from_str(&metadata_of(&described)).unwrap();
        assert_eq!(doc["title"], metadata.title.as_str());
        assert_eq!(doc["license"], metadata.license.id.as_str());
        assert_eq!(doc["source"], "An article");
        assert_eq!(doc["source_url"], "https://example.org/a");
        let events = &doc["databases"]["db"]["tables"]["events"];
        assert_eq!(events["fts_table"], "events_fts");
        assert_eq!(events["fts_pk"], "rowid");
        assert!(
            events["columns"]["summary"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
        );
        let aliases = &doc["databases"]["db"]["tables"]["entity_aliases"];
        assert_eq!(aliases["fts_table"], "entity_aliases_fts");
        assert!(doc["databases"]["db"]["tables"]["event_links"]["fts_table"].is_null());
    }

    fn metadata_of(described: &Described<'_>) -> String {
        metadata(described)
    }
}
