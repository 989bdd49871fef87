//! The index of every id in the seeds, packed: the ids' text in one buffer and a hash table of
//! positions, so that a million ids take tens of megabytes rather than a map of strings.

use std::hash::BuildHasher;

use hashbrown::DefaultHashBuilder;
use hashbrown::HashTable;

use crate::model::{RecordKind, RecordList};

/// Where an id was first defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The kind of record it names.
    pub(crate) kind: RecordKind,
    /// The part it is in.
    pub(crate) part: u32,
    /// The list it is in.
    pub(crate) list: RecordList,
    /// Its index within the part's list.
    pub(crate) index: u32,
}

/// Every id and where it was first defined.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    /// The ids, one after another.
    text: String,
    /// For each id, where its text ends in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// For each id, where it was first defined.
    entries: Vec<Entry>,
    /// Positions in `ends` and `entries`, by the id's hash.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

/// The fewest bytes of seeds per record, as estimated to size the index before it is filled: a
/// record of the synthetic seeds takes about 300 bytes of JSON Lines, the shipped ones far more.
const BYTES_PER_RECORD: u64 = 256;

impl IdIndex {
    /// An index sized for the records of `bytes` bytes of seeds, so that filling it does not
    /// grow its table again and again.
    #[must_use]
    pub(crate) fn for_seeds(bytes: u64) -> Self {
        let records = usize::try_from(bytes / BYTES_PER_RECORD).unwrap_or(usize::MAX);
        // A first guess: an index of many more ids still grows as it fills.
        let records = records.min(1 << 26);
        IdIndex {
            entries: Vec::with_capacity(records),
            ends: Vec::with_capacity(records),
            table: HashTable::with_capacity(records),
            ..IdIndex::default()
        }
    }

    fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Every id with where it was first defined, in the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, Entry)> + '_ {
        (0..self.entries.len()).map(|i| {
            let n = u32::try_from(i).unwrap_or(u32::MAX);
            (self.id(n), self.entries[i])
        })
    }

    /// The ids nearest to `id` by edit distance, at most `max` of them, among those whose entry
    /// `accepts`: the suggestions for a mistyped reference. Reads every id, so it is for failures
    /// only.
    #[must_use]
    pub(crate) fn nearest(
        &self,
        id: &str,
        max: usize,
        accepts: impl Fn(Entry) -> bool,
    ) -> Vec<&str> {
        let limit = (id.chars().count() / 3).max(2);
        let mut near: Vec<(usize, &str)> = self
            .iter()
            .filter(|&(_, e)| accepts(e))
            .filter_map(|(other, _)| {
                let d = edit_distance(id, other, limit)?;
                Some((d, other))
            })
            .collect();
        near.sort_unstable();
        near.into_iter().take(max).map(|(_, other)| other).collect()
    }

    /// Where `id` was first defined.
    #[must_use]
    pub(crate) fn get(&self, id: &str) -> Option<Entry> {
        self.position(id).map(|i| self.entries[i as usize])
    }

    /// The number of `id` in the index: ids are numbered from 0 in the order they were added.
    #[must_use]
    pub(crate) fn position(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.table.find(hash, |&i| self.id(i) == id).copied()
    }

    /// Adds `id`, defined at `entry`, and gives its number; when it is already there, gives back
    /// where it was first defined instead.
    pub(crate) fn insert(&mut self, id: &str, entry: Entry) -> Result<u32, Entry> {
        if let Some(first) = self.get(id) {
            return Err(first);
        }
        let i = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.text.push_str(id);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        self.entries.push(entry);
        let hash = self.hasher.hash_one(id);
        let Self {
            table,
            hasher,
            text,
            ends,
            ..
        } = self;
        table.insert_unique(hash, i, |&j| {
            let j = j as usize;
            let start = if j == 0 { 0 } else { ends[j - 1] as usize };
            hasher.hash_one(&text[start..ends[j] as usize])
        });
        Ok(i)
    }
}

/// The Levenshtein distance between `a` and `b` in characters, when it is at most `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::RecordList;
    use crate::model::RecordKind;

    fn entry(index: u32) -> Entry {
        Entry {
            kind: RecordKind::Plain(RecordList::Events),
            part: 0,
            list: RecordList::Events,
            index,
        }
    }

    #[test]
    fn ids_are_found_and_repeats_name_the_first() {
        let mut ids = IdIndex::default();
        for i in 0..1000 {
            assert_eq!(ids.insert(&format!("event-{i}"), entry(i)), Ok(i));
        }
        assert_eq!(ids.entries.len(), 1000);
        assert_eq!(ids.get("event-417").map(|e| e.index), Some(417));
        assert!(ids.get("event-1000").is_none());
        assert!(ids.get("").is_none());
        assert_eq!(ids.insert("event-5", entry(9)).map_err(|e| e.index), Err(5));
        assert_eq!(ids.position("event-417"), Some(417));
        assert_eq!(ids.position("event-1000"), None);
    }

    #[test]
    fn the_nearest_ids_of_the_right_kind_are_suggested() {
        let mut ids = IdIndex::default();
        for (i, id) in [
            "tajikistan",
            "tajik-afghan-border",
            "kazakhstan",
            "afghanistan",
        ]
        .iter()
        .enumerate()
        {
            let _ = ids.insert(id, entry(u32::try_from(i).unwrap()));
        }
        assert_eq!(ids.nearest("tajikstan", 3, |_| true), ["tajikistan"]);
        assert_eq!(
            ids.nearest("afganistan", 3, |e| e.index != 0),
            ["afghanistan"]
        );
        assert!(ids.nearest("tajikstan", 3, |e| e.index != 0).is_empty());
        assert_eq!(edit_distance("kitten", "sitting", 5), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
    }

    #[test]
    fn an_index_sized_for_its_seeds_holds_as_many_ids_as_it_is_given() {
        let mut ids = IdIndex::for_seeds(256 * 10);
        for i in 0..50 {
            assert_eq!(ids.insert(&format!("q-{i}"), entry(i)), Ok(i));
        }
        assert_eq!(ids.get("q-49").map(|e| e.index), Some(49));
    }
}
