//! The vocabularies that say what kind of entity or source a record is, and the units figures are
//! counted in: shared by the record types and by the references that must name a record of the
//! right kind.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EntityKind {
    /// A named person.
    Person,
    /// A state body: a ministry, agency, committee, parliament or chamber of one.
    GovernmentBody,
    /// A unit or contingent of armed, security or law-enforcement forces, e.g. France's air force
    /// contingent in Dushanbe.
    Unit,
    /// An international organisation or programme, e.g. the World Food Programme.
    InternationalOrganization,
    /// Any other organisation.
    Organization,
    /// A sovereign state.
    Country,
    /// A city or town.
    City,
    /// A region, border area or other place that is not a city or a country.
    Region,
    /// A group of people, or an unnamed set of bodies or states, described by a shared trait, e.g.
    /// Native Americans, or the "foreign countries" a source names only as such.
    Group,
    /// A law, treaty or agreement named by a source, e.g. the Law on Combating Terrorism.
    LegalInstrument,
}

/// What kind of source this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SourceKind {
    /// An article whose text is curated into records; it has a text file under the seeds folder.
    Article,
    /// A news agency cited by an article, e.g. Itar-Tass.
    NewsAgency,
    /// A television or radio broadcaster cited by an article.
    Broadcaster,
    /// A newspaper or magazine cited by an article.
    Newspaper,
}

/// The unit a figure is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Unit {
    /// United States dollars.
    Usd,
    /// Metric tonnes (the sources' "tons").
    Tonne,
    /// A count of things, named by `measures`.
    Count,
    /// Years.
    Year,
}
