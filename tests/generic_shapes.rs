//! Generic mode with the schema shapes people write: `oneOf`/`anyOf` with `null`, `const`,
//! bounded integers, `multipleOf` decimals (exact), `format: time` and `uuid`, maps of
//! `additionalProperties`; and what no column can hold refused with its schema path.

mod common;

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int32Type, Time64MicrosecondType};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use common::{fixtures, seedtool};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Value, json};

/// Exports the payments fixture keyed by `seq` into `dir/out`.
fn export(dir: &Path) {
    let shapes = fixtures().join("generic/shapes");
    let out = seedtool(dir)
        .args(["export", "--quiet", "--key", "seq", "--schema"])
        .arg(shapes.join("payments.schema.json"))
        .arg("--input")
        .arg(shapes.join("payments.jsonl"))
        .args(["--out", "out"])
        .output()
        .unwrap();
    common::assert_success(&out);
}

fn parquet(dir: &Path, table: &str) -> RecordBatch {
    let file = std::fs::File::open(dir.join(format!("out/parquet/{table}.parquet"))).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
}

fn json_rows(dir: &Path, table: &str) -> Vec<Value> {
    serde_json::from_slice(&std::fs::read(dir.join(format!("out/json/{table}.json"))).unwrap())
        .unwrap()
}

/// The Parquet column `name` of the payments table, its field's type and nullability.
fn column(batch: &RecordBatch, name: &str) -> (DataType, bool, arrow_array::ArrayRef) {
    let schema = batch.schema();
    let (i, field) = schema.column_with_name(name).unwrap();
    (
        field.data_type().clone(),
        field.is_nullable(),
        batch.column(i).clone(),
    )
}

#[test]
fn one_of_or_any_of_a_type_and_null_is_a_nullable_column() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    let (ty, nullable, memo) = column(&batch, "memo");
    assert_eq!((ty, nullable), (DataType::Utf8, true));
    assert_eq!(memo.as_string::<i32>().value(0), "rent");
    assert!(memo.is_null(1));
    let (ty, nullable, _) = column(&batch, "batch");
    assert_eq!((ty, nullable), (DataType::Int64, true));
}

#[test]
fn const_is_a_column() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    assert_eq!(column(&batch, "schema_version").0, DataType::Int64);
    assert!(matches!(
        column(&batch, "channel").0,
        DataType::Dictionary(..)
    ));
    let rows = json_rows(dir.path(), "payments");
    assert_eq!(
        (
            rows[0]["schema_version"].clone(),
            rows[0]["channel"].clone()
        ),
        (json!(2), json!("bank"))
    );
}

#[test]
fn integers_bounded_to_32_bits_are_int32_and_others_int64() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    let (ty, _, seq) = column(&batch, "seq");
    assert_eq!(ty, DataType::Int32);
    assert_eq!(seq.as_primitive::<Int32Type>().values(), &[1, 2, 3]);
    // `minimum: 0` alone does not bound it: 2^53 + 1 stays exact in 64 bits.
    let (ty, _, ledger) = column(&batch, "ledger");
    assert_eq!(ty, DataType::Int64);
    assert_eq!(
        ledger
            .as_primitive::<arrow_array::types::Int64Type>()
            .value(1),
        9_007_199_254_740_993
    );
}

#[test]
fn multiple_of_a_cent_is_an_exact_decimal_38_2() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    let (ty, _, amount) = column(&batch, "amount");
    assert_eq!(ty, DataType::Decimal128(38, 2));
    let amount = amount.as_primitive::<Decimal128Type>();
    assert_eq!(amount.values(), &[123_456_789_012_345, 1999, -7]);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/payments.csv")).unwrap();
    assert!(csv.contains(",1234567890123.45,"), "{csv}");
    assert!(csv.contains(",-0.07,"), "{csv}");
    assert_eq!(column(&batch, "rate").0, DataType::Float64);
}

