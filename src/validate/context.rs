//! What the integrity passes share: the loaded files, the report, and an index of every id.

use std::collections::HashMap;

use crate::dataset::{At, Dataset};
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::model::{EntityKind, Id, SourceKind};
use crate::seeds::{SeedsText, locate};

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

/// Shared state of the integrity passes.
pub struct Context<'a> {
    /// The loaded seeds files, indexed by `At::file`.
    pub files: &'a [SeedsText],
    /// Where problems go.
    pub report: &'a mut Report,
    /// Every id and the kind of record it names (the first record, when an id is duplicated).
    pub ids: HashMap<String, RecordKind>,
    /// Whether every seeds file loaded; when one did not, a reference may name a record in it, so
    /// unknown ids are not reported.
    pub complete: bool,
}

impl<'a> Context<'a> {
    /// Indexes the ids of `dataset`, reporting duplicates.
    pub fn new(files: &'a [SeedsText], report: &'a mut Report, dataset: &Dataset) -> Self {
        let mut ctx = Context {
            files,
            report,
            ids: HashMap::new(),
            complete: true,
        };
        let mut first: HashMap<String, At> = HashMap::new();
        let mut add = |ctx: &mut Context<'_>, id: &Id, kind: RecordKind, at: &At| {
            if let Some(prev) = first.get(id.as_str()) {
                let d = ctx
                    .diagnostic(
                        Rule::DuplicateId,
                        at,
                        "/id",
                        Some(id),
                        format!("duplicate id `{id}`"),
                    )
                    .found(format!(
                        "`{id}`, already used at {}",
                        ctx.location(prev, "/id")
                    ))
                    .expected("an id used by no other record");
                ctx.report.push(d);
            } else {
                first.insert(id.0.clone(), at.clone());
                ctx.ids.insert(id.0.clone(), kind);
            }
        };
        for s in &dataset.sources {
            add(
                &mut ctx,
                &s.record.id,
                RecordKind::Source(s.record.kind),
                &s.at,
            );
        }
        for e in &dataset.entities {
            add(
                &mut ctx,
                &e.record.id,
                RecordKind::Entity(e.record.kind),
                &e.at,
            );
        }
        for e in &dataset.events {
            add(&mut ctx, &e.record.id, RecordKind::Event, &e.at);
        }
        for s in &dataset.statements {
            add(&mut ctx, &s.record.id, RecordKind::Statement, &s.at);
        }
        for q in &dataset.quantities {
            add(&mut ctx, &q.record.id, RecordKind::Quantity, &q.at);
        }
        for r in &dataset.relations {
            add(&mut ctx, &r.record.id, RecordKind::Relation, &r.at);
        }
        ctx
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
        let file = &self.files[at.file];
        let pointer = format!("{}{sub}", at.pointer);
        let d = Diagnostic::new(rule, &file.display, message)
            .at(&pointer)
            .record(record.map(Id::to_string));
        match locate(&file.text, &pointer) {
            Some(span) => d.spanned(&file.text, span),
            None => d,
        }
    }

    /// Checks that `target` names a record `want` accepts; reports it otherwise.
    pub fn reference(&mut self, at: &At, sub: &str, owner: &Id, target: &Id, want: Want) -> bool {
        match self.ids.get(target.as_str()).copied() {
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
