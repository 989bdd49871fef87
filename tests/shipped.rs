//! The shipped seeds and generated files: valid, fully covered by evidence, and current.

mod common;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_schema_matches_the_types() {
    for (name, text) in tajik_ct_dataset::schema::generated_files() {
        let committed =
            std::fs::read_to_string(root().join("schema").join(&name)).unwrap_or_default();
        assert!(
            committed == text,
            "schema/{name} drifted from the types: run `cargo run -- schema`"
        );
    }
}

#[test]
fn the_shipped_seeds_are_valid() {
    let out = common::seedtool(root()).arg("validate").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn evidence_touches_every_sentence_of_the_article() {
    let out = common::seedtool(root())
        .args(["coverage", "--require", "100"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_article_copy_is_byte_identical_to_the_shared_seed() {
    let shared = root().join("../shared/seeds/000_d3f64fa72d123178.txt");
    let Ok(reference) = std::fs::read(&shared) else {
        // The reference lives beside the repository; its hash is pinned in the seeds too.
        return;
    };
    let copy = std::fs::read(root().join("seeds/edm-4-55/article.txt")).unwrap();
    assert_eq!(copy, reference);
}
