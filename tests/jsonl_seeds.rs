//! Seeds written as JSON Lines (`<list>.jsonl`, one record per line): they build the same dataset
//! as JSON files, their problems are placed at their line and column, and sorting through disk
//! gives the same files as sorting in memory.

mod common;

use std::path::{Path, PathBuf};

use common::{build_ok, mini, snapshot_dir, validate_json};
use serde_json::Value;
use tajik_ct_dataset::dataset::RecordList;
use tajik_ct_dataset::export::{Layout, formats};
use tajik_ct_dataset::tables::registry::specs;

/// Rewrites `seeds/edm/records.json` as one JSON Lines file per list.
fn split_into_lines(dir: &Path) {
    let edm = dir.join("seeds/edm");
    let records: Value =
        serde_json::from_slice(&std::fs::read(edm.join("records.json")).unwrap()).unwrap();
    for list in RecordList::ALL.map(RecordList::key) {
        let mut text = String::new();
        for record in records[list].as_array().into_iter().flatten() {
            text.push_str(&serde_json::to_string(record).unwrap());
            text.push('\n');
        }
        if !text.is_empty() {
            std::fs::write(edm.join(format!("{list}.jsonl")), text).unwrap();
        }
    }
    std::fs::remove_file(edm.join("records.json")).unwrap();
}

/// Every file below `dir`, by path relative to it.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot_dir(dir)
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(dir).unwrap().to_path_buf(), bytes))
        .collect()
}

#[test]
fn json_lines_seeds_build_the_same_dataset_as_json_files() {
    let json = mini();
    build_ok(json.path(), &[]);
    let lines = mini();
    split_into_lines(lines.path());
    build_ok(lines.path(), &[]);
    let (a, b) = (
        files(&json.path().join("dist")),
        files(&lines.path().join("dist")),
    );
    // Every table in every format, and the data package, the codebook, the Croissant file, the
    // dataset card, the explorer and the checksums.
    // A format of one file for all tables writes it and its metadata file (SQLite, Datasette's);
    // the article's text is published beside them (`sources/`).
    let per_table = formats()
        .iter()
        .filter(|f| f.layout() == Layout::FilePerTable)
        .count();
    let one_file = formats().len() - per_table;
    assert_eq!(
        a.len(),
        specs().unwrap().len() * per_table + 2 * one_file + 6 + 1
    );
    assert!(a == b, "the JSON Lines seeds built different files");
}

#[test]
fn sorting_through_disk_gives_the_same_files_as_sorting_in_memory() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let in_memory = files(&dir.path().join("dist"));
    build_ok(dir.path(), &["--sort-memory", "1"]);
    assert!(in_memory == files(&dir.path().join("dist")));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The only diagnostic of `report`, checked to be one.
fn only(report: &Value) -> &Value {
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    &diagnostics[0]
}

#[test]
fn a_schema_problem_in_a_line_is_placed_at_its_line_and_column() {
    let dir = mini();
    split_into_lines(dir.path());
    let path = dir.path().join("seeds/edm/entities.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[1] = lines[1].replacen('{', r#"{"nickname": "x", "#, 1);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let d = only(&report);
    assert_eq!(d["rule"], "schema");
    assert_eq!(d["file"], "seeds/edm/entities.jsonl");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 2);
    assert_eq!(d["pointer"], "/entities/1/nickname");
}

#[test]
fn a_line_that_is_not_json_is_a_syntax_error_at_its_line() {
    let dir = mini();
    split_into_lines(dir.path());
    let path = dir.path().join("seeds/edm/events.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n{\"id\": \"half\",\n");
    std::fs::write(&path, text).unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let d = only(&report);
    assert_eq!(d["rule"], "syntax");
    let lines = std::fs::read_to_string(&path).unwrap().lines().count();
    assert_eq!(d["line"], lines);
}

#[test]
fn a_json_lines_file_must_be_named_after_its_list() {
    let dir = mini();
    split_into_lines(dir.path());
    std::fs::rename(
        dir.path().join("seeds/edm/events.jsonl"),
        dir.path().join("seeds/edm/happenings.jsonl"),
    )
    .unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let problems = report["diagnostics"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|d| d["file"] == "seeds/edm/happenings.jsonl"
                && d["rule"] == "file-name"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("named after the list")),
        "{report:#}"
    );
}
