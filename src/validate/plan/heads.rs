//! The first pass's reading of one seeds file: each record read for its head only (its id, kind,
//! links, amount, mentions and source), a JSON Lines file cut into parts of about
//! [`PART_BYTES`] at line ends.

use std::fs::File;
use std::io::{BufRead, BufReader};

use serde::Deserialize;

use super::{PART_BYTES, Part};
use crate::dataset::RecordList;
use crate::error::Error;
use crate::model::lists::record_lists;
use crate::model::{Head, MentionRef, RecordKind, RecordType, SourceInfo, Unit};
use crate::seeds::{self, display_path, lines_list};
use crate::seeds::{LinesRun, Seeds};

macro_rules! skeleton {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// A seeds file as the first pass reads it: every list, each record as its head only.
        #[derive(Deserialize)]
        struct Skeleton {
            $(#[serde(default)] $key: Vec<<$ty as RecordType>::Head>,)*
        }

        impl Heads {
            fn add_skeleton(&mut self, s: Skeleton) {
                $(self.add(RecordList::$variant, s.$key);)*
            }

            fn add_line(&mut self, list: RecordList, line: &[u8]) -> bool {
                match list {
                    $(RecordList::$variant => {
                        self.add_parsed::<<$ty as RecordType>::Head>(list, line)
                    })*
                }
            }
        }
    };
}
record_lists!(skeleton);

/// The records of one part as the first pass sees them.
#[derive(Default)]
pub(super) struct Heads {
    pub(super) records: Vec<(RecordList, String, RecordKind)>,
    /// Links, by position in `records`: the pointer and the id linked to.
    pub(super) links: Vec<(usize, String, String)>,
    /// Amounts of quantities, by position in `records`.
    pub(super) amounts: Vec<(usize, (f64, Unit))>,
    /// Mentions of entities, by position in `records`.
    pub(super) mentions: Vec<(usize, Vec<MentionRef>)>,
    /// Ends of two-way relations, by position in `records`.
    pub(super) pairs: Vec<(usize, (String, &'static str, String))>,
    pub(super) sources: Vec<(String, SourceInfo)>,
    pub(super) readable: bool,
}

impl Heads {
    fn add<H: Head>(&mut self, list: RecordList, heads: Vec<H>) {
        for head in heads {
            let split = head.split(list);
            if let Some(info) = split.source {
                self.sources.push((split.id.clone(), info));
            }
            let at = self.records.len();
            if let Some(amount) = split.amount {
                self.amounts.push((at, amount));
            }
            if !split.mentions.is_empty() {
                self.mentions.push((at, split.mentions));
            }
            if let Some(pair) = split.pair {
                self.pairs.push((at, pair));
            }
            for (sub, to) in split.links {
                self.links.push((at, sub, to));
            }
            self.records.push((list, split.id, split.kind));
        }
    }

    fn add_parsed<H: Head>(&mut self, list: RecordList, line: &[u8]) -> bool {
        serde_json::from_slice::<H>(line)
            .map(|head| self.add(list, vec![head]))
            .is_ok()
    }
}

/// The parts of one file, each with its records' heads.
pub(super) fn read_heads(seeds: Seeds<'_>, rel: &str) -> Result<Vec<(Part, Heads)>, Error> {
    let display = display_path(seeds.root, rel);
    let path = seeds.root.join(rel);
    let Some(list) = lines_list(rel) else {
        let mut heads = Heads::default();
        let size = std::fs::metadata(&path).map_or(u64::MAX, |m| m.len());
        if size <= seeds.max_file_size {
            let bytes = std::fs::read(&path).map_err(Error::io(&path, "read"))?;
            if let Ok(skeleton) = serde_json::from_slice::<Skeleton>(&bytes) {
                heads.add_skeleton(skeleton);
                heads.readable = !seeds::is_lines(rel);
            }
        }
        let part = Part {
            rel: rel.to_owned(),
            display,
            lines: None,
        };
        return Ok(vec![(part, heads)]);
    };
    let file = File::open(&path).map_err(Error::io(&path, "read"))?;
    let mut parts = Vec::new();
    let mut current = LinesRun {
        list,
        offset: 0,
        len: 0,
        first_line: 1,
        first_record: 0,
        whole: false,
    };
    let mut heads = Heads {
        readable: true,
        ..Heads::default()
    };
    let (mut line_no, mut records) = (0, 0);
    for line in BufReader::with_capacity(1 << 16, file).split(b'\n') {
        let line = line.map_err(Error::io(&path, "read"))?;
        line_no += 1;
        current.len += line.len() as u64 + 1;
        if !line.iter().all(u8::is_ascii_whitespace) {
            records += 1;
            heads.readable &= heads.add_line(list, &line);
        }
        if current.len >= PART_BYTES {
            let next = LinesRun {
                offset: current.offset + current.len,
                len: 0,
                first_line: line_no + 1,
                first_record: records,
                ..current.clone()
            };
            let done = std::mem::replace(&mut current, next);
            let part_heads = std::mem::replace(
                &mut heads,
                Heads {
                    readable: true,
                    ..Heads::default()
                },
            );
            parts.push((lines_part(rel, &display, done), part_heads));
        }
    }
    if current.len > 0 || parts.is_empty() {
        parts.push((lines_part(rel, &display, current), heads));
    }
    if let [(part, _)] = parts.as_mut_slice()
        && let Some(lines) = &mut part.lines
    {
        lines.whole = true;
    }
    Ok(parts)
}

fn lines_part(rel: &str, display: &str, lines: LinesRun) -> Part {
    Part {
        rel: rel.to_owned(),
        display: display.to_owned(),
        lines: Some(lines),
    }
}
