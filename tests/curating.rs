//! The coding manual (`CURATING.md`) agrees with the validator and the seeds: every rule the
//! validator reports is in its rule table, and every record id it cites exists.

use std::collections::BTreeSet;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manual() -> String {
    std::fs::read_to_string(repo().join("CURATING.md")).unwrap()
}

/// The kebab-case codes of the variants of `enum Rule` in `src/diagnostic.rs`.
fn rules() -> Vec<String> {
    let source = std::fs::read_to_string(repo().join("src/diagnostic.rs")).unwrap();
    let body = source
        .split_once("pub enum Rule {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .map(|(body, _)| body)
        .unwrap();
    body.lines()
        .filter_map(|l| l.trim().strip_suffix(','))
        .filter(|v| v.chars().all(char::is_alphanumeric) && !v.is_empty())
        .map(|v| {
            let mut code = String::new();
            for c in v.chars() {
                if c.is_uppercase() && !code.is_empty() {
                    code.push('-');
                }
                code.push(c.to_ascii_lowercase());
            }
            code
        })
        .collect()
}

/// The first cells of the manual's rule table, each a rule code in backticks.
fn table_rules(manual: &str) -> BTreeSet<String> {
    manual
        .lines()
        .skip_while(|l| !l.starts_with("| rule | breached when |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn every_rule_of_the_validator_is_in_the_manuals_rule_table() {
    let rules = rules();
    assert!(rules.len() > 20, "{rules:?}");
    assert!(rules.contains(&"mention-missing".to_owned()));
    let table = table_rules(&manual());
    let missing: Vec<&String> = rules.iter().filter(|r| !table.contains(*r)).collect();
    assert!(
        missing.is_empty(),
        "not in CURATING.md's rule table: {missing:?}"
    );
    let unknown: Vec<&String> = table.iter().filter(|r| !rules.contains(r)).collect();
    assert!(unknown.is_empty(), "in the table but no rule: {unknown:?}");
}

/// Every `id` value of the seeds.
fn seed_ids() -> BTreeSet<String> {
    fn walk(value: &serde_json::Value, ids: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(id)) = map.get("id") {
                    ids.insert(id.clone());
                }
                map.values().for_each(|v| walk(v, ids));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    let mut ids = BTreeSet::new();
    let mut stack = vec![repo().join("seeds")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap());
                walk(&value.unwrap(), &mut ids);
            }
        }
    }
    ids
}

/// Whether a backticked word of the manual reads as a record id: kebab-case words of `[a-z0-9]`,
/// at least two of them.
fn looks_like_id(word: &str) -> bool {
    word.contains('-')
        && word.bytes().any(|b| b.is_ascii_lowercase())
        && word.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Backticked kebab-case words of the manual that are not record ids: rule codes, and the
/// placeholders of the rename note.
const NOT_IDS: &[&str] = &["old-id", "new-id"];

#[test]
fn every_record_id_the_manual_cites_exists_in_the_seeds() {
    let manual = manual();
    let rules = rules();
    let ids = seed_ids();
    let cited: BTreeSet<&str> = manual
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| looks_like_id(w))
        .filter(|w| !rules.iter().any(|r| r == w) && !NOT_IDS.contains(w))
        .collect();
    assert!(cited.len() > 10, "{cited:?}");
    let missing: Vec<&&str> = cited.iter().filter(|w| !ids.contains(**w)).collect();
    assert!(
        missing.is_empty(),
        "CURATING.md cites ids no seeds record has: {missing:?}"
    );
}
