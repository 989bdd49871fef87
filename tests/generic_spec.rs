//! Generic mode held to the JSON Schema specification on real-world schemas: every key column
//! type, members declared beside `properties` (`allOf`, `$ref`, `anyOf`, `dependentSchemas`) and
//! undeclared ones, type unions, embedded `$id` resources, `""` against null, nullable
//! enumerations and numbers a float cannot hold.

mod common;

use std::path::Path;

use common::seedtool;
use serde_json::{Value, json};

/// Writes `schema` and `records` (JSON Lines) into `dir` and exports them to `dir/out`.
fn export(dir: &Path, schema: &Value, records: &[Value], args: &[&str]) -> std::process::Output {
    std::fs::write(dir.join("s.json"), schema.to_string()).unwrap();
    let lines: String = records.iter().map(|r| r.to_string() + "\n").collect();
    std::fs::write(dir.join("r.jsonl"), lines).unwrap();
    seedtool(dir)
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rows of the JSON table `r`.
fn rows(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("out/json/r.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn csv(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("out/csv/r.csv")).unwrap()
}

fn package(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out/datapackage.json")).unwrap())
        .unwrap()
}

#[test]
fn a_key_of_every_type_that_can_be_one_is_exported_sorted() {
    let cases = [
        (
            json!({"type": "string", "format": "date"}),
            json!("2024-01-02"),
            json!("2023-12-31"),
        ),
        (json!({"type": "string"}), json!("b"), json!("a")),
        (json!({"type": "integer"}), json!(20), json!(-3)),
        (
            json!({"type": "integer", "minimum": 0, "maximum": 99}),
            json!(7),
            json!(2),
        ),
        (json!({"enum": ["x", "y"]}), json!("y"), json!("x")),
    ];
    for (ty, late, early) in cases {
        let dir = tempfile::tempdir().unwrap();
        let schema = json!({"type": "object", "properties": {"k": ty, "v": {"type": "number"}}, "required": ["k"]});
        let out = export(
            dir.path(),
            &schema,
            &[json!({"k": late}), json!({"k": early, "v": 1})],
            &["--key", "k"],
        );
        assert!(out.status.success(), "{ty}: {}", stderr(&out));
        let keys: Vec<Value> = rows(dir.path()).iter().map(|r| r["k"].clone()).collect();
        assert_eq!(keys, [early, late], "{ty}");
    }
}

#[test]
fn a_key_of_a_type_that_cannot_be_one_is_a_usage_error() {
    for ty in [
        json!({"type": "number"}),
        json!({"type": "boolean"}),
        json!({"type": "string", "format": "date-time"}),
        json!({"type": "string", "format": "time"}),
        json!({"type": "string", "format": "uuid"}),
        json!({"type": "number", "multipleOf": 0.01}),
        json!({"type": "array", "items": {"type": "string"}}),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let schema = json!({"type": "object", "properties": {"k": ty}, "required": ["k"]});
        let out = export(dir.path(), &schema, &[], &["--key", "k"]);
        assert_eq!(out.status.code(), Some(2), "{ty}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("a key column must be"),
            "{ty}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn members_declared_in_all_of_get_columns() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"id": {"type": "integer"}}, "allOf": [{"properties": {"name": {"type": "string"}}, "required": ["name"]}], "unevaluatedProperties": false});
    let out = export(dir.path(), &schema, &[json!({"id": 1, "name": "Ann"})], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(dir.path()), [json!({"id": 1, "name": "Ann"})]);
    assert_eq!(csv(dir.path()), "id,name\r\n1,Ann\r\n");
}

#[test]
fn members_declared_in_a_ref_beside_other_keywords_get_columns() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({
        "$ref": "#/$defs/Base",
        "properties": {"id": {"type": "integer"}},
        "$defs": {"Base": {"type": "object", "properties": {"name": {"type": "string"}, "at": {"type": "string", "format": "date"}}}}
    });
    let out = export(
        dir.path(),
        &schema,
        &[json!({"id": 1, "name": "Ann", "at": "2024-01-02"})],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        rows(dir.path()),
        [json!({"id": 1, "name": "Ann", "at": "2024-01-02", "_extra": null})]
    );
}

#[test]
fn members_declared_in_any_of_one_of_and_dependent_schemas_get_nullable_columns() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "anyOf": [{"properties": {"email": {"type": "string"}}, "required": ["email"]}, {"properties": {"phone": {"type": "string"}}, "required": ["phone"]}],
        "oneOf": [{"properties": {"kind": {"const": "a"}}, "required": ["kind"]}, {"properties": {"kind": {"const": "b"}}, "required": ["kind"]}],
        "dependentSchemas": {"phone": {"properties": {"ext": {"type": "integer"}}}},
        "unevaluatedProperties": false
    });
    let records = [
        json!({"id": 1, "email": "a@b.c", "kind": "a"}),
        json!({"id": 2, "phone": "5", "ext": 7, "kind": "b"}),
    ];
    let out = export(dir.path(), &schema, &records, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        rows(dir.path()),
        [
            json!({"id": 1, "email": "a@b.c", "phone": null, "kind": "a", "ext": null}),
            json!({"id": 2, "email": null, "phone": "5", "kind": "b", "ext": "7"}),
        ]
    );
}

