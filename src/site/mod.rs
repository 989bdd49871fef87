//! The dataset explorer: one self-contained HTML page (`explorer.html`) that shows each article
//! with every record's evidence highlighted over its own words, a view of every table, and a
//! timeline of the dated events. The tables and the article texts are embedded as JSON, the CSS
//! and JavaScript inline; the page fetches nothing, so it opens from `file://` and offline. Its
//! header names the dataset, its version and licence, and how to cite it (`about`).
//!
//! The page is made from a written output folder (its `json/` tables) and the seeds' texts, so
//! `build` (into its staging folder) and `site --dist` (from a published folder) write the same
//! bytes.

mod about;
mod data;

use std::io::Write as _;
use std::path::Path;

use about::About;

use crate::error::Error;
use crate::export::TableSummary;
use crate::hash::{Hashes, Written, sha256_hex};
use crate::output::file::{self, Own};
use crate::output::{Protect, SUMS_FILE, Staging, sums};

/// The page's file name in the output folder.
pub const FILE: &str = "explorer.html";

/// The most rows, all tables together, the page embeds: past that a browser struggles to open
/// it, and `site` refuses rather than write it.
pub const MAX_RECORDS: usize = 20_000;

const TEMPLATE: &str = include_str!("explorer.html");
const STYLE: &str = include_str!("explorer.css");
const SCRIPT: &str = include_str!("explorer.js");

/// The page for the output folder `dist`, whose articles' texts are under the seeds folder
/// `seeds`; refused (a usage error) when the tables hold more than [`MAX_RECORDS`] rows.
pub fn render(dist: &Path, seeds: &Path) -> Result<String, Error> {
    let rows = data::count_rows(dist)?;
    if rows > MAX_RECORDS {
        return Err(too_large(rows));
    }
    page(&data::embedded(dist, seeds)?, &About::read(seeds)?)
}

/// How an explorer page this tool wrote is recognised: by the generator line in its head.
pub(crate) const OWN: Own = Own::Mark {
    what: "an explorer page",
    mark: "<meta name=\"generator\" content=\"seedtool site\">",
    schema: false,
};

/// Writes the page for `dist` (see [`render`]) to the file `out`, replacing it whole; refused
/// (see [`crate::output::file`]) inside the seeds folder `seeds` or the schema folder, and over a
/// file that is not an earlier page. When the `SHA256SUMS` beside `out` lists it (a published
/// folder), its line is brought up to date, so that the folder still verifies.
pub fn write(dist: &Path, seeds: &Path, out: &Path) -> Result<(), Error> {
    let protect = [Protect::Seeds(seeds)];
    file::check(out, OWN, &protect)?;
    let html = render(dist, seeds)?;
    file::replace(out, html.as_bytes(), OWN, &protect)?;
    let Some(name) = out.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    let path = crate::output::parent_of(out).join(SUMS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let Ok(mut sums) = sums::parse(&text) else {
        return Ok(());
    };
    if let Some(sha) = sums.get_mut(name) {
        *sha = sha256_hex(html.as_bytes());
        let updated = sums::render(sums.iter().map(|(rel, sha)| (rel.as_str(), sha.as_str())));
        if updated != text {
            file::replace(&path, updated.as_bytes(), Own::Sums, &protect)?;
        }
    }
    Ok(())
}

/// Adds the page to a build's `staging` folder, whose tables were written as `summaries` say,
/// and its hash to `hashes`. A dataset of more than [`MAX_RECORDS`] rows gets no page: the
/// tables are published alone.
pub(crate) fn publish(
    staging: &Staging,
    seeds: &Path,
    summaries: &[TableSummary],
    hashes: &mut Hashes,
) -> Result<(), Error> {
    if summaries.iter().map(|s| s.rows).sum::<usize>() > MAX_RECORDS {
        return Ok(());
    }
    let html = page(
        &data::embedded(staging.path(), seeds)?,
        &About::read(seeds)?,
    )?;
    let mut file = staging.create(FILE)?;
    file.write_all(html.as_bytes())
        .map_err(Error::io(staging.path().join(FILE), "write"))?;
    hashes.insert(FILE.to_owned(), Written::of(html.as_bytes()));
    Ok(())
}

fn too_large(rows: usize) -> Error {
    Error::Usage(format!(
        "the dataset holds {rows} rows, more than the {MAX_RECORDS} the explorer embeds: a \
         browser could not open such a page, so none was written"
    ))
}

/// The page embedding `data` (JSON text), with the style and script inline and `about` the
/// dataset in its header. Every `<` of the data is written `\u003c`, so no `</script>` or `<!--`
/// in a quotation can end the block.
fn page(data: &str, about: &About) -> Result<String, Error> {
    let data = data.replace('<', "\\u003c");
    let mut html = String::with_capacity(TEMPLATE.len() + STYLE.len() + SCRIPT.len() + data.len());
    let mut rest = TEMPLATE;
    for (marker, value) in [
        ("{{title}}", about.title.as_str()),
        ("/*{{style}}*/", STYLE),
        ("{{title}}", about.title.as_str()),
        ("{{about}}", about.html.as_str()),
        ("{{data}}", data.as_str()),
        ("/*{{script}}*/", SCRIPT),
    ] {
        let (before, after) = rest.split_once(marker).ok_or_else(|| {
            Error::Internal(format!("the explorer's template lacks its marker {marker}"))
        })?;
        html.push_str(before);
        html.push_str(value);
        rest = after;
    }
    html.push_str(rest);
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_mark_it_is_recognised_by() {
        let Own::Mark { mark, .. } = OWN else {
            panic!("the page is recognised by a mark");
        };
        let about = About::of(&crate::model::metadata::tests::example());
        let html = page("{}", &about).unwrap();
        assert!(html[..html.find("</head>").unwrap()].contains(mark));
    }

    #[test]
    fn the_data_cannot_close_its_script_block() {
        let about = About::of(&crate::model::metadata::tests::example());
        let html = page(r#"{"q":"</script><!-- x"}"#, &about).unwrap();
        let start = html.find("id=\"dataset\">").unwrap();
        let block = &html[start..];
        let end = block.find("</script>").unwrap();
        assert!(block[..end].contains(r"\u003c/script>\u003c!-- x"));
        assert_eq!(html.matches("<script").count(), 2);
    }

    #[test]
    fn a_build_too_large_to_embed_publishes_no_page() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("out"), &[]).unwrap();
        let specs = crate::tables::registry::specs().unwrap();
        let mut summaries: Vec<TableSummary> = specs.iter().map(TableSummary::new).collect();
        summaries[0].rows = MAX_RECORDS + 1;
        let mut hashes = Hashes::new();
        publish(&staging, dir.path(), &summaries, &mut hashes).unwrap();
        assert!(hashes.is_empty());
        assert!(!staging.path().join(FILE).exists());
    }

    #[test]
    fn the_page_fetches_nothing() {
        for asset in [TEMPLATE, STYLE, SCRIPT] {
            for needle in [
                "http://",
                "https://",
                "src=",
                "@import",
                "fetch(",
                "XMLHttpRequest",
            ] {
                assert!(!asset.contains(needle), "an asset holds {needle}");
            }
        }
    }
}
