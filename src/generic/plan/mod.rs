//! The tables of a generic export: the records' own table, and one child table per array of
//! objects (or map of `additionalProperties`) at any depth, each row of which carries its
//! parent's key so that the tables join back together.

use serde_json::Value;

mod child;
mod rows;

use super::extra;
use crate::columns::{Column, ColumnType, Within, columns_and_nested};
use crate::error::Error;
use crate::strict_json::escape_pointer;

/// The column of a child row giving its position in its array, from 0.
pub(crate) const INDEX: &str = "_index";
/// The column giving a record's 1-based number in the input, when no `--key` is given.
pub(crate) const RECORD: &str = "_record";
/// The column of a map's child row holding the entry's key.
pub(crate) const MAP_KEY: &str = "key";
/// The column of a child row holding an item that is not an object.
pub(crate) const MAP_VALUE: &str = "value";
/// How deep child tables may nest: a `$ref` that refers back to a schema containing it would
/// nest without end.
const MAX_NESTING: usize = 16;

/// One table of the export.
#[derive(Debug, Clone)]
pub(crate) struct PlannedTable {
    /// Its name: the records' table, or `<parent>__<field>`.
    pub(crate) name: String,
    /// Its name in the data package: lower case, any character a Frictionless name may not
    /// hold as `-`.
    pub(crate) resource: String,
    /// What a row is.
    pub(crate) description: String,
    /// The JSON Schema of the value a row is made from (a record, an item, a map's value).
    pub(crate) schema: Value,
    /// Every column: the parent's key, then the row's own identity (`_record`, `_index` or
    /// `key`), then the value's own columns.
    pub(crate) columns: Vec<Column>,
    /// How many leading columns are copied from the parent row's key.
    pub(crate) inherited: usize,
    /// Where the value's own columns start.
    pub(crate) own: usize,
    /// The positions of the primary key's columns.
    pub(crate) primary_key: Vec<usize>,
    /// The table this one is a child of.
    pub(crate) parent: Option<usize>,
    /// The dotted path of the array (or map) within the parent's value.
    pub(crate) field: String,
    /// Whether the value is not an object, but held whole in the `value` column.
    pub(crate) scalar: bool,
    /// Whether the last column is `_extra`, holding the members no other column holds.
    pub(crate) extra: bool,
}

impl PlannedTable {
    /// The names of the primary key's columns.
    #[must_use]
    pub(crate) fn key_names(&self) -> Vec<String> {
        self.primary_key
            .iter()
            .map(|&i| self.columns[i].name.clone())
            .collect()
    }
}

/// Every table of an export, the records' own first, each child after its parent.
#[derive(Debug, Clone)]
pub(crate) struct TablePlan {
    /// The tables.
    pub(crate) tables: Vec<PlannedTable>,
    /// The children of each table.
    children: Vec<Vec<usize>>,
    /// Whether arrays of objects are list columns (`--nested list`); maps are child tables
    /// either way.
    lists: bool,
}

impl TablePlan {
    /// The tables of records of `schema`, named after `name`, keyed by the columns `key` (or,
    /// when it is empty and some table is a child, by `_record`).
    pub(crate) fn new(
        schema: &Value,
        name: &str,
        key: &[String],
        lists: bool,
    ) -> Result<TablePlan, Error> {
        let (mut own, nested) = columns_and_nested(
            schema,
            schema,
            "",
            Within {
                nullable: false,
                lists,
            },
        )?;
        if own.is_empty() && nested.is_empty() {
            return Err(Error::Schema(
                "the schema gives a table no columns: its `properties` is empty".into(),
            ));
        }
        let mut columns = Vec::new();
        let primary_key = if key.is_empty() {
            if nested.is_empty() {
                Vec::new()
            } else {
                columns.push(generated(
                    RECORD,
                    ColumnType::Integer,
                    "The record's 1-based number in the input.",
                ));
                vec![0]
            }
        } else {
            key_positions(&mut own, key)?
                .into_iter()
                .map(|i| i + columns.len())
                .collect()
        };
        let identity = columns.len();
        columns.extend(own);
        let open = extra::open(schema, schema, 0);
        if open {
            columns.push(extra::column());
        }
        let root = PlannedTable {
            name: name.to_owned(),
            resource: resource_name(name),
            description: description(schema),
            schema: schema.clone(),
            columns,
            inherited: 0,
            own: identity,
            primary_key,
            parent: None,
            field: String::new(),
            scalar: false,
            extra: open,
        };
        let mut plan = TablePlan {
            tables: vec![root],
            children: vec![Vec::new()],
            lists,
        };
        plan.add_children(schema, 0, nested, 1)?;
        for (t, table) in plan.tables.iter().enumerate() {
            unique_names(table)?;
            if let Some(other) = plan.tables[..t]
                .iter()
                .find(|o| o.resource == table.resource)
            {
                return Err(Error::Schema(format!(
                    "tables `{}` and `{}` would have one name in the data package, `{}` (its names are lower case); rename one of the properties",
                    other.name, table.name, table.resource
                )));
            }
        }
        Ok(plan)
    }
}

/// A table's name in the data package: lower case, any character a Frictionless name may not
/// hold as `-`.
fn resource_name(name: &str) -> String {
    let name: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "records".into()
    } else {
        name
    }
}

/// A column the export adds: not null.
fn generated(name: &str, ty: ColumnType, description: &str) -> Column {
    Column {
        name: name.to_owned(),
        ty,
        nullable: false,
        description: description.to_owned(),
    }
}

