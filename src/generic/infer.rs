//! `seedtool infer`: a draft 2020-12 record schema drafted from records (a `.json` array or
//! JSON Lines, streamed), for the user to edit before `export`. Every value is folded into the
//! shape of its member: the types seen (`null` among them), integer ranges, whether every string
//! is a date or a date-time, a few distinct strings (an enumeration), members present in every
//! object (`required`), and the shapes of nested objects and array items. The draft accepts
//! every record it was drafted from; members keep the order they were first seen in.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::{Map, Value, json};

use super::input;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;

/// A string member becomes an enumeration when it takes at most this many distinct values,
/// each at most [`ENUM_LENGTH`] characters, and the strings seen number at least twice the
/// distinct ones (so that a member of unique names never becomes one).
pub const ENUM_MAX: usize = 10;
/// The longest value an enumeration drafted by `infer` holds, in characters.
const ENUM_LENGTH: usize = 64;

/// The outcome of drafting a schema: the draft, or the problems of the records.
#[derive(Debug)]
pub struct Inferred {
    /// The records that could not be read, or that are not objects.
    pub report: Report,
    /// The text of the input when it was read whole (a `.json` array), for rendering the report.
    pub files: BTreeMap<String, String>,
    /// The drafted schema, pretty-printed, when every record was read.
    pub schema: Option<String>,
    /// How many records it was drafted from.
    pub records: usize,
}

/// What marks a drafted schema as this tool's, so that `infer --out` replaces a draft of its own
/// but never a schema someone wrote (or a draft they have since taken the mark from).
const DRAFT: crate::output::file::Own = crate::output::file::Own::Mark {
    what: "a schema drafted by `seedtool infer`",
    mark: "Drafted by seedtool infer",
    schema: false,
};

/// Writes the drafted schema `text` to `out`, replacing it whole; refused (exit 2) over a file
/// this tool did not draft, and like every single-file output (see [`crate::output::file`]).
pub fn write(out: &Path, text: &str) -> Result<(), Error> {
    crate::output::file::replace(out, text.as_bytes(), DRAFT, &[])
}

/// Drafts a record schema from every record of `input`; a line of JSON Lines over
/// `max_record_size` bytes is refused unread.
pub fn infer(input: &Path, max_record_size: u64) -> Result<Inferred, Error> {
    let display = input.display().to_string();
    let mut root = Shape::default();
    let mut report = Report::default();
    let mut records = 0;
    let mut text = None;
    input::for_each_record(input, &display, max_record_size, &mut text, |unread| {
        let raw = unread.read(&display);
        let mut problem = match raw.value {
            Ok(value @ Value::Object(_)) => {
                root.add(&value);
                records += 1;
                return Ok(());
            }
            Ok(value) => Diagnostic::new(Rule::Schema, &display, "a record is not an object")
                .found(crate::diagnostic::short(&value))
                .expected("a JSON object per record"),
            Err(d) => *d,
        };
        problem.line = problem.line.or((raw.line > 0).then_some(raw.line));
        problem.record = (raw.number > 0).then(|| format!("record {}", raw.number));
        if !raw.prefix.is_empty() {
            problem.pointer = Some(raw.prefix);
        }
        report.push(problem);
        Ok(())
    })?;
    let mut files = BTreeMap::new();
    if let Some(text) = text {
        input::spans(&mut report, &text);
        files.insert(display.clone(), text);
    }
    if records == 0 && report.is_empty() {
        report.push(
            Diagnostic::new(Rule::Schema, &display, "the input holds no records")
                .expected("at least one record to draft a schema from"),
        );
    }
    let schema = report.is_empty().then(|| {
        let mut draft = Map::new();
        draft.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        draft.insert(
            "$comment".into(),
            format!("Drafted by seedtool infer from {records} record(s): review it before use.")
                .into(),
        );
        if let Value::Object(node) = root.schema() {
            draft.extend(node);
        }
        crate::schema::to_pretty(&Value::Object(draft))
    });
    Ok(Inferred {
        report,
        files,
        schema,
        records,
    })
}

