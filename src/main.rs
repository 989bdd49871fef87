//! The `seedtool` binary: parses arguments, runs the command, maps the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc: rows are allocated on the reading thread and freed on the encoding thread, which
/// the system allocator handles poorly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Transparent huge pages make every partly used 2 MiB of the heap resident: a streaming
    // build churns through memory, and without them its peak RSS is lower and no slower.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Problems and differences were printed already.
            if !matches!(
                e,
                tajik_ct_dataset::Error::Invalid(_) | tajik_ct_dataset::Error::Differs
            ) {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
