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
    let out = seedtool(dir)
        .args([
            "export",
            "--quiet",
            "--schema",
            "schema.json",
            "--input",
            "r.jsonl",
        ])
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
