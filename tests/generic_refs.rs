//! Generic mode with a schema split over files: a `$ref` to a relative file is read from the
//! referring schema's folder, never above it; remote and absolute references stay refused.

mod common;

use std::path::Path;

use common::{fixtures, seedtool};

/// Runs `export` of the orders records against `schema`, in `dir`, into `dir/out`.
fn export(dir: &Path, schema: &Path) -> std::process::Output {
    seedtool(dir)
        .args(["export", "--quiet", "--key", "order_id", "--schema"])
        .arg(schema)
        .arg("--input")
        .arg(fixtures().join("generic/orders/orders.jsonl"))
        .args(["--out", "out"])
        .output()
        .unwrap()
}

#[test]
fn a_schema_split_over_files_gives_the_tables_of_the_same_schema_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let split = export(
        dir.path(),
        &fixtures().join("generic/split/orders.schema.json"),
    );
    common::assert_success(&split);
    std::fs::rename(dir.path().join("out"), dir.path().join("split")).unwrap();
    let whole = export(
        dir.path(),
        &fixtures().join("generic/orders/orders.schema.json"),
    );
    common::assert_success(&whole);
    for table in ["orders", "orders__lines", "orders__lines__tags"] {
        for file in [
            format!("csv/{table}.csv"),
            format!("json/{table}.json"),
            format!("ndjson/{table}.ndjson"),
        ] {
            let a = std::fs::read(dir.path().join("split").join(&file)).unwrap();
            let b = std::fs::read(dir.path().join("out").join(&file)).unwrap();
            assert!(a == b, "{file} differs");
        }
    }
}

/// Runs `export` against a schema whose `name` property is `{"$ref": reference}`; gives the
/// exit code and the error output.
fn refused(dir: &Path, reference: &str) -> (Option<i32>, String) {
    let schema = serde_json::json!({"type": "object", "properties": {"name": {"$ref": reference}}});
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(dir.join("schemas/s.json"), schema.to_string()).unwrap();
    std::fs::write(dir.join("r.jsonl"), "{\"name\": \"a\"}\n").unwrap();
    let out = seedtool(dir)
        .args([
            "export",
            "--quiet",
            "--schema",
            "schemas/s.json",
            "--input",
            "r.jsonl",
        ])
        .args(["--out", "out"])
        .output()
        .unwrap();
    assert!(!dir.join("out").exists());
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_reference_above_the_schema_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("name.json"), r#"{"type": "string"}"#).unwrap();
    let (code, stderr) = refused(dir.path(), "../name.json");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("schemas/s.json: `$ref` `../name.json` is refused: a reference may name a file in the referring schema's folder or below it, never above (`..`)"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_schema_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("name.json"), r#"{"type": "string"}"#).unwrap();
    std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("name.json"),
        dir.path().join("schemas/name.json"),
    )
    .unwrap();
    let (code, stderr) = refused(dir.path(), "name.json");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("leads out of the referring schema's folder"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = refused(dir.path(), "defs/none.json");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`$ref` `defs/none.json` is refused: cannot read"),
        "{stderr}"
    );
}

#[test]
fn remote_file_and_absolute_references_stay_refused_and_are_never_fetched() {
    for reference in [
        "https://example.com/name.json",
        "http://example.com/name.json",
        "file:///etc/hostname",
        "/etc/hostname",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (code, stderr) = refused(dir.path(), reference);
        assert_eq!(code, Some(2), "{reference}");
        assert!(stderr.contains("never fetched"), "{reference}: {stderr}");
    }
}

/// The schema of the issue's case: `addr` refers to a resource embedded with its own `$id`.
fn embedded_address_schema() -> serde_json::Value {
    serde_json::json!({
        "$id": "https://example.com/person.json",
        "type": "object",
        "properties": {"addr": {"$ref": "address.json"}},
        "$defs": {"A": {
            "$id": "address.json",
            "type": "object",
            "properties": {"city": {"$ref": "#/$defs/City"}},
            "required": ["city"],
            "$defs": {"City": {"type": "string"}}
        }}
    })
}

/// Exports `{"addr":{"city":"Dushanbe"}}` against `schema`, written to `dir/s.json`.
fn export_address(dir: &Path, schema: &serde_json::Value) -> std::process::Output {
    std::fs::write(dir.join("s.json"), schema.to_string()).unwrap();
    std::fs::write(dir.join("r.jsonl"), "{\"addr\":{\"city\":\"Dushanbe\"}}\n").unwrap();
    seedtool(dir)
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out"])
        .output()
        .unwrap()
}

#[test]
fn an_embedded_id_is_resolved_with_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_address(dir.path(), &embedded_address_schema());
    common::assert_success(&out);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/r.csv")).unwrap();
    assert_eq!(csv, "addr.city,_extra\r\nDushanbe,\r\n");
}

#[test]
fn an_embedded_id_is_preferred_over_a_decoy_file_beside_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("address.json"), r#"{"type": "integer"}"#).unwrap();
    let out = export_address(dir.path(), &embedded_address_schema());
    common::assert_success(&out);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/r.csv")).unwrap();
    assert_eq!(csv, "addr.city,_extra\r\nDushanbe,\r\n");
    // And the embedded resource is what records are held to: a city that is no text is refused.
    std::fs::write(dir.path().join("r.jsonl"), "{\"addr\":{\"city\":7}}\n").unwrap();
    let refused = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out2"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(!dir.path().join("out2").exists());
}

#[test]
fn an_embedded_id_named_by_its_absolute_uri_and_an_anchor_in_it_are_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let mut schema = embedded_address_schema();
    schema["properties"] = serde_json::json!({
        "addr": {"$ref": "https://example.com/address.json"},
        "town": {"$ref": "address.json#town"}
    });
    schema["$defs"]["A"]["$defs"]["City"]["$anchor"] = "town".into();
    std::fs::write(dir.path().join("address.json"), r#"{"type": "integer"}"#).unwrap();
    std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
    std::fs::write(
        dir.path().join("r.jsonl"),
        "{\"addr\":{\"city\":\"Dushanbe\"},\"town\":\"Khujand\"}\n",
    )
    .unwrap();
    let out = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/r.csv")).unwrap();
    assert_eq!(csv, "addr.city,town,_extra\r\nDushanbe,Khujand,\r\n");
}
