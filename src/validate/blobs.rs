//! What the first pass keeps of some records beyond their ids, by the number of their id: the
//! mentions of entities and the text paths of sources, each packed one record after another in
//! one buffer rather than as many small strings, and moved to an unnamed scratch file once the
//! buffer and the records' places in it ([`super::spots`]) outgrow their memory budget; read
//! back by position when a part asks.

use std::fs::File;
use std::io::Write as _;

use chrono::{Datelike as _, NaiveDate};

use super::idblocks::read_at;
use super::ids::Budget;
use super::spots::{Spot, Spots};
use crate::error::Error;
use crate::model::{MentionRef, SourceInfo};

/// Bytes written to the scratch file at a time.
const FLUSH_BYTES: usize = 1 << 20;

/// Records packed as bytes, by the number of their id.
#[derive(Debug, Default)]
pub(crate) struct Blobs {
    /// Where each record's bytes are: offset and length.
    at: Spots,
    /// Bytes not yet in the file (all of them while there is none).
    buffer: Vec<u8>,
    /// The scratch file, once the buffer outgrew the budget, and how many bytes it holds.
    file: Option<(File, u64)>,
    budget: Budget,
}

impl Blobs {
    /// An empty store kept in memory up to `budget`.
    #[must_use]
    pub(crate) fn new(budget: Budget) -> Self {
        Blobs {
            budget,
            ..Blobs::default()
        }
    }

    /// Keeps what `pack` appends to the buffer for the record numbered `number`, above every
    /// number kept before.
    fn insert(&mut self, number: u32, pack: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        let start = self.buffer.len();
        pack(&mut self.buffer);
        let len = u32::try_from(self.buffer.len() - start).unwrap_or(u32::MAX);
        let written = self.file.as_ref().map_or(0, |f| f.1);
        let offset = written + start as u64;
        let spot = Spot {
            number,
            len,
            offset,
        };
        self.at.push(spot, &self.budget.scratch)?;
        let spill = match &self.file {
            None => self.memory_bytes() > self.budget.bytes,
            Some(_) => self.buffer.len() > FLUSH_BYTES,
        };
        if spill {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffer to the scratch file, made when first needed.
    pub(crate) fn flush(&mut self) -> Result<(), Error> {
        let scratch = &self.budget.scratch;
        if self.file.is_none() {
            if self.memory_bytes() <= self.budget.bytes {
                return Ok(());
            }
            let file = tempfile::tempfile_in(scratch).map_err(Error::io(scratch, "write in"))?;
            self.file = Some((file, 0));
            self.at.write_blocks(scratch)?;
        }
        if let Some((file, written)) = &mut self.file {
            file.write_all(&self.buffer)
                .map_err(Error::io(scratch, "write in"))?;
            *written += self.buffer.len() as u64;
            self.buffer.clear();
            // The buffer outgrew the budget once (its capacity doubled past it): from now on it
            // only gathers a flush's worth at a time.
            self.buffer.shrink_to(2 * FLUSH_BYTES);
        }
        Ok(())
    }

    /// Bytes kept in memory: the records not yet on disk and their places.
    fn memory_bytes(&self) -> usize {
        self.buffer.len() + self.at.memory_bytes()
    }

    /// The bytes of record `number` unpacked by `unpack`, when it has some.
    fn get<T>(
        &self,
        number: u32,
        unpack: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Result<Option<T>, Error> {
        let Some(Spot { offset, len, .. }) = self.at.get(number, &self.budget.scratch)? else {
            return Ok(None);
        };
        let bytes = match &self.file {
            None => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX);
                let end = start.checked_add(len as usize);
                let slice = end.and_then(|end| self.buffer.get(start..end));
                slice.map(<[u8]>::to_vec)
            }
            Some((file, _)) => {
                let mut bytes = vec![0; len as usize];
                read_at(file, &mut bytes, offset)
                    .map_err(Error::io(&self.budget.scratch, "read in"))?;
                Some(bytes)
            }
        };
        let corrupt = || Error::Internal("the first pass's scratch records are corrupt".to_owned());
        let bytes = bytes.ok_or_else(corrupt)?;
        unpack(&bytes).map(Some).ok_or_else(corrupt)
    }
}

/// Every entity's recorded mentions, by the number of its id.
#[derive(Debug, Default)]
pub(crate) struct Mentions(pub(crate) Blobs);

impl Mentions {
    /// Keeps the mentions of entity `number`.
    pub(crate) fn insert(&mut self, number: u32, mentions: &[MentionRef]) -> Result<(), Error> {
        self.0.insert(number, |buffer| {
            for m in mentions {
                put(buffer, m.source.as_bytes());
                put(buffer, m.quote.as_bytes());
                let occurrence = m.occurrence.map_or(0, |o| u64::from(o) + 1);
                buffer.extend_from_slice(&occurrence.to_le_bytes());
            }
        })
    }

