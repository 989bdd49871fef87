//! Our own words: summaries, descriptions and measures must not copy a run of eight or more
//! consecutive words from a source text: the texts a seeds file quotes, and those kept in its
//! folder (comparing every file with every text would not scale to thousands of articles).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use super::context::Context;
use crate::checked::Texts;
use crate::dataset::{At, Dataset};
use crate::diagnostic::Rule;
use crate::model::Id;

/// How many consecutive words of a source make a copy.
pub(crate) const COPIED_RUN: usize = 8;

fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

/// A word in lower case, copied only when it has capitals.
fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A field written in our own words: where it is and its words.
struct Field<'d> {
    at: &'d At,
    sub: &'static str,
    id: &'d Id,
    words: Vec<String>,
}

/// The fields of `dataset` long enough to hold a copied run.
fn fields(dataset: &Dataset) -> Vec<Field<'_>> {
    let mut found = Vec::new();
    dataset.for_each_record(|r| {
        for (sub, text) in r.record.own_words() {
            let words = text.map(words).unwrap_or_default();
            if words.len() >= COPIED_RUN {
                let (at, id) = (r.at, r.record.id());
                found.push(Field { at, sub, id, words });
            }
        }
    });
    found
}

/// Reports every summary, description and measure that repeats [`COPIED_RUN`] consecutive words
/// of a source text.
pub(crate) fn check(ctx: &mut Context<'_>, dataset: &Dataset, texts: &Texts) {
    let fields = fields(dataset);
    if fields.is_empty() {
        return;
    }
    // Only words of the fields can make a copied run, so only they are interned (as numbers, so
    // that a run is a small array to hash); the texts are scanned for runs of them alone.
    let mut vocabulary: HashMap<&str, u32> = HashMap::new();
    for word in fields.iter().flat_map(|f| &f.words) {
        let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
        vocabulary.entry(word).or_insert(next);
    }
    let mut runs: HashSet<[u32; COPIED_RUN]> = HashSet::new();
    for source in texts.values() {
        let ids: Vec<Option<u32>> = source
            .text
            .unicode_words()
            .map(|w| vocabulary.get(lower(w).as_ref()).copied())
            .collect();
        runs.extend(ids.windows(COPIED_RUN).filter_map(run));
    }
    if runs.is_empty() {
        return;
    }
    for field in &fields {
        let ids: Vec<Option<u32>> = field
            .words
            .iter()
            .map(|w| vocabulary.get(w.as_str()).copied())
            .collect();
        let copied = ids
            .windows(COPIED_RUN)
            .position(|w| run(w).is_some_and(|r| runs.contains(&r)));
        if let Some(start) = copied {
            let words = &field.words[start..start + COPIED_RUN];
            let d = ctx
                .diagnostic(
                    Rule::CopiedWording,
                    field.at,
                    field.sub,
                    Some(field.id),
                    "copies the source's wording",
                )
                .found(format!(
                    "`{}`, {COPIED_RUN} consecutive words of a source",
                    words.join(" ")
                ))
                .expected("a summary in our own words (quotations belong in quote fields)");
            ctx.report.push(d);
        }
    }
}

/// A window of word numbers as a run, when every word has one.
fn run(window: &[Option<u32>]) -> Option<[u32; COPIED_RUN]> {
    let mut run = [0; COPIED_RUN];
    for (slot, id) in run.iter_mut().zip(window) {
        *slot = (*id)?;
    }
    Some(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_and_punctuation() {
        assert_eq!(words("The “Law,” passed."), ["the", "law", "passed"]);
    }
}
