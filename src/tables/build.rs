//! Turning checked records into the rows of every published table: one row function per table,
//! paired with its table in the [registry](super::registry). The link tables of evidence and
//! attributions walk every record, whatever its list.

// Every row function has the one signature the table registry holds, fallible or not.
#![allow(clippy::unnecessary_wraps)]

use chrono::NaiveDate;

use super::rows::{
    AttributionRow, ClaimRow, ClaimSubjectRow, EntityAliasRow, EntityMentionRow, EntityRow,
    EventLinkRow, EventParticipantRow, EventRow, EvidenceRow, QuantityRow, RelationRow, SourceRow,
    StatementRow,
};
use crate::checked::{Checked, QuoteSpan};
use crate::error::Error;
use crate::model::{Holder, Id, TimeSpec};

/// The folder name the `path` column puts before a text's seeds-relative path.
pub(crate) const SEEDS_PREFIX: &str = "seeds";

/// The rows of `sources`.
pub(crate) fn sources(checked: &Checked) -> Result<Vec<SourceRow>, Error> {
    let rows = checked.dataset.sources.iter().map(|l| {
        let s = &l.record;
        let (published, published_precision, published_end, published_as_written) =
            split_time(s.published.as_ref());
        SourceRow {
            id: s.id.0.clone(),
            kind: s.kind,
            title: s.title.clone(),
            publication: s.publication.clone(),
            publisher: s.publisher.clone(),
            volume: s.volume.map(i64::from),
            issue: s.issue.map(i64::from),
            published,
            published_precision,
            published_end,
            published_as_written,
            language: s.language.clone().map(String::from),
            path: s.path.as_ref().map(|p| format!("{SEEDS_PREFIX}/{p}")),
            sha256: s.sha256.clone().map(String::from),
            description: s.description.clone(),
        }
    });
    Ok(rows.collect())
}

/// The rows of `entities`.
pub(crate) fn entities(checked: &Checked) -> Result<Vec<EntityRow>, Error> {
    let rows = checked.dataset.entities.iter().map(|l| {
        let e = &l.record;
        EntityRow {
            id: e.id.0.clone(),
            kind: e.kind,
            name: e.name.to_string(),
            country: e.country.clone().map(String::from),
            description: e.description.clone(),
        }
    });
    Ok(rows.collect())
}

/// The rows of `entity_aliases`: one per alias.
pub(crate) fn entity_aliases(checked: &Checked) -> Result<Vec<EntityAliasRow>, Error> {
    let rows = checked.dataset.entities.iter().flat_map(|l| {
        let e = &l.record;
        e.aliases.iter().map(|a| EntityAliasRow {
            entity_id: e.id.0.clone(),
            alias: a.clone(),
        })
    });
    Ok(rows.collect())
}

/// The rows of `events`.
pub(crate) fn events(checked: &Checked) -> Result<Vec<EventRow>, Error> {
    let rows = checked.dataset.events.iter().map(|l| {
        let e = &l.record;
        let (date, date_precision, date_end, date_as_written) = split_time(e.when.as_ref());
        EventRow {
            id: e.id.0.clone(),
            kind: e.kind,
            status: e.status,
            summary: e.summary.to_string(),
            date,
            date_precision,
            date_end,
            date_as_written,
            place_id: e.place.as_ref().map(|p| p.0.clone()),
            reported_by_id: e.reported_by.as_ref().map(|r| r.0.clone()),
        }
    });
    Ok(rows.collect())
}

/// The rows of `event_participants`: one per participant.
pub(crate) fn event_participants(checked: &Checked) -> Result<Vec<EventParticipantRow>, Error> {
    let rows = checked.dataset.events.iter().flat_map(|l| {
        let e = &l.record;
        e.participants.iter().map(|p| EventParticipantRow {
            event_id: e.id.0.clone(),
            entity_id: p.entity.0.clone(),
            role: p.role,
        })
    });
    Ok(rows.collect())
}

