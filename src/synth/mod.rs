//! A synthetic seeds folder of about N records, for benchmarks and stress tests: every kind of
//! record, realistic sizes and references, and article texts that contain every quote. The same
//! N and layout always give the same files.
//!
//! Files are generated one after another (an article, or a shard of articles, at a time), so
//! that [`write()`] streams them to disk in flat memory whatever N is.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::dataset::RecordList;
use crate::error::Error;
use crate::hash::sha256_hex;
use crate::model::metadata::METADATA_FILE;
use crate::output::Staging;
use crate::schema::to_pretty;

mod article;

use article::{OUTLETS, article};

/// Records per synthetic article (one source, then the other lists of [`RecordList::ALL`] in
/// fixed shares).
pub(crate) const RECORDS_PER_ARTICLE: usize = 100;

/// Articles per shard folder in the JSON Lines layout.
pub(crate) const ARTICLES_PER_SHARD: usize = 100;

/// How the synthetic seeds folder is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeedsLayout {
    /// One folder per article: `aNNNNNN/article.txt` and `aNNNNNN/records.json`.
    #[default]
    Json,
    /// One folder per 100 articles: `shard-NNNN/<list>.jsonl` (one record per line) and the
    /// texts in `shard-NNNN/texts/aNNNNNN.txt`.
    Jsonl,
}

/// Every file of a synthetic seeds folder of about `records` records in the JSON layout, by
/// relative path, held in memory (for tests and benches; [`write()`] streams to disk).
#[must_use]
pub fn files(records: usize) -> BTreeMap<String, Vec<u8>> {
    layout_files(records, SeedsLayout::Json)
}

/// Every file of a synthetic seeds folder in `layout`, by relative path, held in memory.
#[must_use]
pub(crate) fn layout_files(records: usize, layout: SeedsLayout) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Ok(_) = generate::<std::convert::Infallible>(records, layout, |rel, bytes| {
        files.insert(rel.to_owned(), bytes.to_vec());
        Ok(())
    });
    files
}

/// Writes a synthetic seeds folder into `out` (replaced as a whole once every file is written),
/// one file at a time; returns how many files were written.
///
/// Like every folder this tool replaces, it gets a `SHA256SUMS` listing every file, by which a
/// later `synth` (or `build`, `export`) recognises it as an earlier output it may replace. One
/// mechanism for every command rather than a marker file for this one: hashing is cheap (the
/// 48 MB of `synth --records 100000` hash in 0.05 s on this project's machine, in a 2 to 4 s
/// run that flushing the files to disk dominates), the sums let a user check a shared synthetic
/// folder, and the validator reads only `.json` and `.jsonl` files, so they are not taken for
/// seeds.
pub fn write(records: usize, layout: SeedsLayout, out: &Path) -> Result<usize, Error> {
    let staging = Staging::new(out, &[])?;
    let mut sums = BTreeMap::new();
    let count = generate(records, layout, |rel, bytes| {
        sums.insert(rel.to_owned(), sha256_hex(bytes));
        staging
            .create(rel)?
            .write_all(bytes)
            .map_err(Error::io(staging.path().join(rel), "write"))
    })?;
    staging.write_sums(sums.iter().map(|(rel, sha)| (rel.as_str(), sha.as_str())))?;
    staging.commit()?;
    Ok(count + 1)
}

/// The metadata of a synthetic dataset of about `records` records.
fn metadata(records: usize) -> Value {
    json!({
        "$schema": "../schema/dataset.schema.json",
        "name": format!("synthetic-{records}"),
        "title": format!("Synthetic seeds of about {records} records"),
        "description": "Generated records for benchmarks and stress tests; they describe nothing real.",
        "version": "0.0.0",
        "license": {
            "id": "CC0-1.0",
            "title": "Creative Commons Zero 1.0 Universal",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/"
        },
        "creators": [{ "name": "seedtool synth", "kind": "organization" }],
        "language": ["en"],
        "keywords": ["synthetic"]
    })
}

