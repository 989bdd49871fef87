//! Statements: verbatim quotations, their speakers and occasions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::constraint::{NonEmpty, Text};
use super::event::Role;
use super::lists::RecordList;
use super::record::{IdHead, Record, RecordType};
use super::reference::{Reference, Want};

/// A quotation a source reports someone said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Statement {
    /// Unique id of the statement.
    pub(crate) id: Id,
    /// Id of the person or body who said it.
    pub(crate) speaker: Id,
    /// The words quoted, exactly as the source gives them, without the enclosing quotation marks.
    pub(crate) quote: Text,
    /// When it was said; null when the source does not say.
    #[serde(default)]
    pub(crate) when: Option<TimeSpec>,
    /// Id of the event on which it was said; null when none is recorded.
    #[serde(default)]
    pub(crate) event: Option<Id>,
    /// The words of the source that report the statement; the quotation itself must be found in
    /// the same source.
    pub(crate) evidence: NonEmpty<Evidence>,
    /// The source's credits of the statement to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Record for Statement {
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
        let speaker = Reference::new(
            "/speaker",
            &self.speaker,
            Want::Entity(Role::Speaker.kinds()),
        );
        let event = self
            .event
            .iter()
            .map(|e| Reference::new("/event", e, Want::Record(RecordList::Events)));
        std::iter::once(speaker).chain(event).collect()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        Vec::new()
    }
}

impl RecordType for Statement {
    const NOUN: &'static str = "a statement";
    type Head = IdHead;
}
