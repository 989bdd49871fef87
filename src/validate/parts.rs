//! The second pass: each part of the plan read, held to the schema and to every rule on its own,
//! in parallel, against the first pass's index; the parts' reports gathered in order.

use std::collections::BTreeSet;
use std::path::Path;

use super::read::{read_part, read_records};
use super::{
    Checked, Options, Plan, TextStore, Validation, context, cover, evidence, integrity, links,
    mentions, metadata, naming, schema, sources, status, wording,
};
use crate::dataset::{At, Dataset};
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::seeds::{Seeds, SeedsText};

/// The compiled seeds schema, built once per process.
fn seeds_checker() -> Result<&'static schema::SchemaChecker, Error> {
    static CHECKER: std::sync::OnceLock<Result<schema::SchemaChecker, String>> =
        std::sync::OnceLock::new();
    CHECKER
        .get_or_init(|| {
            schema::SchemaChecker::new(crate::schema::seeds_schema()).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Internal(format!("the seeds schema does not compile: {e}")))
}

/// Checks every part of `plan` on [`Options::threads`] threads, after the metadata file as
/// `loaded` (whose problems open the report). The checked records of each part
/// go through `prepare` on the thread that checked them, then to `each` on this thread, in part
/// order, for as long as no problem has been found; every part is checked whatever is found.
///
/// A part can be clean on its own and still not prepare because another part is invalid (its
/// quotes cite a source whose text is refused there), so a failure of `prepare` is held back: it
/// is an error only when no part reports a problem, and otherwise the report says why.
pub(crate) fn check_parts<T: Send>(
    root: &Path,
    plan: &Plan,
    options: Options,
    loaded: metadata::Loaded,
    prepare: impl Fn(Checked) -> Result<T, Error> + Sync,
    mut each: impl FnMut(usize, T) -> Result<(), Error>,
) -> Result<Validation, Error> {
    let checker = seeds_checker()?;
    let seeds = options.seeds(root);
    let store = TextStore::new(seeds, plan)?;
    let bar = crate::ui::progress(options.progress, plan.parts.len());
    bar.set_message("checking");
    let metadata::Loaded {
        mut report,
        mut files,
        ..
    } = loaded;
    // Once a problem is found nothing more is prepared: only the report is still wanted.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let mut held: Option<Error> = None;
    let links = &plan.link_problems;
    crate::parallel::map_ordered(
        plan.parts.len(),
        options.threads,
        |p| {
            let outcome = check_part(seeds, plan, p, checker, &store, links)?;
            let prepared = match outcome.checked {
                Some(c) if !failed.load(std::sync::atomic::Ordering::Relaxed) => Some(prepare(c)),
                _ => None,
            };
            Ok((outcome.report, outcome.render, prepared))
        },
        |p, (part_report, render, prepared)| {
            bar.inc(1);
            files.extend(render);
            report.diagnostics.extend(part_report.diagnostics);
            if !report.is_empty() {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            match prepared {
                Some(Ok(part)) if report.is_empty() && held.is_none() => each(p, part),
                Some(Err(e)) if held.is_none() => {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    held = Some(e);
                    Ok(())
                }
                _ => Ok(()),
            }
        },
    )?;
    bar.finish_and_clear();
    if let Some(e) = held
        && report.is_empty()
    {
        return Err(e);
    }
    report.sort();
    Ok(Validation {
        report,
        files,
        checked: None,
    })
}

/// What checking one part gives.
struct PartOutcome {
    report: Report,
    /// The part's text, when it has problems to show in it.
    render: Option<(String, String)>,
    checked: Option<Checked>,
}

fn check_part(
    seeds: Seeds<'_>,
    plan: &Plan,
    p: usize,
    checker: &schema::SchemaChecker,
    store: &TextStore<'_>,
    links: &std::collections::HashMap<usize, Vec<links::LinkProblem>>,
) -> Result<PartOutcome, Error> {
    let part = &plan.parts[p];
    let shown = |text: String, whole: bool| whole.then(|| (part.display.clone(), text));
    let whole = part.lines.as_ref().is_none_or(|l| l.whole);
    let mut report = Report::default();
    let (file, dataset, valid) = match read_records(seeds, part, p, checker, &mut report)? {
        Ok(read) => read,
        Err(text) => {
            return Ok(PartOutcome {
                report,
                render: text.and_then(|t| shown(t, whole)),
                checked: None,
            });
        }
    };
    let mut ctx = context::Context::new(&file, &mut report, &plan.ids, plan.complete && valid);
    duplicates(&mut ctx, seeds, plan, p)?;
    links::report(&mut ctx, links, p);
    integrity::check(&mut ctx, &dataset);
    status::check(&mut ctx, &dataset, plan)?;
    let mut texts = sources::load(&mut ctx, &dataset, store)?;
    let folder = part.rel.rsplit_once('/').map_or("", |(f, _)| f);
    let wanted = cited(&dataset).chain(plan.folders.get(folder).into_iter().flatten().cloned());
    for id in wanted.collect::<BTreeSet<_>>() {
        if !texts.contains_key(&id)
            && let Some(text) = store.get(&id)
        {
            texts.insert(id, text);
        }
    }
    // A text given as missing because what the first pass kept could not be read would make
    // false reports: the error stops the check instead.
    if let Some(error) = store.failure() {
        return Err(error);
    }
    let spans = evidence::locate_all(&mut ctx, &dataset, &texts);
    evidence::check_wordings(&mut ctx, &dataset);
    mentions::check(&mut ctx, &dataset, &texts, &spans);
    naming::check(&mut ctx, &dataset);
    cover::check(&mut ctx, &dataset, plan, &texts, &spans);
    wording::check(&mut ctx, &dataset, &texts);
    ctx.finish()?;
    let clean = report.is_empty();
    Ok(PartOutcome {
        render: (!clean).then(|| shown(file.text, whole)).flatten(),
        checked: clean.then_some(Checked {
            dataset,
            texts,
            spans,
        }),
        report,
    })
}

/// The ids of every source the records of `dataset` quote or mention entities in.
fn cited(dataset: &Dataset) -> impl Iterator<Item = String> + '_ {
    let mentioned = dataset
        .entities
        .iter()
        .flat_map(|e| &e.record.mentions)
        .map(|m| m.source.0.clone());
    dataset
        .evidence()
        .map(|e| e.source.0.clone())
        .chain(mentioned)
}

