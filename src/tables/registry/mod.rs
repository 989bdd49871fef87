//! The table registry: every published table in one list, each with its row type, name, primary
//! key, foreign keys, owners and row function side by side. [`specs`] and [`rows`] are read from
//! it, in its order, which is the order tables are written, packaged and documented in.

#[cfg(test)]
mod coverage;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use super::build;
use super::rows::{
    AttributionRow, ClaimRow, ClaimSubjectRow, EntityAliasRow, EntityMentionRow, EntityRow,
    EventLinkRow, EventParticipantRow, EventRow, EvidenceRow, QuantityRow, RelationRow, SourceRow,
    StatementRow,
};
use super::{Cells, ForeignKey, Row, TableSpec};
use crate::checked::Checked;
use crate::dataset::RecordList;
use crate::error::Error;

/// Which record lists' ids lead a table's key (see [`TableSpec::owners`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owners {
    /// These lists.
    Lists(&'static [RecordList]),
    /// Every list whose records have this field, e.g. `evidence`.
    Having(&'static str),
}

impl Owners {
    /// The lists, in registry order.
    #[must_use]
    pub(crate) fn lists(self) -> Vec<RecordList> {
        match self {
            Owners::Lists(lists) => lists.to_vec(),
            Owners::Having(field) => RecordList::having(field),
        }
    }
}

/// One published table of row type `R`: everything about it in one place.
pub(crate) struct Table<R> {
    /// Its name.
    pub(crate) name: &'static str,
    /// The columns whose values identify a row.
    pub(crate) primary_key: &'static [&'static str],
    /// The columns that refer to other tables' keys: (column, table, the table's `id`-like key).
    pub(crate) foreign_keys: &'static [ColumnLink],
    /// The lists whose ids its first key column holds.
    pub(crate) owners: Owners,
    /// Its text columns people search (a full-text index in the database).
    pub(crate) searched: &'static [&'static str],
    /// Its rows from checked records (one part or a whole dataset), unsorted.
    pub(crate) rows: fn(&Checked) -> Result<Vec<R>, Error>,
}

/// A table of any row type.
pub(crate) trait AnyTable: Sync {
    /// The table's spec, derived from its row type and its registry entry.
    fn spec(&self) -> Result<TableSpec, Error>;
    /// The cells of the table's rows from `checked`, checked against `spec`.
    fn cells(&self, spec: &TableSpec, checked: &Checked) -> Result<Vec<Cells>, Error>;
}

impl<R: Row> AnyTable for Table<R> {
    fn spec(&self) -> Result<TableSpec, Error> {
        TableSpec::of::<R>(
            self.name,
            self.primary_key,
            self.foreign_keys
                .iter()
                .map(|&(field, table, reference)| ForeignKey::new(&[field], table, &[reference]))
                .collect(),
            self.owners.lists(),
            self.searched,
        )
    }

    fn cells(&self, spec: &TableSpec, checked: &Checked) -> Result<Vec<Cells>, Error> {
        spec.cells(&(self.rows)(checked)?)
    }
}

