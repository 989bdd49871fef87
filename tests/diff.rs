//! `seedtool diff OLD NEW`: rows added, removed and changed (matched by primary key, single and
//! composite), schema changes, identical outputs, the version bump suggested, and the flags.
//! Most outputs are made here, a data package and Parquet files written directly, so that each
//! case holds exactly the difference it is about; one compares two real builds.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use common::{mini, seedtool};
use parquet::arrow::ArrowWriter;
use serde_json::{Value, json};

/// A column of a made-up table: its name and its values (text, or integers when `int`).
struct Col<'a> {
    name: &'a str,
    int: bool,
    values: Vec<Option<&'a str>>,
}

fn text<'a>(name: &'a str, values: &[Option<&'a str>]) -> Col<'a> {
    Col {
        name,
        int: false,
        values: values.to_vec(),
    }
}

fn int<'a>(name: &'a str, values: &[Option<&'a str>]) -> Col<'a> {
    Col {
        name,
        int: true,
        values: values.to_vec(),
    }
}

/// Writes an output folder `dir` at `version` holding the table `name` keyed by `key`.
fn output(dir: &Path, version: &str, title: &str, tables: &[(&str, &[&str], Vec<Col<'_>>)]) {
    std::fs::create_dir_all(dir.join("parquet")).unwrap();
    let mut resources = Vec::new();
    for (name, key, cols) in tables {
        let fields: Vec<Field> = cols
            .iter()
            .map(|c| {
                let ty = if c.int {
                    DataType::Int64
                } else {
                    DataType::Utf8
                };
                Field::new(c.name, ty, true)
            })
            .collect();
        let arrays: Vec<ArrayRef> = cols
            .iter()
            .map(|c| -> ArrayRef {
                if c.int {
                    let v: Vec<Option<i64>> = c
                        .values
                        .iter()
                        .map(|v| v.map(|s| s.parse().unwrap()))
                        .collect();
                    Arc::new(Int64Array::from(v))
                } else {
                    Arc::new(StringArray::from(c.values.clone()))
                }
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), arrays).unwrap();
        let file = std::fs::File::create(dir.join(format!("parquet/{name}.parquet"))).unwrap();
        let mut writer = ArrowWriter::try_new(file, schema, None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        let fields: Vec<Value> = cols
            .iter()
            .map(|c| json!({"name": c.name, "type": if c.int { "integer" } else { "string" }}))
            .collect();
        resources.push(json!({
            "name": format!("{name}-parquet"),
            "path": format!("parquet/{name}.parquet"),
            "schema": {"fields": fields, "primaryKey": key},
        }));
    }
    let package = json!({"name": "t", "title": title, "version": version, "resources": resources});
    std::fs::write(dir.join("datapackage.json"), package.to_string()).unwrap();
    let mut sums = String::new();
    for entry in ["datapackage.json"].into_iter().map(str::to_owned).chain(
        tables
            .iter()
            .map(|(n, _, _)| format!("parquet/{n}.parquet")),
    ) {
        let bytes = std::fs::read(dir.join(&entry)).unwrap();
        let sha = tajik_ct_dataset::hash::sha256_hex(&bytes);
        writeln!(sums, "{sha}  {entry}").unwrap();
    }
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
}

/// Runs `diff old new` with `args` in `dir`: exit code, standard output, standard error.
fn diff(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = seedtool(dir)
        .args(["diff", "old", "new"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn diff_json(dir: &Path, args: &[&str]) -> (Value, String) {
    let (code, stdout, stderr) = diff(dir, &[&["--format", "json"], args].concat());
    assert_eq!(code, Some(0), "{stderr}");
    (serde_json::from_str(&stdout).unwrap(), stderr)
}

fn events<'a>(ids: &[&'a str], summaries: &[&'a str]) -> Vec<Col<'a>> {
    let ids: Vec<_> = ids.iter().map(|s| Some(*s)).collect();
    let summaries: Vec<_> = summaries.iter().map(|s| Some(*s)).collect();
    vec![text("id", &ids), text("summary", &summaries)]
}

#[test]
fn added_removed_and_changed_rows_are_listed_in_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let old = events(&["a", "b", "c"], &["A", "B", "C"]);
    output(
        &dir.path().join("old"),
        "1.0.0",
        "T",
        &[("events", &["id"], old)],
    );
    let new = events(&["a", "c", "d"], &["A", "C2", "D"]);
    output(
        &dir.path().join("new"),
        "1.0.0",
        "T",
        &[("events", &["id"], new)],
    );
    let (report, stderr) = diff_json(dir.path(), &[]);
    assert_eq!(
        report,
        json!({"tables": [{
            "name": "events",
            "primary_key": ["id"],
            "schema_changes": [],
            "added": [{"key": {"id": "d"}, "row": {"id": "d", "summary": "D"}}],
            "removed": [{"key": {"id": "b"}, "row": {"id": "b", "summary": "B"}}],
            "changed": [{"key": {"id": "c"}, "changes": {"summary": {"old": "C", "new": "C2"}}}]
        }]})
    );
    assert!(stderr.contains("suggested version bump: major"), "{stderr}");
    assert!(stderr.contains("1.0.0 → 2.0.0"), "{stderr}");
    let (code, text, _) = diff(dir.path(), &[]);
    assert_eq!(code, Some(0));
    let summary = text.lines().nth(1).unwrap();
    let counts: Vec<&str> = summary.split_whitespace().collect();
    assert_eq!(counts, ["events", "3", "3", "1", "1", "1", "1"], "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        rows,
        [
            "  - id=\"b\"",
            "  ~ id=\"c\": summary: \"C\" → \"C2\"",
            "  + id=\"d\""
        ],
        "{text}"
    );
    let (code, _, _) = diff(dir.path(), &["--exit-code"]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_composite_key_matches_rows_by_all_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let table = |seqs: &[Option<&'static str>], quotes: &[Option<&'static str>]| {
        let ids = vec![Some("x"); seqs.len()];
        vec![
            int("seq", seqs),
            text("entity_id", &ids),
            text("quote", quotes),
        ]
    };
    let old = table(
        &[Some("1"), Some("2"), Some("10")],
        &[Some("p"), Some("q"), Some("r")],
    );
    let new = table(
        &[Some("1"), Some("2"), Some("10")],
        &[Some("p"), Some("Q"), Some("r")],
    );
    let key: &[&str] = &["entity_id", "seq"];
    // The rows are sorted by (entity_id, seq) with seq compared as a number: 2 before 10.
    output(
        &dir.path().join("old"),
        "0.1.0",
        "T",
        &[("mentions", key, old)],
    );
    output(
        &dir.path().join("new"),
        "0.1.0",
        "T",
        &[("mentions", key, new)],
    );
    let (report, _) = diff_json(dir.path(), &[]);
    let table = &report["tables"][0];
    assert_eq!(table["primary_key"], json!(["entity_id", "seq"]));
    assert_eq!(
        table["changed"],
        json!([{"key": {"entity_id": "x", "seq": 2}, "changes": {"quote": {"old": "q", "new": "Q"}}}])
    );
    assert_eq!(table["added"], json!([]));
    assert_eq!(table["removed"], json!([]));
}

#[test]
fn a_changed_key_is_a_removal_and_an_addition() {
    let dir = tempfile::tempdir().unwrap();
    output(
        &dir.path().join("old"),
        "1.0.0",
        "T",
        &[("events", &["id"], events(&["old-id"], &["S"]))],
    );
    output(
        &dir.path().join("new"),
        "1.0.0",
        "T",
        &[("events", &["id"], events(&["new-id"], &["S"]))],
    );
    let (report, _) = diff_json(dir.path(), &[]);
    let table = &report["tables"][0];
    assert_eq!(table["removed"][0]["key"], json!({"id": "old-id"}));
    assert_eq!(table["added"][0]["key"], json!({"id": "new-id"}));
    assert_eq!(table["changed"], json!([]));
}

#[test]
fn columns_added_are_minor_and_columns_removed_are_major() {
    let dir = tempfile::tempdir().unwrap();
    let narrow = || events(&["a"], &["A"]);
    let mut wide = narrow();
    wide.push(text("status", &[Some("occurred")]));
    output(
        &dir.path().join("old"),
        "1.4.2",
        "T",
        &[("events", &["id"], narrow())],
    );
    output(
        &dir.path().join("new"),
        "1.4.2",
        "T",
        &[("events", &["id"], wide)],
    );
    let (report, stderr) = diff_json(dir.path(), &[]);
    assert_eq!(
        report["tables"][0]["schema_changes"],
        json!(["column `status` added"])
    );
    assert_eq!(report["tables"][0]["changed"], json!([]));
    assert!(stderr.contains("suggested version bump: minor"), "{stderr}");
    assert!(stderr.contains("1.4.2 → 1.5.0"), "{stderr}");
    let (_, text, _) = diff(dir.path(), &["--exit-code"]);
    assert!(
        text.contains("schema changes:\n  events: column `status` added\n"),
        "{text}"
    );
    std::fs::rename(dir.path().join("old"), dir.path().join("tmp")).unwrap();
    std::fs::rename(dir.path().join("new"), dir.path().join("old")).unwrap();
    std::fs::rename(dir.path().join("tmp"), dir.path().join("new")).unwrap();
    let (report, stderr) = diff_json(dir.path(), &[]);
    assert_eq!(
        report["tables"][0]["schema_changes"],
        json!(["column `status` removed"])
    );
    assert!(stderr.contains("suggested version bump: major"), "{stderr}");
}

#[test]
fn identical_outputs_differ_in_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        output(
            &dir.path().join(side),
            "0.3.0",
            "T",
            &[("events", &["id"], events(&["a"], &["A"]))],
        );
    }
    let (code, text, stderr) = diff(dir.path(), &["--exit-code", "--stat"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        text.contains("suggested version bump: none (nothing differs)"),
        "{text}"
    );
    let (report, _) = diff_json(dir.path(), &[]);
    let table = &report["tables"][0];
    for list in ["schema_changes", "added", "removed", "changed"] {
        assert_eq!(table[list], json!([]), "{list}");
    }
}

#[test]
fn the_suggested_bump_follows_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    let one = || events(&["a"], &["A"]);
    // Only the metadata: a patch.
    output(&old, "0.1.0", "Title", &[("events", &["id"], one())]);
    output(&new, "0.1.0", "Better title", &[("events", &["id"], one())]);
    let (code, text, _) = diff(dir.path(), &["--stat", "--exit-code"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("bump: patch (only metadata differs): 0.1.0 → 0.1.1"),
        "{text}"
    );
    // Records added only: a minor bump, which is the patch number under 0.x.
    output(
        &new,
        "0.1.1",
        "Title",
        &[("events", &["id"], events(&["a", "b"], &["A", "B"]))],
    );
    let (_, text, _) = diff(dir.path(), &["--stat"]);
    assert!(
        text.contains(
            "bump: minor (records or columns were only added): 0.1.0 → 0.1.1 (as NEW does 0.1.1)"
        ),
        "{text}"
    );
    // A record removed: major, the minor number under 0.x.
    output(
        &new,
        "0.1.1",
        "Title",
        &[("events", &["id"], events(&["b"], &["B"]))],
    );
    let (_, text, _) = diff(dir.path(), &["--stat"]);
    assert!(text.contains("bump: major"), "{text}");
    assert!(text.contains("0.1.0 → 0.2.0 (NEW has 0.1.1)"), "{text}");
}

#[test]
fn table_stat_and_md_select_and_shape_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let two = |summary: &'static str| {
        vec![
            ("events", &["id"][..], events(&["a"], &[summary])),
            ("sources", &["id"][..], events(&["s"], &["S"])),
        ]
    };
    output(&dir.path().join("old"), "1.0.0", "T", &two("A"));
    output(&dir.path().join("new"), "1.0.0", "T", &two("A2"));
    let (report, _) = diff_json(dir.path(), &["--table", "sources"]);
    assert_eq!(report["tables"].as_array().unwrap().len(), 1);
    assert_eq!(report["tables"][0]["name"], "sources");
    let (code, _, stderr) = diff(dir.path(), &["--table", "nope"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no table `nope`"), "{stderr}");
    let (_, stat, _) = diff(dir.path(), &["--stat"]);
    assert!(!stat.contains("~ id"), "{stat}");
    let (_, md, _) = diff(dir.path(), &["--format", "md"]);
    assert!(md.starts_with("| table | rows before |"), "{md}");
    assert!(md.contains("| `events` | 1 | 1 | 0 | 0 | 1 | 1 |"), "{md}");
    assert!(
        md.contains("### `events`\n\n- changed `id=\"a\"`: `summary`: \"A\" → \"A2\"\n"),
        "{md}"
    );
    let (code, _, _) = diff(dir.path(), &["--stat", "--format", "json"]);
    assert_eq!(code, Some(2));
}

#[test]
fn an_unsorted_file_or_a_folder_without_a_package_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    output(
        &dir.path().join("old"),
        "1.0.0",
        "T",
        &[("events", &["id"], events(&["b", "a"], &["B", "A"]))],
    );
    output(
        &dir.path().join("new"),
        "1.0.0",
        "T",
        &[("events", &["id"], events(&["a"], &["A"]))],
    );
    let (code, _, stderr) = diff(dir.path(), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("row 2 is not after the row before it"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join("new/datapackage.json")).unwrap();
    let (code, _, stderr) = diff(dir.path(), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("datapackage.json"), "{stderr}");
}

#[test]
fn two_builds_differ_in_the_edited_record_only() {
    let dir = mini();
    let build = |out: &str| {
        let run = seedtool(dir.path())
            .args(["build", "--quiet", "--out", out])
            .output()
            .unwrap();
        common::assert_success(&run);
    };
    build("old");
    let records = dir.path().join("seeds/edm/records.json");
    let edited = std::fs::read_to_string(&records)
        .unwrap()
        .replace("Legislators updated", "Deputies updated");
    std::fs::write(&records, edited).unwrap();
    build("new");
    let (report, stderr) = diff_json(dir.path(), &[]);
    let changed: Vec<(&str, &Value)> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t["changed"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |c| (t["name"].as_str().unwrap(), c))
        })
        .collect();
    assert_eq!(changed.len(), 1, "{report}");
    assert_eq!(changed[0].0, "events");
    let summary = &changed[0].1["changes"]["summary"];
    assert_eq!(summary["new"], "Deputies updated the anti-terror statute.");
    for table in report["tables"].as_array().unwrap() {
        assert_eq!(table["added"], json!([]));
        assert_eq!(table["removed"], json!([]));
    }
    assert!(stderr.contains("bump: major"), "{stderr}");
}
