//! The metadata publishers read, pinned: the data package, the codebook, the Croissant file and
//! the dataset card of the small fixture, and its `CITATION.cff`, as insta snapshots, so that any
//! change to them shows in review.

mod common;

use common::{build_ok, mini};

#[test]
fn the_data_package_and_codebook_of_the_small_fixture() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    for name in ["datapackage.json", "CODEBOOK.md"] {
        let text = std::fs::read_to_string(dir.path().join("dist").join(name)).unwrap();
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_croissant_file_card_and_citation_of_the_small_fixture() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let out = common::seedtool(dir.path())
        .arg("citation")
        .output()
        .unwrap();
    assert!(out.status.success());
    for (name, path) in [
        ("croissant.json", "dist/croissant.json"),
        ("card.md", "dist/README.md"),
        ("CITATION.cff", "CITATION.cff"),
    ] {
        let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
        insta::assert_snapshot!(name, text);
    }
}
