//! The command line: one clap command enum and one `run_<command>` function per command.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use tajik_ct_dataset::seeds::DEFAULT_MAX_FILE_SIZE;
use tajik_ct_dataset::validate::{self, Options};

mod run;
pub use run::run;

/// Validate and build the hand-curated dataset.
#[derive(Debug, Parser)]
#[command(name = "seedtool", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How a validation report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Compiler-style text with the offending lines.
    Human,
    /// A JSON report for machines.
    Json,
}

/// Where the seeds are and how they are read.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedsArgs {
    /// The seeds folder.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// The largest seeds file or source text read, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// No progress bar (it is only drawn on a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
    /// How many threads check the seeds (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl SeedsArgs {
    /// The validation settings these arguments ask for.
    #[must_use]
    pub fn options(&self) -> Options {
        Options {
            max_file_size: self.max_file_size,
            progress: !self.quiet,
            threads: self
                .threads
                .map_or_else(tajik_ct_dataset::parallel::workers, usize::from),
            ..Options::default()
        }
    }
}

/// How `synth` lays out its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedsLayout {
    /// One folder per article with `records.json`.
    Json,
    /// JSON Lines files per shard of 100 articles.
    Jsonl,
}

impl From<SeedsLayout> for tajik_ct_dataset::synth::SeedsLayout {
    fn from(layout: SeedsLayout) -> Self {
        match layout {
            SeedsLayout::Json => Self::Json,
            SeedsLayout::Jsonl => Self::Jsonl,
        }
    }
}

/// How `export` writes arrays of objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NestedArrays {
    /// Child tables `<table>__<field>`, linked by the parent's key.
    Tables,
    /// List columns of the parent table (`LIST<STRUCT>` in Parquet).
    List,
}

impl From<NestedArrays> for tajik_ct_dataset::generic::NestedArrays {
    fn from(nested: NestedArrays) -> Self {
        match nested {
            NestedArrays::Tables => Self::Tables,
            NestedArrays::List => Self::List,
        }
    }
}