    /// The mentions of entity `number`, when it has some.
    pub(crate) fn get(&self, number: u32) -> Result<Option<Vec<MentionRef>>, Error> {
        self.0.get(number, decode)
    }
}

/// What the first pass learns of every source, by the number of its id.
#[derive(Debug, Default)]
pub(crate) struct Sources(pub(crate) Blobs);

impl Sources {
    /// Keeps what is known of source `number`.
    pub(crate) fn insert(&mut self, number: u32, info: &SourceInfo) -> Result<(), Error> {
        self.0.insert(number, |buffer| {
            for text in [&info.path, &info.sha256] {
                put_optional(buffer, text.as_deref().map(str::as_bytes));
            }
            let days = info
                .published_by
                .map(|d| d.num_days_from_ce().to_le_bytes());
            put_optional(buffer, days.as_ref().map(<[u8; 4]>::as_slice));
        })
    }

    /// What is known of source `number`, when it is one.
    pub(crate) fn get(&self, number: u32) -> Result<Option<SourceInfo>, Error> {
        self.0.get(number, |mut bytes| {
            let text = |bytes: Option<&[u8]>| bytes.map(|b| String::from_utf8(b.to_vec()).ok());
            let path = text(take_optional(&mut bytes).ok()?).map_or(Some(None), |t| t.map(Some))?;
            let sha256 =
                text(take_optional(&mut bytes).ok()?).map_or(Some(None), |t| t.map(Some))?;
            let published_by = match take_optional(&mut bytes).ok()? {
                Some(days) => Some(NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(
                    days.try_into().ok()?,
                ))?),
                None => None,
            };
            bytes.is_empty().then_some(SourceInfo {
                path,
                sha256,
                published_by,
            })
        })
    }
}

/// Appends a text that may be absent: a length one above its own, or 0.
fn put_optional(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    let len = bytes.map_or(0, |b| u32::try_from(b.len() + 1).unwrap_or(u32::MAX));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(bytes.unwrap_or_default());
}

/// Bytes cut short.
struct Cut;

/// Takes bytes put by [`put_optional`] from the front of `bytes`.
fn take_optional<'b>(bytes: &mut &'b [u8]) -> Result<Option<&'b [u8]>, Cut> {
    let (head, rest) = bytes.split_at_checked(4).ok_or(Cut)?;
    let len = u32::from_le_bytes(head.try_into().map_err(|_| Cut)?) as usize;
    let Some(len) = len.checked_sub(1) else {
        *bytes = rest;
        return Ok(None);
    };
    let (taken, rest) = rest.split_at_checked(len).ok_or(Cut)?;
    *bytes = rest;
    Ok(Some(taken))
}

/// Appends a length and the bytes.
fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(bytes);
}

