//! What the explorer says of the dataset above its views, from the seeds' metadata file: its
//! title, name, version and licence, and how to cite it.

use std::path::Path;

use crate::describe::croissant::citation;
use crate::error::Error;
use crate::model::metadata::DatasetMetadata;
use crate::seeds::DEFAULT_MAX_FILE_SIZE;

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page's title and the HTML of its lines about the dataset.
pub(super) struct About {
    pub(super) title: String,
    pub(super) html: String,
}

impl About {
    /// What the page says of the dataset `metadata` describes.
    pub(super) fn of(metadata: &DatasetMetadata) -> About {
        let license = &metadata.license;
        let html = format!(
            "<p id=\"about\">Dataset <code id=\"dataset-name\">{}</code>, version <span \
             id=\"dataset-version\">{}</span>; licence <a id=\"dataset-license\" rel=\"license\" \
             href=\"{}\">{}</a> ({}).</p>\n<p id=\"cite\">Cite as: {}</p>",
            escape(&metadata.name),
            escape(&metadata.version),
            escape(&license.url),
            escape(&license.id),
            escape(&license.title),
            escape(&citation(metadata)),
        );
        About {
            title: escape(&metadata.title),
            html,
        }
    }

    /// What the page says of the dataset whose seeds folder is `seeds`; a usage error when its
    /// metadata file is missing or invalid.
    pub(super) fn read(seeds: &Path) -> Result<About, Error> {
        let loaded = crate::validate::metadata::read(crate::seeds::Seeds {
            root: seeds,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        })?;
        let metadata = loaded.metadata.ok_or_else(|| {
            Error::Usage(format!(
                "the metadata file of {} is missing or invalid (see `seedtool validate`), so the \
                 page cannot name the dataset",
                seeds.display()
            ))
        })?;
        Ok(About::of(&metadata))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metadata::tests::example;

    #[test]
    fn the_page_names_the_dataset_its_version_licence_and_citation() {
        let mut metadata = example();
        metadata.title = "Rock & <roll>".into();
        let about = About::of(&metadata);
        assert_eq!(about.title, "Rock &amp; &lt;roll&gt;");
        for part in [
            ">1.2.3</span>",
            ">CC-BY-4.0</a>",
            "href=\"https://creativecommons.org/licenses/by/4.0/\"",
            "Cite as: ",
            "Rock &amp; &lt;roll&gt; (version 1.2.3)",
        ] {
            assert!(about.html.contains(part), "{part} not in {}", about.html);
        }
    }
}
