//! The dataset's metadata file, `seeds/dataset.json`: checked like any seeds file, required to
//! publish, and the one source of the name, title, version and licence in every output.

mod common;

use common::{build_ok, mini, seedtool, validate_json};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

/// Sets `key` of the mini fixture's `dataset.json` in `dir` to `value`.
fn set(dir: &std::path::Path, key: &str, value: Value) {
    let path = dir.join("seeds/dataset.json");
    let mut metadata: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    metadata[key] = value;
    std::fs::write(&path, serde_json::to_string_pretty(&metadata).unwrap()).unwrap();
}

#[test]
fn a_missing_metadata_file_is_reported_and_nothing_is_built() {
    let dir = mini();
    std::fs::remove_file(dir.path().join("seeds/dataset.json")).unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1, "{report}");
    let problems = report["diagnostics"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["rule"], "metadata-missing");
    assert_eq!(problems[0]["file"], "seeds/dataset.json");
    let out = seedtool(dir.path())
        .args(["build", "--out", "dist"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn a_bad_version_is_placed_in_the_metadata_file() {
    let dir = mini();
    set(dir.path(), "version", Value::from("v2"));
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1, "{report}");
    let problem = &report["diagnostics"][0];
    assert_eq!(problem["rule"], "schema", "{report}");
    assert_eq!(problem["file"], "seeds/dataset.json");
    assert_eq!(problem["pointer"], "/version");
    assert!(problem["line"].as_u64().is_some(), "{report}");
    assert!(
        problem["found"].as_str().unwrap().contains("v2"),
        "{report}"
    );
}

#[test]
fn an_unknown_field_in_the_metadata_is_refused() {
    let dir = mini();
    set(dir.path(), "doi", Value::from("10.1234/x"));
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["diagnostics"][0]["pointer"], "/doi", "{report}");
}

#[test]
fn the_version_and_title_of_the_metadata_reach_every_output() {
    let dir = mini();
    set(dir.path(), "version", Value::from("7.8.9"));
    set(dir.path(), "title", Value::from("A retitled fixture"));
    build_ok(dir.path(), &[]);
    let dist = dir.path().join("dist");
    let package: Value =
        serde_json::from_slice(&std::fs::read(dist.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["version"], "7.8.9");
    assert_eq!(package["title"], "A retitled fixture");
    let codebook = std::fs::read_to_string(dist.join("CODEBOOK.md")).unwrap();
    assert!(codebook.starts_with("# Codebook: A retitled fixture\n"));
    assert!(codebook.contains("Dataset version 7.8.9."));
    let file = std::fs::File::open(dist.join("parquet/events.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let metadata = reader.schema().metadata();
    assert_eq!(metadata["dataset_version"], "7.8.9");
    assert_eq!(metadata["dataset_title"], "A retitled fixture");
    assert_eq!(metadata["dataset_license"], "CC-BY-4.0");
    assert!(metadata["description"].contains("event"), "{metadata:?}");
    let kv = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap();
    let version = kv.iter().find(|kv| kv.key == "dataset_version").unwrap();
    assert_eq!(version.value.as_deref(), Some("7.8.9"));
}

/// Runs `command` in `dir` and gives its exit code and standard error.
fn run(dir: &std::path::Path, command: &[&str]) -> (Option<i32>, String) {
    let out = seedtool(dir).args(command).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_names_every_file_whose_version_is_not_the_metadata_file_s() {
    let dir = mini();
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema"),
        &dir.path().join("schema"),
    );
    build_ok(dir.path(), &[]);
    assert_eq!(run(dir.path(), &["citation"]).0, Some(0));
    let citation = std::fs::read_to_string(dir.path().join("CITATION.cff")).unwrap();
    assert!(citation.contains("type: dataset\n"), "{citation}");
    assert!(citation.contains("version: \"0.1.0\"\n"), "{citation}");
    assert_eq!(run(dir.path(), &["check"]).0, Some(0));
    set(dir.path(), "version", Value::from("0.1.1"));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    for file in [
        "dist/datapackage.json carries dataset version 0.1.0, not 0.1.1 of the metadata file",
        "dist/croissant.json carries dataset version 0.1.0, not 0.1.1",
        "dist/parquet/events.parquet carries dataset version 0.1.0, not 0.1.1",
        "CITATION.cff carries dataset version 0.1.0, not 0.1.1",
        "CITATION.cff differs",
        "dist/datapackage.json differs",
        "dist/CODEBOOK.md differs",
        "dist/croissant.json differs",
        "dist/README.md differs",
        "dist/parquet/events.parquet differs",
    ] {
        assert!(stderr.contains(file), "{file} not in {stderr}");
    }
    assert!(!stderr.contains("dist/csv/events.csv"), "{stderr}");
    build_ok(dir.path(), &[]);
    assert_eq!(run(dir.path(), &["citation"]).0, Some(0));
    assert_eq!(run(dir.path(), &["check"]).0, Some(0));
}

#[test]
fn citation_writes_nothing_for_invalid_metadata_and_wants_a_cff_name() {
    let dir = mini();
    set(dir.path(), "license", Value::from("CC-BY-4.0"));
    let (code, stderr) = run(dir.path(), &["citation"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("seeds/dataset.json"), "{stderr}");
    assert!(!dir.path().join("CITATION.cff").exists());
    let (code, stderr) = run(dir.path(), &["citation", "--out", "seeds/edm/records.json"]);
    assert_eq!(code, Some(2), "{stderr}");
}
