//! Export: every table written by one writer per format (the format registry, its encoder threads
//! and the batches they share), and the checksums. Writers stream rows in batches to any `Write`;
//! the caller decides where the bytes go. What describes the written tables is in `describe`.

pub(crate) mod arrow;
pub(crate) mod batch;
pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod ndjson;
pub(crate) mod parquet;
pub(crate) mod parts;
pub(crate) mod sqlite;
pub(crate) mod threads;

use std::io::{BufRead, Write};
use std::path::Path;

use serde_json::Value;

use crate::columns::Column;
use crate::error::{Cause, Error};
pub(crate) use crate::hash::Hashes;
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::{Cells, ForeignKey, TableSpec};
pub use batch::Batch;
pub use parts::{ROWS_PER_FILE, Split};

/// What a writer needs to know of the table it writes.
#[derive(Debug, Clone, Copy)]
pub struct TableMeta<'a> {
    /// The table's name.
    pub(crate) name: &'a str,
    /// What a row is.
    pub(crate) description: &'a str,
    /// The JSON Schema of a row.
    pub(crate) schema: &'a Value,
    /// The columns, in order.
    pub(crate) columns: &'a [Column],
    /// The columns whose values identify a row.
    pub(crate) primary_key: &'a [String],
    /// The columns that refer to other tables.
    pub(crate) foreign_keys: &'a [ForeignKey],
    /// The text columns people search.
    pub(crate) searched: &'a [String],
}

impl<'a> TableMeta<'a> {
    /// The description of the table `spec`.
    #[must_use]
    pub fn of(spec: &'a TableSpec) -> Self {
        TableMeta {
            name: &spec.name,
            description: &spec.description,
            schema: &spec.schema,
            columns: &spec.columns,
            primary_key: &spec.primary_key,
            foreign_keys: &spec.foreign_keys,
            searched: &spec.searched,
        }
    }
}

/// Where a writer sends its bytes.
pub(crate) type Sink<'w> = Box<dyn Write + Send + 'w>;

/// How `datapackage.json` lists the files of a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// Appended to a table's name to name its resource, and to the names of the resources its
    /// foreign keys refer to; empty for the one format whose resources bear the tables' names.
    pub(crate) suffix: &'static str,
    /// Whether the resources give `bytes` and `encoding`: frictionless checks them only for the
    /// files it reads as text (it reads Parquet through a library that reports no byte count).
    pub(crate) text: bool,
}

/// How a format lays its tables out in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One file per table, `<folder>/<table>.<extension>`, written by [`TableFormat::writer`].
    FilePerTable,
    /// One file holding every table, `<folder>/<dataset name>.<extension>`, written by
    /// [`TableFormat::file_writer`].
    OneFile,
}

