//! The library's error type: what stops a command, as opposed to problems in the data, which are
//! collected as diagnostics.

use std::path::PathBuf;

use thiserror::Error;

/// The underlying error of an [`Error::Encode`]: the encoding library's own, or a message.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Why a command could not finish.
#[derive(Debug, Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done, e.g. `read`.
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The command was called in a way that cannot work.
    #[error("{0}")]
    Usage(String),
    /// The seeds hold problems; they were reported as diagnostics.
    #[error("the seeds are invalid: {0} problem(s) found")]
    Invalid(usize),
    /// Generated files differ from what the code and seeds produce.
    #[error("{} generated file(s) are stale: {}", .0.len(), .0.join(", "))]
    Stale(Vec<String>),
    /// Seeds files are not in the canonical layout (`fmt --check`).
    #[error("{} seeds file(s) not in canonical form (run `seedtool fmt`): {}", .0.len(), .0.join(", "))]
    NotCanonical(Vec<String>),
    /// A quote occurs in no article (`locate`); the nearest match was printed.
    #[error("the quote occurs in no article: {0}")]
    QuoteNotFound(String),
    /// Two output folders differ (`diff --exit-code`); the differences were printed.
    #[error("the outputs differ")]
    Differs,
    /// Evidence covers less of an article than required.
    #[error("coverage below the required share: {}", .0.join(", "))]
    Coverage(Vec<String>),
    /// A table could not be encoded.
    #[error("could not encode table {table} as {format}: {source}")]
    Encode {
        /// The table's name.
        table: String,
        /// The output format.
        format: &'static str,
        /// What went wrong: the encoder's own error, kept as the cause.
        #[source]
        source: Cause,
    },
    /// The JSON Schema could not be compiled.
    #[error("invalid JSON Schema: {0}")]
    Schema(String),
    /// An invariant of the tool itself does not hold: a bug, never a problem of the input.
    #[error("internal error: {0} (this is a bug in seedtool; please report it)")]
    Internal(String),
    /// Writing the output folder could destroy what this tool did not write; nothing was changed.
    #[error("`{}` {reason}", path.display())]
    Refused {
        /// The output folder, as given.
        path: PathBuf,
        /// Why, naming the folder or files at stake.
        reason: String,
    },
}

impl Error {
    /// The process exit code for this error: 1 for invalid data, stale output, coverage below
    /// `--require`, a difference `diff --exit-code` was asked to report, a file not in canonical
    /// layout or a quote found nowhere; 3 for an internal error (a bug); 2 for usage and I/O
    /// errors and anything else that stops a command.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_)
            | Error::Stale(_)
            | Error::Coverage(_)
            | Error::Differs
            | Error::NotCanonical(_)
            | Error::QuoteNotFound(_) => 1,
            Error::Internal(_) => 3,
            _ => 2,
        }
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            path,
            action,
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoder_error_keeps_its_cause() {
        let cause = std::io::Error::other("disk full");
        let error = crate::export::encode_error("events", "csv")(cause.into());
        assert_eq!(
            error.to_string(),
            "could not encode table events as csv: disk full"
        );
        let source = std::error::Error::source(&error).expect("a cause");
        assert!(source.downcast_ref::<std::io::Error>().is_some());
    }

    #[test]
    fn exit_codes_say_what_kind_of_failure() {
        assert_eq!(Error::Invalid(1).exit_code(), 1);
        assert_eq!(Error::Usage(String::new()).exit_code(), 2);
        assert_eq!(Error::Internal(String::new()).exit_code(), 3);
        assert!(
            Error::Internal("x".into())
                .to_string()
                .starts_with("internal error: x")
        );
    }
}
