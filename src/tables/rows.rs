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
    ClaimKind, EntityKind, EventKind, EventStatus, LinkKind, MentionForm, Precision, Predicate,
    Qualifier, Role, SourceKind, Unit,
};

/// Articles the records are curated from, and the outlets they cite.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SourceRow {
    /// Unique id of the source.
    pub(crate) id: String,
    /// What kind of source this is.
    pub(crate) kind: SourceKind,
    /// The outlet's name, or the article's headline (null when the text carries none).
    pub(crate) title: Option<String>,
    /// The periodical an article appeared in.
    pub(crate) publication: Option<String>,
    /// Who publishes the periodical or runs the outlet.
    pub(crate) publisher: Option<String>,
    /// The periodical's volume number.
    pub(crate) volume: Option<i64>,
    /// The periodical's issue number.
    pub(crate) issue: Option<i64>,
    /// When the article was published (first day of the period when less precise than a day).
    pub(crate) published: Option<NaiveDate>,
    /// How precisely `published` is known.
    pub(crate) published_precision: Option<Precision>,
    /// Last day of a period of publication that spans more than its precision's unit.
    pub(crate) published_end: Option<NaiveDate>,
    /// The publication date as the source words it, e.g. `March 2007`.
    pub(crate) published_as_written: Option<String>,
    /// The language of the text (BCP 47).
    pub(crate) language: Option<String>,
    /// Path of the article's text in the repository, e.g. `seeds/edm-4-55/article.txt`.
    pub(crate) path: Option<String>,
    /// SHA-256 of the text file, lower-case hex.
    pub(crate) sha256: Option<String>,
    /// A short description in our own words.
    pub(crate) description: Option<String>,
}

/// People, bodies, countries and places the sources name.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EntityRow {
    /// Unique id of the entity.
    pub(crate) id: String,
    /// What kind of thing the entity is.
    pub(crate) kind: EntityKind,
    /// The canonical name.
    pub(crate) name: String,
    /// ISO 3166-1 alpha-2 code of the country the entity is or belongs to.
    pub(crate) country: Option<String>,
    /// A short description in our own words.
    pub(crate) description: Option<String>,
}

/// Other names and spellings of entities, one row per alias.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EntityAliasRow {
    /// Id of the entity.
    pub(crate) entity_id: String,
    /// A name or spelling the sources use for it.
    pub(crate) alias: String,
}

/// Every place in a source's text where an entity is mentioned, by name, adjective, description
/// or pronoun, with its offsets: for training and evaluating entity linking.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EntityMentionRow {
    /// Id of the entity mentioned.
    pub(crate) entity_id: String,
    /// Position of the mention among the entity's mentions (0-based).
    pub(crate) seq: i64,
    /// Id of the source whose text holds the mention.
    pub(crate) source_id: String,
    /// The words of the mention, exactly as written.
    pub(crate) quote: String,
    /// How the entity is mentioned.
    pub(crate) form: MentionForm,
    /// Offset of the mention's first character in the source's text (Unicode code points).
    pub(crate) char_start: i64,
    /// Offset just past the mention's last character (Unicode code points, exclusive).
    pub(crate) char_end: i64,
    /// Offset of the mention's first byte in the UTF-8 text.
    pub(crate) byte_start: i64,
    /// Offset just past the mention's last byte in the UTF-8 text (exclusive).
    pub(crate) byte_end: i64,
}

/// Things that happened, are happening, or are announced or planned: one row per event.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EventRow {
    /// Unique id of the event.
    pub(crate) id: String,
    /// What kind of event this is.
    pub(crate) kind: EventKind,
    /// Whether it has happened, as the source tells it.
    pub(crate) status: EventStatus,
    /// One sentence in our own words saying what happened.
    pub(crate) summary: String,
    /// When it happened (first day of the period when less precise than a day).
    pub(crate) date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub(crate) date_precision: Option<Precision>,
    /// Last day of a period the event spans.
    pub(crate) date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub(crate) date_as_written: Option<String>,
    /// Id of the place where it happened.
    pub(crate) place_id: Option<String>,
    /// Id of the person or body the source credits with the report; null for the source's own
    /// voice.
    pub(crate) reported_by_id: Option<String>,
}

/// How events relate: one row per link from an event to a related event.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EventLinkRow {
    /// Id of the linking event.
    pub(crate) event_id: String,
    /// Id of the related event.
    pub(crate) related_event_id: String,
    /// How the event relates to the related event, e.g. `part_of`.
    pub(crate) relation: LinkKind,
}

/// Judgements, stances, intentions and expectations, with who holds them: one row per claim.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ClaimRow {
    /// Unique id of the claim.
    pub(crate) id: String,
    /// What kind of claim this is.
    pub(crate) kind: ClaimKind,
    /// Id of the source whose author holds the claim; null when an entity holds it.
    pub(crate) holder_source_id: Option<String>,
    /// Id of the entity that holds the claim; null when the source's author does.
    pub(crate) holder_entity_id: Option<String>,
    /// One sentence in our own words saying what is claimed.
    pub(crate) summary: String,
    /// Id of the event at which the claim was expressed, or which it judges.
    pub(crate) event_id: Option<String>,
    /// When the claim was expressed (first day of the period when less precise than a day).
    pub(crate) date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub(crate) date_precision: Option<Precision>,
    /// Last day of a period over which it was expressed.
    pub(crate) date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub(crate) date_as_written: Option<String>,
}

/// Whom and what each claim is about, and in what role.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ClaimSubjectRow {
    /// Id of the claim.
    pub(crate) claim_id: String,
    /// Id of an entity the claim is about.
    pub(crate) entity_id: String,
    /// The part the entity plays in the claim.
    pub(crate) role: Role,
}

