//! Mentions are complete: in a source where an entity is mentioned at all, every occurrence of
//! its name or an alias, as a whole word, lies within one of its recorded mentions.

use super::context::Context;
use crate::checked::{Spans, Texts};
use crate::dataset::Dataset;
use crate::diagnostic::{Rule, line_column};

/// Reports every occurrence of an entity's name or alias, in a source that mentions it, that no
/// recorded mention of it covers.
pub(crate) fn check(ctx: &mut Context<'_>, dataset: &Dataset, texts: &Texts, spans: &Spans) {
    'entities: for l in &dataset.entities {
        let e = &l.record;
        let mut covered: Vec<(&str, usize, usize)> = Vec::new();
        for i in 0..e.mentions.len() {
            let Some(s) = spans.get(&(e.id.0.clone(), format!("/mentions/{i}"))) else {
                // An unplaced mention is reported already; nothing more can be said.
                continue 'entities;
            };
            covered.push((s.source.as_str(), s.byte_start, s.byte_end));
        }
        let mut sources: Vec<&str> = covered.iter().map(|c| c.0).collect();
        sources.sort_unstable();
        sources.dedup();
        for source in sources {
            let Some(text) = texts.get(source) else {
                continue;
            };
            for name in std::iter::once(&*e.name).chain(e.aliases.iter().map(String::as_str)) {
                for start in words(&text.text, name) {
                    let end = start + name.len();
                    let inside = covered
                        .iter()
                        .any(|&(s, a, b)| s == source && a <= start && end <= b);
                    if inside {
                        continue;
                    }
                    let (line, column) = line_column(&text.text, start);
                    let d = ctx
                        .diagnostic(
                            Rule::MentionMissing,
                            &l.at,
                            "/mentions",
                            Some(&e.id),
                            "a mention of the entity by name is not recorded",
                        )
                        .found(format!("`{name}` at {line}:{column} of {}", text.path))
                        .expected("a mention covering every occurrence of the entity's name and aliases in a source that mentions it");
                    ctx.report.push(d);
                }
            }
        }
    }
}

/// Byte offsets of the occurrences of `word` in `text` that stand as whole words: not preceded
/// or followed by a letter or digit.
fn words(text: &str, word: &str) -> Vec<usize> {
    if word.is_empty() {
        return Vec::new();
    }
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes())
        .filter(|&start| {
            let before = text[..start].chars().next_back();
            let after = text[start + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn only_whole_words_are_occurrences() {
        let text = "Russia and Russian aid; Russia’s help (Russia)";
        assert_eq!(words(text, "Russia"), [0, 24, 41]);
        assert!(words(text, "Rus").is_empty());
        assert!(words(text, "").is_empty());
    }
}
