//! Generic mode: any record schema, `.json` or `.jsonl` input, validated first, then one table
//! in every format, typed from the schema.

mod common;

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_schema::{DataType, TimeUnit};
use common::{fixtures, seedtool, snapshot_dir};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn export(dir: &Path, input: &str, schema: &str) -> std::process::Output {
    let generic = fixtures().join("generic");
    seedtool(dir)
        .args(["export", "--quiet", "--schema"])
        .arg(generic.join(schema))
        .arg("--input")
        .arg(generic.join(input))
        .args(["--out", "out", "--name", "flights", "--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn records_become_one_typed_table_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "flights.jsonl", "flights.schema.json");
    common::assert_success(&out);
    let csv = std::fs::read_to_string(dir.path().join("out/csv/flights.csv")).unwrap();
    assert_eq!(
        csv,
        "id,when,day,status,route.from,route.to,tags,load,ok,_extra\r\n\
         1,2007-03-15T08:00:00Z,2007-03-15,flown,Baku,Dushanbe,\"[\"\"state\"\",\"\"visit\"\"]\",0.5,true,\r\n\
         2,2007-03-16T09:30:00+05:00,,planned,Dushanbe,,[],1,false,\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/json/flights.json")).unwrap())
            .unwrap();
    assert_eq!(json[0]["route.to"], "Dushanbe");
    assert_eq!(json[0]["tags"], serde_json::json!(["state", "visit"]));

    let file = std::fs::File::open(dir.path().join("out/parquet/flights.parquet")).unwrap();
    let mut reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batch = reader.next().unwrap().unwrap();
    let schema = batch.schema();
    let types: Vec<&DataType> = schema.fields().iter().map(|f| f.data_type()).collect();
    assert_eq!(types[0], &DataType::Int64);
    assert_eq!(
        types[1],
        &DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into()))
    );
    assert_eq!(types[2], &DataType::Date32);
    assert!(matches!(types[3], DataType::Dictionary(..)));
    assert!(matches!(types[6], DataType::List(_)));
    assert_eq!(types[7], &DataType::Float64);
    assert_eq!(types[8], &DataType::Boolean);
    let when = batch
        .column(1)
        .as_primitive::<arrow_array::types::TimestampMicrosecondType>();
    // 09:30 at +05:00 is 04:30 UTC.
    assert_eq!(when.value(1), 1_174_019_400_000_000);
    assert!(schema.field(2).is_nullable() && !schema.field(4).is_nullable());
}

#[test]
fn a_json_array_and_json_lines_give_the_same_table() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        export(dir.path(), "flights.jsonl", "flights.schema.json")
            .status
            .success()
    );
    let lines = snapshot_dir(&dir.path().join("out"));
    assert!(
        export(dir.path(), "flights.json", "flights.schema.json")
            .status
            .success()
    );
    let array = snapshot_dir(&dir.path().join("out"));
    assert_eq!(lines, array);
}

#[test]
fn every_invalid_record_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "invalid-records.jsonl", "flights.schema.json");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["record"].as_str().unwrap_or_default().to_owned(),
                d["pointer"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    for expected in [
        ("record 2", "/id"),
        ("record 2", "/when"),
        ("record 2", "/status"),
        ("record 2", "/route"),
    ] {
        assert!(
            found
                .iter()
                .any(|f| (f.0.as_str(), f.1.as_str()) == expected),
            "{expected:?} in {found:?}"
        );
    }
    assert!(
        found.iter().any(|f| f.0 == "record 3" && f.2 == 3),
        "{found:?}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_remote_reference_is_refused_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "flights.jsonl", "remote-ref.schema.json");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("never fetched"), "{stderr}");
}

#[test]
fn formula_like_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "formula.jsonl", "flights.schema.json");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["rule"], "spreadsheet-formula");
    assert_eq!(report["diagnostics"][0]["pointer"], "/route/from");
}

/// Runs `export` on `records` (named `input`) against `schema`, both written into `dir`.
fn export_texts(dir: &Path, input: &str, records: &str, schema: &str) -> std::process::Output {
    std::fs::write(dir.join(input), records).unwrap();
    std::fs::write(dir.join("schema.json"), schema).unwrap();
    common::export_of(dir, input)
        .args(["--out", "out", "--format", "json"])
        .output()
        .unwrap()
}

const FLAT_SCHEMA: &str = r#"{"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}, "required": ["id"], "additionalProperties": false}"#;

/// Exports `records` (named `input`) against the flat schema, which must refuse them with a
/// duplicate key (exit 1, nothing written); gives the diagnostics.
fn refused(dir: &Path, input: &str, records: &str) -> Vec<serde_json::Value> {
    let out = export_texts(dir, input, records, FLAT_SCHEMA);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("out").exists());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diagnostics[0]["rule"], "duplicate-key");
    diagnostics
}

