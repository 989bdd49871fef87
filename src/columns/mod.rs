//! The one mapper from a row's JSON Schema to typed columns. The Arrow schema, the data
//! package's Table Schema and the codebook are all derived from its output: the columns of an
//! object and the child tables it holds here, each property's type in `types`, the walk over
//! nested objects in `walk`.

mod types;
mod walk;

use serde_json::Value;

use crate::error::Error;
pub(crate) use types::{ColumnType, column_type};
use walk::{SchemaPlace, object_columns};

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// The column's name.
    pub(crate) name: String,
    /// Its type.
    pub(crate) ty: ColumnType,
    /// Whether it may be null.
    pub(crate) nullable: bool,
    /// What it means.
    pub(crate) description: String,
}

/// The columns of an object schema, in the order of its `properties`. Nested objects become
/// `parent.child` columns; arrays of scalars become list columns.
pub(crate) fn columns(schema: &Value) -> Result<Vec<Column>, Error> {
    let mut out = Vec::new();
    object_columns(schema, schema, &SchemaPlace::root(), &mut out, None)?;
    if out.is_empty() {
        return Err(Error::Schema(
            "the schema gives a table no columns: its `properties` is empty".into(),
        ));
    }
    Ok(out)
}

/// An array of objects among an object's properties (or a map of `additionalProperties`): it
/// does not become a column of the object's table but a child table of its own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Nested {
    /// The dotted path of the array from the object holding it (`lines`, `shipping.parcels`).
    pub(crate) name: String,
    /// The JSON pointer of the array's schema, for messages.
    pub(crate) schema_path: String,
    /// The schema of one item, its `$ref`s relative to the same root.
    pub(crate) item: Value,
    /// What the array holds.
    pub(crate) description: String,
    /// Whether an item may be null.
    pub(crate) nullable: bool,
    /// Whether the value is a map (`additionalProperties`) rather than an array.
    pub(crate) map: bool,
}

/// How the columns of an object held within a table are read: whether the object itself may be
/// missing (its columns are then all nullable), and whether arrays of objects among its
/// properties are list columns (`--nested list`) rather than child tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Within {
    /// The object may be missing or null.
    pub(crate) nullable: bool,
    /// Arrays of objects become list columns of structs, not child tables.
    pub(crate) lists: bool,
}

/// The columns of an object schema `object` (within `root`), and the arrays of objects among
/// its properties, which become child tables instead of columns.
pub(crate) fn columns_and_nested(
    root: &Value,
    object: &Value,
    schema_path: &str,
    within: Within,
) -> Result<(Vec<Column>, Vec<Nested>), Error> {
    let mut out = Vec::new();
    let mut nested = Vec::new();
    let place = SchemaPlace {
        prefix: String::new(),
        schema_path: schema_path.to_owned(),
        nullable: within.nullable,
        lists: within.lists,
    };
    object_columns(root, object, &place, &mut out, Some(&mut nested))?;
    Ok((out, nested))
}

/// How deep objects and lists may nest in a table's schema. A `$ref` that refers back to a schema
/// containing it would nest without end; it is refused when this depth is reached.
pub(crate) const MAX_DEPTH: usize = 64;
pub(crate) fn is_object(node: &Value) -> bool {
    let ty = node.get("type");
    (ty == Some(&Value::from("object")) || ty.is_none()) && node.get("properties").is_some()
}

/// Flattens a record to one value per column, in column order: nested objects are looked up
/// along the dotted column name; a missing value is null. The values are moved out of `record`.
#[must_use]
#[cfg(test)]
pub(crate) fn flatten(mut record: Value, columns: &[Column]) -> Vec<Value> {
    columns
        .iter()
        .map(|c| {
            let mut value = Some(&mut record);
            for part in c.name.split('.') {
                value = value.and_then(|v| v.get_mut(part));
            }
            value.map_or(Value::Null, Value::take)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_types_formats_nulls_and_enums() {
        let schema = json!({
            "type": "object",
            "properties": {
                "id": {"type": "string", "description": "The id."},
                "n": {"type": ["integer", "null"], "format": "int64"},
                "x": {"type": "number"},
                "on": {"type": "date", "format": "date"},
                "day": {"type": ["string", "null"], "format": "date"},
                "kind": {"$ref": "#/$defs/Kind"}
            },
            "required": ["id", "x", "kind"],
            "$defs": {"Kind": {"type": "string", "enum": ["a", "b"]}}
        });
        let cols = columns(&schema);
        assert!(cols.is_err(), "`type: date` is not a JSON type");
        let mut schema = schema;
        schema["properties"]
            .as_object_mut()
            .unwrap()
            .shift_remove("on");
        let cols = columns(&schema).unwrap();
        let names: Vec<_> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "n", "x", "day", "kind"]);
        assert_eq!(cols[0].ty, ColumnType::String);
        assert!(!cols[0].nullable);
        assert_eq!(cols[1].ty, ColumnType::Integer);
        assert!(cols[1].nullable);
        assert_eq!(cols[2].ty, ColumnType::Number);
        assert_eq!(cols[3].ty, ColumnType::Date);
        assert!(matches!(&cols[4].ty, ColumnType::Enum(v) if v.len() == 2));
    }

    #[test]
    fn nested_objects_flatten_and_arrays_become_lists() {
        let schema = json!({
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "where": {"type": "object", "properties": {"city": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}, "required": ["city"]},
                "tags": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["id", "where"]
        });
        let cols = columns(&schema).unwrap();
        let names: Vec<_> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "where.city", "where.at", "tags"]);
        assert!(!cols[1].nullable && cols[2].nullable);
        assert_eq!(cols[2].ty, ColumnType::DateTime);
        assert_eq!(cols[3].ty, ColumnType::List(Box::new(ColumnType::String)));
        let row = flatten(
            json!({"id": 1, "where": {"city": "Dushanbe"}, "tags": ["a"]}),
            &cols,
        );
        assert_eq!(
            row,
            [json!(1), json!("Dushanbe"), Value::Null, json!(["a"])]
        );
    }
}
