//! The fuzzing seed inputs as a regression suite, each replayed through the command line the way
//! its fuzz target uses it. Never a panic (exit code 101, or "panicked at" on standard error),
//! never a death by signal, never an "internal error"; and a refused input writes nothing.
//!
//! - `fuzz/seeds/` (`validate_seeds`, `build_seeds`): added to the small valid seeds folder, as
//!   `fuzz.json` and as `fuzz.events.jsonl`, each is judged valid or invalid (exit code 0 or 1)
//!   by `validate` and by `build`; a build that exits with 1 leaves the previous output as it
//!   was and nothing beside it.
//! - `fuzz/seeds-export-records/` (`export_records`): exported as `records.jsonl` and as
//!   `records.json` against `tests/fixtures/generic/flights.schema.json`: exit code 0 (the output
//!   is written) or 1 (nothing is).
//! - `fuzz/seeds-export-schema/` (`export_schema`): the schema of an export of
//!   `tests/fixtures/generic/flights.jsonl`: exit code 0, 1, or 2 (a schema that does not compile
//!   is a usage error); nothing is written unless 0.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_dir, fixtures, mini, seedtool, snapshot_dir};

/// Every file in `fuzz/<folder>`, sorted; fails when there is none.
fn seeds(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seed inputs in {}", dir.display());
    paths
}

/// What went wrong, over every seed: each test replays all its seeds before it fails, so that one
/// failure does not hide the next.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    /// Records `message` unless `ok`.
    fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok {
            self.0.push(message());
        }
    }

    /// Checks that `out` ended with one of the `allowed` exit codes and without a panic or an
    /// internal error; returns the exit code, or `None` (recorded as a failure) when it did not.
    fn judged(&mut self, what: &str, out: &Output, allowed: &[i32]) -> Option<i32> {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        let clean = !stderr.contains("panicked at") && !stderr.contains("internal error");
        let ok = clean && code.is_some_and(|c| allowed.contains(&c));
        self.check(ok, || {
            format!("{what}: exit code {code:?}, want one of {allowed:?}\nstderr: {stderr}")
        });
        code.filter(|_| ok)
    }

    fn assert_none(self) {
        assert!(
            self.0.is_empty(),
            "{} failure(s):\n\n{}",
            self.0.len(),
            self.0.join("\n\n")
        );
    }
}

/// The names of the entries of `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_validate_and_build_seed_is_judged_without_a_panic() {
    let mut failures = Failures::default();
    // A previous output to build over: a refused build must leave it as it was.
    let previous = mini();
    let built = seedtool(previous.path())
        .args(["build", "--quiet", "--out", "dist"])
        .output()
        .unwrap();
    common::assert_success(&built);
    for path in seeds("seeds") {
        for name in ["fuzz.json", "fuzz.events.jsonl"] {
            let what = format!("{} as {name}", path.display());
            let dir = mini();
            std::fs::copy(&path, dir.path().join("seeds").join(name)).unwrap();
            let out = seedtool(dir.path())
                .args(["validate", "--format", "json"])
                .output()
                .unwrap();
            let valid = failures.judged(&format!("validate {what}"), &out, &[0, 1]);

            copy_dir(&previous.path().join("dist"), &dir.path().join("dist"));
            let before = snapshot_dir(&dir.path().join("dist"));
            let out = seedtool(dir.path())
                .args(["build", "--quiet", "--out", "dist", "--sort-memory", "512"])
                .output()
                .unwrap();
            let Some(code) = failures.judged(&format!("build {what}"), &out, &[0, 1]) else {
                continue;
            };
            failures.check(valid.is_none_or(|v| v == code), || {
                format!("{what}: validate exits with {valid:?}, build with {code}")
            });
            failures.check(
                code == 0 || snapshot_dir(&dir.path().join("dist")) == before,
                || format!("build {what}: exit code 1, yet the output changed"),
            );
            let left = names(dir.path());
            failures.check(left == ["dist", "seeds"], || {
                format!("build {what}: files left beside the output: {left:?}")
            });
        }
    }
    failures.assert_none();
}

#[test]
fn every_export_records_seed_is_judged_without_a_panic() {
    let mut failures = Failures::default();
    let schema = fixtures().join("generic/flights.schema.json");
    for path in seeds("seeds-export-records") {
        for name in ["records.jsonl", "records.json"] {
            let what = format!("export {} as {name}", path.display());
            let dir = tempfile::tempdir().unwrap();
            std::fs::copy(&path, dir.path().join(name)).unwrap();
            let out = seedtool(dir.path())
                .args(["export", "--quiet", "--schema"])
                .arg(&schema)
                .args(["--input", name, "--out", "out"])
                .output()
                .unwrap();
            let Some(code) = failures.judged(&what, &out, &[0, 1]) else {
                continue;
            };
            let want: &[&str] = if code == 0 { &["out", name] } else { &[name] };
            let left = names(dir.path());
            failures.check(left == want, || {
                format!("{what}: exit code {code}, yet the folder holds {left:?}")
            });
        }
    }
    failures.assert_none();
}

#[test]
fn every_export_schema_seed_is_judged_without_a_panic() {
    let mut failures = Failures::default();
    let records = fixtures().join("generic/flights.jsonl");
    for path in seeds("seeds-export-schema") {
        let what = format!("export with schema {}", path.display());
        let dir = tempfile::tempdir().unwrap();
        let out = seedtool(dir.path())
            .args(["export", "--quiet", "--schema"])
            .arg(&path)
            .arg("--input")
            .arg(&records)
            .args(["--out", "out"])
            .output()
            .unwrap();
        let Some(code) = failures.judged(&what, &out, &[0, 1, 2]) else {
            continue;
        };
        let want: &[&str] = if code == 0 { &["out"] } else { &[] };
        let left = names(dir.path());
        failures.check(left == want, || {
            format!("{what}: exit code {code}, yet the folder holds {left:?}")
        });
    }
    failures.assert_none();
}
