//! The command line: one clap command enum and one `run_<command>` function per command.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
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
        Command::Schema { out } => run_schema(&out),
    }
}

/// Validates the seeds and prints the report; fails with [`Error::Invalid`] on any problem.
pub fn run_validate(args: &SeedsArgs) -> Result<(), Error> {
    validate_and_report(args)?;
    if args.format == Format::Human {
        eprintln!("{} is valid", args.seeds.display());
    }
    Ok(())
}

/// Validates and prints problems in the chosen format; passes only a valid dataset on.
pub fn validate_and_report(args: &SeedsArgs) -> Result<Validation, Error> {
    let options = Options {
        max_file_size: args.max_file_size,
    };
    let validation = validate::validate(&args.seeds, options)?;
    match args.format {
        Format::Json => print_stdout(&validation.report.to_json())?,
        Format::Human if !validation.report.is_empty() => eprint!("{}", validation.render()),
        Format::Human => {}
    }
    if validation.report.is_empty() {
        Ok(validation)
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
