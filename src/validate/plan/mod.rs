//! The first pass over a seeds folder: the parts to check (each JSON file, and each slice of about
//! [`PART_BYTES`] of a JSON Lines file), and a light index of every record read without the rest
//! of its fields: the kind each id names, the first and last id of each part, and every source's
//! text path. The second pass checks each part on its own against this index, in parallel.

mod heads;

use std::collections::HashMap;

use crate::dataset::RecordList;
use crate::error::Error;
pub(crate) use crate::model::SourceInfo;
use crate::seeds::{self, LinesRun, Seeds};
use crate::validate::blobs::{Blobs, Mentions, Sources};
use crate::validate::ids::{Budget, Entry, IdIndex};
use crate::validate::links::{Link, LinkProblem, Linked};
use heads::{Heads, read_heads};

/// About how many bytes of a JSON Lines file make one part.
pub(crate) const PART_BYTES: u64 = 4 << 20;

/// One unit of checking: a JSON seeds file, or a run of lines of a JSON Lines seeds file.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Path of the file relative to the seeds folder.
    pub(crate) rel: String,
    /// The path shown in diagnostics.
    pub(crate) display: String,
    /// For a JSON Lines file, which lines.
    pub(crate) lines: Option<LinesRun>,
}

/// A record whose id an earlier record already has.
#[derive(Debug, Clone)]
pub(crate) struct Duplicate {
    /// The list the later record is in.
    pub(crate) list: RecordList,
    /// Its index within its part's list.
    pub(crate) index: usize,
    /// The id.
    pub(crate) id: String,
    /// Where the id was first defined.
    pub(crate) first: Entry,
}

/// The parts of a seeds folder and the index of its ids.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Every part, in the order files sort.
    pub(crate) parts: Vec<Part>,
    /// Every id, with where it was first defined.
    pub(crate) ids: IdIndex,
    /// The records that repeat an earlier id, by part.
    pub(crate) duplicates: HashMap<usize, Vec<Duplicate>>,
    /// What is known of every source, by the number of its id in `ids` ([`Plan::source`]).
    pub(crate) sources: Sources,
    /// The sources whose text lies in each folder (relative to the seeds folder), by folder.
    pub(crate) folders: HashMap<String, Vec<String>>,
    /// The smallest id of each list in each part (by [`RecordList`] order).
    pub(crate) smallest: Vec<[Option<Box<str>>; RecordList::COUNT]>,
    /// Whether every part could be read; when one could not, references may name records in it.
    pub(crate) complete: bool,
    /// The recorded mentions of every entity that has some, by the number of its id in `ids`.
    pub(crate) mentions: Mentions,
    /// Every broken link rule (cycles, parts and wholes, two-way relations), by the part holding
    /// the linking record: found at the end of the first pass, which keeps no link past it.
    pub(crate) link_problems: HashMap<usize, Vec<LinkProblem>>,
}

/// Lists the parts of the seeds folder and indexes their ids, on `threads` threads; the
/// index moves to disk past its `budget`.
pub(crate) fn plan(seeds: Seeds<'_>, threads: usize, budget: Budget) -> Result<Plan, Error> {
    let root = seeds.root;
    let rels = seeds::discover(root)?;
    if rels.is_empty() {
        return Err(Error::Usage(format!(
            "no *.json or *.jsonl seeds files found in {}",
            root.display()
        )));
    }
    let bytes = rels
        .iter()
        .filter_map(|rel| std::fs::metadata(root.join(rel)).ok())
        .map(|m| m.len())
        .sum();
    let mut plan = Plan {
        complete: true,
        mentions: Mentions(Blobs::new(budget.clone())),
        // The sources are fewer than the entities, and their records smaller.
        sources: Sources(Blobs::new(Budget {
            bytes: budget.bytes / 4,
            scratch: budget.scratch.clone(),
        })),
        ids: IdIndex::for_seeds(bytes, budget),
        ..Plan::default()
    };
    let mut linked = Linked::default();
    crate::parallel::map_ordered(
        rels.len(),
        threads,
        |i| read_heads(seeds, &rels[i]),
        |_, parts| {
            for (part, heads) in parts {
                plan.add(part, heads, &mut linked)?;
            }
            Ok(())
        },
    )?;
    plan.mentions.0.flush()?;
    plan.sources.0.flush()?;
    let mut repeats = plan.ids.finish()?;
    repeats.sort_unstable_by_key(|r| r.row.number);
    for repeat in repeats {
        let entry = repeat.row.entry;
        let duplicate = Duplicate {
            list: entry.list,
            index: entry.index as usize,
            id: repeat.row.id.into(),
            first: repeat.first,
        };
        let part = entry.part as usize;
        plan.duplicates.entry(part).or_default().push(duplicate);
    }
    // The links, dropped here, grow with the seeds; their problems are few.
    plan.link_problems = linked.problems(&plan.ids)?;
    Ok(plan)
}

