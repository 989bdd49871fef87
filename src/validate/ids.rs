//! The index of every id in the seeds, packed: the ids' text in one buffer and a hash table of
//! positions, so that a million ids take tens of megabytes rather than a map of strings. Past a
//! memory budget the index moves to disk ([`super::idfile`]) and answers the same questions.

use std::hash::BuildHasher;
use std::path::PathBuf;

use hashbrown::DefaultHashBuilder;
use hashbrown::HashTable;

pub(crate) use super::idblocks::Entry;
use super::idblocks::{IdRow, Nearest, Sorted};
use super::idfile::{Repeat, Runs};
use crate::error::Error;

/// Every id and where it was first defined, in memory.
#[derive(Debug, Default)]
struct Memory {
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

/// About how many bytes an id takes in memory besides its text.
const BYTES_PER_ID: usize = 43;

impl Memory {
    /// An index sized for `records` ids, so that filling it does not grow its table again and
    /// again.
    fn with_capacity(records: usize) -> Self {
        Memory {
            entries: Vec::with_capacity(records),
            ends: Vec::with_capacity(records),
            table: HashTable::with_capacity(records),
            ..Memory::default()
        }
    }

    /// About how many bytes the index takes.
    fn bytes(&self) -> usize {
        self.text.len() + self.entries.len() * BYTES_PER_ID
    }

    /// Every id with its entry and number, sorted by id.
    fn sorted(&self) -> impl Iterator<Item = (&str, Entry, u32)> + '_ {
        let mut order: Vec<u32> =
            (0..u32::try_from(self.entries.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| self.id(a).cmp(self.id(b)));
        order
            .into_iter()
            .map(|i| (self.id(i), self.entries[i as usize], i))
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
    ) -> Vec<String> {
        let mut near = Nearest::new(id);
        for (other, _) in self.iter().filter(|&(_, e)| accepts(e)) {
            near.offer(other);
        }
        near.take(max)
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

/// Where the index spills to and how much memory it may take first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Budget {
    /// The most bytes the index takes in memory before it moves to disk.
    pub(crate) bytes: usize,
    /// The folder its scratch folder is made in.
    pub(crate) scratch: PathBuf,
}

/// Every id and where it was first defined: in memory, or on disk past its budget.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    memory: Memory,
    /// Ids gathered on disk since the memory budget was spent; repeats are found when merged.
    runs: Option<Runs>,
    /// The merged index on disk.
    disk: Option<Sorted>,
    /// The number the next id gets.
    next: u32,
    budget: Budget,
}

impl IdIndex {
    /// An index for the records of `bytes` bytes of seeds, kept in memory up to `budget`.
    #[must_use]
    pub(crate) fn for_seeds(bytes: u64, budget: Budget) -> Self {
        let records = usize::try_from(bytes / BYTES_PER_RECORD).unwrap_or(usize::MAX);
        // A first guess: an index of many more ids still grows as it fills.
        let records = records.min(1 << 26).min(budget.bytes / BYTES_PER_ID);
        IdIndex {
            memory: Memory::with_capacity(records),
            budget,
            ..IdIndex::default()
        }
    }

    /// Whether the index went to disk.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn on_disk(&self) -> bool {
        self.runs.is_some() || self.disk.is_some()
    }

    /// Adds `id`, defined at `entry`, and gives its number; when it is already there, gives back
    /// where it was first defined instead. Once the index is on disk, repeats are only found by
    /// [`IdIndex::finish`].
    pub(crate) fn insert(&mut self, id: &str, entry: Entry) -> Result<Result<u32, Entry>, Error> {
        let number = self.next;
        if let Some(runs) = &mut self.runs {
            self.next += 1;
            let row = IdRow {
                id: id.into(),
                entry,
                number,
            };
            runs.push(row)?;
            return Ok(Ok(number));
        }
        let added = self.memory.insert(id, entry);
        if added.is_ok() {
            self.next += 1;
            if self.memory.bytes() > self.budget.bytes {
                let mut runs = Runs::new(&self.budget.scratch, self.budget.bytes)?;
                runs.write_run(self.memory.sorted())?;
                self.memory = Memory::default();
                self.runs = Some(runs);
            }
        }
        Ok(added)
    }

