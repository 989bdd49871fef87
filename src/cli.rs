//! The command line: one clap command enum and one `run_<command>` function per command.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use tajik_ct_dataset::Error;
use tajik_ct_dataset::seeds::DEFAULT_MAX_FILE_SIZE;
use tajik_ct_dataset::validate::{self, Options, Validation};

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
pub enum Format {
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
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
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
pub enum Layout {
    /// One folder per article with `records.json`.
    Json,
    /// JSON Lines files per shard of 100 articles.
    Jsonl,
}

impl From<Layout> for tajik_ct_dataset::synth::Layout {
    fn from(layout: Layout) -> Self {
        match layout {
            Layout::Json => Self::Json,
            Layout::Jsonl => Self::Jsonl,
        }
    }
}

/// How `export` writes arrays of objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Nested {
    /// Child tables `<table>__<field>`, linked by the parent's key.
    Tables,
    /// List columns of the parent table (`LIST<STRUCT>` in Parquet).
    List,
}

impl From<Nested> for tajik_ct_dataset::generic::NestedArrays {
    fn from(nested: Nested) -> Self {
        match nested {
            Nested::Tables => Self::Tables,
            Nested::List => Self::List,
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
        #[arg(long, default_value = tajik_ct_dataset::export::citation::CITATION_FILE)]
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
        #[arg(long, default_value = tajik_ct_dataset::export::citation::CITATION_FILE)]
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
        #[arg(long, value_enum, default_value_t = Nested::Tables)]
        nested: Nested,
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
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// The formats to write (`json,csv,parquet,ndjson,sqlite`); all of them by default. The
        /// data package, codebook, Croissant file and checksums describe only what is written.
        #[arg(long, value_name = "FORMAT[,FORMAT]", value_delimiter = ',')]
        formats: Vec<String>,
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
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
        #[arg(long, value_enum, default_value_t = Layout::Json)]
        layout: Layout,
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

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Validate(args) => run_validate(&args),
        Command::Coverage { seeds, require } => run_coverage(&seeds, require),
        Command::Build {
            seeds,
            out,
            sort_memory,
            index_memory,
            formats,
        } => run_build(&seeds, &out, (sort_memory, index_memory), &formats),
        Command::Check {
            seeds,
            out,
            schema,
            citation,
        } => run_check(&seeds, &out, &schema, &citation),
        Command::Citation { seeds, out } => run_citation(&seeds, &out),
        Command::Diff {
            old,
            new,
            format,
            tables,
            stat,
            exit_code,
        } => run_diff(&old, &new, format, &tables, stat, exit_code),
        Command::Export {
            schema,
            input,
            out,
            name,
            batch_size,
            key,
            sort_memory,
            nested,
            metadata,
            max_record_size,
            format,
            quiet,
            formats,
        } => run_export(
            &tajik_ct_dataset::generic::ExportOptions {
                schema,
                input,
                out,
                name,
                batch_size,
                key,
                sort_memory,
                nested: nested.into(),
                metadata,
                max_record_size,
                progress: !quiet,
                formats,
            },
            format,
        ),
        Command::Infer {
            input,
            out,
            max_record_size,
            format,
        } => run_infer(&input, out.as_deref(), max_record_size, format),
        Command::Synth {
            records,
            out,
            layout,
        } => run_synth(records, layout.into(), &out),
        Command::Schema { out } => run_schema(&out),
        Command::Fmt { seeds, check } => run_fmt(&seeds, check),
        Command::Locate {
            quote,
            source,
            seeds,
        } => run_locate(&seeds, &quote, source.as_deref()),
        Command::Site { dist, seeds, out } => {
            let out = out.unwrap_or_else(|| dist.join(tajik_ct_dataset::site::FILE));
            run_site(&dist, &seeds, &out)
        }
    }
}

/// Rewrites the seeds files not in canonical form, or with `check` names them and fails.
pub fn run_fmt(seeds: &Path, check: bool) -> Result<(), Error> {
    let changed = tajik_ct_dataset::curate::fmt(seeds, check, DEFAULT_MAX_FILE_SIZE)?;
    for file in &changed {
        eprintln!("formatted {file}");
    }
    Ok(())
}

/// Prints where a quote stands in the articles; fails when it occurs in none.
pub fn run_locate(seeds: &Path, quote: &str, source: Option<&str>) -> Result<(), Error> {
    print_stdout(&tajik_ct_dataset::curate::locate(seeds, quote, source)?)
}

/// Validates the seeds and prints the report; fails with [`Error::Invalid`] on any problem.
pub fn run_validate(args: &SeedsArgs) -> Result<(), Error> {
    print_report(args, &validate::check(&args.seeds, args.options())?)?;
    if args.format == Format::Human {
        eprintln!("{} is valid", args.seeds.display());
    }
    Ok(())
}

/// Validates and prints problems in the chosen format; passes only a valid dataset on.
pub fn validate_and_report(args: &SeedsArgs) -> Result<Validation, Error> {
    let validation = validate::validate(&args.seeds, args.options())?;
    print_report(args, &validation)?;
    Ok(validation)
}

/// Prints the problems of `validation` in the chosen format; fails when there are any.
fn print_report(args: &SeedsArgs, validation: &Validation) -> Result<(), Error> {
    match args.format {
        Format::Json => print_stdout(&validation.report.to_json())?,
        Format::Human if !validation.report.is_empty() => eprint!("{}", validation.render()),
        Format::Human => {}
    }
    if validation.report.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(validation.report.diagnostics.len()))
    }
}

