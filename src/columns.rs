//! The one mapper from a row's JSON Schema to typed columns. The Arrow schema, the data
//! package's Table Schema and the codebook are all derived from its output.

use serde_json::Value;

use crate::error::Error;
use crate::schema::{EnumValue, enum_values, unwrap_nullable};

/// The logical type of a column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    /// Text.
    String,
    /// A 64-bit signed integer.
    Integer,
    /// A 64-bit floating-point number.
    Number,
    /// True or false.
    Boolean,
    /// A calendar date (`format: date`).
    Date,
    /// An instant, UTC, microseconds (`format: date-time`).
    DateTime,
    /// One of a fixed set of strings.
    Enum(Vec<EnumValue>),
}

impl ColumnType {
    /// How the type is named in the codebook.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
            ColumnType::Enum(_) => "string (enumeration)",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// Its type.
    pub ty: ColumnType,
    /// Whether it may be null.
    pub nullable: bool,
    /// What it means.
    pub description: String,
}

/// The columns of an object schema, in the order of its `properties`.
pub fn columns(schema: &Value) -> Result<Vec<Column>, Error> {
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            Error::Schema("a table's schema must be an object with properties".into())
        })?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    properties
        .iter()
        .map(|(name, node)| {
            let (inner, nullable) = unwrap_nullable(schema, node);
            let description = node
                .get("description")
                .or_else(|| inner.get("description"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Column {
                name: name.clone(),
                ty: column_type(schema, inner).ok_or_else(|| {
                    Error::Schema(format!(
                        "column `{name}` has a type no table column can hold: {inner}"
                    ))
                })?,
                nullable: nullable || !required.contains(&name.as_str()),
                description,
            })
        })
        .collect()
}

fn column_type(root: &Value, node: &Value) -> Option<ColumnType> {
    if let Some(values) = enum_values(root, node) {
        return Some(ColumnType::Enum(values));
    }
    let ty = match node.get("type")? {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null")?,
        _ => return None,
    };
    Some(match (ty, node.get("format").and_then(Value::as_str)) {
        ("string", Some("date")) => ColumnType::Date,
        ("string", Some("date-time")) => ColumnType::DateTime,
        ("string", _) => ColumnType::String,
        ("integer", _) => ColumnType::Integer,
        ("number", _) => ColumnType::Number,
        ("boolean", _) => ColumnType::Boolean,
        _ => return None,
    })
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
}
