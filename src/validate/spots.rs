//! Where each entity's mentions lie in [`super::blobs`]'s buffer or file, by the number of the
//! entity's id: entries added in increasing number, kept in memory until the mentions move to
//! disk, then written in blocks to a scratch file of their own, each block's first number alone
//! kept in memory, so that the store's memory does not grow with the seeds.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;

use super::idblocks::read_at;
use crate::error::Error;

/// Entries in one block of the file.
const BLOCK: usize = 256;

/// Bytes of one entry: the number, the length and the offset.
const ENTRY_BYTES: usize = 16;

/// Where the mentions of one entity lie: offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spot {
    /// The number of the entity's id.
    pub(crate) number: u32,
    /// Bytes of its mentions.
    pub(crate) len: u32,
    /// Where they start.
    pub(crate) offset: u64,
}

/// Every entity's spot, in memory or, past the budget, mostly on disk.
#[derive(Debug, Default)]
pub(crate) struct Spots {
    /// The spots not yet in the file, in increasing number (all of them while there is none).
    memory: Vec<Spot>,
    /// The file, once made, and the first number of each of its blocks.
    file: Option<(File, Vec<u32>)>,
}

impl Spots {
    /// Adds a spot whose number is above every number added before.
    pub(crate) fn push(&mut self, spot: Spot, scratch: &Path) -> Result<(), Error> {
        debug_assert!(self.memory.last().is_none_or(|s| s.number < spot.number));
        self.memory.push(spot);
        if self.file.is_some() && self.memory.len() >= BLOCK {
            self.write_blocks(scratch)?;
        }
        Ok(())
    }

    /// Bytes the spots take in memory.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.memory.capacity() * size_of::<Spot>()
    }

    /// Moves every full block of spots to the scratch file, made in `scratch` when first needed;
    /// from then on each block goes to it as it fills.
    pub(crate) fn write_blocks(&mut self, scratch: &Path) -> Result<(), Error> {
        if self.file.is_none() {
            let file = tempfile::tempfile_in(scratch).map_err(Error::io(scratch, "write in"))?;
            self.file = Some((file, Vec::new()));
        }
        let Some((file, firsts)) = &mut self.file else {
            return Ok(());
        };
        let full = self.memory.len() / BLOCK * BLOCK;
        let mut bytes = Vec::with_capacity(full * ENTRY_BYTES);
        for block in self.memory[..full].chunks(BLOCK) {
            firsts.push(block[0].number);
            for spot in block {
                bytes.extend_from_slice(&spot.number.to_le_bytes());
                bytes.extend_from_slice(&spot.len.to_le_bytes());
                bytes.extend_from_slice(&spot.offset.to_le_bytes());
            }
        }
        file.write_all(&bytes)
            .map_err(Error::io(scratch, "write in"))?;
        self.memory.drain(..full);
        self.memory.shrink_to(BLOCK);
        Ok(())
    }

    /// The spot of `number`, when it has one.
    pub(crate) fn get(&self, number: u32, scratch: &Path) -> Result<Option<Spot>, Error> {
        let find = |spots: &[Spot]| {
            let at = spots.binary_search_by_key(&number, |s| s.number).ok()?;
            Some(spots[at])
        };
        let in_memory = self.memory.first().is_some_and(|s| s.number <= number);
        let Some((file, firsts)) = self.file.as_ref().filter(|_| !in_memory) else {
            return Ok(find(&self.memory));
        };
        let Some(block) = firsts
            .partition_point(|&first| first <= number)
            .checked_sub(1)
        else {
            return Ok(None);
        };
        let mut bytes = vec![0; BLOCK * ENTRY_BYTES];
        read_at(file, &mut bytes, (block * BLOCK * ENTRY_BYTES) as u64)
            .map_err(Error::io(scratch, "read in"))?;
        let spots: Vec<Spot> = bytes.chunks_exact(ENTRY_BYTES).map(decode).collect();
        Ok(find(&spots))
    }
}

fn decode(bytes: &[u8]) -> Spot {
    let (number, rest) = bytes.split_at(4);
    let (len, offset) = rest.split_at(4);
    let word = |b: &[u8]| u32::from_le_bytes(b.try_into().unwrap_or_default());
    Spot {
        number: word(number),
        len: word(len),
        offset: u64::from_le_bytes(offset.try_into().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(number: u32) -> Spot {
        Spot {
            number,
            len: number % 7,
            offset: u64::from(number) * 1000,
        }
    }

    #[test]
    fn spots_are_found_alike_in_memory_and_on_disk() {
        let scratch = tempfile::tempdir().unwrap();
        let (mut memory, mut disk) = (Spots::default(), Spots::default());
        // Every third number has a spot: 2,000 spots, blocks of them on disk and a tail in memory.
        for n in (0..6000).step_by(3) {
            memory.push(spot(n), scratch.path()).unwrap();
            disk.push(spot(n), scratch.path()).unwrap();
            if n == 1500 {
                disk.write_blocks(scratch.path()).unwrap();
            }
        }
        assert!(disk.file.is_some() && disk.memory.len() < BLOCK);
        assert!(disk.memory_bytes() <= BLOCK * size_of::<Spot>());
        for n in 0..6010 {
            let want = (n % 3 == 0 && n < 6000).then(|| spot(n));
            assert_eq!(memory.get(n, scratch.path()).unwrap(), want, "{n}");
            assert_eq!(disk.get(n, scratch.path()).unwrap(), want, "{n}");
        }
    }
}
