//! One pass over an export's input: records are read on one thread, checked in chunks on every
//! core, and, while every record so far is valid, their rows are fed to the pipeline in batches.

use jsonschema::Validator;

use super::check::{CHUNK_RECORDS, CheckedChunk, check_chunk};
use super::plan::TablePlan;
use super::{ExportOptions, input, keys};
use crate::diagnostic::Report;
use crate::error::Error;
use crate::output::Staging;
use crate::pipeline::{Feed, Pipeline, WrittenTables};
use crate::tables::Cells;

/// One pass over the input: what was found, and how many records were encoded.
pub(super) struct InputPass<'a> {
    pub(super) validator: &'a Validator,
    pub(super) plan: &'a TablePlan,
    pub(super) display: &'a str,
    pub(super) report: Report,
    /// The input's text, when it was read whole (a `.json` array).
    pub(super) text: Option<String>,
    pub(super) written: usize,
}

/// The rows made but not yet fed to the pipeline, by table, a record's rows together.
struct Pending {
    rows: Vec<Vec<Cells>>,
    batch_size: usize,
}

impl Pending {
    /// Feeds every table's pending rows on once there are `at_least` of them.
    fn flush(&mut self, at_least: usize, feed: &mut Feed<'_, '_, '_>) -> Result<(), Error> {
        for (t, pending) in self.rows.iter_mut().enumerate() {
            if pending.len() >= at_least.max(1) {
                feed.push(t, std::mem::take(pending))?;
            }
        }
        Ok(())
    }
}

impl InputPass<'_> {
    /// Checks every record and, while all are valid, feeds their rows in batches to the
    /// pipeline writing into `staging`; with a key, checks that it never repeats as the sorted
    /// rows leave the sorters.
    pub(super) fn stream(
        &mut self,
        options: &ExportOptions,
        staging: &Staging,
        pipeline: &Pipeline<'_>,
    ) -> Result<WrittenTables, Error> {
        let size = std::fs::metadata(&options.input).map_or(0, |m| m.len());
        let bar = crate::ui::progress(
            options.progress,
            usize::try_from(size).unwrap_or(usize::MAX),
        );
        let keyed = !options.key.is_empty();
        let (validator, plan, display) = (self.validator, self.plan, self.display);
        let lines = input::is_lines(&options.input);
        let mut repeats = keyed.then(|| keys::Repeats::new(&pipeline.specs[0], display, lines));
        let mut repeated = Report::default();
        let mut observe = |t: usize, rows: &mut Vec<Cells>| {
            if t == 0
                && let Some(repeats) = &mut repeats
            {
                repeats.check(rows, &mut repeated);
            }
        };
        let ((), written) = pipeline.write(staging, &mut observe, |feed| {
            let mut pending = Pending {
                rows: vec![Vec::new(); pipeline.specs.len()],
                batch_size: options.batch_size.max(1),
            };
            let mut text = None;
            let text_slot = &mut text;
            crate::parallel::map_stream(
                crate::parallel::workers(),
                |push| {
                    let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
                    let max = options.max_record_size;
                    input::for_each_record(&options.input, display, max, text_slot, |unread| {
                        chunk.push(unread);
                        if chunk.len() < CHUNK_RECORDS {
                            return Ok(());
                        }
                        push(std::mem::replace(
                            &mut chunk,
                            Vec::with_capacity(CHUNK_RECORDS),
                        ))
                    })?;
                    if chunk.is_empty() {
                        Ok(())
                    } else {
                        push(chunk)
                    }
                },
                |chunk| check_chunk(validator, plan, display, keyed, chunk),
                |checked| {
                    if checked.offset > 0 {
                        bar.set_position(checked.offset);
                    }
                    self.take(checked, &mut pending, feed)
                },
            )?;
            self.text = text;
            bar.finish_and_clear();
            if self.report.is_empty() {
                pending.flush(0, feed)?;
                feed.drain()?;
            }
            Ok(())
        })?;
        bar.finish_and_clear();
        self.report.diagnostics.extend(repeated.diagnostics);
        Ok(written)
    }

    /// Takes the records of one chunk, checked: while every record so far is valid, their rows
    /// are fed on record by record; after the first invalid record nothing more is encoded, but
    /// every record is checked.
    fn take(
        &mut self,
        checked: CheckedChunk,
        pending: &mut Pending,
        feed: &mut Feed<'_, '_, '_>,
    ) -> Result<(), Error> {
        if self.report.is_empty() {
            let tables = checked.rows.len().max(1);
            let mut rows: Vec<_> = checked.rows.into_iter().map(Vec::into_iter).collect();
            for record in checked.counts.chunks(tables) {
                for (t, &n) in record.iter().enumerate() {
                    pending.rows[t].extend(rows[t].by_ref().take(n));
                }
                self.written += 1;
                pending.flush(pending.batch_size, feed)?;
            }
        }
        if !checked.report.is_empty() {
            pending.rows.iter_mut().for_each(Vec::clear);
            self.report.diagnostics.extend(checked.report.diagnostics);
        }
        Ok(())
    }
}
