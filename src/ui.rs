//! What the user sees while a command runs: a progress bar on standard error (by `indicatif`),
//! drawn only on a terminal.

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on standard error: drawn only on a terminal, and never when not wanted.
#[must_use]
pub(crate) fn progress(wanted: bool, total: usize) -> ProgressBar {
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("writing");
    bar
}
