//! The fast path against the generated schema: every constraint of every property of the seeds
//! schema, broken once in a shipped record, is refused by the typed reading as it is by the
//! `jsonschema` validator. A field whose schema says a constraint that its type does not carry
//! (a `#[schemars]` attribute on a plain `String`) fails here, and so does a constraint on a
//! definition no shipped record holds.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use super::read;
use crate::model::RecordList;
use crate::seeds::LinesRun;

/// Keywords that say what shape a value has or describe it: the Rust types hold to the first
/// by themselves (`shapes_serde_would_read_go_the_full_way`), and the second constrain nothing.
const SHAPE: &[&str] = &[
    "type",
    "description",
    "examples",
    "default",
    "$ref",
    "anyOf",
    "oneOf",
    "const",
    "enum",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "title",
];

/// A property of an object of a record: its pointer within the record (held or not), its
/// definition and name, and its schema.
type Site = (String, String, Value);

/// The constraint keywords of a property's schema, through nullable branches and a `$ref` to a
/// definition without properties (such as `Id`).
fn keywords(schema: &Value, root: &Value, out: &mut Vec<(String, Value)>) {
    for (key, value) in schema.as_object().into_iter().flatten() {
        match key.as_str() {
            "anyOf" | "oneOf" => {
                for branch in value.as_array().into_iter().flatten() {
                    keywords(branch, root, out);
                }
            }
            "$ref" => {
                let def = &root["$defs"][def_name(value)];
                if def.get("properties").is_none() {
                    keywords(def, root, out);
                }
            }
            k if SHAPE.contains(&k) => {}
            k => out.push((k.to_owned(), value.clone())),
        }
    }
}

fn def_name(reference: &Value) -> &str {
    reference
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("#/$defs/")
}

/// A value breaking `keyword: limit` (`current` is the value held, if any); `None` for a format
/// that names a Rust type, which a validator does not assert (`uint32`, `double`).
fn breaking(keyword: &str, limit: &Value, current: Option<&Value>) -> Option<Value> {
    let n = || usize::try_from(limit.as_u64().expect("a count")).expect("a count");
    Some(match keyword {
        "minLength" => json!("a".repeat(n() - 1)),
        "maxLength" => json!("a".repeat(n() + 1)),
        "pattern" => json!("!"),
        "minimum" => json!(limit.as_i64().expect("a number") - 1),
        "maximum" => json!(limit.as_u64().expect("a number") + 1),
        "minItems" => {
            let items = current
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            json!(items[..n() - 1])
        }
        "format" if limit == "date" => json!("2007-02-30"),
        "format" if limit == "uint32" || limit == "double" => return None,
        other => panic!("no way to break `{other}: {limit}`: add one here"),
    })
}

/// Every property of every object within `value` (which `schema` describes), held or not.
fn sites(value: &Value, schema: &Value, root: &Value, at: (&str, &str), out: &mut Vec<Site>) {
    let (pointer, def) = at;
    if let Some(reference) = schema.get("$ref") {
        let name = def_name(reference);
        return sites(value, &root["$defs"][name], root, (pointer, name), out);
    }
    for key in ["anyOf", "oneOf"] {
        for branch in schema[key].as_array().into_iter().flatten() {
            sites(value, branch, root, at, out);
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, item) in values.iter().enumerate() {
            sites(item, items, root, (&format!("{pointer}/{i}"), def), out);
        }
    }
    let (Some(properties), Some(object)) = (schema["properties"].as_object(), value.as_object())
    else {
        return;
    };
    if !object.keys().all(|k| properties.contains_key(k)) {
        return;
    }
    for (prop, sub) in properties {
        let here = format!("{pointer}/{prop}");
        if let Some(inner) = object.get(prop) {
            sites(inner, sub, root, (&here, def), out);
        }
        out.push((here, format!("{def}.{prop}"), sub.clone()));
    }
}

/// Every `(definition.property, keyword)` of the schema that a value can break.
fn constraints(root: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (def, body) in root["$defs"].as_object().expect("$defs") {
        let mut stack = vec![body];
        while let Some(schema) = stack.pop() {
            for (prop, sub) in schema["properties"].as_object().into_iter().flatten() {
                let mut k = Vec::new();
                keywords(sub, root, &mut k);
                for (keyword, limit) in k {
                    if breaking(&keyword, &limit, None).is_some() {
                        found.insert((format!("{def}.{prop}"), keyword));
                    }
                }
            }
            for key in ["anyOf", "oneOf"] {
                stack.extend(schema[key].as_array().into_iter().flatten());
            }
        }
    }
    found
}

