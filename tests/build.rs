//! `build` and `check` end to end: the files written, reproducibility, atomicity, staleness, and
//! a second article added with files alone.

mod common;

use common::{copy_dir, fixtures, mini, mini_with, seedtool, snapshot_dir};
use serde_json::Value;
use tajik_ct_dataset::export::{Layout, format_files, formats};

/// The published tables, as the registry lists them.
fn tables() -> Vec<&'static str> {
    let specs = tajik_ct_dataset::tables::registry::specs().unwrap();
    specs.iter().map(|s| s.name.as_str()).collect()
}

/// The dataset's name, which names the files holding every table.
/// (that of the `mini` fixture).
const NAME: &str = "mini-fixture";

/// Every table file of every format, and the files written beside them (the Datasette
/// metadata).
fn table_files() -> Vec<String> {
    let mut files = Vec::new();
    for format in formats() {
        files.extend(
            format_files(format.as_ref(), &tables(), NAME)
                .into_iter()
                .map(|(rel, _)| rel),
        );
        if format.layout() == Layout::OneFile {
            files.push(format!("{}/metadata.json", format.folder()));
        }
    }
    files
}

/// The article texts published beside the tables, one per source with a text.
const SOURCE_FILES: [&str; 1] = ["sources/edm.txt"];

/// The files beside the tables that `SHA256SUMS` lists.
const PACKAGE_FILES: [&str; 5] = [
    "datapackage.json",
    "CODEBOOK.md",
    "croissant.json",
    "README.md",
    "explorer.html",
];

fn build(dir: &std::path::Path, out: &str) -> std::process::Output {
    seedtool(dir)
        .args(["build", "--out", out])
        .output()
        .unwrap()
}

#[test]
fn build_writes_every_table_in_every_format_with_package_codebook_and_sums() {
    let dir = mini();
    let out = build(dir.path(), "dist");
    common::assert_success(&out);
    let dist = dir.path().join("dist");
    for rel in table_files() {
        let path = dist.join(rel);
        assert!(path.is_file(), "{} missing", path.display());
    }
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    assert_eq!(
        sums.lines().count(),
        table_files().len() + PACKAGE_FILES.len() + SOURCE_FILES.len(),
        "{sums}"
    );
    for file in PACKAGE_FILES {
        assert!(
            sums.contains(&format!("  {file}\n")),
            "{file} not in {sums}"
        );
    }
    for line in sums.lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(dist.join(path)).unwrap();
        assert_eq!(hash, tajik_ct_dataset::hash::sha256_hex(&bytes), "{path}");
    }
    let package: Value =
        serde_json::from_slice(&std::fs::read(dist.join("datapackage.json")).unwrap()).unwrap();
    let listed = formats().iter().filter(|f| f.listing().is_some()).count();
    let databases = formats()
        .iter()
        .filter(|f| f.layout() == Layout::OneFile)
        .count();
    assert_eq!(
        package["resources"].as_array().unwrap().len(),
        tables().len() * listed + databases
    );
    let codebook = std::fs::read_to_string(dist.join("CODEBOOK.md")).unwrap();
    for table in tables() {
        assert!(
            codebook.contains(&format!("\n## {table}\n")),
            "codebook lacks {table}"
        );
    }
}

#[test]
fn csv_has_a_header_no_bom_and_crlf_records() {
    let dir = mini();
    assert!(build(dir.path(), "dist").status.success());
    let csv = std::fs::read(dir.path().join("dist/csv/evidence.csv")).unwrap();
    assert!(!csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with(
        "record_table,record_id,seq,source_id,quote,char_start,char_end,byte_start,byte_end\r\n"
    ));
}

#[test]
fn evidence_offsets_slice_the_source_text_in_code_points() {
    let dir = mini();
    assert!(build(dir.path(), "dist").status.success());
    let rows: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/json/evidence.json")).unwrap())
            .unwrap();
    let text = std::fs::read_to_string(dir.path().join("seeds/edm/article.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    assert!(!rows.is_empty());
    for row in rows {
        let (start, end) = (
            row["char_start"]
                .as_u64()
                .map(usize::try_from)
                .unwrap()
                .unwrap(),
            row["char_end"]
                .as_u64()
                .map(usize::try_from)
                .unwrap()
                .unwrap(),
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, row["quote"].as_str().unwrap());
        let (bs, be) = (
            row["byte_start"]
                .as_u64()
                .map(usize::try_from)
                .unwrap()
                .unwrap(),
            row["byte_end"]
                .as_u64()
                .map(usize::try_from)
                .unwrap()
                .unwrap(),
        );
        assert_eq!(&text[bs..be], row["quote"].as_str().unwrap());
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = mini();
    assert!(build(dir.path(), "one").status.success());
    assert!(build(dir.path(), "two").status.success());
    let strip = |root: &str| -> Vec<(String, Vec<u8>)> {
        let base = dir.path().join(root);
        snapshot_dir(&base)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&base).unwrap().display().to_string(), b))
            .collect()
    };
    let (one, two) = (strip("one"), strip("two"));
    // The package's files and SHA256SUMS.
    assert_eq!(
        one.len(),
        table_files().len() + PACKAGE_FILES.len() + SOURCE_FILES.len() + 1
    );
    assert!(one == two, "builds differ");
}

