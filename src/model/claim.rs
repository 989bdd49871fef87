//! Claims: judgements, stances, intentions and expectations, each with whoever holds it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::constraint::{NonEmpty, Text};
use super::event::{AGENTS, Participant};
use super::kinds::SourceKind;
use super::lists::RecordList;
use super::record::{IdHead, Record, RecordType};
use super::reference::{Reference, Want};

/// The controlled vocabulary of claim kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ClaimKind {
    /// A judgement of how things are, or why: that agencies are overstretched, that a reform is
    /// progress, that a country grows in importance.
    Assessment,
    /// A position, preference or attitude held over time: unease with relying on an ally,
    /// favouring good relations, willingness to be flexible.
    Stance,
    /// A goal, plan or demand for what should be done: that everyone in the drugs business must
    /// be prosecuted, that security ties will be explored.
    Intention,
    /// A belief about what will or could happen: that an embassy will open soon, that prospects
    /// are good.
    Expectation,
}

/// Who holds a claim: the author of a source, or an entity the source names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Holder {
    /// The author of the source with this id, writing in the source's own voice. Hedged readings
    /// of someone else ("appears interested", "seems willing", "understands") are the author's.
    Author(Id),
    /// The entity with this id, when the source reports the view as that entity's own, in its
    /// words or by a verb of saying or believing ("Rakhmonov believes", "Aliyev noted").
    Entity(Id),
}

/// A judgement, stance, intention or expectation, held by the author of a source or by an entity
/// it names. Not a happening: those are events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Claim {
    /// Unique id of the claim.
    pub(crate) id: Id,
    /// What kind of claim this is.
    pub(crate) kind: ClaimKind,
    /// Who holds the view.
    pub(crate) holder: Holder,
    /// One sentence in our own words saying what is claimed, no more than the evidence says.
    pub(crate) summary: Text,
    /// Whom and what the claim is about, and the part each plays in it.
    #[serde(default)]
    pub(crate) about: Vec<Participant>,
    /// Id of the event at which the claim was expressed, or which it judges; null when none.
    #[serde(default)]
    pub(crate) event: Option<Id>,
    /// When the claim was expressed; null when the source does not say.
    #[serde(default)]
    pub(crate) when: Option<TimeSpec>,
    /// The words of the source that state the claim.
    pub(crate) evidence: NonEmpty<Evidence>,
    /// The source's credits of the claim to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Record for Claim {
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
        let holder = match &self.holder {
            Holder::Author(s) => {
                Reference::new("/holder/author", s, Want::Source(&[SourceKind::Article]))
            }
            Holder::Entity(e) => Reference::new("/holder/entity", e, Want::Entity(AGENTS)),
        };
        let about = self.about.iter().enumerate().map(|(i, p)| {
            Reference::new(
                format!("/about/{i}/entity"),
                &p.entity,
                Want::Entity(p.role.kinds()),
            )
        });
        let event = self
            .event
            .iter()
            .map(|e| Reference::new("/event", e, Want::Record(RecordList::Events)));
        std::iter::once(holder).chain(about).chain(event).collect()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/summary", Some(&self.summary))]
    }
}

impl RecordType for Claim {
    const NOUN: &'static str = "a claim";
    type Head = IdHead;
}
