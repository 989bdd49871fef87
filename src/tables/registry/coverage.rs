//! Every field of every record type reaches a column of a table its list feeds, or is listed
//! below as deliberately left out, with the reason. A field added to the model and forgotten in
//! its row struct fails here instead of vanishing from every export.
//!
//! The fields are read from each record type's JSON Schema (schemars), down to the leaves of
//! nested objects (`when.precision`, `attributions.evidence.quote`).

use serde_json::Value;

use super::specs;
use crate::dataset::RecordList;
use crate::schema::{resolve, unwrap_nullable};
use crate::tables::TableSpec;

/// How a field's path is spelled as a column when not simply joined with `_` (a reference `x`
/// may also be the column `x_id`): a prefix of the joined path, and what it becomes.
const SPELLINGS: &[(&str, &str)] = &[
    // A record's `when` is published as `date`, `date_precision`, `date_end`, `date_as_written`.
    ("when_date", "date"),
    ("when_", "date_"),
    // A source's publication date is the `published` column itself.
    ("published_date", "published"),
    // An attribution's `date` (a date spec) is its row's `date`, `date_precision`, ...
    ("date_date", "date"),
    // An attribution's own evidence is its row's `source_id` and `quote`.
    ("evidence_", ""),
    // One row of `entity_aliases` per alias.
    ("aliases", "alias"),
    // A claim's holder is `holder_source_id` (an author) or `holder_entity_id` (an entity).
    ("holder", "holder_entity"),
];

/// Lists of a record published as a link table whose name is not `<owner>_<field>`: the field,
/// and the table.
const LINK_TABLES: &[(&str, &str)] = &[("about", "claim_subjects")];

/// Fields that reach no column, on purpose or as published so far: (list, or `*` for any, the
/// field's dotted path, why).
const LEFT_OUT: &[(&str, &str, &str)] = &[
    (
        "*",
        "evidence.occurrence",
        "which occurrence a quote means is published as its offsets (char_start .. byte_end)",
    ),
    (
        "entities",
        "mentions.occurrence",
        "as for evidence: a mention's offsets say which occurrence is meant",
    ),
    (
        "*",
        "attributions.evidence.occurrence",
        "as for evidence: the credit's offsets say which occurrence is meant",
    ),
];

/// The paths of the leaf fields of the object `node` of `root`, each as its segments.
fn leaves(root: &Value, node: &Value, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let Some(properties) = node.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, field) in properties {
        let mut path = prefix.to_vec();
        path.push(name.clone());
        let (inner, _) = unwrap_nullable(root, field);
        let inner = match inner.get("items") {
            Some(items) => resolve(root, items),
            None => inner,
        };
        if inner.get("properties").is_some() {
            leaves(root, inner, &path, out);
        } else {
            out.push(path);
        }
    }
}

/// `path` joined with `_`, spelled as a column.
fn spell(path: &[String]) -> String {
    let joined = path.join("_");
    SPELLINGS
        .iter()
        .find_map(|(from, to)| joined.strip_prefix(from).map(|rest| format!("{to}{rest}")))
        .unwrap_or(joined)
}

/// Whether `path`, a field of a record of `list`, reaches a column of a table `list` feeds. A
/// path whose first segment names a link table (`evidence`, `participants` of
/// `event_participants`) is looked for in that table alone, without that segment.
fn reaches(path: &[String], fed: &[&TableSpec]) -> bool {
    let named = LINK_TABLES
        .iter()
        .find_map(|(field, table)| (*field == path[0]).then_some(*table));
    let link = fed.iter().find(|t| {
        named.map_or(
            t.name == path[0] || t.name.ends_with(&format!("_{}", path[0])),
            |n| t.name == n,
        )
    });
    let (tables, rest): (Vec<&TableSpec>, &[String]) = match link {
        Some(t) if path.len() > 1 => (vec![*t], &path[1..]),
        Some(t) => (vec![*t], path),
        None => (fed.to_vec(), path),
    };
    let column = spell(rest);
    tables.iter().any(|t| {
        t.columns
            .iter()
            .any(|c| c.name == column || c.name == format!("{column}_id"))
    })
}

fn left_out(list: RecordList, dotted: &str) -> bool {
    LEFT_OUT
        .iter()
        .any(|(l, path, _)| (*l == "*" || *l == list.key()) && *path == dotted)
}

#[test]
fn every_model_field_reaches_a_column_or_is_left_out_on_purpose() {
    let specs = specs().unwrap();
    let mut lost = Vec::new();
    let mut excused = Vec::new();
    for list in RecordList::ALL {
        let fed: Vec<&TableSpec> = specs.iter().filter(|s| s.owners.contains(&list)).collect();
        assert!(!fed.is_empty(), "{} feeds no table", list.key());
        let schema = list.schema().to_value();
        let mut paths = Vec::new();
        leaves(&schema, &schema, &[], &mut paths);
        assert!(paths.len() > 2, "{}: {paths:?}", list.key());
        for path in paths {
            let dotted = path.join(".");
            if reaches(&path, &fed) {
                assert!(
                    !left_out(list, &dotted),
                    "{}.{dotted} is a column",
                    list.key()
                );
            } else if left_out(list, &dotted) {
                excused.push(dotted);
            } else {
                lost.push(format!("{}.{dotted}", list.key()));
            }
        }
    }
    assert!(lost.is_empty(), "fields that reach no column: {lost:?}");
    for (_, path, _) in LEFT_OUT {
        assert!(excused.iter().any(|e| e == path), "{path} is not a field");
    }
}

#[test]
fn a_field_without_a_column_is_caught() {
    let specs = specs().unwrap();
    let fed: Vec<&TableSpec> = specs.iter().filter(|s| s.name == "events").collect();
    let path = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert!(reaches(&path(&["place"]), &fed));
    assert!(reaches(&path(&["when", "as_written"]), &fed));
    assert!(!reaches(&path(&["weather"]), &fed));
}
