//! The dataset: every record of every seeds file, each with the place it came from.

pub use crate::model::RecordList;
use crate::model::lists::record_lists;
use crate::model::{Evidence, Record, SeedsFile};

/// Where a record stands: the index of its file in the load order and the JSON pointer of the
/// record within that file (e.g. `/events/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// Index of the file among the loaded seeds files.
    pub file: usize,
    /// JSON pointer of the record in its file.
    pub pointer: String,
}

/// A record and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The record.
    pub record: T,
    /// Where it stands.
    pub at: At,
}

/// A record of any list, with its list and where it stands.
#[derive(Clone, Copy)]
pub struct RecordRef<'d> {
    /// The list it is in.
    pub list: RecordList,
    /// The record.
    pub record: &'d dyn Record,
    /// Where it stands.
    pub at: &'d At,
}

macro_rules! dataset {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// All records of a seeds folder, one field per [`RecordList`].
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Dataset {
            $($(#[$doc])* pub $key: Vec<Located<$ty>>,)*
        }

        impl Dataset {
            /// Adds the records of the `file`-th seeds file (or part of a JSON Lines file);
            /// pointers are into the part's [`crate::seeds::SeedsText::value`].
            pub fn add(&mut self, file: usize, seeds: SeedsFile) {
                $(locate_all(seeds.$key, file, RecordList::$variant, &mut self.$key);)*
            }

            /// Adds every record of `other`.
            pub fn append(&mut self, mut other: Dataset) {
                $(self.$key.append(&mut other.$key);)*
            }

            /// Every record, list after list in the order of [`RecordList::ALL`].
            pub fn records(&self) -> impl Iterator<Item = RecordRef<'_>> {
                std::iter::empty()
                    $(.chain(self.$key.iter().map(|l| RecordRef {
                        list: RecordList::$variant,
                        record: &l.record,
                        at: &l.at,
                    })))*
            }

            /// How many records `list` holds.
            #[must_use]
            pub fn count(&self, list: RecordList) -> usize {
                match list {
                    $(RecordList::$variant => self.$key.len(),)*
                }
            }
        }
    };
}
record_lists!(dataset);

fn locate_all<T>(list: Vec<T>, file: usize, key: RecordList, into: &mut Vec<Located<T>>) {
    into.extend(list.into_iter().enumerate().map(|(i, record)| Located {
        record,
        at: At {
            file,
            pointer: format!("/{}/{i}", key.key()),
        },
    }));
}

impl Dataset {
    /// Calls `f` on every record, list after list in the order of [`RecordList::ALL`].
    pub fn for_each_record<'d>(&'d self, f: impl FnMut(RecordRef<'d>)) {
        self.records().for_each(f);
    }

    /// Every evidence quote of every record, attributions' included.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        let own = self.records().flat_map(|r| r.record.evidence());
        let credited = self
            .records()
            .flat_map(|r| r.record.attributions())
            .map(|a| &a.evidence);
        own.chain(credited)
    }

    /// How many records there are in all.
    #[must_use]
    pub fn len(&self) -> usize {
        RecordList::ALL.into_iter().map(|l| self.count(l)).sum()
    }

    /// Whether there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
