//! Evidence that shows what the record says: the reporter a record credits, a relation's subject
//! and object and an event's participants are each mentioned in its evidence quotes; a bare name
//! never carries a record alone; and every entity is mentioned somewhere. Mentions of entities
//! in other parts come from the first pass; each is placed in its text once per part, when
//! first asked for.

use std::collections::HashMap;

use super::context::Context;
use super::plan::Plan;
use crate::checked::{QuoteSpan, Spans, Texts};
use crate::dataset::{At, Dataset};
use crate::diagnostic::Rule;
use crate::model::{Id, Record};

/// Where a mention stands: its source and its bytes in that source's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    source: String,
    start: usize,
    end: usize,
}

/// The places of the mentions of entities, found once per part.
struct PartMentions<'a> {
    plan: &'a Plan,
    texts: &'a Texts,
    placed: HashMap<u32, Vec<Place>>,
    /// The first error met reading the first pass's index or mentions.
    failure: Option<crate::error::Error>,
}

impl PartMentions<'_> {
    /// The places of the mentions of `entity` in the texts of the part; `None` when it has none
    /// recorded (reported on the entity itself) or is no record.
    fn of(&mut self, entity: &Id) -> Option<&[Place]> {
        let number = self.keep(self.plan.ids.position(entity.as_str()))?;
        if !self.placed.contains_key(&number) {
            let mentions = self.keep(self.plan.mentions.get(number))?;
            let texts = self.texts;
            let places = mentions
                .iter()
                .filter_map(|m| {
                    let text = &texts.get(&*m.source)?.text;
                    let nth = m.occurrence.unwrap_or(1).saturating_sub(1) as usize;
                    let start =
                        memchr::memmem::find_iter(text.as_bytes(), m.quote.as_bytes()).nth(nth)?;
                    Some(Place {
                        source: m.source.to_string(),
                        start,
                        end: start + m.quote.len(),
                    })
                })
                .collect();
            self.placed.insert(number, places);
        }
        self.placed.get(&number).map(Vec::as_slice)
    }

    /// Keeps the first error met; gives what `result` holds, if anything.
    fn keep<T>(&mut self, result: Result<Option<T>, crate::error::Error>) -> Option<T> {
        result.unwrap_or_else(|e| {
            self.failure.get_or_insert(e);
            None
        })
    }
}

/// The spans of a record's own evidence quotes, or `None` when one could not be placed (it is
/// reported already).
fn evidence_spans<'s>(spans: &'s Spans, id: &Id, count: usize) -> Option<Vec<&'s QuoteSpan>> {
    let from = (id.0.clone(), "/evidence/".to_owned());
    let found: Vec<&QuoteSpan> = spans
        .range(from..)
        .take_while(|(k, _)| k.0 == id.0 && k.1.starts_with("/evidence/"))
        .map(|(_, s)| s)
        .collect();
    (found.len() == count).then_some(found)
}

/// Whether an evidence span covers a place.
fn covers(evidence: &[&QuoteSpan], places: &[Place]) -> bool {
    evidence.iter().any(|s| {
        places
            .iter()
            .any(|p| p.source == s.source && s.byte_start <= p.start && p.end <= s.byte_end)
    })
}

/// A record held to the evidence rules: where it is, its id and its evidence's spans.
struct Ask<'r> {
    at: &'r At,
    id: &'r Id,
    evidence: Vec<&'r QuoteSpan>,
}

/// Runs the evidence rules and `entity-unmentioned` over `dataset`.
pub(crate) fn check(
    ctx: &mut Context<'_>,
    dataset: &Dataset,
    plan: &Plan,
    texts: &Texts,
    spans: &Spans,
) {
    for l in &dataset.entities {
        if l.record.mentions.is_empty() {
            let d = ctx
                .diagnostic(
                    Rule::EntityUnmentioned,
                    &l.at,
                    "/id",
                    Some(&l.record.id),
                    "the entity has no recorded mention in any source",
                )
                .found("no `mentions`")
                .expected("at least one mention: where a source names or refers to the entity");
            ctx.report.push(d);
        }
    }
    let mut mentions = PartMentions {
        plan,
        texts,
        placed: HashMap::new(),
        failure: None,
    };
    for l in &dataset.relations {
        let r = &l.record;
        let ends = [(End::Subject, &r.subject), (End::Object, &r.object)];
        ask(ctx, &mut mentions, spans, &l.at, r, ends.into_iter());
    }
    for l in &dataset.events {
        let e = &l.record;
        let ends = e
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (End::Participant(i), &p.entity));
        ask(ctx, &mut mentions, spans, &l.at, e, ends);
    }
    for l in &dataset.quantities {
        ask(
            ctx,
            &mut mentions,
            spans,
            &l.at,
            &l.record,
            std::iter::empty(),
        );
    }
    if let Some(e) = mentions.failure {
        ctx.failure.get_or_insert(e);
    }
}

