//! The SQL that lays a database out: one typed table per table (primary and foreign keys, an
//! index on every foreign key), an external-content FTS5 index on the text people search, and
//! the tables of descriptions.

use std::fmt::Write as _;

use crate::columns::{Column, ColumnType};
use crate::export::TableMeta;

/// The table of the dataset's own description: one row per key (`name`, `title`, …).
pub(crate) const DATASET_TABLE: &str = "_dataset";
/// The table describing every table: its name, its description and its row count.
pub(crate) const TABLES_TABLE: &str = "_tables";
/// The table describing every column: its table, name, position, type and description.
pub(crate) const COLUMNS_TABLE: &str = "_columns";

/// `name` quoted as an SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `names` quoted as SQL identifiers, separated by commas.
fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The declared type of a column of type `ty`: its affinity and what the codebook calls it.
pub(crate) fn sql_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::Integer | ColumnType::Int32 => "INTEGER".into(),
        ColumnType::Boolean => "BOOLEAN".into(),
        ColumnType::Number => "REAL".into(),
        ColumnType::Decimal(scale) => format!("DECIMAL(38,{scale})"),
        ColumnType::Date => "DATE".into(),
        ColumnType::DateTime => "DATETIME".into(),
        ColumnType::String
        | ColumnType::Enum(_)
        | ColumnType::Time
        | ColumnType::Uuid
        | ColumnType::List(_)
        | ColumnType::Struct(_) => "TEXT".into(),
    }
}

/// The columns of `table` that get a full-text index: those its spec names as searched.
pub(crate) fn searched<'a>(table: &TableMeta<'a>) -> Vec<&'a Column> {
    table
        .columns
        .iter()
        .filter(|c| table.searched.contains(&c.name))
        .collect()
}

/// The name of the full-text index of `table`.
pub(crate) fn fts_name(table: &str) -> String {
    format!("{table}_fts")
}

/// `CREATE TABLE` of `table`: every column typed, `NOT NULL` where it may not be null or is
/// part of the primary key, the primary key and every foreign key.
pub(crate) fn create_table(table: &TableMeta<'_>) -> String {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let required = !c.nullable || table.primary_key.contains(&c.name);
            let not_null = if required { " NOT NULL" } else { "" };
            format!("  {} {}{not_null}", ident(&c.name), sql_type(&c.ty))
        })
        .collect();
    if !table.primary_key.is_empty() {
        let key: Vec<String> = table.primary_key.iter().map(|k| ident(k)).collect();
        lines.push(format!("  PRIMARY KEY ({})", key.join(", ")));
    }
    for fk in table.foreign_keys {
        lines.push(format!(
            "  FOREIGN KEY ({}) REFERENCES {} ({})",
            idents(&fk.fields),
            ident(&fk.table),
            idents(&fk.reference)
        ));
    }
    format!(
        "CREATE TABLE {} (\n{}\n);\n",
        ident(table.name),
        lines.join(",\n")
    )
}

/// An index on every foreign key of `table`, and its full-text index (filled by
/// [`rebuild_fts`]).
pub(crate) fn create_indexes(table: &TableMeta<'_>) -> String {
    let mut sql = String::new();
    for fk in table.foreign_keys {
        let _ = writeln!(
            sql,
            "CREATE INDEX {} ON {} ({});",
            ident(&format!("{}_{}", table.name, fk.fields.join("_"))),
            ident(table.name),
            idents(&fk.fields)
        );
    }
    let searched = searched(table);
    if !searched.is_empty() {
        let columns: Vec<String> = searched.iter().map(|c| ident(&c.name)).collect();
        let _ = writeln!(
            sql,
            "CREATE VIRTUAL TABLE {} USING fts5({}, content={}, content_rowid='rowid');",
            ident(&fts_name(table.name)),
            columns.join(", "),
            ident(table.name)
        );
    }
    sql
}

/// Fills the full-text index of `table` from its rows, when it has one.
pub(crate) fn rebuild_fts(table: &TableMeta<'_>) -> Option<String> {
    (!searched(table).is_empty()).then(|| {
        let fts = ident(&fts_name(table.name));
        format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild');")
    })
}

/// The tables of descriptions.
pub(crate) fn create_descriptions() -> String {
    format!(
        "CREATE TABLE {} (\n  \"key\" TEXT NOT NULL PRIMARY KEY,\n  \"value\" TEXT NOT NULL\n);\n\
         CREATE TABLE {} (\n  \"table_name\" TEXT NOT NULL PRIMARY KEY,\n  \"description\" TEXT NOT NULL,\n  \"rows\" INTEGER NOT NULL\n);\n\
         CREATE TABLE {} (\n  \"table_name\" TEXT NOT NULL,\n  \"column_name\" TEXT NOT NULL,\n  \"position\" INTEGER NOT NULL,\n  \"type\" TEXT NOT NULL,\n  \"nullable\" BOOLEAN NOT NULL,\n  \"description\" TEXT NOT NULL,\n  PRIMARY KEY (\"table_name\", \"column_name\")\n);\n",
        ident(DATASET_TABLE),
        ident(TABLES_TABLE),
        ident(COLUMNS_TABLE)
    )
}

/// `INSERT` of one row of `table`, with a parameter per column.
pub(crate) fn insert(table: &TableMeta<'_>) -> String {
    let params: Vec<String> = (1..=table.columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {} VALUES ({})",
        ident(table.name),
        params.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::registry::specs;

    #[test]
    fn every_table_has_its_keys_and_each_foreign_key_an_index() {
        let specs = specs().unwrap();
        let events = specs.iter().find(|s| s.name == "events").unwrap();
        let meta = TableMeta::of(events);
        let sql = create_table(&meta);
        assert!(sql.contains("\"id\" TEXT NOT NULL"), "{sql}");
        assert!(sql.contains("\"date\" DATE"), "{sql}");
        assert!(sql.contains("PRIMARY KEY (\"id\")"), "{sql}");
        assert!(
            sql.contains("FOREIGN KEY (\"place_id\") REFERENCES \"entities\" (\"id\")"),
            "{sql}"
        );
        let indexes = create_indexes(&meta);
        for fk in &events.foreign_keys {
            assert!(
                indexes.contains(&format!("ON \"events\" ({})", idents(&fk.fields))),
                "{indexes}"
            );
        }
        assert!(indexes.contains("USING fts5(\"summary\", content=\"events\""));
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }
}
