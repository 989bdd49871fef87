//! Generic mode with a metadata file (`--metadata`, as `seeds/dataset.json`): the export also
//! writes `croissant.json`, listed in `SHA256SUMS`, and its data package carries the metadata; a
//! bad metadata file is reported like bad data and nothing is written.

mod common;

use std::path::Path;

use common::{fixtures, seedtool};
use serde_json::Value;

/// Runs `export` of the orders records in `dir` into `dir/out`, with `extra` arguments.
fn export(dir: &Path, extra: &[&str]) -> std::process::Output {
    let orders = fixtures().join("generic/orders");
    seedtool(dir)
        .args(["export", "--quiet", "--key", "order_id", "--schema"])
        .arg(orders.join("orders.schema.json"))
        .arg("--input")
        .arg(orders.join("orders.jsonl"))
        .args(["--out", "out"])
        .args(extra)
        .output()
        .unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn with_metadata_the_export_writes_croissant_and_a_described_package() {
    let dir = tempfile::tempdir().unwrap();
    let metadata = fixtures().join("generic/orders/dataset.json");
    let out = export(dir.path(), &["--metadata", metadata.to_str().unwrap()]);
    common::assert_success(&out);
    let written = dir.path().join("out");
    let croissant = json(&written.join("croissant.json"));
    assert_eq!(croissant["version"], "1.0.0");
    assert_eq!(
        croissant["conformsTo"],
        "http://mlcommons.org/croissant/1.0"
    );
    let sets: Vec<&str> = croissant["recordSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(sets, ["orders", "orders__lines", "orders__lines__tags"]);
    let package = json(&written.join("datapackage.json"));
    assert_eq!(package["version"], "1.0.0");
    assert_eq!(package["title"], "Example orders");
    assert_eq!(package["licenses"][0]["name"], "CC0-1.0");
    let sums = std::fs::read_to_string(written.join("SHA256SUMS")).unwrap();
    assert!(
        sums.lines().any(|l| l.ends_with("  croissant.json")),
        "{sums}"
    );
}

#[test]
fn without_metadata_there_is_no_croissant_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), &[]);
    assert!(out.status.success());
    assert!(!dir.path().join("out/croissant.json").exists());
    assert!(dir.path().join("out/datapackage.json").exists());
}

#[test]
fn a_bad_metadata_file_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("generic/orders/dataset.json")).unwrap();
    let bad = text.replace(r#""version": "1.0.0""#, r#""version": "one""#);
    assert_ne!(bad, text);
    std::fs::write(dir.path().join("dataset.json"), bad).unwrap();
    let out = export(
        dir.path(),
        &["--metadata", "dataset.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "dataset.json");
    assert_eq!(d["pointer"], "/version");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_missing_metadata_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), &["--metadata", "nowhere.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nowhere.json"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}
