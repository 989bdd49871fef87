//! The dataset: every record of every seeds file, each with the place it came from.

use crate::model::{Entity, Event, Quantity, Relation, SeedsFile, Source, Statement};

/// Where a record stands: the index of its file in the load order and the JSON pointer of the
/// record within that file (e.g. `/events/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// Index of the file among the loaded seeds files.
    pub file: usize,
    /// JSON pointer of the record in its file.
    pub pointer: String,
}

/// A record and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The record.
    pub record: T,
    /// Where it stands.
    pub at: At,
}

/// All records of a seeds folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Articles and outlets.
    pub sources: Vec<Located<Source>>,
    /// People, bodies, countries and places.
    pub entities: Vec<Located<Entity>>,
    /// Things that happened.
    pub events: Vec<Located<Event>>,
    /// Quotations.
    pub statements: Vec<Located<Statement>>,
    /// Figures.
    pub quantities: Vec<Located<Quantity>>,
    /// Facts between entities.
    pub relations: Vec<Located<Relation>>,
}

/// The lists of records a seeds file holds, in the order the schema gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordList {
    /// `sources`
    Sources,
    /// `entities`
    Entities,
    /// `events`
    Events,
    /// `statements`
    Statements,
    /// `quantities`
    Quantities,
    /// `relations`
    Relations,
}

impl RecordList {
    /// Every list, in order.
    pub const ALL: [RecordList; 6] = [
        RecordList::Sources,
        RecordList::Entities,
        RecordList::Events,
        RecordList::Statements,
        RecordList::Quantities,
        RecordList::Relations,
    ];

    /// The list's key in a seeds file.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            RecordList::Sources => "sources",
            RecordList::Entities => "entities",
            RecordList::Events => "events",
            RecordList::Statements => "statements",
            RecordList::Quantities => "quantities",
            RecordList::Relations => "relations",
        }
    }

    /// The list whose key is `key`.
    #[must_use]
    pub fn from_key(key: &str) -> Option<RecordList> {
        RecordList::ALL.into_iter().find(|l| l.key() == key)
    }
}

fn locate_all<T>(list: Vec<T>, file: usize, key: &str, into: &mut Vec<Located<T>>) {
    into.extend(list.into_iter().enumerate().map(|(i, record)| Located {
        record,
        at: At {
            file,
            pointer: format!("/{key}/{i}"),
        },
    }));
}

impl Dataset {
    /// Adds the records of the `file`-th seeds file (or part of a JSON Lines file); pointers are
    /// into the part's [`crate::seeds::SeedsText::value`].
    pub fn add(&mut self, file: usize, seeds: SeedsFile) {
        locate_all(seeds.sources, file, "sources", &mut self.sources);
        locate_all(seeds.entities, file, "entities", &mut self.entities);
        locate_all(seeds.events, file, "events", &mut self.events);
        locate_all(seeds.statements, file, "statements", &mut self.statements);
        locate_all(seeds.quantities, file, "quantities", &mut self.quantities);
        locate_all(seeds.relations, file, "relations", &mut self.relations);
    }

    /// Adds every record of `other`.
    pub fn append(&mut self, mut other: Dataset) {
        self.sources.append(&mut other.sources);
        self.entities.append(&mut other.entities);
        self.events.append(&mut other.events);
        self.statements.append(&mut other.statements);
        self.quantities.append(&mut other.quantities);
        self.relations.append(&mut other.relations);
    }

    /// Every evidence quote of every record, attributions' included.
    pub fn evidence(&self) -> impl Iterator<Item = &crate::model::Evidence> {
        let own = self
            .sources
            .iter()
            .flat_map(|s| &s.record.evidence)
            .chain(self.events.iter().flat_map(|r| &r.record.evidence))
            .chain(self.statements.iter().flat_map(|r| &r.record.evidence))
            .chain(self.quantities.iter().flat_map(|r| &r.record.evidence))
            .chain(self.relations.iter().flat_map(|r| &r.record.evidence));
        let credited = self
            .events
            .iter()
            .flat_map(|r| &r.record.attributions)
            .chain(self.statements.iter().flat_map(|r| &r.record.attributions))
            .chain(self.quantities.iter().flat_map(|r| &r.record.attributions))
            .chain(self.relations.iter().flat_map(|r| &r.record.attributions))
            .map(|a| &a.evidence);
        own.chain(credited)
    }

    /// How many records there are in all.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.len()
            + self.entities.len()
            + self.events.len()
            + self.statements.len()
            + self.quantities.len()
            + self.relations.len()
    }

    /// Whether there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
