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
    /// Validate the seeds, then write every table as JSON, NDJSON, CSV and Parquet with the data
    /// package, codebook and checksums. Nothing is written when validation fails.
    Build {
        /// Where the seeds are.
        #[command(flatten)]
        seeds: SeedsArgs,
        /// The output folder, replaced as a whole once everything is written.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Bytes of rows each table may hold in memory while sorting before it spills sorted
        /// runs to a scratch folder beside the output.
        #[arg(long, value_name = "BYTES", default_value_t = tajik_ct_dataset::publish::SORT_BUDGET)]
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
    /// Validate records against any JSON Schema and write them as one table in JSON, NDJSON, CSV
    /// and Parquet. Nothing is written when a record is invalid.
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
            &tajik_ct_dataset::generic::ExportOptions {
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
        } => run_synth(records, layout.into(), &out),
        Command::Schema { out } => run_schema(&out),
        Command::Site { dist, seeds, out } => {
            let out = out.unwrap_or_else(|| dist.join(tajik_ct_dataset::site::FILE));
            run_site(&dist, &seeds, &out)
        }
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

/// Validates the seeds and writes the published dataset into `out`.
pub fn run_build(args: &SeedsArgs, out: &Path, sort_memory: usize) -> Result<(), Error> {
    let build = tajik_ct_dataset::publish::build(&args.seeds, out, args.options(), sort_memory)?;
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

/// Compares the committed `schema/` and `dist/` with freshly generated ones.
pub fn run_check(args: &SeedsArgs, out: &Path, schema_dir: &Path) -> Result<(), Error> {
    let check = tajik_ct_dataset::check::check(&args.seeds, out, schema_dir, args.options())?;
    print_report(args, &check.validation)?;
    if check.stale.is_empty() {
        eprintln!("{} and {} are current", schema_dir.display(), out.display());
        Ok(())
    } else {
        for line in &check.stale {
            eprintln!("stale: {line}");
        }
        eprintln!(
            "run `cargo run --release -- schema` and `cargo run --release -- build`, then commit"
        );
        Err(Error::Stale(check.stale))
    }
}

/// Validates and exports records of any schema.
pub fn run_export(
    options: &tajik_ct_dataset::generic::ExportOptions,
    format: Format,
) -> Result<(), Error> {
    let export = tajik_ct_dataset::generic::export(options)?;
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
