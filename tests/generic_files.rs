//! Records made by other tools: a byte order mark, CRLF line ends and blank lines between
//! records are read as meant, in a `.json` array and in JSON Lines alike, and a UTF-16 file is
//! refused naming its encoding; the seeds reader treats JSON Lines files the same way. A record
//! over `--max-record-size` is refused with its number and size.

mod common;

use std::path::Path;

use common::{seedtool, validate_json};
use serde_json::Value;

const SCHEMA: &str = r#"{"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}, "required": ["id"], "additionalProperties": false}"#;

/// What every file below must come out as, in NDJSON.
const EXPECTED: &str = "{\"id\":1,\"name\":\"Ann\"}\n{\"id\":2,\"name\":null}\n";

/// Exports the bytes `records`, saved as `input`, against [`SCHEMA`].
fn export(dir: &Path, input: &str, records: &[u8]) -> std::process::Output {
    std::fs::write(dir.join(input), records).unwrap();
    std::fs::write(dir.join("schema.json"), SCHEMA).unwrap();
    seedtool(dir)
        .args(["export", "--quiet", "--schema", "schema.json", "--input"])
        .arg(input)
        .args(["--out", "out", "--name", "people", "--format", "json"])
        .output()
        .unwrap()
}

/// Exports `records` as `input` and checks that both records came out whole.
fn read_as_meant(input: &str, records: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), input, records);
    common::assert_success(&out);
    let ndjson = std::fs::read_to_string(dir.path().join("out/ndjson/people.ndjson")).unwrap();
    assert_eq!(ndjson, EXPECTED, "{input}");
}

#[test]
fn a_byte_order_mark_is_skipped_in_json_and_json_lines() {
    read_as_meant(
        "r.json",
        b"\xEF\xBB\xBF[{\"id\":1,\"name\":\"Ann\"},{\"id\":2}]",
    );
    read_as_meant(
        "r.jsonl",
        b"\xEF\xBB\xBF{\"id\":1,\"name\":\"Ann\"}\n{\"id\":2}\n",
    );
    // Two exported files joined with `cat`: the second's mark begins a line.
    read_as_meant(
        "r.jsonl",
        b"\xEF\xBB\xBF{\"id\":1,\"name\":\"Ann\"}\n\xEF\xBB\xBF{\"id\":2}\n",
    );
}

#[test]
fn crlf_line_ends_are_read_in_json_and_json_lines() {
    read_as_meant(
        "r.json",
        b"[\r\n{\"id\":1,\r\n\"name\":\"Ann\"},\r\n{\"id\":2}\r\n]\r\n",
    );
    read_as_meant("r.jsonl", b"{\"id\":1,\"name\":\"Ann\"}\r\n{\"id\":2}\r\n");
}

#[test]
fn blank_lines_between_records_are_skipped_in_json_and_json_lines() {
    read_as_meant(
        "r.json",
        b"\n\n[{\"id\":1,\"name\":\"Ann\"},\n\n\n{\"id\":2}]\n\n",
    );
    read_as_meant(
        "r.jsonl",
        b"\n{\"id\":1,\"name\":\"Ann\"}\r\n\r\n \t\n{\"id\":2}\n\n",
    );
}

#[test]
fn a_problem_after_blank_lines_is_placed_at_its_own_line_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(
        dir.path(),
        "r.jsonl",
        b"{\"id\":1}\r\n\r\n\r\n{\"id\":\"two\"}\r\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["record"].as_str()),
        (Some(4), Some("record 2"))
    );
}

#[test]
fn a_utf16_file_is_refused_naming_its_encoding_in_json_and_json_lines() {
    let utf16: Vec<u8> = "\u{feff}[{\"id\":1}]\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for input in ["r.json", "r.jsonl"] {
        let dir = tempfile::tempdir().unwrap();
        let out = export(dir.path(), input, &utf16);
        assert_eq!(out.status.code(), Some(1), "{input}");
        assert!(!dir.path().join("out").exists());
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let diagnostics = report["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{input}: {diagnostics:?}");
        assert_eq!(diagnostics[0]["rule"], "encoding");
        let message = diagnostics[0]["message"].as_str().unwrap();
        assert!(
            message.contains("UTF-16 (little-endian)") && message.contains("save it as UTF-8"),
            "{message}"
        );
    }
}

