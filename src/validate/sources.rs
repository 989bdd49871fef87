//! Source texts: each article's text file is found inside the seeds folder, read, and checked
//! against its recorded SHA-256.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

use super::context::{Context, snake};
use crate::dataset::Dataset;
use crate::diagnostic::Rule;
use crate::error::Error;
use crate::model::{Source, SourceKind};
use crate::seeds::{display_path, read_text};

/// The text of a source, as read from the seeds folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    /// Path of the text relative to the seeds folder.
    pub path: String,
    /// The text.
    pub text: String,
}

/// SHA-256 of `bytes` as lower-case hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// Reads the text of every article, checking its kind's fields, path and hash.
pub fn load(
    ctx: &mut Context<'_>,
    dataset: &Dataset,
    root: &Path,
    max_size: u64,
) -> Result<BTreeMap<String, SourceText>, Error> {
    let canonical_root = root.canonicalize().map_err(Error::io(root, "resolve"))?;
    let mut texts = BTreeMap::new();
    for located in &dataset.sources {
        let (s, at) = (&located.record, &located.at);
        if !kind_fits(ctx, located) {
            continue;
        }
        let (Some(path), Some(sha)) = (&s.path, &s.sha256) else {
            continue;
        };
        let problem = if path.contains('\\') {
            Some("uses a backslash; write paths with `/`")
        } else if Path::new(path).is_absolute() {
            Some("is absolute")
        } else if Path::new(path)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            Some("climbs out with `..`")
        } else {
            None
        };
        let full = root.join(path);
        let resolved = match (problem, full.canonicalize()) {
            (Some(p), _) => Err(p.to_owned()),
            (None, Err(e)) => Err(format!("cannot be opened ({e})")),
            (None, Ok(c)) if !c.starts_with(&canonical_root) => {
                Err("leads outside the seeds folder through a link".to_owned())
            }
            (None, Ok(c)) => Ok(c),
        };
        let resolved = match resolved {
            Ok(c) => c,
            Err(why) => {
                let d = ctx
                    .diagnostic(
                        Rule::SourcePath,
                        at,
                        "/path",
                        Some(&s.id),
                        format!("source path {why}"),
                    )
                    .found(format!("`{path}`"))
                    .expected("a relative path to a file inside the seeds folder");
                ctx.report.push(d);
                continue;
            }
        };
        let display = display_path(root, path);
        let Some(text) = read_text(&resolved, &display, max_size, ctx.report)? else {
            continue;
        };
        let actual = sha256_hex(text.as_bytes());
        if &actual != sha {
            let d = ctx
                .diagnostic(
                    Rule::SourceHash,
                    at,
                    "/sha256",
                    Some(&s.id),
                    "source text does not match its SHA-256",
                )
                .found(format!("text of `{path}` hashes to {actual}"))
                .expected(format!(
                    "{sha}, or update sha256 if the text was meant to change"
                ));
            ctx.report.push(d);
            continue;
        }
        texts.insert(
            s.id.0.clone(),
            SourceText {
                path: path.clone(),
                text,
            },
        );
    }
    Ok(texts)
}

/// Articles need a text and its hash; outlets have neither.
fn kind_fits(ctx: &mut Context<'_>, located: &crate::dataset::Located<Source>) -> bool {
    let (s, at) = (&located.record, &located.at);
    let article = s.kind == SourceKind::Article;
    let mut ok = true;
    for (field, present) in [("path", s.path.is_some()), ("sha256", s.sha256.is_some())] {
        if article != present {
            let (message, expected) = if article {
                (
                    format!("an article needs `{field}`"),
                    format!("a `{field}` for the article's text"),
                )
            } else {
                (
                    format!("only articles have `{field}`"),
                    format!("no `{field}` on an outlet"),
                )
            };
            let sub = if article {
                String::new()
            } else {
                format!("/{field}")
            };
            let d = ctx
                .diagnostic(Rule::SourceKind, at, &sub, Some(&s.id), message)
                .found(format!("kind {}", snake(&s.kind)))
                .expected(expected);
            ctx.report.push(d);
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
