//! Spreadsheet safety: text that a spreadsheet would run as a formula when it opens the CSV
//! export (a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) is refused in the
//! seeds and in generic mode's records, so that the CSV can stay byte-for-byte equal in value to
//! the JSON and Parquet exports. Each mode reports what [`formulas`] finds with [`diagnostic`].

use std::fmt::Write as _;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Rule};
use crate::strict_json::escape_pointer;

/// The characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
pub(crate) const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The characters of [`FORMULA_STARTS`] in words, for messages and the codebook:
/// "`=`, `+`, `-`, `@`, a tab or a carriage return".
#[must_use]
pub(crate) fn formula_starts_in_words() -> String {
    let words: Vec<String> = FORMULA_STARTS
        .iter()
        .map(|c| match c {
            '\t' => "a tab".to_owned(),
            '\r' => "a carriage return".to_owned(),
            c => format!("`{c}`"),
        })
        .collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

/// Whether `text` would be read as a formula by a spreadsheet.
#[must_use]
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// The diagnostic for formula-like `text` at `pointer` of `file`.
#[must_use]
pub(crate) fn diagnostic(file: &str, pointer: &str, text: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::SpreadsheetFormula,
        file,
        "text would run as a spreadsheet formula",
    )
    .at(pointer)
    .found(format!("{:?}", text.chars().take(40).collect::<String>()))
    .expected(match amount(text) {
        // Dropping the sign of an amount would change it: it belongs in a number column.
        Some(number) => format!(
            "a number, not text: write it as {number} in a member of type `number` (or `integer`), which no spreadsheet runs"
        ),
        None => format!(
            "text not starting with {} (reword it, e.g. drop a leading dash)",
            formula_starts_in_words()
        ),
    })
}

/// The number that `text` writes as text with a sign, such as `-566,000` or `+1 250.5`, spelled
/// as JSON would (`-566000`), or `None` when it is no such amount.
fn amount(text: &str) -> Option<String> {
    let sign = text.strip_prefix(['-', '+']).map(|_| &text[..1])?;
    let digits: String = text[1..]
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| format!("{}{digits}", if sign == "-" { "-" } else { "" }))
}

/// The JSON pointer and text of every string in `value` that looks like a formula.
#[must_use]
pub(crate) fn formulas(value: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    // Pointers are only spelled out for a tree that holds such text: most hold none.
    if any(value) {
        walk(value, &mut String::new(), &mut found);
    }
    found
}

/// Whether any string in `value` looks like a formula.
fn any(value: &Value) -> bool {
    match value {
        Value::String(s) => looks_like_formula(s),
        Value::Array(items) => items.iter().any(any),
        Value::Object(fields) => fields.values().any(any),
        _ => false,
    }
}

fn walk(value: &Value, pointer: &mut String, found: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) if looks_like_formula(s) => found.push((pointer.clone(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                walk(item, pointer, found);
                pointer.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer(key));
                walk(item, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_written_as_text_is_advised_a_number_not_a_dropped_dash() {
        let d = diagnostic("r.jsonl", "/amount", "-566,000");
        let expected = d.expected.unwrap();
        assert!(expected.contains("write it as -566000"), "{expected}");
        assert!(!expected.contains("drop a leading dash"), "{expected}");
        let d = diagnostic("r.jsonl", "/note", "-see above");
        assert!(d.expected.unwrap().contains("drop a leading dash"));
        assert_eq!(amount("+1 250.5").as_deref(), Some("1250.5"));
        assert_eq!(amount("-1.2.3"), None);
    }

    #[test]
    fn formula_starts_are_recognised() {
        for bad in ["=1+1", "+7", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(bad), "{bad:?}");
        }
        for good in ["Tajikistan", "“quoted”", "1999", "", " =not at start"] {
            assert!(!looks_like_formula(good), "{good:?}");
        }
    }
}
