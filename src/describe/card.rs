//! The dataset card (`README.md` of the output folder): Hugging Face YAML front matter (licence,
//! language, pretty name, tags, size category, and one `configs` entry per table reading its
//! Parquet file), then the sections of a dataset card: summary; structure (tables, keys and joins,
//! from the table registry); collection and curation; known limits and biases; the articles'
//! texts published beside the tables and their rights; loading and checking (with each reader's
//! prerequisites and pitfalls); licences; how to cite, in words and as BibTeX. The words come
//! from the metadata file, the `sources` table and the tables' doc comments.

use std::fmt::Write as _;

use serde_json::Value;

use super::codebook::where_in;
use super::croissant::citation;
use super::sources::Article;
use crate::export::parquet::Parquet;
use crate::export::parts::parts_folder;
use crate::export::{TableFormat, TableSummary, table_path};
use crate::model::metadata::{Creator, DatasetMetadata};
use crate::tables::TableSpec;

/// The file name of the dataset card in the output folder.
pub(crate) const CARD_FILE: &str = "README.md";

/// A YAML scalar: a JSON string is a YAML double-quoted scalar with the same value.
fn yaml(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

/// Hugging Face's size category of a dataset of `rows` rows.
fn size_category(rows: usize) -> &'static str {
    match rows {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        100_000_000..1_000_000_000 => "100M<n<1B",
        _ => "n>1B",
    }
}

/// Hugging Face's licence identifier of an SPDX one: lower case (`CC-BY-4.0` → `cc-by-4.0`).
fn hf_license(spdx: &str) -> String {
    spdx.to_ascii_lowercase()
}

fn front_matter(
    out: &mut String,
    metadata: &DatasetMetadata,
    (specs, summaries): (&[TableSpec], &[TableSummary]),
    rows: usize,
) {
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "license: {}", yaml(&hf_license(&metadata.license.id)));
    let _ = writeln!(out, "language:");
    for language in &metadata.language {
        let _ = writeln!(out, "- {}", yaml(language));
    }
    let _ = writeln!(out, "pretty_name: {}", yaml(&metadata.title));
    let _ = writeln!(out, "tags:");
    for tag in &metadata.keywords {
        let _ = writeln!(out, "- {}", yaml(tag));
    }
    let _ = writeln!(out, "size_categories:\n- {}", yaml(size_category(rows)));
    let _ = writeln!(out, "configs:");
    for (table, summary) in specs.iter().zip(summaries) {
        let _ = writeln!(out, "- config_name: {}", yaml(&table.name));
        let files = match summary.parts {
            Some(_) => format!(
                "{}/*.{}",
                parts_folder(&table.name, &Parquet),
                Parquet.extension()
            ),
            None => table_path(&table.name, &Parquet),
        };
        let _ = writeln!(out, "  data_files: {}", yaml(&files));
    }
    let _ = writeln!(out, "---\n");
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn structure(
    out: &mut String,
    (specs, summaries): (&[TableSpec], &[TableSummary]),
    formats: &[Box<dyn TableFormat>],
    name: &str,
) {
    let _ = writeln!(out, "## Dataset structure\n");
    let folders: Vec<String> = formats.iter().map(|f| where_in(f.as_ref(), name)).collect();
    let _ = writeln!(
        out,
        "{} tables, each as {} with the same rows (the configurations above read the Parquet files); `CODEBOOK.md` documents every column and its allowed values, `datapackage.json` and `croissant.json` describe the same tables for Frictionless and Croissant tools.\n",
        specs.len(),
        folders.join(", ")
    );
    let _ = writeln!(out, "| table | rows | one row per | key | joins |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (table, summary) in specs.iter().zip(summaries) {
        let key: Vec<String> = table.primary_key.iter().map(|k| format!("`{k}`")).collect();
        let joins: Vec<String> = table
            .foreign_keys
            .iter()
            .map(crate::tables::ForeignKey::in_words)
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {}{} | {} | {} | {} |",
            table.name,
            summary.rows,
            summary
                .parts
                .map_or_else(String::new, |(n, _)| format!(" in {n} parts")),
            cell(&table.description),
            key.join(", "),
            joins.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nA key is unique and never null; every join resolves (the build checks both before it publishes).\n"
    );
}

