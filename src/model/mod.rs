//! The record model: the Rust types that seeds files deserialize into and that the JSON Schema is
//! generated from. Their doc comments become the schema's descriptions.

pub(crate) mod claim;
pub(crate) mod common;
pub(crate) mod constraint;
pub(crate) mod entity;
pub(crate) mod event;
pub(crate) mod kinds;
pub(crate) mod lists;
pub(crate) mod metadata;
pub(crate) mod names;
pub(crate) mod quantity;
pub(crate) mod record;
pub(crate) mod reference;
pub(crate) mod relation;
pub(crate) mod source;
pub(crate) mod statement;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub(crate) use claim::{Claim, ClaimKind, Holder};
pub(crate) use common::{Attribution, Evidence, Id, MentionForm, Precision, TimeSpec};
pub(crate) use entity::Entity;
pub(crate) use event::{Event, EventKind, EventStatus, LinkKind, Role};
pub(crate) use kinds::{EntityKind, SourceKind};
pub use lists::RecordList;
pub(crate) use names::serde_name;
pub(crate) use quantity::{Qualifier, Quantity, Unit};
pub(crate) use record::{Head, MentionRef, Record, RecordType, SourceInfo};
pub(crate) use reference::{RecordKind, Want};
pub(crate) use relation::{Predicate, Relation};
pub(crate) use source::Source;
pub(crate) use statement::Statement;

macro_rules! seeds_file {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// One hand-edited seeds file. Every list is optional; the dataset is the union of all files
        /// under the seeds folder, so a new article is added by adding files.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(title = "Seeds file")]
        pub(crate) struct SeedsFile {
            /// Relative path from this file to `schema/seeds.schema.json`, so that editors check the file
            /// while it is typed.
            #[serde(rename = "$schema")]
            #[schemars(pattern(r"(^|/)seeds\.schema\.json$"))]
            pub(crate) schema: String,
            $(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub $key: Vec<$ty>,
            )*
        }
    };
}
lists::record_lists!(seeds_file);