/// The rows of `event_links`: one per link.
pub(crate) fn event_links(checked: &Checked) -> Result<Vec<EventLinkRow>, Error> {
    let rows = checked.dataset.events.iter().flat_map(|l| {
        let e = &l.record;
        e.links.iter().map(|link| EventLinkRow {
            event_id: e.id.0.clone(),
            related_event_id: link.event.0.clone(),
            relation: link.relation,
        })
    });
    Ok(rows.collect())
}

/// The rows of `claims`.
pub(crate) fn claims(checked: &Checked) -> Result<Vec<ClaimRow>, Error> {
    let rows = checked.dataset.claims.iter().map(|l| {
        let c = &l.record;
        let (date, date_precision, date_end, date_as_written) = split_time(c.when.as_ref());
        let (holder_source_id, holder_entity_id) = match &c.holder {
            Holder::Author(s) => (Some(s.0.clone()), None),
            Holder::Entity(e) => (None, Some(e.0.clone())),
        };
        ClaimRow {
            id: c.id.0.clone(),
            kind: c.kind,
            holder_source_id,
            holder_entity_id,
            summary: c.summary.to_string(),
            event_id: c.event.as_ref().map(|e| e.0.clone()),
            date,
            date_precision,
            date_end,
            date_as_written,
        }
    });
    Ok(rows.collect())
}

/// The rows of `claim_subjects`: one per entity a claim is about.
pub(crate) fn claim_subjects(checked: &Checked) -> Result<Vec<ClaimSubjectRow>, Error> {
    let rows = checked.dataset.claims.iter().flat_map(|l| {
        let c = &l.record;
        c.about.iter().map(|p| ClaimSubjectRow {
            claim_id: c.id.0.clone(),
            entity_id: p.entity.0.clone(),
            role: p.role,
        })
    });
    Ok(rows.collect())
}

/// The rows of `entity_mentions`: one per mention, with its offsets.
pub(crate) fn entity_mentions(checked: &Checked) -> Result<Vec<EntityMentionRow>, Error> {
    let mut rows = Vec::new();
    for l in &checked.dataset.entities {
        let e = &l.record;
        for (i, m) in e.mentions.iter().enumerate() {
            let s = span(checked, &e.id, &format!("/mentions/{i}"))?;
            rows.push(EntityMentionRow {
                entity_id: e.id.0.clone(),
                seq: as_i64(i),
                source_id: m.source.0.clone(),
                quote: m.quote.to_string(),
                form: m.form,
                char_start: as_i64(s.char_start),
                char_end: as_i64(s.char_end),
                byte_start: as_i64(s.byte_start),
                byte_end: as_i64(s.byte_end),
            });
        }
    }
    Ok(rows)
}

/// The rows of `statements`, each with where its quotation stands.
pub(crate) fn statements(checked: &Checked) -> Result<Vec<StatementRow>, Error> {
    let rows = checked.dataset.statements.iter().map(|l| {
        let s = &l.record;
        let (date, date_precision, date_end, date_as_written) = split_time(s.when.as_ref());
        let span = span(checked, &s.id, "/quote")?;
        Ok(StatementRow {
            id: s.id.0.clone(),
            speaker_id: s.speaker.0.clone(),
            quote: s.quote.to_string(),
            date,
            date_precision,
            date_end,
            date_as_written,
            event_id: s.event.as_ref().map(|e| e.0.clone()),
            source_id: span.source.clone(),
            char_start: as_i64(span.char_start),
            char_end: as_i64(span.char_end),
        })
    });
    rows.collect()
}