/// A file format every table is written in, with what the data package and the codebook say of
/// it: a new format is one file implementing this and one line in [`formats`].
pub trait TableFormat: Send + Sync {
    /// The folder of the output its files go in.
    fn folder(&self) -> &'static str;
    /// The extension of its files.
    fn extension(&self) -> &'static str;
    /// The media type of its files.
    fn media_type(&self) -> &'static str;
    /// Its name as the `format` of a Frictionless resource.
    fn frictionless_format(&self) -> &'static str;
    /// Its CSV dialect as a Frictionless `dialect`, for a format that has one.
    fn dialect(&self) -> Option<Value> {
        None
    }
    /// How `datapackage.json` lists its files, or `None` when it does not.
    fn listing(&self) -> Option<Listing>;
    /// A writer of `table` in this format into `sink`.
    fn writer<'w>(
        &self,
        table: TableMeta<'w>,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error>;
    /// A writer of `table` of the dataset described by `dataset`, for a format whose files
    /// carry the dataset's metadata; by default the same as [`TableFormat::writer`].
    fn dataset_writer<'w>(
        &self,
        table: TableMeta<'w>,
        dataset: &'w DatasetMetadata,
        sink: Sink<'w>,
    ) -> Result<Box<dyn TableWriter + Send + 'w>, Error> {
        let _ = dataset;
        self.writer(table, sink)
    }
    /// How many rows a written file holds, read back from its bytes (all of them are read), for
    /// the check before publishing.
    fn count_rows(&self, input: &mut dyn BufRead) -> Result<u64, String>;
    /// How many rows the file at `path` holds by its own index, read without reading the file
    /// through (Parquet's footer), when the format has one: the check before publishing then
    /// reads the bytes only to hash them, holding no more than a buffer of them.
    fn indexed_rows(&self, path: &Path) -> Option<Result<u64, String>> {
        let _ = path;
        None
    }
    /// Its name as people write it (`SQLite`), for descriptions.
    fn display_name(&self) -> &'static str {
        self.folder()
    }
    /// How it lays its tables out in files.
    fn layout(&self) -> Layout {
        Layout::FilePerTable
    }
    /// For a [`Layout::OneFile`] format: a writer of every table of `tables` into one file sent
    /// to `sink`, working in the folder `scratch` (removed when the writer is dropped), labelled
    /// with the dataset's description `about` ([`crate::describe::about`]).
    fn file_writer<'w>(
        &self,
        tables: &[TableMeta<'w>],
        about: &'w [(String, String)],
        scratch: tempfile::TempDir,
        sink: Sink<'w>,
    ) -> Result<Box<dyn FileWriter + Send + 'w>, Error> {
        let _ = (tables, about, scratch, sink);
        Err(Error::Internal(format!(
            "the {} format writes one file per table",
            self.folder()
        )))
    }
    /// For a [`Layout::OneFile`] format: the rows of each of `tables` in the file at `path`, read
    /// back for the check before publishing, or every broken promise the file makes (its keys,
    /// its integrity).
    fn count_tables(&self, path: &Path, tables: &[&str]) -> Result<Vec<u64>, String> {
        let _ = (path, tables);
        Err(format!(
            "the {} format writes one file per table",
            self.folder()
        ))
    }
    /// Files written beside the format's files that describe them, as (path, text) pairs: for
    /// instance the Datasette metadata beside a database.
    fn companions(&self, described: &Described<'_>) -> Vec<(String, String)> {
        let _ = described;
        Vec::new()
    }
}

/// What a format's companion files say of the output: the dataset's name and metadata (when
/// there is a metadata file), its first source, and its tables.
#[derive(Debug, Clone, Copy)]
pub struct Described<'a> {
    /// The dataset's name, which names a one-file format's file.
    pub(crate) name: &'a str,
    /// The title, when there is no metadata file.
    pub(crate) title: &'a str,
    /// The dataset's metadata, when there is a metadata file.
    pub(crate) metadata: Option<&'a DatasetMetadata>,
    /// The source the records come from: its title and, when known, its address.
    pub(crate) source: Option<(&'a str, Option<&'a str>)>,
    /// The tables.
    pub(crate) tables: &'a [TableSpec],
}

