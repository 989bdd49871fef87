//! Events: what happened, when, where and who took part.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Attribution, Evidence, Id, TimeSpec};
use super::constraint::{NonEmpty, Text};
use super::kinds::EntityKind;
use super::lists::RecordList;
use super::record::{Head, Record, RecordType, Split};
use super::reference::{RecordKind, Reference, Want};

/// The controlled vocabulary of event kinds. An event is one happening: who did what, when and
/// where. Judgements, stances and intentions are not events but claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventKind {
    /// A legislature passes, or a state adopts or amends, a law. E.g. the parliament passing the
    /// updated counter-terrorism law on March 14.
    LawAdopted,
    /// Parties sign agreements or treaties. E.g. the eleven agreements of March 15.
    AgreementSigned,
    /// A head of state or government visits another state officially. E.g. Aliyev's visit to
    /// Dushanbe.
    StateVisit,
    /// Officials meet to discuss or direct work, or hold talks. E.g. the March 9 working meeting.
    Meeting,
    /// Someone speaks publicly: a speech, an interview, remarks to the press. E.g. Qayumova
    /// explaining the reform.
    PublicStatement,
    /// Someone instructs or urges others to act. E.g. Rakhmonov urging the security bodies to
    /// strengthen the border.
    Directive,
    /// A state or organisation gives, or pledges to give, aid. E.g. Russia's $2 million of food aid.
    AidPledge,
    /// Forces, a unit or equipment are sent to, or move to, a place. E.g. France sending three
    /// more fighter jets to Dushanbe.
    Deployment,
    /// A military, security or law-enforcement exercise or training is held. E.g. the exercise
    /// of the Shadow Wolves unit hosted by Tajikistan.
    Exercise,
    /// Experts or an agency publish findings. E.g. the experts' report on the poppy harvest.
    ReportPublished,
    /// A crop is harvested or produced. E.g. the 2006 Afghan poppy harvest.
    Harvest,
    /// Illicit goods are moved across a border. E.g. drugs taken across the Tajik–Afghan border.
    Trafficking,
    /// A state or official decides on a course of action. E.g. Azerbaijan deciding to open an
    /// embassy in Tajikistan.
    Decision,
    /// Someone invites another to a visit or meeting. E.g. Aliyev inviting Rakhmonov to Azerbaijan.
    Invitation,
    /// A state changes the structure of its bodies: creates, merges or re-tasks them. E.g. the
    /// restructuring of the central bodies fighting terrorism.
    Reorganization,
}

/// Whether an event has happened, as the source tells it at its publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventStatus {
    /// It has happened: the source reports it in the past or the present perfect. It cannot
    /// start after the source's publication. E.g. the law passed on March 14.
    Occurred,
    /// It had begun and was still going on when the source was written. E.g. France deploying
    /// more fighter jets.
    Ongoing,
    /// Someone with the power to carry it out has declared that it will happen, but it has not
    /// yet. E.g. Russia's aid that "will" be provided in 2007.
    Announced,
    /// It is intended or in prospect, and nobody is reported to have committed to it. E.g. a
    /// visit to Azerbaijan "later this year", to which Rakhmonov has only been invited.
    Planned,
}