/// What the values seen at one place of the records have in common.
#[derive(Debug, Default)]
struct Shape {
    /// How many values were seen, nulls included.
    seen: u64,
    nulls: u64,
    booleans: u64,
    /// The least and greatest integer seen that fits 64 bits.
    integers: Option<(i64, i64)>,
    /// How many numbers were not such integers.
    numbers: u64,
    strings: Option<Strings>,
    object: Option<Object>,
    /// The shape of every item of every array seen.
    items: Option<Box<Shape>>,
}

/// The strings seen at one place.
#[derive(Debug)]
struct Strings {
    count: u64,
    /// The distinct values, until there are too many for an enumeration.
    distinct: Option<BTreeSet<String>>,
    dates: bool,
    date_times: bool,
}

/// The members of the objects seen at one place, in the order first seen.
#[derive(Debug, Default)]
struct Object {
    count: u64,
    members: Vec<(String, Shape)>,
    index: HashMap<String, usize>,
}

impl Shape {
    /// Folds `value` into the shape.
    fn add(&mut self, value: &Value) {
        self.seen += 1;
        match value {
            Value::Null => self.nulls += 1,
            Value::Bool(_) => self.booleans += 1,
            Value::Number(n) => match n.as_i64() {
                Some(i) => {
                    let (lo, hi) = self.integers.unwrap_or((i, i));
                    self.integers = Some((lo.min(i), hi.max(i)));
                }
                None => self.numbers += 1,
            },
            Value::String(s) => self.add_string(s),
            Value::Array(items) => {
                let shape = self.items.get_or_insert_with(Box::default);
                for item in items {
                    shape.add(item);
                }
            }
            Value::Object(fields) => {
                let object = self.object.get_or_insert_with(Object::default);
                object.count += 1;
                for (key, value) in fields {
                    let at = *object.index.entry(key.clone()).or_insert_with(|| {
                        object.members.push((key.clone(), Shape::default()));
                        object.members.len() - 1
                    });
                    object.members[at].1.add(value);
                }
            }
        }
    }

    fn add_string(&mut self, s: &str) {
        let strings = self.strings.get_or_insert_with(|| Strings {
            count: 0,
            distinct: Some(BTreeSet::new()),
            dates: true,
            date_times: true,
        });
        strings.count += 1;
        strings.dates = strings.dates && is_date(s);
        strings.date_times = strings.date_times && is_date_time(s);
        if let Some(distinct) = &mut strings.distinct {
            if s.chars().count() > ENUM_LENGTH {
                strings.distinct = None;
            } else {
                distinct.insert(s.to_owned());
                if distinct.len() > ENUM_MAX {
                    strings.distinct = None;
                }
            }
        }
    }

    /// The type names of the values seen, in a fixed order, `null` last.
    fn types(&self) -> Vec<&'static str> {
        let mut types = Vec::new();
        if self.booleans > 0 {
            types.push("boolean");
        }
        if self.numbers > 0 {
            types.push("number");
        } else if self.integers.is_some() {
            types.push("integer");
        }
        for (present, name) in [
            (self.strings.is_some(), "string"),
            (self.object.is_some(), "object"),
            (self.items.is_some(), "array"),
        ] {
            if present {
                types.push(name);
            }
        }
        types
    }

    /// The drafted schema of the values seen.
    fn schema(&self) -> Value {
        let mut types = self.types();
        let mut node = Map::new();
        if types.is_empty() {
            // Only nulls, or no value at all (the items of empty arrays): text is a guess.
            types.push("string");
            node.insert(
                "$comment".into(),
                "no value but null seen: give its type".into(),
            );
        }
        let only = (types.len() == 1).then(|| types[0]);
        if self.nulls > 0 {
            types.push("null");
        }
        node.insert(
            "type".into(),
            match types.as_slice() {
                [one] => json!(one),
                many => json!(many),
            },
        );
        if let Some((lo, hi)) = self.integers.filter(|_| types.contains(&"integer")) {
            node.insert("minimum".into(), lo.into());
            node.insert("maximum".into(), hi.into());
        }
        if let Some(strings) = &self.strings {
            strings.describe(only == Some("string"), self.nulls > 0, &mut node);
        }
        if let Some(object) = &self.object {
            object.describe(&mut node);
        }
        if let Some(items) = &self.items {
            node.insert("items".into(), items.schema());
        }
        Value::Object(node)
    }
}