fn decode(mut bytes: &[u8]) -> Option<Vec<MentionRef>> {
    let mut mentions = Vec::new();
    let take = |n: usize, bytes: &mut &[u8]| -> Option<Vec<u8>> {
        let (head, rest) = bytes.split_at_checked(n)?;
        *bytes = rest;
        Some(head.to_vec())
    };
    let text = |bytes: &mut &[u8]| -> Option<Box<str>> {
        let len = u32::from_le_bytes(take(4, bytes)?.try_into().ok()?) as usize;
        String::from_utf8(take(len, bytes)?).ok().map(Into::into)
    };
    while !bytes.is_empty() {
        let source = text(&mut bytes)?;
        let quote = text(&mut bytes)?;
        let (head, rest) = bytes.split_at_checked(8)?;
        bytes = rest;
        let occurrence = u64::from_le_bytes(head.try_into().ok()?);
        mentions.push(MentionRef {
            source,
            quote,
            occurrence: occurrence
                .checked_sub(1)
                .and_then(|o| u32::try_from(o).ok()),
        });
    }
    Some(mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(source: &str, quote: &str, occurrence: Option<u32>) -> MentionRef {
        MentionRef {
            source: source.into(),
            quote: quote.into(),
            occurrence,
        }
    }

    #[test]
    fn mentions_read_back_alike_from_memory_and_from_disk() {
        let scratch = tempfile::tempdir().unwrap();
        let budget = |bytes| Budget {
            bytes,
            scratch: scratch.path().to_path_buf(),
        };
        let new = |bytes| Mentions(Blobs::new(budget(bytes)));
        let (mut memory, mut disk) = (new(usize::MAX), new(64));
        let all: Vec<Vec<MentionRef>> = (0..500)
            .map(|i| {
                (0..i % 4)
                    .map(|j| {
                        mention(
                            &format!("s{i}"),
                            &format!("name {j} of {i}"),
                            (j > 1).then_some(j),
                        )
                    })
                    .collect()
            })
            .collect();
        for (i, m) in all.iter().enumerate() {
            let n = u32::try_from(i).unwrap();
            memory.insert(n, m).unwrap();
            disk.insert(n, m).unwrap();
        }
        memory.0.flush().unwrap();
        disk.0.flush().unwrap();
        assert!(memory.0.file.is_none() && disk.0.file.is_some());
        let plain = |m: Option<Vec<MentionRef>>| -> Option<Vec<(String, String, Option<u32>)>> {
            m.map(|m| {
                m.into_iter()
                    .map(|m| (m.source.into(), m.quote.into(), m.occurrence))
                    .collect()
            })
        };
        for (i, m) in all.iter().enumerate() {
            let n = u32::try_from(i).unwrap();
            let expected = plain(Some(m.clone()));
            assert_eq!(plain(memory.get(n).unwrap()), expected);
            assert_eq!(plain(disk.get(n).unwrap()), expected);
        }
        assert!(disk.get(9999).unwrap().is_none());
    }

    #[test]
    fn once_on_disk_the_buffer_gives_back_what_it_grew_to_in_memory() {
        let scratch = tempfile::tempdir().unwrap();
        let budget = 4 * FLUSH_BYTES;
        let mut mentions = Mentions(Blobs::new(Budget {
            bytes: budget,
            scratch: scratch.path().to_path_buf(),
        }));
        let quote = "q".repeat(1000);
        let mut n = 0;
        while mentions.0.file.is_none() {
            mentions.insert(n, &[mention("s", &quote, None)]).unwrap();
            n += 1;
        }
        assert!(
            mentions.0.buffer.capacity() <= 2 * FLUSH_BYTES,
            "{} bytes kept after the buffer of {budget} went to disk",
            mentions.0.buffer.capacity()
        );
        assert_eq!(mentions.get(0).unwrap().unwrap()[0].quote.len(), 1000);
    }

    #[test]
    fn sources_read_back_alike_from_memory_and_from_disk() {
        let scratch = tempfile::tempdir().unwrap();
        let budget = |bytes| Budget {
            bytes,
            scratch: scratch.path().to_path_buf(),
        };
        let new = |bytes| Sources(Blobs::new(budget(bytes)));
        let (mut memory, mut disk) = (new(usize::MAX), new(64));
        let info = |i: u32| SourceInfo {
            path: i.is_multiple_of(2).then(|| format!("shard/texts/{i}.txt")),
            sha256: (!i.is_multiple_of(3)).then(|| format!("{i:064}")),
            published_by: (!i.is_multiple_of(5)).then(|| {
                NaiveDate::from_ymd_opt(2007, 3, 1).unwrap() + chrono::Days::new(u64::from(i))
            }),
        };
        let numbers = (0..2000).step_by(2);
        for n in numbers.clone() {
            memory.insert(n, &info(n)).unwrap();
            disk.insert(n, &info(n)).unwrap();
        }
        memory.0.flush().unwrap();
        disk.0.flush().unwrap();
        assert!(memory.0.file.is_none() && disk.0.file.is_some());
        let plain = |i: Option<SourceInfo>| i.map(|i| (i.path, i.sha256, i.published_by));
        for n in 0..2001_u32 {
            let want = plain((n.is_multiple_of(2) && n < 2000).then(|| info(n)));
            assert_eq!(plain(memory.get(n).unwrap()), want, "{n}");
            assert_eq!(plain(disk.get(n).unwrap()), want, "{n}");
        }
    }
}
