//! Parquet data pages stay small: every column of every open table holds a page in memory
//! while it fills, and a zstd context sized for it, so the page size bounds a build's memory.

mod common;

use std::fmt::Write as _;

use parquet::column::page::Page;
use parquet::file::reader::{FileReader, SerializedFileReader};

/// The most bytes of values in one data page before compression: the writer's limit (128 KiB)
/// plus the one batch of rows (1024 here, of about 90 bytes) it may add before it checks.
const MOST: usize = (128 << 10) + 1024 * 100;

#[test]
fn parquet_data_pages_stay_small_on_a_long_text_column() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type":"object","properties":{"id":{"type":"integer"},"text":{"type":"string"}},"required":["id","text"]}"#;
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    // 20,000 rows of about 80 bytes: 1.5 MB of text in one column, ten pages of 128 KiB or so
    // (two of about 1 MiB with the default page size).
    let mut records = String::new();
    for i in 0..20_000 {
        let text = format!("{i:06} {}", "a varied enough sentence of text ".repeat(2));
        writeln!(records, r#"{{"id":{i},"text":"{text}"}}"#).unwrap();
    }
    std::fs::write(dir.path().join("r.jsonl"), records).unwrap();
    let out = common::export_of(dir.path(), "r.jsonl")
        .args(["--out", "out", "--name", "pages", "--formats", "parquet"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let file = std::fs::File::open(dir.path().join("out/parquet/pages.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let mut sizes = Vec::new();
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).unwrap();
        let mut pages = group.get_column_page_reader(1).unwrap();
        while let Some(page) = pages.get_next_page().unwrap() {
            if matches!(page, Page::DataPage { .. } | Page::DataPageV2 { .. }) {
                sizes.push(page.buffer().len());
            }
        }
    }
    assert!(sizes.len() >= 8, "pages: {sizes:?}");
    assert!(
        sizes.iter().all(|&s| s <= MOST),
        "a page larger than {MOST} bytes: {sizes:?}"
    );
}
