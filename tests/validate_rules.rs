//! Each validation rule catches its fault: one fixture per rule, named after it, checked for exit
//! code, rule, file, line, column and record.

mod common;

use common::{mini, mini_with, seedtool, validate_json};
use serde_json::Value;

/// (fixture, rule, file, line, column, record)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    u64,
    u64,
    Option<&'static str>,
);

const CASES: &[Case] = &[
    (
        "syntax-trailing-comma.json",
        "syntax",
        "broken.json",
        4,
        50,
        None,
    ),
    ("syntax-truncated.json", "syntax", "broken.json", 5, 1, None),
    ("syntax-comment.json", "syntax", "broken.json", 3, 3, None),
    ("syntax-nan.json", "syntax", "broken.json", 4, 44, None),
    (
        "syntax-number-out-of-range.json",
        "syntax",
        "broken.json",
        4,
        48,
        None,
    ),
    (
        "syntax-empty-file.json",
        "syntax",
        "broken.json",
        1,
        1,
        None,
    ),
    ("encoding-bom.json", "encoding", "broken.json", 1, 1, None),
    (
        "encoding-invalid-utf8.json",
        "encoding",
        "broken.json",
        4,
        49,
        None,
    ),
    (
        "schema-unknown-field.json",
        "schema",
        "broken.json",
        4,
        55,
        Some("kabul"),
    ),
    (
        "schema-missing-field.json",
        "schema",
        "broken.json",
        4,
        5,
        Some("kabul"),
    ),
    (
        "schema-wrong-type.json",
        "schema",
        "broken.json",
        4,
        54,
        Some("tass"),
    ),
    (
        "schema-impossible-date.json",
        "schema",
        "broken.json",
        8,
        25,
        Some("visit"),
    ),
    (
        "schema-unknown-enum-value.json",
        "schema",
        "broken.json",
        4,
        30,
        Some("kabul"),
    ),
    // A copy-and-paste slip: the second `id` would silently replace the first.
    (
        "duplicate-key.json",
        "duplicate-key",
        "broken.json",
        4,
        22,
        Some("kabul"),
    ),
    // The later of the two records in load order is reported; broken.json sorts first.
    (
        "duplicate-id.json",
        "duplicate-id",
        "edm/records.json",
        21,
        13,
        Some("tajikistan"),
    ),
    (
        "dangling-reference.json",
        "dangling-reference",
        "broken.json",
        8,
        17,
        Some("qayumova-located-in-dushanbe"),
    ),
    // A role held by an entity of a kind the role does not allow: a person as a destination.
    (
        "wrong-reference-kind-role.json",
        "wrong-reference-kind",
        "broken.json",
        7,
        36,
        Some("law-sent"),
    ),
    (
        "link-cycle.json",
        "link-cycle",
        "broken.json",
        7,
        28,
        Some("law-debated"),
    ),
    (
        "part-exceeds-whole.json",
        "part-exceeds-whole",
        "broken.json",
        8,
        18,
        Some("law-year-counted"),
    ),
    (
        "occurred-after-publication.json",
        "occurred-after-publication",
        "broken.json",
        7,
        25,
        Some("law-signed"),
    ),
    (
        "wording-not-in-evidence.json",
        "wording-not-in-evidence",
        "broken.json",
        7,
        73,
        Some("law-signed"),
    ),
    (
        "mention-missing.json",
        "mention-missing",
        "broken.json",
        6,
        19,
        Some("rano-qayumova"),
    ),
    (
        "wrong-reference-kind.json",
        "wrong-reference-kind",
        "broken.json",
        6,
        18,
        Some("odd-statement"),
    ),
    (
        "date-range-reversed.json",
        "date-range",
        "broken.json",
        9,
        66,
        Some("assembly-part-of-tajikistan"),
    ),
    (
        "date-precision-misaligned.json",
        "date-range",
        "broken.json",
        11,
        27,
        Some("law-year-again"),
    ),
    (
        "country-code.json",
        "country-code",
        "broken.json",
        4,
        66,
        Some("kabul"),
    ),
    (
        "quote-not-found.json",
        "quote-not-found",
        "broken.json",
        8,
        48,
        Some("law-signed"),
    ),
    (
        "quote-ambiguous.json",
        "quote-ambiguous",
        "broken.json",
        8,
        48,
        Some("terror-mention"),
    ),
    (
        "quote-occurrence-out-of-range.json",
        "quote-ambiguous",
        "broken.json",
        8,
        84,
        Some("terror-mention"),
    ),
    (
        "source-hash.json",
        "source-hash",
        "broken.json",
        8,
        17,
        Some("edm-copy"),
    ),
    (
        "source-path-escapes.json",
        "source-path",
        "broken.json",
        7,
        15,
        Some("outside"),
    ),
    (
        "source-path-absolute.json",
        "source-path",
        "broken.json",
        7,
        15,
        Some("outside"),
    ),
    (
        "source-kind.json",
        "source-kind",
        "broken.json",
        4,
        52,
        Some("tass"),
    ),
    (
        "copied-wording.json",
        "copied-wording",
        "broken.json",
        7,
        18,
        Some("ct-bodies-changed"),
    ),
    ("syntax-infinity.json", "syntax", "broken.json", 4, 45, None),
    (
        "spreadsheet-formula.json",
        "spreadsheet-formula",
        "broken.json",
        4,
        46,
        Some("kabul"),
    ),
    // The rules of the coding manual.
    (
        "two-way-order.json",
        "two-way-order",
        "broken.json",
        6,
        18,
        Some("qayumova-cooperates-with-assembly"),
    ),
    (
        "relation-id.json",
        "relation-id",
        "broken.json",
        5,
        13,
        Some("qayumova-in-assembly"),
    ),
    // March 15 in the id of an event dated March 14.
    (
        "id-date.json",
        "id-date",
        "broken.json",
        5,
        13,
        Some("law-passed-again-2007-03-15"),
    ),
    (
        "reporter-in-evidence.json",
        "reporter-in-evidence",
        "broken.json",
        8,
        22,
        Some("law-adopted-1999"),
    ),
    (
        "evidence-covers-ends.json",
        "evidence-covers-ends",
        "broken.json",
        8,
        17,
        Some("assembly-part-of-tajikistan"),
    ),
    // Each quote is exactly one mention: names, not the words that state the fact.
    (
        "evidence-covers-ends-bare-name.json",
        "evidence-covers-ends",
        "broken.json",
        9,
        19,
        Some("assembly-part-of-tajikistan"),
    ),
    (
        "entity-unmentioned.json",
        "entity-unmentioned",
        "broken.json",
        4,
        13,
        Some("kabul"),
    ),
];

