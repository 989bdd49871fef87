//! JSON values as Arrow's typed values: whether a value fits a column type, the one spelling
//! every format writes, and each type's parser (dates, timestamps, times, decimals, UUIDs).

use chrono::format::{Item, Numeric, Pad, Parsed};
use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::columns::ColumnType;

/// Whether the encoders can hold `value` (not null) in a column of type `ty`: what a record must
/// meet beyond its schema, checked before anything is encoded.
#[must_use]
pub(crate) fn fits(ty: &ColumnType, value: &Value) -> bool {
    match ty {
        ColumnType::String | ColumnType::Enum(_) => value.is_string(),
        ColumnType::Integer => value.as_i64().is_some(),
        ColumnType::Int32 => int32(value).is_some(),
        ColumnType::Decimal(scale) => decimal(value, *scale).is_some(),
        ColumnType::Time => time_micros(value).is_some(),
        ColumnType::Uuid => uuid(value).is_some(),
        ColumnType::Number => value.as_f64().is_some(),
        ColumnType::Boolean => value.is_boolean(),
        ColumnType::Date => date32(value).is_some(),
        ColumnType::DateTime => micros(value).is_some(),
        ColumnType::List(inner) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| v.is_null() || fits(inner, v))),
        ColumnType::Struct(fields) => value.as_object().is_some_and(|object| {
            fields.iter().all(|c| {
                object
                    .get(&c.name)
                    .is_none_or(|v| v.is_null() || fits(&c.ty, v))
            })
        }),
    }
}

/// Spells an integer that JSON wrote as a float (`1.0`, which JSON Schema counts as an integer)
/// as an integer, so that every format holds the same value; anything else is left as it is.
pub(crate) fn respell(ty: &ColumnType, value: &mut Value) {
    match (ty, &mut *value) {
        (ColumnType::Integer | ColumnType::Int32, Value::Number(n)) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // The range of i64 is -2^63 ≤ f < 2^63, and both bounds are exact in f64.
            let bound = -(i64::MIN as f64);
            if f.fract() == 0.0 && (-bound..bound).contains(&f) {
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                *value = Value::from(i);
            }
        }
        (ColumnType::List(inner), Value::Array(items)) => {
            for item in items {
                respell(inner, item);
            }
        }
        // An object held whole is written with its fields in the schema's order, each present
        // (null when missing), and nothing else: as its struct holds it in every format.
        (ColumnType::Struct(fields), Value::Object(object)) => {
            let mut ordered = serde_json::Map::with_capacity(fields.len());
            for c in fields {
                let mut v = object.remove(&c.name).unwrap_or(Value::Null);
                respell(&c.ty, &mut v);
                ordered.insert(c.name.clone(), v);
            }
            *object = ordered;
        }
        _ => {}
    }
}

pub(super) fn int32(value: &Value) -> Option<i32> {
    i32::try_from(value.as_i64()?).ok()
}

/// The most significant digits a decimal value may have: more than an `f64` holds exactly
/// (JSON numbers are read as `f64`), and the value is refused rather than rounded.
pub(crate) const DECIMAL_DIGITS: usize = 15;