impl Plan {
    fn add(&mut self, part: Part, heads: Heads, linked: &mut Linked) -> Result<(), Error> {
        let p = self.parts.len();
        self.parts.push(part);
        self.complete &= heads.readable;
        let mut smallest: [Option<Box<str>>; RecordList::COUNT] = std::array::from_fn(|_| None);
        let mut counts = [0u32; RecordList::COUNT];
        let mut links = heads.links.into_iter().peekable();
        let mut amounts = heads.amounts.into_iter().peekable();
        let mut mentions = heads.mentions.into_iter().peekable();
        let mut pairs = heads.pairs.into_iter().peekable();
        // The number each source of the part was given, for what is kept of it below.
        let mut numbered: HashMap<String, u32> = HashMap::new();
        for (at, (list, id, kind)) in heads.records.into_iter().enumerate() {
            let slot = list as usize;
            let index = counts[slot];
            counts[slot] += 1;
            if smallest[slot].as_deref().is_none_or(|s| id.as_str() < s) {
                smallest[slot] = Some(id.as_str().into());
            }
            while let Some((_, sub, to)) = links.next_if(|l| l.0 == at) {
                linked.links.push(Link {
                    part: p,
                    list,
                    index: index as usize,
                    sub,
                    from: id.clone(),
                    to,
                });
            }
            let entry = Entry {
                kind,
                part: u32::try_from(p).unwrap_or(u32::MAX),
                list,
                index,
            };
            let amount = amounts.next_if(|a| a.0 == at).map(|(_, amount)| amount);
            let mentioned = mentions.next_if(|m| m.0 == at).map(|(_, m)| m);
            if let Some((_, ends)) = pairs.next_if(|r| r.0 == at) {
                let (index, sub) = (index as usize, "/object".to_owned());
                let (from, to) = (id.clone(), String::new());
                let link = Link {
                    part: p,
                    list,
                    index,
                    sub,
                    from,
                    to,
                };
                linked.pairs.push((link, ends));
            }
            match self.ids.insert(&id, entry)? {
                Ok(number) => {
                    if list == RecordList::Sources {
                        numbered.entry(id.clone()).or_insert(number);
                    }
                    if let Some(amount) = amount {
                        linked.amounts.push(number, amount);
                    }
                    if let Some(mentioned) = mentioned {
                        self.mentions.insert(number, &mentioned)?;
                    }
                }
                Err(first) => self.duplicates.entry(p).or_default().push(Duplicate {
                    list,
                    index: index as usize,
                    id,
                    first,
                }),
            }
        }
        self.keep_sources(heads.sources, numbered)?;
        self.smallest.push(smallest);
        Ok(())
    }

