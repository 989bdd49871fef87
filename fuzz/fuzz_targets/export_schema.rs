//! Writes arbitrary bytes as the JSON Schema of a generic export and exports the fixed records
//! `tests/fixtures/generic/flights.jsonl` (two of them) against it. A schema the tool refuses
//! (not JSON, not compilable, remote `$ref`, a property no column can hold, ...) must give an
//! `Err` or a report, never a panic; either way nothing is written (no output folder, nothing
//! beside it). A schema both records meet writes the table in JSON, CSV and Parquet with two
//! rows, and a `SHA256SUMS` that matches when there is one. An error reading "internal error" (a
//! broken invariant) counts as a crash.
//!
//! Compiling a schema can take time out of proportion to its size (regular expressions, deep
//! nesting), so inputs longer than [`MAX_SCHEMA`] are skipped rather than left to hit libFuzzer's
//! `-timeout`; a timeout on a shorter input is a finding.

#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tajik_ct_dataset::generic::ExportOptions;

/// The fixed records.
const RECORDS: &[u8] = include_bytes!("../../tests/fixtures/generic/flights.jsonl");
/// How many records [`RECORDS`] holds.
const RECORD_COUNT: usize = 2;
/// The longest schema tried, in bytes.
const MAX_SCHEMA: usize = 16 << 10;

struct Setup {
    /// Holds the records and the fuzz input.
    root: PathBuf,
    /// Emptied at the start of each export; the output is `work/out`, which does not exist yet.
    work: PathBuf,
}

fn setup() -> Setup {
    let root = common::process_folder("export-schema");
    std::fs::write(root.join("flights.jsonl"), RECORDS).expect("write the records");
    let work = root.join("work");
    common::fresh(&work);
    Setup { root, work }
}

fuzz_target!(init: common::catch_stack_overflow(), |data: &[u8]| {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    if data.len() > MAX_SCHEMA {
        return;
    }
    let setup = SETUP.get_or_init(setup);
    let schema = setup.root.join("fuzz.schema.json");
    std::fs::write(&schema, data).expect("write the fuzz input");
    common::fresh(&setup.work);
    let out = setup.work.join("out");
    let options = ExportOptions {
        schema,
        input: setup.root.join("flights.jsonl"),
        out: out.clone(),
        name: None,
        batch_size: 1,
        key: Vec::new(),
        sort_memory: 1 << 20,
        nested: tajik_ct_dataset::generic::NestedArrays::Tables,
        metadata: None,
        max_record_size: tajik_ct_dataset::generic::DEFAULT_MAX_RECORD_SIZE,
        progress: false,
        formats: Vec::new(),
    };
    common::export_and_check(&options, &setup.work, "flights", || RECORD_COUNT);
});
