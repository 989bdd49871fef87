//! The id rules of the coding manual: a relation's id is made from its subject, predicate and
//! object; a two-way relation has the id that sorts first as subject; a date written in an id is
//! the record's own date, at its precision or coarser.

use std::fmt::Write as _;

use chrono::Datelike as _;

use super::context::Context;
use crate::dataset::{At, Dataset, RecordList};
use crate::diagnostic::Rule;
use crate::model::{Id, Precision, Relation, TimeSpec, serde_name};

/// Runs the id rules over `dataset`.
pub(crate) fn check(ctx: &mut Context<'_>, dataset: &Dataset) {
    let mut derived = String::new();
    for l in &dataset.relations {
        let r = &l.record;
        relation_id(r, &mut derived);
        if r.id.as_str() != derived {
            let d = ctx
                .diagnostic(
                    Rule::RelationId,
                    &l.at,
                    "/id",
                    Some(&r.id),
                    "a relation's id is not made from its subject, predicate and object",
                )
                .found(format!("`{}`", r.id))
                .expected(format!("`{derived}`"));
            ctx.report.push(d);
        }
        if r.predicate.two_way() && r.object.as_str() < r.subject.as_str() {
            let d = ctx
                .diagnostic(
                    Rule::TwoWayOrder,
                    &l.at,
                    "/subject",
                    Some(&r.id),
                    "a two-way relation's subject is the id that sorts last",
                )
                .found(format!("subject `{}`, object `{}`", r.subject, r.object))
                .expected(format!(
                    "subject `{}`, object `{}`: the id that sorts first is the subject",
                    r.object, r.subject
                ));
            ctx.report.push(d);
        }
        id_dates(
            ctx,
            &l.at,
            &r.id,
            relation_middle(r),
            "/when",
            r.when.as_ref(),
        );
    }
    dataset.for_each_record(|r| {
        if matches!(
            r.list,
            RecordList::Entities | RecordList::Sources | RecordList::Relations
        ) {
            return;
        }
        let id = r.record.id();
        if let Some((sub, time)) = r.record.dates().into_iter().next() {
            id_dates(ctx, r.at, id, id.as_str(), sub, time);
        }
    });
}

/// Reports each date written in `scanned` (the id `id`, or the part of it that is the record's
/// own) that does not agree with the record's date `time`, found at `sub`.
fn id_dates(
    ctx: &mut Context<'_>,
    at: &At,
    id: &Id,
    scanned: &str,
    sub: &str,
    time: Option<&TimeSpec>,
) {
    for written in dates_in(scanned) {
        if agrees(written, time) {
            continue;
        }
        let dated = time.map_or_else(
            || "an undated record".to_owned(),
            |t| format!("a record dated {} ({})", t.date, t.precision.as_str()),
        );
        let d = ctx
            .diagnostic(
                Rule::IdDate,
                at,
                "/id",
                Some(id),
                "the date in the id is not the record's own date",
            )
            .found(format!("`{written}` in the id of {dated}, at {sub}"))
            .expected(
                "no date in the id of an undated record; otherwise the record's date, at its \
                 precision or coarser",
            );
        ctx.report.push(d);
    }
}

/// Writes into `into` the id the scheme gives `r`: `<subject>-<predicate>-<object>`, the
/// predicate with `-` for `_`.
pub(crate) fn relation_id(r: &Relation, into: &mut String) {
    into.clear();
    let _ = write!(into, "{}-", r.subject);
    into.extend(
        serde_name(&r.predicate)
            .chars()
            .map(|c| if c == '_' { '-' } else { c }),
    );
    let _ = write!(into, "-{}", r.object);
}

/// The part of a relation's id between its subject and its object, whose ids may hold a year of
/// their own; the whole id when it does not follow the scheme.
fn relation_middle(r: &Relation) -> &str {
    let id = r.id.as_str();
    id.strip_prefix(r.subject.as_str())
        .and_then(|rest| rest.strip_suffix(r.object.as_str()))
        .unwrap_or(id)
}

/// A date written in an id: a year, with its month and day where they follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl std::fmt::Display for IdDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// The dates written in `id`: runs of its `-`-separated tokens `YYYY` (1900 to 2099), `YYYY-MM`
/// (01 to 12) or `YYYY-MM-DD` (01 to 31).
pub(crate) fn dates_in(id: &str) -> Vec<IdDate> {
    let number = |t: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        (t.len() == len && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
            .filter(|n| range.contains(n))
    };
    let mut dates = Vec::new();
    let mut tokens = id.split('-').peekable();
    while let Some(t) = tokens.next() {
        let Some(year) = number(t, 4, 1900..=2099) else {
            continue;
        };
        let month = tokens
            .next_if(|t| number(t, 2, 1..=12).is_some())
            .and_then(|t| t.parse().ok());
        let day = month
            .and_then(|_| tokens.next_if(|t| number(t, 2, 1..=31).is_some()))
            .and_then(|t| t.parse().ok());
        dates.push(IdDate {
            year: i32::try_from(year).unwrap_or_default(),
            month,
            day,
        });
    }
    dates
}

/// Whether a date written in an id agrees with the record's date: the same year, month and day
/// as far as the id goes, and no finer than the record's precision.
fn agrees(written: IdDate, time: Option<&TimeSpec>) -> bool {
    let Some(t) = time else { return false };
    let month_ok = match written.month {
        None => true,
        Some(m) => matches!(t.precision, Precision::Day | Precision::Month) && t.date.month() == m,
    };
    let day_ok = match written.day {
        None => true,
        Some(d) => t.precision == Precision::Day && t.date.day() == d,
    };
    t.date.year() == written.year && month_ok && day_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(id: &str) -> Vec<String> {
        dates_in(id).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn dates_are_runs_of_year_month_and_day_tokens() {
        assert_eq!(written("aliyev-state-visit-2007-03-15"), ["2007-03-15"]);
        assert_eq!(written("visit-2007-planned"), ["2007"]);
        assert_eq!(written("law-2007-13-01"), ["2007"]);
        assert_eq!(written("x-2007-03-32"), ["2007-03"]);
        assert_eq!(written("edm-4-55-aid-1899-3000"), Vec::<String>::new());
        assert_eq!(written("a-1999-to-2007-03"), ["1999", "2007-03"]);
    }

    #[test]
    fn an_id_date_may_be_coarser_than_the_record_but_not_finer() {
        let day = |s: &str, p: Precision| TimeSpec {
            date: s.parse::<chrono::NaiveDate>().unwrap().into(),
            precision: p,
            end: None,
            as_written: None,
        };
        let d = |id: &str| dates_in(id)[0];
        let march_14 = day("2007-03-14", Precision::Day);
        assert!(agrees(d("x-2007"), Some(&march_14)));
        assert!(agrees(d("x-2007-03"), Some(&march_14)));
        assert!(agrees(d("x-2007-03-14"), Some(&march_14)));
        assert!(!agrees(d("x-2007-03-15"), Some(&march_14)));
        assert!(!agrees(d("x-2007-03-14"), None));
        let march = day("2007-03-01", Precision::Month);
        assert!(!agrees(d("x-2007-03-01"), Some(&march)));
        assert!(agrees(d("x-2007-03"), Some(&march)));
        let year = day("2007-01-01", Precision::Year);
        assert!(!agrees(d("x-2007-01"), Some(&year)));
        assert!(!agrees(d("x-2006"), Some(&year)));
    }
}
