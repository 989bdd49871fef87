//! Evidence: every quote is found in its source's text, once, and its offsets are computed.

use super::context::{Context, Want};
use crate::checked::{QuoteSpan, SourceText, Spans, Texts};
use crate::dataset::{At, Dataset};
use crate::diagnostic::{Rule, line_column};
use crate::model::{Evidence, Id, SourceKind};

/// Locates every evidence quote, attribution and statement quotation of `dataset`.
pub(crate) fn locate_all(ctx: &mut Context<'_>, dataset: &Dataset, texts: &Texts) -> Spans {
    let mut spans = Spans::new();
    dataset.for_each_record(|r| {
        let (at, id) = (r.at, r.record.id());
        for (i, e) in r.record.evidence().iter().enumerate() {
            locate_one(ctx, texts, &mut spans, at, id, &format!("/evidence/{i}"), e);
        }
        for (i, a) in r.record.attributions().iter().enumerate() {
            let sub = format!("/attributions/{i}/evidence");
            locate_one(ctx, texts, &mut spans, at, id, &sub, &a.evidence);
        }
        for (i, m) in r.record.mentions().iter().enumerate() {
            let sub = format!("/mentions/{i}");
            locate_one(ctx, texts, &mut spans, at, id, &sub, &m.as_evidence());
        }
    });
    for s in &dataset.statements {
        locate_quotation(
            ctx,
            texts,
            &mut spans,
            &s.at,
            &s.record.id,
            &s.record.quote,
            &s.record.evidence,
        );
    }
    spans
}

/// Reports every field of a record that gives a source's wording (a figure's or a date's
/// `as_written`) but stands in none of its evidence quotes: such wording must come from the
/// sentence that supports the record, not from a citation or another paragraph. An attribution's
/// date is held to the attribution's own quote.
pub(crate) fn check_wordings(ctx: &mut Context<'_>, dataset: &Dataset) {
    dataset.for_each_record(|r| {
        let (at, id, evidence) = (r.at, r.record.id(), r.record.evidence());
        let dates = r.record.dates().into_iter().filter_map(|(sub, t)| {
            let written = t?.as_written.as_deref()?;
            Some((format!("{sub}/as_written"), written, evidence))
        });
        let fields = r
            .record
            .wordings()
            .into_iter()
            .map(|(sub, written)| (sub.to_owned(), written, evidence));
        let credits = r
            .record
            .attributions()
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let written = a.date.as_ref()?.as_written.as_deref()?;
                let quote = std::slice::from_ref(&a.evidence);
                Some((format!("/attributions/{i}/date/as_written"), written, quote))
            });
        for (sub, written, quotes) in dates.chain(fields).chain(credits) {
            if quotes.iter().any(|q| q.quote.contains(written)) {
                continue;
            }
            let d = ctx
                .diagnostic(
                    Rule::WordingNotInEvidence,
                    at,
                    &sub,
                    Some(id),
                    "wording not found in the record's evidence",
                )
                .found(format!("`{}`", clip(written)))
                .expected("words that stand in one of the record's own evidence quotes");
            ctx.report.push(d);
        }
    });
}

/// Byte offsets of the non-overlapping occurrences of `quote` in `text` (SIMD substring search).
pub(crate) fn occurrences(text: &str, quote: &str) -> Vec<usize> {
    if quote.is_empty() {
        return text.match_indices(quote).map(|(i, _)| i).collect();
    }
    memchr::memmem::find_iter(text.as_bytes(), quote.as_bytes()).collect()
}

fn span_of(source: &Id, text: &SourceText, byte_start: usize, len: usize) -> QuoteSpan {
    QuoteSpan {
        source: source.0.clone(),
        char_start: text.chars_before(byte_start),
        char_end: text.chars_before(byte_start + len),
        byte_start,
        byte_end: byte_start + len,
    }
}

