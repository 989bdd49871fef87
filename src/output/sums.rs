//! `SHA256SUMS`, the checksum file of every folder a command replaces: one `<sha256>  <path>`
//! line per file, as `sha256sum --check` reads it. It is how an earlier output of this tool is
//! recognised, and what the gate holds the written bytes to.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The checksum file's name.
pub(crate) const SUMS_FILE: &str = "SHA256SUMS";

/// The text of a checksum file listing `sums` (path, SHA-256 in hex), in the order given.
pub(crate) fn render<'a>(sums: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = String::new();
    for (rel, sha) in sums {
        let _ = writeln!(text, "{sha}  {rel}");
    }
    text
}

/// The SHA-256 of each path a checksum file lists; the first line not in this tool's format
/// (64 hex digits, two spaces, a path) is the error.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    text.lines()
        .map(|line| match line.split_once("  ") {
            Some((sha, rel))
                if sha.len() == 64
                    && sha.bytes().all(|b| b.is_ascii_hexdigit())
                    && !rel.is_empty() =>
            {
                Ok((rel.to_owned(), sha.to_owned()))
            }
            _ => Err(line.to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_rendered_parses_back() {
        let sha = "ab".repeat(32);
        let text = render([("csv/a.csv", sha.as_str()), ("b.md", sha.as_str())]);
        assert_eq!(text, format!("{sha}  csv/a.csv\n{sha}  b.md\n"));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed["b.md"], sha);
    }

    #[test]
    fn a_line_of_another_format_is_named() {
        assert_eq!(parse("abc  x\n").unwrap_err(), "abc  x");
        assert_eq!(
            parse(&format!("{}  \n", "0".repeat(64))).unwrap_err().len(),
            66
        );
    }
}
