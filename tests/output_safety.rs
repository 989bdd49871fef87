//! Every command that writes refuses an output that could destroy what it did not write (the
//! seeds, the schema, the current folder and its parents, the repository, the home folder, a
//! user's files), exits 2 naming the folder and why, and changes nothing; replacing an earlier
//! output of its own still works.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{fixtures, mini, seedtool, snapshot_dir};
use tajik_ct_dataset::export::{format_files, formats};

type Files = Vec<(PathBuf, Vec<u8>)>;

/// Every file below `dir`, and the names of its entries (which shows an empty folder left).
fn everything(dir: &Path) -> (Files, Vec<String>) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (snapshot_dir(dir), names)
}

/// Runs `seedtool args` in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    seedtool(dir).args(args).output().unwrap()
}

/// Checks that `out` failed with exit 2 and a message holding every one of `expected`.
fn assert_refused(out: &Output, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "`{text}` not in: {stderr}");
    }
}

fn assert_ok(out: &Output) {
    common::assert_success(out);
}

/// The arguments of an export of the fixture flights into `out`.
fn export_args(out: &str) -> Vec<String> {
    let generic = fixtures().join("generic");
    [
        "export",
        "--quiet",
        "--schema",
        &generic.join("flights.schema.json").to_string_lossy(),
        "--input",
        &generic.join("flights.jsonl").to_string_lossy(),
        "--out",
        out,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn export(dir: &Path, out: &str) -> Output {
    seedtool(dir).args(export_args(out)).output().unwrap()
}

#[test]
fn build_refuses_to_replace_the_seeds_folder() {
    let dir = mini();
    let before = everything(dir.path());
    let out = run(dir.path(), &["build", "--out", "seeds"]);
    assert_refused(
        &out,
        &["`seeds` is the seeds folder: the output may not be it, lie inside it or contain it"],
    );
    assert_eq!(everything(dir.path()), before);
    // Also when the seeds are named otherwise, and through a trailing `/.`.
    std::fs::rename(dir.path().join("seeds"), dir.path().join("curated")).unwrap();
    let before = everything(dir.path());
    let out = run(
        dir.path(),
        &["build", "--seeds", "curated", "--out", "curated/."],
    );
    assert_refused(&out, &["is the seeds folder"]);
    assert_eq!(everything(dir.path()), before);
}

#[test]
fn build_refuses_the_current_folder_and_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("parent/work");
    common::copy_dir(&fixtures().join("mini"), &work.join("seeds"));
    let before = everything(dir.path());
    let absolute = work.to_string_lossy().into_owned();
    for (target, expected) in [
        (".", "`.` is the current folder `"),
        (absolute.as_str(), "is the current folder"),
        ("..", "`..` contains the current folder `"),
        ("../..", "`../..` contains the current folder `"),
        ("new/../..", "contains the current folder"),
        // `/` and `$HOME` are refused by the same rule; `guard`'s unit tests cover them without
        // risking a write there should the rule ever break.
    ] {
        let out = run(&work, &["build", "--out", target]);
        assert_refused(&out, &[expected, "the output may not be it or contain it"]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    }
}

#[test]
fn build_refuses_the_repository_root_and_the_home_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    common::copy_dir(&fixtures().join("mini"), &repo.join("data/seeds"));
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("documents")).unwrap();
    std::fs::write(home.join("documents/letter.txt"), "mine").unwrap();
    let before = everything(dir.path());
    let work = repo.join("data");
    let refused = |target: &str, expected: &str| {
        let out = seedtool(&work)
            .env("HOME", &home)
            .args(["build", "--out", target])
            .output()
            .unwrap();
        assert_refused(&out, &[expected]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    };
    refused("..", "`..` is the repository root `");
    refused(&home.to_string_lossy(), "is the home folder");
    // And their seeds and schema folders, asked or not.
    std::fs::create_dir(repo.join("schema")).unwrap();
    std::fs::write(repo.join("schema/seeds.schema.json"), "{}").unwrap();
    let before = everything(dir.path());
    let out = seedtool(&work)
        .args(["synth", "--records", "10", "--out", "../schema"])
        .output()
        .unwrap();
    assert_refused(&out, &["`../schema` is the schema folder `"]);
    assert_eq!(everything(dir.path()), before);
    // Inside the repository is where `dist/` goes.
    let out = seedtool(&work)
        .env("HOME", &home)
        .args(["build", "--quiet", "--out", "dist"])
        .output()
        .unwrap();
    assert_ok(&out);
}

#[test]
fn build_refuses_a_folder_holding_files_it_did_not_write() {
    let dir = mini();
    let docs = dir.path().join("mydocs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    for (name, text) in [
        ("thesis.txt", "four years"),
        ("notes.md", "# notes"),
        ("sub/draft.md", "draft"),
        ("zeta.txt", "z"),
    ] {
        std::fs::write(docs.join(name), text).unwrap();
    }
    let before = everything(dir.path());
    let out = run(dir.path(), &["build", "--out", "mydocs"]);
    assert_refused(
        &out,
        &[
            "`mydocs` holds files this tool did not write: notes.md, sub/draft.md, thesis.txt, \
             … and 1 more; choose an empty or new folder",
        ],
    );
    assert_eq!(everything(dir.path()), before);
    assert_eq!(
        std::fs::read(docs.join("thesis.txt")).unwrap(),
        b"four years"
    );
    // A single file of the user's in an earlier output is enough.
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "dist"]));
    std::fs::write(dir.path().join("dist/csv/mine.csv"), "a,b").unwrap();
    let before = everything(dir.path());
    let out = run(dir.path(), &["build", "--out", "dist"]);
    assert_refused(
        &out,
        &["`dist` holds files this tool did not write: csv/mine.csv;"],
    );
    assert_eq!(everything(dir.path()), before);
}