fn locate_one(
    ctx: &mut Context<'_>,
    texts: &Texts,
    spans: &mut Spans,
    at: &At,
    id: &Id,
    sub: &str,
    evidence: &Evidence,
) {
    if !ctx.reference(
        at,
        &format!("{sub}/source"),
        id,
        &evidence.source,
        Want::Source(&[SourceKind::Article]),
    ) {
        return;
    }
    // A source whose text failed its own checks has been reported already.
    let Some(source) = texts.get(evidence.source.as_str()) else {
        return;
    };
    let quote = &evidence.quote;
    let starts = occurrences(&source.text, quote);
    let chosen = match (starts.len(), evidence.occurrence.map(u32::from)) {
        (0, _) => {
            let d = ctx
                .diagnostic(
                    Rule::QuoteNotFound,
                    at,
                    &format!("{sub}/quote"),
                    Some(id),
                    "quote not found in the source text",
                )
                .found(format!("`{}`", clip(quote)))
                .expected(nearest(&source.text, quote, &source.path));
            ctx.report.push(d);
            return;
        }
        (1, None | Some(1)) => starts[0],
        (n, Some(k)) if (k as usize) <= n => starts[k as usize - 1],
        (n, occurrence) => {
            let lines: Vec<String> = starts
                .iter()
                .map(|&s| line_column(&source.text, s).0.to_string())
                .collect();
            let (rule_sub, message) = match occurrence {
                None => (
                    format!("{sub}/quote"),
                    format!("quote occurs {n} times in the source text"),
                ),
                Some(k) => (
                    format!("{sub}/occurrence"),
                    format!("occurrence {k} asked for, but the quote occurs {n} time(s)"),
                ),
            };
            let d = ctx
                .diagnostic(Rule::QuoteAmbiguous, at, &rule_sub, Some(id), message)
                .found(format!(
                    "`{}` on lines {} of {}",
                    clip(quote),
                    lines.join(", "),
                    source.path
                ))
                .expected(format!("a longer quote, or \"occurrence\": 1 to {n}"));
            ctx.report.push(d);
            return;
        }
    };
    spans.insert(
        (id.0.clone(), sub.to_owned()),
        span_of(&evidence.source, source, chosen, quote.len()),
    );
}

fn locate_quotation(
    ctx: &mut Context<'_>,
    texts: &Texts,
    spans: &mut Spans,
    at: &At,
    id: &Id,
    quote: &str,
    evidence: &[Evidence],
) {
    let mut seen_text = None;
    for (i, e) in evidence.iter().enumerate() {
        let Some(source) = texts.get(e.source.as_str()) else {
            continue;
        };
        seen_text = Some(source);
        let starts = occurrences(&source.text, quote);
        // Prefer the occurrence inside the statement's own evidence.
        let within = spans
            .get(&(id.0.clone(), format!("/evidence/{i}")))
            .and_then(|ev| {
                starts
                    .iter()
                    .copied()
                    .find(|&s| s >= ev.byte_start && s + quote.len() <= ev.byte_end)
            });
        if let Some(start) = within.or_else(|| starts.first().copied()) {
            spans.insert(
                (id.0.clone(), "/quote".to_owned()),
                span_of(&e.source, source, start, quote.len()),
            );
            return;
        }
    }
    if let Some(source) = seen_text {
        let d = ctx
            .diagnostic(
                Rule::QuoteNotFound,
                at,
                "/quote",
                Some(id),
                "quotation not found in the text of its evidence's source",
            )
            .found(format!("`{}`", clip(quote)))
            .expected(nearest(&source.text, quote, &source.path));
        ctx.report.push(d);
    }
}

/// Says how far the start of `quote` does match `text`, to point at the first difference.
pub(crate) fn nearest(text: &str, quote: &str, path: &str) -> String {
    let bounds: Vec<usize> = quote
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([quote.len()])
        .collect();
    // The longest prefix (on a character boundary) that occurs in the text.
    let (mut lo, mut hi) = (0usize, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text.contains(&quote[..bounds[mid - 1]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        return format!("words found in {path}; not even the first character is");
    }
    let prefix = &quote[..bounds[lo - 1]];
    let at = text.find(prefix).unwrap_or(0);
    let (line, column) = line_column(text, at);
    let next: String = text[at + prefix.len()..]
        .chars()
        .take(12)
        .collect::<String>()
        .escape_debug()
        .to_string();
    format!(
        "words found in {path}: the first {} characters match at {line}:{column}, where the text goes on `{next}` but the quote has `{}`",
        prefix.chars().count(),
        quote[prefix.len()..]
            .chars()
            .take(12)
            .collect::<String>()
            .escape_debug()
    )
}

fn clip(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(57).collect::<String>())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_code_points() {
        let text = "a “b” c";
        let start = text.find('c').unwrap();
        let source = SourceText::new("s.txt".into(), text.into());
        let span = span_of(&Id("s".into()), &source, start, 1);
        assert_eq!((span.char_start, span.char_end), (6, 7));
        assert_eq!(span.byte_start, 10);
    }

    #[test]
    fn nearest_names_the_first_difference() {
        let hint = nearest("the law was passed", "the law was signed", "a.txt");
        assert!(hint.contains("first 12 characters"), "{hint}");
        assert!(hint.contains("`passed`"), "{hint}");
    }
}
