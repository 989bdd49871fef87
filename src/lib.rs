//! The tool behind an open dataset curated by hand from news articles: it validates the
//! hand-edited records (JSON Schema generated from the types in [`model`], then integrity rules)
//! and exports them as flat tables in JSON, NDJSON, CSV, Parquet and `SQLite`.

pub mod build;
pub(crate) mod checked;
pub mod citation;
pub(crate) mod columns;
pub mod coverage;
pub mod curate;
pub mod dataset;
pub(crate) mod describe;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod export;
pub(crate) mod gate;
pub mod generic;
pub mod hash;
pub(crate) mod model;
pub mod output;
pub mod parallel;
pub(crate) mod pipeline;
pub(crate) mod pointer;
pub mod schema;
pub mod seeds;
pub mod site;
pub(crate) mod spill;
pub(crate) mod spreadsheet;
pub mod stale;
pub(crate) mod strict_json;
pub mod synth;
pub mod tables;
pub(crate) mod ui;
pub mod validate;

pub use error::Error;
