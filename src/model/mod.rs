//! The record model: the Rust types that seeds files deserialize into and that the JSON Schema is
//! generated from. Their doc comments become the schema's descriptions.

pub mod common;
pub mod entity;
pub mod event;
pub mod quantity;
pub mod relation;
pub mod source;
pub mod statement;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use common::{Attribution, Evidence, Id, Precision, TimeSpec};
pub use entity::{Entity, EntityKind};
pub use event::{Event, EventKind, Participant, Role};
pub use quantity::{Qualifier, Quantity, Unit};
pub use relation::{Predicate, Relation};
pub use source::{Source, SourceKind};
pub use statement::Statement;

/// One hand-edited seeds file. Every list is optional; the dataset is the union of all files
/// under the seeds folder, so a new article is added by adding files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Seeds file")]
pub struct SeedsFile {
    /// Relative path from this file to `schema/seeds.schema.json`, so that editors check the file
    /// while it is typed.
    #[serde(rename = "$schema")]
    #[schemars(pattern(r"(^|/)seeds\.schema\.json$"))]
    pub schema: String,
    /// Articles and the outlets they cite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// People, bodies, countries and places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// Things that happened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Verbatim quotations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Statement>,
    /// Figures, normalised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    /// Facts linking two entities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}
