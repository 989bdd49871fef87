//! Writes arbitrary bytes as a seeds file (JSON, and JSON Lines) and validates it, beside the
//! small valid seeds folder (`tests/fixtures/mini`) and alone, then renders the report as text and
//! as JSON. Nothing here may panic: every problem must end up in the report (or, for I/O, in an
//! `Err`).

#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tajik_ct_dataset::validate::{Options, validate};

/// The mini seeds file.
const RECORDS: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/records.json");
/// The mini folder's dataset metadata, without which nothing is published.
const METADATA: &[u8] = include_bytes!("../../tests/fixtures/mini/dataset.json");
/// The mini article, written to disk because source texts are read from the seeds folder.
const ARTICLE: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/article.txt");

/// A folder made once per process and kept for its whole life.
fn folder(name: &str, with_mini: bool) -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix(&format!("seedtool-fuzz-{name}-"))
        .tempdir()
        .expect("create a temporary seeds folder")
        .keep();
    if with_mini {
        let edm = dir.join("edm");
        std::fs::create_dir_all(&edm).expect("create edm/");
        std::fs::write(edm.join("records.json"), RECORDS).expect("write edm/records.json");
        std::fs::write(dir.join("dataset.json"), METADATA).expect("write dataset.json");
        std::fs::write(edm.join("article.txt"), ARTICLE).expect("write edm/article.txt");
    }
    dir
}

fn check(root: &PathBuf, name: &str, data: &[u8]) {
    let path = root.join(name);
    std::fs::write(&path, data).expect("write the fuzz input");
    if let Ok(validation) = validate(root, Options::default()) {
        std::hint::black_box(validation.render());
        std::hint::black_box(validation.report.to_json());
    }
    let _ = std::fs::remove_file(path);
}

fuzz_target!(init: common::catch_stack_overflow(), |data: &[u8]| {
    static BESIDE: OnceLock<PathBuf> = OnceLock::new();
    static ALONE: OnceLock<PathBuf> = OnceLock::new();
    let beside = BESIDE.get_or_init(|| folder("beside", true));
    let alone = ALONE.get_or_init(|| folder("alone", false));
    check(beside, "fuzz.json", data);
    check(beside, "fuzz.events.jsonl", data);
    check(alone, "fuzz.json", data);
});
