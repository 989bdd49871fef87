//! Helpers shared by the CLI tests: temporary seeds folders made from the fixtures, and running
//! the built binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The folder of the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies every file below `from` into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary folder holding a copy of the small valid seeds folder under `seeds/`.
pub fn mini() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("mini"), &dir.path().join("seeds"));
    dir
}

/// The small valid seeds folder with `fixtures/invalid/<name>` added as `seeds/broken.json`.
pub fn mini_with(name: &str) -> tempfile::TempDir {
    let dir = mini();
    std::fs::copy(
        fixtures().join("invalid").join(name),
        dir.path().join("seeds/broken.json"),
    )
    .unwrap();
    dir
}

/// The binary, run in `dir`.
pub fn seedtool(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("seedtool").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// `export --quiet --schema schema.json --input INPUT`, run in `dir`; the caller adds the rest.
pub fn export_of(dir: &Path, input: &str) -> Command {
    let mut cmd = seedtool(dir);
    cmd.args([
        "export",
        "--quiet",
        "--schema",
        "schema.json",
        "--input",
        input,
    ]);
    cmd
}

/// Runs `validate --format json` in `dir`; returns the exit code and the report.
pub fn validate_json(dir: &Path) -> (i32, Value) {
    let out = seedtool(dir)
        .args(["validate", "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), report)
}

/// Fails the test, showing the command's error output, unless the command succeeded.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `build --out dist` with `args` in `dir`, and checks that it succeeds.
pub fn build_ok(dir: &Path, args: &[&str]) {
    let out = seedtool(dir)
        .args(["build", "--quiet", "--out", "dist"])
        .args(args)
        .output()
        .unwrap();
    assert_success(&out);
}

/// Every file below `dir` with its bytes, for comparing folders.
pub fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(snapshot_dir(&path));
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}
