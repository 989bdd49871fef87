//! The command line: one clap command enum and one `run_<command>` function per command.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::output::Protect;
use crate::seeds::DEFAULT_MAX_FILE_SIZE;
use crate::validate::{self, Options, Validation};

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
                .map_or_else(crate::parallel::workers, usize::from),
        }
    }
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
    /// Validate the seeds, then write every table as JSON, CSV and Parquet with the data package,
    /// codebook and checksums. Nothing is written when validation fails.
    Build {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// The output folder, replaced as a whole once everything is written.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Bytes of rows each table may hold in memory while sorting before it spills sorted
        /// runs to a scratch folder beside the output.
        #[arg(long, value_name = "BYTES", default_value_t = crate::publish::SORT_BUDGET)]
        sort_memory: usize,
    },
    /// Regenerate schema/ and dist/ beside the committed ones and fail (exit 1) naming each
    /// committed file that differs from what the code and seeds produce.
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
    },
    /// Validate records against any JSON Schema and write them as one table in JSON, CSV and
    /// Parquet. Nothing is written when a record is invalid.
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
        /// How many records are written per batch.
        #[arg(long, default_value_t = 8192)]
        batch_size: usize,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
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
        #[arg(long, value_enum, default_value_t = crate::synth::Layout::Json)]
        layout: crate::synth::Layout,
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
        } => run_build(&seeds, &out, sort_memory),
        Command::Check { seeds, out, schema } => run_check(&seeds, &out, &schema),
        Command::Export {
            schema,
            input,
            out,
            name,
            batch_size,
            format,
            quiet,
        } => run_export(
            &crate::generic::ExportOptions {
                schema,
                input,
                out,
                name,
                batch_size,
                progress: !quiet,
            },
            format,
        ),
        Command::Synth {
            records,
            out,
            layout,
        } => run_synth(records, layout, &out),
        Command::Schema { out } => run_schema(&out),
    }
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
    let coverage = crate::coverage::coverage(&checked);
    match args.format {
        Format::Json => {
            let value = serde_json::to_value(&coverage).unwrap_or_default();
            print_stdout(&crate::schema::to_pretty(&value))?;
        }
        Format::Human => print_stdout(&crate::coverage::render(&coverage))?,
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

/// Validates the seeds and writes the published dataset into a staging folder beside `out`.
fn build_staged(
    args: &SeedsArgs,
    out: &Path,
    sort_memory: usize,
) -> Result<crate::output::Staging, Error> {
    let build = crate::publish::build(&args.seeds, out, args.options(), sort_memory)?;
    print_report(args, &build.validation)?;
    build
        .staging
        .ok_or(Error::Invalid(build.validation.report.diagnostics.len()))
}

/// Validates the seeds and writes the published dataset into `out`.
pub fn run_build(args: &SeedsArgs, out: &Path, sort_memory: usize) -> Result<(), Error> {
    let staging = build_staged(args, out, sort_memory)?;
    let count = list_files(staging.path(), staging.path())?.len();
    staging.commit()?;
    if args.format == Format::Human {
        eprintln!("wrote {count} files to {}", out.display());
    }
    Ok(())
}

/// Compares the committed `schema/` and `dist/` with freshly generated ones.
pub fn run_check(args: &SeedsArgs, out: &Path, schema_dir: &Path) -> Result<(), Error> {
    // The fresh output is staged beside `out`: never inside or around the seeds or the schema.
    let protect = [Protect::Seeds(&args.seeds), Protect::Schema(schema_dir)];
    crate::output::guard::check(out, crate::output::guard::Writes::Replace, &protect)?;
    let schema_files: BTreeMap<String, Vec<u8>> = crate::schema::generated_files()
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    let mut stale = compare_dir(schema_dir, &schema_files)?;
    let staging = build_staged(args, out, crate::publish::SORT_BUDGET)?;
    let mut fresh = BTreeMap::new();
    for rel in list_files(staging.path(), staging.path())? {
        let path = staging.path().join(&rel);
        fresh.insert(rel, std::fs::read(&path).map_err(Error::io(&path, "read"))?);
    }
    drop(staging);
    stale.extend(compare_dir(out, &fresh)?);
    if stale.is_empty() {
        eprintln!("{} and {} are current", schema_dir.display(), out.display());
        Ok(())
    } else {
        for line in &stale {
            eprintln!("stale: {line}");
        }
        eprintln!(
            "run `cargo run --release -- schema` and `cargo run --release -- build`, then commit"
        );
        Err(Error::Stale(stale))
    }
}

/// The files of `dir` that differ from `expected`, are missing, or should not be there.
fn compare_dir(dir: &Path, expected: &BTreeMap<String, Vec<u8>>) -> Result<Vec<String>, Error> {
    let mut stale = Vec::new();
    for (rel, bytes) in expected {
        let path = dir.join(rel);
        match std::fs::read(&path) {
            Ok(actual) if &actual == bytes => {}
            Ok(_) => stale.push(format!("{} differs", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                stale.push(format!("{} is missing", path.display()));
            }
            Err(e) => return Err(Error::io(&path, "read")(e)),
        }
    }
    if dir.is_dir() {
        for rel in list_files(dir, dir)? {
            if !expected.contains_key(&rel) {
                stale.push(format!("{} should not be there", dir.join(&rel).display()));
            }
        }
    }
    Ok(stale)
}

fn list_files(root: &Path, dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(Error::io(dir, "list"))? {
        let path = entry.map_err(Error::io(dir, "list"))?.path();
        if path.is_dir() {
            found.extend(list_files(root, &path)?);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            found.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(found)
}

/// Validates and exports records of any schema.
pub fn run_export(options: &crate::generic::ExportOptions, format: Format) -> Result<(), Error> {
    let export = crate::generic::export(options)?;
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

/// Writes a synthetic seeds folder, streaming its files to disk.
pub fn run_synth(records: usize, layout: crate::synth::Layout, out: &Path) -> Result<(), Error> {
    let count = crate::synth::write(records, layout, out)?;
    eprintln!("wrote {count} files to {}", out.display());
    Ok(())
}

/// Regenerates the schema folder.
pub fn run_schema(out: &Path) -> Result<(), Error> {
    for path in crate::schema::write(out)? {
        eprintln!("wrote {path}");
    }
    Ok(())
}

fn print_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::io("standard output", "write to"))
}
