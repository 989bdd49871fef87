//! The one mapper from a row's JSON Schema to typed columns. The Arrow schema, the data
//! package's Table Schema and the codebook are all derived from its output.

use serde_json::Value;

use crate::error::Error;
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
    object_columns(schema, schema, &Place::root(), &mut out, None)?;
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

/// The columns of an object schema `object` (within `root`), and the arrays of objects among
/// its properties, which become child tables instead of columns.
pub(crate) fn columns_and_nested(
    root: &Value,
    object: &Value,
    schema_path: &str,
    (nullable, lists): (bool, bool),
) -> Result<(Vec<Column>, Vec<Nested>), Error> {
    let mut out = Vec::new();
    let mut nested = Vec::new();
    let place = Place {
        prefix: String::new(),
        schema_path: schema_path.to_owned(),
        nullable,
        lists,
    };
    object_columns(root, object, &place, &mut out, Some(&mut nested))?;
    Ok((out, nested))
}

/// How deep objects and lists may nest in a table's schema. A `$ref` that refers back to a schema
/// containing it would nest without end; it is refused when this depth is reached.
pub(crate) const MAX_DEPTH: usize = 64;

/// Where in the schema an object's columns are read: the dotted prefix of their names, the JSON
/// pointer of the object's schema, whether the object itself may be missing, and whether arrays
/// of objects are list columns (`--nested list`) rather than child tables.
struct Place {
    prefix: String,
    schema_path: String,
    nullable: bool,
    lists: bool,
}

impl Place {
    fn root() -> Self {
        Place {
            prefix: String::new(),
            schema_path: String::new(),
            nullable: false,
            lists: false,
        }
    }
}

/// The dotted `path` of a nesting without end, its repeating part shown once:
/// `` `a.b` repeats `b.c` `` for `a.b.c.b.c.b.c…`.
fn cycle(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let n = parts.len();
    let Some(p) = (1..=n / 2).find(|&p| parts[n - p..] == parts[n - 2 * p..n - p]) else {
        return format!("at `{path}`");
    };
    let mut start = n - 2 * p;
    while start > 0 && parts[start - 1] == parts[start - 1 + p] {
        start -= 1;
    }
    let unit = parts[start..start + p].join(".");
    let path = parts[..start + p].join(".");
    format!("`{path}` refers back to itself, repeating `{unit}` without end")
}

fn object_columns(
    root: &Value,
    object: &Value,
    place: &Place,
    out: &mut Vec<Column>,
    mut nested: Option<&mut Vec<Nested>>,
) -> Result<(), Error> {
    let prefix = place.prefix.as_str();
    if prefix.matches('.').count() >= MAX_DEPTH {
        return Err(Error::Schema(format!(
            "objects nest more than {MAX_DEPTH} levels deep: {}; a `$ref` that refers back to a schema containing it cannot become columns: end the cycle",
            cycle(prefix.trim_end_matches('.'))
        )));
    }
    let properties = properties_of(object, place)?;
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, node) in properties {
        let (inner, nullable) = unwrap_nullable(root, node);
        let nullable = place.nullable || nullable || !required.contains(&name.as_str());
        let full = format!("{prefix}{name}");
        let schema_path = format!(
            "{}/properties/{}",
            place.schema_path,
            crate::strict_json::escape_pointer(name)
        );
        let description = describe(node, inner);
        if let Some(list) = nested.as_deref_mut()
            && let Some(found) = nested_of(root, inner, &full, &schema_path, &description)
        {
            if found.map || !place.lists {
                list.push(found);
            } else {
                let fields = struct_fields(root, &found.item, &found.schema_path, 0)?;
                out.push(Column {
                    name: full,
                    ty: ColumnType::List(Box::new(ColumnType::Struct(fields))),
                    nullable,
                    description,
                });
            }
            continue;
        }
        if is_object(inner) {
            let place = Place {
                prefix: format!("{full}."),
                schema_path,
                nullable,
                lists: place.lists,
            };
            object_columns(root, inner, &place, out, nested.as_deref_mut())?;
            continue;
        }
        let ty =
            column_type(root, inner, 0).ok_or_else(|| untypeable(&full, &schema_path, inner))?;
        out.push(Column {
            name: full,
            ty,
            nullable: nullable || any_text(inner),
            description: if any_text(inner) {
                format!("{description} {ANY_TEXT}").trim_start().to_owned()
            } else {
                description
            },
        });
    }
    Ok(())
}

