//! The checked dataset, as `validate` gives it and `tables` and `coverage` read it: the records,
//! the text of each article they quote, and where each quote stands in its text.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::dataset::Dataset;

/// Checked records with what export needs: a whole dataset, or one part of it.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The records.
    pub(crate) dataset: Dataset,
    /// The text of each article the records quote, by source id.
    pub(crate) texts: Texts,
    /// Where every quote stands in its source's text.
    pub(crate) spans: Spans,
}

impl Checked {
    /// Adds the records of another part.
    pub(crate) fn append(&mut self, other: Checked) {
        self.dataset.append(other.dataset);
        self.texts.extend(other.texts);
        self.spans.extend(other.spans);
    }
}

/// Where a quote stands in its source's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuoteSpan {
    /// Id of the source whose text holds the quote.
    pub(crate) source: String,
    /// Offset of the first character, in Unicode code points.
    pub(crate) char_start: usize,
    /// Offset just past the last character, in Unicode code points.
    pub(crate) char_end: usize,
    /// Offset of the first byte in the UTF-8 text.
    pub(crate) byte_start: usize,
    /// Offset just past the last byte in the UTF-8 text.
    pub(crate) byte_end: usize,
}

/// Quote spans keyed by (record id, pointer within the record, e.g. `/evidence/0`).
pub(crate) type Spans = BTreeMap<(String, String), QuoteSpan>;

/// The text of a source, as read from the seeds folder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceText {
    /// Path of the text relative to the seeds folder.
    pub(crate) path: String,
    /// The text.
    pub(crate) text: String,
    /// How many characters come before each block of [`BLOCK`] bytes of `text`, so that a byte
    /// offset becomes a character offset by counting within one block only.
    blocks: Vec<usize>,
}

/// The bytes of a block of [`SourceText::blocks`].
const BLOCK: usize = 256;

impl SourceText {
    /// The text `text`, read from `path`.
    pub(crate) fn new(path: String, text: String) -> Self {
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut before = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            blocks.push(before);
            before += chars_in(block);
        }
        // The end of the text, when it ends a block.
        blocks.push(before);
        SourceText { path, text, blocks }
    }

    /// How many characters of the text come before byte `byte` (a character boundary).
    pub(crate) fn chars_before(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        self.blocks.get(block).map_or(0, |&before| {
            before + chars_in(&self.text.as_bytes()[block * BLOCK..byte])
        })
    }
}

/// The characters starting in `bytes` of UTF-8 text: every byte but the continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// The texts of articles, by source id.
pub(crate) type Texts = BTreeMap<String, Arc<SourceText>>;