#[test]
fn build_refuses_an_output_inside_or_around_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixtures().join("mini"), &dir.path().join("data/seeds"));
    std::os::unix::fs::symlink(dir.path().join("data/seeds"), dir.path().join("alias")).unwrap();
    let before = everything(dir.path());
    for (target, expected) in [
        (
            "data/seeds/dist",
            "`data/seeds/dist` lies inside the seeds folder `data/seeds`",
        ),
        ("data", "`data` contains the seeds folder `data/seeds`"),
        ("alias", "`alias` is the seeds folder `data/seeds`"),
        ("alias/dist", "lies inside the seeds folder"),
    ] {
        let out = run(
            dir.path(),
            &["build", "--seeds", "data/seeds", "--out", target],
        );
        assert_refused(&out, &[expected]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    }
    // `check` only reads the folder it compares, and generates afresh in a temporary folder.
    let out = run(
        dir.path(),
        &["check", "--seeds", "data/seeds", "--out", "data/seeds/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stale: data/seeds/x/CODEBOOK.md is missing")
    );
    assert_eq!(everything(dir.path()), before);
}

#[test]
fn export_refuses_a_folder_holding_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mydocs")).unwrap();
    std::fs::write(dir.path().join("mydocs/thesis.txt"), "four years").unwrap();
    let before = everything(dir.path());
    let out = export(dir.path(), "mydocs");
    assert_refused(
        &out,
        &[
            "`mydocs` holds files this tool did not write: thesis.txt; choose an empty or new folder",
        ],
    );
    assert_eq!(everything(dir.path()), before);
}

#[test]
fn export_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_dir(&fixtures().join("generic"), &data);
    let before = everything(dir.path());
    let args = |out: &str| {
        [
            "export",
            "--quiet",
            "--schema",
            "data/flights.schema.json",
            "--input",
            "data/flights.jsonl",
            "--out",
            out,
        ]
        .map(str::to_owned)
    };
    for (target, expected) in [
        (
            "data",
            "`data` is the folder holding `data/flights.schema.json`",
        ),
        ("data/.", "is the folder holding"),
        (".", "`.` is the current folder"),
    ] {
        let out = seedtool(dir.path()).args(args(target)).output().unwrap();
        assert_refused(&out, &[expected]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    }
    let input_elsewhere = seedtool(dir.path())
        .args(["export", "--quiet", "--schema"])
        .arg(fixtures().join("generic/flights.schema.json"))
        .args(["--input", "data/flights.jsonl", "--out", "data"])
        .output()
        .unwrap();
    assert_refused(
        &input_elsewhere,
        &["is the folder holding `data/flights.jsonl`"],
    );
    assert_eq!(everything(dir.path()), before);
    // A new folder beside or inside the input's is fine.
    let out = seedtool(dir.path())
        .args(args("data/out"))
        .output()
        .unwrap();
    assert_ok(&out);
}

