//! `--index-memory`: with a budget too small for any id, the index of ids moves to disk and the
//! report and the published files are exactly those of the index kept in memory.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{mini, seedtool};
use serde_json::Value;

/// The budget that sends every id to disk.
const TINY: &str = "1";

/// Exit code and JSON report of `build` with the given extra arguments.
fn report(dir: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let out = seedtool(dir)
        .args(["build", "--out", "dist", "--format", "json", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("no JSON report: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

/// A seeds folder breaking every rule that reads the index of ids, across JSON and JSON Lines
/// files: unknown ids (one a typo with suggestions), ids of the wrong kind, ids repeated within
/// and across parts, a cycle across files, a part larger than its whole, a two-way relation
/// recorded both ways.
fn broken() -> tempfile::TempDir {
    let dir = mini();
    let seeds = dir.path().join("seeds");
    for name in [
        "dangling-reference.json",
        "wrong-reference-kind.json",
        "wrong-reference-kind-role.json",
        "duplicate-id.json",
        "link-cycle.json",
        "part-exceeds-whole.json",
        "two-way-order.json",
    ] {
        std::fs::copy(
            common::fixtures().join("invalid").join(name),
            seeds.join(format!("zz-{name}")),
        )
        .unwrap();
    }
    let typo = std::fs::read_to_string(seeds.join("zz-dangling-reference.json"))
        .unwrap()
        .replace(r#""subject": "qayumova""#, r#""subject": "qayumva""#);
    std::fs::write(seeds.join("zz-dangling-reference.json"), typo).unwrap();
    // Many entities in a JSON Lines file, so that lookups cross blocks of the index on disk, and
    // one repeating an id of the JSON files.
    let mut lines = String::new();
    for i in 0..3000 {
        writeln!(
            lines,
            r#"{{"id": "filler-{i:05}", "kind": "person", "name": "Filler {i}"}}"#
        )
        .unwrap();
    }
    lines.push_str(r#"{"id": "qayumova", "kind": "person", "name": "Again"}"#);
    lines.push('\n');
    std::fs::write(seeds.join("zz-more.entities.jsonl"), lines).unwrap();
    dir
}

/// Every file below `dir`, by its path relative to `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    common::snapshot_dir(dir)
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(dir).unwrap().to_path_buf(), bytes))
        .collect()
}

/// The rules a report names, sorted and deduplicated.
fn rules(report: &Value) -> Vec<String> {
    let mut rules: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn the_index_on_disk_reports_what_the_index_in_memory_reports() {
    let dir = broken();
    let in_memory = report(dir.path(), &[]);
    let (code, found) = report(dir.path(), &["--index-memory", TINY]);
    assert_eq!(in_memory.0, Some(1), "{:#}", in_memory.1);
    assert_eq!((code, &found), (in_memory.0, &in_memory.1));
    assert!(!dir.path().join("dist").exists());
    for rule in [
        "dangling-reference",
        "duplicate-id",
        "link-cycle",
        "part-exceeds-whole",
        "two-way-order",
        "wrong-reference-kind",
    ] {
        assert!(rules(&found).iter().any(|r| r == rule), "{rule}: {found:#}");
    }
    let diagnostics = found["diagnostics"].as_array().unwrap();
    let typo = diagnostics
        .iter()
        .find(|d| d["found"] == "`qayumva`")
        .unwrap();
    let expected = typo["expected"].as_str().unwrap();
    assert!(expected.ends_with("did you mean `qayumova`?"), "{expected}");
    let again = diagnostics
        .iter()
        .find(|d| {
            d["rule"] == "duplicate-id"
                && d["file"].as_str().unwrap().ends_with("more.entities.jsonl")
        })
        .unwrap();
    assert_eq!(again["line"], 3001, "{again:#}");
    assert!(
        again["found"].as_str().unwrap().contains("already used at"),
        "{again:#}"
    );
}

#[test]
fn a_build_with_the_index_on_disk_writes_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let synth = seedtool(dir.path())
        .args([
            "synth",
            "--records",
            "3000",
            "--layout",
            "jsonl",
            "--out",
            "seeds",
        ])
        .output()
        .unwrap();
    assert!(synth.status.success());
    for (out, extra) in [("memory", &[][..]), ("disk", &["--index-memory", TINY][..])] {
        let built = seedtool(dir.path())
            .args(["build", "--quiet", "--out", out])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    let memory = files(&dir.path().join("memory"));
    assert!(memory.len() > 20);
    assert!(files(&dir.path().join("disk")) == memory);
}

#[test]
fn the_shipped_seeds_build_to_dist_with_the_index_on_disk() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let built = seedtool(repo)
        .args(["build", "--quiet", "--index-memory", TINY, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(files(&out) == files(&repo.join("dist")));
}
