//! The guard's rules, on real folders: each refusal, and what an earlier output may hold.

use super::*;

const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A canonical temporary folder, and the places of a process running in its `work/`
/// (a repository, with `.git`) whose home is `home/`.
fn setup() -> (tempfile::TempDir, PathBuf, Places) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let work = root.join("home/repo/work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir(root.join("home/repo/.git")).unwrap();
    let places = Places::new(work, Some(root.join("home")));
    (tmp, root, places)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn reason(places: &Places, out: &Path, protect: &[Protect<'_>]) -> Option<String> {
    match check_from(places, out, Writes::Replace, protect) {
        Ok(()) => None,
        Err(Error::Refused { path, reason }) => {
            assert_eq!(path, out);
            Some(reason)
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn resolve_canonicalises_what_exists_and_appends_the_rest() {
    let (_tmp, root, places) = setup();
    let cwd = &places.cwd;
    assert_eq!(resolve(cwd, Path::new(".")), *cwd);
    assert_eq!(resolve(cwd, Path::new("..")), root.join("home/repo"));
    assert_eq!(resolve(cwd, Path::new("new/../..")), root.join("home/repo"));
    assert_eq!(resolve(cwd, Path::new("new/sub/.")), cwd.join("new/sub"));
    assert_eq!(resolve(cwd, &root.join("home/./x")), root.join("home/x"));
    std::os::unix::fs::symlink(root.join("home"), cwd.join("link")).unwrap();
    assert_eq!(resolve(cwd, Path::new("link/new")), root.join("home/new"));
    assert_eq!(resolve(cwd, Path::new("link/..")), root);
}

#[test]
fn the_seeds_folder_is_refused_as_the_output_inside_it_and_around_it() {
    let (_tmp, root, places) = setup();
    let seeds = places.cwd.join("data/seeds");
    write(&seeds.join("a.json"), "{}");
    let protect = [Protect::Seeds(&seeds)];
    let is = reason(&places, &seeds, &protect).unwrap();
    assert_eq!(
        is,
        "is the seeds folder: the output may not be it, lie inside it or contain it"
    );
    let inside = reason(&places, &seeds.join("dist"), &protect).unwrap();
    assert!(
        inside.starts_with("lies inside the seeds folder `"),
        "{inside}"
    );
    let around = reason(&places, &places.cwd.join("data"), &protect).unwrap();
    assert!(
        around.starts_with("contains the seeds folder `"),
        "{around}"
    );
    assert_eq!(reason(&places, &places.cwd.join("dist"), &protect), None);
    // Through a symbolic link too.
    std::os::unix::fs::symlink(&seeds, root.join("alias")).unwrap();
    let linked = reason(&places, &root.join("alias"), &protect).unwrap();
    assert!(linked.starts_with("is the seeds folder `"), "{linked}");
}

#[test]
fn the_current_folder_its_parents_the_repository_and_home_are_refused() {
    let (_tmp, root, places) = setup();
    let cases = [
        (".", "is the current folder `"),
        ("..", "is the repository root `"),
        ("../..", "is the home folder `"),
        ("../../..", "contains the current folder `"),
        ("/", "is the root folder"),
    ];
    for (out, expected) in cases {
        let r = reason(&places, Path::new(out), &[]).unwrap_or_default();
        assert!(r.starts_with(expected), "{out}: {r}");
    }
    assert!(
        reason(&places, Path::new("/"), &[])
            .unwrap()
            .ends_with("the output may not be it or contain it")
    );
    // Inside them is fine: `dist/` in the repository, a folder beside the repository.
    assert_eq!(reason(&places, Path::new("dist"), &[]), None);
    assert_eq!(reason(&places, &root.join("home/other"), &[]), None);
    let elsewhere = Places::new(root.join("home"), None);
    let slash = reason(&elsewhere, Path::new("/"), &[]).unwrap();
    assert!(slash.starts_with("is the root folder"), "{slash}");
    let bare = Places::new(PathBuf::from("/"), None);
    let r = reason(&bare, Path::new("/"), &[]).unwrap();
    assert!(r.starts_with("is the current folder"), "{r}");
}

#[test]
fn the_folder_of_an_input_may_hold_the_output_but_not_be_inside_it() {
    let (_tmp, _root, places) = setup();
    let input = places.cwd.join("in/records.jsonl");
    write(&input, "");
    let protect = [Protect::Input(&input)];
    let r = reason(&places, &places.cwd.join("in"), &protect).unwrap();
    assert!(r.starts_with("is the folder holding `"), "{r}");
    assert!(r.ends_with("the output may not be it or contain it"), "{r}");
    assert_eq!(reason(&places, &places.cwd.join("in/out"), &protect), None);
    let relative = [Protect::Input(Path::new("records.jsonl"))];
    let r = reason(&places, Path::new("."), &relative).unwrap();
    assert!(r.starts_with("is the current folder"), "{r}");
}

#[test]
fn the_seeds_and_schema_of_the_current_folder_and_repository_are_protected_unasked() {
    let (_tmp, root, places) = setup();
    write(&places.cwd.join("seeds/a.json"), "{}");
    write(&root.join("home/repo/schema/seeds.schema.json"), "{}");
    let r = reason(&places, Path::new("seeds"), &[]).unwrap();
    assert_eq!(
        r,
        "is the seeds folder: the output may not be it, lie inside it or contain it"
    );
    let r = reason(&places, &root.join("home/repo/schema/x"), &[]).unwrap();
    assert!(r.starts_with("lies inside the schema folder `"), "{r}");
    // `schema` may write into a schema folder, never into the seeds.
    let names = ["seeds.schema.json"];
    let schema = root.join("home/repo/schema");
    assert!(check_from(&places, &schema, Writes::Files(&names), &[]).is_ok());
    assert!(check_from(&places, Path::new("seeds"), Writes::Files(&names), &[]).is_err());
    // An empty seeds folder, or an earlier synthetic one, holds nothing to lose.
    std::fs::remove_file(places.cwd.join("seeds/a.json")).unwrap();
    assert_eq!(reason(&places, Path::new("seeds"), &[]), None);
    write(&places.cwd.join("seeds/a.json"), "{}");
    write(
        &places.cwd.join("seeds/SHA256SUMS"),
        &format!("{HASH}  a.json\n"),
    );
    assert_eq!(reason(&places, Path::new("seeds"), &[]), None);
}

#[test]
fn an_earlier_output_is_recognised_by_its_sums_and_anything_else_is_refused() {
    let (_tmp, _root, places) = setup();
    let out = places.cwd.join("out");
    write(&out.join("json/a.json"), "[]");
    write(&out.join("csv/a.csv"), "");
    std::fs::create_dir(out.join("empty")).unwrap();
    write(
        &out.join("SHA256SUMS"),
        &format!("{HASH}  csv/a.csv\n{HASH}  json/a.json\n"),
    );
    assert_eq!(reason(&places, &out, &[]), None);
    write(&out.join("json/notes.md"), "mine");
    let r = reason(&places, &out, &[]).unwrap();
    assert_eq!(
        r,
        "holds files this tool did not write: json/notes.md; choose an empty or new folder"
    );
    write(&out.join("SHA256SUMS"), "not checksums\n");
    let r = reason(&places, &out, &[]).unwrap();
    assert!(
        r.contains("SHA256SUMS, csv/a.csv, json/a.json, … and 1 more"),
        "{r}"
    );
    // Files mode: only the named files.
    let schema = places.cwd.join("schema-out");
    write(&schema.join("seeds.schema.json"), "{}");
    let names = ["seeds.schema.json"];
    assert!(check_from(&places, &schema, Writes::Files(&names), &[]).is_ok());
    write(&schema.join("sub/x"), "");
    let Err(Error::Refused { reason, .. }) =
        check_from(&places, &schema, Writes::Files(&names), &[])
    else {
        panic!("a folder holding a subfolder is refused");
    };
    assert!(reason.contains(": sub/;"), "{reason}");
}

#[test]
fn many_foreign_files_are_summed_up() {
    let found = Foreign {
        names: ["e", "b", "d", "a", "c"].map(str::to_owned).to_vec(),
        more: false,
    };
    assert_eq!(found.summary(), "a, b, c, … and 2 more");
    let found = Foreign {
        names: ["b", "a"].map(str::to_owned).to_vec(),
        more: true,
    };
    assert_eq!(found.summary(), "a, b");
}
