//! The single-file guard and the atomic replace, on real files.

use std::path::PathBuf;

use super::*;

const PAGE: Own = Own::Mark {
    what: "a page",
    mark: "<meta name=\"generator\" content=\"x\">",
    schema: false,
};

const SCHEMA: Own = Own::Mark {
    what: "a schema",
    mark: "{\"draft\"",
    schema: true,
};

/// A canonical temporary folder, and the places of a process running in it (a repository)
/// holding `seeds/a.json` and `schema/s.json`.
fn setup() -> (tempfile::TempDir, Places) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    for (rel, text) in [("seeds/a.json", "{}"), ("schema/s.json", "{\"draft\"")] {
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    }
    let places = Places::new(root, None);
    (tmp, places)
}

fn reason(places: &Places, out: &Path, own: Own, protect: &[Protect<'_>]) -> Option<String> {
    match check_from(places, out, own, protect) {
        Ok(()) => None,
        Err(Error::Refused { reason, .. }) => Some(reason),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_new_file_or_one_of_its_own_kind_may_be_written() {
    let (_tmp, places) = setup();
    let out = places.cwd.join("page.html");
    assert_eq!(reason(&places, &out, PAGE, &[]), None);
    std::fs::write(&out, "<head>\n<meta name=\"generator\" content=\"x\">\n").unwrap();
    assert_eq!(reason(&places, &out, PAGE, &[]), None);
    let sums = places.cwd.join("SHA256SUMS");
    std::fs::write(&sums, format!("{}  a.csv\n", "ab".repeat(32))).unwrap();
    assert_eq!(reason(&places, &sums, Own::Sums, &[]), None);
}

#[test]
fn a_file_the_tool_did_not_write_is_refused() {
    let (_tmp, places) = setup();
    let out = places.cwd.join("README.md");
    std::fs::write(&out, "# mine\n").unwrap();
    let r = reason(&places, &out, PAGE, &[]).unwrap();
    assert_eq!(
        r,
        "is not a page this tool wrote (it lacks `<meta name=\"generator\" content=\"x\">` at \
         its top): name a new file, or one this tool wrote"
    );
    let r = reason(&places, &out, Own::Sums, &[]).unwrap();
    assert!(
        r.starts_with("is not a checksum file this tool wrote"),
        "{r}"
    );
    // A mark further down than the top does not count.
    let late = format!(
        "{}<meta name=\"generator\" content=\"x\">",
        " ".repeat(5000)
    );
    std::fs::write(&out, late).unwrap();
    assert!(reason(&places, &out, PAGE, &[]).is_some());
}

#[test]
fn the_seeds_and_schema_folders_are_refused_but_schema_files_go_into_schema() {
    let (_tmp, places) = setup();
    let seeds = places.cwd.join("seeds");
    let r = reason(&places, &seeds.join("new.html"), PAGE, &[]).unwrap();
    assert!(r.starts_with("lies inside the seeds folder `"), "{r}");
    let r = reason(&places, &seeds.join("a.json"), SCHEMA, &[]).unwrap();
    assert!(r.starts_with("lies inside the seeds folder `"), "{r}");
    let r = reason(&places, &places.cwd.join("schema/p.html"), PAGE, &[]).unwrap();
    assert!(r.starts_with("lies inside the schema folder `"), "{r}");
    assert_eq!(
        reason(&places, &places.cwd.join("schema/s.json"), SCHEMA, &[]),
        None
    );
    // A seeds folder named otherwise, given by the command.
    let curated = places.cwd.join("curated");
    std::fs::create_dir(&curated).unwrap();
    let protect = [Protect::Seeds(&curated)];
    let r = reason(&places, &curated.join("x.html"), PAGE, &protect).unwrap();
    assert!(r.starts_with("lies inside the seeds folder `"), "{r}");
}

#[test]
fn a_folder_is_refused() {
    let (_tmp, places) = setup();
    let dir = places.cwd.join("folder");
    std::fs::create_dir(&dir).unwrap();
    let r = reason(&places, &dir, PAGE, &[]).unwrap();
    assert_eq!(r, "is a folder: name the file to write");
}

#[test]
fn the_replace_is_whole_and_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path: PathBuf = tmp.path().join("f.txt");
    std::fs::write(&path, "old").unwrap();
    write_atomic(&path, b"new", || Ok(())).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    let refused = write_atomic(&path, b"newer", || Err(Error::Usage("no".into())));
    assert!(refused.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn parent_of_a_bare_name_is_the_current_folder() {
    assert_eq!(parent_of(Path::new("a.cff")), Path::new("."));
    assert_eq!(parent_of(Path::new("x/a.cff")), Path::new("x"));
    assert_eq!(parent_of(Path::new("/a.cff")), Path::new("/"));
}
