//! The registry against itself: every key is a column, every foreign key points at a table's key.

use super::{TABLES, specs};

#[test]
fn every_table_has_a_distinct_name() {
    let specs = specs().unwrap();
    assert_eq!(specs.len(), TABLES.len());
    for (i, spec) in specs.iter().enumerate() {
        assert!(
            specs[..i].iter().all(|s| s.name != spec.name),
            "{} twice",
            spec.name
        );
    }
}

#[test]
fn every_foreign_key_is_a_column_that_names_another_tables_key() {
    let specs = specs().unwrap();
    for spec in specs {
        for fk in &spec.foreign_keys {
            let at = format!(
                "{}.{:?} → {}.{:?}",
                spec.name, fk.fields, fk.table, fk.reference
            );
            assert_eq!(fk.fields.len(), fk.reference.len(), "{at}");
            for field in &fk.fields {
                assert!(
                    spec.columns.iter().any(|c| c.name == *field),
                    "{at}: not a column of {}",
                    spec.name
                );
            }
            let target = specs.iter().find(|s| s.name == fk.table);
            let target = target.unwrap_or_else(|| panic!("{at}: no table {}", fk.table));
            assert_eq!(
                target.primary_key, fk.reference,
                "{at}: not the key of {}",
                fk.table
            );
        }
    }
}

#[test]
fn every_table_is_owned_by_some_list() {
    for spec in specs().unwrap() {
        assert!(!spec.owners.is_empty(), "{} has no owner", spec.name);
    }
}
