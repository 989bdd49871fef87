//! `synth` end to end: both layouts build, and to the same tables.

mod common;

use std::fs::File;
use std::path::Path;

use arrow_array::{Array, RecordBatch, StringArray};
use common::seedtool;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use tajik_ct_dataset::export::{Layout, formats};
use tajik_ct_dataset::tables::registry::specs;

const RECORDS: &str = "1000";

fn run(dir: &Path, args: &[&str]) {
    let out = seedtool(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "seedtool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The json layout's `path` of an article text, as the jsonl layout writes it:
/// `seeds/a000007/article.txt` → `seeds/shard-0000/texts/a000007.txt` (100 articles per shard).
fn as_jsonl_path(path: &str) -> String {
    let article = path
        .strip_prefix("seeds/")
        .and_then(|p| p.strip_suffix("/article.txt"))
        .unwrap_or_else(|| panic!("unexpected path {path}"));
    let n: usize = article[1..].parse().unwrap();
    format!("seeds/shard-{:04}/texts/{article}.txt", n / 100)
}

/// The rows of a CSV file; in `column`, the json layout's paths rewritten to the jsonl ones.
fn csv_rows(path: &Path, column: Option<usize>) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut rows = vec![
        reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect(),
    ];
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        if let Some(c) = column
            && !row[c].is_empty()
        {
            row[c] = as_jsonl_path(&row[c]);
        }
        rows.push(row);
    }
    rows
}

/// Every batch of a Parquet file, read with arrow.
fn parquet_batches(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// `synth --layout jsonl` writes a seeds folder that `build` accepts, and the json and jsonl
/// layouts of the same N build to the same tables.
///
/// The two layouts hold the same records and texts, except that each article's text lives at
/// `aNNNNNN/article.txt` in one and `shard-NNNN/texts/aNNNNNN.txt` in the other, and the
/// `sources` table publishes that path. So every table but `sources` must be byte-identical in
/// every format's folder; `sources` is compared by content instead: its CSV row by row,
/// and its Parquet column by column read with arrow, with every column equal as written except
/// `path`, which must equal the json layout's path rewritten to the shard one (and so proves the
/// jsonl layout points at the right text). `CODEBOOK.md` (an example path) and `SHA256SUMS`
/// differ for the same reason and are not compared.
#[test]
fn jsonl_layout_builds_to_the_same_tables_as_the_json_layout() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    run(root, &["synth", "--records", RECORDS, "--out", "json"]);
    run(
        root,
        &[
            "synth",
            "--layout",
            "jsonl",
            "--records",
            RECORDS,
            "--out",
            "jsonl",
        ],
    );
    assert!(root.join("jsonl/shard-0000/events.jsonl").is_file());
    assert!(root.join("jsonl/shard-0000/texts/a000009.txt").is_file());
    assert!(!root.join("jsonl/a000000").exists());
    run(
        root,
        &["build", "--quiet", "--seeds", "json", "--out", "dist-json"],
    );
    run(
        root,
        &[
            "build",
            "--quiet",
            "--seeds",
            "jsonl",
            "--out",
            "dist-jsonl",
        ],
    );

    let (json, jsonl) = (root.join("dist-json"), root.join("dist-jsonl"));
    let mut compared = 0;
    let per_table: Vec<_> = formats()
        .into_iter()
        .filter(|f| f.layout() == Layout::FilePerTable)
        .collect();
    for format in &per_table {
        let format = format.folder();
        for entry in std::fs::read_dir(json.join(format)).unwrap() {
            let name = entry.unwrap().file_name();
            if name.to_string_lossy().starts_with("sources.") {
                continue;
            }
            let (from_json, from_jsonl) = (
                json.join(format).join(&name),
                jsonl.join(format).join(&name),
            );
            assert!(
                std::fs::read(&from_json).unwrap() == std::fs::read(&from_jsonl).unwrap(),
                "{} and {} differ",
                from_json.display(),
                from_jsonl.display()
            );
            compared += 1;
        }
    }
    let (tables, formats) = (specs().unwrap().len() - 1, per_table.len());
    assert_eq!(
        compared,
        tables * formats,
        "{tables} tables in {formats} formats"
    );

    sources_differ_only_by_path(&json, &jsonl);
}

/// The `sources` tables of the two layouts hold the same values but for `path`, which points at
/// each layout's own copy of the text.
fn sources_differ_only_by_path(json: &Path, jsonl: &Path) {
    let header = csv_rows(&jsonl.join("csv/sources.csv"), None);
    let path = header[0].iter().position(|c| c == "path").unwrap();
    assert_eq!(
        csv_rows(&json.join("csv/sources.csv"), Some(path)),
        csv_rows(&jsonl.join("csv/sources.csv"), None)
    );
    assert!(header.len() > 10, "one row per article and outlet");

    let (xs, ys) = (
        parquet_batches(&json.join("parquet/sources.parquet")),
        parquet_batches(&jsonl.join("parquet/sources.parquet")),
    );
    assert_eq!(xs.len(), ys.len());
    for (x, y) in xs.iter().zip(&ys) {
        assert_eq!(x.schema(), y.schema());
        let path = x.schema().index_of("path").unwrap();
        for c in (0..x.num_columns()).filter(|&c| c != path) {
            assert_eq!(x.column(c).as_ref(), y.column(c).as_ref(), "column {c}");
        }
        let rewritten: StringArray = x
            .column(path)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .iter()
            .map(|p| p.map(as_jsonl_path))
            .collect();
        let shard = y.column(path);
        assert_eq!(
            shard.as_any().downcast_ref::<StringArray>(),
            Some(&rewritten)
        );
    }
}