/// The controlled vocabulary of roles an entity plays in an event or a claim. Each role says
/// which kinds of entity may hold it; the validator checks it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    /// Carries out the act: passes the law, decides, deploys, trafficks. Held by an agent
    /// (person, body, unit, organisation, country or group). E.g. the parliament passing the law.
    Actor,
    /// Speaks in a statement or a meeting. Held by a person, body, organisation or group. E.g.
    /// Qayumova explaining the reform.
    Speaker,
    /// Receives an instruction, invitation or address. Held by an agent. E.g. the security bodies
    /// Rakhmonov instructs.
    Addressee,
    /// Receives a visit, or hosts an exercise or meeting. Held by an agent or a place. E.g.
    /// Tajikistan, and Rakhmonov, receiving Aliyev.
    Host,
    /// Makes a visit. Held by an agent. E.g. Aliyev in Dushanbe.
    Visitor,
    /// Is a party to an agreement. Held by a person, body, organisation, country or group. E.g.
    /// Azerbaijan and Tajikistan on March 15.
    Signatory,
    /// Whom an act is aimed against. Held by an agent. E.g. Bin Laden, whom the unit moved to track.
    Target,
    /// Gives aid. Held by an agent. E.g. Russia.
    Donor,
    /// Receives aid or help. Held by an agent. E.g. Tajikistan receiving food aid.
    Recipient,
    /// Is where something comes from. Held by a place (country, city or region). E.g.
    /// Afghanistan, where trafficked drugs come from.
    Origin,
    /// Is where something goes to. Held by a place. E.g. Dushanbe, where the jets are sent.
    Destination,
    /// Organises, convenes or commands an event others take part in. Held by an agent. E.g. a
    /// ministry convening a meeting of other bodies (the article has no instance).
    Organiser,
    /// Reports or publishes findings. Held by an agent. E.g. the international experts.
    Reporter,
    /// Takes part without a more specific role. Held by an agent. E.g. the security bodies at the
    /// March 9 meeting.
    Participant,
    /// Is the programme, organisation or agreement within whose framework it is done. Held by an
    /// organisation or a legal instrument. E.g. the World Food Program for Russia's aid.
    Framework,
    /// Is the law, treaty or agreement adopted, amended or signed. Held by a legal instrument.
    /// E.g. the 2007 amendments to the Law on Combating Terrorism.
    Instrument,
    /// Is what the event or claim concerns, without acting in it. Held by any entity. E.g. the
    /// Tajik–Afghan border in the directive to protect it.
    Topic,
}

/// Entity kinds that can act: people, bodies, units, organisations, countries and groups.
pub(crate) const AGENTS: &[EntityKind] = &[
    EntityKind::Person,
    EntityKind::GovernmentBody,
    EntityKind::Unit,
    EntityKind::InternationalOrganization,
    EntityKind::Organization,
    EntityKind::Country,
    EntityKind::Group,
];

/// The reference of a record's `reported_by`, when it has one: a person or body (an agent).
pub(crate) fn reporter(reported_by: Option<&Id>) -> Option<Reference<'_>> {
    reported_by.map(|r| Reference::new("/reported_by", r, Want::Entity(AGENTS)))
}

/// Entity kinds that are places.
pub(crate) const PLACES: &[EntityKind] =
    &[EntityKind::City, EntityKind::Region, EntityKind::Country];

impl Role {
    /// The entity kinds that may hold the role; empty means any.
    #[must_use]
    pub(crate) fn kinds(self) -> &'static [EntityKind] {
        use EntityKind as K;
        match self {
            Role::Speaker => &[
                K::Person,
                K::GovernmentBody,
                K::InternationalOrganization,
                K::Organization,
                K::Group,
            ],
            Role::Signatory => &[
                K::Person,
                K::GovernmentBody,
                K::InternationalOrganization,
                K::Organization,
                K::Country,
                K::Group,
            ],
            Role::Host => &[
                K::Person,
                K::GovernmentBody,
                K::Unit,
                K::InternationalOrganization,
                K::Organization,
                K::Country,
                K::Group,
                K::City,
                K::Region,
            ],
            Role::Origin | Role::Destination => PLACES,
            Role::Framework => &[
                K::InternationalOrganization,
                K::Organization,
                K::LegalInstrument,
            ],
            Role::Instrument => &[K::LegalInstrument],
            Role::Topic => &[],
            Role::Actor
            | Role::Addressee
            | Role::Visitor
            | Role::Target
            | Role::Donor
            | Role::Recipient
            | Role::Organiser
            | Role::Reporter
            | Role::Participant => AGENTS,
        }
    }
}

