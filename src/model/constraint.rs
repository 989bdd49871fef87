//! Constraint types: the values of the seeds schema that a plain Rust type does not hold to by
//! itself (a least length, a pattern, a least number, a least count, a `date`). Each states its
//! constraint once: its `JsonSchema` gives the keyword, and its `Deserialize` refuses any value
//! outside it, so that a record read into its type holds to the whole schema, with or without a
//! `serde_json::Value` in between (`validate::typed` relies on it). Each serializes as the value
//! it wraps, and a field states its constraint by its type alone.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{Deserialize, Deserializer, Error as _, Visitor};
use serde::{Serialize, Serializer};

/// Defines a text type: its name, what a value must be (for messages), its schema and its check.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:path, { $($schema:tt)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub(crate) struct $name(String);

        impl $name {
            /// The text, if it satisfies the constraint.
            #[must_use]
            pub(crate) fn new(text: String) -> Option<Self> {
                $check(&text).then_some(Self(text))
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> String {
                text.0
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Self::new(String::deserialize(d)?)
                    .ok_or_else(|| D::Error::custom(concat!("not ", $what)))
            }
        }

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", $($schema)* })
            }
        }
    };
}

text_type!(
    /// Text of at least one character (`minLength: 1`).
    Text, "a non-empty text", non_empty, { "minLength": 1 }
);
text_type!(
    /// A BCP 47 language tag such as `en` or `en-GB`.
    Language, "a language tag", language_ok, { "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$" }
);
text_type!(
    /// A SHA-256 digest in lower-case hex.
    Sha256, "a SHA-256 in lower-case hex", sha256_ok, { "pattern": r"^[0-9a-f]{64}$" }
);
text_type!(
    /// An ISO 3166-1 alpha-2 country code such as `TJ`.
    Country, "a country code", country_ok, { "pattern": r"^[A-Z]{2}$" }
);

fn non_empty(s: &str) -> bool {
    !s.is_empty()
}

fn language_ok(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn sha256_ok(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn country_ok(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether `id` matches [`ID_PATTERN`](super::common::ID_PATTERN) and has 1 to 120 characters.
#[must_use]
pub(crate) fn id_ok(id: &str) -> bool {
    let words = id.split(['-', '_', '.']).all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    words && !id.is_empty() && id.len() <= 120
}

/// A count from one: an ordinal such as an occurrence, or a volume number (`minimum: 1`, at most
/// the largest `u32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub(crate) struct Ordinal(u32);

impl fmt::Display for Ordinal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Ordinal> for u32 {
    fn from(n: Ordinal) -> u32 {
        n.0
    }
}

impl From<Ordinal> for i64 {
    fn from(n: Ordinal) -> i64 {
        i64::from(n.0)
    }
}

impl<'de> Deserialize<'de> for Ordinal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u32::deserialize(d)? {
            0 => Err(D::Error::custom("not a number >= 1")),
            n => Ok(Ordinal(n)),
        }
    }
}

impl JsonSchema for Ordinal {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Ordinal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "format": "uint32",
            "minimum": 1,
            "maximum": u32::MAX
        })
    }
}

/// A day of the calendar written `YYYY-MM-DD` (`format: date`, RFC 3339's `full-date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(NaiveDate);

impl Date {
    /// The day.
    #[must_use]
    pub(crate) fn get(self) -> NaiveDate {
        self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Self {
        Date(day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Date> for NaiveDate {
    fn from(day: Date) -> NaiveDate {
        day.0
    }
}

impl Deref for Date {
    type Target = NaiveDate;

    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Day;
        impl Visitor<'_> for Day {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                full_date(text)
                    .map(Date)
                    .ok_or_else(|| E::custom("not a `date`"))
            }
        }
        d.deserialize_str(Day)
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        NaiveDate::json_schema(generator)
    }
}

/// The date `YYYY-MM-DD` stands for, if it is one.
#[must_use]
pub(crate) fn full_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// A list of at least one item (`minItems: 1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// The list, if it has an item.
    #[must_use]
    pub(crate) fn new(items: Vec<T>) -> Option<Self> {
        (!items.is_empty()).then_some(NonEmpty(items))
    }
}

