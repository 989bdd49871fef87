//! The key checks of the gate, on the Parquet files as written: each table's primary key is
//! never null and strictly increasing from row to row (the tables are sorted by it, so this proves
//! it unique without holding the keys), and every foreign key names a key of its table. The keys
//! of the tables referred to are held as 64-bit hashes, so that a million ids take a few megabytes;
//! a dangling reference could pass unseen only by colliding with a real key's hash. A key of
//! several columns (a generic child table's reference to its parent) is hashed whole.

use std::cmp::Ordering;
use std::fs::File;
use std::hash::{BuildHasher as _, Hash as _, Hasher as _};
use std::path::Path;

use arrow_array::cast::AsArray as _;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use hashbrown::{DefaultHashBuilder, HashMap, HashSet};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::Expected;
use crate::error::Error;
use crate::export::{parquet::Parquet, table_path};
use crate::tables::ForeignKey;

/// The columns naming, row by row, the table and the id of the record a row is about (evidence,
/// attributions): together a foreign key into whichever table the first names.
const RECORD_TABLE: &str = "record_table";
const RECORD_ID: &str = "record_id";

/// One key value of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl Key<'_> {
    fn owned(self) -> OwnedKey {
        match self {
            Key::Null => OwnedKey::Null,
            Key::Int(i) => OwnedKey::Int(i),
            Key::Text(t) => OwnedKey::Text(t.to_owned()),
        }
    }

    fn show(self) -> String {
        match self {
            Key::Null => "null".into(),
            Key::Int(i) => i.to_string(),
            Key::Text(t) => format!("`{t}`"),
        }
    }
}

/// A key value kept from one batch to the next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum OwnedKey {
    Null,
    Int(i64),
    Text(String),
}

impl OwnedKey {
    fn borrowed(&self) -> Key<'_> {
        match self {
            OwnedKey::Null => Key::Null,
            OwnedKey::Int(i) => Key::Int(*i),
            OwnedKey::Text(t) => Key::Text(t),
        }
    }
}

/// A column of a batch, ready to give the key value of any row.
enum Column<'a> {
    Text(&'a dyn Array, Box<dyn Fn(usize) -> &'a str + 'a>),
    Int(&'a dyn Array, Box<dyn Fn(usize) -> i64 + 'a>),
}

impl<'a> Column<'a> {
    fn of(array: &'a ArrayRef) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => {
                let a = array.as_string::<i32>();
                Column::Text(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::LargeUtf8 => {
                let a = array.as_string::<i64>();
                Column::Text(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::Dictionary(_, value) if **value == DataType::Utf8 => {
                let dict = array.as_any_dictionary();
                let keys = dict.normalized_keys();
                let values = dict.values().as_string::<i32>();
                Column::Text(array.as_ref(), Box::new(move |i| values.value(keys[i])))
            }
            DataType::Int64 => {
                let a = array.as_primitive::<Int64Type>();
                Column::Int(array.as_ref(), Box::new(move |i| a.value(i)))
            }
            DataType::Int32 => {
                let a = array.as_primitive::<Int32Type>();
                Column::Int(array.as_ref(), Box::new(move |i| i64::from(a.value(i))))
            }
            DataType::Date32 => {
                let a = array.as_primitive::<Date32Type>();
                Column::Int(array.as_ref(), Box::new(move |i| i64::from(a.value(i))))
            }
            _ => return None,
        })
    }

    fn get(&self, i: usize) -> Key<'a> {
        match self {
            Column::Text(a, _) | Column::Int(a, _) if a.is_null(i) => Key::Null,
            Column::Text(_, f) => Key::Text(f(i)),
            Column::Int(_, f) => Key::Int(f(i)),
        }
    }
}

/// The hashes of every key (all its columns together) of each table referred to, by table and
/// by the columns of the key: every table keyed by a lone `id` column (which the rows about a
/// record of any table name), and every table a foreign key names.
type KeySets = HashMap<String, HashMap<Vec<String>, HashSet<u64>>>;

/// The lone key column that rows about a record of any table name.
const ID: &str = "id";

/// Every broken key promise of the Parquet files in `dir`, table by table on `threads` threads.
pub(super) fn check(
    dir: &Path,
    tables: &[Expected<'_>],
    threads: usize,
) -> Result<Vec<String>, Error> {
    let hasher = DefaultHashBuilder::default();
    let sets = key_sets(dir, tables, &hasher, threads)?;
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
            check_table(dir, checked[t], &known, &mut found)?;
            Ok(found)
        },
        |_, found| {
            problems.extend(found);
            Ok(())
        },
    )?;
    Ok(problems)
}

