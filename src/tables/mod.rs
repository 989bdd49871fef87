//! Flat tables: the checked records turned into rows, one row type per table, with the columns
//! derived from each row type's JSON Schema.

pub mod build;
pub mod rows;

use std::cmp::Ordering;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::columns::{Column, columns};
use crate::error::Error;
use crate::schema::with_meta_schema;

/// A column of one table that refers to the key of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    /// The referring column.
    pub field: &'static str,
    /// The table referred to.
    pub table: &'static str,
    /// The column referred to.
    pub reference: &'static str,
}

impl ForeignKey {
    /// `field` refers to `table.reference`.
    #[must_use]
    pub const fn new(field: &'static str, table: &'static str, reference: &'static str) -> Self {
        ForeignKey {
            field,
            table,
            reference,
        }
    }
}

/// A row type of a published table.
pub trait Row: Serialize + JsonSchema {
    /// The table's name.
    const NAME: &'static str;
    /// The columns whose values identify a row.
    const PRIMARY_KEY: &'static [&'static str];
    /// The columns that refer to other tables.
    const FOREIGN_KEYS: &'static [ForeignKey];
}

/// A table ready to export: its description, columns and rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table's name.
    pub name: String,
    /// What a row is.
    pub description: String,
    /// The JSON Schema of a row.
    pub schema: Value,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The columns whose values identify a row.
    pub primary_key: Vec<String>,
    /// The columns that refer to other tables.
    pub foreign_keys: Vec<ForeignKey>,
    /// The rows, sorted by primary key; each maps every column to its value.
    pub rows: Vec<Map<String, Value>>,
}

impl Table {
    /// A table of `rows` of type `R`, sorted by its primary key.
    pub fn from_rows<R: Row>(rows: &[R]) -> Result<Table, Error> {
        let schema = with_meta_schema(schemars::schema_for!(R).to_value());
        let columns = columns(&schema)?;
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut objects = Vec::with_capacity(rows.len());
        for row in rows {
            match serde_json::to_value(row) {
                Ok(Value::Object(map)) => objects.push(map),
                Ok(other) => {
                    return Err(Error::Schema(format!(
                        "a row of {} is not an object: {other}",
                        R::NAME
                    )));
                }
                Err(e) => {
                    return Err(Error::Schema(format!(
                        "a row of {} cannot be serialized: {e}",
                        R::NAME
                    )));
                }
            }
        }
        let mut table = Table {
            name: R::NAME.to_owned(),
            description,
            schema,
            columns,
            primary_key: R::PRIMARY_KEY.iter().map(|&k| k.to_owned()).collect(),
            foreign_keys: R::FOREIGN_KEYS.to_vec(),
            rows: objects,
        };
        table.sort();
        Ok(table)
    }

    /// Sorts the rows stably by the primary key's values.
    pub fn sort(&mut self) {
        let mut keyed: Vec<(Vec<KeyPart>, Map<String, Value>)> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(|row| {
                (
                    self.primary_key
                        .iter()
                        .map(|k| KeyPart::of(row.get(k)))
                        .collect(),
                    row,
                )
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        self.rows = keyed.into_iter().map(|(_, row)| row).collect();
    }
}

/// One value of a sort key: nulls first, then numbers by value, then text by code point.
#[derive(Debug, Clone, PartialEq)]
enum KeyPart {
    Null,
    Number(f64),
    Text(String),
}

impl KeyPart {
    fn of(value: Option<&Value>) -> KeyPart {
        match value {
            None | Some(Value::Null) => KeyPart::Null,
            Some(Value::Number(n)) => KeyPart::Number(n.as_f64().unwrap_or(0.0)),
            Some(Value::String(s)) => KeyPart::Text(s.clone()),
            Some(other) => KeyPart::Text(other.to_string()),
        }
    }
}

impl Eq for KeyPart {}

impl PartialOrd for KeyPart {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyPart {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (KeyPart::Number(x), KeyPart::Number(y)) => x.total_cmp(y),
            (KeyPart::Text(x), KeyPart::Text(y)) => x.cmp(y),
            (KeyPart::Null, KeyPart::Null) => Ordering::Equal,
            (KeyPart::Null, _) | (KeyPart::Number(_), KeyPart::Text(_)) => Ordering::Less,
            (_, KeyPart::Null) | (KeyPart::Text(_), KeyPart::Number(_)) => Ordering::Greater,
        }
    }
}
