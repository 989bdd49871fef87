//! Staging on real folders: replacing, the marker and its lock, and what leftovers are removed.

use super::*;

#[test]
fn replaces_contents_and_leaves_no_temporary_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("dist");
    let first = BTreeMap::from([
        ("a/x.txt".to_owned(), b"1".to_vec()),
        ("old.txt".to_owned(), b"o".to_vec()),
    ]);
    replace_dir(&out, &first).unwrap();
    let second = BTreeMap::from([("a/x.txt".to_owned(), b"2".to_vec())]);
    replace_dir(&out, &second).unwrap();
    assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"2");
    assert!(!out.join("old.txt").exists());
    let names: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["dist"]);
}

#[test]
fn a_running_builds_staging_folder_is_not_removed() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("dist");
    let running = Staging::new(&out, &[]).unwrap();
    std::fs::write(running.path().join("half.csv"), "a,b").unwrap();
    // Left by a killed run: marked, and nobody holds its lock.
    let abandoned = root.path().join(".dist.tmp-abandoned");
    std::fs::create_dir_all(abandoned.join("contents/csv")).unwrap();
    std::fs::write(abandoned.join(MARKER), MARKER_TEXT).unwrap();
    // Not made by this tool, though named alike.
    let mine = root.path().join(".dist.tmp-mine");
    std::fs::write(&mine, "my file").unwrap();
    let unmarked = root.path().join(".dist.tmp-folder");
    std::fs::create_dir(&unmarked).unwrap();
    let other_marker = root.path().join(".dist.tmp-other");
    std::fs::create_dir(&other_marker).unwrap();
    std::fs::write(other_marker.join(MARKER), "something else").unwrap();

    let next = Staging::new(&out, &[]).unwrap();
    assert!(running.path().join("half.csv").is_file());
    assert!(!abandoned.exists());
    assert!(mine.is_file() && unmarked.is_dir());
    assert!(other_marker.join(MARKER).is_file());
    let (first, second) = (running.dir.clone(), next.dir.clone());
    drop(running);
    next.commit().unwrap();
    assert!(!first.exists() && !second.exists());
    assert!(out.is_dir());
}

#[test]
fn the_marker_and_lock_stay_out_of_the_output() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("dist");
    let staging = Staging::new(&out, &[]).unwrap();
    let scratch = staging.scratch().unwrap();
    assert!(scratch.path().starts_with(&staging.dir));
    std::fs::write(scratch.path().join("run-0"), "spilled").unwrap();
    staging.create("json/t.json").unwrap();
    staging.write_sums([("json/t.json", "00")]).unwrap();
    drop(scratch);
    staging.commit().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["SHA256SUMS", "json"]);
}
