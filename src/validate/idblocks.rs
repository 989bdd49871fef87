//! The id index file: the rows runs and the merged index are made of (an id, where it was first
//! defined and its number), and the merged index, one file of blocks sorted by id, read through
//! the first id of each block, the only part kept in memory. Each thread keeps the last few
//! blocks it read, so that lookups of nearby ids cost no read.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use tempfile::TempDir;

use crate::dataset::RecordList;
use crate::error::Error;
use crate::model::RecordKind;

/// Numbers the index files of a process, for the threads' caches.
static TOKENS: AtomicU64 = AtomicU64::new(0);

/// About how many bytes of ids one block of the index file holds.
const BLOCK_BYTES: usize = 4096;

/// How many blocks each thread keeps.
const CACHED_BLOCKS: usize = 8;

/// Bytes of a row after its id: kind, list, part, index within the part's list, number.
pub(crate) const TAIL: usize = 1 + 1 + 4 + 4 + 4;

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

/// An id with where it was defined and its number (the order it was added in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdRow {
    pub(crate) id: Box<str>,
    pub(crate) entry: Entry,
    pub(crate) number: u32,
}

/// The kinds of record seen, each written as its position in this list.
#[derive(Debug, Default, Clone)]
pub(crate) struct Kinds(pub(crate) Vec<RecordKind>);

impl Kinds {
    pub(crate) fn code(&mut self, kind: RecordKind) -> u8 {
        let at = self.0.iter().position(|&k| k == kind).unwrap_or_else(|| {
            self.0.push(kind);
            self.0.len() - 1
        });
        u8::try_from(at).unwrap_or(u8::MAX)
    }
}

/// Writes the merged ids in blocks, noting each block's first id and where it starts.
pub(crate) struct BlockWriter {
    path: PathBuf,
    out: BufWriter<File>,
    block: Vec<u8>,
    firsts: Packed,
    offsets: Vec<u64>,
    written: u64,
}

impl BlockWriter {
    pub(crate) fn create(path: &Path) -> Result<Self, Error> {
        let file = File::create(path).map_err(Error::io(path, "write"))?;
        Ok(BlockWriter {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
            block: Vec::with_capacity(BLOCK_BYTES * 2),
            firsts: Packed::default(),
            offsets: Vec::new(),
            written: 0,
        })
    }

    pub(crate) fn push(&mut self, row: &IdRow, kinds: &mut Kinds) -> Result<(), Error> {
        if !self.block.is_empty() && self.block.len() + row.id.len() + 4 + TAIL > BLOCK_BYTES {
            self.flush()?;
        }
        if self.block.is_empty() {
            self.firsts.push(&row.id);
            self.offsets.push(self.written);
        }
        encode(&mut self.block, &row.id, row.entry, row.number, kinds);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        self.out
            .write_all(&self.block)
            .map_err(Error::io(&self.path, "write"))?;
        self.written += self.block.len() as u64;
        self.block.clear();
        Ok(())
    }

    pub(crate) fn finish(mut self, dir: TempDir, kinds: Kinds) -> Result<Sorted, Error> {
        self.flush()?;
        self.offsets.push(self.written);
        let io = Error::io(&self.path, "write");
        let file = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        drop(file);
        let file = File::open(&self.path).map_err(Error::io(&self.path, "read"))?;
        Ok(Sorted {
            file,
            path: self.path,
            _dir: dir,
            firsts: self.firsts,
            offsets: self.offsets,
            kinds: kinds.0,
            token: TOKENS.fetch_add(1, AtomicOrdering::Relaxed),
        })
    }
}

/// Strings one after another in one buffer.
#[derive(Debug, Default)]
struct Packed {
    text: String,
    ends: Vec<usize>,
}

impl Packed {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// The merged index file: every id once, sorted, in blocks.
#[derive(Debug)]
pub(crate) struct Sorted {
    file: File,
    path: PathBuf,
    _dir: TempDir,
    firsts: Packed,
    /// Where each block starts, and where the file ends.
    offsets: Vec<u64>,
    kinds: Vec<RecordKind>,
    /// Tells this index's blocks from another's in the threads' caches.
    token: u64,
}

/// A block a thread read: the token of its index, its number and its bytes.
type Cached = (u64, usize, Rc<[u8]>);

thread_local! {
    /// The blocks this thread read last, most recent first.
    static BLOCKS: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
}

impl Sorted {
    /// Where `id` was first defined, and its number.
    pub(crate) fn get(&self, id: &str) -> Result<Option<(Entry, u32)>, Error> {
        let blocks = self.firsts.ends.len();
        let after = partition_point(blocks, |b| self.firsts.get(b) <= id);
        let Some(block) = after.checked_sub(1) else {
            return Ok(None);
        };
        let bytes = self.block(block)?;
        let corrupt =
            || Error::Internal(format!("the id index {} is corrupt", self.path.display()));
        let mut at = 0;
        while at < bytes.len() {
            let len = bytes
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(corrupt)? as usize;
            let (start, end) = (at + 4, at + 4 + len);
            let row_id = bytes.get(start..end).ok_or_else(corrupt)?;
            // Ids are compared as bytes, which orders them as strings do.
            match row_id.cmp(id.as_bytes()) {
                Ordering::Less => at = end + TAIL,
                Ordering::Equal => {
                    let tail = bytes.get(end..end + TAIL).ok_or_else(corrupt)?;
                    return decode_tail(tail, &self.kinds).ok_or_else(corrupt).map(Some);
                }
                Ordering::Greater => break,
            }
        }
        Ok(None)
    }

