//! The registry of record lists: the one place that names every list a seeds file may hold, with
//! its key and its record type. Everything that spans the lists is generated from it or iterates
//! over [`RecordList::ALL`], so adding a list is adding its record type (implementing
//! [`Record`](super::Record) and [`RecordType`]) and one line in the `record_lists` macro below.

use schemars::Schema;
use serde::Serialize;

use super::RecordType;

/// Hands the registry of record lists to the macro `$then`: one line per list, in the order of
/// the seeds schema, giving the list's description (its doc comment, which the schema shows), its
/// variant of [`RecordList`], its key in a seeds file and its record type.
///
/// The items generated from it: [`RecordList`] (below), [`SeedsFile`](super::SeedsFile),
/// [`Dataset`](crate::dataset::Dataset) and the first pass's skeleton in
/// [`validate::plan`](crate::validate::plan). Anything else that treats lists one by one matches
/// on [`RecordList`] without a catch-all arm, so the compiler names it when a list is added.
macro_rules! record_lists {
    ($then:ident) => {
        $then! {
            /// Articles and the outlets they cite.
            Sources sources: $crate::model::Source,
            /// People, bodies, countries and places.
            Entities entities: $crate::model::Entity,
            /// Things that happened, are happening, or are announced or planned.
            Events events: $crate::model::Event,
            /// Judgements, stances, intentions and expectations, with who holds them.
            Claims claims: $crate::model::Claim,
            /// Verbatim quotations.
            Statements statements: $crate::model::Statement,
            /// Figures, normalised.
            Quantities quantities: $crate::model::Quantity,
            /// Facts linking two entities.
            Relations relations: $crate::model::Relation,
        }
    };
}
pub(crate) use record_lists;

macro_rules! record_list {
    ($($(#[$doc:meta])* $variant:ident $key:ident: $ty:ty,)*) => {
        /// The lists of records a seeds file holds, in the order the schema gives them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RecordList {
            $($(#[$doc])* $variant,)*
        }

        impl RecordList {
            /// How many lists there are.
            pub const COUNT: usize = [$(stringify!($key),)*].len();

            /// Every list, in order.
            pub const ALL: [RecordList; RecordList::COUNT] = [$(RecordList::$variant,)*];

            /// The list's key in a seeds file: the name serde gives its field of
            /// [`SeedsFile`](super::SeedsFile), spelled once, in the registry.
            #[must_use]
            pub fn key(self) -> &'static str {
                match self {
                    $(RecordList::$variant => stringify!($key),)*
                }
            }

            /// How a record of the list is named in messages, e.g. `an event`.
            #[must_use]
            pub(crate) fn noun(self) -> &'static str {
                match self {
                    $(RecordList::$variant => <$ty as RecordType>::NOUN,)*
                }
            }

            /// The JSON Schema of a record of the list, generated from its type.
            #[must_use]
            pub(crate) fn schema(self) -> Schema {
                match self {
                    $(RecordList::$variant => schemars::schema_for!($ty),)*
                }
            }
        }
    };
}
record_lists!(record_list);

impl RecordList {
    /// The list whose key is `key`.
    #[must_use]
    pub(crate) fn from_key(key: &str) -> Option<RecordList> {
        RecordList::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The lists whose records have the field `property` (e.g. `evidence`), in order.
    #[must_use]
    pub(crate) fn having(property: &str) -> Vec<RecordList> {
        RecordList::ALL
            .into_iter()
            .filter(|l| {
                l.schema()
                    .get("properties")
                    .and_then(|p| p.get(property))
                    .is_some()
            })
            .collect()
    }

    /// The keys of `lists`, as a sentence: `a, b or c`.
    #[must_use]
    pub(crate) fn either(lists: &[RecordList], suffix: &str) -> String {
        let names: Vec<String> = lists
            .iter()
            .map(|l| format!("{}{suffix}", l.key()))
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// A list is written as its key, e.g. in a table's `record_table` column.
impl Serialize for RecordList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = RecordList::ALL
            .iter()
            .position(|l| l == self)
            .unwrap_or_default();
        serializer.serialize_unit_variant(
            "RecordList",
            u32::try_from(index).unwrap_or(u32::MAX),
            self.key(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SeedsFile, serde_name};

    #[test]
    fn every_list_is_a_field_of_a_seeds_file_under_its_key() {
        let schema = schemars::schema_for!(SeedsFile);
        let fields: Vec<&str> = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "$schema")
            .collect();
        assert_eq!(fields, RecordList::ALL.map(RecordList::key));
        for list in RecordList::ALL {
            assert_eq!(serde_name(&list), list.key());
            assert_eq!(RecordList::from_key(list.key()), Some(list));
        }
    }

    #[test]
    fn lists_are_named_as_a_sentence() {
        use RecordList as L;
        let three = RecordList::either(&[L::Sources, L::Events, L::Relations], ".jsonl");
        assert_eq!(three, "sources.jsonl, events.jsonl or relations.jsonl");
        assert_eq!(RecordList::either(&[L::Events], ""), "events");
        let with_evidence = RecordList::having("evidence");
        assert!(with_evidence.contains(&L::Sources) && with_evidence.contains(&L::Relations));
        assert!(!with_evidence.contains(&L::Entities));
    }
}
