//! JSON parsing that refuses an object with the same key twice: `serde_json` keeps the last value
//! without a word, so a copy-and-paste slip such as `"id": "a", "id": "b"` would silently change a
//! record. Parsing is `serde_json`'s; this module only builds the tree and checks each key once.
//! When a duplicate is found, the text is read again with `jsonc-parser` to place every
//! duplicate key of the text, with where its first occurrence stands.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use jsonc_parser::ast::{ObjectProp, Value as Ast};
use jsonc_parser::common::Ranged;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Rule};

/// A key that an object holds twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    /// The key.
    pub(crate) key: String,
    /// JSON pointer to the object's member (`/events/3/id`).
    pub(crate) pointer: String,
    /// Byte range of the later key (quotes included) in the text.
    pub(crate) at: Range<usize>,
    /// Byte range of the first occurrence of the key in the same object.
    pub(crate) first: Range<usize>,
}

impl DuplicateKey {
    /// The diagnostic for this key of `text`, placed at the later key; `prefix` is the pointer of
    /// `text` within its file.
    #[must_use]
    pub(crate) fn diagnostic(&self, display: &str, text: &str, prefix: &str) -> Diagnostic {
        let (line, column) = crate::diagnostic::line_column(text, self.first.start);
        Diagnostic::new(
            Rule::DuplicateKey,
            display,
            format!("duplicate key `{}` in one object", self.key),
        )
        .at(format!("{prefix}{}", self.pointer))
        .found(format!(
            "`{}` a second time; the first is at {line}:{column}",
            self.key
        ))
        .expected("each key at most once in an object")
        .spanned(text, self.at.clone())
    }
}

/// Why a text could not be parsed.
#[derive(Debug)]
pub(crate) enum ParseError {
    /// Not well-formed JSON.
    Syntax(serde_json::Error),
    /// Well-formed, but some object holds a key twice: every such key, in the order of the text.
    Duplicates(Vec<DuplicateKey>),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Syntax(e) => write!(f, "{e}"),
            ParseError::Duplicates(dups) => {
                let text = dups
                    .iter()
                    .map(|d| format!("duplicate key `{}` at {}", d.key, d.pointer))
                    .collect::<Vec<_>>()
                    .join(", ");
                f.write_str(&text)
            }
        }
    }
}

/// Parses `text` as one JSON value, refusing any object that holds a key twice.
pub(crate) fn parse(text: &str) -> Result<Value, ParseError> {
    let seen = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Strict { duplicate: &seen }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match parsed {
        Ok(value) => Ok(value),
        Err(e) => match seen.into_inner() {
            None => Err(ParseError::Syntax(e)),
            Some(key) => {
                // serde_json stops just after the repeated key's closing quote.
                let end = (offset_of(text, e.line(), e.column()) + 1).min(text.len());
                let mut dups = duplicates(text);
                if dups.is_empty() {
                    // The text holds a syntax error further on, so it has no tree to search: place
                    // the one duplicate serde_json stopped at.
                    let start = key_start(text, end);
                    dups.push(DuplicateKey {
                        key,
                        pointer: String::new(),
                        at: start..end,
                        first: start..end,
                    });
                }
                Err(ParseError::Duplicates(dups))
            }
        },
    }
}

/// Byte offset of `serde_json`'s 1-based line and 1-based column (in bytes).
#[must_use]
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Where the quoted key that ends just before `end` starts.
fn key_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let close = bytes[..end].iter().rposition(|&b| b == b'"').unwrap_or(0);
    let mut i = close;
    while i > 0 {
        i -= 1;
        if bytes[i] == b'"' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return i;
            }
        }
    }
    close
}

/// Every key that an object of `text` holds more than once, in the order of the text; empty when
/// `text` does not parse.
#[must_use]
pub(crate) fn duplicates(text: &str) -> Vec<DuplicateKey> {
    let Ok(parsed) = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions {
            comments: jsonc_parser::CommentCollectionStrategy::Off,
            tokens: false,
        },
        &strict_options(),
    ) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(value) = &parsed.value {
        walk(value, &mut String::new(), &mut found);
    }
    found.sort_by_key(|d| d.at.start);
    found
}