#[test]
fn invalid_seeds_write_nothing_and_leave_the_previous_build_untouched() {
    let dir = mini();
    assert!(build(dir.path(), "dist").status.success());
    let before = snapshot_dir(&dir.path().join("dist"));
    std::fs::copy(
        fixtures().join("invalid/dangling-reference.json"),
        dir.path().join("seeds/broken.json"),
    )
    .unwrap();
    let out = build(dir.path(), "dist");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot_dir(&dir.path().join("dist")), before);
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 2, "no temporary folder is left: {entries:?}");
}

#[test]
fn invalid_seeds_create_no_output_folder() {
    let dir = mini_with("country-code.json");
    let out = build(dir.path(), "dist");
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn an_unwritable_output_is_an_io_error() {
    let dir = mini();
    std::fs::write(dir.path().join("file"), "not a folder").unwrap();
    let out = build(dir.path(), "file/dist");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("file"));
}

#[test]
fn check_fails_after_a_seed_edit_and_passes_after_build() {
    let dir = mini();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema"),
        &dir.path().join("schema"),
    );
    assert!(build(dir.path(), "dist").status.success());
    let citation = seedtool(dir.path()).arg("citation").output().unwrap();
    assert!(citation.status.success());
    let check = || seedtool(dir.path()).arg("check").output().unwrap();
    assert_eq!(check().status.code(), Some(0));
    let records = dir.path().join("seeds/edm/records.json");
    let edited = std::fs::read_to_string(&records)
        .unwrap()
        .replace("Legislators updated", "Deputies updated");
    std::fs::write(&records, edited).unwrap();
    let stale = check();
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("dist/csv/events.csv differs"), "{stderr}");
    assert!(stderr.contains("dist/SHA256SUMS differs"), "{stderr}");
    assert!(!stderr.contains("entities.csv"), "{stderr}");
    assert!(build(dir.path(), "dist").status.success());
    assert_eq!(check().status.code(), Some(0));
}

#[test]
fn a_second_article_is_added_with_files_alone() {
    let dir = mini();
    copy_dir(
        &fixtures().join("second-article"),
        &dir.path().join("seeds"),
    );
    let out = build(dir.path(), "dist");
    common::assert_success(&out);
    let sources: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/json/sources.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = sources.iter().filter_map(|s| s["path"].as_str()).collect();
    assert_eq!(
        paths,
        ["seeds/edm/article.txt", "seeds/edm-excerpt/excerpt.txt"]
    );
    let evidence = std::fs::read_to_string(dir.path().join("dist/csv/evidence.csv")).unwrap();
    assert!(
        evidence.contains(
            ",edm-excerpt,demand an end to the corruption within Tajik security agencies,"
        ),
        "{evidence}"
    );
}

#[test]
fn formats_chosen_are_the_only_ones_written_and_described() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["build", "--out", "some", "--formats", "parquet,sqlite"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let some = dir.path().join("some");
    let mut folders: Vec<String> = std::fs::read_dir(&some)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    // The article texts are published whatever the formats.
    assert_eq!(folders, ["parquet", "sources", "sqlite"]);
    // The explorer page is made from the JSON tables, which were not written.
    assert!(!some.join("explorer.html").exists());
    let sums = std::fs::read_to_string(some.join("SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let path = &line[66..];
        assert!(
            !path.starts_with("json/") && !path.starts_with("csv/") && !path.starts_with("ndjson/"),
            "{path} is listed"
        );
    }
    assert!(
        sums.contains(&format!("  sqlite/{NAME}.sqlite\n")),
        "{sums}"
    );
    let package: Value =
        serde_json::from_slice(&std::fs::read(some.join("datapackage.json")).unwrap()).unwrap();
    let formats: std::collections::BTreeSet<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats.into_iter().collect::<Vec<_>>(),
        ["parquet", "sqlite"]
    );
    let codebook = std::fs::read_to_string(some.join("CODEBOOK.md")).unwrap();
    assert!(codebook.contains("published twice"), "{codebook}");
    assert!(!codebook.contains("csv/<table>.csv"));
    let croissant = std::fs::read_to_string(some.join("croissant.json")).unwrap();
    assert!(croissant.contains(&format!("sqlite/{NAME}.sqlite")));
    assert!(!croissant.contains("csv/"));
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_known_ones() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["build", "--out", "some", "--formats", "parquet,xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown format `xlsx`"), "{stderr}");
    assert!(
        stderr.contains("json, csv, parquet, ndjson, sqlite"),
        "{stderr}"
    );
    assert!(!dir.path().join("some").exists());
}

#[test]
fn the_database_holds_every_table_and_the_same_bytes_each_build() {
    let dir = mini();
    for out in ["one", "two"] {
        let built = seedtool(dir.path())
            .args(["build", "--out", out, "--formats", "sqlite"])
            .output()
            .unwrap();
        common::assert_success(&built);
    }
    let path = |out: &str| dir.path().join(out).join(format!("sqlite/{NAME}.sqlite"));
    assert_eq!(
        std::fs::read(path("one")).unwrap(),
        std::fs::read(path("two")).unwrap()
    );
    // The data package lists the database alone, as a file, in a plain data package.
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("one/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["profile"], "data-package");
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0]["path"], format!("sqlite/{NAME}.sqlite"));
    assert!(!dir.path().join("one/croissant.json").exists());
}