/// How `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary table, schema changes, then each row that differs.
    Text,
    /// The same in Markdown, for a changelog.
    Md,
    /// `{"tables": [{"name", "primary_key", "schema_changes", "added", "removed", "changed"}]}`.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every seeds file against the schema and the integrity rules.
    Validate(SeedsArgs),
    /// Report the share of each article's sentences that evidence touches.
    Coverage {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// Fail (exit 1) when an article's coverage is below this percentage.
        #[arg(long, value_name = "PERCENT")]
        require: Option<f64>,
    },
    /// Validate the seeds, then write every table as JSON, NDJSON, CSV and Parquet, and all of
    /// them in one database in `sqlite/`, with the data package, codebook and checksums. Nothing is
    /// written when validation fails.
    Build {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// The output folder, replaced as a whole once everything is written.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Bytes of rows each table may hold in memory while sorting before it spills sorted
        /// runs to a scratch folder beside the output.
        #[arg(long, value_name = "BYTES", default_value_t = tajik_ct_dataset::build::SORT_BUDGET)]
        sort_memory: usize,
        /// Bytes the index of every id, and apart from it the entities' mentions, may each take
        /// in memory before they move to a scratch folder beside the output.
        #[arg(long, value_name = "BYTES", default_value_t = validate::INDEX_MEMORY)]
        index_memory: usize,
        /// The formats to write (`json,csv,parquet,ndjson,sqlite`); all of them by default. The
        /// data package, codebook, Croissant file and checksums describe only what is written.
        #[arg(long, value_name = "FORMAT[,FORMAT]", value_delimiter = ',')]
        formats: Vec<String>,
        /// The most rows in one file: a table of more rows is written as a folder of parts
        /// (`parquet/<table>/part-00000.parquet`, …) in every format but `SQLite`, cut in key
        /// order.
        #[arg(long, value_name = "ROWS", default_value_t = tajik_ct_dataset::export::ROWS_PER_FILE)]
        rows_per_file: usize,
    },
    /// Regenerate schema/, dist/ and CITATION.cff beside the committed ones and fail (exit 1)
    /// naming each committed file that differs from what the code and seeds produce.
    Check {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// The committed output folder.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// The committed schema folder.
        #[arg(long, default_value = "schema")]
        schema: PathBuf,
        /// The committed citation file.
        #[arg(long, default_value = tajik_ct_dataset::citation::CITATION_FILE)]
        citation: PathBuf,
    },
    /// Compare two output folders (e.g. the previous release's `dist/` and a new build): rows
    /// added, removed and changed in each table, matched by primary key, and schema changes;
    /// suggests the version bump.
    Diff {
        /// The earlier output folder.
        old: PathBuf,
        /// The later output folder.
        new: PathBuf,
        /// How to print the differences.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Compare only this table (may be given more than once).
        #[arg(long = "table", value_name = "TABLE")]
        tables: Vec<String>,
        /// Print only the summary and the schema changes (text and Markdown).
        #[arg(long)]
        stat: bool,
        /// Exit 1 when anything differs.
        #[arg(long)]
        exit_code: bool,
    },
    /// Write `CITATION.cff` (Citation File Format, type dataset) from the seeds folder's
    /// `dataset.json`. Nothing is written when the metadata file is invalid.
    Citation {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// The file to write (its name must end in `.cff`), replaced whole.
        #[arg(long, default_value = tajik_ct_dataset::citation::CITATION_FILE)]
        out: PathBuf,
    },
    /// Validate records against any JSON Schema and write them as the records' table and one
    /// child table per array of objects (or list columns, with `--nested list`) in JSON, NDJSON,
    /// CSV and Parquet, and in one database in `sqlite/`. Nothing is written when a record is
    /// invalid.
    Export {
        /// The JSON Schema of one record (an object).
        #[arg(long)]
        schema: PathBuf,
        /// The records: a `.json` array, or `.jsonl` with one record per line (streamed).
        #[arg(long)]
        input: PathBuf,
        /// The output folder, replaced as a whole once everything is written.
        #[arg(long)]
        out: PathBuf,
        /// The table's name; by default the input's file stem.
        #[arg(long)]
        name: Option<String>,
        /// How many rows of each table are written per batch.
        #[arg(long, default_value_t = 8192)]
        batch_size: usize,
        /// The columns identifying a record (`id`, or `order,line`): unique and not null across
        /// the input, checked; they sort every table, and child tables carry them. Without it,
        /// records keep their input order and child tables carry the record's number.
        #[arg(long, value_name = "FIELD[,FIELD]", value_delimiter = ',')]
        key: Vec<String>,
        /// Bytes of rows all tables together may hold in memory while sorting by `--key` before
        /// they spill sorted runs to a scratch folder beside the output.
        #[arg(long, value_name = "BYTES", default_value_t = tajik_ct_dataset::generic::SORT_MEMORY)]
        sort_memory: usize,
        /// How arrays of objects are written: child tables `<table>__<field>` carrying their
        /// parent's key, or list columns (`LIST<STRUCT>` in Parquet) of the parent table.
        #[arg(long, value_enum, default_value_t = NestedArrays::Tables)]
        nested: NestedArrays,
        /// The dataset's metadata, a file like `seeds/dataset.json` (held to
        /// `schema/dataset.schema.json`): with it, the export also writes `croissant.json` and
        /// the data package carries its title, description, version and licence.
        #[arg(long, value_name = "FILE")]
        metadata: Option<PathBuf>,
        /// The largest record of a `.jsonl` input, in bytes (64 MiB by default): a larger
        /// one is refused with its number and size, without being read whole.
        #[arg(long, value_name = "BYTES", default_value_t = tajik_ct_dataset::generic::DEFAULT_MAX_RECORD_SIZE)]
        max_record_size: u64,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// The formats to write (`json,csv,parquet,ndjson,sqlite`); all of them by default. The
        /// data package, codebook, Croissant file and checksums describe only what is written.
        #[arg(long, value_name = "FORMAT[,FORMAT]", value_delimiter = ',')]
        formats: Vec<String>,
        /// The most rows in one file: a table of more rows is written as a folder of parts
        /// (`parquet/<table>/part-00000.parquet`, …) in every format but `SQLite`, cut in key
        /// order.
        #[arg(long, value_name = "ROWS", default_value_t = tajik_ct_dataset::export::ROWS_PER_FILE)]
        rows_per_file: usize,
    },
    /// Draft a JSON Schema (draft 2020-12) from records, to edit and then give to `export`:
    /// types and nullability, `required` members, date formats, enumerations of a few repeated
    /// strings, integer ranges, nested objects and arrays. Nothing is written when a record
    /// cannot be read.
    Infer {
        /// The records: a `.json` array, or `.jsonl` with one record per line (streamed).
        input: PathBuf,
        /// The schema file to write (replaced whole); by default the standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The largest record of a `.jsonl` input, in bytes (64 MiB by default).
        #[arg(long, value_name = "BYTES", default_value_t = tajik_ct_dataset::generic::DEFAULT_MAX_RECORD_SIZE)]
        max_record_size: u64,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
    /// Write a synthetic seeds folder of about N records, for benchmarks and stress tests.
    Synth {
        /// About how many records to write.
        #[arg(long)]
        records: usize,
        /// The folder to write (replaced as a whole).
        #[arg(long)]
        out: PathBuf,
        /// One `records.json` per article, or JSON Lines files per shard of 100 articles.
        #[arg(long, value_enum, default_value_t = SeedsLayout::Json)]
        layout: SeedsLayout,
    },
    /// Write the dataset explorer: one self-contained HTML page showing each article with every
    /// record's evidence highlighted, every table, and a timeline (it fetches nothing).
    Site {
        /// The published dataset folder whose `json/` tables the page embeds.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The seeds folder holding the articles' texts (the `path` column of `sources`).
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// The page to write; by default `explorer.html` in the dataset folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rewrite the JSON seeds files in their canonical layout (two-space pretty JSON, keys in the
    /// order written, `$schema` first), so that a diff shows only what changed.
    Fmt {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Write nothing; fail (exit 1) naming every file not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Show where a quote stands in the articles' texts (line, column, character and byte
    /// offsets, how many times), matched exactly as the validator matches evidence; when it
    /// occurs nowhere, say how far it does match.
    Locate {
        /// The quote, exactly as it should stand in the text.
        quote: String,
        /// Only the article with this source id.
        #[arg(long)]
        source: Option<String>,
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
    },
    /// Regenerate the JSON Schema of seeds files.
    Schema {
        /// The folder to write into.
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}