fn walk(node: &Ast<'_>, pointer: &mut String, found: &mut Vec<DuplicateKey>) {
    let len = pointer.len();
    match node {
        Ast::Object(obj) => {
            let mut firsts: Vec<&ObjectProp<'_>> = Vec::new();
            for prop in &obj.properties {
                let name = prop.name.as_str();
                pointer.push('/');
                pointer.push_str(&escape_pointer(name));
                match firsts.iter().find(|p| p.name.as_str() == name) {
                    Some(first) => found.push(DuplicateKey {
                        key: name.to_owned(),
                        pointer: pointer.clone(),
                        at: prop.name.start()..prop.name.end(),
                        first: first.name.start()..first.name.end(),
                    }),
                    None => firsts.push(prop),
                }
                walk(&prop.value, pointer, found);
                pointer.truncate(len);
            }
        }
        Ast::Array(arr) => {
            for (i, element) in arr.elements.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(element, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Builds a [`Value`] as `serde_json` does, but fails on a repeated key, noting it in `duplicate`.
#[derive(Clone, Copy)]
struct Strict<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            match map.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(access.next_value_seed(self)?);
                }
                serde_json::map::Entry::Occupied(slot) => {
                    let key = slot.key().clone();
                    let message = format!("duplicate key `{key}`");
                    *self.duplicate.borrow_mut() = Some(key);
                    return Err(de::Error::custom(message));
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// `jsonc-parser` held to plain JSON: no comments, trailing commas or other extensions.
#[must_use]
pub(crate) fn strict_options() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Escapes one JSON pointer token.
#[must_use]
pub(crate) fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dups(text: &str) -> Vec<DuplicateKey> {
        match parse(text) {
            Err(ParseError::Duplicates(d)) => d,
            other => panic!("expected duplicates, got {other:?}"),
        }
    }

    #[test]
    fn parses_like_serde_json() {
        let text =
            r#"{"a": [1, -2, 3.5, "x\"y", null, true, {"b": {}}], "c": 18446744073709551615}"#;
        let ours = parse(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
    }

    #[test]
    fn refuses_a_repeated_key_and_places_both() {
        let text = "{\"list\": [{\"id\": \"a\",\n \"id\": \"b\"}]}";
        let found = dups(text);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.key, "id");
        assert_eq!(d.pointer, "/list/0/id");
        assert_eq!(&text[d.at.clone()], "\"id\"");
        assert_eq!(d.at.start, text.rfind("\"id\"").unwrap());
        assert_eq!(d.first.start, text.find("\"id\"").unwrap());
    }

    #[test]
    fn finds_every_duplicate_of_the_text() {
        let found = dups(r#"[{"a": 1, "a": 2}, {"b": {"c": 1, "c": 2, "c": 3}}]"#);
        let pointers: Vec<_> = found.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/0/a", "/1/b/c", "/1/b/c"]);
        assert_eq!(found[1].first, found[2].first);
    }

    #[test]
    fn a_duplicate_before_a_syntax_error_is_still_placed() {
        let text = r#"{"k\"ey": 1, "k\"ey": 2, "#;
        let d = &dups(text)[0];
        assert_eq!(d.key, "k\"ey");
        assert_eq!(&text[d.at.clone()], r#""k\"ey""#);
        assert_eq!(d.at.start, 13);
    }

    #[test]
    fn keys_that_differ_only_by_escapes_are_the_same_key() {
        let found = dups(r#"{"a": 1, "\u0061": 2}"#);
        assert_eq!(found[0].key, "a");
    }

    #[test]
    fn offset_of_maps_serde_positions() {
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
    }

    #[test]
    fn syntax_errors_stay_syntax_errors() {
        assert!(matches!(parse("{\"a\": 1,}"), Err(ParseError::Syntax(_))));
        assert!(matches!(parse("[1] 2"), Err(ParseError::Syntax(_))));
    }
}