    fn block(&self, block: usize) -> Result<Rc<[u8]>, Error> {
        let cached = BLOCKS.with_borrow_mut(|cache| {
            let hit = cache
                .iter()
                .position(|(t, b, _)| *t == self.token && *b == block)?;
            let found = cache.remove(hit);
            let bytes = found.2.clone();
            cache.insert(0, found);
            Some(bytes)
        });
        if let Some(bytes) = cached {
            return Ok(bytes);
        }
        let (start, end) = (self.offsets[block], self.offsets[block + 1]);
        let mut bytes = vec![0; usize::try_from(end - start).unwrap_or(0)];
        read_at(&self.file, &mut bytes, start).map_err(Error::io(&self.path, "read"))?;
        let bytes: Rc<[u8]> = bytes.into();
        BLOCKS.with_borrow_mut(|cache| {
            cache.insert(0, (self.token, block, bytes.clone()));
            cache.truncate(CACHED_BLOCKS);
        });
        Ok(bytes)
    }

    /// The ids nearest to `id` by edit distance, at most `max` of them, among those whose entry
    /// `accepts`, reading the whole file: for failures only.
    pub(crate) fn nearest(
        &self,
        id: &str,
        max: usize,
        accepts: impl Fn(Entry) -> bool,
    ) -> Result<Vec<String>, Error> {
        let file = File::open(&self.path).map_err(Error::io(&self.path, "read"))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut near = Nearest::new(id);
        while let Some(row) = decode_from(&mut reader, &self.path, &self.kinds)? {
            if accepts(row.entry) {
                near.offer(&row.id);
            }
        }
        Ok(near.take(max))
    }
}

/// The first of `0..n` for which `below` is false, `below` being true then false.
fn partition_point(n: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(unix)]
pub(crate) fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(not(unix))]
pub(crate) fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(bytes)
}

/// Appends one row: the id's length and bytes, then its kind, list, part, index and number.
pub(crate) fn encode(out: &mut Vec<u8>, id: &str, entry: Entry, number: u32, kinds: &mut Kinds) {
    let len = u32::try_from(id.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(id.as_bytes());
    out.push(kinds.code(entry.kind));
    out.push(u8::try_from(entry.list as usize).unwrap_or(u8::MAX));
    out.extend_from_slice(&entry.part.to_le_bytes());
    out.extend_from_slice(&entry.index.to_le_bytes());
    out.extend_from_slice(&number.to_le_bytes());
}

fn decode_tail(tail: &[u8], kinds: &[RecordKind]) -> Option<(Entry, u32)> {
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(tail.get(at..at + 4)?.try_into().ok()?))
    };
    let entry = Entry {
        kind: *kinds.get(usize::from(*tail.first()?))?,
        list: *RecordList::ALL.get(usize::from(*tail.get(1)?))?,
        part: word(2)?,
        index: word(6)?,
    };
    Some((entry, word(10)?))
}

/// Reads the next row of a run or index file; `None` at its end.
pub(crate) fn decode_from(
    reader: &mut impl Read,
    path: &Path,
    kinds: &[RecordKind],
) -> Result<Option<IdRow>, Error> {
    let io = |e| Error::io(path, "read")(e);
    let mut len = [0; 4];
    match reader.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(io(e)),
    }
    let mut id = vec![0; u32::from_le_bytes(len) as usize];
    reader.read_exact(&mut id).map_err(io)?;
    let mut tail = [0; TAIL];
    reader.read_exact(&mut tail).map_err(io)?;
    let corrupt = || Error::Internal(format!("the id index {} is corrupt", path.display()));
    let id = String::from_utf8(id).map_err(|_| corrupt())?;
    let (entry, number) = decode_tail(&tail, kinds).ok_or_else(corrupt)?;
    Ok(Some(IdRow {
        id: id.into(),
        entry,
        number,
    }))
}

/// The ids nearest to one by edit distance, offered one at a time: the suggestions for a
/// mistyped reference, alike whether the index is in memory or on disk.
pub(crate) struct Nearest<'a> {
    id: &'a str,
    limit: usize,
    found: Vec<(usize, String)>,
}

impl<'a> Nearest<'a> {
    pub(crate) fn new(id: &'a str) -> Self {
        Self {
            id,
            limit: (id.chars().count() / 3).max(2),
            found: Vec::new(),
        }
    }

    /// Keeps `other` when it is near enough to the id.
    pub(crate) fn offer(&mut self, other: &str) {
        if let Some(d) = edit_distance(self.id, other, self.limit) {
            self.found.push((d, other.to_owned()));
        }
    }

    /// The `max` nearest kept, nearest first (and by id among equals).
    pub(crate) fn take(mut self, max: usize) -> Vec<String> {
        self.found.sort_unstable();
        self.found
            .into_iter()
            .take(max)
            .map(|(_, other)| other)
            .collect()
    }
}

/// The Levenshtein distance between `a` and `b` in characters, when it is at most `limit`.
pub(crate) fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
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
