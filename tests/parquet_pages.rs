//! Parquet data pages and row groups stay small: every column of every open table holds a page
//! in memory while it fills, and a zstd context sized for it, and every open table the encoded
//! pages of its row group in progress, so page and row-group sizes bound a build's memory.

mod common;

use std::fmt::Write as _;

use parquet::column::page::Page;
use parquet::file::reader::{FileReader, SerializedFileReader};

/// The most bytes of values in one data page before compression: the writer's limit (128 KiB)
/// plus the one batch of rows (1024 here, of about 90 bytes) it may add before it checks.
const MOST: usize = (128 << 10) + 1024 * 100;

/// Letters of six random bits each, which zstd cannot shrink much.
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.";

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

#[test]
fn a_row_group_of_wide_rows_is_written_out_before_it_holds_the_rows_it_may() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type":"object","properties":{"id":{"type":"integer"},"text":{"type":"string"}},"required":["id","text"]}"#;
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    // 3,000 rows of 12 KB of text zstd cannot shrink much (six random bits a letter): 36 MB,
    // far under 131,072 rows, but more than a row group of 16 MiB held in memory.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut records = String::new();
    for i in 0..3000 {
        let mut text = String::with_capacity(12_000);
        while text.len() < 12_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let letter = |k: u32| LETTERS[usize::try_from((state >> (6 * k)) & 63).unwrap()];
            text.extend((0..10).map(|k| char::from(letter(k))));
        }
        writeln!(records, r#"{{"id":{i},"text":"x{text}"}}"#).unwrap();
    }
    std::fs::write(dir.path().join("r.jsonl"), records).unwrap();
    let out = common::export_of(dir.path(), "r.jsonl")
        .args(["--out", "out", "--name", "wide", "--formats", "parquet"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let file = std::fs::File::open(dir.path().join("out/parquet/wide.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let metadata = reader.metadata();
    let groups = metadata.num_row_groups();
    assert!(groups >= 2, "one row group of all 3,000 rows");
    let rows: i64 = metadata
        .row_groups()
        .iter()
        .map(parquet::file::metadata::RowGroupMetaData::num_rows)
        .sum();
    assert_eq!(rows, 3000);
    for g in metadata.row_groups() {
        assert!(
            g.compressed_size() <= 24 << 20,
            "a row group of {} bytes",
            g.compressed_size()
        );
    }
}

#[test]
fn a_huge_value_is_written_in_a_row_group_of_its_own_without_the_copies_of_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type":"object","properties":{"id":{"type":"integer"},"text":{"type":"string"}},"required":["id","text"]}"#;
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    // A text of 2 MiB (1 MiB or more is huge) between two ordinary rows.
    let huge = "h".repeat(2 << 20);
    let records = format!(
        "{{\"id\":1,\"text\":\"a\"}}\n{{\"id\":2,\"text\":\"{huge}\"}}\n{{\"id\":3,\"text\":\"b\"}}\n"
    );
    std::fs::write(dir.path().join("r.jsonl"), records).unwrap();
    let out = common::export_of(dir.path(), "r.jsonl")
        .args(["--out", "out", "--name", "huge", "--formats", "parquet"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let path = dir.path().join("out/parquet/huge.parquet");
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let groups = reader.metadata().row_groups();
    let rows: Vec<i64> = groups
        .iter()
        .map(parquet::file::metadata::RowGroupMetaData::num_rows)
        .collect();
    assert_eq!(
        rows,
        [1, 1, 1],
        "the huge row alone in the middle row group"
    );
    // Its text column has no statistics (the crate would copy the value twice for them), the
    // others keep theirs; its page is a version 2 data page (compressed from the values).
    let has_statistics: Vec<[bool; 2]> = groups
        .iter()
        .map(|g| [0, 1].map(|c| g.column(c).statistics().is_some()))
        .collect();
    assert_eq!(has_statistics, [[true, true], [true, false], [true, true]]);
    let group = reader.get_row_group(1).unwrap();
    let mut pages = group.get_column_page_reader(1).unwrap();
    let page = pages.get_next_page().unwrap().unwrap();
    assert!(
        matches!(page, Page::DataPageV2 { .. }),
        "{:?}",
        page.page_type()
    );
    // Every value reads back.
    let file = bytes::Bytes::from(std::fs::read(&path).unwrap());
    let batches: Vec<_> =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let mut texts: Vec<String> = Vec::new();
    for batch in &batches {
        let column = batch.column(1).as_any();
        let column = column.downcast_ref::<arrow_array::StringArray>().unwrap();
        texts.extend(column.iter().map(|v| v.unwrap().to_owned()));
    }
    assert_eq!(texts, ["a".to_owned(), huge, "b".to_owned()]);
}
