//! Relations: facts that link two entities.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::kinds::EntityKind;
use super::record::{IdHead, Record, RecordType};
use super::reference::{Reference, Want};

/// The controlled vocabulary of relation predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Predicate {
    /// The subject (a person) is a member of the object (a body).
    MemberOf,
    /// The subject (a person) heads the object (a state or body).
    HeadOf,
    /// The subject (a body) is tasked with a counter-terrorism role in the object (a country).
    HasCounterTerrorismRoleIn,
    /// The subject gives aid to the object.
    ProvidesAidTo,
    /// The subject is located or stationed in the object (a place).
    LocatedIn,
    /// The subject is part of, or belongs to, the object.
    PartOf,
    /// The subject has signed agreements with the object.
    HasAgreementsWith,
    /// The subject cooperates closely with the object.
    CooperatesWith,
    /// The subject relies on the object for support.
    ReliesOn,
    /// The subject shares a border with the object.
    BordersOn,
    /// The subject consists of members of the object (a group).
    ComposedOf,
}

/// A fact linking two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Relation {
    /// Unique id of the relation.
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
    /// The words of the source that state the fact.
    #[schemars(length(min = 1))]
    pub(crate) evidence: Vec<Evidence>,
    /// The source's credits of the fact to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Predicate {
    /// The entity kinds the subject may have; empty means any.
    #[must_use]
    pub(crate) fn subject_kinds(self) -> &'static [EntityKind] {
        use EntityKind as K;
        match self {
            Predicate::MemberOf => &[K::Person, K::Country, K::GovernmentBody],
            Predicate::HeadOf => &[K::Person],
            Predicate::HasCounterTerrorismRoleIn => &[K::GovernmentBody, K::MilitaryUnit],
            Predicate::BordersOn => &[K::Country, K::Region],
            Predicate::ComposedOf => &[K::MilitaryUnit, K::Organization, K::GovernmentBody],
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
        vec![
            Reference::new("/subject", &self.subject, subjects),
            Reference::new("/object", &self.object, objects),
        ]
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        Vec::new()
    }
}

impl RecordType for Relation {
    const NOUN: &'static str = "a relation";
    type Head = IdHead;
}