#[test]
fn a_duplicate_key_in_a_json_lines_record_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let records = "{\"id\": \"a\", \"n\": 1}\n{\"id\": \"b\", \"n\": 2, \"id\": \"c\"}\n";
    let d = &refused(dir.path(), "r.jsonl", records)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(21))
    );
    assert_eq!(d["record"], "record 2");
    assert_eq!(d["found"], "`id` a second time; the first is at 1:2");
}

#[test]
fn a_duplicate_key_in_a_json_array_is_refused_with_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let records = "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"id\": \"c\"}\n]\n";
    let d = &refused(dir.path(), "r.json", records)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(15))
    );
    assert_eq!(d["record"], "record 2");
    assert_eq!(d["pointer"], "/1/id");
    assert_eq!(d["found"], "`id` a second time; the first is at 3:4");
}

#[test]
fn a_duplicate_key_in_the_schema_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let schema = "{\"type\": \"object\",\n \"properties\": {\"id\": {\"type\": \"string\", \"type\": \"integer\"}}}";
    let out = export_texts(dir.path(), "r.jsonl", "{\"id\": \"a\"}\n", schema);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("schema.json:2:42: duplicate key `type` in one object at /properties/id/type: `type` a second time; the first is at 2:24"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

const INT_SCHEMA: &str = r#"{"type": "object", "properties": {"id": {"type": "integer"}, "xs": {"type": "array", "items": {"type": "integer"}}}, "required": ["id"], "additionalProperties": false}"#;

#[test]
fn an_integer_written_as_a_float_is_written_as_an_integer_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_texts(
        dir.path(),
        "r.jsonl",
        "{\"id\": 1.0, \"xs\": [2.0, 3]}\n",
        INT_SCHEMA,
    );
    common::assert_success(&out);
    let json = std::fs::read_to_string(dir.path().join("out/json/r.json")).unwrap();
    assert!(json.contains(r#"{"id":1,"xs":[2,3]}"#), "{json}");
    let csv = std::fs::read_to_string(dir.path().join("out/csv/r.csv")).unwrap();
    assert_eq!(csv, "id,xs\r\n1,\"[2,3]\"\r\n");
}

#[test]
fn an_integer_beyond_64_bits_is_an_invalid_record_not_an_encoder_failure() {
    let dir = tempfile::tempdir().unwrap();
    let records = "{\"id\": 1}\n{\"id\": 9223372036854775808}\n{\"id\": 2, \"xs\": [1e300]}\n";
    let out = export_texts(dir.path(), "r.jsonl", records, INT_SCHEMA);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["pointer"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("out-of-range", "/id", 2), ("out-of-range", "/xs", 3)]
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_json_input_that_is_not_utf8_is_an_invalid_record_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.json"), b"[\n  {\"id\": \"a\xff\"}\n]\n").unwrap();
    std::fs::write(dir.path().join("schema.json"), FLAT_SCHEMA).unwrap();
    let out = common::export_of(dir.path(), "r.json")
        .args(["--out", "out", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "encoding");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(12))
    );
}

#[test]
fn a_schema_that_refers_back_to_itself_is_refused_not_a_crash() {
    for schema in [
        r##"{"properties": {"a": {"$ref": "#"}}}"##,
        r##"{"properties": {"a": {"type": "array", "items": {"$ref": "#/properties/a"}}}}"##,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = export_texts(dir.path(), "r.jsonl", "{}\n", schema);
        assert_eq!(out.status.code(), Some(2), "{schema}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("invalid JSON Schema"), "{schema}: {stderr}");
    }
    // An alternative of itself alone has no type to follow: a text column, not a crash.
    let dir = tempfile::tempdir().unwrap();
    let schema = r##"{"properties": {"a": {"oneOf": [{"$ref": "#/properties/a"}]}}}"##;
    let out = export_texts(dir.path(), "r.jsonl", "{}\n", schema);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_writes_only_the_formats_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let generic = fixtures().join("generic");
    let run = |out: &str, formats: &str| {
        seedtool(dir.path())
            .args(["export", "--quiet", "--schema"])
            .arg(generic.join("flights.schema.json"))
            .arg("--input")
            .arg(generic.join("flights.jsonl"))
            .args(["--out", out, "--name", "flights", "--formats", formats])
            .output()
            .unwrap()
    };
    let out = run("out", "csv,sqlite");
    common::assert_success(&out);
    let sums = std::fs::read_to_string(dir.path().join("out/SHA256SUMS")).unwrap();
    let mut listed: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "CODEBOOK.md",
            "csv/flights.csv",
            "datapackage.json",
            "sqlite/flights.sqlite",
            "sqlite/metadata.json"
        ]
    );
    let bad = run("bad", "tsv");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown format `tsv`"));
    assert!(!dir.path().join("bad").exists());
}
