//! Turning checked records into the rows of every published table.

use std::sync::OnceLock;

use super::rows::{
    AttributionRow, EntityAliasRow, EntityRow, EventParticipantRow, EventRow, EvidenceRow,
    QuantityRow, RecordTable, RelationRow, SourceRow, StatementRow,
};
use super::{Cells, TableSpec};
use crate::error::Error;
use crate::model::{Attribution, Evidence, Id, TimeSpec};
use crate::validate::{Checked, QuoteSpan};

/// The folder name the `path` column puts before a text's seeds-relative path.
pub const SEEDS_PREFIX: &str = "seeds";

/// The published tables, in a fixed order; derived once per process from the row types.
pub fn specs() -> Result<&'static [TableSpec], Error> {
    static SPECS: OnceLock<Result<Vec<TableSpec>, String>> = OnceLock::new();
    SPECS
        .get_or_init(|| {
            [
                TableSpec::of::<SourceRow>(),
                TableSpec::of::<EntityRow>(),
                TableSpec::of::<EntityAliasRow>(),
                TableSpec::of::<EventRow>(),
                TableSpec::of::<EventParticipantRow>(),
                TableSpec::of::<StatementRow>(),
                TableSpec::of::<QuantityRow>(),
                TableSpec::of::<RelationRow>(),
                TableSpec::of::<EvidenceRow>(),
                TableSpec::of::<AttributionRow>(),
            ]
            .into_iter()
            .collect::<Result<Vec<_>, Error>>()
            .map_err(|e| e.to_string())
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| Error::Internal(e.clone()))
}

/// The rows each published table gets from `checked` (one seeds file or a whole dataset), in the
/// order of [`specs`], each table's rows unsorted.
pub fn rows(checked: &Checked) -> Result<Vec<Vec<Cells>>, Error> {
    let specs = specs()?;
    let mut links = Links::default();
    let sources = source_rows(checked, &mut links);
    let (entities, aliases) = entity_rows(checked);
    let (events, participants) = event_rows(checked, &mut links);
    let statements = statement_rows(checked, &mut links)?;
    let quantities = quantity_rows(checked, &mut links);
    let relations = relation_rows(checked, &mut links);
    if let Some(missing) = links.missing {
        return Err(Error::Internal(missing));
    }
    Ok(vec![
        specs[0].cells(&sources)?,
        specs[1].cells(&entities)?,
        specs[2].cells(&aliases)?,
        specs[3].cells(&events)?,
        specs[4].cells(&participants)?,
        specs[5].cells(&statements)?,
        specs[6].cells(&quantities)?,
        specs[7].cells(&relations)?,
        specs[8].cells(&links.evidence)?,
        specs[9].cells(&links.attributions)?,
    ])
}

fn source_rows(checked: &Checked, links: &mut Links) -> Vec<SourceRow> {
    let mut rows = Vec::new();
    for s in checked.dataset.sources.iter().map(|l| &l.record) {
        links.add(checked, RecordTable::Sources, &s.id, &s.evidence, &[]);
        let (published, published_precision, _, _) = split_time(s.published.as_ref());
        rows.push(SourceRow {
            id: s.id.0.clone(),
            kind: s.kind,
            title: s.title.clone(),
            publication: s.publication.clone(),
            publisher: s.publisher.clone(),
            volume: s.volume.map(i64::from),
            issue: s.issue.map(i64::from),
            published,
            published_precision,
            language: s.language.clone(),
            path: s.path.as_ref().map(|p| format!("{SEEDS_PREFIX}/{p}")),
            sha256: s.sha256.clone(),
            description: s.description.clone(),
        });
    }
    rows
}

fn entity_rows(checked: &Checked) -> (Vec<EntityRow>, Vec<EntityAliasRow>) {
    let mut entities = Vec::new();
    let mut aliases = Vec::new();
    for e in checked.dataset.entities.iter().map(|l| &l.record) {
        entities.push(EntityRow {
            id: e.id.0.clone(),
            kind: e.kind,
            name: e.name.clone(),
            country: e.country.clone(),
            description: e.description.clone(),
        });
        aliases.extend(e.aliases.iter().map(|a| EntityAliasRow {
            entity_id: e.id.0.clone(),
            alias: a.clone(),
        }));
    }
    (entities, aliases)
}

fn event_rows(checked: &Checked, links: &mut Links) -> (Vec<EventRow>, Vec<EventParticipantRow>) {
    let mut events = Vec::new();
    let mut participants = Vec::new();
    for e in checked.dataset.events.iter().map(|l| &l.record) {
        links.add(
            checked,
            RecordTable::Events,
            &e.id,
            &e.evidence,
            &e.attributions,
        );
        let (date, date_precision, date_end, date_as_written) = split_time(e.when.as_ref());
        events.push(EventRow {
            id: e.id.0.clone(),
            kind: e.kind,
            summary: e.summary.clone(),
            date,
            date_precision,
            date_end,
            date_as_written,
            place_id: e.place.as_ref().map(|p| p.0.clone()),
        });
        participants.extend(e.participants.iter().map(|p| EventParticipantRow {
            event_id: e.id.0.clone(),
            entity_id: p.entity.0.clone(),
            role: p.role,
        }));
    }
    (events, participants)
}