    /// Keeps what is known of a part's `sources`, by the number of their id in `numbered`, and
    /// lists those with a text under its folder.
    fn keep_sources(
        &mut self,
        found: Vec<(String, SourceInfo)>,
        mut numbered: HashMap<String, u32>,
    ) -> Result<(), Error> {
        let mut sources: Vec<(u32, SourceInfo)> = Vec::with_capacity(found.len());
        for (id, info) in found {
            if let Some(path) = &info.path {
                let folder = path.rsplit_once('/').map_or("", |(f, _)| f).to_owned();
                self.folders.entry(folder).or_default().push(id.clone());
            }
            // The first of the part's sources with this id, and one whose id no earlier
            // record has: the one the index numbers it by.
            if let Some(number) = numbered.remove(id.as_str()) {
                sources.push((number, info));
            }
        }
        sources.sort_unstable_by_key(|s| s.0);
        for (number, info) in sources {
            self.sources.insert(number, &info)?;
        }
        Ok(())
    }

    /// What the first pass learned of source `id`, when a source has it (the first record to
    /// have it, when several do).
    pub(crate) fn source(&self, id: &str) -> Result<Option<SourceInfo>, Error> {
        match self.ids.position(id)? {
            Some(number) => self.sources.get(number),
            None => Ok(None),
        }
    }

    /// For each part, the smallest id of the given lists in any later part: rows led by a
    /// smaller id can no longer be preceded by rows of parts still to come.
    #[must_use]
    pub(crate) fn watermarks(&self, lists: &[RecordList]) -> Vec<Option<Box<str>>> {
        let mut marks = vec![None; self.parts.len()];
        let mut low: Option<Box<str>> = None;
        for p in (0..self.parts.len()).rev() {
            marks[p].clone_from(&low);
            for list in lists {
                if let Some(id) = &self.smallest[p][*list as usize]
                    && low.as_deref().is_none_or(|l| id.as_ref() < l)
                {
                    low = Some(id.clone());
                }
            }
        }
        marks
    }
}

#[cfg(test)]
impl Plan {
    /// A plan of one part per entry of `smallest`, each holding lists whose smallest ids are
    /// given, for testing what builds on the plan.
    pub(crate) fn with_smallest(smallest: Vec<[Option<Box<str>>; RecordList::COUNT]>) -> Plan {
        let parts = (0..smallest.len())
            .map(|p| Part {
                rel: format!("part-{p}.json"),
                display: format!("part-{p}.json"),
                lines: None,
            })
            .collect();
        Plan {
            parts,
            smallest,
            complete: true,
            ..Plan::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest ids of one part, by list.
    fn part(ids: &[(RecordList, &str)]) -> [Option<Box<str>>; RecordList::COUNT] {
        let mut smallest: [Option<Box<str>>; RecordList::COUNT] = std::array::from_fn(|_| None);
        for (list, id) in ids {
            smallest[*list as usize] = Some((*id).into());
        }
        smallest
    }

    #[test]
    fn a_watermark_is_the_smallest_id_of_the_given_lists_in_any_later_part() {
        use RecordList::{Entities, Events, Sources};
        // Interleaved: part 1 holds ids below those of part 0, part 3 below part 2.
        let plan = Plan::with_smallest(vec![
            part(&[(Entities, "m"), (Events, "x")]),
            part(&[(Entities, "c"), (Events, "a")]),
            part(&[(Entities, "t"), (Sources, "b")]),
            part(&[(Entities, "s")]),
            part(&[]),
        ]);
        let marks = |lists: &[RecordList]| -> Vec<Option<String>> {
            let marks = plan.watermarks(lists);
            marks.into_iter().map(|m| m.map(String::from)).collect()
        };
        let some = |id: &str| Some(id.to_owned());
        assert_eq!(
            marks(&[Entities]),
            [some("c"), some("s"), some("s"), None, None]
        );
        assert_eq!(
            marks(&[Entities, Events]),
            [some("a"), some("s"), some("s"), None, None]
        );
        assert_eq!(marks(&[Sources]), [some("b"), some("b"), None, None, None]);
        assert_eq!(marks(&[]), [None, None, None, None, None]);
    }
}
