//! The fast path of checking a JSON Lines part: each line read once, straight into its record
//! type, held to the whole seeds schema while it is read (the constraint types of
//! `model::constraint`).
//!
//! A record that reads so satisfies the JSON Schema: its type refuses unknown fields, a key
//! twice, a missing required field and a value of the wrong type or outside its enumeration, and
//! its constraint types check every pattern, least length, least number, least count and `date`
//! of the schema. A part is taken by this path only when every one of its lines reads so and no
//! text in it could start with a spreadsheet formula; otherwise the part is read and checked the
//! full way (`strict_json`, the `jsonschema` validator, then the types), so that every problem is
//! reported as the schema words it, and this path never decides a verdict by itself.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::dataset::RecordList;
use crate::model::SeedsFile;
use crate::model::lists::record_lists;
use crate::seeds::LinesRun;
use crate::seeds::{LinesPart, SeedsText};

macro_rules! typed_lines {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// Reads every line of `lines` as a record of `list`; `None` at the first that does not.
        fn read_all<'a>(
            list: RecordList,
            lines: impl Iterator<Item = &'a str>,
        ) -> Option<SeedsFile> {
            let mut file = SeedsFile::default();
            match list {
                $(RecordList::$variant => {
                    for line in lines {
                        file.$key.push(serde_json::from_str::<$ty>(line).ok()?);
                    }
                })*
            }
            Some(file)
        }
    };
}
record_lists!(typed_lines);

/// Whether some text in `line` could begin with a character of
/// [`FORMULA_STARTS`](crate::spreadsheet::FORMULA_STARTS): a string whose first character is
/// `=`, `+`, `-` or `@`, or is written as an escape (a tab or a carriage return can only be).
fn may_hold_formula(line: &str) -> bool {
    memchr::memchr_iter(b'"', line.as_bytes()).any(|i| {
        matches!(
            line.as_bytes().get(i + 1),
            Some(b'=' | b'+' | b'-' | b'@' | b'\\')
        )
    })
}

/// Whether `line` may hold a value that serde reads into a type but the schema refuses for its
/// shape: a struct written as an array (serde reads a struct from a sequence of its fields in
/// order) or a unit variant written as an object (`{"meeting": null}`). Every `[` must open an
/// array of objects, or be the value of a key that names a list of texts wherever the schema
/// has it ([`text_list_keys`]); no `null` may close an object. Both are screens of the raw text,
/// so they send to the full way some lines that need not go there (a quote holding `[sic]`),
/// never the other way round. An array of objects cannot be a struct: the first field of every
/// struct of the model is a text (`first_fields_are_texts` in the tests).
fn shape_may_differ(line: &str) -> bool {
    let bytes = line.as_bytes();
    let next = |i: usize| {
        bytes[i..]
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace())
    };
    let opens_list = memchr::memchr_iter(b'[', bytes).any(|i| match next(i + 1) {
        Some(b'{' | b']') => false,
        Some(b'"') => !key_before(&line[..i]).is_some_and(|key| text_list_keys().contains(key)),
        _ => true,
    });
    opens_list || memchr::memmem::find_iter(bytes, b"null").any(|i| next(i + 4) == Some(b'}'))
}

/// The key whose value `before` ends at, as written between its quotes: `before` is the text
/// of a line up to a value.
fn key_before(before: &str) -> Option<&str> {
    let quoted = before
        .trim_end()
        .strip_suffix(':')?
        .trim_end()
        .strip_suffix('"')?;
    let (start, key) = quoted.rsplit_once('"')?;
    (!start.ends_with('\\')).then_some(key)
}

/// The keys that name a list of texts wherever the seeds schema has them (an entity's
/// `aliases`), found in the schema generated from the types, so that a new list of texts keeps
/// the fast path with no word here.
fn text_list_keys() -> &'static BTreeSet<String> {
    static KEYS: OnceLock<BTreeSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| text_lists(&crate::schema::seeds_schema()))
}

