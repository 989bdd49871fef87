//! The foreign keys of the gate: the hashed keys of every table referred to, and each row's
//! references held to them (a generic child table's to its parent by every column of the key,
//! a row about a record to the record's table by `id`).

use hashbrown::{DefaultHashBuilder, HashMap};
use std::hash::{BuildHasher as _, Hash as _, Hasher as _};

use super::values::{Key, KeyColumn, KeyFiles, column, for_each_batch};
use super::{BatchKeys, RECORD_ID, RECORD_TABLE, TableRows};
use crate::error::Error;
use crate::gate::Expected;

/// The hashes of every key (all its columns together) of each table referred to, by table and
/// by the columns of the key: every table keyed by a lone `id` column (which the rows about a
/// record of any table name), and every table a foreign key names.
type KeySets = HashMap<String, HashMap<Vec<String>, KeyHashes>>;

/// The hashes of a table's keys, sorted: eight bytes a key, where a hash set takes two to three
/// times that (its spare room, and the copy while it grows).
#[derive(Debug, Default)]
pub(super) struct KeyHashes(Vec<u64>);

impl KeyHashes {
    /// Room for `rows` keys, so that gathering them never copies the hashes.
    fn with_capacity(rows: usize) -> Self {
        KeyHashes(Vec::with_capacity(rows))
    }

    fn extend(&mut self, hashes: impl Iterator<Item = u64>) {
        self.0.extend(hashes);
    }

    /// Ends the gathering: the hashes sorted, for [`KeyHashes::contains`].
    fn sorted(mut self) -> Self {
        self.0.sort_unstable();
        self.0.dedup();
        self
    }

    /// Whether a key hashes to `hash`.
    pub(super) fn contains(&self, hash: u64) -> bool {
        self.0.binary_search(&hash).is_ok()
    }
}

/// The lone key column that rows about a record of any table name.
pub(super) const ID: &str = "id";

/// The hashes of the keys of every table referred to (see [`KeySets`]), read on `threads`
/// threads.
pub(super) fn key_sets(
    files: KeyFiles<'_>,
    tables: &[Expected<'_>],
    hasher: &DefaultHashBuilder,
    threads: usize,
) -> Result<KeySets, Error> {
    let mut referred: Vec<(&str, &[String])> = tables
        .iter()
        .filter(|t| t.primary_key == [ID])
        .map(|t| (t.name, t.primary_key))
        .chain(tables.iter().flat_map(|t| {
            t.foreign_keys
                .iter()
                .map(|fk| (fk.table.as_str(), fk.reference.as_slice()))
        }))
        .collect();
    referred.sort_unstable();
    referred.dedup();
    let mut sets = KeySets::new();
    crate::parallel::map_ordered(
        referred.len(),
        threads,
        |r| {
            let (name, key) = referred[r];
            let wanted: Vec<&str> = key.iter().map(String::as_str).collect();
            let table = tables.iter().find(|t| t.name == name).ok_or_else(|| {
                Error::Internal(format!("a foreign key refers to {name}, which is no table"))
            })?;
            let mut set = KeyHashes::with_capacity(table.rows);
            for_each_batch(files, table, &wanted, |batch| {
                let columns: Vec<KeyColumn<'_>> = key
                    .iter()
                    .map(|k| column(batch, name, k))
                    .collect::<Result<_, _>>()?;
                set.extend((0..batch.num_rows()).map(|i| hash_row(hasher, &columns, i)));
                Ok(())
            })?;
            Ok(set.sorted())
        },
        |r, set| {
            let (name, key) = referred[r];
            sets.entry(name.to_owned())
                .or_default()
                .insert(key.to_vec(), set);
            Ok(())
        },
    )?;
    Ok(sets)
}

/// The hash of a key's values, together.
fn hash_key<'a>(hasher: &DefaultHashBuilder, key: impl IntoIterator<Item = Key<'a>>) -> u64 {
    let mut state = hasher.build_hasher();
    for value in key {
        value.hash(&mut state);
    }
    state.finish()
}

/// The hash of the values of `columns` in row `i`, together.
fn hash_row(hasher: &DefaultHashBuilder, columns: &[KeyColumn<'_>], i: usize) -> u64 {
    hash_key(hasher, columns.iter().map(|c| c.get(i)))
}

/// The keys the references of a table are checked against.
pub(super) struct Known<'k> {
    pub(super) sets: &'k KeySets,
    pub(super) hasher: &'k DefaultHashBuilder,
    /// The key `[id]`, to look a table's lone key up by.
    pub(super) id: [String; 1],
}

impl Known<'_> {
    /// The hashes of the key `key` of `table`, when read.
    pub(super) fn set(&self, table: &str, key: &[String]) -> Option<&KeyHashes> {
        self.sets.get(table)?.get(key)
    }
}

impl TableRows<'_> {
    /// Checks that every reference of row `i` names a row.
    pub(super) fn references(&mut self, columns: &BatchKeys<'_, '_>, i: usize) {
        let (name, row) = (self.table.name, self.row);
        for (fk, cols) in &columns.fks {
            if cols.iter().any(|c| c.get(i) == Key::Null)
                || self
                    .known
                    .set(&fk.table, &fk.reference)
                    .is_some_and(|s| s.contains(hash_row(self.known.hasher, cols, i)))
            {
                continue;
            }
            let values: Vec<String> = cols.iter().map(|c| c.get(i).show()).collect();
            self.problems
                .push(if let Some((field, reference)) = fk.single() {
                    format!(
                        "{name} row {row}: {field} = {} names no {}.{reference}",
                        values.join(", "),
                        fk.table
                    )
                } else {
                    format!(
                        "{name} row {row}: ({}) = ({}) names no {} row by ({})",
                        fk.fields.join(", "),
                        values.join(", "),
                        fk.table,
                        fk.reference.join(", ")
                    )
                });
        }
        if let Some((tables, ids)) = &columns.record
            && let (Key::Text(t), Key::Text(id)) = (tables.get(i), ids.get(i))
            && !self
                .known
                .set(t, &self.known.id)
                .is_some_and(|s| s.contains(hash_key(self.known.hasher, [Key::Text(id)])))
        {
            self.problems.push(format!(
                "{name} row {row}: {RECORD_TABLE}, {RECORD_ID} = `{t}`, `{id}` names no row"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyHashes;

    #[test]
    fn key_hashes_are_found_whatever_the_order_they_came_in() {
        let mut hashes = KeyHashes::with_capacity(4);
        hashes.extend([42, 7, u64::MAX, 7, 0].into_iter());
        let hashes = hashes.sorted();
        for found in [0, 7, 42, u64::MAX] {
            assert!(hashes.contains(found), "{found}");
        }
        assert!(!hashes.contains(8));
        assert_eq!(hashes.0, [0, 7, 42, u64::MAX]);
    }
}
