//! Our own words: summaries, descriptions and measures must not copy a run of eight or more
//! consecutive words from any source text.

use std::collections::{BTreeMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use super::context::Context;
use super::sources::SourceText;
use crate::dataset::{At, Dataset};
use crate::diagnostic::Rule;
use crate::model::Id;

/// How many consecutive words of a source make a copy.
pub const COPIED_RUN: usize = 8;

fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

/// Reports every summary, description and measure that repeats [`COPIED_RUN`] consecutive words
/// of a source text.
pub fn check(ctx: &mut Context<'_>, dataset: &Dataset, texts: &BTreeMap<String, SourceText>) {
    let mut runs: HashSet<Vec<String>> = HashSet::new();
    for source in texts.values() {
        for run in words(&source.text).windows(COPIED_RUN) {
            runs.insert(run.to_vec());
        }
    }
    if runs.is_empty() {
        return;
    }
    let check_one = |ctx: &mut Context<'_>, at: &At, sub: &str, id: &Id, text: Option<&String>| {
        let Some(text) = text else { return };
        if let Some(run) = words(text).windows(COPIED_RUN).find(|w| runs.contains(*w)) {
            let d = ctx
                .diagnostic(
                    Rule::CopiedWording,
                    at,
                    sub,
                    Some(id),
                    "copies the source's wording",
                )
                .found(format!(
                    "`{}`, {COPIED_RUN} consecutive words of a source",
                    run.join(" ")
                ))
                .expected("a summary in our own words (quotations belong in quote fields)");
            ctx.report.push(d);
        }
    };
    for s in &dataset.sources {
        check_one(
            ctx,
            &s.at,
            "/description",
            &s.record.id,
            s.record.description.as_ref(),
        );
    }
    for e in &dataset.entities {
        check_one(
            ctx,
            &e.at,
            "/description",
            &e.record.id,
            e.record.description.as_ref(),
        );
    }
    for e in &dataset.events {
        check_one(
            ctx,
            &e.at,
            "/summary",
            &e.record.id,
            Some(&e.record.summary),
        );
    }
    for q in &dataset.quantities {
        check_one(
            ctx,
            &q.at,
            "/measures",
            &q.record.id,
            Some(&q.record.measures),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_and_punctuation() {
        assert_eq!(words("The “Law,” passed."), ["the", "law", "passed"]);
    }
}
