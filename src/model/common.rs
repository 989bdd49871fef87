//! Building blocks shared by every record kind: ids, dates, evidence and attributions.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::constraint::{Date, Ordinal, Text, id_ok};

/// The pattern every record id follows: lower-case words joined by `-`, `_` or `.`.
pub(crate) const ID_PATTERN: &str = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$";

/// A stable, readable record id such as `emomali-rakhmonov`; unique across the whole dataset.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub(crate) struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        if id_ok(&id) {
            Ok(Id(id))
        } else {
            Err(serde::de::Error::custom("not an id"))
        }
    }
}

impl Id {
    /// The id as text.
    #[must_use]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A stable, readable id: lower-case ASCII words joined by '-', '_' or '.'; unique across the whole dataset.",
            "pattern": ID_PATTERN,
            "minLength": 1,
            "maxLength": 120
        })
    }
}

/// How precisely a date is known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Precision {
    /// The exact day is known.
    Day,
    /// Only the month is known; the date is the first day of that month.
    Month,
    /// Only the quarter is known; the date is the first day of that quarter.
    Quarter,
    /// Only the year is known; the date is the 1st of January of that year.
    Year,
}

impl Precision {
    /// The value as written in the records.
    #[must_use]
    pub(crate) fn as_str(self) -> &'static str {
        super::names::serde_name(&self)
    }
}

/// A point or period in time, normalised to ISO 8601 and kept as the source wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimeSpec {
    /// The date (ISO 8601, `YYYY-MM-DD`). With a precision coarser than a day it is the first day
    /// of the month, quarter or year meant.
    #[schemars(example = &"2007-03-14")]
    pub(crate) date: Date,
    /// How precisely `date` is known.
    pub(crate) precision: Precision,
    /// The last day of a period that spans more than the unit of `precision` (ISO 8601); null for
    /// a point in time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) end: Option<Date>,
    /// The date exactly as the source words it, e.g. `March 14` or `later this year`; null when the
    /// source gives no wording and the date is inferred from context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"March 14")]
    pub(crate) as_written: Option<Text>,
}

impl TimeSpec {
    /// The last day the date may mean: its `end`, or the last day of its day, month, quarter or
    /// year.
    #[must_use]
    pub(crate) fn last_day(&self) -> NaiveDate {
        use chrono::{Datelike, Months};
        if let Some(end) = self.end {
            return end.get();
        }
        let months = match self.precision {
            Precision::Day => return self.date.get(),
            Precision::Month => 1,
            Precision::Quarter => 3,
            Precision::Year => 12,
        };
        let first = self.date.with_day(1).unwrap_or(self.date.get());
        first
            .checked_add_months(Months::new(months))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
}

/// How an entity is mentioned.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MentionForm {
    /// By its name, an alias or an abbreviation, possibly possessive: `Rakhmonov`, `DCA`,
    /// `Tajikistan’s`.
    Name,
    /// By an adjective or demonym made from its name: `Tajik`, `Russian`, `Azeri`.
    Adjective,
    /// By a description that is not a name: `the Tajik president`, `the unit`, `the current law`.
    Description,
    /// By a pronoun that can only mean it: `he`, `its`.
    Pronoun,
}

/// One place in a source's text where an entity is mentioned. Found like evidence: the quote is
/// exact, and `occurrence` says which one is meant when it occurs more than once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mention {
    /// Id of the source whose text holds the mention.
    pub(crate) source: Id,
    /// The words of the mention exactly as the source writes them, e.g. `Rakhmonov`.
    #[schemars(example = &"Rakhmonov")]
    pub(crate) quote: Text,
    /// Which occurrence of the quote in the source's text is meant (1 = first), required when it
    /// occurs more than once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) occurrence: Option<Ordinal>,
    /// How the entity is mentioned.
    pub(crate) form: MentionForm,
}

impl Mention {
    /// The mention as evidence: where it stands is found as an evidence quote's place is.
    #[must_use]
    pub(crate) fn as_evidence(&self) -> Evidence {
        Evidence {
            source: self.source.clone(),
            quote: self.quote.clone(),
            occurrence: self.occurrence,
        }
    }
}

/// Words of a source that support a record. Curators write only the quote; the tool finds it in
/// the source's text and computes its offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Evidence {
    /// Id of the source whose text contains the quote.
    #[schemars(example = &"edm-4-55")]
    pub(crate) source: Id,
    /// The exact words of the source, character for character (curly quotes and dashes included).
    #[schemars(example = &"On March 14 Tajikistan’s parliament finally passed legislation")]
    pub(crate) quote: Text,
    /// Which occurrence of the quote is meant (1 = first), required when the quote occurs more
    /// than once in the source's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) occurrence: Option<Ordinal>,
}

/// The source's own credit of a fact to an outlet and a date, e.g. `(Avesta, March 15)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attribution {
    /// Id of the outlet credited (a source of kind `news_agency`, `broadcaster` or `newspaper`).
    pub(crate) outlet: Id,
    /// The date the credit gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<TimeSpec>,
    /// Where the credit stands: the citation as written, found in the citing source like evidence.
    pub(crate) evidence: Evidence,
}
