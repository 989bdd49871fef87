//! The dataset's descriptions, made from the metadata file beside the written tables: the data
//! package (`package`), the codebook (`codebook`), the Croissant file (`croissant`), the dataset
//! card (`card`), `CITATION.cff` (`cff`), the articles' texts (`sources`), and the (key,
//! value) pairs a one-file format carries (`about`).

pub(crate) mod card;
pub(crate) mod cff;
pub(crate) mod codebook;
pub(crate) mod croissant;
pub(crate) mod package;
pub(crate) mod sources;

use std::io::Write as _;

use serde_json::Value;

use crate::error::Error;
use crate::export::{Described, Hashes, TableFormat, TableSummary, writes_parquet};
use crate::hash::Written;
use crate::model::metadata::DatasetMetadata;
use crate::output::Staging;
use crate::tables::TableSpec;

/// The description of the dataset `metadata` describes, as (key, value) pairs for the files
/// that carry it (a database's `_dataset` table).
#[must_use]
pub(crate) fn about(metadata: &DatasetMetadata) -> Vec<(String, String)> {
    [
        ("name", metadata.name.as_str()),
        ("title", &metadata.title),
        ("description", &metadata.description),
        ("version", &metadata.version),
        ("license", &metadata.license.id),
        ("license_title", &metadata.license.title),
        ("license_url", &metadata.license.url),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect()
}

/// Writes `datapackage.json`, `CODEBOOK.md`, `croissant.json` (when the Parquet files it reads
/// were written), the dataset card `README.md` and the companions of `formats` beside the table
/// files already in `staging`, whose hashes are `hashes`, describing the dataset as `metadata`
/// says, curated from `articles`.
pub(crate) fn finish_package(
    staging: &Staging,
    (metadata, formats): (&DatasetMetadata, &[Box<dyn TableFormat>]),
    (specs, summaries): (&[TableSpec], &[TableSummary]),
    articles: &[sources::Article],
    hashes: &mut Hashes,
) -> Result<(), Error> {
    let sources = package::sources(articles);
    let source = sources.first().and_then(|s| {
        let title = s.get("title").and_then(Value::as_str)?;
        let url = s.get("path").and_then(Value::as_str);
        Some((title, url.filter(|u| u.starts_with("https://"))))
    });
    let described = Described {
        name: &metadata.name,
        title: &metadata.title,
        metadata: Some(metadata),
        source,
        tables: specs,
    };
    write_companions(staging, formats, &described, hashes)?;
    let package = package::datapackage(metadata, (specs, articles), (hashes, formats))?;
    let codebook = codebook::codebook(metadata, specs, summaries, formats);
    let croissant = if writes_parquet(formats) {
        Some(croissant::croissant(metadata, specs, hashes, formats)?)
    } else {
        None
    };
    let card = card::card(metadata, (specs, summaries), articles, formats);
    for (rel, text) in [
        ("datapackage.json", Some(package)),
        ("CODEBOOK.md", Some(codebook)),
        (croissant::CROISSANT_FILE, croissant),
        (card::CARD_FILE, Some(card)),
    ] {
        if let Some(text) = text {
            write_described(staging, rel, &text, hashes)?;
        }
    }
    Ok(())
}

/// Writes the companion files of every format of `formats` (such as the Datasette metadata
/// beside a database) into `staging`, hashed into `hashes`.
pub(crate) fn write_companions(
    staging: &Staging,
    formats: &[Box<dyn TableFormat>],
    described: &Described<'_>,
    hashes: &mut Hashes,
) -> Result<(), Error> {
    for format in formats {
        for (rel, text) in format.companions(described) {
            write_described(staging, &rel, &text, hashes)?;
        }
    }
    Ok(())
}

/// Writes the description `text` as the file `rel` of `staging`, hashed into `hashes`.
pub(crate) fn write_described(
    staging: &Staging,
    rel: &str,
    text: &str,
    hashes: &mut Hashes,
) -> Result<(), Error> {
    write_file(staging, rel, text.as_bytes())?;
    hashes.insert(rel.to_owned(), Written::of(text.as_bytes()));
    Ok(())
}

fn write_file(staging: &Staging, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let mut file = staging.create(rel)?;
    file.write_all(bytes)
        .map_err(Error::io(staging.path().join(rel), "write"))
}
