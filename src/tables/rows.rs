//! The row types of the published tables. Each is flat: nested lists of the seeds become link
//! tables. Their doc comments are the codebook's and the data package's descriptions; their names,
//! keys and row functions are in the [registry](super::registry).

use std::borrow::Cow;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde_json::json;

use crate::dataset::RecordList;
use crate::model::{
    EntityKind, EventKind, Precision, Predicate, Qualifier, Role, SourceKind, Unit,
};

/// Articles the records are curated from, and the outlets they cite.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SourceRow {
    /// Unique id of the source.
    pub id: String,
    /// What kind of source this is.
    pub kind: SourceKind,
    /// The outlet's name, or the article's headline (null when the text carries none).
    pub title: Option<String>,
    /// The periodical an article appeared in.
    pub publication: Option<String>,
    /// Who publishes the periodical or runs the outlet.
    pub publisher: Option<String>,
    /// The periodical's volume number.
    pub volume: Option<i64>,
    /// The periodical's issue number.
    pub issue: Option<i64>,
    /// When the article was published (first day of the period when less precise than a day).
    pub published: Option<NaiveDate>,
    /// How precisely `published` is known.
    pub published_precision: Option<Precision>,
    /// The language of the text (BCP 47).
    pub language: Option<String>,
    /// Path of the article's text in the repository, e.g. `seeds/edm-4-55/article.txt`.
    pub path: Option<String>,
    /// SHA-256 of the text file, lower-case hex.
    pub sha256: Option<String>,
    /// A short description in our own words.
    pub description: Option<String>,
}

/// People, bodies, countries and places the sources name.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EntityRow {
    /// Unique id of the entity.
    pub id: String,
    /// What kind of thing the entity is.
    pub kind: EntityKind,
    /// The canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country the entity is or belongs to.
    pub country: Option<String>,
    /// A short description in our own words.
    pub description: Option<String>,
}

/// Other names and spellings of entities, one row per alias.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EntityAliasRow {
    /// Id of the entity.
    pub entity_id: String,
    /// A name or spelling the sources use for it.
    pub alias: String,
}

/// Things that happened, one row per event.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EventRow {
    /// Unique id of the event.
    pub id: String,
    /// What kind of event this is.
    pub kind: EventKind,
    /// One sentence in our own words saying what happened.
    pub summary: String,
    /// When it happened (first day of the period when less precise than a day).
    pub date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub date_precision: Option<Precision>,
    /// Last day of a period the event spans.
    pub date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub date_as_written: Option<String>,
    /// Id of the place where it happened.
    pub place_id: Option<String>,
}

/// Who took part in which event, and in what role.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EventParticipantRow {
    /// Id of the event.
    pub event_id: String,
    /// Id of the entity taking part.
    pub entity_id: String,
    /// The part the entity plays.
    pub role: Role,
}

/// Verbatim quotations, with speaker and occasion.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatementRow {
    /// Unique id of the statement.
    pub id: String,
    /// Id of the person or body who said it.
    pub speaker_id: String,
    /// The words quoted, exactly as the source gives them.
    pub quote: String,
    /// When it was said.
    pub date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub date_precision: Option<Precision>,
    /// The date as the source words it.
    pub date_as_written: Option<String>,
    /// Id of the event on which it was said.
    pub event_id: Option<String>,
    /// Id of the source whose text holds the quotation.
    pub source_id: String,
    /// Offset of the quotation's first character in the source's text (Unicode code points).
    pub char_start: i64,
    /// Offset just past the quotation's last character (Unicode code points).
    pub char_end: i64,
}

/// Every figure the sources give, normalised.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuantityRow {
    /// Unique id of the quantity.
    pub id: String,
    /// What is measured, in our own words.
    pub measures: String,
    /// The normalised value.
    pub value: f64,
    /// The unit of `value`.
    pub unit: Unit,
    /// How the source hedges the figure.
    pub qualifier: Qualifier,
    /// The figure exactly as the source writes it.
    pub as_written: String,
    /// Start of the period the figure covers.
    pub period_date: Option<NaiveDate>,
    /// How precisely `period_date` is known.
    pub period_precision: Option<Precision>,
    /// Last day of the period the figure covers.
    pub period_end: Option<NaiveDate>,
    /// The period as the source words it.
    pub period_as_written: Option<String>,
    /// Id of the entity the figure is about.
    pub subject_id: Option<String>,
    /// Id of the event the figure belongs to.
    pub event_id: Option<String>,
}

/// Facts linking two entities.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RelationRow {
    /// Unique id of the relation.
    pub id: String,
    /// Id of the entity the fact is about.
    pub subject_id: String,
    /// How the subject relates to the object.
    pub predicate: Predicate,
    /// Id of the other entity.
    pub object_id: String,
    /// When the fact holds (first day of the period when less precise than a day).
    pub date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub date_precision: Option<Precision>,
    /// Last day of the period the fact holds.
    pub date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub date_as_written: Option<String>,
}

/// The words of a source behind each record: one row per evidence quote, with its offsets.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EvidenceRow {
    /// The table of the record the quote supports.
    #[schemars(with = "RecordTable")]
    pub record_table: RecordList,
    /// Id of the record the quote supports.
    pub record_id: String,
    /// Position of the quote among the record's evidence (0-based).
    pub seq: i64,
    /// Id of the source whose text holds the quote.
    pub source_id: String,
    /// The exact words of the source.
    pub quote: String,
    /// Offset of the quote's first character in the source's text, in Unicode code points, so
    /// that `text[char_start:char_end] == quote` in Python.
    pub char_start: i64,
    /// Offset just past the quote's last character, in Unicode code points (exclusive).
    pub char_end: i64,
    /// Offset of the quote's first byte in the UTF-8 text.
    pub byte_start: i64,
    /// Offset just past the quote's last byte in the UTF-8 text (exclusive).
    pub byte_end: i64,
}

/// The sources' own credits of facts to outlets and dates, e.g. "(Avesta, March 15)".
#[derive(Debug, Serialize, JsonSchema)]
pub struct AttributionRow {
    /// The table of the record credited.
    #[schemars(with = "RecordTable")]
    pub record_table: RecordList,
    /// Id of the record credited.
    pub record_id: String,
    /// Position of the credit among the record's attributions (0-based).
    pub seq: i64,
    /// Id of the outlet credited.
    pub outlet_id: String,
    /// The date the credit gives.
    pub date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub date_precision: Option<Precision>,
    /// The date as the source words it.
    pub date_as_written: Option<String>,
    /// Id of the source whose text holds the credit.
    pub source_id: String,
    /// The credit exactly as written.
    pub quote: String,
    /// Offset of the credit's first character in the source's text (Unicode code points).
    pub char_start: i64,
    /// Offset just past the credit's last character (Unicode code points, exclusive).
    pub char_end: i64,
}

/// The schema of a `record_table` column, named `RecordTable`: the key of a list whose records
/// carry evidence (the name of its table), each value documented. Derived from the registry of
/// record lists, so a new list with evidence is a new value.
pub struct RecordTable;

impl JsonSchema for RecordTable {
    fn schema_name() -> Cow<'static, str> {
        "RecordTable".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let values: Vec<_> = RecordList::having("evidence")
            .into_iter()
            .map(|l| {
                let key = l.key();
                json!({"type": "string", "const": key, "description": format!("A row of `{key}`.")})
            })
            .collect();
        json_schema!({
            "oneOf": values,
            "description": "The tables whose records carry evidence."
        })
    }
}
