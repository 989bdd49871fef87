//! Relations: facts that link two entities.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::constraint::NonEmpty;
use super::event::reporter;
use super::kinds::EntityKind;
use super::lists::RecordList;
use super::names::serde_name;
use super::record::{Head, Record, RecordType, Split};
use super::reference::RecordKind;
use super::reference::{Reference, Want};

/// The controlled vocabulary of relation predicates. A relation is a standing fact; something
/// done at one time is an event. One-way predicates read subject → object; two-way ones hold
/// both ways and are recorded once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Predicate {
    /// One-way: the subject (a person, country or body) is a member of the object (a body or
    /// organisation). E.g. Qayumova, a member of the Assembly of Representatives.
    MemberOf,
    /// One-way: the subject (a person) heads the object (a state or body). E.g. Rakhmonov,
    /// president of Tajikistan.
    HeadOf,
    /// One-way: the subject (a body or unit) is tasked with a counter-terrorism role in the object
    /// (a country). E.g. the Drug Control Agency in Tajikistan.
    HasCounterTerrorismRoleIn,
    /// One-way: the subject gives standing support to the object (a single act of aid is an
    /// event). E.g. Russia's support for Tajikistan.
    Supports,
    /// One-way: the subject is located or stationed in the object (a place). E.g. the French
    /// contingent in Dushanbe.
    LocatedIn,
    /// One-way: the subject is part of, or belongs to, the object. E.g. the Drug Control Agency,
    /// one of the seven bodies with a counter-terrorism role.
    PartOf,
    /// Two-way: the subject and the object cooperate closely. E.g. Tajikistan and Russia.
    CooperatesWith,
    /// One-way: the subject relies on the object for support. E.g. Tajikistan on Russia.
    ReliesOn,
    /// Two-way: the subject and the object share a border. E.g. Tajikistan and Afghanistan.
    BordersOn,
    /// One-way: the subject (a unit, body or organisation) consists of members of the object (a
    /// group). E.g. the Shadow Wolves and Native Americans.
    ComposedOf,
    /// One-way: the subject (a legal act) amends or updates the object (a legal act). E.g. the
    /// 2007 amendments to the 1999 Law on Combating Terrorism.
    Amends,
}

/// A fact linking two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Relation {
    /// Unique id of the relation: `<subject>-<predicate, with "-" for "_">-<object>`.
    #[schemars(example = &"afghanistan-borders-on-tajikistan")]
    pub(crate) id: Id,
    /// Id of the entity the fact is about.
    pub(crate) subject: Id,
    /// How the subject relates to the object.
    pub(crate) predicate: Predicate,
    /// Id of the other entity.
    pub(crate) object: Id,
    /// When the fact holds, as the source dates it; null when undated.
    #[serde(default)]
    pub(crate) when: Option<TimeSpec>,
    /// Id of the person or body the source credits with the fact; null when the source states it
    /// in its own voice.
    #[serde(default)]
    pub(crate) reported_by: Option<Id>,
    /// The words of the source that state the fact.
    pub(crate) evidence: NonEmpty<Evidence>,
    /// The source's credits of the fact to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Predicate {
    /// Whether the predicate holds both ways, so that a relation of it is recorded once, with
    /// the id that sorts first as its subject.
    #[must_use]
    pub(crate) fn two_way(self) -> bool {
        matches!(self, Predicate::CooperatesWith | Predicate::BordersOn)
    }

    /// The entity kinds the subject may have; empty means any.
    #[must_use]
    pub(crate) fn subject_kinds(self) -> &'static [EntityKind] {
        use EntityKind as K;
        match self {
            Predicate::MemberOf => &[K::Person, K::Country, K::GovernmentBody],
            Predicate::HeadOf => &[K::Person],
            Predicate::HasCounterTerrorismRoleIn => &[K::GovernmentBody, K::Unit],
            Predicate::BordersOn => &[K::Country, K::Region],
            Predicate::ComposedOf => &[K::Unit, K::Organization, K::GovernmentBody],
            Predicate::Amends => &[K::LegalInstrument],
            _ => &[],
        }
    }

    /// The entity kinds the object may have; empty means any.
    #[must_use]
    pub(crate) fn object_kinds(self) -> &'static [EntityKind] {
        use EntityKind as K;
        match self {
            Predicate::MemberOf => &[
                K::GovernmentBody,
                K::Organization,
                K::InternationalOrganization,
            ],
            Predicate::HeadOf => &[K::Country, K::GovernmentBody, K::Organization],
            Predicate::HasCounterTerrorismRoleIn | Predicate::BordersOn => &[K::Country, K::Region],
            Predicate::LocatedIn => &[K::City, K::Region, K::Country],
            Predicate::ComposedOf => &[K::Group],
            Predicate::Amends => &[K::LegalInstrument],
            _ => &[],
        }
    }
}

impl Record for Relation {
    fn id(&self) -> &Id {
        &self.id
    }
    fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    fn attributions(&self) -> &[Attribution] {
        &self.attributions
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let subjects = Want::Entity(self.predicate.subject_kinds());
        let objects = Want::Entity(self.predicate.object_kinds());
        let reporter = reporter(self.reported_by.as_ref());
        [
            Reference::new("/subject", &self.subject, subjects),
            Reference::new("/object", &self.object, objects),
        ]
        .into_iter()
        .chain(reporter)
        .collect()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        Vec::new()
    }
    fn reported_by(&self) -> Option<&Id> {
        self.reported_by.as_ref()
    }
}

impl RecordType for Relation {
    const NOUN: &'static str = "a relation";
    type Head = RelationHead;
}

/// What the first pass reads of a relation: its ends, to find a two-way fact recorded both ways.
#[derive(Debug, Deserialize)]
pub(crate) struct RelationHead {
    id: String,
    subject: String,
    predicate: Predicate,
    object: String,
}

impl Head for RelationHead {
    fn split(self, list: RecordList) -> Split {
        let pair = self
            .predicate
            .two_way()
            .then(|| (self.subject, serde_name(&self.predicate), self.object));
        Split {
            pair,
            ..Split::new(self.id, RecordKind::Plain(list))
        }
    }
}
