//! `--rows-per-file`: a table of more rows is a folder of parts in every per-table format (named
//! and counted as the rows say), listed part by part in `SHA256SUMS`, the data package and
//! Croissant; byte-reproducible; a bad value refused; a tampered part caught by `check`; and
//! `diff` reading partitioned outputs as the same rows as single files.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_success, seedtool, snapshot_dir};
use serde_json::Value;

/// The shipped seeds folder.
fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Builds the shipped seeds into `dir/out` with `args`.
fn build(dir: &Path, out: &str, args: &[&str]) -> std::process::Output {
    seedtool(dir)
        .args(["build", "--quiet", "--out", out, "--seeds"])
        .arg(seeds())
        .args(args)
        .output()
        .unwrap()
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

#[test]
fn tables_of_more_rows_than_a_file_holds_are_folders_of_parts() {
    let dir = tempfile::tempdir().unwrap();
    assert_success(&build(dir.path(), "parts", &["--rows-per-file", "20"]));
    let out = dir.path().join("parts");
    // `evidence` has 97 rows in the shipped seeds: five parts, 20 rows each and 17 in the last.
    let single = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/csv/evidence.csv"),
    )
    .unwrap();
    let rows = single.lines().count() - 1;
    let parts = rows.div_ceil(20);
    assert!(parts > 1, "evidence holds {rows} rows");
    assert!(!out.join("csv/evidence.csv").exists());
    for format in ["csv", "json", "ndjson", "parquet"] {
        let folder = out.join(format).join("evidence");
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let want: Vec<String> = (0..parts)
            .map(|i| format!("part-{i:05}.{format}"))
            .collect();
        assert_eq!(names, want, "{format}");
    }
    // Each CSV part is a whole file with its header; the rows add up, in key order.
    let header = single.lines().next().unwrap();
    let mut joined = vec![header.to_owned()];
    for i in 0..parts {
        let part =
            std::fs::read_to_string(out.join(format!("csv/evidence/part-{i:05}.csv"))).unwrap();
        let mut part_lines = part.lines();
        assert_eq!(part_lines.next(), Some(header));
        let body: Vec<&str> = part_lines.collect();
        assert_eq!(
            body.len(),
            if i + 1 < parts {
                20
            } else {
                rows - 20 * (parts - 1)
            }
        );
        joined.extend(body.into_iter().map(str::to_owned));
    }
    assert_eq!(
        joined.join("\n"),
        single.lines().collect::<Vec<_>>().join("\n")
    );
    // A small table stays one file; SQLite stays one database.
    assert!(out.join("csv/sources.csv").exists());
    assert_eq!(lines(&out.join("ndjson/evidence/part-00000.ndjson")), 20);
    assert!(std::fs::read_dir(out.join("sqlite")).unwrap().count() >= 1);
    // Every part is in SHA256SUMS, the data package and (by its glob) Croissant.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "evidence")
        .unwrap();
    let paths = resource["path"].as_array().unwrap();
    assert_eq!(paths.len(), parts);
    for path in paths {
        assert!(
            sums.contains(&format!("  {}\n", path.as_str().unwrap())),
            "{path}"
        );
    }
    let croissant: Value =
        serde_json::from_slice(&std::fs::read(out.join("croissant.json")).unwrap()).unwrap();
    let set = croissant["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["@id"] == "parquet/evidence")
        .unwrap();
    assert_eq!(set["@type"], "cr:FileSet");
    assert_eq!(set["includes"], "parquet/evidence/*.parquet");
    let codebook = std::fs::read_to_string(out.join("CODEBOOK.md")).unwrap();
    assert!(
        codebook.contains(&format!("partitioned: {parts} parts of at most 20 rows")),
        "{codebook}"
    );
}

#[test]
fn parts_are_byte_reproducible_and_diff_reads_them_as_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    assert_success(&build(dir.path(), "a", &["--rows-per-file", "7"]));
    assert_success(&build(dir.path(), "b", &["--rows-per-file", "7"]));
    assert_success(&build(dir.path(), "one", &[]));
    let files = |name: &str| -> Vec<(PathBuf, Vec<u8>)> {
        let root = dir.path().join(name);
        snapshot_dir(&root)
            .into_iter()
            .map(|(path, bytes)| (path.strip_prefix(&root).unwrap().to_path_buf(), bytes))
            .collect()
    };
    let (a, b) = (files("a"), files("b"));
    assert!(a.len() > 100, "{} files", a.len());
    assert!(a == b, "two builds with the same --rows-per-file differ");
    for (old, new) in [("a", "b"), ("a", "one"), ("one", "a")] {
        let out = seedtool(dir.path())
            .args(["diff", old, new, "--exit-code", "--format", "json"])
            .output()
            .unwrap();
        assert_success(&out);
    }
}

#[test]
fn zero_rows_per_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), "out", &["--rows-per-file", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--rows-per-file must be at least 1"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn sha256sums_lists_each_part_so_that_a_tampered_one_is_found() {
    let dir = tempfile::tempdir().unwrap();
    assert_success(&build(dir.path(), "out", &["--rows-per-file", "20"]));
    let out = dir.path().join("out");
    let part = out.join("csv/evidence/part-00001.csv");
    let mut bytes = std::fs::read(&part).unwrap();
    let at = bytes.len() - 3;
    bytes[at] ^= 1;
    std::fs::write(&part, bytes).unwrap();
    // The checksums name the tampered part, as `sha256sum --check` would.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    let listed = sums
        .lines()
        .find(|l| l.ends_with("  csv/evidence/part-00001.csv"))
        .unwrap();
    let actual = tajik_ct_dataset::hash::sha256_hex(&std::fs::read(&part).unwrap());
    assert_ne!(&listed[..64], actual);
}

#[test]
fn export_writes_parts_through_the_same_pipeline() {
    let fixture = common::fixtures().join("generic/orders");
    let dir = tempfile::tempdir().unwrap();
    let export = |out: &str, rows: &str| {
        seedtool(dir.path())
            .args(["export", "--quiet", "--key", "order_id", "--out", out])
            .arg("--schema")
            .arg(fixture.join("orders.schema.json"))
            .arg("--input")
            .arg(fixture.join("orders.jsonl"))
            .args(["--rows-per-file", rows])
            .output()
            .unwrap()
    };
    assert_success(&export("out", "2"));
    let out = dir.path().join("out");
    for rel in [
        "parquet/orders/part-00000.parquet",
        "csv/orders/part-00001.csv",
    ] {
        assert!(out.join(rel).exists(), "{rel}");
    }
    assert!(!out.join("csv/orders.csv").exists());
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    let orders = &package["resources"][0];
    assert_eq!(orders["path"].as_array().map(Vec::len), Some(2), "{orders}");
    let refused = export("zero", "0");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--rows-per-file must be at least 1")
    );
}
