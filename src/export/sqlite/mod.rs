//! `SQLite`: every table in one database, `sqlite/<dataset name>.sqlite`, with typed columns,
//! primary and foreign keys, an index on every foreign key, FTS5 full-text indexes on the text
//! people search, and the dataset's, tables' and columns' descriptions (`ddl`); beside it, the
//! Datasette metadata file (`datasette`). Rows go into a working database in a scratch folder,
//! batch by batch, in one transaction; once every row is in, the indexes are made and the
//! database is copied compacted (`VACUUM INTO`, fixed page size, nothing of time or place in it),
//! so that the same rows give the same bytes, and sent to the output.

mod datasette;
pub(crate) mod ddl;

use std::io::{BufRead, Write};
use std::path::Path;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql, params_from_iter};
use serde_json::Value;

use super::{
    Batch, Described, FileWriter, Layout, Listing, Sink, TableFormat, TableMeta, TableWriter,
    encode_error,
};
use crate::columns::ColumnType;
use crate::error::{Cause, Error};

/// The `SQLite` format.
pub(crate) struct Sqlite;

/// The name of the format, as errors give it.
const FORMAT: &str = "sqlite";

/// The size of a database page: fixed, so that builds are reproducible.
const PAGE_SIZE: u32 = 4096;

/// The most memory the working database's page cache takes, in KiB.
const CACHE_KIB: u32 = 32 << 10;

impl TableFormat for Sqlite {
    fn folder(&self) -> &'static str {
        "sqlite"
    }

    fn extension(&self) -> &'static str {
        "sqlite"
    }

    fn media_type(&self) -> &'static str {
        "application/vnd.sqlite3"
    }

    fn frictionless_format(&self) -> &'static str {
        "sqlite"
    }

    /// The data package lists the database as one file of its own, not as table resources.
    fn listing(&self) -> Option<Listing> {
        None
    }

    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        let _ = sink;
        Err(Error::Internal(format!(
            "SQLite writes every table into one file, not {} alone",
            table.name
        )))
    }

    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String> {
        let _ = input;
        Err("a SQLite database holds every table; its rows are counted by table".into())
    }

    fn display_name(&self) -> &'static str {
        "SQLite"
    }

    fn layout(&self) -> Layout {
        Layout::OneFile
    }

    fn file_writer<'w>(
        &self,
        tables: &[TableMeta<'w>],
        about: &'w [(String, String)],
        scratch: tempfile::TempDir,
        sink: Sink<'w>,
    ) -> Result<Box<dyn FileWriter + Send + 'w>, Error> {
        Ok(Box::new(SqliteWriter::open(tables, about, scratch, sink)?))
    }

    /// Opens the database read-only: its integrity and foreign keys must check clean, and each
    /// table's rows are counted.
    fn count_tables(&self, path: &Path, tables: &[&str]) -> Result<Vec<u64>, String> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| e.to_string())?;
        let integrity: Vec<String> = query_strings(&conn, "PRAGMA integrity_check")?;
        if integrity != ["ok"] {
            return Err(format!("its integrity check says {}", integrity.join("; ")));
        }
        let broken: Vec<String> = query_strings(
            &conn,
            "SELECT \"table\" || ' row ' || rowid || ' → ' || parent FROM pragma_foreign_key_check",
        )?;
        if !broken.is_empty() {
            return Err(format!(
                "foreign keys do not resolve: {}",
                broken.join(", ")
            ));
        }
        tables
            .iter()
            .map(|t| {
                let sql = format!("SELECT count(*) FROM {}", ddl::ident(t));
                conn.query_row(&sql, [], |r| r.get::<_, i64>(0))
                    .map_err(|e| format!("table {t}: {e}"))
                    .and_then(|n| u64::try_from(n).map_err(|e| e.to_string()))
            })
            .collect()
    }

    fn companions(&self, described: &Described<'_>) -> Vec<(String, String)> {
        vec![(
            format!("{}/{}", self.folder(), datasette::METADATA_FILE),
            datasette::metadata(described),
        )]
    }
}

/// Every value of the first column of the rows `sql` gives, as text.
fn query_strings(conn: &Connection, sql: &str) -> Result<Vec<String>, String> {
    let mut statement = conn.prepare(sql).map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<_, _>>().map_err(|e| e.to_string())
}

/// Writes every table into a working database, then the compacted copy into the sink.
struct SqliteWriter<'w> {
    conn: Connection,
    tables: Vec<TableMeta<'w>>,
    inserts: Vec<String>,
    rows: Vec<i64>,
    /// The dataset's description, as (key, value) pairs.
    about: &'w [(String, String)],
    scratch: tempfile::TempDir,
    sink: Sink<'w>,
}

/// The error of a failure to write the database, on `table`.
fn failed(table: &str) -> impl Fn(rusqlite::Error) -> Error {
    let encode = encode_error(table, FORMAT);
    move |e| encode(Cause::from(e))
}