fn licences(out: &mut String, metadata: &DatasetMetadata) {
    let _ = writeln!(out, "## Licences\n");
    let _ = writeln!(
        out,
        "The curated records are offered under [{}]({}) ({}). Quotations remain the words of their publisher: each is cited in its evidence row (`evidence.source_id` names the source) and is not relicensed.",
        metadata.license.id, metadata.license.url, metadata.license.title
    );
    if !metadata.code_licenses.is_empty() {
        let code: Vec<String> = metadata
            .code_licenses
            .iter()
            .map(|l| format!("[{}]({})", l.id, l.url))
            .collect();
        let _ = writeln!(
            out,
            "The tool that builds the dataset is under {}.",
            code.join(" or ")
        );
    }
    let _ = writeln!(out);
}

fn source_texts(out: &mut String, metadata: &DatasetMetadata, articles: &[Article]) {
    let published: Vec<_> = articles
        .iter()
        .filter_map(|a| Some((a, a.published_text()?, &a.text.as_ref()?.1)))
        .collect();
    if published.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Source texts
"
    );
    let _ = writeln!(
        out,
        "The evidence offsets count characters of these texts, published beside the tables so that any quote can be checked from this folder alone; each file's SHA-256 is the one its row of the `sources` table gives, and `SHA256SUMS` lists it.\n"
    );
    for (article, path, sha) in &published {
        let _ = writeln!(out, "- `{path}`: {} (SHA-256 `{sha}`)", article.name());
    }
    let _ = writeln!(
        out,
        "\n**Their rights are not the dataset's.** The {} licence covers the curated records, not these texts. The seeds record no licence for them{}: their rights are unknown and remain with their authors and publishers. They are published here only so that the evidence can be checked; ask their publisher before reusing them.\n",
        metadata.license.id,
        if published.iter().any(|(a, _, _)| a.publisher.is_some()) {
            ""
        } else {
            " and no publisher"
        }
    );
}

fn loading(out: &mut String) {
    let _ = writeln!(
        out,
        "## Loading and checking
"
    );
    let _ = writeln!(
        out,
        "- Checksums: `sha256sum -c SHA256SUMS` in this folder.\n- Frictionless: `frictionless validate datapackage.json` needs the JSON extra, `pip install \"frictionless[json]\"`; a plain `pip install frictionless` reports every NDJSON resource INVALID, as it cannot read NDJSON without it.\n- Croissant: one `mlcroissant.Dataset` loads every record set whole, in any order; mlcroissant 1.1.1 yields no row when the same `Dataset` reads a record set with references a second time, so keep the rows of the first reading or make a new `Dataset`:\n\n```python\nimport mlcroissant as mlc\n\ndataset = mlc.Dataset(jsonld=\"croissant.json\")\nevents = list(dataset.records(record_set=\"events\"))\nparticipants = list(dataset.records(record_set=\"event_participants\"))\n```\n"
    );
}

