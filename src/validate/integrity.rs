//! Integrity rules the schema cannot express: references resolve to the right kind of record,
//! date ranges run forwards and fit their precision, country codes exist.

use chrono::Datelike;

use super::context::{Context, Want};
use crate::dataset::{At, Dataset};
use crate::diagnostic::Rule;
use crate::model::{Attribution, EntityKind, Id, Precision, SourceKind, TimeSpec};

/// Source kinds an attribution may credit.
pub const OUTLETS: &[SourceKind] = &[
    SourceKind::NewsAgency,
    SourceKind::Broadcaster,
    SourceKind::Newspaper,
];

/// Runs every reference, date and country check over `dataset`.
pub fn check(ctx: &mut Context<'_>, dataset: &Dataset) {
    use EntityKind as K;
    for s in &dataset.sources {
        check_time(
            ctx,
            &s.at,
            "/published",
            &s.record.id,
            s.record.published.as_ref(),
        );
    }
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
    for e in &dataset.events {
        let (r, at) = (&e.record, &e.at);
        check_time(ctx, at, "/when", &r.id, r.when.as_ref());
        if let Some(place) = &r.place {
            ctx.reference(
                at,
                "/place",
                &r.id,
                place,
                Want::Entity(&[K::City, K::Region, K::Country]),
            );
        }
        for (i, p) in r.participants.iter().enumerate() {
            ctx.reference(
                at,
                &format!("/participants/{i}/entity"),
                &r.id,
                &p.entity,
                Want::Entity(&[]),
            );
        }
        check_attributions(ctx, at, &r.id, &r.attributions);
    }
    for s in &dataset.statements {
        let (r, at) = (&s.record, &s.at);
        let speakers = &[
            K::Person,
            K::GovernmentBody,
            K::Organization,
            K::InternationalOrganization,
        ];
        ctx.reference(at, "/speaker", &r.id, &r.speaker, Want::Entity(speakers));
        if let Some(event) = &r.event {
            ctx.reference(at, "/event", &r.id, event, Want::Event);
        }
        check_time(ctx, at, "/when", &r.id, r.when.as_ref());
        check_attributions(ctx, at, &r.id, &r.attributions);
    }
    for q in &dataset.quantities {
        let (r, at) = (&q.record, &q.at);
        if let Some(subject) = &r.subject {
            ctx.reference(at, "/subject", &r.id, subject, Want::Entity(&[]));
        }
        if let Some(event) = &r.event {
            ctx.reference(at, "/event", &r.id, event, Want::Event);
        }
        check_time(ctx, at, "/period", &r.id, r.period.as_ref());
        check_attributions(ctx, at, &r.id, &r.attributions);
    }
    for rel in &dataset.relations {
        let (r, at) = (&rel.record, &rel.at);
        ctx.reference(
            at,
            "/subject",
            &r.id,
            &r.subject,
            Want::Entity(r.predicate.subject_kinds()),
        );
        ctx.reference(
            at,
            "/object",
            &r.id,
            &r.object,
            Want::Entity(r.predicate.object_kinds()),
        );
        check_time(ctx, at, "/when", &r.id, r.when.as_ref());
        check_attributions(ctx, at, &r.id, &r.attributions);
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
