//! Coverage: the share of each article's sentences that some evidence quote touches, and the
//! sentences none touches, so that a curator sees what is still missing.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::checked::Checked;
use crate::diagnostic::line_column;

/// A sentence of a source text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Sentence {
    /// 1-based line where the sentence starts.
    pub(crate) line: usize,
    /// The sentence, trimmed.
    pub(crate) text: String,
}

/// Coverage of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCoverage {
    /// Id of the article.
    pub source: String,
    /// Path of its text, relative to the seeds folder.
    pub(crate) path: String,
    /// How many sentences the text has.
    pub(crate) sentences: usize,
    /// How many of them some evidence quote overlaps.
    pub(crate) touched: usize,
    /// The sentences no evidence quote overlaps.
    pub(crate) untouched: Vec<Sentence>,
}

impl SourceCoverage {
    /// The share of sentences touched, in percent.
    #[must_use]
    pub fn percent(&self) -> f64 {
        if self.sentences == 0 {
            100.0
        } else {
            100.0 * self.touched as f64 / self.sentences as f64
        }
    }
}

/// Computes the coverage of every article of a checked dataset.
#[must_use]
pub fn coverage(checked: &Checked) -> Vec<SourceCoverage> {
    let mut all = Vec::new();
    for (id, source) in &checked.texts {
        // Only a record's own evidence counts: a mention, a citation or a statement's quotation
        // alone records no fact of its sentence.
        let spans: Vec<(usize, usize)> = checked
            .spans
            .iter()
            .filter(|((_, sub), s)| sub.starts_with("/evidence/") && &s.source == id)
            .map(|(_, s)| (s.byte_start, s.byte_end))
            .collect();
        let mut result = SourceCoverage {
            source: id.clone(),
            path: source.path.clone(),
            sentences: 0,
            touched: 0,
            untouched: Vec::new(),
        };
        for (start, sentence) in source.text.split_sentence_bound_indices() {
            let trimmed = sentence.trim();
            if trimmed.is_empty() {
                continue;
            }
            let start = start + (sentence.len() - sentence.trim_start().len());
            let end = start + trimmed.len();
            result.sentences += 1;
            if spans.iter().any(|&(s, e)| s < end && start < e) {
                result.touched += 1;
            } else {
                result.untouched.push(Sentence {
                    line: line_column(&source.text, start).0,
                    text: trimmed.to_owned(),
                });
            }
        }
        all.push(result);
    }
    all
}

/// The coverage as text for people.
#[must_use]
pub fn render(coverage: &[SourceCoverage]) -> String {
    let mut out = String::new();
    for c in coverage {
        let _ = writeln!(
            out,
            "{} ({}): {} of {} sentences touched by evidence ({:.1}%)",
            c.source,
            c.path,
            c.touched,
            c.sentences,
            c.percent()
        );
        for s in &c.untouched {
            let _ = writeln!(out, "  not touched, line {}: {}", s.line, s.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::checked::{QuoteSpan, SourceText};

    #[test]
    fn only_evidence_touches_a_sentence() {
        let text = "One fact here. A name there. A third one.";
        let mut checked = Checked::default();
        checked.texts.insert(
            "a".to_owned(),
            Arc::new(SourceText::new("a/article.txt".to_owned(), text.to_owned())),
        );
        let span = |word: &str| {
            let start = text.find(word).unwrap();
            QuoteSpan {
                source: "a".to_owned(),
                char_start: start,
                char_end: start + word.len(),
                byte_start: start,
                byte_end: start + word.len(),
            }
        };
        let key = |id: &str, sub: &str| (id.to_owned(), sub.to_owned());
        checked.spans.insert(key("r", "/evidence/0"), span("fact"));
        checked.spans.insert(key("e", "/mentions/0"), span("name"));
        checked
            .spans
            .insert(key("r", "/attributions/0/evidence"), span("third"));
        let [covered] = coverage(&checked).try_into().unwrap();
        assert_eq!((covered.sentences, covered.touched), (3, 1));
    }
}
