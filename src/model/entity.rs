//! Entities: the people, bodies, countries and places the sources name.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, Mention, TimeSpec};
use super::constraint::{Country, Text};
use super::kinds::EntityKind;
use super::lists::RecordList;
use super::record::{Head, MentionRef, Record, RecordType, Split};
use super::reference::{RecordKind, Reference};

/// A person, organisation, country or place named by a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entity {
    /// Unique id of the entity.
    #[schemars(example = &"tajikistan")]
    pub(crate) id: Id,
    /// What kind of thing the entity is.
    pub(crate) kind: EntityKind,
    /// The canonical name.
    pub(crate) name: Text,
    /// Other names, abbreviations and spellings the sources use, e.g. `DCA`: proper names only.
    /// Descriptions such as "the unit" and pronouns are mentions, not aliases.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country the entity is, or belongs to; null where none applies.
    #[serde(default)]
    #[schemars(example = &"TJ")]
    pub(crate) country: Option<Country>,
    /// A short description in our own words, saying no more than the sources do.
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Every place in a source's text where the entity is mentioned: by name, by an adjective
    /// made from its name, by a description or by an unambiguous pronoun.
    #[serde(default)]
    pub(crate) mentions: Vec<Mention>,
}

impl Record for Entity {
    fn id(&self) -> &Id {
        &self.id
    }
    fn evidence(&self) -> &[Evidence] {
        &[]
    }
    fn attributions(&self) -> &[Attribution] {
        &[]
    }
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        Vec::new()
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/description", self.description.as_deref())]
    }
    fn mentions(&self) -> &[Mention] {
        &self.mentions
    }
}

impl RecordType for Entity {
    const NOUN: &'static str = "an entity";
    type Head = EntityHead;
}

/// What the first pass reads of an entity.
#[derive(Debug, Deserialize)]
pub(crate) struct EntityHead {
    id: String,
    kind: EntityKind,
    #[serde(default)]
    mentions: Vec<MentionRef>,
}

impl Head for EntityHead {
    fn split(self, _: RecordList) -> Split {
        Split {
            mentions: self.mentions,
            ..Split::new(self.id, RecordKind::Entity(self.kind))
        }
    }
}
