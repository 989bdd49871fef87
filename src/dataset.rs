//! The dataset: every record of every seeds file, each with the place it came from.

pub use crate::model::RecordList;
use crate::model::lists::record_lists;
use crate::model::{Evidence, Record, SeedsFile};

/// Where a record stands: the index of its file in the load order and the JSON pointer of the
/// record within that file (e.g. `/events/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At {
    /// Index of the file among the loaded seeds files.
    pub(crate) file: usize,
    /// JSON pointer of the record in its file.
    pub(crate) pointer: String,
}

/// A record and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    /// The record.
    pub(crate) record: T,
    /// Where it stands.
    pub(crate) at: At,
}

/// A record of any list, with its list and where it stands.
#[derive(Clone, Copy)]
pub(crate) struct RecordRef<'d> {
    /// The list it is in.
    pub(crate) list: RecordList,
    /// The record.
    pub(crate) record: &'d dyn Record,
    /// Where it stands.
    pub(crate) at: &'d At,
}

macro_rules! dataset {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// All records of a seeds folder, one field per [`RecordList`].
        #[derive(Debug, Clone, Default, PartialEq)]
        pub(crate) struct Dataset {
            $($(#[$doc])* pub(crate) $key: Vec<Located<$ty>>,)*
        }

        impl Dataset {
            /// Adds the records of the `file`-th seeds file (or part of a JSON Lines file);
            /// pointers are into the part's [`crate::seeds::SeedsText::value`].
            pub(crate) fn add(&mut self, file: usize, seeds: SeedsFile) {
                $(locate_all(seeds.$key, file, RecordList::$variant, &mut self.$key);)*
            }

            /// Adds every record of `other`.
            pub(crate) fn append(&mut self, mut other: Dataset) {
                $(self.$key.append(&mut other.$key);)*
            }

            /// Every record, list after list in the order of [`RecordList::ALL`].
            pub(crate) fn records(&self) -> impl Iterator<Item = RecordRef<'_>> {
                std::iter::empty()
                    $(.chain(self.$key.iter().map(|l| RecordRef {
                        list: RecordList::$variant,
                        record: &l.record,
                        at: &l.at,
                    })))*
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
    pub(crate) fn for_each_record<'d>(&'d self, f: impl FnMut(RecordRef<'d>)) {
        self.records().for_each(f);
    }

    /// Every evidence quote of every record, attributions' included.
    pub(crate) fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        let own = self.records().flat_map(|r| r.record.evidence());
        let credited = self
            .records()
            .flat_map(|r| r.record.attributions())
            .map(|a| &a.evidence);
        own.chain(credited)
    }
}
