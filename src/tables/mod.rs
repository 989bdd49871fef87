//! Flat tables: the checked records turned into rows, one row type per table, with the columns
//! derived from each row type's JSON Schema.

pub(crate) mod build;
pub(crate) mod cells;
pub mod registry;
pub(crate) mod rows;
pub(crate) mod sorter;

use std::cmp::Ordering;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

pub(crate) use cells::{Cells, to_cells};

use crate::dataset::RecordList;

use crate::columns::{Column, ColumnType, columns};
use crate::error::Error;
use crate::schema::with_meta_schema;

/// Columns of one table that refer to the primary key of another: one column, or several that
/// together name a row (a generic child table's reference to its parent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKey {
    /// The referring columns.
    pub(crate) fields: Vec<String>,
    /// The table referred to.
    pub(crate) table: String,
    /// Its primary key's columns, in the order of `fields`.
    pub(crate) reference: Vec<String>,
}

impl ForeignKey {
    /// `fields` refer to `table.reference`, column by column.
    #[must_use]
    pub(crate) fn new(fields: &[&str], table: &str, reference: &[&str]) -> Self {
        ForeignKey {
            fields: fields.iter().map(|&f| f.to_owned()).collect(),
            table: table.to_owned(),
            reference: reference.iter().map(|&r| r.to_owned()).collect(),
        }
    }

    /// The referring column, when there is only one.
    #[must_use]
    pub(crate) fn single(&self) -> Option<(&str, &str)> {
        match (self.fields.as_slice(), self.reference.as_slice()) {
            ([field], [reference]) => Some((field, reference)),
            _ => None,
        }
    }

    /// The key in words, as the codebook and the card give it: `` `a` → `t.b` ``, or
    /// `` (`a`, `b`) → `t` (`c`, `d`) `` for a key of several columns.
    #[must_use]
    pub(crate) fn in_words(&self) -> String {
        if let Some((field, reference)) = self.single() {
            return format!("`{field}` → `{}.{reference}`", self.table);
        }
        let quoted = |names: &[String]| -> String {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            names.join(", ")
        };
        format!(
            "({}) → `{}` ({})",
            quoted(&self.fields),
            self.table,
            quoted(&self.reference)
        )
    }
}

/// A row type of a published table: its fields are the columns, their doc comments the columns'
/// descriptions. Its name, keys and row function are given in the [`registry`].
pub(crate) trait Row: Serialize + JsonSchema {}

impl<T: Serialize + JsonSchema> Row for T {}

/// What describes a published table: its name, description, columns and keys, all derived from
/// one row type.
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// The table's name.
    pub name: String,
    /// What a row is.
    pub(crate) description: String,
    /// The JSON Schema of a row.
    pub(crate) schema: Value,
    /// The columns, in order.
    pub(crate) columns: Vec<Column>,
    /// The columns whose values identify a row.
    pub(crate) primary_key: Vec<String>,
    /// The positions of the primary key's columns.
    pub(crate) key_columns: Vec<usize>,
    /// The columns that refer to other tables.
    pub(crate) foreign_keys: Vec<ForeignKey>,
    /// The record lists whose ids the first key column holds, so that a build knows which seeds
    /// files can still add rows before a given key.
    pub(crate) owners: Vec<RecordList>,
    /// The text columns people search, given a full-text index where a format has one
    /// (the database's FTS5); none in generic mode.
    pub(crate) searched: Vec<String>,
}

impl TableSpec {
    /// The table `name` of row type `R`, identified by the columns `primary_key`, with the
    /// given foreign keys, owners (see [`TableSpec::owners`]) and searched text columns.
    pub(crate) fn of<R: Row>(
        name: &str,
        primary_key: &[&str],
        foreign_keys: Vec<ForeignKey>,
        owners: Vec<RecordList>,
        searched: &[&str],
    ) -> Result<TableSpec, Error> {
        let schema = with_meta_schema(schemars::schema_for!(R).to_value());
        let columns = columns(&schema)?;
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let key_columns = primary_key
            .iter()
            .map(|k| {
                columns.iter().position(|c| c.name == *k).ok_or_else(|| {
                    Error::Internal(format!("{name}: key column `{k}` is not a column"))
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        for s in searched {
            if !columns
                .iter()
                .any(|c| c.name == *s && matches!(c.ty, ColumnType::String))
            {
                return Err(Error::Internal(format!(
                    "{name}: searched column `{s}` is not a text column"
                )));
            }
        }
        Ok(TableSpec {
            name: name.to_owned(),
            description,
            schema,
            columns,
            primary_key: primary_key.iter().map(|&k| k.to_owned()).collect(),
            key_columns,
            foreign_keys,
            owners,
            searched: searched.iter().map(|&s| s.to_owned()).collect(),
        })
    }

    /// The columns whose values identify a row, in order.
    #[must_use]
    pub fn primary_key(&self) -> &[String] {
        &self.primary_key
    }

    /// The cells of `rows`, checked to have one value per column.
    pub(crate) fn cells<R: Row>(&self, rows: &[R]) -> Result<Vec<Cells>, Error> {
        rows.iter()
            .map(|row| {
                let cells = to_cells(row).map_err(|e| {
                    Error::Internal(format!("a row of {} cannot be serialized: {e}", self.name))
                })?;
                if cells.len() == self.columns.len() {
                    Ok(cells)
                } else {
                    Err(Error::Internal(format!(
                        "a row of {} has {} values for {} columns",
                        self.name,
                        cells.len(),
                        self.columns.len()
                    )))
                }
            })
            .collect()
    }

    /// How two rows of this table order by primary key.
    #[must_use]
    pub(crate) fn compare(&self, a: &Cells, b: &Cells) -> Ordering {
        self.key_columns
            .iter()
            .map(|&i| compare_cells(a.get(i), b.get(i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// The text of a row's first key column (the owner's id), or `""` when it holds none.
    #[must_use]
    pub(crate) fn lead<'c>(&self, row: &'c Cells) -> &'c str {
        self.key_columns
            .first()
            .and_then(|&i| row.get(i))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Sorts rows stably by primary key.
    pub fn sort(&self, rows: &mut [Cells]) {
        rows.sort_by(|a, b| self.compare(a, b));
    }
}

/// How two key values order: nulls first, then numbers by value, then text by code point.
#[must_use]
pub(crate) fn compare_cells(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Number(_)) => 1,
            Some(_) => 2,
        }
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => x
                .as_f64()
                .unwrap_or(0.0)
                .total_cmp(&y.as_f64().unwrap_or(0.0)),
        },
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        _ if rank(a) != rank(b) => rank(a).cmp(&rank(b)),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_order_nulls_then_numbers_then_text() {
        let order = [json!(null), json!(-2), json!(10), json!("10"), json!("9")];
        for pair in order.windows(2) {
            assert_eq!(
                compare_cells(Some(&pair[0]), Some(&pair[1])),
                Ordering::Less,
                "{pair:?}"
            );
        }
    }
}
