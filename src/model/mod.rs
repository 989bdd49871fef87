//! The record model: the Rust types that seeds files deserialize into and that the JSON Schema is
//! generated from. Their doc comments become the schema's descriptions.

pub mod common;
pub mod entity;
pub mod event;
pub mod kinds;
pub mod lists;
pub mod names;
pub mod quantity;
pub mod record;
pub mod reference;
pub mod relation;
pub mod source;
pub mod statement;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use common::{Attribution, Evidence, Id, Precision, TimeSpec};
pub use entity::Entity;
pub use event::{Event, EventKind, Participant, Role};
pub use kinds::{EntityKind, SourceKind};
pub use lists::RecordList;
pub use names::serde_name;
pub use quantity::{Qualifier, Quantity, Unit};
pub use record::{Head, IdHead, Record, RecordType, SourceInfo};
pub use reference::{RecordKind, Reference, Want};
pub use relation::{Predicate, Relation};
pub use source::Source;
pub use statement::Statement;

macro_rules! seeds_file {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
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
            $(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub $key: Vec<$ty>,
            )*
        }
    };
}
lists::record_lists!(seeds_file);