/// Escapes text for a BibTeX field in braces.
fn bib(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '~' => escaped.push_str("\\textasciitilde{}"),
            '^' => escaped.push_str("\\textasciicircum{}"),
            '\\' => escaped.push_str("\\textbackslash{}"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The dataset's BibTeX entry, keyed by its name.
pub(crate) fn bibtex(metadata: &DatasetMetadata, articles: &[Article]) -> String {
    let authors: Vec<String> = metadata
        .creators
        .iter()
        .map(|c| match c {
            Creator::Person {
                given_names,
                family_names,
            } => format!("{}, {}", bib(family_names), bib(given_names)),
            Creator::Organization { name } => format!("{{{}}}", bib(name)),
        })
        .collect();
    let mut fields = vec![
        ("author", authors.join(" and ")),
        ("title", format!("{{{}}}", bib(&metadata.title))),
    ];
    if let Some(date) = metadata.date_published {
        fields.push(("year", date.format("%Y").to_string()));
    }
    fields.push(("version", bib(&metadata.version)));
    fields.push(("howpublished", "Data set".to_owned()));
    if let Some(url) = &metadata.url {
        fields.push(("url", url.clone()));
    }
    if !articles.is_empty() {
        let names: Vec<String> = articles.iter().map(|a| bib(&a.name())).collect();
        fields.push(("note", format!("Curated from {}", names.join("; "))));
    }
    let mut entry = format!("@misc{{{},\n", metadata.name);
    for (key, value) in fields {
        let _ = writeln!(entry, "  {key:<12} = {{{value}}},");
    }
    entry.push('}');
    entry
}

/// The dataset card of the dataset `metadata` describes, for the tables `specs`, written as
/// `summaries` say, curated from `articles`.
#[must_use]
pub(crate) fn card(
    metadata: &DatasetMetadata,
    (specs, summaries): (&[TableSpec], &[TableSummary]),
    articles: &[Article],
    formats: &[Box<dyn TableFormat>],
) -> String {
    let rows = summaries.iter().map(|s| s.rows).sum();
    let mut out = String::new();
    front_matter(&mut out, metadata, (specs, summaries), rows);
    let _ = writeln!(out, "# {}\n", metadata.title);
    let _ = writeln!(out, "## Dataset summary\n");
    let _ = writeln!(out, "{}\n", metadata.description);
    if !articles.is_empty() {
        let names: Vec<String> = articles.iter().map(Article::name).collect();
        let _ = writeln!(out, "Curated from: {}.\n", names.join("; "));
    }
    let _ = writeln!(
        out,
        "Version {}; {rows} rows in {} tables.\n",
        metadata.version,
        specs.len()
    );
    structure(&mut out, (specs, summaries), formats, &metadata.name);
    if !metadata.collection.is_empty() {
        let _ = writeln!(
            out,
            "## Collection and curation\n\n{}\n",
            metadata.collection
        );
    }
    if !metadata.limitations.is_empty() {
        let _ = writeln!(out, "## Known limits and biases\n");
        for limit in &metadata.limitations {
            let _ = writeln!(out, "- {limit}");
        }
        let _ = writeln!(out);
    }
    source_texts(&mut out, metadata, articles);
    loading(&mut out);
    licences(&mut out, metadata);
    let _ = writeln!(
        out,
        "## How to cite\n\n{}\n\n```bibtex\n{}\n```",
        citation(metadata),
        bibtex(metadata, articles)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metadata::tests::example;
    use crate::tables::registry::specs;

    #[test]
    fn the_front_matter_has_one_config_per_table() {
        let specs = specs().unwrap();
        let summaries: Vec<_> = specs.iter().map(TableSummary::new).collect();
        let card = card(
            &example(),
            (specs, &summaries),
            &[],
            &crate::export::formats(),
        );
        let (_, rest) = card.split_once("---\n").unwrap();
        let (front, body) = rest.split_once("---\n").unwrap();
        assert!(front.contains("license: \"cc-by-4.0\"\n"), "{front}");
        assert!(front.contains("size_categories:\n- \"n<1K\"\n"), "{front}");
        for table in specs {
            let config = format!(
                "- config_name: \"{0}\"\n  data_files: \"parquet/{0}.parquet\"\n",
                table.name
            );
            assert!(front.contains(&config), "{config}");
            assert!(body.contains(&format!("| `{}` |", table.name)));
        }
        for section in [
            "## Dataset summary",
            "## Dataset structure",
            "## Collection and curation",
            "## Known limits and biases",
            "## Licences",
            "## How to cite",
        ] {
            assert!(body.contains(section), "{section}");
        }
    }

    #[test]
    fn size_categories_follow_hugging_face() {
        assert_eq!(size_category(999), "n<1K");
        assert_eq!(size_category(1_000), "1K<n<10K");
        assert_eq!(size_category(1_000_000), "1M<n<10M");
    }
}
