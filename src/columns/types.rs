//! The column type of one property's schema: JSON types and formats, unions, enumerations and
//! `const`s, 32-bit integers and decimals, and the values held as any JSON text.

use serde_json::Value;

use super::{Column, MAX_DEPTH};
use crate::schema::{EnumValue, enum_values, resolve, unwrap_nullable};

/// The logical type of a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ColumnType {
    /// Text.
    String,
    /// A 64-bit signed integer.
    Integer,
    /// A 32-bit signed integer: an `integer` whose `minimum` and `maximum` both fit 32 bits.
    Int32,
    /// An exact decimal of 38 digits, this many after the point: a `number` whose `multipleOf`
    /// is 0.1, 0.01, … (`0.01`: DECIMAL(38,2)).
    Decimal(u8),
    /// A time of day (`format: time`), UTC, microseconds.
    Time,
    /// A UUID (`format: uuid`): 16 bytes in Parquet, text elsewhere.
    Uuid,
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
    /// A list of scalars of the inner type, or of objects (JSON-encoded text in CSV).
    List(Box<ColumnType>),
    /// An object of these fields, in a list (`--nested list`): a struct in Parquet.
    Struct(Vec<Column>),
}

impl ColumnType {
    /// How the type is named in the codebook.
    #[must_use]
    pub(crate) fn label(&self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Int32 => "integer (32-bit)",
            ColumnType::Decimal(_) => "decimal",
            ColumnType::Time => "time",
            ColumnType::Uuid => "uuid",
            ColumnType::Number => "number",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
            ColumnType::Enum(_) => "string (enumeration)",
            ColumnType::List(_) => "list",
            ColumnType::Struct(_) => "object",
        }
    }
}
pub(crate) fn column_type(root: &Value, node: &Value, depth: usize) -> Option<ColumnType> {
    if depth >= MAX_DEPTH {
        return None;
    }
    if let Some(values) = enum_values(root, node) {
        return Some(ColumnType::Enum(values));
    }
    let ty = match node.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => match union(ts) {
            Some(t) => t,
            None => return Some(ColumnType::String),
        },
        None => {
            return Some(
                node.get("const")
                    .and_then(const_type)
                    .unwrap_or(ColumnType::String),
            );
        }
        Some(_) => return None,
    };
    Some(match (ty, node.get("format").and_then(Value::as_str)) {
        ("string", Some("date")) => ColumnType::Date,
        ("string", Some("date-time")) => ColumnType::DateTime,
        ("string", Some("time")) => ColumnType::Time,
        ("string", Some("uuid")) => ColumnType::Uuid,
        ("string" | "object", _) => ColumnType::String,
        ("integer", _) if fits_32_bits(node) => ColumnType::Int32,
        ("integer", _) => ColumnType::Integer,
        ("number", _) => decimal_scale(node).map_or(ColumnType::Number, ColumnType::Decimal),
        ("boolean", _) => ColumnType::Boolean,
        ("array", _) => {
            let Some(items) = node.get("items") else {
                return Some(ColumnType::String);
            };
            let (items, _) = unwrap_nullable(root, resolve(root, items));
            match column_type(root, items, depth + 1)? {
                _ if any_text(items) => ColumnType::String,
                ColumnType::List(_) => ColumnType::String,
                ColumnType::Enum(_) => ColumnType::List(Box::new(ColumnType::String)),
                scalar => ColumnType::List(Box::new(scalar)),
            }
        }
        _ => return None,
    })
}

/// The one type of a union of JSON types, leaving `null` aside (`integer` within `number` is a
/// number); `None` when the union holds types no one column type holds but text.
fn union(types: &[Value]) -> Option<&str> {
    let mut named: Vec<&str> = types
        .iter()
        .filter_map(Value::as_str)
        .filter(|t| *t != "null")
        .collect();
    if named.len() == 2 && named.contains(&"integer") && named.contains(&"number") {
        named.retain(|t| *t == "number");
    }
    match named.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// How a column holding any JSON value as text is described.
pub(crate) const ANY_TEXT: &str =
    "(Any JSON value, as text: a string as it is, any other value as its JSON text.)";

/// Whether a column of `node` holds any JSON value as text: a union of types, a value of no
/// given type, an object without `properties`, an array of those or of arrays. Strings are held
/// as they are, every other value as its JSON text; the column may be null.
pub(crate) fn any_text(node: &Value) -> bool {
    // An enumeration of text, however spelt (`enum`, `const`, `oneOf` of documented `const`s).
    if enum_values(node, node).is_some() {
        return false;
    }
    if node.get("enum").is_some() || node.get("const").is_some() {
        return node.get("type").is_none()
            && enum_values(node, node).is_none()
            && node.get("const").and_then(const_type).is_none();
    }
    match node.get("type") {
        None => true,
        Some(Value::Array(ts)) => union(ts).is_none(),
        Some(Value::String(t)) => t == "object" || (t == "array" && node.get("items").is_none()),
        Some(_) => false,
    }
}

/// The column type of a `const` without a `type` (a text `const` is an enumeration of one).
fn const_type(value: &Value) -> Option<ColumnType> {
    Some(match value {
        Value::Bool(_) => ColumnType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
        Value::Number(_) => ColumnType::Number,
        _ => return None,
    })
}

/// Whether an `integer` schema bounds its values to 32 bits, below and above.
fn fits_32_bits(node: &Value) -> bool {
    let bound = |keys: [&str; 2]| {
        keys.iter()
            .find_map(|k| node.get(*k).and_then(Value::as_f64))
    };
    match (
        bound(["minimum", "exclusiveMinimum"]),
        bound(["maximum", "exclusiveMaximum"]),
    ) {
        (Some(min), Some(max)) => min >= f64::from(i32::MIN) && max <= f64::from(i32::MAX),
        _ => false,
    }
}

/// The digits after the point of a `number` whose `multipleOf` is 0.1, 0.01, … 10^-9.
fn decimal_scale(node: &Value) -> Option<u8> {
    let step = node.get("multipleOf")?.as_f64()?;
    (1..=9u8).find(|&scale| (step * 10f64.powi(i32::from(scale)) - 1.0).abs() < 1e-9)
}