/// Reports every record of part `p` whose id an earlier record already has.
fn duplicates(
    ctx: &mut context::Context<'_>,
    seeds: Seeds<'_>,
    plan: &Plan,
    p: usize,
) -> Result<(), Error> {
    for dup in plan.duplicates.get(&p).into_iter().flatten() {
        let first = dup.first;
        let first_pointer = format!("/{}/{}/id", first.list.key(), first.index);
        let first_part = first.part as usize;
        let place = |file: &SeedsText| {
            file.place(
                Diagnostic::new(Rule::DuplicateId, &file.display, ""),
                &first_pointer,
                None,
            )
            .location()
        };
        let where_first = if first_part == p {
            place(ctx.file)
        } else {
            let other = &plan.parts[first_part];
            match read_part(seeds, other, &mut Report::default())? {
                Ok(file) => place(&file),
                Err(_) => format!("{}{first_pointer}", other.display),
            }
        };
        let at = At {
            file: p,
            pointer: format!("/{}/{}", dup.list.key(), dup.index),
        };
        let id = crate::model::Id(dup.id.clone());
        let d = ctx
            .diagnostic(
                Rule::DuplicateId,
                &at,
                "/id",
                Some(&id),
                format!("duplicate id `{id}`"),
            )
            .found(format!("`{id}`, already used at {where_first}"))
            .expected("an id used by no other record");
        ctx.report.push(d);
    }
    Ok(())
}