/// Who took part in which event, and in what role.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EventParticipantRow {
    /// Id of the event.
    pub(crate) event_id: String,
    /// Id of the entity taking part.
    pub(crate) entity_id: String,
    /// The part the entity plays.
    pub(crate) role: Role,
}

/// Verbatim quotations, with speaker and occasion.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct StatementRow {
    /// Unique id of the statement.
    pub(crate) id: String,
    /// Id of the person or body who said it.
    pub(crate) speaker_id: String,
    /// The words quoted, exactly as the source gives them.
    pub(crate) quote: String,
    /// When it was said.
    pub(crate) date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub(crate) date_precision: Option<Precision>,
    /// Last day of the period it was said in, when the source gives a period.
    pub(crate) date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub(crate) date_as_written: Option<String>,
    /// Id of the event on which it was said.
    pub(crate) event_id: Option<String>,
    /// Id of the source whose text holds the quotation.
    pub(crate) source_id: String,
    /// Offset of the quotation's first character in the source's text (Unicode code points).
    pub(crate) char_start: i64,
    /// Offset just past the quotation's last character (Unicode code points).
    pub(crate) char_end: i64,
}

/// Every figure the sources give, normalised.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct QuantityRow {
    /// Unique id of the quantity.
    pub(crate) id: String,
    /// What is measured, in our own words.
    pub(crate) measures: String,
    /// The normalised value.
    pub(crate) value: f64,
    /// The unit of `value`.
    pub(crate) unit: Unit,
    /// How the source hedges the figure.
    pub(crate) qualifier: Qualifier,
    /// The figure exactly as the source writes it.
    pub(crate) as_written: String,
    /// Start of the period the figure covers.
    pub(crate) period_date: Option<NaiveDate>,
    /// How precisely `period_date` is known.
    pub(crate) period_precision: Option<Precision>,
    /// Last day of the period the figure covers.
    pub(crate) period_end: Option<NaiveDate>,
    /// The period as the source words it.
    pub(crate) period_as_written: Option<String>,
    /// Id of the entity the figure is about.
    pub(crate) subject_id: Option<String>,
    /// Id of the event the figure belongs to.
    pub(crate) event_id: Option<String>,
    /// Id of the quantity this figure is part of; parts are not to be added to their whole.
    pub(crate) part_of_id: Option<String>,
    /// Id of the person or body the source credits with the figure; null for the source's own
    /// voice.
    pub(crate) reported_by_id: Option<String>,
}

/// Facts linking two entities.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct RelationRow {
    /// Unique id of the relation.
    pub(crate) id: String,
    /// Id of the entity the fact is about.
    pub(crate) subject_id: String,
    /// How the subject relates to the object.
    pub(crate) predicate: Predicate,
    /// Id of the other entity.
    pub(crate) object_id: String,
    /// When the fact holds (first day of the period when less precise than a day).
    pub(crate) date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub(crate) date_precision: Option<Precision>,
    /// Last day of the period the fact holds.
    pub(crate) date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub(crate) date_as_written: Option<String>,
    /// Id of the person or body the source credits with the fact; null for the source's own
    /// voice.
    pub(crate) reported_by_id: Option<String>,
}

/// The words of a source behind each record: one row per evidence quote, with its offsets.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct EvidenceRow {
    /// The table of the record the quote supports.
    #[schemars(with = "RecordTable")]
    pub(crate) record_table: RecordList,
    /// Id of the record the quote supports.
    pub(crate) record_id: String,
    /// Position of the quote among the record's evidence (0-based).
    pub(crate) seq: i64,
    /// Id of the source whose text holds the quote.
    pub(crate) source_id: String,
    /// The exact words of the source.
    pub(crate) quote: String,
    /// Offset of the quote's first character in the source's text, in Unicode code points, so
    /// that `text[char_start:char_end] == quote` in Python.
    pub(crate) char_start: i64,
    /// Offset just past the quote's last character, in Unicode code points (exclusive).
    pub(crate) char_end: i64,
    /// Offset of the quote's first byte in the UTF-8 text.
    pub(crate) byte_start: i64,
    /// Offset just past the quote's last byte in the UTF-8 text (exclusive).
    pub(crate) byte_end: i64,
}

/// The sources' own credits of facts to outlets and dates, e.g. "(Avesta, March 15)".
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AttributionRow {
    /// The table of the record credited.
    #[schemars(with = "RecordTable")]
    pub(crate) record_table: RecordList,
    /// Id of the record credited.
    pub(crate) record_id: String,
    /// Position of the credit among the record's attributions (0-based).
    pub(crate) seq: i64,
    /// Id of the outlet credited.
    pub(crate) outlet_id: String,
    /// The date the credit gives.
    pub(crate) date: Option<NaiveDate>,
    /// How precisely `date` is known.
    pub(crate) date_precision: Option<Precision>,
    /// Last day of the period the credit gives, when it gives a period.
    pub(crate) date_end: Option<NaiveDate>,
    /// The date as the source words it.
    pub(crate) date_as_written: Option<String>,
    /// Id of the source whose text holds the credit.
    pub(crate) source_id: String,
    /// The credit exactly as written.
    pub(crate) quote: String,
    /// Offset of the credit's first character in the source's text (Unicode code points).
    pub(crate) char_start: i64,
    /// Offset just past the credit's last character (Unicode code points, exclusive).
    pub(crate) char_end: i64,
}

/// The schema of a `record_table` column, named `RecordTable`: the key of a list whose records
/// carry evidence (the name of its table), each value documented. Derived from the registry of
/// record lists, so a new list with evidence is a new value.
pub(crate) struct RecordTable;

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