/// One participant of an event, or one entity a claim is about, and the part it plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Participant {
    /// Id of the entity.
    pub(crate) entity: Id,
    /// The part the entity plays.
    pub(crate) role: Role,
}

/// How one event relates to another.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LinkKind {
    /// The event is one part of the related event, a larger occasion. E.g. the agreements signed
    /// during Aliyev's state visit.
    PartOf,
    /// The event follows from the related event: it answers, implements or is caused by it. E.g.
    /// the updated law, designed to comply with the restructuring.
    ResultOf,
    /// The event (a report or statement) gives an account of the related event. E.g. the experts'
    /// report on the 2006 harvest.
    ReportsOn,
}

/// A link from an event to a related event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventLink {
    /// Id of the related event.
    pub(crate) event: Id,
    /// How this event relates to it.
    pub(crate) relation: LinkKind,
}

/// Something that happened, is happening, or is announced or planned, as a source reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Event {
    /// Unique id of the event.
    pub(crate) id: Id,
    /// What kind of event this is.
    pub(crate) kind: EventKind,
    /// Whether it has happened, as the source tells it.
    pub(crate) status: EventStatus,
    /// One sentence in our own words saying what happened.
    pub(crate) summary: Text,
    /// When it happened or is to happen; null when the source does not say.
    #[serde(default)]
    pub(crate) when: Option<TimeSpec>,
    /// Id of the place (a city, region or country entity) where it happened; null when unknown.
    #[serde(default)]
    pub(crate) place: Option<Id>,
    /// Who took part, and in what role.
    #[serde(default)]
    pub(crate) participants: Vec<Participant>,
    /// Id of the person or body the source credits with the report of the event; null when the
    /// source reports it in its own voice.
    #[serde(default)]
    pub(crate) reported_by: Option<Id>,
    /// The events it is part of, results from or reports on.
    #[serde(default)]
    pub(crate) links: Vec<EventLink>,
    /// The words of the source that report the event.
    pub(crate) evidence: NonEmpty<Evidence>,
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
        let place = self
            .place
            .iter()
            .map(|p| Reference::new("/place", p, Want::Entity(PLACES)));
        let participants = self.participants.iter().enumerate().map(|(i, p)| {
            Reference::new(
                format!("/participants/{i}/entity"),
                &p.entity,
                Want::Entity(p.role.kinds()),
            )
        });
        let reporter = reporter(self.reported_by.as_ref());
        let links = self.links.iter().enumerate().map(|(i, l)| {
            Reference::new(
                format!("/links/{i}/event"),
                &l.event,
                Want::Record(RecordList::Events),
            )
        });
        place
            .chain(participants)
            .chain(reporter)
            .chain(links)
            .collect()
    }
    fn dates(&self) -> Vec<(&'static str, Option<&TimeSpec>)> {
        vec![("/when", self.when.as_ref())]
    }
    fn own_words(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("/summary", Some(&self.summary))]
    }
    fn reported_by(&self) -> Option<&Id> {
        self.reported_by.as_ref()
    }
}

impl RecordType for Event {
    const NOUN: &'static str = "an event";
    type Head = EventHead;
}

/// What the first pass reads of an event: its id and its links, which must not form a cycle.
#[derive(Debug, Deserialize)]
pub(crate) struct EventHead {
    id: String,
    #[serde(default)]
    links: Vec<LinkHead>,
}

/// What the first pass reads of an event's link.
#[derive(Debug, Deserialize)]
struct LinkHead {
    event: String,
}

impl Head for EventHead {
    fn split(self, list: RecordList) -> Split {
        let links = self
            .links
            .into_iter()
            .enumerate()
            .map(|(i, l)| (format!("/links/{i}/event"), l.event))
            .collect();
        Split {
            links,
            ..Split::new(self.id, RecordKind::Plain(list))
        }
    }
}