/// The `properties` of an object whose keys all become columns: refused when it has none, or
/// when typed `additionalProperties` would bring keys no column holds.
fn properties_of<'a>(
    object: &'a Value,
    place: &Place,
) -> Result<&'a serde_json::Map<String, Value>, Error> {
    let at = if place.schema_path.is_empty() {
        "#"
    } else {
        &place.schema_path
    };
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            let hint = match object.get("$ref").and_then(Value::as_str) {
                Some(target) => format!(
                    "; it is a `$ref` to `{target}` alone, and columns are read from `properties` beside it: move the referenced schema here"
                ),
                None => String::new(),
            };
            Error::Schema(format!(
                "a table's schema must be an object with properties (at schema path `{at}`){hint}"
            ))
        })?;
    if object
        .get("additionalProperties")
        .and_then(Value::as_object)
        .is_some_and(|extra| !extra.is_empty())
    {
        return Err(Error::Schema(format!(
            "the object at schema path `{at}` has both `properties` and typed `additionalProperties`: its other keys would have no column; describe them under `properties`, or make the object a map of `additionalProperties` alone (a child table of keys and values)"
        )));
    }
    Ok(properties)
}

/// The fields of an object held whole in a column (`--nested list`): nested objects are structs,
/// arrays of objects lists of structs, enumerations text.
fn struct_fields(
    root: &Value,
    object: &Value,
    schema_path: &str,
    depth: usize,
) -> Result<Vec<Column>, Error> {
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .filter(|p| !p.is_empty() && depth < MAX_DEPTH)
        .ok_or_else(|| {
            Error::Schema(format!(
                "the object at schema path `{schema_path}` has no properties to make fields of (or nests more than {MAX_DEPTH} levels deep); give it `properties`, or export it without `--nested list`"
            ))
        })?;
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, node) in properties {
        let (inner, nullable) = unwrap_nullable(root, node);
        let path = format!(
            "{schema_path}/properties/{}",
            crate::strict_json::escape_pointer(name)
        );
        let items = (inner.get("type").and_then(Value::as_str) == Some("array"))
            .then(|| inner.get("items"))
            .flatten()
            .map(|items| unwrap_nullable(root, resolve(root, items)).0)
            .filter(|items| is_object(items));
        let ty = if is_object(inner) {
            ColumnType::Struct(struct_fields(root, inner, &path, depth + 1)?)
        } else if let Some(items) = items {
            let fields = struct_fields(root, items, &format!("{path}/items"), depth + 1)?;
            ColumnType::List(Box::new(ColumnType::Struct(fields)))
        } else {
            match column_type(root, inner, 0).ok_or_else(|| untypeable(name, &path, inner))? {
                ColumnType::Enum(_) => ColumnType::String,
                ty => ty,
            }
        };
        out.push(Column {
            name: name.clone(),
            ty,
            nullable: nullable || !required.contains(&name.as_str()),
            description: describe(node, inner),
        });
    }
    Ok(out)
}

/// A property's description, on one line.
fn describe(node: &Value, inner: &Value) -> String {
    node.get("description")
        .or_else(|| inner.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The refusal of a property no column can hold, with where it is and what would do.
fn untypeable(name: &str, schema_path: &str, inner: &Value) -> Error {
    let shown = crate::schema::echo(inner);
    Error::Schema(format!(
        "column `{name}` (schema path `{schema_path}`) has a type no table column can hold: {shown}; give it one `type` (string, integer, number or boolean, with an optional `format`), an `enum`, an object with `properties`, or an array of these"
    ))
}

/// The child table of property `inner` when it is an array of objects (or a map of
/// `additionalProperties`), or `None`.
fn nested_of(
    root: &Value,
    inner: &Value,
    name: &str,
    schema_path: &str,
    description: &str,
) -> Option<Nested> {
    let ty = inner.get("type").and_then(Value::as_str);
    let found = |(item, nullable): (&Value, bool), map: bool, path: String| Nested {
        name: name.to_owned(),
        schema_path: path,
        item: item.clone(),
        description: description.to_owned(),
        nullable,
        map,
    };
    if ty == Some("array") {
        let item = unwrap_nullable(root, resolve(root, inner.get("items")?));
        return is_object(item.0).then(|| found(item, false, format!("{schema_path}/items")));
    }
    let values = inner
        .get("additionalProperties")
        .filter(|v| v.is_object())?;
    let values = unwrap_nullable(root, values);
    let fixed = inner
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    (matches!(ty, None | Some("object")) && !fixed)
        .then(|| found(values, true, format!("{schema_path}/additionalProperties")))
}

pub(crate) fn is_object(node: &Value) -> bool {
    let ty = node.get("type");
    (ty == Some(&Value::from("object")) || ty.is_none()) && node.get("properties").is_some()
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

    #[test]
    fn a_nesting_without_end_is_shown_once_with_its_cycle() {
        let path = format!("top.{}", ["foo", "bar"].repeat(32).join("."));
        assert_eq!(
            cycle(&path),
            "`top.foo.bar` refers back to itself, repeating `foo.bar` without end"
        );
        assert_eq!(cycle("a.b.c"), "at `a.b.c`");
    }
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