/// A schema's description (or title), on one line.
fn description(schema: &Value) -> String {
    schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The positions of the `--key` columns among `own`, which become required; refused when a
/// name is not a column, or a column whose values do not order simply.
fn key_positions(own: &mut [Column], key: &[String]) -> Result<Vec<usize>, Error> {
    let mut positions = Vec::new();
    for name in key {
        let Some(i) = own.iter().position(|c| &c.name == name) else {
            let names: Vec<&str> = own.iter().map(|c| c.name.as_str()).collect();
            return Err(Error::Usage(format!(
                "--key {name}: the records' table has no column `{name}`; its columns are {}",
                names.join(", ")
            )));
        };
        if !matches!(
            own[i].ty,
            ColumnType::String
                | ColumnType::Integer
                | ColumnType::Int32
                | ColumnType::Enum(_)
                | ColumnType::Date
        ) {
            return Err(Error::Usage(format!(
                "--key {name}: column `{name}` is a {}; a key column must be a string, an integer, an enumeration or a date",
                own[i].ty.label()
            )));
        }
        if name.contains('.') {
            return Err(Error::Usage(format!(
                "--key {name}: a key column must be a top-level property of the records, not one inside a nested object"
            )));
        }
        if positions.contains(&i) {
            return Err(Error::Usage(format!("--key names `{name}` twice")));
        }
        own[i].nullable = false;
        positions.push(i);
    }
    Ok(positions)
}

/// Refuses a table with two columns of one name: an item's own property named like a column the
/// export adds (`_index`, a key).
fn unique_names(table: &PlannedTable) -> Result<(), Error> {
    for (i, column) in table.columns.iter().enumerate() {
        if table.columns[..i].iter().any(|c| c.name == column.name) {
            return Err(Error::Schema(format!(
                "table `{}` would have two columns named `{}`: one is the key it carries from its parent (or its position), the other an item's own property; rename the property in the schema, or choose another --key",
                table.name, column.name
            )));
        }
    }
    Ok(())
}

/// The JSON pointer of the dotted path `field` (a column's name, or a child table's field).
pub(crate) fn dotted_pointer(field: &str) -> String {
    field.split('.').fold(String::new(), |mut p, part| {
        p.push('/');
        p.push_str(&escape_pointer(part));
        p
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn orders() -> Value {
        json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "lines": {"type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "sku": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false}}
                    },
                    "required": ["sku"],
                    "additionalProperties": false
                }},
                "attrs": {"type": "object", "additionalProperties": {"type": "integer"}}
            },
            "required": ["id"],
            "additionalProperties": false
        })
    }

    fn names(table: &PlannedTable) -> Vec<&str> {
        table.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn arrays_of_objects_and_maps_become_child_tables_carrying_the_key() {
        let plan = TablePlan::new(&orders(), "orders", &["id".to_owned()], false).unwrap();
        let tables: Vec<_> = plan.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            tables,
            [
                "orders",
                "orders__lines",
                "orders__lines__tags",
                "orders__attrs"
            ]
        );
        assert_eq!(names(&plan.tables[0]), ["id"]);
        assert_eq!(names(&plan.tables[1]), ["id", "_index", "sku"]);
        assert_eq!(
            names(&plan.tables[2]),
            ["id", "lines_index", "_index", "name"]
        );
        assert_eq!(names(&plan.tables[3]), ["id", "key", "value"]);
        assert_eq!(plan.tables[2].key_names(), ["id", "lines_index", "_index"]);
        let mut out = vec![Vec::new(); 4];
        let record = json!({"id": "a", "lines": [{"sku": "x", "tags": [{"name": "t"}]}, {"sku": "y"}], "attrs": {"b": 2, "a": 1}});
        assert!(plan.rows(record, 1, "", &mut |_, _, _| true, &mut out));
        assert_eq!(out[0], [vec![json!("a")]]);
        assert_eq!(
            out[1],
            [
                vec![json!("a"), json!(0), json!("x")],
                vec![json!("a"), json!(1), json!("y")]
            ]
        );
        assert_eq!(out[2], [vec![json!("a"), json!(0), json!(0), json!("t")]]);
        assert_eq!(
            out[3],
            [
                vec![json!("a"), json!("a"), json!(1)],
                vec![json!("a"), json!("b"), json!(2)]
            ]
        );
    }

    #[test]
    fn without_a_key_rows_carry_the_record_number() {
        let plan = TablePlan::new(&orders(), "orders", &[], false).unwrap();
        assert_eq!(names(&plan.tables[0]), ["_record", "id"]);
        assert_eq!(names(&plan.tables[1]), ["_record", "_index", "sku"]);
        let mut out = vec![Vec::new(); 4];
        assert!(plan.rows(
            json!({"id": "a", "lines": [{"sku": "x"}]}),
            7,
            "",
            &mut |_, _, _| true,
            &mut out
        ));
        assert_eq!(out[1], [vec![json!(7), json!(0), json!("x")]]);
    }

    #[test]
    fn a_key_that_is_no_column_or_clashes_is_refused() {
        assert!(matches!(
            TablePlan::new(&orders(), "orders", &["nope".to_owned()], false),
            Err(Error::Usage(_))
        ));
        let mut schema = orders();
        schema["properties"]["lines"]["items"]["properties"]["id"] = json!({"type": "string"});
        let error = TablePlan::new(&schema, "orders", &["id".to_owned()], false).unwrap_err();
        assert!(
            error.to_string().contains("two columns named `id`"),
            "{error}"
        );
    }
}
