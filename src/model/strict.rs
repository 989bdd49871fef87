//! Strict typed reading: the constraints of the seeds schema that a Rust type does not carry by
//! itself (a pattern, a least length, a least number, a `date` format), checked while a record
//! is deserialized, so that a record can be read straight from its text into its type and held
//! to the whole schema without a `serde_json::Value` in between.
//!
//! The checks run only inside [`strictly`], the fast path of `validate`; everywhere else
//! (the first pass's heads, the typed reading of records that the JSON Schema validator has
//! already accepted) deserialization is what it always was. Each function here sits next to the
//! `#[schemars(...)]` attribute it mirrors, and a test holds every constraint of the generated
//! schema to the list in `CONSTRAINED`, so that a new constraint cannot go unchecked.

use std::cell::Cell;

use chrono::NaiveDate;
use serde::de::{Deserialize, Deserializer, Error as _};

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
}

/// Every `(definition, property, keyword)` of the seeds schema that the functions of this module
/// check, besides the `Id` definition itself (checked by [`id_ok`] in `Id`'s deserializer).
#[cfg(test)]
pub(crate) const CONSTRAINED: &[(&str, &str, &str)] = &[
    ("Source", "volume", "minimum"),
    ("Source", "issue", "minimum"),
    ("Source", "language", "pattern"),
    ("Source", "path", "minLength"),
    ("Source", "sha256", "pattern"),
    ("TimeSpec", "date", "format"),
    ("TimeSpec", "end", "format"),
    ("TimeSpec", "as_written", "minLength"),
    ("Evidence", "quote", "minLength"),
    ("Evidence", "occurrence", "minimum"),
    ("Mention", "quote", "minLength"),
    ("Mention", "occurrence", "minimum"),
    ("Entity", "name", "minLength"),
    ("Entity", "country", "pattern"),
    ("Event", "summary", "minLength"),
    ("Event", "evidence", "minItems"),
    ("Claim", "summary", "minLength"),
    ("Claim", "evidence", "minItems"),
    ("Statement", "quote", "minLength"),
    ("Statement", "evidence", "minItems"),
    ("Quantity", "measures", "minLength"),
    ("Quantity", "as_written", "minLength"),
    ("Quantity", "evidence", "minItems"),
    ("Relation", "evidence", "minItems"),
];

/// Runs `f` with the checks of this module on (on this thread).
pub(crate) fn strictly<T>(f: impl FnOnce() -> T) -> T {
    let before = ON.replace(true);
    let out = f();
    ON.set(before);
    out
}

fn on() -> bool {
    ON.get()
}

fn check<T, E: serde::de::Error>(
    value: T,
    ok: impl FnOnce(&T) -> bool,
    what: &str,
) -> Result<T, E> {
    if on() && !ok(&value) {
        return Err(E::custom(format!("not {what}")));
    }
    Ok(value)
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

/// An `Id`: the text, held to the id pattern when strict.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    check(String::deserialize(d)?, |s| id_ok(s), "an id")
}

/// `minLength: 1`.
pub(crate) fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    check(
        String::deserialize(d)?,
        |s| !s.is_empty(),
        "a non-empty text",
    )
}

/// `minLength: 1` on a nullable text.
pub(crate) fn opt_non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ok = |s: &Option<String>| s.as_ref().is_none_or(|s| !s.is_empty());
    check(Option::deserialize(d)?, ok, "a non-empty text")
}

/// `minimum: 1` on a nullable `u32` (its maximum is the type's).
pub(crate) fn opt_positive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    check(Option::deserialize(d)?, |n| *n != Some(0), "a number >= 1")
}

/// `minItems: 1`.
pub(crate) fn non_empty_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    check(Vec::deserialize(d)?, |v| !v.is_empty(), "a non-empty list")
}

/// `format: date` (RFC 3339 `full-date`): exactly `YYYY-MM-DD`, a day of the calendar.
pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    if !on() {
        return NaiveDate::deserialize(d);
    }
    let text = String::deserialize(d)?;
    full_date(&text).ok_or_else(|| D::Error::custom("not a `date`"))
}

/// `format: date` on a nullable date.
pub(crate) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    if !on() {
        return Option::<NaiveDate>::deserialize(d);
    }
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => full_date(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom("not a `date`")),
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

