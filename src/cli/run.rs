//! The `run_<command>` functions: each command's work, asked of the library, and its output.

use std::io::Write as _;
use std::path::Path;

use tajik_ct_dataset::Error;
use tajik_ct_dataset::seeds::DEFAULT_MAX_FILE_SIZE;
use tajik_ct_dataset::validate::{self, Options, Validation};

use super::{Cli, Command, DiffFormat, ReportFormat, SeedsArgs};

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
            rows_per_file: rows,
        } => run_build(&seeds, &out, (sort_memory, index_memory, rows), &formats),
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
            rows_per_file,
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
                split: tajik_ct_dataset::export::Split::new(rows_per_file)?,
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
        Command::Site { dist, seeds, out } => run_site(&dist, &seeds, out.as_deref()),
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
    if args.format == ReportFormat::Human {
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
        ReportFormat::Json => print_stdout(&validation.report.to_json())?,
        ReportFormat::Human if !validation.report.is_empty() => eprint!("{}", validation.render()),
        ReportFormat::Human => {}
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
        ReportFormat::Json => {
            let value = serde_json::to_value(&coverage).unwrap_or_default();
            print_stdout(&tajik_ct_dataset::schema::to_pretty(&value))?;
        }
        ReportFormat::Human => print_stdout(&tajik_ct_dataset::coverage::render(&coverage))?,
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
/// rows per table, `index_memory` bytes of index in memory and at most `rows_per_file` rows in a
/// file, in `formats` (all when empty).
pub fn run_build(
    args: &SeedsArgs,
    out: &Path,
    (sort_memory, index_memory, rows_per_file): (usize, usize, usize),
    formats: &[String],
) -> Result<(), Error> {
    let formats = tajik_ct_dataset::export::select(formats)?;
    let split = tajik_ct_dataset::export::Split::new(rows_per_file)?;
    let options = Options {
        index_memory,
        ..args.options()
    };
    let build = tajik_ct_dataset::build::build_in(
        &args.seeds,
        out,
        options,
        (sort_memory, split),
        &formats,
    )?;
    print_report(args, &build.validation)?;
    let staging = build
        .staging
        .ok_or(Error::Invalid(build.validation.report.diagnostics.len()))?;
    let count = tajik_ct_dataset::output::files(staging.path())?.len();
    staging.commit()?;
    if args.format == ReportFormat::Human {
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
        tajik_ct_dataset::stale::compare(&args.seeds, out, schema_dir, citation, args.options())?;
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
    tajik_ct_dataset::citation::check(out, &args.seeds)?;
    let citation = tajik_ct_dataset::citation::citation(&args.seeds, args.options())?;
    print_report(args, &citation.validation)?;
    let text = citation
        .text
        .ok_or(Error::Invalid(citation.validation.report.diagnostics.len()))?;
    tajik_ct_dataset::citation::write(out, &args.seeds, &text)?;
    if args.format == ReportFormat::Human {
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
    let options = diff::DiffOptions {
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
    format: ReportFormat,
) -> Result<(), Error> {
    let export = tajik_ct_dataset::generic::export(options)?;
    if let Some(staging) = export.staging {
        staging.commit()?;
    }
    match format {
        ReportFormat::Json => print_stdout(&export.report.to_json())?,
        ReportFormat::Human if !export.report.is_empty() => {
            eprint!("{}", export.report.render(&export.files));
        }
        ReportFormat::Human => eprintln!(
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
    format: ReportFormat,
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
            ReportFormat::Json => print_stdout(&inferred.report.to_json())?,
            ReportFormat::Human => eprint!("{}", inferred.report.render(&inferred.files)),
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
    layout: tajik_ct_dataset::synth::SeedsLayout,
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

/// Writes the dataset explorer of the dataset in `dist` to `out` (by default beside its tables).
pub fn run_site(dist: &Path, seeds: &Path, out: Option<&Path>) -> Result<(), Error> {
    let out = out.map_or_else(
        || dist.join(tajik_ct_dataset::site::FILE),
        Path::to_path_buf,
    );
    tajik_ct_dataset::site::write(dist, seeds, &out)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

fn print_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::io("standard output", "write to"))
}