impl<T> Deref for NonEmpty<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a NonEmpty<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        NonEmpty::new(Vec::deserialize(d)?).ok_or_else(|| D::Error::custom("not a non-empty list"))
    }
}

impl<T: JsonSchema> JsonSchema for NonEmpty<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("NonEmpty_{}", T::schema_name()).into()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("NonEmpty<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = Vec::<T>::json_schema(generator);
        schema.insert("minItems".into(), 1.into());
        schema
    }
}

/// Keywords a constraint type adds after the ones its plain type has; in the published schema
/// they follow a property's description and examples, as the `#[schemars]` attributes they
/// replace once placed them. See [`order_properties`].
const AFTER_DESCRIPTION: &[&str] = &["maximum", "minLength", "pattern", "minItems"];

/// Orders the keywords of every property of every definition of `schema` (and of its root) as
/// a reader reads them: what the value is, what it means (description, examples), what it must
/// satisfy, then its default.
pub(crate) fn order_properties(schema: &mut serde_json::Value) {
    order_keywords(schema);
    if let Some(defs) = schema
        .get_mut("$defs")
        .and_then(serde_json::Value::as_object_mut)
    {
        defs.values_mut().for_each(order_keywords);
    }
}

fn order_keywords(object: &mut serde_json::Value) {
    let properties = object
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut);
    for property in properties.into_iter().flat_map(|p| p.values_mut()) {
        let Some(keywords) = property.as_object_mut() else {
            continue;
        };
        let default = keywords.shift_remove("default");
        for key in AFTER_DESCRIPTION {
            if let Some(value) = keywords.shift_remove(*key) {
                keywords.insert((*key).to_owned(), value);
            }
        }
        if let Some(value) = default {
            keywords.insert("default".to_owned(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_pattern() {
        for good in ["a", "emomali-rakhmonov", "a.b_c-1", "x0"] {
            assert!(id_ok(good), "{good}");
        }
        let long = "a".repeat(121);
        for bad in [
            "",
            "A",
            "a-",
            "-a",
            "a--b",
            "a b",
            "é",
            "a..b",
            long.as_str(),
        ] {
            assert!(!id_ok(bad), "{bad}");
        }
        assert!(id_ok(&"a".repeat(120)));
    }

    #[test]
    fn dates_are_full_dates() {
        assert!(full_date("2007-03-14").is_some());
        assert!(full_date("2008-02-29").is_some());
        for bad in [
            "2007-02-29",
            "2007-3-14",
            "2007-13-01",
            " 2007-03-14",
            "+2007-03-14",
            "07-03-14",
        ] {
            assert!(full_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn languages_follow_the_pattern() {
        for good in ["en", "tgk", "en-GB", "zh-Hant-TW"] {
            assert!(language_ok(good), "{good}");
        }
        for bad in ["", "e", "engl", "EN", "en-", "en-G", "en-123456789"] {
            assert!(!language_ok(bad), "{bad}");
        }
    }

    /// Each type reads what it allows, refuses the rest, and writes back what it read.
    #[test]
    fn types_read_strictly_and_write_what_they_read() {
        fn via<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> Option<String> {
            let value: T = serde_json::from_str(json).ok()?;
            serde_json::to_string(&value).ok()
        }
        let round = |json: &str, ok: bool, read: fn(&str) -> Option<String>| {
            assert_eq!(read(json).is_some(), ok, "{json}");
            if ok {
                assert_eq!(read(json).as_deref(), Some(json), "{json}");
            }
        };
        round(r#""x""#, true, via::<Text>);
        round(r#""""#, false, via::<Text>);
        round(r#""en-GB""#, true, via::<Language>);
        round(r#""EN""#, false, via::<Language>);
        round(&format!(r#""{}""#, "a".repeat(64)), true, via::<Sha256>);
        round(&format!(r#""{}""#, "A".repeat(64)), false, via::<Sha256>);
        round(r#""TJ""#, true, via::<Country>);
        round(r#""tj""#, false, via::<Country>);
        round("1", true, via::<Ordinal>);
        round("0", false, via::<Ordinal>);
        round(r#""2007-03-14""#, true, via::<Date>);
        round(r#""2007-3-14""#, false, via::<Date>);
        round("[1]", true, via::<NonEmpty<u8>>);
        round("[]", false, via::<NonEmpty<u8>>);
    }
}
