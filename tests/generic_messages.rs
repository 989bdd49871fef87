//! Refusals a user can act on: each names what is wrong in the schema's own terms and what to
//! do, without the validator library's wording.

mod common;

use std::path::Path;

use common::seedtool;

/// Exports one record against `schema`, which must be refused as a usage error; gives the
/// message.
fn refusal(schema: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let dir: &Path = dir.path();
    std::fs::write(dir.join("schema.json"), schema).unwrap();
    std::fs::write(dir.join("r.jsonl"), "{\"id\": 1}\n").unwrap();
    let out = common::export_of(dir, "r.jsonl")
        .args(["--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("out").exists());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_root_ref_schema_is_followed_to_the_schema_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let dir: &Path = dir.path();
    std::fs::write(
        dir.join("schema.json"),
        r##"{"$ref": "#/$defs/R", "$defs": {"R": {"type": "object", "properties": {"id": {"type": "integer"}}}}}"##,
    )
    .unwrap();
    std::fs::write(dir.join("r.jsonl"), "{\"id\": 1}\n").unwrap();
    let out = seedtool(dir)
        .args(["export", "--quiet", "--schema", "schema.json"])
        .args(["--input", "r.jsonl", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let csv = std::fs::read_to_string(dir.join("out/csv/schema.csv"))
        .or_else(|_| {
            let entry = std::fs::read_dir(dir.join("out/csv"))
                .unwrap()
                .next()
                .unwrap();
            std::fs::read_to_string(entry.unwrap().path())
        })
        .unwrap();
    assert_eq!(csv, "id,_extra\r\n1,\r\n");
}

#[test]
fn a_urn_or_remote_ref_is_refused_without_library_wording() {
    for target in ["urn:example:address", "https://example.com/address.json"] {
        let message = refusal(&format!(
            r#"{{"type": "object", "properties": {{"id": {{"type": "integer"}}, "a": {{"$ref": "{target}"}}}}}}"#
        ));
        assert!(
            message.contains(&format!("`$ref` to `{target}`")),
            "{message}"
        );
        assert!(
            message.contains("never fetched") && message.contains("$defs"),
            "{message}"
        );
        assert!(
            !message.contains("feature") && !message.contains("registry"),
            "{message}"
        );
    }
}

#[test]
fn a_recursive_ref_is_shown_once_with_its_cycle() {
    let message = refusal(
        r##"{"type": "object", "properties": {"id": {"type": "integer"}, "node": {"$ref": "#/$defs/N"}}, "$defs": {"N": {"type": "object", "properties": {"label": {"type": "string"}, "next": {"$ref": "#/$defs/N"}}}}}"##,
    );
    assert!(
        message.contains("`node.next` refers back to itself, repeating `next` without end"),
        "{message}"
    );
    assert_eq!(message.matches("next").count(), 2, "{message}");
}

/// Exports `records` (JSON Lines) against `schema` in `dir`; gives the output.
fn export(dir: &Path, schema: &str, records: &str) -> std::process::Output {
    std::fs::write(dir.join("schema.json"), schema).unwrap();
    std::fs::write(dir.join("r.jsonl"), records).unwrap();
    seedtool(dir)
        .args(["export", "--quiet", "--schema", "schema.json"])
        .args(["--input", "r.jsonl", "--out", "out"])
        .output()
        .unwrap()
}

#[test]
fn a_percent_encoded_or_escaped_ref_resolves_as_rfc_3986_and_json_pointer_say() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(
        dir.path(),
        r##"{"type": "object", "properties": {"n": {"$ref": "#/$defs/a%20b"}, "m": {"$ref": "#/$defs/x~1y"}, "p": {"$ref": "#/$defs/%25"}}, "$defs": {"a b": {"type": "string"}, "x/y": {"type": "integer"}, "%": {"type": "boolean"}}}"##,
        "{\"n\": \"Ann\", \"m\": 3, \"p\": true}\n",
    );
    common::assert_success(&out);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/r.csv")).unwrap();
    assert_eq!(csv, "n,m,p,_extra\r\nAnn,3,true,\r\n");
    // The validator follows the same definitions: a value of the wrong type is refused.
    let out = export(
        dir.path(),
        r##"{"type": "object", "properties": {"n": {"$ref": "#/$defs/a%20b"}}, "$defs": {"a b": {"type": "string"}}}"##,
        "{\"n\": 1}\n",
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The orders example's metadata file changed by `change`, and the export of the orders with it.
fn export_with_metadata(
    dir: &Path,
    change: impl FnOnce(&mut serde_json::Value),
) -> std::process::Output {
    let orders = common::fixtures().join("generic/orders");
    let mut metadata: serde_json::Value =
        serde_json::from_slice(&std::fs::read(orders.join("dataset.json")).unwrap()).unwrap();
    change(&mut metadata);
    std::fs::write(dir.join("dataset.json"), metadata.to_string()).unwrap();
    seedtool(dir)
        .args(["export", "--quiet", "--format", "json", "--key", "order_id"])
        .arg("--schema")
        .arg(orders.join("orders.schema.json"))
        .arg("--input")
        .arg(orders.join("orders.jsonl"))
        .args(["--out", "out", "--metadata", "dataset.json"])
        .output()
        .unwrap()
}

#[test]
fn a_metadata_file_given_to_export_needs_no_schema_member() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_with_metadata(dir.path(), |m| {
        m.as_object_mut().unwrap().remove("$schema");
    });
    common::assert_success(&out);
    assert!(dir.path().join("out/croissant.json").is_file());
}

#[test]
fn a_creator_of_no_allowed_shape_is_refused_naming_the_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_with_metadata(dir.path(), |m| {
        m["creators"] = serde_json::json!([{"name": "Ann"}]);
    });
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["expected"].as_str())
        .collect();
    assert_eq!(
        expected,
        [
            r#"a value of one of these shapes: an object with kind = "person", given_names, family_names; an object with kind = "organization", name"#
        ],
        "{report}"
    );
}

#[test]
fn a_schema_refusal_echoes_a_short_schema_whole_and_cuts_a_long_one_between_members() {
    let message = refusal(
        r#"{"type": "object", "properties": {"id": {"type": "integer"}, "v": {"type": "null", "minimum": 0}}}"#,
    );
    assert!(
        message.contains(r#"no table column can hold: {"type":"null","minimum":0}; "#),
        "{message}"
    );
    let long = format!(
        r#"{{"type": "object", "properties": {{"id": {{"type": "integer"}}, "v": {{"type": "null", "description": "{}", "minimum": 0}}}}}}"#,
        "x".repeat(300)
    );
    let message = refusal(&long);
    assert!(
        message.contains(r#"no table column can hold: {"type":"null","description":…,"minimum":0} (2 of 3 members shown whole; the schema is 344 characters); "#),
        "{message}"
    );
}
