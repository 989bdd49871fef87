//! Quantities: every figure a source gives, normalised.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::constraint::{NonEmpty, Text};
use super::event::reporter;
pub(crate) use super::kinds::Unit;
use super::lists::RecordList;
use super::record::{Head, Record, RecordType, Split};
use super::reference::{RecordKind, Reference, Want};

/// How the source hedges a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Qualifier {
    /// The figure is given as exact.
    Exact,
    /// The figure is a lower bound ("at least").
    AtLeast,
    /// The figure is an upper bound reached ("as much as", "up to").
    AsMuchAs,
    /// The figure is a rough estimate ("about", "some").
    Approximately,
    /// The figure is exceeded ("more than").
    MoreThan,
}

/// A figure a source gives, normalised to a value, a unit and a qualifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Quantity {
    /// Unique id of the quantity.
    pub(crate) id: Id,
    /// What is measured, in our own words, e.g. `humanitarian aid pledged`.
    pub(crate) measures: Text,
    /// The normalised value, e.g. `2000000` for "$2 million".
    pub(crate) value: f64,
    /// The unit of `value`.
    pub(crate) unit: Unit,
    /// How the source hedges the figure.
    pub(crate) qualifier: Qualifier,
    /// The figure exactly as the source writes it, e.g. `$2 million`.
    pub(crate) as_written: Text,
    /// The period the figure covers; null when the source does not say.
    #[serde(default)]
    pub(crate) period: Option<TimeSpec>,
    /// Id of the entity the figure is about (e.g. the country receiving aid); null when none.
    #[serde(default)]
    pub(crate) subject: Option<Id>,
    /// Id of the event the figure belongs to; null when none.
    #[serde(default)]
    pub(crate) event: Option<Id>,
    /// Id of the quantity this figure is a part of (in the same unit, and no larger), e.g. the
    /// $2 million for Tajikistan within the $11 million package; null when none. Parts are not
    /// to be added to their whole.
    #[serde(default)]
    pub(crate) part_of: Option<Id>,
    /// Id of the person or body the source credits with the figure; null when the source gives it
    /// in its own voice.
    #[serde(default)]
    pub(crate) reported_by: Option<Id>,
    /// The words of the source that give the figure.
    pub(crate) evidence: NonEmpty<Evidence>,
    /// The source's credits of the figure to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Record for Quantity {
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
        let subject = self
            .subject
            .iter()
            .map(|s| Reference::new("/subject", s, Want::Entity(&[])));
        let event = self
            .event
            .iter()
            .map(|e| Reference::new("/event", e, Want::Record(RecordList::Events)));
        let whole = self
            .part_of
            .iter()
            .map(|q| Reference::new("/part_of", q, Want::Record(RecordList::Quantities)));
        let reporter = reporter(self.reported_by.as_ref());
        subject.chain(event).chain(whole).chain(reporter).collect()
    }
    fn wordings(&self) -> Vec<(&'static str, &str)> {
        vec![("/as_written", &self.as_written)]
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/period", self.period.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/measures", Some(&self.measures))]
    }
    fn reported_by(&self) -> Option<&Id> {
        self.reported_by.as_ref()
    }
}

impl RecordType for Quantity {
    const NOUN: &'static str = "a quantity";
    type Head = QuantityHead;
}

/// What the first pass reads of a quantity: its id, its amount and the whole it is part of.
#[derive(Debug, Deserialize)]
pub(crate) struct QuantityHead {
    id: String,
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    unit: Option<Unit>,
    #[serde(default)]
    part_of: Option<String>,
}

impl Head for QuantityHead {
    fn split(self, list: RecordList) -> Split {
        Split {
            links: self
                .part_of
                .map(|w| ("/part_of".to_owned(), w))
                .into_iter()
                .collect(),
            amount: self.value.zip(self.unit),
            ..Split::new(self.id, RecordKind::Plain(list))
        }
    }
}
