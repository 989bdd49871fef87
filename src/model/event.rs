//! Events: what happened, when, where and who took part.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::kinds::EntityKind;
use super::record::{IdHead, Record, RecordType};
use super::reference::{Reference, Want};

/// The controlled vocabulary of event kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventKind {
    /// A legislature passes or a state adopts a law.
    LawAdopted,
    /// Parties sign agreements or treaties.
    AgreementSigned,
    /// A head of state or government visits another state officially.
    StateVisit,
    /// Officials meet to discuss or direct work.
    Meeting,
    /// Someone speaks publicly: a speech, an interview, remarks to the press.
    PublicStatement,
    /// Someone instructs or urges others to act.
    Directive,
    /// A state or organisation announces aid it will give.
    AidPledge,
    /// Armed forces or equipment are sent somewhere.
    MilitaryDeployment,
    /// A military or security exercise is held.
    MilitaryExercise,
    /// Forces or a unit move from one place to another.
    TroopMovement,
    /// Experts or an agency publish findings.
    ReportPublished,
    /// A crop is harvested or produced.
    Harvest,
    /// Illicit goods are moved across a border.
    Trafficking,
    /// A state or official decides on a course of action.
    Decision,
    /// Someone invites another to a visit or meeting.
    Invitation,
    /// A state changes the structure of its bodies: creates, merges or re-tasks them.
    Reorganization,
    /// The source's author judges a situation (an analytical claim rather than a dated happening),
    /// e.g. that agencies are overstretched or that a source of help is not obvious.
    Assessment,
    /// A state or leader shows a position, preference or intention, e.g. unease with relying on an
    /// ally or interest in closer ties, without a single dated act.
    PolicyStance,
}

/// The controlled vocabulary of roles in an event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    /// Carries out the event: passes the law, signs, deploys, decides.
    Actor,
    /// Speaks in the event.
    Speaker,
    /// Receives an instruction, invitation or address.
    Addressee,
    /// Receives a state visit or hosts an exercise.
    Host,
    /// Makes a visit.
    Visitor,
    /// Gives aid.
    Donor,
    /// Receives aid.
    Recipient,
    /// Is a party to an agreement.
    Signatory,
    /// Reports or publishes findings.
    Reporter,
    /// Is what the event concerns without acting in it.
    Subject,
    /// Is where something comes from.
    Origin,
    /// Is where something goes to.
    Destination,
    /// Helps deliver or frame the event, e.g. a programme aid is given through.
    Intermediary,
}

/// One participant of an event and the part it plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Participant {
    /// Id of the entity taking part.
    pub(crate) entity: Id,
    /// The part the entity plays.
    pub(crate) role: Role,
}

/// Something that happened, as a source reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Event {
    /// Unique id of the event.
    pub(crate) id: Id,
    /// What kind of event this is.
    pub(crate) kind: EventKind,
    /// One sentence in our own words saying what happened.
    #[schemars(length(min = 1))]
    pub(crate) summary: String,
    /// When it happened; null when the source does not say.
    #[serde(default)]
    pub(crate) when: Option<TimeSpec>,
    /// Id of the place (a city, region or country entity) where it happened; null when unknown.
    #[serde(default)]
    pub(crate) place: Option<Id>,
    /// Who took part, and in what role.
    #[serde(default)]
    pub(crate) participants: Vec<Participant>,
    /// The words of the source that report the event.
    #[schemars(length(min = 1))]
    pub(crate) evidence: Vec<Evidence>,
    /// The source's credits of the event to outlets.
    #[serde(default)]
    pub(crate) attributions: Vec<Attribution>,
}

impl Record for Event {
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
        use EntityKind as K;
        let places = &[K::City, K::Region, K::Country];
        let place = self
            .place
            .iter()
            .map(|p| Reference::new("/place", p, Want::Entity(places)));
        let participants = self.participants.iter().enumerate().map(|(i, p)| {
            Reference::new(
                format!("/participants/{i}/entity"),
                &p.entity,
                Want::Entity(&[]),
            )
        });
        place.chain(participants).collect()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/summary", Some(&self.summary))]
    }
}

impl RecordType for Event {
    const NOUN: &'static str = "an event";
    type Head = IdHead;
}
