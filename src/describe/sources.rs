//! The articles the records come from: their texts, published beside the tables as
//! `sources/<id>.txt` and held to the SHA-256 the `sources` table gives, so that every evidence
//! offset can be checked from the output folder alone; and their bibliographic fields, for the
//! citation, the dataset card and the data package.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::error::Error;
use crate::hash::{Hashes, Written, sha256_hex};
use crate::output::Staging;
use crate::spill::Spill;
use crate::tables::build::SEEDS_PREFIX;
use crate::tables::{Cells, TableSpec};

/// The folder of the output folder holding the articles' texts.
pub(crate) const FOLDER: &str = "sources";

/// An article of the `sources` table, as its row gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Article {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) publication: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) volume: Option<i64>,
    pub(crate) issue: Option<i64>,
    /// The first day it may have been published on (ISO 8601), and how precise that is.
    pub(crate) published: Option<(String, String)>,
    /// Its text's path in the `sources` table (under the seeds folder), and its SHA-256.
    pub(crate) text: Option<(String, String)>,
}

impl Article {
    /// Its name in words: its title, or else its publication, volume and issue.
    pub(crate) fn name(&self) -> String {
        if let Some(title) = &self.title {
            return title.clone();
        }
        let mut name = self.publication.clone().unwrap_or_else(|| self.id.clone());
        for (label, n) in [("volume", self.volume), ("issue", self.issue)] {
            if let Some(n) = n {
                let _ = write!(name, ", {label} {n}");
            }
        }
        name
    }

    /// Where its text is published in the output folder, when it has one.
    pub(crate) fn published_text(&self) -> Option<String> {
        self.text
            .as_ref()
            .map(|_| format!("{FOLDER}/{}.txt", self.id))
    }

    /// The year it was published.
    pub(crate) fn year(&self) -> Option<&str> {
        self.published.as_ref().and_then(|(date, _)| date.get(..4))
    }

    /// The month it was published, when known to the month or the day.
    pub(crate) fn month(&self) -> Option<u32> {
        let (date, precision) = self.published.as_ref()?;
        matches!(precision.as_str(), "month" | "day")
            .then(|| date.get(5..7)?.parse().ok())
            .flatten()
    }
}

/// The table whose rows are the sources, articles among them.
pub(crate) const TABLE: &str = "sources";

/// Keeps every article of the [`TABLE`] table's rows, as they pass, in `spill`: taken from the
/// rows (every source's cells would take several times the memory) and kept on disk, since at
/// scale they are many.
pub(crate) fn keeper<'a>(
    specs: &'a [TableSpec],
    spill: &'a mut Spill<Article>,
) -> impl FnMut(usize, &mut Vec<Cells>) + 'a {
    let at = specs.iter().position(|s| s.name == TABLE);
    move |t, rows| {
        if Some(t) == at {
            for article in articles(&specs[t], rows) {
                spill.push(&article);
            }
        }
    }
}

/// Every article among `rows`, rows of the [`TABLE`] table `spec`, in their order.
pub(crate) fn articles(spec: &TableSpec, rows: &[Cells]) -> Vec<Article> {
    let at = |name: &str| spec.columns.iter().position(|c| c.name == name);
    rows.iter()
        .filter_map(|row| {
            let get = |k: &str| at(k).and_then(|i| row.get(i)).filter(|v| !v.is_null());
            let text = |k: &str| get(k).and_then(Value::as_str).map(str::to_owned);
            if text("kind").as_deref() != Some("article") {
                return None;
            }
            Some(Article {
                id: text("id")?,
                title: text("title"),
                publication: text("publication"),
                publisher: text("publisher"),
                volume: get("volume").and_then(Value::as_i64),
                issue: get("issue").and_then(Value::as_i64),
                published: text("published").zip(text("published_precision")),
                text: text("path").zip(text("sha256")),
            })
        })
        .collect()
}

/// Copies the text of every article of `articles` from the seeds folder `seeds` into `staging`
/// (see [`Article::published_text`]), refusing one whose bytes no longer hash to its SHA-256,
/// and adds each to `hashes`.
pub(crate) fn publish(
    staging: &Staging,
    seeds: &Path,
    articles: &[Article],
    hashes: &mut Hashes,
) -> Result<(), Error> {
    for article in articles {
        let (Some((rel, sha)), Some(out)) = (&article.text, article.published_text()) else {
            continue;
        };
        let inside = rel
            .strip_prefix(SEEDS_PREFIX)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(rel);
        let file = seeds.join(inside);
        let bytes = std::fs::read(&file).map_err(Error::io(&file, "read"))?;
        let found = sha256_hex(&bytes);
        if &found != sha {
            return Err(Error::Usage(format!(
                "{} changed while the dataset was built: it hashes to {found}, not to the \
                 SHA-256 {sha} its source {} gives",
                file.display(),
                article.id
            )));
        }
        let mut written = staging.create(&out)?;
        written
            .write_all(&bytes)
            .map_err(Error::io(staging.path().join(&out), "write"))?;
        hashes.insert(out, Written::of(&bytes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edm() -> Article {
        Article {
            id: "edm-4-55".into(),
            publication: Some("Eurasia Daily Monitor".into()),
            volume: Some(4),
            issue: Some(55),
            published: Some(("2007-03-01".into(), "month".into())),
            text: Some(("seeds/edm-4-55/article.txt".into(), "ab".repeat(32))),
            ..Article::default()
        }
    }

    #[test]
    fn an_untitled_article_is_named_by_its_publication_volume_and_issue() {
        let article = edm();
        assert_eq!(article.name(), "Eurasia Daily Monitor, volume 4, issue 55");
        assert_eq!(article.published_text().unwrap(), "sources/edm-4-55.txt");
        assert_eq!((article.year(), article.month()), (Some("2007"), Some(3)));
        let year_only = Article {
            published: Some(("2007-01-01".into(), "year".into())),
            ..edm()
        };
        assert_eq!(year_only.month(), None);
    }

    #[test]
    fn a_text_that_no_longer_matches_its_hash_is_not_published() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir_all(seeds.join("edm-4-55")).unwrap();
        std::fs::write(seeds.join("edm-4-55/article.txt"), "changed").unwrap();
        let staging = Staging::new(&dir.path().join("out"), &[]).unwrap();
        let mut hashes = Hashes::new();
        let error = publish(&staging, &seeds, &[edm()], &mut hashes).unwrap_err();
        assert!(error.to_string().contains("changed while"), "{error}");
        assert!(hashes.is_empty());
        let good = Article {
            text: Some(("seeds/edm-4-55/article.txt".into(), sha256_hex(b"changed"))),
            ..edm()
        };
        publish(&staging, &seeds, &[good], &mut hashes).unwrap();
        assert_eq!(
            hashes["sources/edm-4-55.txt"].sha256,
            sha256_hex(b"changed")
        );
    }
}