impl Strings {
    /// Adds `format` (any strings) and `enum` (when they are the only values but null) to
    /// `node`.
    fn describe(&self, alone: bool, nullable: bool, node: &mut Map<String, Value>) {
        if self.dates {
            node.insert("format".into(), "date".into());
            return;
        }
        if self.date_times {
            node.insert("format".into(), "date-time".into());
            return;
        }
        let Some(distinct) = self.distinct.as_ref().filter(|_| alone) else {
            return;
        };
        if self.count >= 2 * distinct.len() as u64 {
            let mut values: Vec<Value> = distinct.iter().map(|s| json!(s)).collect();
            if nullable {
                values.push(Value::Null);
            }
            node.insert("enum".into(), Value::Array(values));
        }
    }
}

impl Object {
    /// Adds `properties` and `required` (the members every object has) to `node`.
    fn describe(&self, node: &mut Map<String, Value>) {
        let properties: Map<String, Value> = self
            .members
            .iter()
            .map(|(key, shape)| (key.clone(), shape.schema()))
            .collect();
        let required: Vec<Value> = self
            .members
            .iter()
            .filter(|(_, shape)| shape.seen == self.count)
            .map(|(key, _)| json!(key))
            .collect();
        node.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            node.insert("required".into(), Value::Array(required));
        }
    }
}

/// Whether `s` is a full date, `2024-01-02`.
fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Whether `s` is an RFC 3339 date and time with its offset, `2024-01-02T08:30:00Z`.
fn is_date_time(s: &str) -> bool {
    s.as_bytes().get(10) == Some(&b'T')
        && s.get(..10).is_some_and(is_date)
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(records: &[Value]) -> Value {
        let mut shape = Shape::default();
        for record in records {
            shape.add(record);
        }
        shape.schema()
    }

    #[test]
    fn members_in_every_record_are_required_and_nulls_make_a_type_nullable() {
        let schema = draft(&[
            json!({"id": 1, "note": null, "extra": true}),
            json!({"id": 5, "note": "x"}),
        ]);
        assert_eq!(schema["required"], json!(["id", "note"]));
        assert_eq!(
            schema["properties"]["id"],
            json!({"type": "integer", "minimum": 1, "maximum": 5})
        );
        assert_eq!(
            schema["properties"]["note"]["type"],
            json!(["string", "null"])
        );
        assert_eq!(schema["properties"]["extra"], json!({"type": "boolean"}));
    }

    #[test]
    fn a_few_repeated_strings_are_an_enumeration_and_unique_ones_are_not() {
        let records: Vec<Value> = (0..6)
            .map(|i| {
                let kind = ["a", "b"][i % 2];
                json!({"kind": kind, "name": format!("n{i}")})
            })
            .collect();
        let schema = draft(&records);
        assert_eq!(schema["properties"]["kind"]["enum"], json!(["a", "b"]));
        assert!(schema["properties"]["name"].get("enum").is_none());
    }

    #[test]
    fn dates_and_date_times_get_their_format_only_when_every_value_parses() {
        let schema = draft(&[
            json!({"d": "2024-01-02", "t": "2024-01-02T08:30:00Z", "x": "2024-01-02"}),
            json!({"d": "2024-02-29", "t": "2024-01-02T08:30:00+05:00", "x": "2023-02-29"}),
        ]);
        assert_eq!(schema["properties"]["d"]["format"], "date");
        assert_eq!(schema["properties"]["t"]["format"], "date-time");
        assert!(schema["properties"]["x"].get("format").is_none());
    }

    #[test]
    fn integers_mixed_with_fractions_are_numbers_without_a_range() {
        let schema = draft(&[json!({"v": 1}), json!({"v": 2.5})]);
        assert_eq!(schema["properties"]["v"], json!({"type": "number"}));
    }

    #[test]
    fn arrays_of_objects_draft_their_items() {
        let schema = draft(&[
            json!({"lines": [{"sku": "a", "n": 1}, {"sku": "b"}]}),
            json!({"lines": []}),
        ]);
        let items = &schema["properties"]["lines"]["items"];
        assert_eq!(items["type"], "object");
        assert_eq!(items["required"], json!(["sku"]));
    }
}