#[test]
fn synth_refuses_the_seeds_and_a_folder_holding_files_it_did_not_write() {
    let dir = mini();
    std::fs::create_dir(dir.path().join("mydocs")).unwrap();
    std::fs::write(dir.path().join("mydocs/notes.md"), "# notes").unwrap();
    let before = everything(dir.path());
    for (target, expected) in [
        ("seeds", "`seeds` is the seeds folder: "),
        (
            "seeds/synthetic",
            "`seeds/synthetic` lies inside the seeds folder `seeds`",
        ),
        (".", "`.` is the current folder"),
        (
            "mydocs",
            "`mydocs` holds files this tool did not write: notes.md;",
        ),
    ] {
        let out = run(dir.path(), &["synth", "--records", "100", "--out", target]);
        assert_refused(&out, &[expected]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    }
    // Its own earlier output it replaces, even named `seeds`.
    let fresh = tempfile::tempdir().unwrap();
    for records in ["300", "100"] {
        assert_ok(&run(
            fresh.path(),
            &["synth", "--records", records, "--out", "seeds"],
        ));
    }
    assert!(!fresh.path().join("seeds/a000002").exists());
    assert_ok(&run(fresh.path(), &["build", "--quiet", "--out", "dist"]));
}

#[test]
fn schema_refuses_the_seeds_the_current_folder_and_foreign_files() {
    let dir = mini();
    std::fs::create_dir(dir.path().join("mydocs")).unwrap();
    std::fs::write(dir.path().join("mydocs/notes.md"), "# notes").unwrap();
    let before = everything(dir.path());
    for (target, expected) in [
        ("seeds", "`seeds` is the seeds folder: "),
        ("seeds/schema", "lies inside the seeds folder `seeds`"),
        (".", "`.` is the current folder"),
        ("..", "contains the current folder"),
        (
            "mydocs",
            "`mydocs` holds files this tool did not write: notes.md;",
        ),
    ] {
        let out = run(dir.path(), &["schema", "--out", target]);
        assert_refused(&out, &[expected]);
        assert_eq!(everything(dir.path()), before, "--out {target}");
    }
    // Writing the schema folder is its job, again and again.
    assert_ok(&run(dir.path(), &["schema"]));
    assert_ok(&run(dir.path(), &["schema", "--out", "schema"]));
    assert!(dir.path().join("schema/seeds.schema.json").is_file());
}

#[test]
fn rebuilding_over_an_earlier_output_still_works() {
    let dir = mini();
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "dist"]));
    let first = snapshot_dir(&dir.path().join("dist"));
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "dist"]));
    assert_eq!(snapshot_dir(&dir.path().join("dist")), first);

    let out = export(dir.path(), "table");
    assert_ok(&out);
    let sums = std::fs::read_to_string(dir.path().join("table/SHA256SUMS")).unwrap();
    let listed: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
    let mut expected: Vec<String> = formats()
        .iter()
        .flat_map(|f| format_files(f.as_ref(), &["flights"], "flights"))
        .map(|(rel, _)| rel)
        .collect();
    // SQLite's Datasette metadata, beside the database.
    expected.push("sqlite/metadata.json".to_owned());
    // An export publishes its data package and codebook beside the tables, as a build does.
    expected.extend(["datapackage.json".to_owned(), "CODEBOOK.md".to_owned()]);
    expected.sort();
    assert_eq!(listed, expected);
    let first = snapshot_dir(&dir.path().join("table"));
    assert_ok(&export(dir.path(), "table"));
    assert_eq!(snapshot_dir(&dir.path().join("table")), first);
}

#[test]
fn build_into_an_empty_existing_folder_works() {
    let dir = mini();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "empty"]));
    assert!(dir.path().join("empty/SHA256SUMS").is_file());
    std::fs::create_dir(dir.path().join("empty-too")).unwrap();
    assert_ok(&export(dir.path(), "empty-too"));
}

#[test]
fn leftover_removal_spares_files_the_tool_did_not_make() {
    let dir = mini();
    let mine = dir.path().join(".dist.tmp-mine");
    std::fs::write(&mine, "my file").unwrap();
    let folder = dir.path().join(".dist.tmp-folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.md"), "# notes").unwrap();
    let empty = dir.path().join(".dist.tmp-empty");
    std::fs::create_dir(&empty).unwrap();
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "dist"]));
    assert_ok(&run(dir.path(), &["build", "--quiet", "--out", "dist"]));
    assert_eq!(std::fs::read(&mine).unwrap(), b"my file");
    assert_eq!(std::fs::read(folder.join("notes.md")).unwrap(), b"# notes");
    assert!(empty.is_dir());
    let (_, names) = everything(dir.path());
    assert_eq!(
        names,
        [
            ".dist.tmp-empty",
            ".dist.tmp-folder",
            ".dist.tmp-mine",
            "dist",
            "seeds"
        ]
    );
}
