//! Loads arbitrary bytes as a seeds file and validates them, beside the small valid seeds folder
//! (`tests/fixtures/mini`) and alone, then renders the report as text and as JSON. Nothing here
//! may panic: every problem must end up in the report (or, for I/O, in an `Err`).

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tajik_ct_dataset::diagnostic::Report;
use tajik_ct_dataset::validate::{Options, validate_inputs};

/// The mini seeds file, handed to the validator from memory.
const RECORDS: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/records.json");
/// The mini article, written to disk because source texts are read from the seeds folder.
const ARTICLE: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/article.txt");

/// A seeds folder holding a copy of the mini fixture, made once per process and kept for its
/// whole life.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("seedtool-fuzz-")
            .tempdir()
            .expect("create a temporary seeds folder")
            .keep();
        let edm = dir.join("edm");
        std::fs::create_dir_all(&edm).expect("create edm/");
        std::fs::write(edm.join("records.json"), RECORDS).expect("write edm/records.json");
        std::fs::write(edm.join("article.txt"), ARTICLE).expect("write edm/article.txt");
        dir
    })
}

fn check(inputs: Vec<(String, Vec<u8>)>) {
    if let Ok(validation) = validate_inputs(root(), inputs, Report::default(), Options::default()) {
        std::hint::black_box(validation.render());
        std::hint::black_box(validation.report.to_json());
    }
}

fuzz_target!(|data: &[u8]| {
    check(vec![
        ("edm/records.json".to_owned(), RECORDS.to_vec()),
        ("fuzz.json".to_owned(), data.to_vec()),
    ]);
    check(vec![("fuzz.json".to_owned(), data.to_vec())]);
});
