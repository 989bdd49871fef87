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

/// The SHA-256 of the article as first copied from the shared seed
/// `000_d3f64fa72d123178.txt`, pinned here so that the text and the hash in `source.json` cannot
/// change together unnoticed.
const ARTICLE_SHA256: &str = "850c8467d9023d3bc2dde0748918225ff27e6e503507026cf8e64f9768363258";

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[test]
fn the_article_copy_is_byte_identical_to_the_shared_seed() {
    let copy = std::fs::read(root().join("seeds/edm-4-55/article.txt")).unwrap();
    assert_eq!(
        sha256_hex(&copy),
        ARTICLE_SHA256,
        "seeds/edm-4-55/article.txt is no longer the shared seed byte for byte"
    );
    // Where the shared seed itself stands beside the repository, it must be the pinned text too.
    let shared = root().join("../shared/seeds/000_d3f64fa72d123178.txt");
    if let Ok(reference) = std::fs::read(&shared) {
        assert_eq!(copy, reference, "{} differs", shared.display());
    }
}

#[test]
fn the_source_record_pins_the_shared_seed() {
    let source: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("seeds/edm-4-55/source.json")).unwrap())
            .unwrap();
    let pinned = source["sources"][0]["sha256"].as_str();
    assert_eq!(
        pinned,
        Some(ARTICLE_SHA256),
        "source.json pins another text"
    );
}