/// The rows of `quantities`.
pub(crate) fn quantities(checked: &Checked) -> Result<Vec<QuantityRow>, Error> {
    let rows = checked.dataset.quantities.iter().map(|l| {
        let q = &l.record;
        let (period_date, period_precision, period_end, period_as_written) =
            split_time(q.period.as_ref());
        QuantityRow {
            id: q.id.0.clone(),
            measures: q.measures.to_string(),
            value: q.value,
            unit: q.unit,
            qualifier: q.qualifier,
            as_written: q.as_written.to_string(),
            period_date,
            period_precision,
            period_end,
            period_as_written,
            subject_id: q.subject.as_ref().map(|s| s.0.clone()),
            event_id: q.event.as_ref().map(|e| e.0.clone()),
            part_of_id: q.part_of.as_ref().map(|w| w.0.clone()),
            reported_by_id: q.reported_by.as_ref().map(|r| r.0.clone()),
        }
    });
    Ok(rows.collect())
}

/// The rows of `relations`.
pub(crate) fn relations(checked: &Checked) -> Result<Vec<RelationRow>, Error> {
    let rows = checked.dataset.relations.iter().map(|l| {
        let r = &l.record;
        let (date, date_precision, date_end, date_as_written) = split_time(r.when.as_ref());
        RelationRow {
            id: r.id.0.clone(),
            subject_id: r.subject.0.clone(),
            predicate: r.predicate,
            object_id: r.object.0.clone(),
            date,
            date_precision,
            date_end,
            date_as_written,
            reported_by_id: r.reported_by.as_ref().map(|p| p.0.clone()),
        }
    });
    Ok(rows.collect())
}

/// The rows of `evidence`: one per evidence quote of every record, with its offsets.
pub(crate) fn evidence(checked: &Checked) -> Result<Vec<EvidenceRow>, Error> {
    let mut rows = Vec::new();
    for r in checked.dataset.records() {
        let id = r.record.id();
        for (i, e) in r.record.evidence().iter().enumerate() {
            let s = span(checked, id, &format!("/evidence/{i}"))?;
            rows.push(EvidenceRow {
                record_table: r.list,
                record_id: id.0.clone(),
                seq: as_i64(i),
                source_id: e.source.0.clone(),
                quote: e.quote.to_string(),
                char_start: as_i64(s.char_start),
                char_end: as_i64(s.char_end),
                byte_start: as_i64(s.byte_start),
                byte_end: as_i64(s.byte_end),
            });
        }
    }
    Ok(rows)
}

/// The rows of `attributions`: one per credit of every record, with where it stands.
pub(crate) fn attributions(checked: &Checked) -> Result<Vec<AttributionRow>, Error> {
    let mut rows = Vec::new();
    for r in checked.dataset.records() {
        let id = r.record.id();
        for (i, a) in r.record.attributions().iter().enumerate() {
            let (date, date_precision, date_end, date_as_written) = split_time(a.date.as_ref());
            let s = span(checked, id, &format!("/attributions/{i}/evidence"))?;
            rows.push(AttributionRow {
                record_table: r.list,
                record_id: id.0.clone(),
                seq: as_i64(i),
                outlet_id: a.outlet.0.clone(),
                date,
                date_precision,
                date_end,
                date_as_written,
                source_id: a.evidence.source.0.clone(),
                quote: a.evidence.quote.to_string(),
                char_start: as_i64(s.char_start),
                char_end: as_i64(s.char_end),
            });
        }
    }
    Ok(rows)
}

type TimeParts = (
    Option<chrono::NaiveDate>,
    Option<crate::model::Precision>,
    Option<chrono::NaiveDate>,
    Option<String>,
);

fn split_time(time: Option<&TimeSpec>) -> TimeParts {
    match time {
        Some(t) => (
            Some(t.date.get()),
            Some(t.precision),
            t.end.map(NaiveDate::from),
            t.as_written.clone().map(String::from),
        ),
        None => (None, None, None, None),
    }
}

fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn span<'a>(checked: &'a Checked, id: &Id, sub: &str) -> Result<&'a QuoteSpan, Error> {
    checked
        .spans
        .get(&(id.0.clone(), sub.to_owned()))
        .ok_or_else(|| Error::Internal(format!("no located quote for `{id}` at {sub}")))
}