#[test]
fn undeclared_members_are_kept_in_an_extra_column_described_in_the_package() {
    let dir = tempfile::tempdir().unwrap();
    // A GeoJSON-like feature whose schema describes few of its members.
    let schema = json!({"type": "object", "properties": {
        "id": {"type": "string"},
        "properties": {"type": "object", "properties": {"mag": {"type": "number"}}}
    }, "required": ["id"]});
    let records = [
        json!({"id": "a", "type": "Feature", "properties": {"mag": 2.5, "place": "Dushanbe", "tsunami": 0}, "geometry": {"type": "Point", "coordinates": [68.8, 38.5]}}),
        json!({"id": "b", "properties": {"mag": 1.0}}),
    ];
    let out = export(dir.path(), &schema, &records, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = rows(dir.path());
    let extra: Value = serde_json::from_str(rows[0]["_extra"].as_str().unwrap()).unwrap();
    assert_eq!(
        extra,
        json!({"type": "Feature", "properties": {"place": "Dushanbe", "tsunami": 0}, "geometry": {"type": "Point", "coordinates": [68.8, 38.5]}})
    );
    assert_eq!(rows[1]["_extra"], Value::Null);
    let fields = &package(dir.path())["resources"][0]["schema"]["fields"];
    let described = fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "_extra")
        .unwrap();
    assert!(
        described["description"]
            .as_str()
            .unwrap()
            .contains("does not name")
    );
    let codebook = std::fs::read_to_string(dir.path().join("out/CODEBOOK.md")).unwrap();
    assert!(codebook.contains("_extra"));
}

#[test]
fn a_member_only_some_alternatives_declare_holds_any_value_as_text() {
    let dir = tempfile::tempdir().unwrap();
    // Without `bar`, `foo` is free: the suite's `dependentSchemas` case.
    let schema = json!({"dependentSchemas": {"bar": {"properties": {"foo": {"type": "integer"}, "bar": {"type": "integer"}}}}});
    let out = export(
        dir.path(),
        &schema,
        &[json!({"foo": "quux"}), json!({"foo": 1, "bar": 2})],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = rows(dir.path());
    assert_eq!(
        (rows[0]["foo"].clone(), rows[1]["foo"].clone()),
        (json!("quux"), json!("1"))
    );
}

#[test]
fn a_meta_schema_of_its_own_is_refused_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"$schema": "http://localhost:1234/metaschema-no-validation.json", "properties": {"n": {"minimum": 10}}});
    let out = export(dir.path(), &schema, &[json!({"n": 1})], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("meta-schema of its own"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_string_in_a_required_column_and_an_enum_is_no_missing_value() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"s": {"type": "string"}, "e": {"enum": ["", "x"]}, "n": {"type": "integer"}}, "required": ["s", "e"], "additionalProperties": false});
    let out = export(
        dir.path(),
        &schema,
        &[
            json!({"s": "", "e": ""}),
            json!({"s": "a", "e": "x", "n": 1}),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(rows(dir.path())[0], json!({"s": "", "e": "", "n": null}));
    let fields = &package(dir.path())["resources"][0]["schema"]["fields"];
    assert_eq!(fields[0]["missingValues"], json!([]));
    assert_eq!(fields[1]["missingValues"], json!([]));
    assert!(fields[2].get("missingValues").is_none());
    let python = Path::new("/work/venv/bin/python");
    let frictionless = if python.exists() {
        python.to_path_buf()
    } else {
        "python3".into()
    };
    let report = std::process::Command::new(frictionless)
        .args(["-m", "frictionless", "validate", "--json"])
        .arg(dir.path().join("out/datapackage.json"))
        .output();
    if let Ok(report) = report
        && report.status.code().is_some()
        && !String::from_utf8_lossy(&report.stderr).contains("No module named")
    {
        assert!(
            report.status.success(),
            "{}",
            String::from_utf8_lossy(&report.stdout)
        );
    }
}

#[test]
fn a_number_a_float_cannot_hold_exactly_is_refused_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"n": {"type": "number"}}, "additionalProperties": false});
    let out = export(
        dir.path(),
        &schema,
        &[
            json!({"n": 9_007_199_254_740_992_u64}),
            json!({"n": 12_345_678_901_234_567_890_u64}),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("record 2"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("record 1"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("64-bit float holds exactly"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_nullable_enum_keeps_its_enumeration_in_every_spelling() {
    for property in [
        json!({"type": ["string", "null"], "enum": ["x", "y", null]}),
        json!({"enum": ["x", "y", null]}),
        json!({"anyOf": [{"enum": ["x", "y"]}, {"type": "null"}]}),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let schema = json!({"type": "object", "properties": {"e": property}, "required": ["e"], "additionalProperties": false});
        let out = export(
            dir.path(),
            &schema,
            &[json!({"e": "x"}), json!({"e": null})],
            &[],
        );
        assert!(out.status.success(), "{property}: {}", stderr(&out));
        let field = &package(dir.path())["resources"][0]["schema"]["fields"][0];
        assert_eq!(
            field["constraints"]["enum"],
            json!(["x", "y"]),
            "{property}"
        );
        let codebook = std::fs::read_to_string(dir.path().join("out/CODEBOOK.md")).unwrap();
        assert!(codebook.contains("enumeration"), "{property}");
    }
}
