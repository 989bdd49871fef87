//! The dataset's own metadata: name, title, description, version, licences, creators, language
//! and keywords, hand-edited once in the seeds folder's `dataset.json` and held to
//! `schema/dataset.schema.json`, generated from these types. Every published description of the
//! dataset (the data package, the codebook, the Parquet files' metadata, the Croissant file, the
//! dataset card, `CITATION.cff`) is derived from it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The name of the metadata file, at the root of the seeds folder.
pub(crate) const METADATA_FILE: &str = "dataset.json";

/// The dataset's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Dataset metadata")]
pub struct DatasetMetadata {
    /// Relative path from this file to `schema/dataset.schema.json`, so that editors check the
    /// file while it is typed.
    #[serde(rename = "$schema")]
    #[schemars(pattern(r"(^|/)dataset\.schema\.json$"))]
    pub(crate) schema: String,
    /// Machine name: lower-case letters, digits and hyphens, e.g. `tajikistan-counter-terrorism-2007`.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) name: String,
    /// Title, for people.
    #[schemars(length(min = 1))]
    pub(crate) title: String,
    /// What the dataset holds, in one or two sentences.
    #[schemars(length(min = 1))]
    pub(crate) description: String,
    /// The dataset's version, `MAJOR.MINOR.PATCH` (semantic versioning: a major version for a
    /// record or column removed or changed, a minor one for records or columns added, a patch
    /// for metadata alone).
    #[schemars(pattern(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"))]
    pub(crate) version: String,
    /// The day this version was released, when it is fixed (`YYYY-MM-DD`); the only date the
    /// generated files carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date_published: Option<chrono::NaiveDate>,
    /// The licence of the curated records.
    pub(crate) license: License,
    /// The licences of the tool's code, listed beside the data's in the data package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) code_licenses: Vec<License>,
    /// Who made the dataset, as they are to be cited.
    #[schemars(length(min = 1))]
    pub(crate) creators: Vec<Creator>,
    /// The languages of the dataset's text, as BCP 47 tags, e.g. `en`.
    #[schemars(length(min = 1), inner(pattern(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")))]
    pub(crate) language: Vec<String>,
    /// Keywords, for catalogues and search.
    #[serde(default)]
    pub(crate) keywords: Vec<String>,
    /// How the records were collected and curated, in a paragraph or two of Markdown, for the
    /// dataset card.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) collection: String,
    /// The dataset's known limits and biases, one Markdown sentence or two each, for the dataset
    /// card.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) limitations: Vec<String>,
    /// Where the dataset is published, when it has a home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(url)]
    pub(crate) url: Option<String>,
}

/// A licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct License {
    /// Its SPDX identifier, e.g. `CC-BY-4.0`.
    #[schemars(pattern(r"^[A-Za-z0-9.+-]+$"))]
    pub(crate) id: String,
    /// Its full name, and what it covers.
    pub(crate) title: String,
    /// Where its text is.
    #[schemars(url)]
    pub(crate) url: String,
}

/// One of the dataset's creators, as they are to be cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Creator {
    /// A person.
    Person {
        /// The given names, e.g. `Ada`.
        #[schemars(length(min = 1))]
        given_names: String,
        /// The family names, e.g. `Lovelace`.
        #[schemars(length(min = 1))]
        family_names: String,
    },
    /// An organisation, or a group of contributors cited as one.
    Organization {
        /// The name, e.g. `The tajik-ct-dataset contributors`.
        #[schemars(length(min = 1))]
        name: String,
    },
}

impl Creator {
    /// The name as it is written in a citation.
    #[must_use]
    pub(crate) fn display_name(&self) -> String {
        match self {
            Creator::Person {
                given_names,
                family_names,
            } => format!("{given_names} {family_names}"),
            Creator::Organization { name } => name.clone(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Metadata for tests.
    pub(crate) fn example() -> DatasetMetadata {
        DatasetMetadata {
            schema: "../schema/dataset.schema.json".into(),
            name: "a-dataset".into(),
            title: "A dataset".into(),
            description: "Some records.".into(),
            version: "1.2.3".into(),
            date_published: None,
            license: License {
                id: "CC-BY-4.0".into(),
                title: "Creative Commons Attribution 4.0 International".into(),
                url: "https://creativecommons.org/licenses/by/4.0/".into(),
            },
            code_licenses: Vec::new(),
            creators: vec![Creator::Organization {
                name: "The contributors".into(),
            }],
            language: vec!["en".into()],
            keywords: vec!["test".into()],
            collection: "Typed in by hand.".into(),
            limitations: vec!["Made up.".into()],
            url: None,
        }
    }
}
