//! `site` end to end: the explorer page `build` publishes is the page `site` writes from the
//! published folder, byte for byte; it is listed in `SHA256SUMS`, embeds every table and text,
//! fetches nothing; and a dataset too large to embed is refused with exit 2. The page itself is
//! driven in a real browser by `tests/interop/test_explorer.py`.

mod common;

use common::{build_ok, mini, seedtool};
use serde_json::Value;

/// The JSON embedded in an explorer page.
fn embedded(html: &str) -> Value {
    let start = html
        .find(r#"<script type="application/json" id="dataset">"#)
        .unwrap();
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).unwrap()
}

#[test]
fn build_publishes_the_page_site_writes_from_the_published_folder() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let dist = dir.path().join("dist");
    let built = std::fs::read(dist.join("explorer.html")).unwrap();
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    assert!(
        sums.lines().any(|l| l.ends_with("  explorer.html")),
        "{sums}"
    );
    let out = seedtool(dir.path())
        .args(["site", "--out", "again.html"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert_eq!(std::fs::read(dir.path().join("again.html")).unwrap(), built);
    // The default writes over the published page, with the same bytes.
    let out = seedtool(dir.path()).arg("site").output().unwrap();
    common::assert_success(&out);
    assert_eq!(std::fs::read(dist.join("explorer.html")).unwrap(), built);
    let check = seedtool(dir.path())
        .args(["check", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!stderr.contains("explorer.html"), "{stderr}");
}

#[test]
fn site_keeps_the_published_checksums_true() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let dist = dir.path().join("dist");
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    // A page and its checksum from an older tool: `site` writes the current page and its line.
    let older = "<!DOCTYPE html>\n<meta name=\"generator\" content=\"seedtool site\">\n";
    std::fs::write(dist.join("explorer.html"), older).unwrap();
    let stale: String = sums
        .lines()
        .map(|line| match line.split_once("  ") {
            Some((_, "explorer.html")) => format!("{}  explorer.html\n", "0".repeat(64)),
            _ => format!("{line}\n"),
        })
        .collect();
    assert_ne!(stale, sums);
    std::fs::write(dist.join("SHA256SUMS"), &stale).unwrap();
    let out = seedtool(dir.path()).arg("site").output().unwrap();
    common::assert_success(&out);
    assert_eq!(
        std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap(),
        sums
    );
    for line in sums.lines() {
        let (sha, rel) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(dist.join(rel)).unwrap();
        assert_eq!(tajik_ct_dataset::hash::sha256_hex(&bytes), sha, "{rel}");
    }
}

#[test]
fn the_page_embeds_every_table_and_text_and_fetches_nothing() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let dist = dir.path().join("dist");
    let html = std::fs::read_to_string(dist.join("explorer.html")).unwrap();
    let data = embedded(&html);
    let specs = tajik_ct_dataset::tables::registry::specs().unwrap();
    let tables = data["tables"].as_array().unwrap();
    assert_eq!(tables.len(), specs.len());
    for (table, spec) in tables.iter().zip(specs) {
        assert_eq!(table["name"], spec.name.as_str());
        let json: Vec<Value> = serde_json::from_slice(
            &std::fs::read(dist.join(format!("json/{}.json", spec.name))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            table["rows"].as_array().unwrap().len(),
            json.len(),
            "{}",
            spec.name
        );
    }
    let texts = data["texts"].as_object().unwrap();
    assert!(!texts.is_empty());
    for text in texts.values() {
        assert!(text.as_str().is_some_and(|t| !t.is_empty()));
    }
    for needle in [" src=", "@import", "fetch(", "url(", "XMLHttpRequest"] {
        assert!(!html.contains(needle), "the page holds {needle}");
    }
    // An address appears only as a link to follow (the licence), never as something loaded.
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            let tag = &html[html[..at].rfind('<').unwrap_or(0)..at];
            assert!(
                html[..at].ends_with("href=\"") && tag.starts_with("<a "),
                "the page holds {scheme} outside a link: {}",
                &html[at.saturating_sub(40)..at + 20]
            );
        }
    }
}

#[test]
fn a_dataset_too_large_to_embed_is_refused_with_exit_2() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let table = dir.path().join("dist/json/entity_aliases.json");
    let row = r#"{"entity_id":"x","alias":"y"}"#;
    let rows = vec![row; tajik_ct_dataset::site::MAX_RECORDS + 1];
    std::fs::write(&table, format!("[\n{}\n]\n", rows.join(",\n"))).unwrap();
    let out = seedtool(dir.path())
        .args(["site", "--out", "big.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("20000"), "{stderr}");
    assert!(!dir.path().join("big.html").exists());
}

#[test]
fn a_text_that_is_not_the_sources_text_is_refused() {
    let dir = mini();
    build_ok(dir.path(), &[]);
    let sources: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/json/sources.json")).unwrap())
            .unwrap();
    let path = sources.iter().find_map(|s| s["path"].as_str()).unwrap();
    std::fs::write(dir.path().join(path), "another text\n").unwrap();
    let out = seedtool(dir.path())
        .args(["site", "--out", "page.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SHA-256"));
}
