//! The schema as the column mapper reads it: the members an object declares beside its
//! `properties` (in `allOf` branches, a `$ref` next to other keywords, `anyOf`/`oneOf` branches
//! of objects, `dependentSchemas`) merged into its `properties`, so that each gets a column.
//! Members every record must have (own `required`, and those of `allOf` and `$ref`) stay
//! required; those of alternatives and dependent schemas may be missing. A member declared twice
//! keeps the keywords of both, the first where they differ; types that differ between
//! alternatives become a union (a text column). The validator reads the schema as written.

use serde_json::{Map, Value};

use crate::schema::resolve;

/// How many `$ref`s deep a merge follows: a `$ref` beside other keywords that refers back to
/// its own object is merged this far, and no further.
const MAX_REFS: usize = 8;

/// Keywords whose value is a schema.
const SCHEMA: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
];
/// Keywords whose value is a map of schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is an array of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// `root` with every object's declared members merged into its `properties`.
pub(super) fn view(root: &Value) -> Value {
    let mut out = root.clone();
    normalize(root, &mut out, 0);
    if let Value::Object(fields) = &mut out {
        // A root that is only a `$ref` is the object it refers to.
        merge_ref(root, fields, 0, true);
    }
    out
}

/// Merges the members of every object at or below `node`, innermost first.
fn normalize(root: &Value, node: &mut Value, refs: usize) {
    let Value::Object(fields) = node else {
        return;
    };
    for (key, value) in fields.iter_mut() {
        let key = key.as_str();
        if SCHEMA.contains(&key) {
            normalize(root, value, refs);
        } else if SCHEMA_MAPS.contains(&key) {
            if let Value::Object(map) = value {
                for v in map.values_mut() {
                    normalize(root, v, refs);
                }
            }
        } else if SCHEMA_LISTS.contains(&key)
            && let Value::Array(items) = value
        {
            for v in items.iter_mut() {
                normalize(root, v, refs);
            }
        }
    }
    merge_ref(root, fields, refs, false);
    merge_compositions(root, fields, refs);
}

/// Merges the object a `$ref` beside other keywords refers to (`alone`: even without them).
fn merge_ref(root: &Value, fields: &mut Map<String, Value>, refs: usize, alone: bool) {
    if refs >= MAX_REFS {
        return;
    }
    let Some(target) = fields.get("$ref").filter(|r| r.is_string()) else {
        return;
    };
    let beside = fields.keys().any(|k| {
        !matches!(
            k.as_str(),
            "$ref"
                | "description"
                | "title"
                | "$comment"
                | "$defs"
                | "definitions"
                | "$schema"
                | "$id"
        )
    });
    if !alone && !beside {
        return;
    }
    let mut target = resolve(
        root,
        &Value::Object([("$ref".to_owned(), target.clone())].into_iter().collect()),
    )
    .clone();
    if target.get("$ref").is_some() {
        return; // Not found in this document: the validator says so.
    }
    normalize(root, &mut target, refs + 1);
    if target
        .get("properties")
        .and_then(Value::as_object)
        .is_none()
    {
        return;
    }
    fields.shift_remove("$ref");
    absorb(fields, &target, true);
}

/// Merges the object branches of `allOf`, `anyOf`, `oneOf` and `dependentSchemas`.
fn merge_compositions(root: &Value, fields: &mut Map<String, Value>, refs: usize) {
    let branches = |fields: &Map<String, Value>, key: &str| -> Vec<Value> {
        let list = match fields.get(key) {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Object(map)) if key == "dependentSchemas" => {
                map.values().cloned().collect()
            }
            _ => Vec::new(),
        };
        list.iter()
            .map(|b| {
                let mut b = resolve(root, b).clone();
                if let Value::Object(f) = &mut b {
                    merge_ref(root, f, refs + 1, false);
                }
                b
            })
            .collect()
    };
    for b in branches(fields, "allOf") {
        absorb(fields, &b, true);
    }
    for key in ["anyOf", "oneOf"] {
        let list = branches(fields, key);
        let nulls = list
            .iter()
            .filter(|b| b.get("type").and_then(Value::as_str) == Some("null"))
            .count();
        let objects = list
            .iter()
            .filter(|b| b.get("properties").is_some())
            .count();
        // `anyOf: [X, {"type": "null"}]` is a nullable X, as the column mapper reads it.
        if objects == 0 || (nulls > 0 && list.len() - nulls == 1) {
            continue;
        }
        alternatives(fields, &list, false);
        fields.shift_remove(key);
    }
    let dependent = branches(fields, "dependentSchemas");
    for part in &dependent {
        // A dependent schema holds only when its member is there: its members are free.
        alternatives(fields, std::slice::from_ref(part), true);
    }
}

