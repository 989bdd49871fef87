//! From a JSON pointer back to a place in a JSON text (a seeds file, a schema, a record): the
//! byte range of a value or of a property's name, read with `jsonc-parser`, which keeps every
//! position.

use std::ops::Range;

use jsonc_parser::ast::Value as Ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy};

use crate::strict_json::{self, escape_pointer};

/// Byte range of the value at JSON `pointer` in `text`, or of its nearest existing ancestor.
#[must_use]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<Range<usize>> {
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &collect, &strict_json::strict_options()).ok()?;
    let mut node = parsed.value.as_ref()?;
    let mut range = node.range();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Ast::Object(obj) => obj
                .properties
                .iter()
                .find(|p| p.name.as_str() == token)
                .map(|p| (&p.value, p.value.range())),
            Ast::Array(arr) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| arr.elements.get(i))
                .map(|v| (v, v.range())),
            _ => None,
        };
        let Some((child, child_range)) = next else {
            break;
        };
        node = child;
        range = child_range;
    }
    Some(range.start..range.end)
}

/// Byte range of the name of property `name` of the object at `pointer`, for pointing at an
/// unexpected field rather than at its whole object.
#[must_use]
pub(crate) fn locate_property_name(text: &str, pointer: &str, name: &str) -> Option<Range<usize>> {
    let value = locate(text, &format!("{pointer}/{}", escape_pointer(name)))?;
    // The name precedes its value: search backwards for the quoted name.
    let quoted = serde_json::to_string(name).ok()?;
    let start = text[..value.start].rfind(&quoted)?;
    Some(start..start + quoted.len())
}

/// The id of the record that the value at `pointer` lies in: the first `id` of the object
/// `depth` pointer tokens deep (a seeds file's `/events/3`, or a JSON Lines record itself).
pub(crate) fn record_id(text: &str, pointer: &str, depth: usize) -> Option<String> {
    let record: Vec<&str> = pointer.split('/').skip(1).take(depth).collect();
    if record.len() < depth {
        return None;
    }
    let at = std::iter::once("")
        .chain(record)
        .chain(["id"])
        .collect::<Vec<_>>()
        .join("/");
    let range = locate(text, &at)?;
    serde_json::from_str(&text[range]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str =
        "{\n  \"events\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"kind\": 3}\n  ]\n}\n";

    #[test]
    fn locate_finds_nested_values() {
        let r = locate(DOC, "/events/1/kind").unwrap();
        assert_eq!(&DOC[r], "3");
        let r = locate(DOC, "/events/0").unwrap();
        assert_eq!(&DOC[r], "{\"id\": \"a\"}");
    }

    #[test]
    fn locate_falls_back_to_the_nearest_ancestor() {
        let r = locate(DOC, "/events/1/missing").unwrap();
        assert_eq!(&DOC[r], "{\"id\": \"b\", \"kind\": 3}");
    }

    #[test]
    fn locate_property_name_points_at_the_key() {
        let r = locate_property_name(DOC, "/events/1", "kind").unwrap();
        assert_eq!(&DOC[r], "\"kind\"");
    }
}