fn statement_rows(checked: &Checked, links: &mut Links) -> Result<Vec<StatementRow>, Error> {
    let mut rows = Vec::new();
    for s in checked.dataset.statements.iter().map(|l| &l.record) {
        links.add(
            checked,
            RecordTable::Statements,
            &s.id,
            &s.evidence,
            &s.attributions,
        );
        let (date, date_precision, _, date_as_written) = split_time(s.when.as_ref());
        let span = span(checked, &s.id, "/quote")?;
        rows.push(StatementRow {
            id: s.id.0.clone(),
            speaker_id: s.speaker.0.clone(),
            quote: s.quote.clone(),
            date,
            date_precision,
            date_as_written,
            event_id: s.event.as_ref().map(|e| e.0.clone()),
            source_id: span.source.clone(),
            char_start: as_i64(span.char_start),
            char_end: as_i64(span.char_end),
        });
    }
    Ok(rows)
}

fn quantity_rows(checked: &Checked, links: &mut Links) -> Vec<QuantityRow> {
    let mut rows = Vec::new();
    for q in checked.dataset.quantities.iter().map(|l| &l.record) {
        links.add(
            checked,
            RecordTable::Quantities,
            &q.id,
            &q.evidence,
            &q.attributions,
        );
        let (period_date, period_precision, period_end, period_as_written) =
            split_time(q.period.as_ref());
        rows.push(QuantityRow {
            id: q.id.0.clone(),
            measures: q.measures.clone(),
            value: q.value,
            unit: q.unit,
            qualifier: q.qualifier,
            as_written: q.as_written.clone(),
            period_date,
            period_precision,
            period_end,
            period_as_written,
            subject_id: q.subject.as_ref().map(|s| s.0.clone()),
            event_id: q.event.as_ref().map(|e| e.0.clone()),
        });
    }
    rows
}

fn relation_rows(checked: &Checked, links: &mut Links) -> Vec<RelationRow> {
    let mut rows = Vec::new();
    for r in checked.dataset.relations.iter().map(|l| &l.record) {
        links.add(
            checked,
            RecordTable::Relations,
            &r.id,
            &r.evidence,
            &r.attributions,
        );
        let (date, date_precision, date_end, date_as_written) = split_time(r.when.as_ref());
        rows.push(RelationRow {
            id: r.id.0.clone(),
            subject_id: r.subject.0.clone(),
            predicate: r.predicate,
            object_id: r.object.0.clone(),
            date,
            date_precision,
            date_end,
            date_as_written,
        });
    }
    rows
}

type TimeParts = (
    Option<chrono::NaiveDate>,
    Option<crate::model::Precision>,
    Option<chrono::NaiveDate>,
    Option<String>,
);

fn split_time(time: Option<&TimeSpec>) -> TimeParts {
    match time {
        Some(t) => (Some(t.date), Some(t.precision), t.end, t.as_written.clone()),
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

/// The evidence and attribution rows gathered while the record tables are built.
#[derive(Default)]
struct Links {
    evidence: Vec<EvidenceRow>,
    attributions: Vec<AttributionRow>,
    missing: Option<String>,
}

impl Links {
    fn add(
        &mut self,
        checked: &Checked,
        table: RecordTable,
        id: &Id,
        evidence: &[Evidence],
        attributions: &[Attribution],
    ) {
        for (i, e) in evidence.iter().enumerate() {
            match span(checked, id, &format!("/evidence/{i}")) {
                Ok(s) => self.evidence.push(EvidenceRow {
                    record_table: table,
                    record_id: id.0.clone(),
                    seq: as_i64(i),
                    source_id: e.source.0.clone(),
                    quote: e.quote.clone(),
                    char_start: as_i64(s.char_start),
                    char_end: as_i64(s.char_end),
                    byte_start: as_i64(s.byte_start),
                    byte_end: as_i64(s.byte_end),
                }),
                Err(e) => self.missing = Some(e.to_string()),
            }
        }
        for (i, a) in attributions.iter().enumerate() {
            let (date, date_precision, _, date_as_written) = split_time(a.date.as_ref());
            match span(checked, id, &format!("/attributions/{i}/evidence")) {
                Ok(s) => self.attributions.push(AttributionRow {
                    record_table: table,
                    record_id: id.0.clone(),
                    seq: as_i64(i),
                    outlet_id: a.outlet.0.clone(),
                    date,
                    date_precision,
                    date_as_written,
                    source_id: a.evidence.source.0.clone(),
                    quote: a.evidence.quote.clone(),
                    char_start: as_i64(s.char_start),
                    char_end: as_i64(s.char_end),
                }),
                Err(e) => self.missing = Some(e.to_string()),
            }
        }
    }
}