#[test]
fn a_decimal_that_cannot_be_read_exactly_is_refused_not_rounded() {
    let dir = tempfile::tempdir().unwrap();
    let schema =
        r#"{"type": "object", "properties": {"amount": {"type": "number", "multipleOf": 0.01}}}"#;
    std::fs::write(dir.path().join("s.json"), schema).unwrap();
    std::fs::write(
        dir.path().join("r.jsonl"),
        "{\"amount\": 1.5}\n{\"amount\": 12345678901234.56}\n",
    )
    .unwrap();
    let out = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl",
        ])
        .args(["--out", "out", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "out-of-range");
    assert_eq!(
        (d["record"].clone(), d["line"].clone(), d["pointer"].clone()),
        (json!("record 2"), json!(2), json!("/amount"))
    );
    assert!(
        d["expected"]
            .as_str()
            .unwrap()
            .contains("15 significant digits, 2 after the point")
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn format_time_is_a_utc_time_of_day() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    let (ty, _, at) = column(&batch, "at");
    assert_eq!(ty, DataType::Time64(TimeUnit::Microsecond));
    // 13:45:30.5 at +05:00 is 08:45:30.5 UTC; 23:59:59 at -01:00 is 00:59:59 UTC.
    assert_eq!(
        at.as_primitive::<Time64MicrosecondType>().values(),
        &[31_530_500_000, 30_600_000_000, 3_599_000_000]
    );
    assert_eq!(
        json_rows(dir.path(), "payments")[0]["at"],
        "13:45:30.5+05:00"
    );
}

#[test]
fn format_uuid_is_a_parquet_uuid() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let batch = parquet(dir.path(), "payments");
    let schema = batch.schema();
    let field = schema.field_with_name("id").unwrap();
    assert_eq!(field.data_type(), &DataType::FixedSizeBinary(16));
    assert_eq!(field.extension_type_name(), Some("arrow.uuid"));
    let id = batch.column(0).as_fixed_size_binary();
    assert_eq!(
        id.value(0),
        &[0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1]
    );
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/datapackage.json")).unwrap())
            .unwrap();
    let csv_field = &package["resources"][0]["schema"]["fields"][0];
    assert_eq!(
        (csv_field["type"].clone(), csv_field["format"].clone()),
        (json!("string"), json!("uuid"))
    );
}

#[test]
fn a_map_of_additional_properties_is_a_child_table_of_key_value_pairs() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let rows = json_rows(dir.path(), "payments__fees");
    assert_eq!(
        rows,
        [
            json!({"seq": 2, "key": "agent", "value": 1.05}),
            json!({"seq": 2, "key": "bank", "value": 0.3}),
        ]
    );
    let batch = parquet(dir.path(), "payments__fees");
    assert_eq!(column(&batch, "value").0, DataType::Decimal128(38, 2));
    assert!(json_rows(dir.path(), "payments")[0].get("fees").is_none());
}

#[test]
fn a_union_of_types_or_a_value_of_any_type_is_a_text_column_of_json_text() {
    for property in [
        json!({"type": "object"}),
        json!({"type": "array", "items": {"type": "array", "items": {"type": "string"}}}),
        json!({"description": "anything"}),
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"type": ["integer", "string"]}),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let schema = json!({"type": "object", "properties": {"id": {"type": "string"}, "x": property}, "additionalProperties": false});
        std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
        let record = if property["type"] == "object" {
            json!({"id": "a", "x": {"k": 1}})
        } else if property["type"] == "array" {
            json!({"id": "a", "x": [["k"]]})
        } else {
            json!({"id": "a", "x": 1776})
        };
        std::fs::write(
            dir.path().join("r.jsonl"),
            format!("{record}\n{{\"id\": \"b\", \"x\": \"foo\"}}\n"),
        )
        .unwrap();
        let out = seedtool(dir.path())
            .args([
                "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl", "--out", "out",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if property["type"] == "object" || property["type"] == "array" {
            // Not a string, so only the first record is valid: refused, not written.
            assert_eq!(out.status.code(), Some(1), "{property}: {stderr}");
            continue;
        }
        assert_eq!(out.status.code(), Some(0), "{property}: {stderr}");
        let rows = json_rows(dir.path(), "r");
        assert_eq!(rows[0]["x"], "1776", "{property}");
        assert_eq!(rows[1]["x"], "foo", "{property}");
        let (ty, nullable, _) = column(&parquet(dir.path(), "r"), "x");
        assert_eq!((ty, nullable), (DataType::Utf8, true), "{property}");
    }
}

#[test]
fn every_text_format_holds_the_same_rows_and_parquet_as_many() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    for table in ["payments", "payments__fees"] {
        let json = json_rows(dir.path(), table);
        let ndjson: Vec<Value> =
            std::fs::read_to_string(dir.path().join(format!("out/ndjson/{table}.ndjson")))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
        assert_eq!(json, ndjson, "{table}");
        let mut csv =
            csv::Reader::from_path(dir.path().join(format!("out/csv/{table}.csv"))).unwrap();
        let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), json.len(), "{table}");
        for (row, record) in json.iter().zip(&rows) {
            for ((_, value), cell) in row.as_object().unwrap().iter().zip(record) {
                let text = match value {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(text, cell, "{table}");
            }
        }
        assert_eq!(parquet(dir.path(), table).num_rows(), json.len(), "{table}");
    }
}

#[test]
fn an_object_with_properties_and_typed_additional_properties_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let schema = json!({"type": "object", "properties": {"meta": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}}});
    std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
    std::fs::write(dir.path().join("r.jsonl"), "{}\n").unwrap();
    let out = seedtool(dir.path())
        .args([
            "export", "--quiet", "--schema", "s.json", "--input", "r.jsonl", "--out", "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the object at schema path `/properties/meta` has both `properties` and typed `additionalProperties`"),
        "{stderr}"
    );
}
