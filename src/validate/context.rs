//! What the integrity passes share: the loaded files, the report, and an index of every id.

use super::ids::IdIndex;
use crate::dataset::At;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::model::{EntityKind, Id, SourceKind};
use crate::seeds::SeedsText;

/// The kind of record an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A source of the given kind.
    Source(SourceKind),
    /// An entity of the given kind.
    Entity(EntityKind),
    /// An event.
    Event,
    /// A statement.
    Statement,
    /// A quantity.
    Quantity,
    /// A relation.
    Relation,
}

impl RecordKind {
    /// How the kind is named in messages.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            RecordKind::Source(k) => format!("a source of kind {}", snake(&k)),
            RecordKind::Entity(k) => format!("an entity of kind {}", snake(&k)),
            RecordKind::Event => "an event".into(),
            RecordKind::Statement => "a statement".into(),
            RecordKind::Quantity => "a quantity".into(),
            RecordKind::Relation => "a relation".into(),
        }
    }
}

/// The serde name of a unit enum variant.
#[must_use]
pub fn snake<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What a reference must point at.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// A source of one of these kinds (any when empty).
    Source(&'static [SourceKind]),
    /// An entity of one of these kinds (any when empty).
    Entity(&'static [EntityKind]),
    /// An event.
    Event,
}

impl Want {
    fn describe(self) -> String {
        fn list<T: serde::Serialize>(what: &str, kinds: &[T]) -> String {
            if kinds.is_empty() {
                format!("the id of {what}")
            } else {
                let names: Vec<_> = kinds.iter().map(snake).collect();
                format!("the id of {what} of kind {}", names.join(" or "))
            }
        }
        match self {
            Want::Source(k) => list("a source", k),
            Want::Entity(k) => list("an entity", k),
            Want::Event => "the id of an event".into(),
        }
    }

    fn accepts(self, kind: RecordKind) -> bool {
        match (self, kind) {
            (Want::Source(ks), RecordKind::Source(k)) => ks.is_empty() || ks.contains(&k),
            (Want::Entity(ks), RecordKind::Entity(k)) => ks.is_empty() || ks.contains(&k),
            (Want::Event, RecordKind::Event) => true,
            _ => false,
        }
    }
}

/// Shared state of the integrity passes over one seeds file (or part of one).
pub struct Context<'a> {
    /// The file checked.
    pub file: &'a SeedsText,
    /// Where problems go.
    pub report: &'a mut Report,
    /// Every id of the dataset and where it was first defined.
    pub ids: &'a IdIndex,
    /// Whether every seeds file loaded; when one did not, a reference may name a record in it, so
    /// unknown ids are not reported.
    pub complete: bool,
}

impl<'a> Context<'a> {
    /// A context for checking `file` against the index `ids`.
    pub fn new(
        file: &'a SeedsText,
        report: &'a mut Report,
        ids: &'a IdIndex,
        complete: bool,
    ) -> Self {
        Context {
            file,
            report,
            ids,
            complete,
        }
    }

    /// `file:line:column` of the value at `sub` inside the record at `at`.
    #[must_use]
    pub fn location(&self, at: &At, sub: &str) -> String {
        let d = self.diagnostic(Rule::Io, at, sub, None, "");
        d.location()
    }

    /// A diagnostic placed at `sub` (a pointer relative to the record) of the record at `at`.
    #[must_use]
    pub fn diagnostic(
        &self,
        rule: Rule,
        at: &At,
        sub: &str,
        record: Option<&Id>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let pointer = format!("{}{sub}", at.pointer);
        let d =
            Diagnostic::new(rule, &self.file.display, message).record(record.map(Id::to_string));
        self.file.place(d, &pointer, None)
    }

    /// Checks that `target` names a record `want` accepts; reports it otherwise.
    pub fn reference(&mut self, at: &At, sub: &str, owner: &Id, target: &Id, want: Want) -> bool {
        match self.ids.get(target.as_str()).map(|e| e.kind) {
            None if !self.complete => false,
            None => {
                let d = self
                    .diagnostic(
                        Rule::DanglingReference,
                        at,
                        sub,
                        Some(owner),
                        format!("`{target}` names no record"),
                    )
                    .found(format!("`{target}`"))
                    .expected(want.describe());
                self.report.push(d);
                false
            }
            Some(kind) if !want.accepts(kind) => {
                let d = self
                    .diagnostic(
                        Rule::WrongReferenceKind,
                        at,
                        sub,
                        Some(owner),
                        format!(
                            "`{target}` is {}, which cannot be referenced here",
                            kind.describe()
                        ),
                    )
                    .found(format!("`{target}`, {}", kind.describe()))
                    .expected(want.describe());
                self.report.push(d);
                false
            }
            Some(_) => true,
        }
    }
}