/// Every property name of `schema` whose every occurrence, at any depth, is a list (or null) of
/// texts: of strings, or of a definition that is a string (as `Id` is).
fn text_lists(schema: &Value) -> BTreeSet<String> {
    let text = |items: &Value| {
        items["type"] == "string"
            || items["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .is_some_and(|def| schema["$defs"][def]["type"] == "string")
    };
    let mut lists = BTreeSet::new();
    let mut others = BTreeSet::new();
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                let properties = map.get("properties").and_then(Value::as_object);
                for (key, sub) in properties.into_iter().flatten() {
                    let array = sub["type"] == "array" || sub["type"] == json!(["array", "null"]);
                    if array && text(&sub["items"]) {
                        &mut lists
                    } else {
                        &mut others
                    }
                    .insert(key.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    &lists - &others
}

/// Reads the part `text` of a JSON Lines file (already decoded) the fast way: its records, and
/// the part as the later checks need it; the text back when any line needs the full way.
pub(crate) fn read(
    display: &str,
    text: String,
    part: &LinesRun,
) -> Result<(SeedsText, SeedsFile), String> {
    let LinesRun {
        list,
        first_line,
        first_record,
        whole,
        ..
    } = *part;
    let mut records = Vec::new();
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        if may_hold_formula(&text[range.clone()]) || shape_may_differ(&text[range.clone()]) {
            return Err(text);
        }
        records.push((first_line + n, range));
    }
    let lines = records.iter().map(|(_, r)| &text[r.clone()]);
    let Some(file) = read_all(list, lines) else {
        return Err(text);
    };
    let seeds = SeedsText {
        display: display.to_owned(),
        text,
        value: Value::Null,
        lines: Some(LinesPart {
            list,
            first_record,
            records,
            whole,
        }),
    };
    Ok((seeds, file))
}

#[cfg(test)]
#[path = "typed_mutations.rs"]
mod mutations;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_screen_is_conservative() {
        for line in [
            r#"{"a":"=1"}"#,
            r#"{"a":"+1"}"#,
            r#"{"a":"-1"}"#,
            r#"{"a":"@x"}"#,
        ] {
            assert!(may_hold_formula(line), "{line}");
        }
        assert!(may_hold_formula(r#"{"a":"\tx"}"#));
        assert!(may_hold_formula(r#"{"a":"\u003d1"}"#));
        assert!(!may_hold_formula(r#"{"a":"x-1","b":-1}"#));
    }

    #[test]
    fn shape_screen_is_conservative() {
        for line in [
            r#"{"when":["2007-03-14","day"]}"#,
            r#"{"evidence":[["s","q"]]}"#,
            r#"["a","b"]"#,
            r#"{"kind":{"meeting":null}}"#,
            r#"{"kind":{"meeting" : null } }"#,
            r#"{"quote":"[sic]"}"#,
            r#"{"x":"aliases","y":["a"]}"#,
        ] {
            assert!(shape_may_differ(line), "{line}");
        }
        for line in [
            r#"{"aliases":["a"],"evidence":[{"source":"s"}],"links":[]}"#,
            r#"{"aliases" : [ "a" ],"end":null,"id":"x"}"#,
        ] {
            assert!(!shape_may_differ(line), "{line}");
        }
    }

    /// Records the types read but the schema refuses for their shape go the full way.
    #[test]
    fn shapes_serde_would_read_go_the_full_way() {
        let part = LinesRun {
            list: RecordList::Events,
            offset: 0,
            len: 0,
            first_line: 1,
            first_record: 0,
            whole: true,
        };
        let good = r#"{"id":"e","kind":"meeting","status":"occurred","summary":"s","evidence":[{"source":"a","quote":"q"}]}"#;
        assert!(read("f", format!("{good}\n"), &part).is_ok());
        for bad in [
            good.replace(r#""meeting""#, r#"{"meeting":null}"#),
            good.replace(r#"[{"source":"a","quote":"q"}]"#, r#"[["a","q"]]"#),
            good.replace(r#""e""#, r#""E""#),
            good.replace(r#""q""#, r#""""#),
            good.replace(r#"[{"source":"a","quote":"q"}]"#, "[]"),
            good.replace(r#""id":"e""#, r#""id":"e","id":"e""#),
            good.replace(r#""id":"e""#, r#""id":"e","extra":1"#),
        ] {
            assert!(read("f", format!("{bad}\n"), &part).is_err(), "{bad}");
        }
    }
}
