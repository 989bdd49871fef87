//! The walk over an object schema's properties: nested objects become dotted columns, arrays of
//! objects child tables (or, with `--nested list`, list columns of structs), and a `$ref` cycle
//! is refused at [`MAX_DEPTH`].

use serde_json::Value;

use super::types::{ANY_TEXT, any_text, column_type};
use super::{Column, ColumnType, MAX_DEPTH, Nested, is_object};
use crate::error::Error;
use crate::schema::{resolve, unwrap_nullable};

/// Where in the schema an object's columns are read: the dotted prefix of their names, the JSON
/// pointer of the object's schema, whether the object itself may be missing, and whether arrays
/// of objects are list columns (`--nested list`) rather than child tables.
pub(super) struct SchemaPlace {
    pub(super) prefix: String,
    pub(super) schema_path: String,
    pub(super) nullable: bool,
    pub(super) lists: bool,
}

impl SchemaPlace {
    pub(super) fn root() -> Self {
        SchemaPlace {
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

/// Appends the columns of `object` at `place` to `out`, and, when `nested` is given, its arrays
/// of objects (and maps) to `nested` rather than to `out`.
pub(super) fn object_columns(
    root: &Value,
    object: &Value,
    place: &SchemaPlace,
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
            let place = SchemaPlace {
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
    place: &SchemaPlace,
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
}