/// Writes every table of a [`Layout::OneFile`] format into its one file.
pub trait FileWriter {
    /// Writes rows of table `table` (its index among the tables), each holding one value per
    /// column, in column order.
    fn write_rows(&mut self, table: usize, rows: &Batch) -> Result<(), Error>;
    /// Writes what closes the file and flushes it.
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

/// Writes the rows of one table, batch by batch.
pub trait TableWriter {
    /// Writes rows, each holding one value per column, in column order.
    fn write_rows(&mut self, rows: &Batch) -> Result<(), Error>;
    /// Writes what closes the file and flushes it.
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

/// One line of a file as [`scan_lines`] sees it: its 1-based number, its length, and its first
/// and last bytes (none when it is empty), the line feed aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number.
    pub(crate) number: u64,
    /// Length in bytes, the line feed aside.
    pub(crate) len: u64,
    /// The first and last bytes.
    pub(crate) edges: Option<(u8, u8)>,
    /// Whether a line feed ends it.
    pub(crate) ended: bool,
}

/// Calls `each` with every line of `input`, read in place (no line is copied), so that a format
/// can count its rows by their layout at the speed of reading.
pub(crate) fn scan_lines(
    input: &mut dyn BufRead,
    mut each: impl FnMut(Line) -> Result<(), String>,
) -> Result<(), String> {
    let mut line = Line {
        number: 1,
        len: 0,
        edges: None,
        ended: false,
    };
    let grow = |line: &mut Line, part: &[u8]| {
        if let (Some(&first), Some(&last)) = (part.first(), part.last()) {
            line.edges = Some((line.edges.map_or(first, |(f, _)| f), last));
            line.len += part.len() as u64;
        }
    };
    loop {
        let buf = input.fill_buf().map_err(|e| e.to_string())?;
        if buf.is_empty() {
            break;
        }
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', buf) {
            grow(&mut line, &buf[start..end]);
            each(Line {
                ended: true,
                ..line
            })?;
            line = Line {
                number: line.number + 1,
                len: 0,
                edges: None,
                ended: false,
            };
            start = end + 1;
        }
        grow(&mut line, &buf[start..]);
        let n = buf.len();
        input.consume(n);
    }
    if line.edges.is_some() {
        each(line)?;
    }
    Ok(())
}

/// The error for a failure to write `table` in `format`.
pub(crate) fn encode_error(table: &str, format: &'static str) -> impl Fn(Cause) -> Error {
    move |source| Error::Encode {
        table: table.to_owned(),
        format,
        source,
    }
}

/// The formats every table is written in.
#[must_use]
pub fn formats() -> Vec<Box<dyn TableFormat>> {
    vec![
        Box::new(json::Json),
        Box::new(csv::Csv),
        Box::new(parquet::Parquet),
        Box::new(ndjson::Ndjson),
        Box::new(sqlite::Sqlite),
    ]
}

/// The formats named in `names` (by their folder), in the registry's order; every format when
/// `names` is empty. An unknown name is a usage error that lists the known ones.
pub fn select(names: &[String]) -> Result<Vec<Box<dyn TableFormat>>, Error> {
    let all = formats();
    if let Some(unknown) = names
        .iter()
        .find(|n| !all.iter().any(|f| f.folder() == n.as_str()))
    {
        let known: Vec<&str> = all.iter().map(|f| f.folder()).collect();
        return Err(Error::Usage(format!(
            "unknown format `{unknown}`: the formats are {}",
            known.join(", ")
        )));
    }
    Ok(all
        .into_iter()
        .filter(|f| names.is_empty() || names.iter().any(|n| n == f.folder()))
        .collect())
}

/// The files of `format` for `tables` of the dataset named `dataset`, relative to the output
/// folder, each with the indices of the tables it holds.
#[must_use]
pub fn format_files(
    format: &dyn TableFormat,
    tables: &[&str],
    dataset: &str,
) -> Vec<(String, Vec<usize>)> {
    match format.layout() {
        Layout::FilePerTable => tables
            .iter()
            .enumerate()
            .map(|(t, name)| (table_path(name, format), vec![t]))
            .collect(),
        Layout::OneFile => vec![(table_path(dataset, format), (0..tables.len()).collect())],
    }
}

/// The path of `table` in `format`, relative to the output folder.
#[must_use]
pub fn table_path(table: &str, format: &dyn TableFormat) -> String {
    format!("{}/{table}.{}", format.folder(), format.extension())
}

/// What the data package and the codebook need to know of a table once it is written.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableSummary {
    /// How many rows were written.
    pub(crate) rows: usize,
    /// The first non-null value of each column as the codebook shows it ([`example`]): a
    /// huge value is never held whole.
    pub(crate) examples: Vec<Option<String>>,
    /// When the table is a folder of parts: how many, and the most rows in one.
    pub(crate) parts: Option<(usize, usize)>,
}