/// The hashes of the keys of every table referred to (see [`KeySets`]), read on `threads`
/// threads.
fn key_sets(
    dir: &Path,
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
            let mut set = HashSet::new();
            for_each_batch(dir, name, &wanted, |batch| {
                let columns: Vec<Column<'_>> = key
                    .iter()
                    .map(|k| column(batch, name, k))
                    .collect::<Result<_, _>>()?;
                set.extend((0..batch.num_rows()).map(|i| hash_row(hasher, &columns, i)));
                Ok(())
            })?;
            Ok(set)
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
fn hash_row(hasher: &DefaultHashBuilder, columns: &[Column<'_>], i: usize) -> u64 {
    hash_key(hasher, columns.iter().map(|c| c.get(i)))
}

/// The keys the references of a table are checked against.
struct Known<'k> {
    sets: &'k KeySets,
    hasher: &'k DefaultHashBuilder,
    /// The key `[id]`, to look a table's lone key up by.
    id: [String; 1],
}

impl Known<'_> {
    /// The hashes of the key `key` of `table`, when read.
    fn set(&self, table: &str, key: &[String]) -> Option<&HashSet<u64>> {
        self.sets.get(table)?.get(key)
    }
}

fn check_table(
    dir: &Path,
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
    let mut rows = Rows {
        table,
        known,
        previous: None,
        row: 0,
        problems,
    };
    for_each_batch(dir, name, &wanted, |batch| {
        let columns = Columns {
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
struct Columns<'a, 'k> {
    pk: Vec<Column<'a>>,
    /// Each foreign key with its referring columns.
    fks: Vec<(&'k ForeignKey, Vec<Column<'a>>)>,
    record: Option<(Column<'a>, Column<'a>)>,
}

impl<'a> Columns<'a, '_> {
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
struct Rows<'t> {
    table: &'t Expected<'t>,
    known: &'t Known<'t>,
    /// The key of the last row of the previous batch.
    previous: Option<Vec<OwnedKey>>,
    /// How many rows have been checked.
    row: usize,
    problems: &'t mut Vec<String>,
}

impl Rows<'_> {
    /// Checks row `i` of a batch: its key against the row before, its references.
    fn check(&mut self, columns: &Columns<'_, '_>, i: usize) {
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

    /// Checks that every reference of row `i` names a row.
    fn references(&mut self, columns: &Columns<'_, '_>, i: usize) {
        let (name, row) = (self.table.name, self.row);
        for (fk, cols) in &columns.fks {
            if cols.iter().any(|c| c.get(i) == Key::Null)
                || self
                    .known
                    .set(&fk.table, &fk.reference)
                    .is_some_and(|s| s.contains(&hash_row(self.known.hasher, cols, i)))
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
                .is_some_and(|s| s.contains(&hash_key(self.known.hasher, [Key::Text(id)])))
        {
            self.problems.push(format!(
                "{name} row {row}: {RECORD_TABLE}, {RECORD_ID} = `{t}`, `{id}` names no row"
            ));
        }
    }
}

/// The column `name` of `batch`, as key values.
fn column<'a>(batch: &'a RecordBatch, table: &str, name: &str) -> Result<Column<'a>, Error> {
    let array = batch
        .column_by_name(name)
        .ok_or_else(|| Error::Internal(format!("{table}.parquet has no column `{name}`")))?;
    Column::of(array).ok_or_else(|| {
        Error::Internal(format!(
            "{table}.{name} has type {}, which the key check cannot read",
            array.data_type()
        ))
    })
}

/// Reads the columns `wanted` of the Parquet file of `table`, batch by batch.
fn for_each_batch(
    dir: &Path,
    table: &str,
    wanted: &[&str],
    mut each: impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let path = dir.join(table_path(table, &Parquet));
    let fail = |e: parquet::errors::ParquetError| {
        Error::Internal(format!("{} cannot be read back: {e}", path.display()))
    };
    let file = File::open(&path).map_err(Error::io(&path, "read"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(fail)?;
    let mask = ProjectionMask::columns(builder.parquet_schema(), wanted.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(64 * 1024)
        .build()
        .map_err(fail)?;
    for batch in reader {
        let batch = batch
            .map_err(|e| Error::Internal(format!("{} cannot be read back: {e}", path.display())))?;
        each(&batch)?;
    }
    Ok(())
}
