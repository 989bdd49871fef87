//! What every record is, whatever its list: an id, the evidence and attributions behind it, the
//! ids it refers to, its dates and the fields in our own words. The validator's rules, the
//! evidence search and the link tables walk these, never one list at a time.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::common::{Attribution, Evidence, Id, Mention, TimeSpec};
use super::kinds::Unit;
use super::lists::RecordList;
use super::reference::{RecordKind, Reference};

/// A record of any list, as the rules that apply to every record see it.
pub(crate) trait Record {
    /// Its id, unique across the dataset.
    fn id(&self) -> &Id;
    /// The words of a source that support it.
    fn evidence(&self) -> &[Evidence];
    /// The source's credits of it to outlets.
    fn attributions(&self) -> &[Attribution];
    /// Every id its own fields refer to (those of its evidence and attributions aside), each
    /// with its pointer within the record and what it must name.
    fn references(&self) -> Vec<Reference<'_>>;
    /// Its dates, each with its pointer within the record.
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)>;
    /// Its fields written in our own words, each with its pointer within the record.
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)>;
    /// The places in a source's text where it is mentioned (entities only).
    fn mentions(&self) -> &[Mention] {
        &[]
    }
    /// Its fields that give a source's wording, each with its pointer within the record: they must
    /// stand in one of its evidence quotes. The `as_written` of its dates are added to these.
    fn wordings(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }
    /// The person or body the source credits with it, when it has one.
    fn reported_by(&self) -> Option<&Id> {
        None
    }
}

/// The type of the records of one list.
pub(crate) trait RecordType: Record + Sized {
    /// How a record of this type is named in messages, e.g. `an event`.
    const NOUN: &'static str;
    /// What the first pass reads of a record of this type.
    type Head: Head;
}

/// What the first pass reads of a record, without the rest of its fields: enough to check the
/// references to it.
pub(crate) trait Head: DeserializeOwned {
    /// What the first pass keeps of the record, being one of `list`.
    fn split(self, list: RecordList) -> Split;
}

/// What the first pass keeps of a record.
#[derive(Debug)]
pub(crate) struct Split {
    /// The record's id.
    pub(crate) id: String,
    /// The kind of record it is.
    pub(crate) kind: RecordKind,
    /// For a source, what the text store and the date rules need.
    pub(crate) source: Option<SourceInfo>,
    /// Its links to records of its own list that must not form a cycle: the pointer within the
    /// record and the id linked to.
    pub(crate) links: Vec<(String, String)>,
    /// For a quantity, its value and unit, which its parts may not exceed.
    pub(crate) amount: Option<(f64, Unit)>,
    /// For an entity, its recorded mentions, which the records about it must quote.
    pub(crate) mentions: Vec<MentionRef>,
    /// For a relation of a two-way predicate, its subject, predicate (its name) and object.
    pub(crate) pair: Option<(String, &'static str, String)>,
}

/// What the first pass keeps of a mention: where to find it in its source's text.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MentionRef {
    /// Id of the source whose text holds it.
    pub(crate) source: Box<str>,
    /// Its words.
    pub(crate) quote: Box<str>,
    /// Which occurrence of the words is meant (1 = first); none means the only one.
    #[serde(default)]
    pub(crate) occurrence: Option<u32>,
}

impl Split {
    /// A record with nothing but an id and a kind.
    #[must_use]
    pub(crate) fn new(id: String, kind: RecordKind) -> Split {
        Split {
            id,
            kind,
            source: None,
            links: Vec::new(),
            amount: None,
            mentions: Vec::new(),
            pair: None,
        }
    }
}

/// The head of a record whose references need nothing but its id and list.
#[derive(Debug, Deserialize)]
pub(crate) struct IdHead {
    /// The record's id.
    pub(crate) id: String,
}

impl Head for IdHead {
    fn split(self, list: RecordList) -> Split {
        Split::new(self.id, RecordKind::Plain(list))
    }
}

/// What the first pass learns of a source: what the text store needs.
#[derive(Debug, Clone)]
pub(crate) struct SourceInfo {
    /// Its text's path relative to the seeds folder.
    pub(crate) path: Option<String>,
    /// Its text's SHA-256.
    pub(crate) sha256: Option<String>,
    /// The last day it may have been published on: the end of its publication date's period.
    pub(crate) published_by: Option<chrono::NaiveDate>,
}
