//! A list kept on disk while it grows: items go to an unnamed scratch file as JSON lines as they
//! come, and are read back whole once the work that grows it (and the memory it takes) is done.

use std::fs::File;
use std::io::{BufRead as _, BufReader, BufWriter, Seek as _, Write as _};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Items of type `T` on disk, in the order they were added.
pub(crate) struct Spill<T> {
    file: BufWriter<File>,
    dir: PathBuf,
    /// The first error met writing, reported when the items are read back.
    failed: Option<Error>,
    items: PhantomData<T>,
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// An empty list whose file is made in `dir` (and gone once the list is).
    pub(crate) fn new(dir: &Path) -> Result<Self, Error> {
        let file = tempfile::tempfile_in(dir).map_err(Error::io(dir, "write in"))?;
        Ok(Spill {
            file: BufWriter::new(file),
            dir: dir.to_path_buf(),
            failed: None,
            items: PhantomData,
        })
    }

    /// Adds `item`; an error is kept for [`Spill::read`].
    pub(crate) fn push(&mut self, item: &T) {
        if self.failed.is_some() {
            return;
        }
        // Items are plain data, which always serialize: an error here is the disk's.
        let written = serde_json::to_writer(&mut self.file, item)
            .map_err(std::io::Error::from)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(Error::io(&self.dir, "write in"));
        self.failed = written.err();
    }

    /// Every item added, in order.
    pub(crate) fn read(self) -> Result<Vec<T>, Error> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        let dir = self.dir;
        let mut file = self.file.into_inner().map_err(|e| {
            let error = e.into_error();
            Error::io(&dir, "write in")(error)
        })?;
        file.rewind().map_err(Error::io(&dir, "read in"))?;
        let mut items = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(Error::io(&dir, "read in"))?;
            let item = serde_json::from_str(&line)
                .map_err(|e| Error::Internal(format!("a scratch list's item: {e}")))?;
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_read_back_are_the_items_pushed_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(dir.path()).unwrap();
        let items: Vec<(String, Option<i64>)> = (0..10_000)
            .map(|i| (format!("line\n{i} \"quoted\""), (i % 3 == 0).then_some(i)))
            .collect();
        for item in &items {
            spill.push(item);
        }
        assert_eq!(spill.read().unwrap(), items);
    }
}
