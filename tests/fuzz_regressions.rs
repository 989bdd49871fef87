//! The fuzzing seed inputs (`fuzz/seeds/`) as a regression suite: each one, added to the small
//! valid seeds folder, is judged valid or invalid (exit code 0 or 1) — never a panic (101) nor a
//! usage or I/O failure (2).

mod common;

use std::path::Path;

use common::{mini, seedtool};

#[test]
fn every_fuzz_seed_is_judged_without_a_panic() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seed inputs in {}", seeds.display());
    for path in paths {
        let dir = mini();
        std::fs::copy(&path, dir.path().join("seeds/fuzz.json")).unwrap();
        let out = seedtool(dir.path())
            .args(["validate", "--format", "json"])
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{}: exit code {code:?}, want 0 or 1\nstderr: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