impl TableSummary {
    /// A summary of the table `spec`, before any row.
    #[must_use]
    pub(crate) fn new(spec: &TableSpec) -> Self {
        TableSummary {
            rows: 0,
            examples: vec![None; spec.columns.len()],
            parts: None,
        }
    }

    /// Takes note of rows as they are written.
    pub(crate) fn observe(&mut self, rows: &[Cells]) {
        self.rows += rows.len();
        for (i, example) in self.examples.iter_mut().enumerate() {
            if example.is_none() {
                *example = rows
                    .iter()
                    .find_map(|r| r.get(i).filter(|v| !v.is_null()))
                    .map(self::example);
            }
        }
    }
}

/// How many characters of a value the codebook shows as an example.
const EXAMPLE_CHARS: usize = 60;

/// A value as the codebook's example: its CSV text ([`csv::cell`]), cut to [`EXAMPLE_CHARS`]
/// characters (the last of them `…`) when longer. A text is cut without being copied whole.
#[must_use]
pub(crate) fn example(value: &Value) -> String {
    let text = csv::cell(Some(value));
    if text.char_indices().nth(EXAMPLE_CHARS).is_none() {
        return text.into_owned();
    }
    let cut = text
        .char_indices()
        .nth(EXAMPLE_CHARS - 1)
        .map_or(0, |(i, _)| i);
    format!("{}…", &text[..cut])
}

/// Whether `formats` writes the Parquet files that `croissant.json` reads.
pub(crate) fn writes_parquet(formats: &[Box<dyn TableFormat>]) -> bool {
    formats
        .iter()
        .any(|f| f.folder() == parquet::Parquet.folder())
}

/// Writes the `SHA256SUMS` of the files hashed in `hashes`: it also marks the output as this
/// tool's, so that the next run may replace it.
pub(crate) fn write_sums(staging: &Staging, hashes: &Hashes) -> Result<(), Error> {
    staging.write_sums(
        hashes
            .iter()
            .map(|(rel, written)| (rel.as_str(), written.sha256.as_str())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line `scan_lines` sees in `text`, read through a buffer of `capacity` bytes.
    fn lines(text: &str, capacity: usize) -> Vec<Line> {
        let mut input = std::io::BufReader::with_capacity(capacity, text.as_bytes());
        let mut seen = Vec::new();
        scan_lines(&mut input, |line| {
            seen.push(line);
            Ok(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn lines_are_seen_whole_whatever_the_buffer_cuts() {
        let text = "[\n{\"a\":1},\n\n{\"b\":22}\n]";
        let whole = lines(text, 1 << 10);
        let edges: Vec<_> = whole
            .iter()
            .map(|l| (l.number, l.len, l.edges, l.ended))
            .collect();
        assert_eq!(
            edges,
            [
                (1, 1, Some((b'[', b'[')), true),
                (2, 8, Some((b'{', b',')), true),
                (3, 0, None, true),
                (4, 8, Some((b'{', b'}')), true),
                (5, 1, Some((b']', b']')), false),
            ]
        );
        for capacity in 1..8 {
            assert_eq!(lines(text, capacity), whole, "buffer of {capacity} bytes");
        }
    }

    #[test]
    fn a_summary_keeps_an_example_as_the_codebook_shows_it_never_a_huge_value_whole() {
        let mut summary = TableSummary {
            examples: vec![None; 3],
            ..TableSummary::default()
        };
        let huge = "é".repeat(1 << 20);
        summary.observe(&[vec![
            Value::from(huge),
            Value::from("x".repeat(EXAMPLE_CHARS)),
            serde_json::json!([1, 2]),
        ]]);
        let first = summary.examples[0].as_deref().unwrap();
        assert_eq!(first.chars().count(), EXAMPLE_CHARS);
        assert_eq!(first, format!("{}…", "é".repeat(EXAMPLE_CHARS - 1)));
        assert_eq!(summary.examples[1], Some("x".repeat(EXAMPLE_CHARS)));
        assert_eq!(summary.examples[2].as_deref(), Some("[1,2]"));
    }
}
