//! Sources: the articles records are curated from, and the outlets they cite.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
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
    #[serde(default, deserialize_with = "super::strict::opt_positive")]
    #[schemars(range(min = 1, max = u32::MAX))]
    pub(crate) volume: Option<u32>,
    /// The periodical's issue number.
    #[serde(default, deserialize_with = "super::strict::opt_positive")]
    #[schemars(range(min = 1, max = u32::MAX))]
    pub(crate) issue: Option<u32>,
    /// When the article was published, as precisely as known.
    #[serde(default)]
    pub(crate) published: Option<TimeSpec>,
    /// The language of the text, as a BCP 47 tag such as `en`.
    #[serde(default, deserialize_with = "super::strict::opt_language")]
    #[schemars(pattern(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))]
    pub(crate) language: Option<String>,
    /// Path of the source's text relative to the seeds folder (UTF-8, kept byte for byte); articles
    /// only.
    #[serde(default, deserialize_with = "super::strict::opt_non_empty")]
    #[schemars(length(min = 1))]
    pub(crate) path: Option<String>,
    /// SHA-256 of the text file's bytes, in lower-case hex; required with `path`.
    #[serde(default, deserialize_with = "super::strict::opt_sha256")]
    #[schemars(pattern(r"^[0-9a-f]{64}$"))]
    pub(crate) sha256: Option<String>,
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
    published: Option<TimeSpec>,
}

impl Head for SourceHead {
    fn split(self, _: RecordList) -> Split {
        let info = SourceInfo {
            path: self.path,
            sha256: self.sha256,
            published_by: self.published.as_ref().map(TimeSpec::last_day),
        };
        Split {
            source: Some(info),
            ..Split::new(self.id, RecordKind::Source(self.kind))
        }
    }
}
