//! The metadata publishers read, pinned: the data package and the codebook of the small fixture,
//! as insta snapshots, so that any change to them shows in review.

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