/// `pattern: ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$` on a nullable text.
pub(crate) fn opt_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ok = |s: &Option<String>| s.as_deref().is_none_or(language_ok);
    check(Option::deserialize(d)?, ok, "a language tag")
}

fn language_ok(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `pattern: ^[0-9a-f]{64}$` on a nullable text.
pub(crate) fn opt_sha256<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ok = |s: &Option<String>| {
        s.as_deref().is_none_or(|s| {
            s.len() == 64
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    };
    check(Option::deserialize(d)?, ok, "a SHA-256 in lower-case hex")
}

/// `pattern: ^[A-Z]{2}$` on a nullable text.
pub(crate) fn opt_country<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ok = |s: &Option<String>| {
        s.as_deref()
            .is_none_or(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
    };
    check(Option::deserialize(d)?, ok, "a country code")
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
}

#[cfg(test)]
mod schema_tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::CONSTRAINED;

    /// Keywords that say what shape a value has, which the Rust types enforce by themselves.
    const SHAPE: &[&str] = &[
        "type",
        "description",
        "examples",
        "default",
        "$ref",
        "anyOf",
        "oneOf",
        "const",
        "enum",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "title",
    ];

    /// Constraints the Rust type of the property carries: `u32`'s range and the formats that
    /// schemars names after a type (which a validator does not know and ignores).
    fn carried_by_type(keyword: &str, value: &Value) -> bool {
        match keyword {
            "maximum" => value.as_u64() == Some(u64::from(u32::MAX)),
            "format" => matches!(value.as_str(), Some("uint32" | "double")),
            _ => false,
        }
    }

    fn constraints(
        def: &str,
        prop: &str,
        schema: &Value,
        found: &mut BTreeSet<(String, String, String)>,
    ) {
        let Some(object) = schema.as_object() else {
            return;
        };
        for (keyword, value) in object {
            match keyword.as_str() {
                "anyOf" | "oneOf" => {
                    for branch in value.as_array().into_iter().flatten() {
                        constraints(def, prop, branch, found);
                    }
                }
                "items" => constraints(def, prop, value, found),
                k if SHAPE.contains(&k) || carried_by_type(k, value) => {}
                k => {
                    found.insert((def.to_owned(), prop.to_owned(), k.to_owned()));
                }
            }
        }
    }

    /// Every constraint of the generated seeds schema is checked by the strict reading: a
    /// constraint added to a type without its strict check fails here.
    #[test]
    fn every_constraint_of_the_schema_is_checked() {
        let schema = crate::schema::seeds_schema();
        let mut found = BTreeSet::new();
        for (def, body) in schema["$defs"].as_object().expect("$defs") {
            if def == "Id" {
                continue;
            }
            for (prop, sub) in body
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                constraints(def, prop, sub, &mut found);
            }
        }
        let listed: BTreeSet<_> = CONSTRAINED
            .iter()
            .map(|(d, p, k)| ((*d).to_owned(), (*p).to_owned(), (*k).to_owned()))
            .collect();
        assert_eq!(found, listed);
        let id = &schema["$defs"]["Id"];
        let keywords: BTreeSet<&str> = id
            .as_object()
            .expect("Id")
            .keys()
            .map(String::as_str)
            .collect();
        let expected: BTreeSet<&str> =
            ["type", "description", "pattern", "minLength", "maxLength"].into();
        assert_eq!(keywords, expected);
        assert_eq!(id["pattern"], super::super::common::ID_PATTERN);
        assert_eq!(id["maxLength"], 120);
    }

    /// The first field of every struct is a required text (an id or a date), so that serde's
    /// reading of a struct from an array (its fields in order) fails on an array that opens
    /// with an object: `validate::typed` lets only such arrays through its screen.
    #[test]
    fn first_fields_are_texts() {
        let schema = crate::schema::seeds_schema();
        for (def, body) in schema["$defs"].as_object().expect("$defs") {
            let Some((first, sub)) = body
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.iter().next())
            else {
                continue;
            };
            let required = body["required"].as_array().expect("required");
            assert!(required.iter().any(|r| r == first), "{def}.{first}");
            let text = sub["$ref"] == "#/$defs/Id" || sub["type"] == "string";
            assert!(text, "{def}.{first}: {sub}");
        }
    }
}