/// Generates the files of a synthetic seeds folder one after another, handing each to `emit`
/// with its relative path; returns how many files were generated. Memory holds one article (JSON
/// layout) or one shard of records (JSON Lines layout) at a time.
pub(crate) fn generate<E>(
    records: usize,
    layout: SeedsLayout,
    mut emit: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<usize, E> {
    let outlets: Vec<Value> = OUTLETS
        .iter()
        .map(|(id, title)| json!({"id": id, "kind": "news_agency", "title": title}))
        .collect();
    let common = json!({"$schema": "../../schema/seeds.schema.json", "sources": outlets});
    emit("common/outlets.json", to_pretty(&common).as_bytes())?;
    emit(METADATA_FILE, to_pretty(&metadata(records)).as_bytes())?;
    let mut count = 2;
    let articles = records.div_ceil(RECORDS_PER_ARTICLE).max(1);
    match layout {
        SeedsLayout::Json => {
            for a in 0..articles {
                let dir = format!("a{a:06}");
                let text_path = format!("{dir}/article.txt");
                let (text, lists) = article(a, &text_path);
                let mut doc = serde_json::Map::new();
                doc.insert("$schema".into(), "../../schema/seeds.schema.json".into());
                for (name, list) in RecordList::ALL.iter().zip(lists) {
                    doc.insert(name.key().into(), Value::Array(list));
                }
                emit(&text_path, text.as_bytes())?;
                emit(
                    &format!("{dir}/records.json"),
                    to_pretty(&Value::Object(doc)).as_bytes(),
                )?;
                count += 2;
            }
        }
        SeedsLayout::Jsonl => {
            for shard in 0..articles.div_ceil(ARTICLES_PER_SHARD) {
                let dir = format!("shard-{shard:04}");
                let mut lines: [Vec<u8>; RecordList::COUNT] = std::array::from_fn(|_| Vec::new());
                let first = shard * ARTICLES_PER_SHARD;
                for a in first..articles.min(first + ARTICLES_PER_SHARD) {
                    let text_path = format!("{dir}/texts/a{a:06}.txt");
                    let (text, lists) = article(a, &text_path);
                    emit(&text_path, text.as_bytes())?;
                    count += 1;
                    for (out, list) in lines.iter_mut().zip(lists) {
                        for record in list {
                            // Writing a `Value` into a `Vec` cannot fail.
                            let _ = serde_json::to_writer(&mut *out, &record);
                            out.push(b'\n');
                        }
                    }
                }
                for (name, out) in RecordList::ALL.iter().zip(&lines) {
                    emit(&format!("{dir}/{}.jsonl", name.key()), out)?;
                    count += 1;
                }
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of every record in the JSON Lines files of each shard, by shard folder.
    fn shard_ids(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, Vec<String>> {
        let mut shards: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (rel, bytes) in files {
            let lines = crate::seeds::is_lines(rel);
            if let Some((shard, _)) = rel.split_once('/').filter(|_| lines) {
                for line in std::str::from_utf8(bytes).unwrap().lines() {
                    let record: Value = serde_json::from_str(line).unwrap();
                    let id = record["id"].as_str().unwrap().to_owned();
                    shards.entry(shard).or_default().push(id);
                }
            }
        }
        shards
    }

    #[test]
    fn every_id_of_a_shard_sorts_before_every_id_of_the_next() {
        // 250 articles: two full shards and a partial one.
        let files = layout_files(25_000, SeedsLayout::Jsonl);
        let shards = shard_ids(&files);
        assert_eq!(
            shards.keys().copied().collect::<Vec<_>>(),
            ["shard-0000", "shard-0001", "shard-0002"]
        );
        let ranges: Vec<(&String, &String)> = shards
            .values()
            .map(|ids| (ids.iter().min().unwrap(), ids.iter().max().unwrap()))
            .collect();
        for pair in ranges.windows(2) {
            assert!(pair[0].1 < pair[1].0, "{pair:?}");
        }
        assert_eq!(shards.values().map(Vec::len).sum::<usize>(), 25_000);
    }

    #[test]
    fn both_layouts_hold_the_same_records_and_texts() {
        let json = layout_files(2_000, SeedsLayout::Json);
        let lines = layout_files(2_000, SeedsLayout::Jsonl);
        assert_eq!(json["common/outlets.json"], lines["common/outlets.json"]);
        let mut from_json: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (rel, bytes) in json.iter().filter(|(r, _)| r.ends_with("records.json")) {
            let doc: Value = serde_json::from_slice(bytes).unwrap();
            let a = &rel[..7];
            assert_eq!(
                json[&format!("{a}/article.txt")],
                lines[&format!("shard-0000/texts/{a}.txt")]
            );
            for list in RecordList::ALL.map(RecordList::key) {
                from_json
                    .entry(list.to_owned())
                    .or_default()
                    .extend(doc[list].as_array().unwrap().iter().cloned());
            }
        }
        for list in RecordList::ALL.map(RecordList::key) {
            let text = std::str::from_utf8(&lines[&format!("shard-0000/{list}.jsonl")]).unwrap();
            let mut records: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            for record in &mut records {
                if let Some(path) = record.get_mut("path") {
                    // shard-0000/texts/aNNNNNN.txt → aNNNNNN/article.txt
                    let a = &path.as_str().unwrap()[17..24];
                    *path = Value::String(format!("{a}/article.txt"));
                }
            }
            assert_eq!(records, from_json[list], "{list}");
        }
    }

    #[test]
    fn the_same_records_and_layout_give_the_same_files() {
        for layout in [SeedsLayout::Json, SeedsLayout::Jsonl] {
            assert_eq!(layout_files(1_500, layout), layout_files(1_500, layout));
        }
    }
}
