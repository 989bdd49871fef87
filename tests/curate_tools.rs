//! The curators' commands end to end: `fmt` rewrites seeds files in the canonical layout and
//! `fmt --check` names those that are not; `locate` places a quote in the articles.

mod common;

use common::{mini, seedtool};

#[test]
fn fmt_check_names_a_file_out_of_layout_and_fmt_rewrites_it_once() {
    let dir = mini();
    let records = dir.path().join("seeds/edm/records.json");
    let before = std::fs::read_to_string(&records).unwrap();
    let check = seedtool(dir.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("edm/records.json"), "{stderr}");
    assert!(stderr.contains("dataset.json"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&records).unwrap(), before);

    let fmt = seedtool(dir.path()).arg("fmt").output().unwrap();
    common::assert_success(&fmt);
    let after = std::fs::read_to_string(&records).unwrap();
    assert_ne!(after, before);
    assert!(after.starts_with("{\n  \"$schema\": "), "{after}");
    let old: serde_json::Value = serde_json::from_str(&before).unwrap();
    let new: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(old, new, "only the layout changes");

    let again = seedtool(dir.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    common::assert_success(&again);
    let validate = seedtool(dir.path()).arg("validate").output().unwrap();
    common::assert_success(&validate);
}

#[test]
fn fmt_refuses_a_file_that_is_not_json_and_writes_nothing() {
    let dir = mini();
    let broken = dir.path().join("seeds/broken.json");
    std::fs::write(&broken, "{\"events\": [,]}").unwrap();
    let out = seedtool(dir.path()).arg("fmt").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{\"events\": [,]}"
    );
}

#[test]
fn the_shipped_seeds_are_in_canonical_form() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = seedtool(repo).args(["fmt", "--check"]).output().unwrap();
    common::assert_success(&out);
}

#[test]
fn locate_gives_every_occurrence_with_its_offsets() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["locate", "Qayumova", "--source", "edm"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("edm (edm/article.txt): 2 occurrence(s)\n"),
        "{text}"
    );
    // The first is in "According to Rano Qayumova," on line 3.
    let article = std::fs::read_to_string(dir.path().join("seeds/edm/article.txt")).unwrap();
    let byte = article.find("Qayumova").unwrap();
    let chars = article[..byte].chars().count();
    let line_start = article[..byte].rfind('\n').unwrap() + 1;
    let column = article[line_start..byte].chars().count() + 1;
    let first = format!(
        "  1: line 3, column {column}, characters {chars}..{}, bytes {byte}..{}\n",
        chars + 8,
        byte + 8
    );
    assert!(text.contains(&first), "{text}\nwanted {first}");
    assert!(text.contains("\n  2: line 3, "), "{text}");
}

#[test]
fn locate_says_how_far_a_missing_quote_matches() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["locate", "Tajikistan's parliament"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the first 10 characters match"), "{stderr}");
    assert!(stderr.contains("’s parliame"), "{stderr}");
}

#[test]
fn locate_refuses_an_unknown_source() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["locate", "Qayumova", "--source", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