/// A number as a decimal of `scale` digits after the point, unscaled (`12.3` at scale 2:
/// `1230`): exact, from the shortest text that reads back as the same `f64`. `None` when it has
/// more digits after the point than `scale`, or more than [`DECIMAL_DIGITS`] in all.
pub(super) fn decimal(value: &Value, scale: u8) -> Option<i128> {
    let text = match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64()?;
            if !f.is_finite() {
                return None;
            }
            format!("{f}")
        }
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (negative, digits) = text
        .strip_prefix('-')
        .map_or((false, text.as_str()), |rest| (true, rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction = fraction.trim_end_matches('0');
    let significant = format!("{whole}{fraction}");
    if fraction.len() > usize::from(scale)
        || significant.trim_start_matches('0').len() > DECIMAL_DIGITS
    {
        return None;
    }
    let padded = format!(
        "{significant}{}",
        "0".repeat(usize::from(scale) - fraction.len())
    );
    let unscaled: i128 = padded.parse().ok()?;
    Some(if negative { -unscaled } else { unscaled })
}

/// Microseconds since midnight, UTC, of an RFC 3339 time (`08:30:00Z`, `13:30:00.5+05:00`).
pub(super) fn time_micros(value: &Value) -> Option<i64> {
    let text = value.as_str()?;
    let (clock, offset) = match text.find(['Z', 'z', '+']).or_else(|| text.rfind('-')) {
        Some(at) if at >= 8 => (&text[..at], &text[at..]),
        _ => (text, "Z"),
    };
    let time = chrono::NaiveTime::parse_from_str(clock, "%H:%M:%S%.f").ok()?;
    let shift = if offset.eq_ignore_ascii_case("z") {
        0
    } else {
        let (hours, minutes) = offset[1..].split_once(':')?;
        let minutes =
            i64::from(hours.parse::<u8>().ok()?) * 60 + i64::from(minutes.parse::<u8>().ok()?);
        if offset.starts_with('-') {
            -minutes
        } else {
            minutes
        }
    };
    let day = 86_400_000_000i64;
    let local = i64::from(chrono::Timelike::num_seconds_from_midnight(&time)) * 1_000_000
        + i64::from(chrono::Timelike::nanosecond(&time).min(999_999_999)) / 1000;
    Some((local - shift * 60_000_000).rem_euclid(day))
}

/// The 16 bytes of a UUID written as 32 hexadecimal digits in groups of 8-4-4-4-12.
pub(super) fn uuid(value: &Value) -> Option<[u8; 16]> {
    let text = value.as_str()?;
    let groups: Vec<&str> = text.split('-').collect();
    if groups.iter().map(|g| g.len()).collect::<Vec<_>>() != [8, 4, 4, 4, 12] {
        return None;
    }
    let hex: String = groups.concat();
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

/// `%Y-%m-%d`, as chrono reads that format, taken apart once rather than on every value.
const DATE: [Item<'static>; 5] = [
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
];

pub(super) fn date32(value: &Value) -> Option<i32> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, value.as_str()?, DATE.iter()).ok()?;
    let date = parsed.to_naive_date().ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((date - epoch).num_days()).ok()
}

/// Microseconds since the epoch of an RFC 3339 timestamp.
pub(super) fn micros(value: &Value) -> Option<i64> {
    Some(
        DateTime::parse_from_rfc3339(value.as_str()?)
            .ok()?
            .timestamp_micros(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(date32(&Value::from("1970-01-02")), Some(1));
        assert_eq!(date32(&Value::from("2007-03-14")), Some(13586));
        assert_eq!(date32(&Value::from("2007-02-30")), None);
    }

    #[test]
    fn decimals_are_exact_or_refused() {
        assert_eq!(decimal(&serde_json::json!(12.3), 2), Some(1230));
        assert_eq!(decimal(&serde_json::json!(-0.07), 2), Some(-7));
        assert_eq!(decimal(&serde_json::json!(19.99), 2), Some(1999));
        assert_eq!(decimal(&serde_json::json!(5), 2), Some(500));
        assert_eq!(decimal(&serde_json::json!(0.1 + 0.2), 2), None);
        assert_eq!(decimal(&serde_json::json!(1.005), 2), None);
        assert_eq!(
            decimal(&serde_json::json!(1_234_567_890_123.45), 2),
            Some(123_456_789_012_345)
        );
        assert_eq!(decimal(&serde_json::json!(12_345_678_901_234.56), 2), None);
    }

    #[test]
    fn times_are_utc_microseconds_since_midnight() {
        assert_eq!(time_micros(&Value::from("00:00:01Z")), Some(1_000_000));
        assert_eq!(
            time_micros(&Value::from("05:30:00.25+05:00")),
            Some(1_800_250_000)
        );
        assert_eq!(
            time_micros(&Value::from("23:00:00-02:00")),
            Some(3_600_000_000)
        );
        assert_eq!(time_micros(&Value::from("25:00:00Z")), None);
    }

    #[test]
    fn uuids_are_sixteen_bytes() {
        let bytes = uuid(&Value::from("123e4567-e89b-12d3-a456-426614174000")).unwrap();
        assert_eq!(bytes[0], 0x12);
        assert_eq!(bytes[15], 0x00);
        assert!(uuid(&Value::from("123e4567e89b12d3a456426614174000")).is_none());
    }

    #[test]
    fn timestamps_are_utc_microseconds() {
        assert_eq!(
            micros(&Value::from("1970-01-01T00:00:01Z")),
            Some(1_000_000)
        );
    }
}