#[test]
fn the_valid_fixture_passes() {
    let dir = mini();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["valid"], Value::Bool(true));
}

#[test]
fn every_rule_reports_its_fault_where_it_is() {
    let mut failures = Vec::new();
    for &(fixture, rule, file, line, column, record) in CASES {
        let dir = mini_with(fixture);
        let (code, report) = validate_json(dir.path());
        let diagnostics = report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let found = diagnostics.iter().any(|d| {
            d["rule"] == rule
                && d["file"] == format!("seeds/{file}")
                && d["line"] == line
                && d["column"] == column
                && d["record"].as_str() == record
        });
        if code != 1 || !found || diagnostics.len() != 1 {
            failures.push(format!("{fixture}: exit {code}, got {diagnostics:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_broken_input_changes_the_previous_build() {
    let mut failures = Vec::new();
    for &(fixture, ..) in CASES {
        let dir = mini();
        let built = seedtool(dir.path()).arg("build").output().unwrap();
        common::assert_success(&built);
        let before = common::snapshot_dir(dir.path());
        std::fs::copy(
            common::fixtures().join("invalid").join(fixture),
            dir.path().join("seeds/broken.json"),
        )
        .unwrap();
        let out = seedtool(dir.path()).arg("build").output().unwrap();
        std::fs::remove_file(dir.path().join("seeds/broken.json")).unwrap();
        if out.status.code() != Some(1) || common::snapshot_dir(dir.path()) != before {
            failures.push(format!(
                "{fixture}: exit {:?} or the folder changed",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs `command` with `--format json` in `dir`; gives its exit code and report.
fn report_of(dir: &std::path::Path, command: &[&str]) -> (Option<i32>, Value) {
    let out = seedtool(dir)
        .args(command)
        .args(["--format", "json", "--quiet"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), report)
}

#[test]
fn build_reports_exactly_what_validate_reports_and_writes_nothing() {
    let mut failures = Vec::new();
    for &(fixture, ..) in CASES {
        let dir = mini_with(fixture);
        let before = common::snapshot_dir(dir.path());
        let validated = report_of(dir.path(), &["validate"]);
        let built = report_of(dir.path(), &["build", "--out", "dist"]);
        if validated.0 != Some(1) || built != validated {
            failures.push(format!(
                "{fixture}: validate gave {validated:#?}\nbuild gave {built:#?}"
            ));
        }
        if common::snapshot_dir(dir.path()) != before {
            failures.push(format!("{fixture}: build wrote files"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn build_reports_a_source_path_out_of_the_seeds_as_validate_does() {
    // The article's source record is in a file of its own, as in the shipped seeds: the files
    // quoting it are clean on their own, but their quotes cannot be placed in a refused text.
    let dir = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("seeds"), &dir.path().join("seeds"));
    std::fs::copy(
        repo.join("seeds/edm-4-55/article.txt"),
        dir.path().join("article.txt"),
    )
    .unwrap();
    let source = dir.path().join("seeds/edm-4-55/source.json");
    let text = std::fs::read_to_string(&source).unwrap();
    let moved = text.replace(
        r#""path": "edm-4-55/article.txt""#,
        r#""path": "../article.txt""#,
    );
    assert_ne!(moved, text);
    std::fs::write(&source, moved).unwrap();
    let before = common::snapshot_dir(dir.path());
    let validated = report_of(dir.path(), &["validate"]);
    let built = report_of(dir.path(), &["build", "--out", "dist"]);
    assert_eq!(validated.0, Some(1), "{:#}", validated.1);
    assert_eq!(validated.1["diagnostics"][0]["rule"], "source-path");
    assert_eq!(built, validated);
    assert_eq!(common::snapshot_dir(dir.path()), before);
}

#[test]
fn an_unknown_reference_suggests_the_nearest_ids_of_the_kind_wanted() {
    let dir = mini_with("dangling-reference.json");
    let source = dir.path().join("seeds/broken.json");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replace(r#""subject": "qayumova""#, r#""subject": "qayumva""#),
    )
    .unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let subject = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pointer"] == "/relations/0/subject")
        .unwrap();
    assert_eq!(subject["rule"], "dangling-reference");
    let expected = subject["expected"].as_str().unwrap();
    assert!(expected.ends_with("did you mean `qayumova`?"), "{expected}");
    // `dushanbe` is near no id.
    let object = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pointer"] == "/relations/0/object")
        .unwrap();
    assert!(
        !object["expected"]
            .as_str()
            .unwrap()
            .contains("did you mean")
    );
}

#[test]
fn a_duplicate_key_is_placed_at_the_second_key_and_names_the_first() {
    let dir = mini_with("duplicate-key.json");
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["pointer"], "/entities/0/id");
    assert_eq!(d["found"], "`id` a second time; the first is at 4:7");
}

#[test]
fn every_duplicate_key_of_a_file_is_reported() {
    let dir = mini();
    std::fs::write(
        dir.path().join("seeds/broken.json"),
        r#"{"entities": [{"id": "a", "kind": "city", "kind": "city", "name": "A"}],
  "events": [{"id": "b", "summary": "x", "summary": "y"}], "events": []}"#,
    )
    .unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["pointer"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("duplicate-key", "/entities/0/kind"),
            ("duplicate-key", "/events/0/summary"),
            ("duplicate-key", "/events")
        ]
    );
}

#[test]
fn a_duplicate_key_in_a_json_lines_record_is_placed_at_its_line() {
    let dir = mini();
    std::fs::write(
        dir.path().join("seeds/more.entities.jsonl"),
        "{\"id\": \"a\", \"kind\": \"city\", \"name\": \"A\"}\n\n{\"id\": \"b\", \"kind\": \"city\", \"id\": \"c\", \"name\": \"B\"}\n",
    )
    .unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "duplicate-key");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(29))
    );
    assert_eq!(d["pointer"], "/entities/1/id");
    assert_eq!(d["record"], "b");
    assert_eq!(d["found"], "`id` a second time; the first is at 3:2");
}

#[test]
fn every_fixture_is_covered_by_a_case() {
    let dir = common::fixtures().join("invalid");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut cased: Vec<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    cased.sort();
    assert_eq!(names, cased);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let dir = mini();
    for name in [
        "dangling-reference.json",
        "country-code.json",
        "quote-not-found.json",
    ] {
        std::fs::copy(
            common::fixtures().join("invalid").join(name),
            dir.path().join("seeds").join(name),
        )
        .unwrap();
    }
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["country-code", "dangling-reference", "quote-not-found"]
    );
}

#[test]
fn a_source_text_reached_through_a_symlink_outside_is_refused() {
    let dir = mini();
    let outside = dir.path().join("outside.txt");
    std::fs::copy(dir.path().join("seeds/edm/article.txt"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("seeds/edm/linked.txt")).unwrap();
    let record = r#"{"$schema": "../schema/seeds.schema.json", "sources": [{"id": "linked", "kind": "article",
        "path": "edm/linked.txt", "sha256": "0a9145f3a06461b48c1a6fa887c20ecd167ef6897ca7f7efee0e860d756221dc"}]}"#;
    std::fs::write(dir.path().join("seeds/linked.json"), record).unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "source-path");
    assert!(
        d["message"].as_str().unwrap().contains("through a link"),
        "{d:#}"
    );
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let dir = mini();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("seeds/deep.json"), deep).unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(report["diagnostics"][0]["rule"], "syntax");
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit")
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = mini();
    let out = seedtool(dir.path())
        .args(["validate", "--format", "json", "--max-file-size", "1000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["rule"], "file-too-large");
    assert_eq!(report["diagnostics"][0]["file"], "seeds/edm/records.json");
}

#[test]
fn a_missing_seeds_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = seedtool(dir.path())
        .args(["validate", "--seeds", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nowhere"), "{stderr}");
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = seedtool(dir.path())
        .args(["validate", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn human_output_shows_location_record_and_the_offending_line() {
    let dir = mini_with("quote-not-found.json");
    let out = seedtool(dir.path()).arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_syntax_error_is_shown_in_its_line() {
    let dir = mini_with("syntax-trailing-comma.json");
    let out = seedtool(dir.path()).arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("seeds/broken.json:4:50"), "{stderr}");
    assert!(
        stderr.contains(r#"4 │     { "id": "a", "kind": "country", "name": "A", },"#),
        "{stderr}"
    );
}

#[test]
fn a_cycle_across_files_is_reported_in_each_file_at_its_link() {
    let dir = mini();
    let event = |id: &str, to: &str| {
        format!(
            r#"{{"$schema": "x/seeds.schema.json", "events": [{{"id": "{id}", "kind": "meeting", "status": "occurred", "summary": "Officials met.", "links": [{{"event": "law-passed", "relation": "part_of"}}, {{"event": "{to}", "relation": "result_of"}}], "evidence": [{{"source": "edm", "quote": "Qayumova said"}}]}}]}}"#
        )
    };
    std::fs::write(dir.path().join("seeds/a.json"), event("first", "second")).unwrap();
    std::fs::write(dir.path().join("seeds/b.json"), event("second", "first")).unwrap();
    let (code, report) = validate_json(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let found: Vec<(&str, &str, &str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            (
                d["rule"].as_str().unwrap(),
                &file[file.len() - 6..],
                d["pointer"].as_str().unwrap(),
                d["found"].as_str().unwrap(),
            )
        })
        .collect();
    let circle = "a circle through `first`, `second`";
    assert_eq!(
        found,
        [
            ("link-cycle", "a.json", "/events/0/links/1/event", circle),
            ("link-cycle", "b.json", "/events/0/links/1/event", circle),
        ]
    );
}