    /// Ends the adding of ids: an index on disk is merged, giving every id added since it went
    /// to disk that repeats an earlier one.
    pub(crate) fn finish(&mut self) -> Result<Vec<Repeat>, Error> {
        let Some(runs) = self.runs.take() else {
            return Ok(Vec::new());
        };
        let (sorted, repeats) = runs.finish()?;
        self.disk = Some(sorted);
        Ok(repeats)
    }

    /// Where `id` was first defined, and its number: ids are numbered from 0 in the order they
    /// were added.
    pub(crate) fn find(&self, id: &str) -> Result<Option<(Entry, u32)>, Error> {
        match &self.disk {
            Some(disk) => disk.get(id),
            None => Ok(self
                .memory
                .position(id)
                .map(|i| (self.memory.entries[i as usize], i))),
        }
    }

    /// Where `id` was first defined.
    pub(crate) fn get(&self, id: &str) -> Result<Option<Entry>, Error> {
        Ok(self.find(id)?.map(|(entry, _)| entry))
    }

    /// The number of `id`.
    pub(crate) fn position(&self, id: &str) -> Result<Option<u32>, Error> {
        Ok(self.find(id)?.map(|(_, number)| number))
    }

    /// The ids nearest to `id` by edit distance, at most `max` of them, among those whose entry
    /// `accepts`: the suggestions for a mistyped reference. Reads every id, so it is for failures
    /// only.
    pub(crate) fn nearest(
        &self,
        id: &str,
        max: usize,
        accepts: impl Fn(Entry) -> bool,
    ) -> Result<Vec<String>, Error> {
        match &self.disk {
            Some(disk) => disk.nearest(id, max, accepts),
            None => Ok(self.memory.nearest(id, max, accepts)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::idblocks::edit_distance;
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
        let mut ids = Memory::default();
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
        let mut ids = Memory::default();
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
        let mut ids = Memory::with_capacity(10);
        for i in 0..50 {
            assert_eq!(ids.insert(&format!("q-{i}"), entry(i)), Ok(i));
        }
        assert_eq!(ids.get("q-49").map(|e| e.index), Some(49));
    }

    #[test]
    fn an_index_past_its_budget_moves_to_disk_and_answers_alike() {
        let scratch = tempfile::tempdir().unwrap();
        let budget = Budget {
            bytes: 2000,
            scratch: scratch.path().to_path_buf(),
        };
        let mut disk = IdIndex::for_seeds(0, budget);
        let mut memory = Memory::default();
        let (mut expected, mut found) = (Vec::new(), Vec::new());
        for i in 0..5000u32 {
            // Every seventh id repeats one added a thousand ids earlier.
            let id = if i % 7 == 6 && i > 1000 {
                format!("id-{:05}", i - 1000)
            } else {
                format!("id-{i:05}")
            };
            if let Err(first) = memory.insert(&id, entry(i)) {
                expected.push((i, first.index));
            }
            if let Err(first) = disk.insert(&id, entry(i)).unwrap() {
                found.push((i, first.index));
            }
        }
        assert!(disk.on_disk());
        let repeats = disk.finish().unwrap();
        found.extend(repeats.iter().map(|r| (r.row.entry.index, r.first.index)));
        found.sort_unstable();
        assert!(!expected.is_empty());
        assert_eq!(found, expected);
        for i in (0..6000).step_by(7) {
            let id = format!("id-{i:05}");
            assert_eq!(disk.get(&id).unwrap(), memory.get(&id), "{id}");
        }
        assert!(disk.get("").unwrap().is_none());
        assert!(disk.get("zzz").unwrap().is_none());
        let near = |e: Entry| e.index.is_multiple_of(2);
        assert_eq!(
            disk.nearest("id-0421", 3, near).unwrap(),
            memory.nearest("id-0421", 3, near)
        );
    }
}
