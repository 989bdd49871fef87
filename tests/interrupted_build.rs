//! A build killed with SIGKILL at any moment leaves the output folder either as the previous
//! complete build or as the new complete one, and the next build cleans up what it left.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{build_ok, seedtool, snapshot_dir};

type Files = Vec<(std::path::PathBuf, Vec<u8>)>;

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dist.tmp-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_output_whole() {
    let rounds: u32 = std::env::var("SEEDTOOL_KILL_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    let dir = tempfile::tempdir().unwrap();
    let synth = seedtool(dir.path())
        .args(["synth", "--records", "3000", "--out", "old"])
        .output()
        .unwrap();
    assert!(synth.status.success());
    common::copy_dir(&dir.path().join("old"), &dir.path().join("new"));
    let records = dir.path().join("new/a000000/records.json");
    let edited = std::fs::read_to_string(&records)
        .unwrap()
        .replace("Meeting 0 of article 0.", "First meeting of article 0.");
    std::fs::write(&records, edited).unwrap();

    // The two complete outputs a kill may leave.
    build_ok(dir.path(), &["--seeds", "new"]);
    let new: Files = snapshot_dir(&dir.path().join("dist"));
    let started = Instant::now();
    build_ok(dir.path(), &["--seeds", "old"]);
    let full = started.elapsed();
    let old: Files = snapshot_dir(&dir.path().join("dist"));
    assert_ne!(old, new);

    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..rounds {
        // Kill points spread over the whole build, the final swap included.
        let delay = full.mul_f64(f64::from(round + 1) / f64::from(rounds) * 1.6);
        let seeds = if round % 2 == 0 { "new" } else { "old" };
        let before = snapshot_dir(&dir.path().join("dist"));
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("seedtool"))
            .current_dir(dir.path())
            .args(["build", "--seeds", seeds, "--out", "dist"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let after = snapshot_dir(&dir.path().join("dist"));
        if after == old {
            saw_old += 1;
        } else if after == new {
            saw_new += 1;
        } else {
            panic!("round {round}: after a kill at {delay:?} the output is neither build");
        }
        assert!(
            after == before
                || after
                    == if seeds == "new" {
                        new.clone()
                    } else {
                        old.clone()
                    }
        );
    }
    // The next build removes whatever an interrupted one left beside the output.
    build_ok(dir.path(), &["--seeds", "old"]);
    assert_eq!(snapshot_dir(&dir.path().join("dist")), old);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    eprintln!(
        "{rounds} kills: {saw_old} left the old build, {saw_new} the new one (full build {full:?})"
    );
}
