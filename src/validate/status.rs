//! Status rules: an event the source tells as having happened cannot start after the source was
//! published.

use super::context::Context;
use super::plan::Plan;
use crate::dataset::Dataset;
use crate::diagnostic::Rule;
use crate::error::Error;
use crate::model::EventStatus;

/// Reports every event of `dataset` that `occurred` but starts after a source that reports it was
/// published (the last day its publication date may mean).
pub(crate) fn check(ctx: &mut Context<'_>, dataset: &Dataset, plan: &Plan) -> Result<(), Error> {
    for l in &dataset.events {
        let e = &l.record;
        let (EventStatus::Occurred, Some(when)) = (e.status, &e.when) else {
            continue;
        };
        let mut latest = None;
        for ev in &e.evidence {
            let by = plan
                .source(ev.source.as_str())?
                .and_then(|s| s.published_by);
            if let Some(by) = by {
                let this = (by, &ev.source);
                latest = Some(latest.map_or(this, |l: (_, _)| l.min(this)));
            }
        }
        if let Some((by, source)) = latest
            && when.date.get() > by
        {
            let d = ctx
                .diagnostic(
                    Rule::OccurredAfterPublication,
                    &l.at,
                    "/when/date",
                    Some(&e.id),
                    "an event that occurred starts after its source was published",
                )
                .found(format!(
                    "status `occurred` from {}, but `{source}` was published by {by}",
                    when.date
                ))
                .expected(format!(
                    "a date on or before {by}, or status `announced` or `planned`"
                ));
            ctx.report.push(d);
        }
    }
    Ok(())
}
