//! References between records: the kind of record an id names, and what a reference must name.

use super::common::Id;
use super::kinds::{EntityKind, SourceKind};
use super::lists::RecordList;
use super::names::serde_name;

/// The kind of record an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    /// A source of the given kind.
    Source(SourceKind),
    /// An entity of the given kind.
    Entity(EntityKind),
    /// A record of a list whose references do not depend on a kind.
    Plain(RecordList),
}

impl RecordKind {
    /// The list the record is in.
    #[must_use]
    pub(crate) fn list(self) -> RecordList {
        match self {
            RecordKind::Source(_) => RecordList::Sources,
            RecordKind::Entity(_) => RecordList::Entities,
            RecordKind::Plain(list) => list,
        }
    }

    /// How the kind is named in messages.
    #[must_use]
    pub(crate) fn describe(self) -> String {
        let noun = self.list().noun();
        match self {
            RecordKind::Source(k) => format!("{noun} of kind {}", serde_name(&k)),
            RecordKind::Entity(k) => format!("{noun} of kind {}", serde_name(&k)),
            RecordKind::Plain(_) => noun.to_owned(),
        }
    }
}

/// What a reference must point at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Want {
    /// A source of one of these kinds (any when empty).
    Source(&'static [SourceKind]),
    /// An entity of one of these kinds (any when empty).
    Entity(&'static [EntityKind]),
    /// Any record of the list.
    Record(RecordList),
}

impl Want {
    /// How the wanted record is named in messages.
    #[must_use]
    pub(crate) fn describe(self) -> String {
        fn list<T: serde::Serialize>(what: &str, kinds: &[T]) -> String {
            if kinds.is_empty() {
                format!("the id of {what}")
            } else {
                let names: Vec<_> = kinds.iter().map(serde_name).collect();
                format!("the id of {what} of kind {}", names.join(" or "))
            }
        }
        match self {
            Want::Source(k) => list(RecordList::Sources.noun(), k),
            Want::Entity(k) => list(RecordList::Entities.noun(), k),
            Want::Record(l) => format!("the id of {}", l.noun()),
        }
    }

    /// Whether a record of `kind` is wanted.
    #[must_use]
    pub(crate) fn accepts(self, kind: RecordKind) -> bool {
        match self {
            Want::Source(ks) => {
                matches!(kind, RecordKind::Source(k) if ks.is_empty() || ks.contains(&k))
            }
            Want::Entity(ks) => {
                matches!(kind, RecordKind::Entity(k) if ks.is_empty() || ks.contains(&k))
            }
            Want::Record(list) => kind.list() == list,
        }
    }
}

/// An id that a record refers to.
#[derive(Debug, Clone)]
pub(crate) struct Reference<'r> {
    /// The pointer of the referring field within the record, e.g. `/participants/0/entity`.
    pub(crate) sub: String,
    /// The id referred to.
    pub(crate) target: &'r Id,
    /// What it must name.
    pub(crate) want: Want,
}

impl<'r> Reference<'r> {
    /// `target`, at `sub`, must name a record `want` accepts.
    #[must_use]
    pub(crate) fn new(sub: impl Into<String>, target: &'r Id, want: Want) -> Self {
        Reference {
            sub: sub.into(),
            target,
            want,
        }
    }
}
