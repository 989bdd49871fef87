//! Validation of a seeds folder: syntax and encoding, the JSON Schema, then the integrity rules,
//! collecting every problem into one report.

pub(crate) mod blobs;
pub(crate) mod context;
pub(crate) mod cover;
pub(crate) mod evidence;
pub(crate) mod idblocks;
pub(crate) mod idfile;
pub(crate) mod ids;
pub(crate) mod integrity;
pub(crate) mod links;
pub(crate) mod mentions;
pub(crate) mod metadata;
pub(crate) mod naming;
pub(crate) mod plan;
pub(crate) mod schema;
pub(crate) mod sources;
pub(crate) mod spreadsheet;
pub(crate) mod status;
pub(crate) mod typed;
pub(crate) mod wording;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::Path;

use crate::dataset::{At, Dataset, RecordList};
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::error::Error;
use crate::model::SeedsFile;
use crate::seeds::{self, SeedsText};
pub(crate) use evidence::{QuoteSpan, Spans};
pub(crate) use plan::{Part, Plan};
pub(crate) use sources::{TextStore, Texts};

/// Settings of a validation run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The largest seeds file or source text read, in bytes.
    pub max_file_size: u64,
    /// Whether to show a progress bar while files are checked (only ever drawn on a terminal).
    pub progress: bool,
    /// How many threads check seeds files.
    pub threads: usize,
    /// The most bytes the index of ids takes in memory before it moves to a scratch folder
    /// on disk.
    pub index_memory: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: seeds::DEFAULT_MAX_FILE_SIZE,
            progress: false,
            threads: crate::parallel::workers(),
            index_memory: INDEX_MEMORY,
        }
    }
}

/// The most bytes the index of ids (and, apart from it, the mentions) takes in memory by default:
/// about half a million short ids.
pub const INDEX_MEMORY: usize = 32 << 20;

impl Options {
    /// The index's budget, spilling into `scratch` past it.
    pub(crate) fn index_budget(&self, scratch: &Path) -> ids::Budget {
        ids::Budget {
            bytes: self.index_memory,
            scratch: scratch.to_path_buf(),
        }
    }
}

/// Checked records with what export needs: a whole dataset, or one part of it.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The records.
    pub(crate) dataset: Dataset,
    /// The text of each article the records quote, by source id.
    pub(crate) texts: Texts,
    /// Where every quote stands in its source's text.
    pub(crate) spans: Spans,
}

impl Checked {
    /// Adds the records of another part.
    pub(crate) fn append(&mut self, other: Checked) {
        self.dataset.append(other.dataset);
        self.texts.extend(other.texts);
        self.spans.extend(other.spans);
    }
}

/// The outcome of validating a seeds folder.
#[derive(Debug)]
pub struct Validation {
    /// Every problem found.
    pub report: Report,
    /// The text of every seeds file with a problem, by displayed path, for rendering the report.
    pub(crate) files: BTreeMap<String, String>,
    /// The whole checked dataset, when there were no problems and it was asked for.
    pub checked: Option<Checked>,
}

impl Validation {
    /// The report rendered for people.
    #[must_use]
    pub fn render(&self) -> String {
        self.report.render(&self.files)
    }
}

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

/// Validates every seeds file under `root`, keeping nothing but the problems.
pub fn check(root: &Path, options: Options) -> Result<Validation, Error> {
    let budget = options.index_budget(&std::env::temp_dir());
    let plan = plan::plan(root, options.max_file_size, options.threads, budget)?;
    let loaded = metadata::read(root, options.max_file_size)?;
    check_parts(root, &plan, options, loaded, |_| Ok(()), |_, ()| Ok(()))
}