/// Prints the evidence coverage of each article; fails when one is below `require` percent.
pub fn run_coverage(args: &SeedsArgs, require: Option<f64>) -> Result<(), Error> {
    let validation = validate_and_report(args)?;
    let Some(checked) = validation.checked else {
        return Err(Error::Invalid(validation.report.diagnostics.len()));
    };
    let coverage = tajik_ct_dataset::coverage::coverage(&checked);
    match args.format {
        Format::Json => {
            let value = serde_json::to_value(&coverage).unwrap_or_default();
            print_stdout(&tajik_ct_dataset::schema::to_pretty(&value))?;
        }
        Format::Human => print_stdout(&tajik_ct_dataset::coverage::render(&coverage))?,
    }
    let short: Vec<String> = coverage
        .iter()
        .filter(|c| require.is_some_and(|min| c.percent() < min))
        .map(|c| format!("{} at {:.1}%", c.source, c.percent()))
        .collect();
    if short.is_empty() {
        Ok(())
    } else {
        Err(Error::Coverage(short))
    }
}

/// Validates the seeds and writes the published dataset into `out`, with `sort_memory` bytes of
/// rows per table and `index_memory` bytes of index in memory.
pub fn run_build(
    args: &SeedsArgs,
    out: &Path,
    (sort_memory, index_memory): (usize, usize),
    formats: &[String],
) -> Result<(), Error> {
    let formats = tajik_ct_dataset::export::select(formats)?;
    let options = Options {
        index_memory,
        ..args.options()
    };
    let build =
        tajik_ct_dataset::build::build_in(&args.seeds, out, options, sort_memory, &formats)?;
    print_report(args, &build.validation)?;
    let staging = build
        .staging
        .ok_or(Error::Invalid(build.validation.report.diagnostics.len()))?;
    let count = tajik_ct_dataset::output::files(staging.path())?.len();
    staging.commit()?;
    if args.format == Format::Human {
        eprintln!("wrote {count} files to {}", out.display());
    }
    Ok(())
}

/// Compares the committed `schema/`, `dist/` and `CITATION.cff` with freshly generated ones.
pub fn run_check(
    args: &SeedsArgs,
    out: &Path,
    schema_dir: &Path,
    citation: &Path,
) -> Result<(), Error> {
    let check =
        tajik_ct_dataset::check::check(&args.seeds, out, schema_dir, citation, args.options())?;
    print_report(args, &check.validation)?;
    if check.stale.is_empty() {
        eprintln!(
            "{}, {} and {} are current",
            schema_dir.display(),
            out.display(),
            citation.display()
        );
        Ok(())
    } else {
        for line in &check.stale {
            eprintln!("stale: {line}");
        }
        eprintln!(
            "run `cargo run --release -- schema`, `cargo run --release -- build` and `cargo run --release -- citation`, then commit"
        );
        Err(Error::Stale(check.stale))
    }
}