/// A column that refers to another table's one-column key: (column, table, key column).
pub(crate) type ColumnLink = (&'static str, &'static str, &'static str);

const fn fk(field: &'static str, table: &'static str, reference: &'static str) -> ColumnLink {
    (field, table, reference)
}

/// Every published table, in order. A table is added here, with its row type in
/// [`super::rows`] and its row function in [`super::build`].
pub(crate) static TABLES: &[&dyn AnyTable] = &[
    &Table::<SourceRow> {
        name: "sources",
        primary_key: &["id"],
        foreign_keys: &[],
        owners: Owners::Lists(&[RecordList::Sources]),
        searched: &[],
        rows: build::sources,
    },
    &Table::<EntityRow> {
        name: "entities",
        primary_key: &["id"],
        foreign_keys: &[],
        owners: Owners::Lists(&[RecordList::Entities]),
        searched: &["name"],
        rows: build::entities,
    },
    &Table::<EntityAliasRow> {
        name: "entity_aliases",
        primary_key: &["entity_id", "alias"],
        foreign_keys: &[fk("entity_id", "entities", "id")],
        owners: Owners::Lists(&[RecordList::Entities]),
        searched: &["alias"],
        rows: build::entity_aliases,
    },
    &Table::<EntityMentionRow> {
        name: "entity_mentions",
        primary_key: &["entity_id", "seq"],
        foreign_keys: &[
            fk("entity_id", "entities", "id"),
            fk("source_id", "sources", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Entities]),
        searched: &["quote"],
        rows: build::entity_mentions,
    },
    &Table::<EventRow> {
        name: "events",
        primary_key: &["id"],
        foreign_keys: &[
            fk("place_id", "entities", "id"),
            fk("reported_by_id", "entities", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Events]),
        searched: &["summary"],
        rows: build::events,
    },
    &Table::<EventParticipantRow> {
        name: "event_participants",
        primary_key: &["event_id", "entity_id", "role"],
        foreign_keys: &[
            fk("event_id", "events", "id"),
            fk("entity_id", "entities", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Events]),
        searched: &[],
        rows: build::event_participants,
    },
    &Table::<EventLinkRow> {
        name: "event_links",
        primary_key: &["event_id", "related_event_id", "relation"],
        foreign_keys: &[
            fk("event_id", "events", "id"),
            fk("related_event_id", "events", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Events]),
        searched: &[],
        rows: build::event_links,
    },
    &Table::<ClaimRow> {
        name: "claims",
        primary_key: &["id"],
        foreign_keys: &[
            fk("holder_source_id", "sources", "id"),
            fk("holder_entity_id", "entities", "id"),
            fk("event_id", "events", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Claims]),
        searched: &["summary"],
        rows: build::claims,
    },
    &Table::<ClaimSubjectRow> {
        name: "claim_subjects",
        primary_key: &["claim_id", "entity_id", "role"],
        foreign_keys: &[
            fk("claim_id", "claims", "id"),
            fk("entity_id", "entities", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Claims]),
        searched: &[],
        rows: build::claim_subjects,
    },
    &Table::<StatementRow> {
        name: "statements",
        primary_key: &["id"],
        foreign_keys: &[
            fk("speaker_id", "entities", "id"),
            fk("event_id", "events", "id"),
            fk("source_id", "sources", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Statements]),
        searched: &["quote"],
        rows: build::statements,
    },
    &Table::<QuantityRow> {
        name: "quantities",
        primary_key: &["id"],
        foreign_keys: &[
            fk("subject_id", "entities", "id"),
            fk("event_id", "events", "id"),
            fk("part_of_id", "quantities", "id"),
            fk("reported_by_id", "entities", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Quantities]),
        searched: &[],
        rows: build::quantities,
    },
    &Table::<RelationRow> {
        name: "relations",
        primary_key: &["id"],
        foreign_keys: &[
            fk("subject_id", "entities", "id"),
            fk("object_id", "entities", "id"),
            fk("reported_by_id", "entities", "id"),
        ],
        owners: Owners::Lists(&[RecordList::Relations]),
        searched: &[],
        rows: build::relations,
    },
    &Table::<EvidenceRow> {
        name: "evidence",
        primary_key: &["record_id", "seq"],
        foreign_keys: &[fk("source_id", "sources", "id")],
        owners: Owners::Having("evidence"),
        searched: &["quote"],
        rows: build::evidence,
    },
    &Table::<AttributionRow> {
        name: "attributions",
        primary_key: &["record_id", "seq"],
        foreign_keys: &[
            fk("outlet_id", "sources", "id"),
            fk("source_id", "sources", "id"),
        ],
        owners: Owners::Having("attributions"),
        searched: &["quote"],
        rows: build::attributions,
    },
];

/// The published tables' specs, in registry order; derived once per process.
pub fn specs() -> Result<&'static [TableSpec], Error> {
    static SPECS: OnceLock<Result<Vec<TableSpec>, String>> = OnceLock::new();
    SPECS
        .get_or_init(|| {
            TABLES
                .iter()
                .map(|t| t.spec())
                .collect::<Result<Vec<_>, Error>>()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| Error::Internal(e.clone()))
}

/// The spec of the table `name`.
#[cfg(test)]
pub(crate) fn spec(name: &str) -> Result<&'static TableSpec, Error> {
    specs()?
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| Error::Internal(format!("no table is named `{name}`")))
}

/// The rows each published table gets from `checked` (one seeds file or a whole dataset), in the
/// order of [`specs`], each table's rows unsorted.
pub fn rows(checked: &Checked) -> Result<Vec<Vec<Cells>>, Error> {
    TABLES
        .iter()
        .zip(specs()?)
        .map(|(table, spec)| table.cells(spec, checked))
        .collect()
}