/// Validates every seeds file under `root`, keeping the whole checked dataset.
pub fn validate(root: &Path, options: Options) -> Result<Validation, Error> {
    let budget = options.index_budget(&std::env::temp_dir());
    let plan = plan::plan(root, options.max_file_size, options.threads, budget)?;
    let mut all = Checked::default();
    let loaded = metadata::read(root, options.max_file_size)?;
    let mut validation = check_parts(root, &plan, options, loaded, Ok, |_, checked| {
        all.append(checked);
        Ok(())
    })?;
    validation.checked = validation.report.is_empty().then_some(all);
    Ok(validation)
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
    let store = TextStore::new(root, options.max_file_size, &plan.sources)?;
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
    let links = links::problems(plan)?;
    crate::parallel::map_ordered(
        plan.parts.len(),
        options.threads,
        |p| {
            let outcome = check_part(
                root,
                plan,
                p,
                checker,
                &store,
                &links,
                options.max_file_size,
            )?;
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

/// Reads and parses one part; `Ok(Err(text))` when it could not be parsed (with its text when
/// it decoded).
pub(crate) fn read_part(
    root: &Path,
    part: &Part,
    max_file_size: u64,
    report: &mut Report,
) -> Result<Result<SeedsText, Option<String>>, Error> {
    let path = root.join(&part.rel);
    let Some(lines) = &part.lines else {
        if seeds::is_lines(&part.rel) {
            report.push(
                Diagnostic::new(
                    Rule::FileName,
                    &part.display,
                    "a JSON Lines seeds file must be named after the list it holds",
                )
                .found(format!(
                    "`{}`",
                    part.rel.rsplit('/').next().unwrap_or_default()
                ))
                .expected(format!(
                    "a name ending in {}",
                    RecordList::either(&RecordList::ALL, ".jsonl")
                )),
            );
            return Ok(Err(None));
        }
        let Some(bytes) = seeds::read_bytes(&path, &part.display, max_file_size, report)? else {
            return Ok(Err(None));
        };
        return Ok(seeds::parse(part.display.clone(), bytes, report));
    };
    let bytes = read_lines(&path, lines)?;
    Ok(seeds::parse_lines(lines.run(&part.display), bytes, report))
}

/// The bytes of the lines of a JSON Lines part.
fn read_lines(path: &Path, lines: &plan::Lines) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(lines.offset))?;
            f.take(lines.len).read_to_end(&mut bytes)
        })
        .map_err(Error::io(path, "read"))?;
    Ok(bytes)
}

/// A part read and held to the schema: its text, its records, and whether they are valid; or,
/// when it could not be parsed, its text if it decoded.
type Read = Result<(SeedsText, Dataset, bool), Option<String>>;

/// Reads part `p` and holds it to the schema: a JSON Lines part the fast way when every line
/// reads strictly into its type (`typed`), any other the full way.
fn read_records(
    root: &Path,
    part: &Part,
    p: usize,
    checker: &schema::SchemaChecker,
    max_file_size: u64,
    report: &mut Report,
) -> Result<Read, Error> {
    let mut dataset = Dataset::default();
    let parsed = match &part.lines {
        None => read_part(root, part, max_file_size, report)?,
        Some(lines) => {
            let bytes = match String::from_utf8(read_lines(&root.join(&part.rel), lines)?) {
                Ok(text) => match typed::read(&part.display, text, lines) {
                    Ok((file, records)) => {
                        dataset.add(p, records);
                        return Ok(Ok((file, dataset, true)));
                    }
                    Err(text) => text.into_bytes(),
                },
                Err(e) => e.into_bytes(),
            };
            seeds::parse_lines(lines.run(&part.display), bytes, report)
        }
    };
    let mut file = match parsed {
        Ok(file) => file,
        Err(text) => return Ok(Err(text)),
    };
    spreadsheet::check(&file, report);
    let mut valid = checker.check(&file, report);
    if valid {
        // The parsed tree is not needed once the records are typed; the text stays, for placing
        // later problems.
        match serde_json::from_value::<SeedsFile>(std::mem::take(&mut file.value)) {
            Ok(records) => dataset.add(p, records),
            Err(e) => {
                valid = false;
                report.push(Diagnostic::new(Rule::Schema, &file.display, e.to_string()));
            }
        }
    }
    Ok(Ok((file, dataset, valid)))
}

fn check_part(
    root: &Path,
    plan: &Plan,
    p: usize,
    checker: &schema::SchemaChecker,
    store: &TextStore<'_>,
    links: &std::collections::HashMap<usize, Vec<links::LinkProblem>>,
    max_file_size: u64,
) -> Result<PartOutcome, Error> {
    let part = &plan.parts[p];
    let shown = |text: String, whole: bool| whole.then(|| (part.display.clone(), text));
    let whole = part.lines.as_ref().is_none_or(|l| l.whole);
    let mut report = Report::default();
    let (file, dataset, valid) =
        match read_records(root, part, p, checker, max_file_size, &mut report)? {
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
    duplicates(&mut ctx, root, plan, p, max_file_size)?;
    links::report(&mut ctx, links, p);
    integrity::check(&mut ctx, &dataset);
    status::check(&mut ctx, &dataset, &plan.sources);
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
    root: &Path,
    plan: &Plan,
    p: usize,
    max_file_size: u64,
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
            match read_part(root, other, max_file_size, &mut Report::default())? {
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
