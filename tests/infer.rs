//! `seedtool infer`: the drafted schema accepts every record it was drafted from, and `export`
//! with it gives the records back; the draft is the same from JSON Lines and a JSON array.

mod common;

use std::path::Path;

use common::seedtool;
use serde_json::{Map, Value};

/// Orders as another tool would write them: optional and null members, dates, a few statuses,
/// nested objects, arrays of objects and of text, an empty array.
const ORDERS: &str = r#"{"id": 1, "day": "2024-01-02", "at": "2024-01-02T08:30:00Z", "status": "open", "customer": {"name": "Ann", "city": "Dushanbe"}, "lines": [{"sku": "a1", "qty": 2, "price": 1.5}], "tags": ["x"], "note": null}
{"id": 2, "day": "2024-01-03", "at": "2024-01-03T09:00:00+05:00", "status": "closed", "customer": {"name": "Bob"}, "lines": [{"sku": "b2", "qty": 1, "price": 3.5}, {"sku": "c3", "qty": 5, "price": 0.25, "gift": true}], "tags": [], "note": "call first"}
{"id": 3, "day": "2024-02-29", "at": "2024-02-29T23:59:59Z", "status": "open", "customer": {"name": "Cid", "city": "Khujand"}, "lines": [], "tags": ["y", "z"]}
{"id": 40, "day": "2024-03-01", "at": "2024-03-01T00:00:00Z", "status": "open", "customer": {"name": "Dee", "city": null}, "lines": [{"sku": "a1", "qty": 1, "price": 1.5}], "tags": ["x"], "note": null}
"#;

/// Runs `infer` on `records` saved as `input` in `dir`, writing `schema.json`.
fn infer(dir: &Path, input: &str, records: &str) -> std::process::Output {
    std::fs::write(dir.join(input), records).unwrap();
    seedtool(dir)
        .args(["infer", input, "--out", "schema.json", "--format", "json"])
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_draft_accepts_every_record_it_was_drafted_from() {
    let dir = tempfile::tempdir().unwrap();
    // Beyond the orders: a member of two types, one only ever null, arrays only ever empty.
    let odd = "{\"v\": 1, \"gone\": null, \"none\": []}\n{\"v\": \"one\", \"none\": []}\n";
    for (input, records) in [("orders.jsonl", ORDERS), ("odd.jsonl", odd)] {
        common::assert_success(&infer(dir.path(), input, records));
        let schema = read_json(&dir.path().join("schema.json"));
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        for record in lines(records) {
            let errors: Vec<String> = validator
                .iter_errors(&record)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{record}: {errors:?}\n{schema:#}");
        }
    }
}

#[test]
fn the_draft_types_what_it_saw() {
    let dir = tempfile::tempdir().unwrap();
    common::assert_success(&infer(dir.path(), "orders.jsonl", ORDERS));
    let schema = read_json(&dir.path().join("schema.json"));
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let p = &schema["properties"];
    assert_eq!(
        p["id"],
        serde_json::json!({"type": "integer", "minimum": 1, "maximum": 40})
    );
    assert_eq!(p["day"]["format"], "date");
    assert_eq!(p["at"]["format"], "date-time");
    assert_eq!(p["status"]["enum"], serde_json::json!(["closed", "open"]));
    assert_eq!(p["note"]["type"], serde_json::json!(["string", "null"]));
    assert_eq!(p["customer"]["required"], serde_json::json!(["name"]));
    assert_eq!(p["lines"]["items"]["properties"]["price"]["type"], "number");
    assert_eq!(
        schema["required"],
        serde_json::json!(["id", "day", "at", "status", "customer", "lines", "tags"])
    );
}

/// `value` with every null member taken out, at any depth: an absent member and a null one are
/// one empty cell in a table.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// A row whose columns are dotted paths (`customer.name`), as the nested record.
fn unflatten(row: Value) -> Value {
    let Value::Object(row) = row else {
        panic!("a row is an object: {row}")
    };
    let mut record = Map::new();
    for (name, value) in row {
        let mut parts: Vec<&str> = name.split('.').collect();
        let last = parts.pop().unwrap();
        let mut at = &mut record;
        for part in parts {
            at = at
                .entry(part)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .unwrap();
        }
        at.insert(last.to_owned(), value);
    }
    Value::Object(record)
}

#[test]
fn export_with_the_draft_gives_the_records_back() {
    let dir = tempfile::tempdir().unwrap();
    common::assert_success(&infer(dir.path(), "orders.jsonl", ORDERS));
    let out = common::export_of(dir.path(), "orders.jsonl")
        .args(["--out", "out", "--nested", "list", "--key", "id"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let ndjson = std::fs::read_to_string(dir.path().join("out/ndjson/orders.ndjson")).unwrap();
    let written: Vec<Value> = lines(&ndjson)
        .into_iter()
        .map(|r| without_nulls(unflatten(r)))
        .collect();
    let read: Vec<Value> = lines(ORDERS).into_iter().map(without_nulls).collect();
    assert_eq!(written, read);
}

#[test]
fn the_draft_is_the_same_from_a_json_array_and_from_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    common::assert_success(&infer(dir.path(), "orders.jsonl", ORDERS));
    let from_lines = std::fs::read(dir.path().join("schema.json")).unwrap();
    let array = format!("[{}]", ORDERS.trim_end().replace('\n', ",\n"));
    common::assert_success(&infer(dir.path(), "orders.json", &array));
    assert_eq!(
        std::fs::read(dir.path().join("schema.json")).unwrap(),
        from_lines
    );
}

#[test]
fn a_record_that_cannot_be_read_or_is_no_object_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = infer(dir.path(), "bad.jsonl", "{\"id\": 1}\n[1, 2]\n{\"id\":\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("schema.json").exists());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["record"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("schema", "record 2"), ("syntax", "record 3")]);
}

#[test]
fn the_schema_may_not_overwrite_its_records() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.json"), "[{\"id\": 1}]").unwrap();
    let out = seedtool(dir.path())
        .args(["infer", "r.json", "--out", "r.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("r.json")).unwrap(),
        "[{\"id\": 1}]"
    );
}
