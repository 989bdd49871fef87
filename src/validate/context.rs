//! What the integrity passes share: the loaded files, the report, and an index of every id.
//! The kinds of record an id can name and what a reference wants are the model's
//! ([`crate::model::reference`]).

use super::ids::IdIndex;
use crate::dataset::At;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::model::Id;
pub(crate) use crate::model::Want;
use crate::seeds::SeedsText;

/// Shared state of the integrity passes over one seeds file (or part of one).
pub(crate) struct Context<'a> {
    /// The file checked.
    pub(crate) file: &'a SeedsText,
    /// Where problems go.
    pub(crate) report: &'a mut Report,
    /// Every id of the dataset and where it was first defined.
    pub(crate) ids: &'a IdIndex,
    /// Whether every seeds file loaded; when one did not, a reference may name a record in it, so
    /// unknown ids are not reported.
    pub(crate) complete: bool,
    /// The first error met while reading the index (on disk), if any: the part's check fails
    /// with it.
    pub(crate) failure: Option<Error>,
}

impl<'a> Context<'a> {
    /// A context for checking `file` against the index `ids`.
    pub(crate) fn new(
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
            failure: None,
        }
    }

    /// Keeps the first error met; gives what `result` holds, if anything.
    pub(crate) fn keep<T>(&mut self, result: Result<Option<T>, Error>) -> Option<T> {
        result.unwrap_or_else(|e| {
            self.failure.get_or_insert(e);
            None
        })
    }

    /// Ends the checks of the part: the first error met, if any.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        self.failure.take().map_or(Ok(()), Err)
    }

    /// A diagnostic placed at `sub` (a pointer relative to the record) of the record at `at`.
    #[must_use]
    pub(crate) fn diagnostic(
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

    /// What a reference wants, with the ids of that kind nearest to `target`, if any are near.
    fn suggest(&mut self, target: &Id, want: Want) -> String {
        let near = self
            .ids
            .nearest(target.as_str(), 3, |e| want.accepts(e.kind))
            .map(Some);
        let near = self.keep(near).unwrap_or_default();
        if near.is_empty() {
            return want.describe();
        }
        let names: Vec<String> = near.iter().map(|id| format!("`{id}`")).collect();
        format!("{}; did you mean {}?", want.describe(), names.join(" or "))
    }

    /// Checks that `target` names a record `want` accepts; reports it otherwise.
    pub(crate) fn reference(
        &mut self,
        at: &At,
        sub: &str,
        owner: &Id,
        target: &Id,
        want: Want,
    ) -> bool {
        let found = match self.ids.get(target.as_str()) {
            Ok(found) => found,
            Err(e) => {
                self.failure.get_or_insert(e);
                return false;
            }
        };
        match found.map(|e| e.kind) {
            None if !self.complete => false,
            None => {
                let expected = self.suggest(target, want);
                let d = self
                    .diagnostic(
                        Rule::DanglingReference,
                        at,
                        sub,
                        Some(owner),
                        format!("`{target}` names no record"),
                    )
                    .found(format!("`{target}`"))
                    .expected(expected);
                self.report.push(d);
                false
            }
            Some(kind) if !want.accepts(kind) => {
                let expected = self.suggest(target, want);
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
                    .expected(expected);
                self.report.push(d);
                false
            }
            Some(_) => true,
        }
    }
}
