//! Members no column is named after: what an object's schema leaves open (an absent or `true`
//! `additionalProperties`, `patternProperties`) is kept, per row, in one `_extra` column as the
//! JSON text of an object of those members (null when there are none), so that nothing a record
//! holds is lost. A table whose objects are all closed (`additionalProperties: false`) has none.

use serde_json::Value;

use crate::columns::{Column, ColumnType, MAX_DEPTH, is_object};
use crate::schema::{resolve, unwrap_nullable};
use crate::tables::Cells;

/// The column holding a row's undeclared members.
pub(crate) const EXTRA: &str = "_extra";

/// The `_extra` column.
pub(super) fn column() -> Column {
    Column {
        name: EXTRA.to_owned(),
        ty: ColumnType::String,
        nullable: true,
        description: "The members of the row's object that the schema does not name, as the JSON text of an object (null when there are none): nothing a record holds is dropped.".to_owned(),
    }
}

/// Whether `object` (within `root`), or an object flattened into its columns, may hold members
/// no column is named after.
pub(super) fn open(root: &Value, object: &Value, depth: usize) -> bool {
    let object = resolve(root, object);
    if depth >= MAX_DEPTH {
        return false;
    }
    let closed = |key: &str| matches!(object.get(key), Some(Value::Bool(false)));
    if object.get("patternProperties").is_some()
        || !(closed("additionalProperties") || closed("unevaluatedProperties"))
    {
        return true;
    }
    object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| {
            properties.values().any(|node| {
                let (inner, _) = unwrap_nullable(root, node);
                is_object(inner) && open(root, inner, depth + 1)
            })
        })
}

/// Moves each column's value out of `value` (null when missing), following dotted names into
/// nested objects. With `extra` (the last column is `_extra`), what is left once the values of
/// the columns and of `taken` (the fields child tables took) are out becomes that column's JSON
/// text.
pub(super) fn cells(mut value: Value, columns: &[Column], extra: bool, taken: &[&str]) -> Cells {
    let named = if extra {
        &columns[..columns.len() - 1]
    } else {
        columns
    };
    let mut cells: Cells = named.iter().map(|c| remove(&mut value, &c.name)).collect();
    if extra {
        let mut prefixes: Vec<&str> = named
            .iter()
            .map(|c| c.name.as_str())
            .chain(taken.iter().copied())
            .flat_map(|name| name.match_indices('.').map(move |(i, _)| &name[..i]))
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.matches('.').count()));
        prefixes.dedup();
        for prefix in prefixes {
            if at(&mut value, prefix)
                .is_some_and(|v| v.as_object().is_some_and(serde_json::Map::is_empty))
            {
                remove(&mut value, prefix);
            }
        }
        cells.push(match &value {
            Value::Object(members) if !members.is_empty() => Value::String(value.to_string()),
            _ => Value::Null,
        });
    }
    cells
}

/// The value at the dotted path `path` in `value`.
fn at<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut at = Some(value);
    for part in path.split('.') {
        at = at.and_then(|v| v.get_mut(part));
    }
    at
}

/// Takes the value at the dotted path `path` out of `value`, member and all (null when there is
/// none).
pub(super) fn remove(value: &mut Value, path: &str) -> Value {
    let (parent, last) = match path.rsplit_once('.') {
        Some((parent, last)) => (at(value, parent), last),
        None => (Some(value), path),
    };
    parent
        .and_then(Value::as_object_mut)
        .and_then(|members| members.shift_remove(last))
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(name: &str) -> Column {
        Column {
            name: name.to_owned(),
            ty: ColumnType::String,
            nullable: true,
            description: String::new(),
        }
    }

    #[test]
    fn what_no_column_holds_is_kept_as_json_text() {
        let columns = [col("id"), col("where.city"), column()];
        let record = json!({"id": "a", "where": {"city": "X", "zip": 1}, "mag": 2.5});
        let cells = cells(record, &columns, true, &["lines"]);
        assert_eq!(cells[0], "a");
        assert_eq!(cells[1], "X");
        assert_eq!(cells[2], r#"{"where":{"zip":1},"mag":2.5}"#);
        let cells = super::cells(
            json!({"id": "b", "where": {"city": "Y"}}),
            &columns,
            true,
            &[],
        );
        assert_eq!(cells[2], Value::Null);
    }

    #[test]
    fn an_object_closed_at_every_level_has_no_extra_column() {
        let closed = json!({"properties": {"a": {"type": "object", "properties": {}, "additionalProperties": false}}, "additionalProperties": false});
        assert!(!open(&closed, &closed, 0));
        let inner_open = json!({"properties": {"a": {"type": "object", "properties": {}}}, "additionalProperties": false});
        assert!(open(&inner_open, &inner_open, 0));
    }
}
