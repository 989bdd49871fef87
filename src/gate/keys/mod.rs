//! The key checks of the gate, on the Parquet files as written (else on the first written of
//! NDJSON, JSON and CSV): each table's primary key is
//! never null and strictly increasing from row to row (the tables are sorted by it, so this proves
//! it unique without holding the keys), and every foreign key names a key of its table. The keys
//! of the tables referred to are held as 64-bit hashes, so that a million ids take a few megabytes;
//! a dangling reference could pass unseen only by colliding with a real key's hash. A key of
//! several columns (a generic child table's reference to its parent) is hashed whole.
//!
//! The primary keys here; the foreign keys, and the key sets they are checked against, in
//! `foreign`; the key values read from the Parquet files in `values`.

mod foreign;
mod text;
mod values;

use std::cmp::Ordering;

use hashbrown::DefaultHashBuilder;

use super::Expected;
use crate::error::Error;
use crate::tables::ForeignKey;
use foreign::{ID, Known, key_sets};
use values::{Key, KeyColumn, OwnedKey, column, for_each_batch};
pub(super) use values::{KeyFiles, source};

/// The columns naming, row by row, the table and the id of the record a row is about (evidence,
/// attributions): together a foreign key into whichever table the first names.
const RECORD_TABLE: &str = "record_table";
const RECORD_ID: &str = "record_id";

/// Every broken key promise of the table files `files`, table by table on `threads` threads.
pub(super) fn check(
    files: KeyFiles<'_>,
    tables: &[Expected<'_>],
    threads: usize,
) -> Result<Vec<String>, Error> {
    let hasher = DefaultHashBuilder::default();
    let sets = key_sets(files, tables, &hasher, threads)?;
    let checked: Vec<&Expected<'_>> = tables
        .iter()
        .filter(|t| !t.primary_key.is_empty())
        .collect();
    let mut problems = Vec::new();
    crate::parallel::map_ordered(
        checked.len(),
        threads,
        |t| {
            let mut found = Vec::new();
            let known = Known {
                sets: &sets,
                hasher: &hasher,
                id: [ID.to_owned()],
            };
            check_table(files, checked[t], &known, &mut found)?;
            Ok(found)
        },
        |_, found| {
            problems.extend(found);
            Ok(())
        },
    )?;
    Ok(problems)
}

fn check_table(
    files: KeyFiles<'_>,
    table: &Expected<'_>,
    known: &Known<'_>,
    problems: &mut Vec<String>,
) -> Result<(), Error> {
    let name = table.name;
    let mut wanted: Vec<&str> = table.primary_key.iter().map(String::as_str).collect();
    wanted.extend(
        table
            .foreign_keys
            .iter()
            .flat_map(|fk| fk.fields.iter().map(String::as_str)),
    );
    wanted.sort_unstable();
    wanted.dedup();
    let polymorphic = table.primary_key.iter().any(|k| k == RECORD_ID);
    if polymorphic {
        wanted.extend([RECORD_TABLE, RECORD_ID]);
    }
    for fk in table.foreign_keys {
        if known.set(&fk.table, &fk.reference).is_none() || fk.fields.len() != fk.reference.len() {
            return Err(Error::Internal(format!(
                "{name} ({}) refers to {} ({}), which is not a table's key",
                fk.fields.join(", "),
                fk.table,
                fk.reference.join(", ")
            )));
        }
    }
    let mut rows = TableRows {
        table,
        known,
        previous: None,
        row: 0,
        problems,
    };
    for_each_batch(files, table, &wanted, |batch| {
        let columns = BatchKeys {
            pk: table
                .primary_key
                .iter()
                .map(|k| column(batch, name, k))
                .collect::<Result<_, _>>()?,
            fks: table
                .foreign_keys
                .iter()
                .map(|fk| {
                    let columns = fk.fields.iter().map(|f| column(batch, name, f));
                    Ok((fk, columns.collect::<Result<_, Error>>()?))
                })
                .collect::<Result<_, Error>>()?,
            record: if polymorphic {
                Some((
                    column(batch, name, RECORD_TABLE)?,
                    column(batch, name, RECORD_ID)?,
                ))
            } else {
                None
            },
        };
        for i in 0..batch.num_rows() {
            rows.check(&columns, i);
        }
        if batch.num_rows() > 0 {
            let last = columns.key(batch.num_rows() - 1);
            rows.previous = Some(last.into_iter().map(Key::owned).collect());
        }
        Ok(())
    })
}

/// The key columns of one batch.
struct BatchKeys<'a, 'k> {
    pk: Vec<KeyColumn<'a>>,
    /// Each foreign key with its referring columns.
    fks: Vec<(&'k ForeignKey, Vec<KeyColumn<'a>>)>,
    record: Option<(KeyColumn<'a>, KeyColumn<'a>)>,
}

impl<'a> BatchKeys<'a, '_> {
    fn key(&self, i: usize) -> Vec<Key<'a>> {
        self.pk.iter().map(|c| c.get(i)).collect()
    }

    /// How the keys of rows `a` and `b` of the batch order.
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        self.pk
            .iter()
            .map(|c| c.get(a).cmp(&c.get(b)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// How `previous` (a key kept from an earlier batch) orders against row `i`'s key.
    fn cmp_kept(&self, previous: &[OwnedKey], i: usize) -> Ordering {
        previous
            .iter()
            .zip(&self.pk)
            .map(|(p, c)| p.borrowed().cmp(&c.get(i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// Row `i`'s key, for messages.
    fn show(&self, i: usize) -> String {
        self.pk
            .iter()
            .map(|c| c.get(i).show())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rows of one table as they are checked, batch after batch.
struct TableRows<'t> {
    table: &'t Expected<'t>,
    known: &'t Known<'t>,
    /// The key of the last row of the previous batch.
    previous: Option<Vec<OwnedKey>>,
    /// How many rows have been checked.
    row: usize,
    problems: &'t mut Vec<String>,
}

impl TableRows<'_> {
    /// Checks row `i` of a batch: its key against the row before, its references.
    fn check(&mut self, columns: &BatchKeys<'_, '_>, i: usize) {
        self.row += 1;
        let (name, row) = (self.table.name, self.row);
        let shown = || columns.show(i);
        if columns.pk.iter().any(|c| c.get(i) == Key::Null) {
            let shown = shown();
            self.problems.push(format!(
                "{name} row {row}: primary key ({shown}) holds a null"
            ));
        }
        let order = match (i, &self.previous) {
            (0, None) => Ordering::Less,
            (0, Some(prev)) => columns.cmp_kept(prev, i),
            _ => columns.cmp(i - 1, i),
        };
        match order {
            Ordering::Less => {}
            Ordering::Equal => self.problems.push(format!(
                "{name} row {row}: primary key ({}) = ({}) is not unique",
                self.table.primary_key.join(", "),
                shown()
            )),
            Ordering::Greater => self.problems.push(format!(
                "{name} row {row}: primary key ({}) is out of order",
                shown()
            )),
        }
        self.references(columns, i);
    }
}