impl<'w> SqliteWriter<'w> {
    fn open(
        tables: &[TableMeta<'w>],
        about: &'w [(String, String)],
        scratch: tempfile::TempDir,
        sink: Sink<'w>,
    ) -> Result<Self, Error> {
        let conn = Connection::open(scratch.path().join("working.sqlite")).map_err(failed(""))?;
        let mut sql = format!(
            "PRAGMA page_size = {PAGE_SIZE};\nPRAGMA cache_size = -{CACHE_KIB};\n\
             PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\n\
             PRAGMA locking_mode = EXCLUSIVE;\nPRAGMA foreign_keys = OFF;\n"
        );
        for table in tables {
            sql.push_str(&ddl::create_table(table));
        }
        sql.push_str(&ddl::create_descriptions());
        sql.push_str("BEGIN;\n");
        conn.execute_batch(&sql).map_err(failed(""))?;
        Ok(SqliteWriter {
            conn,
            tables: tables.to_vec(),
            inserts: tables.iter().map(ddl::insert).collect(),
            rows: vec![0; tables.len()],
            about,
            scratch,
            sink,
        })
    }

    /// The descriptions: the dataset's, every table's and every column's, from the same source as the codebook's.
    fn describe(&self) -> Result<(), rusqlite::Error> {
        let conn = &self.conn;
        let sql = format!("INSERT INTO {} VALUES (?1, ?2)", ddl::DATASET_TABLE);
        for (key, value) in self.about {
            conn.execute(&sql, [key, value])?;
        }
        let tables = format!("INSERT INTO {} VALUES (?1, ?2, ?3)", ddl::TABLES_TABLE);
        let columns = format!(
            "INSERT INTO {} VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            ddl::COLUMNS_TABLE
        );
        for (table, rows) in self.tables.iter().zip(&self.rows) {
            conn.execute(
                &tables,
                rusqlite::params![table.name, table.description, rows],
            )?;
            for (i, c) in table.columns.iter().enumerate() {
                conn.execute(
                    &columns,
                    rusqlite::params![
                        table.name,
                        c.name,
                        i64::try_from(i + 1).unwrap_or(i64::MAX),
                        ddl::sql_type(&c.ty),
                        c.nullable,
                        c.description
                    ],
                )?;
            }
        }
        Ok(())
    }
}

impl FileWriter for SqliteWriter<'_> {
    fn write_rows(&mut self, table: usize, rows: &Batch) -> Result<(), Error> {
        let meta = &self.tables[table];
        let mut insert = self
            .conn
            .prepare(&self.inserts[table])
            .map_err(failed(meta.name))?;
        for row in &rows[..] {
            let cells = meta.columns.iter().zip(row).map(|(c, v)| Cell(&c.ty, v));
            insert
                .execute(params_from_iter(cells))
                .map_err(failed(meta.name))?;
        }
        self.rows[table] += i64::try_from(rows.len()).unwrap_or(i64::MAX);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), Error> {
        let mut sql = String::from("COMMIT;\nBEGIN;\n");
        for table in &self.tables {
            sql.push_str(&ddl::create_indexes(table));
            if let Some(rebuild) = ddl::rebuild_fts(table) {
                sql.push_str(&rebuild);
                sql.push('\n');
            }
        }
        self.conn.execute_batch(&sql).map_err(failed(""))?;
        self.describe().map_err(failed(""))?;
        self.conn.execute_batch("COMMIT;").map_err(failed(""))?;
        let compact = self.scratch.path().join("compact.sqlite");
        self.conn
            .execute("VACUUM INTO ?1", [compact.to_string_lossy()])
            .map_err(failed(""))?;
        let SqliteWriter { conn, sink, .. } = *self;
        conn.close().map_err(|(_, e)| failed("")(e))?;
        let io = |e: std::io::Error| encode_error("", FORMAT)(Cause::from(e));
        let mut file = std::fs::File::open(&compact).map_err(io)?;
        let mut sink = sink;
        std::io::copy(&mut file, &mut sink).map_err(io)?;
        sink.flush().map_err(io)
    }
}

/// A cell as `SQLite` holds it: integers and booleans (0 or 1) as integers, numbers and decimals
/// as reals, dates and times as their ISO 8601 text, lists and objects as JSON text.
struct Cell<'a>(&'a ColumnType, &'a Value);

impl ToSql for Cell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let misfit = || {
            rusqlite::Error::ToSqlConversionFailure(
                format!("{} does not fit a {} column", self.1, self.0.label()).into(),
            )
        };
        let value = match (self.0, self.1) {
            (_, Value::Null) => ValueRef::Null,
            (ColumnType::Integer | ColumnType::Int32, v) => {
                ValueRef::Integer(v.as_i64().ok_or_else(misfit)?)
            }
            (ColumnType::Boolean, v) => {
                ValueRef::Integer(i64::from(v.as_bool().ok_or_else(misfit)?))
            }
            (ColumnType::Number | ColumnType::Decimal(_), v) => {
                ValueRef::Real(v.as_f64().ok_or_else(misfit)?)
            }
            (ColumnType::List(_) | ColumnType::Struct(_), v) => {
                return Ok(ToSqlOutput::from(v.to_string()));
            }
            (_, Value::String(s)) => ValueRef::Text(s.as_bytes()),
            _ => return Err(misfit()),
        };
        Ok(ToSqlOutput::Borrowed(value))
    }
}