/// Writes `CITATION.cff` from the seeds folder's metadata file.
pub fn run_citation(args: &SeedsArgs, out: &Path) -> Result<(), Error> {
    tajik_ct_dataset::export::citation::check(out, &args.seeds)?;
    let citation = tajik_ct_dataset::build::citation(&args.seeds, args.options())?;
    print_report(args, &citation.validation)?;
    let text = citation
        .text
        .ok_or(Error::Invalid(citation.validation.report.diagnostics.len()))?;
    tajik_ct_dataset::export::citation::write(out, &args.seeds, &text)?;
    if args.format == Format::Human {
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

/// Compares two output folders and prints the differences to standard output.
pub fn run_diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    tables: &[String],
    stat: bool,
    exit_code: bool,
) -> Result<(), Error> {
    use tajik_ct_dataset::diff::{self, render};
    if stat && format == DiffFormat::Json {
        return Err(Error::Usage(
            "--stat is for the text and md formats; --format json always lists the rows".into(),
        ));
    }
    let options = diff::Options {
        tables: tables.to_vec(),
    };
    let mut found = diff::diff(old, new, &options)?;
    let format = match format {
        DiffFormat::Text => render::Format::Text,
        DiffFormat::Md => render::Format::Md,
        DiffFormat::Json => render::Format::Json,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let printed = render::render(&mut found, format, stat, &mut out).and_then(|()| {
        out.flush()
            .map_err(Error::io("standard output", "write to"))
    });
    match printed {
        // A reader that stops early (`| head`) wants no more, and no error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(());
        }
        printed => printed?,
    }
    if format == render::Format::Json {
        eprintln!("{}", render::version_line(&found));
    }
    if exit_code && found.differs() {
        return Err(Error::Differs);
    }
    Ok(())
}

/// Validates and exports records of any schema.
pub fn run_export(
    options: &tajik_ct_dataset::generic::ExportOptions,
    format: Format,
) -> Result<(), Error> {
    let export = tajik_ct_dataset::generic::export(options)?;
    if let Some(staging) = export.staging {
        staging.commit()?;
    }
    match format {
        Format::Json => print_stdout(&export.report.to_json())?,
        Format::Human if !export.report.is_empty() => {
            eprint!("{}", export.report.render(&export.files));
        }
        Format::Human => eprintln!(
            "wrote {} records to {}",
            export.written,
            options.out.display()
        ),
    }
    if export.report.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(export.report.diagnostics.len()))
    }
}

/// Drafts a record schema from the records of `input`, to `out` or the standard output.
pub fn run_infer(
    input: &Path,
    out: Option<&Path>,
    max_record_size: u64,
    format: Format,
) -> Result<(), Error> {
    if let Some(out) = out
        && out.exists()
        && std::fs::canonicalize(out).ok() == std::fs::canonicalize(input).ok()
    {
        return Err(Error::Usage(format!(
            "`{}` is the input: give the schema another file name",
            out.display()
        )));
    }
    let inferred = tajik_ct_dataset::generic::infer::infer(input, max_record_size)?;
    let Some(schema) = inferred.schema else {
        match format {
            Format::Json => print_stdout(&inferred.report.to_json())?,
            Format::Human => eprint!("{}", inferred.report.render(&inferred.files)),
        }
        return Err(Error::Invalid(inferred.report.diagnostics.len()));
    };
    match out {
        Some(out) => {
            tajik_ct_dataset::generic::infer::write(out, &schema)?;
            eprintln!(
                "drafted {} from {} records: review it, then `seedtool export --schema {}`",
                out.display(),
                inferred.records,
                out.display()
            );
        }
        None => print_stdout(&schema)?,
    }
    Ok(())
}

/// Writes a synthetic seeds folder, streaming its files to disk.
pub fn run_synth(
    records: usize,
    layout: tajik_ct_dataset::synth::Layout,
    out: &Path,
) -> Result<(), Error> {
    let count = tajik_ct_dataset::synth::write(records, layout, out)?;
    eprintln!("wrote {count} files to {}", out.display());
    Ok(())
}

/// Regenerates the schema folder.
pub fn run_schema(out: &Path) -> Result<(), Error> {
    for path in tajik_ct_dataset::schema::write(out)? {
        eprintln!("wrote {path}");
    }
    Ok(())
}

/// Writes the dataset explorer of the dataset in `dist` to `out`.
pub fn run_site(dist: &Path, seeds: &Path, out: &Path) -> Result<(), Error> {
    tajik_ct_dataset::site::write(dist, seeds, out)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

fn print_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::io("standard output", "write to"))
}
