//! Our own words: summaries, descriptions and measures must not copy a run of eight or more
//! consecutive words from a source text: the texts a seeds file quotes, and those kept in its
//! folder (comparing every file with every text would not scale to thousands of articles).

use std::collections::{HashMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use super::context::Context;
use super::sources::Texts;
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
pub fn check(ctx: &mut Context<'_>, dataset: &Dataset, texts: &Texts) {
    // Words are interned as numbers, so that a run is a small array to hash.
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut runs: HashSet<[u32; COPIED_RUN]> = HashSet::new();
    for source in texts.values() {
        let ids: Vec<u32> = words(&source.text)
            .into_iter()
            .map(|w| {
                let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                *vocabulary.entry(w).or_insert(next)
            })
            .collect();
        for run in ids.windows(COPIED_RUN) {
            runs.extend(<[u32; COPIED_RUN]>::try_from(run).ok());
        }
    }
    if runs.is_empty() {
        return;
    }
    let check_one = |ctx: &mut Context<'_>, at: &At, sub: &str, id: &Id, text: Option<&String>| {
        let Some(text) = text else { return };
        let words = words(text);
        let ids: Vec<Option<u32>> = words.iter().map(|w| vocabulary.get(w).copied()).collect();
        let copied = ids.windows(COPIED_RUN).position(|w| {
            let run: Option<Vec<u32>> = w.iter().copied().collect();
            run.and_then(|r| <[u32; COPIED_RUN]>::try_from(r).ok())
                .is_some_and(|r| runs.contains(&r))
        });
        if let Some(start) = copied {
            let run = &words[start..start + COPIED_RUN];
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
