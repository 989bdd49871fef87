//! Writes arbitrary bytes as the records of a generic export (`records.jsonl`, then
//! `records.json`) and exports them against the fixed schema
//! `tests/fixtures/generic/flights.schema.json`, in batches of two. Checks that invalid records
//! write nothing (no output folder, nothing left beside it) and report no written records; that
//! valid ones write the table in JSON, CSV and Parquet with one row per record (counted here from
//! the input, independently of the tool), and a `SHA256SUMS` that matches when there is one; and
//! that an `Err` writes nothing either. The report is rendered as text and as JSON. Nothing may
//! panic, and an error reading "internal error" (a broken invariant) counts as a crash.

#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tajik_ct_dataset::generic::ExportOptions;

/// The fixed schema.
const SCHEMA: &[u8] = include_bytes!("../../tests/fixtures/generic/flights.schema.json");

struct Setup {
    /// Holds the schema and the fuzz input.
    root: PathBuf,
    /// Emptied at the start of each export; the output is `work/out`, which does not exist yet.
    work: PathBuf,
}

fn setup() -> Setup {
    let root = common::process_folder("export-records");
    std::fs::write(root.join("flights.schema.json"), SCHEMA).expect("write the schema");
    let work = root.join("work");
    common::fresh(&work);
    Setup { root, work }
}

/// How many records the tool must write when it accepts `data` as `name`.
fn expected_records(name: &str, data: &[u8]) -> usize {
    if name.ends_with(".jsonl") {
        data.split(|b| *b == b'\n')
            .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
            .count()
    } else {
        match serde_json::from_slice(data) {
            Ok(Value::Array(records)) => records.len(),
            other => panic!("the export accepted a .json input that is not an array: {other:?}"),
        }
    }
}

fn check(setup: &Setup, name: &str, data: &[u8]) {
    let input = setup.root.join(name);
    std::fs::write(&input, data).expect("write the fuzz input");
    common::fresh(&setup.work);
    let out = setup.work.join("out");
    let options = ExportOptions {
        schema: setup.root.join("flights.schema.json"),
        input: input.clone(),
        out: out.clone(),
        name: None,
        batch_size: 2,
        key: Vec::new(),
        sort_memory: 1 << 20,
        nested: tajik_ct_dataset::generic::NestedArrays::Tables,
        metadata: None,
        max_record_size: tajik_ct_dataset::generic::DEFAULT_MAX_RECORD_SIZE,
        progress: false,
        formats: Vec::new(),
    };
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    common::export_and_check(&options, &setup.work, stem, || expected_records(name, data));
    let _ = std::fs::remove_file(input);
}

fuzz_target!(init: common::catch_stack_overflow(), |data: &[u8]| {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    let setup = SETUP.get_or_init(setup);
    check(setup, "records.jsonl", data);
    check(setup, "records.json", data);
});