/// Adds the members of alternatives `list` (one of which holds) not declared already: typed as
/// in the branches when every branch declares them (their enumerations joined, differing types
/// a union), else of any value (a text column), since a branch that does not name a member
/// leaves its value free; the members of a `conditional` one (a dependent schema) are always
/// free. None becomes required.
fn alternatives(fields: &mut Map<String, Value>, list: &[Value], conditional: bool) {
    let mut names: Vec<&String> = Vec::new();
    for b in list {
        for name in b
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.keys())
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let properties = fields
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(properties) = properties else {
        return;
    };
    for name in names {
        if properties.contains_key(name) {
            continue; // Declared for every record: its declaration holds.
        }
        let declared: Vec<&Value> = list
            .iter()
            .filter_map(|b| b.get("properties").and_then(|p| p.get(name)))
            .collect();
        let merged = if conditional || declared.len() < list.len() {
            Value::Object(Map::new())
        } else if list.len() > 1 {
            let mut merged = declared[0].clone();
            for other in &declared[1..] {
                merge_member(&mut merged, other, false);
            }
            merged
        } else {
            declared[0].clone()
        };
        properties.insert(name.clone(), merged);
    }
}

/// Adds the `properties` of `part` to `fields` (and its `required`, when `all` records must
/// satisfy it).
fn absorb(fields: &mut Map<String, Value>, part: &Value, all: bool) {
    if let Some(extra) = part.get("properties").and_then(Value::as_object) {
        let properties = fields
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            for (name, schema) in extra {
                match properties.get_mut(name) {
                    Some(existing) => merge_member(existing, schema, all),
                    None => {
                        properties.insert(name.clone(), schema.clone());
                    }
                }
            }
        }
    }
    if all && let Some(Value::Array(required)) = part.get("required") {
        let into = fields
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(into) = into {
            for name in required {
                if !into.contains(name) {
                    into.push(name.clone());
                }
            }
        }
    }
}

/// Merges a second declaration `other` of a member into `existing`: the keywords of both, the
/// first's where both have one; `type`s that differ make a union where either may hold.
fn merge_member(existing: &mut Value, other: &Value, all: bool) {
    if existing == other {
        return;
    }
    let (Value::Object(a), Value::Object(b)) = (&mut *existing, other) else {
        if existing == &Value::Bool(true) {
            *existing = other.clone();
        }
        return;
    };
    if !all {
        let values = |m: &Map<String, Value>| -> Option<Vec<Value>> {
            m.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .or_else(|| m.get("const").map(|c| vec![c.clone()]))
        };
        match (values(a), values(b)) {
            (Some(mut va), Some(vb)) => {
                for v in vb {
                    if !va.contains(&v) {
                        va.push(v);
                    }
                }
                a.shift_remove("const");
                a.insert("enum".to_owned(), Value::Array(va));
            }
            (None, None) => {}
            _ => {
                a.shift_remove("const");
                a.shift_remove("enum");
            }
        }
    }
    if !all
        && let (Some(ta), Some(tb)) = (a.get("type"), b.get("type"))
        && ta != tb
    {
        let mut union: Vec<Value> = Vec::new();
        for t in [ta, tb] {
            match t {
                Value::Array(ts) => union.extend(ts.iter().cloned()),
                other => union.push(other.clone()),
            }
        }
        union.dedup();
        a.insert("type".to_owned(), Value::Array(union));
        a.shift_remove("format");
        a.shift_remove("enum");
    }
    absorb(a, other, all);
    for (key, value) in b {
        if key != "properties" && key != "required" {
            a.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
}
