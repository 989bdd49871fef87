//! Integrity rules the schema cannot express: references resolve to the right kind of record,
//! date ranges run forwards and fit their precision, country codes exist.

use chrono::Datelike;

use super::context::{Context, Want};
use crate::dataset::{At, Dataset};
use crate::diagnostic::Rule;
use crate::model::{Attribution, Id, Precision, SourceKind, TimeSpec};

/// Source kinds an attribution may credit.
pub(crate) const OUTLETS: &[SourceKind] = &[
    SourceKind::NewsAgency,
    SourceKind::Broadcaster,
    SourceKind::Newspaper,
];

/// Runs every reference, date and country check over `dataset`.
pub(crate) fn check(ctx: &mut Context<'_>, dataset: &Dataset) {
    dataset.for_each_record(|r| {
        let id = r.record.id();
        for reference in r.record.references() {
            ctx.reference(r.at, &reference.sub, id, reference.target, reference.want);
        }
        for (sub, time) in r.record.dates() {
            check_time(ctx, r.at, sub, id, time);
        }
        check_attributions(ctx, r.at, id, r.record.attributions());
    });
    for e in &dataset.entities {
        if let Some(code) = &e.record.country
            && isocountry::CountryCode::for_alpha2(code).is_err()
        {
            let d = ctx
                .diagnostic(
                    Rule::CountryCode,
                    &e.at,
                    "/country",
                    Some(&e.record.id),
                    "unknown country code",
                )
                .found(format!("`{code}`"))
                .expected("an ISO 3166-1 alpha-2 code such as TJ");
            ctx.report.push(d);
        }
    }
}

fn check_attributions(ctx: &mut Context<'_>, at: &At, owner: &Id, attributions: &[Attribution]) {
    for (i, a) in attributions.iter().enumerate() {
        let sub = format!("/attributions/{i}");
        ctx.reference(
            at,
            &format!("{sub}/outlet"),
            owner,
            &a.outlet,
            Want::Source(OUTLETS),
        );
        check_time(ctx, at, &format!("{sub}/date"), owner, a.date.as_ref());
    }
}

/// Checks that a period does not end before it starts and that a date fits its precision.
fn check_time(ctx: &mut Context<'_>, at: &At, sub: &str, owner: &Id, time: Option<&TimeSpec>) {
    let Some(t) = time else { return };
    if let Some(end) = t.end
        && end < t.date
    {
        let d = ctx
            .diagnostic(
                Rule::DateRange,
                at,
                &format!("{sub}/end"),
                Some(owner),
                "period ends before it starts",
            )
            .found(format!("end {end} before date {}", t.date))
            .expected(format!("an end on or after {}", t.date));
        ctx.report.push(d);
    }
    let aligned = match t.precision {
        Precision::Day => true,
        Precision::Month => t.date.day() == 1,
        Precision::Quarter => t.date.day() == 1 && t.date.month() % 3 == 1,
        Precision::Year => t.date.day() == 1 && t.date.month() == 1,
    };
    if !aligned {
        let d = ctx
            .diagnostic(
                Rule::DateRange,
                at,
                &format!("{sub}/date"),
                Some(owner),
                "date does not fit its precision",
            )
            .found(format!(
                "{} with precision {}",
                t.date,
                t.precision.as_str()
            ))
            .expected(format!(
                "the first day of the {} meant",
                t.precision.as_str()
            ));
        ctx.report.push(d);
    }
}
