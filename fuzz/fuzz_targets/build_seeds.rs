//! Writes arbitrary bytes as a seeds file (`fuzz.json`, then `fuzz.events.jsonl`) beside the small
//! valid seeds folder (`tests/fixtures/mini`) and builds it with a tiny sort budget (so that rows
//! spill to disk) over a copy of a previous build's output. Checks that nothing is published
//! unless every check passes: with any problem in the report there is no staging folder and the
//! output is byte for byte what it was; an `Err` also leaves it untouched; a clean report gives a
//! staging folder which, once committed, holds a `SHA256SUMS` listing every file with its right
//! hash. Either way no temporary folder is left beside the output. Nothing may panic, and an error
//! reading "internal error" (a broken invariant) counts as a crash.

#![no_main]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tajik_ct_dataset::build::build;
use tajik_ct_dataset::validate::Options;

/// The mini seeds file.
const RECORDS: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/records.json");
/// The mini folder's dataset metadata, without which nothing is published.
const METADATA: &[u8] = include_bytes!("../../tests/fixtures/mini/dataset.json");
/// The mini article, written to disk because source texts are read from the seeds folder.
const ARTICLE: &[u8] = include_bytes!("../../tests/fixtures/mini/edm/article.txt");
/// Bytes of rows a table holds before it spills: small enough that the mini rows spill.
const SORT_BUDGET: usize = 512;

struct Setup {
    /// The seeds folder: the mini folder, plus the fuzz input while it is checked.
    seeds: PathBuf,
    /// Emptied at the start of each build; holds only `dist`.
    work: PathBuf,
    /// The output of building the mini folder, which `dist` holds before each build.
    previous: BTreeMap<String, Vec<u8>>,
}

fn setup() -> Setup {
    let root = common::process_folder("build");
    let seeds = root.join("seeds");
    let edm = seeds.join("edm");
    std::fs::create_dir_all(&edm).expect("create seeds/edm/");
    std::fs::write(edm.join("records.json"), RECORDS).expect("write edm/records.json");
    std::fs::write(seeds.join("dataset.json"), METADATA).expect("write dataset.json");
    std::fs::write(edm.join("article.txt"), ARTICLE).expect("write edm/article.txt");
    let work = root.join("work");
    common::fresh(&work);
    let dist = work.join("dist");
    let built =
        build(&seeds, &dist, Options::default(), SORT_BUDGET).expect("build the mini folder");
    assert!(
        built.validation.report.is_empty(),
        "the mini folder is valid"
    );
    built
        .staging
        .expect("a valid build has a staging folder")
        .commit()
        .expect("publish the mini folder");
    let previous = common::snapshot(&dist).expect("the mini build was published");
    common::check_sums(&previous);
    Setup {
        seeds,
        work,
        previous,
    }
}

fn check(setup: &Setup, name: &str, data: &[u8]) {
    let input = setup.seeds.join(name);
    std::fs::write(&input, data).expect("write the fuzz input");
    common::fresh(&setup.work);
    let dist = setup.work.join("dist");
    common::restore(&dist, &setup.previous);
    let untouched = |dist: &Path, why: &str| {
        assert!(
            common::snapshot(dist).as_ref() == Some(&setup.previous),
            "the output changed although {why}"
        );
    };
    match build(&setup.seeds, &dist, Options::default(), SORT_BUDGET) {
        Err(error) => {
            common::allow_error(&error);
            untouched(&dist, "the build failed");
        }
        Ok(built) => {
            std::hint::black_box(built.validation.render());
            std::hint::black_box(built.validation.report.to_json());
            if built.validation.report.is_empty() {
                let staging = built
                    .staging
                    .expect("a build without problems has a staging folder");
                untouched(&dist, "the staging folder is not committed yet");
                match staging.commit() {
                    Ok(()) => {
                        let published = common::snapshot(&dist).expect("the output exists");
                        common::check_sums(&published);
                    }
                    Err(error) => {
                        common::allow_error(&error);
                        untouched(&dist, "the commit failed");
                    }
                }
            } else {
                assert!(
                    built.staging.is_none(),
                    "a build with {} problem(s) has a staging folder",
                    built.validation.report.diagnostics.len()
                );
                untouched(&dist, "the seeds are invalid");
            }
        }
    }
    assert_eq!(
        common::names(&setup.work),
        ["dist"],
        "the build left files beside the output"
    );
    let _ = std::fs::remove_file(input);
}

fuzz_target!(init: common::catch_stack_overflow(), |data: &[u8]| {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    let setup = SETUP.get_or_init(setup);
    check(setup, "fuzz.json", data);
    check(setup, "fuzz.events.jsonl", data);
});