/// An entity a record names, that its evidence must mention.
#[derive(Debug, Clone, Copy)]
enum End {
    Reporter,
    Subject,
    Object,
    Participant(usize),
}

impl End {
    /// Its pointer within the record.
    fn sub(self) -> String {
        match self {
            End::Reporter => "/reported_by".to_owned(),
            End::Subject => "/subject".to_owned(),
            End::Object => "/object".to_owned(),
            End::Participant(i) => format!("/participants/{i}/entity"),
        }
    }

    /// What it is to the record.
    fn noun(self) -> &'static str {
        match self {
            End::Reporter => "reporter",
            End::Subject => "subject",
            End::Object => "object",
            End::Participant(_) => "participant",
        }
    }
}

/// Holds one record to the evidence rules: its reporter and each of `ends` (what it is to the
/// record, and its id) mentioned in its evidence, and its evidence not bare names alone.
fn ask<'r>(
    ctx: &mut Context<'_>,
    mentions: &mut PartMentions<'_>,
    spans: &Spans,
    at: &At,
    record: &'r dyn Record,
    ends: impl Iterator<Item = (End, &'r Id)> + Clone,
) {
    let reporter = record.reported_by();
    let named = ends.clone().next().is_some();
    if !named && reporter.is_none() {
        return;
    }
    let Some(evidence) = evidence_spans(spans, record.id(), record.evidence().len()) else {
        return;
    };
    let mut ask = Ask {
        at,
        id: record.id(),
        evidence,
    };
    let all = reporter.map(|r| (End::Reporter, r)).into_iter().chain(ends);
    // A quote that is exactly one mention of an entity the record names is a bare name: it
    // never carries the record, so it covers nothing.
    let mut bare = vec![false; ask.evidence.len()];
    for (_, entity) in all.clone() {
        let Some(places) = mentions.of(entity) else {
            continue;
        };
        for (b, s) in bare.iter_mut().zip(&ask.evidence) {
            *b |= places
                .iter()
                .any(|p| p.source == s.source && p.start == s.byte_start && p.end == s.byte_end);
        }
    }
    if named && bare.iter().all(|&b| b) {
        let d = ctx
            .diagnostic(
                Rule::EvidenceCoversEnds,
                at,
                "/evidence",
                Some(ask.id),
                "the record's only evidence is a bare name",
            )
            .found(format!(
                "{} quote(s), each exactly one mention",
                ask.evidence.len()
            ))
            .expected("a quote of the words that state the fact, not only a name");
        ctx.report.push(d);
        return;
    }
    let bare_count = bare.iter().filter(|&&b| b).count();
    let mut flags = bare.iter();
    ask.evidence
        .retain(|_| !flags.next().copied().unwrap_or(false));
    for e in all {
        end(ctx, mentions, &ask, bare_count, e);
    }
}

/// Checks that one entity the record names is mentioned in its evidence quotes other than bare
/// names (`bare` of them are left out).
fn end(
    ctx: &mut Context<'_>,
    mentions: &mut PartMentions<'_>,
    ask: &Ask<'_>,
    bare: usize,
    (what, entity): (End, &Id),
) {
    let Some(places) = mentions.of(entity) else {
        return;
    };
    if covers(&ask.evidence, places) {
        return;
    }
    let (rule, message) = if matches!(what, End::Reporter) {
        (
            Rule::ReporterInEvidence,
            "no evidence quote covers a mention of the reporter".to_owned(),
        )
    } else {
        (
            Rule::EvidenceCoversEnds,
            format!("no evidence quote covers a mention of the {}", what.noun()),
        )
    };
    let d = ctx
        .diagnostic(rule, ask.at, &what.sub(), Some(ask.id), message)
        .found(format!(
            "`{entity}`, mentioned {} time(s), none within the record's evidence{}",
            places.len(),
            if bare > 0 {
                " other than bare names"
            } else {
                ""
            }
        ))
        .expected(format!(
            "an evidence quote that includes a recorded mention of `{entity}`, e.g. the clause \
             that names it"
        ));
    ctx.report.push(d);
}