/// The records of the shipped seeds, with their lists.
fn shipped() -> Vec<(RecordList, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut records = Vec::new();
    for rel in crate::seeds::discover(&root).expect("seeds") {
        let text = std::fs::read_to_string(root.join(&rel)).expect("read");
        let file: Value = serde_json::from_str(&text).expect("JSON");
        for (key, values) in file.as_object().into_iter().flatten() {
            if let Some(list) = RecordList::from_key(key) {
                let values = values.as_array().into_iter().flatten();
                records.extend(values.map(|r| (list, r.clone())));
            }
        }
    }
    records
}

fn fast(list: RecordList, record: &Value) -> bool {
    let part = LinesRun {
        list,
        offset: 0,
        len: 0,
        first_line: 1,
        first_record: 0,
        whole: true,
    };
    read("f", format!("{record}\n"), &part).is_ok()
}

/// `record` with `value` at `pointer` (set, or added to its object).
fn with(record: &Value, pointer: &str, value: Value) -> Value {
    let mut record = record.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let object = record.pointer_mut(parent).and_then(Value::as_object_mut);
    object.expect("an object").insert(key.to_owned(), value);
    record
}

/// Each constraint, broken in a shipped record that the fast path reads, is refused by the
/// validator and by the fast path; and every constraint of the schema is tried so.
#[test]
fn every_constraint_of_the_schema_is_read_strictly() {
    let root = crate::schema::seeds_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .expect("schema");
    let mut tried = BTreeSet::new();
    let mut wrong = Vec::new();
    for (list, record) in shipped() {
        if !fast(list, &record) {
            continue;
        }
        let mut found = Vec::new();
        let schema = &root["properties"][list.key()]["items"];
        sites(&record, schema, &root, ("", ""), &mut found);
        for (pointer, label, schema) in found {
            let mut k = Vec::new();
            keywords(&schema, &root, &mut k);
            for (keyword, limit) in k {
                let current = record.pointer(&pointer);
                let Some(bad) = breaking(&keyword, &limit, current) else {
                    continue;
                };
                if !tried.insert((label.clone(), keyword.clone())) {
                    continue;
                }
                let what = format!("{label} `{keyword}: {limit}`: {pointer} = {bad}");
                let broken = with(&record, &pointer, bad);
                let document = json!({ list.key(): [broken] });
                if validator.is_valid(&document) {
                    wrong.push(format!("not broken: {what}"));
                } else if fast(list, &broken) {
                    wrong.push(format!("read by the fast path: {what}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let all = constraints(&root);
    for known in [
        ("Evidence.quote", "minLength"),
        ("Evidence.occurrence", "minimum"),
        ("Event.evidence", "minItems"),
        ("Entity.country", "pattern"),
        ("TimeSpec.date", "format"),
        ("Event.id", "maxLength"),
    ] {
        let known = (known.0.to_owned(), known.1.to_owned());
        assert!(all.contains(&known), "{known:?} not found in {all:?}");
    }
    let untried: Vec<_> = all.difference(&tried).cloned().collect();
    assert!(untried.is_empty(), "no shipped record holds {untried:?}");
}

/// The first field of every struct is a required text (an id or a date), so that serde's
/// reading of a struct from an array (its fields in order) fails on an array that opens with an
/// object: the shape screen lets only such arrays through.
#[test]
fn first_fields_are_texts() {
    let schema = crate::schema::seeds_schema();
    for (def, body) in schema["$defs"].as_object().expect("$defs") {
        let Some((first, sub)) = body
            .get("properties")
            .and_then(Value::as_object)
            .and_then(|p| p.iter().next())
        else {
            continue;
        };
        let required = body["required"].as_array().expect("required");
        assert!(required.iter().any(|r| r == first), "{def}.{first}");
        let text = sub["$ref"] == "#/$defs/Id" || sub["type"] == "string";
        assert!(text, "{def}.{first}: {sub}");
    }
}

/// The lists of texts are found in the schema: `aliases` is one, and a key that is a list of
/// objects anywhere is not.
#[test]
fn text_lists_come_from_the_schema() {
    let keys = super::text_lists(&crate::schema::seeds_schema());
    assert!(keys.contains("aliases"), "{keys:?}");
    assert!(!keys.contains("evidence"), "{keys:?}");
    let schema = json!({
        "$defs": {"Id": {"type": "string"}, "A": {"properties": {
            "ids": {"type": "array", "items": {"$ref": "#/$defs/Id"}},
            "mixed": {"type": "array", "items": {"type": "string"}}
        }}, "B": {"properties": {"mixed": {"type": "array", "items": {"$ref": "#/$defs/A"}}}}}
    });
    let keys = super::text_lists(&schema);
    assert_eq!(keys, BTreeSet::from(["ids".to_owned()]));
}