/// Rewrites every list of the mini seeds' `records.json` as a `<list>.jsonl` file written by
/// `line`, which gives the bytes of the file from its records' JSON texts.
fn seeds_as_lines(dir: &Path, line: impl Fn(&[String]) -> Vec<u8>) {
    let edm = dir.join("seeds/edm");
    let records: Value =
        serde_json::from_slice(&std::fs::read(edm.join("records.json")).unwrap()).unwrap();
    for (list, items) in records.as_object().unwrap() {
        let Some(items) = items.as_array().filter(|a| !a.is_empty()) else {
            continue;
        };
        let texts: Vec<String> = items.iter().map(Value::to_string).collect();
        std::fs::write(edm.join(format!("{list}.jsonl")), line(&texts)).unwrap();
    }
    std::fs::remove_file(edm.join("records.json")).unwrap();
}

#[test]
fn seeds_in_json_lines_read_crlf_and_blank_lines_and_name_a_byte_order_mark() {
    let dir = common::mini();
    seeds_as_lines(dir.path(), |texts| {
        format!("\r\n{}\r\n\r\n", texts.join("\r\n\r\n")).into_bytes()
    });
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 0, "{report}");
    let dir = common::mini();
    seeds_as_lines(dir.path(), |texts| {
        [b"\xEF\xBB\xBF".as_slice(), texts.join("\n").as_bytes()].concat()
    });
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "encoding");
    assert!(
        d["message"].as_str().unwrap().contains("byte order mark"),
        "{d}"
    );
}

#[test]
fn a_record_over_the_size_limit_is_refused_with_its_number_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{{\"id\":2,\"name\":\"{}\"}}", "x".repeat(2000));
    let records = format!("{{\"id\":1}}\n\n{big}\n{{\"id\":3}}\n");
    std::fs::write(dir.path().join("r.jsonl"), &records).unwrap();
    std::fs::write(dir.path().join("schema.json"), SCHEMA).unwrap();
    let run = |limit: &str| {
        common::export_of(dir.path(), "r.jsonl")
            .args([
                "--out",
                "out",
                "--format",
                "json",
                "--max-record-size",
                limit,
            ])
            .output()
            .unwrap()
    };
    let out = run("1000");
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("out").exists());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "record-too-large");
    assert_eq!(
        (d["record"].as_str(), d["line"].as_u64()),
        (Some("record 2"), Some(3))
    );
    assert_eq!(d["found"], format!("{} bytes (0.0 MiB)", big.len()));
    // Within the limit, the same record is written.
    common::assert_success(&run(&big.len().to_string()));
}

#[test]
fn a_record_one_byte_over_the_size_limit_is_refused_and_one_at_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let record = format!("{{\"id\":1,\"name\":\"{}\"}}", "y".repeat(500));
    std::fs::write(dir.path().join("r.jsonl"), format!("{record}\n")).unwrap();
    std::fs::write(dir.path().join("schema.json"), SCHEMA).unwrap();
    let run = |limit: usize| {
        seedtool(dir.path())
            .args(["export", "--quiet", "--schema", "schema.json"])
            .args(["--input", "r.jsonl", "--out", "out", "--format", "json"])
            .args(["--max-record-size", &limit.to_string()])
            .output()
            .unwrap()
    };
    let out = run(record.len() - 1);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("out").exists());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["record"].as_str()),
        (Some("record-too-large"), Some("record 1"))
    );
    assert_eq!(
        d["found"],
        format!("{} bytes (0.0 MiB)", record.len()),
        "{report}"
    );
    common::assert_success(&run(record.len()));
}
