//! Sources: the articles records are curated from, and the outlets they cite.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, Precision, TimeSpec};
use super::constraint::{Language, Ordinal, Sha256, Text};
use super::kinds::SourceKind;
use super::lists::RecordList;
use super::record::{Head, Record, RecordType, SourceInfo, Split};
use super::reference::{RecordKind, Reference};

/// An article, or an outlet an article cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    /// Unique id of the source.
    pub(crate) id: Id,
    /// What kind of source this is.
    pub(crate) kind: SourceKind,
    /// The name of an outlet, or the headline of an article (null when the text carries none).
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// The periodical an article appeared in, e.g. `Eurasia Daily Monitor`.
    #[serde(default)]
    pub(crate) publication: Option<String>,
    /// Who publishes the periodical or runs the outlet.
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    /// The periodical's volume number.
    #[serde(default)]
    pub(crate) volume: Option<Ordinal>,
    /// The periodical's issue number.
    #[serde(default)]
    pub(crate) issue: Option<Ordinal>,
    /// When the article was published, as precisely as known.
    #[serde(default)]
    pub(crate) published: Option<TimeSpec>,
    /// The language of the text, as a BCP 47 tag such as `en`.
    #[serde(default)]
    pub(crate) language: Option<Language>,
    /// Path of the source's text relative to the seeds folder (UTF-8, kept byte for byte); articles
    /// only.
    #[serde(default)]
    pub(crate) path: Option<Text>,
    /// SHA-256 of the text file's bytes, in lower-case hex; required with `path`.
    #[serde(default)]
    pub(crate) sha256: Option<Sha256>,
    /// A short description in our own words.
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Words of an article's own text that state its bibliographic details (e.g. its masthead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) evidence: Vec<Evidence>,
}

impl Record for Source {
    fn id(&self) -> &Id {
        &self.id
    }
    fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    fn attributions(&self) -> &[Attribution] {
        &[]
    }
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/published", self.published.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/description", self.description.as_deref())]
    }
}

impl RecordType for Source {
    const NOUN: &'static str = "a source";
    type Head = SourceHead;
}

/// What the first pass reads of a source.
#[derive(Debug, Deserialize)]
pub(crate) struct SourceHead {
    id: String,
    kind: SourceKind,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    published: Option<PublishedHead>,
}

/// What the first pass reads of a source's publication date: the last day it may mean. Its days
/// are read as plain dates and its wording not at all, as leniently as the rest of the head, so
/// that a source whose date breaks the schema still has its id indexed; the part's own check
/// reports the date.
#[derive(Debug, Deserialize)]
struct PublishedHead {
    date: NaiveDate,
    precision: Precision,
    #[serde(default)]
    end: Option<NaiveDate>,
}

impl PublishedHead {
    fn last_day(&self) -> NaiveDate {
        let spec = TimeSpec {
            date: self.date.into(),
            precision: self.precision,
            end: self.end.map(Into::into),
            as_written: None,
        };
        spec.last_day()
    }
}

impl Head for SourceHead {
    fn split(self, _: RecordList) -> Split {
        let info = SourceInfo {
            path: self.path,
            sha256: self.sha256,
            published_by: self.published.as_ref().map(PublishedHead::last_day),
        };
        Split {
            source: Some(info),
            ..Split::new(self.id, RecordKind::Source(self.kind))
        }
    }
}
