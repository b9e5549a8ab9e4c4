//! The index layout: which fields exist, how they are tokenized, and which
//! postings each one keeps.
//!
//! Text fields share one analyzer, [`ANALYZER`]: split on anything that is not
//! alphanumeric, lowercase, then fold accents to ASCII. The query side and the
//! highlighter use the very same analyzer, so "José" typed as "jose" matches,
//! and a highlighted word is exactly a word the index matched.
//!
//! Positions are kept only where phrases need them (title, body and entity
//! names); nothing is stored, since the text lives in the app's store. Each
//! document carries its article's key (indexed, so that an update can
//! delete it, and fast), a hash of its text and of its entity fields (fast,
//! so that reopening can tell what changed without the text), and its date
//! (fast).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use super::tokenize::FoldTokenizer;

/// Name of the analyzer registered on the index for every text field.
pub(crate) const ANALYZER: &str = "dateline";

/// Builds the analyzer: words of alphanumeric characters, lowercased, with
/// accents folded (`José` → `jose`).
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(FoldTokenizer::words())
}

/// A text field a query can address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TextField {
    Title,
    Body,
    /// Names and aliases of all entities of the article.
    Entities,
    Person,
    Place,
    Org,
}

impl TextField {
    pub(crate) const ALL: [TextField; 6] = [
        TextField::Title,
        TextField::Body,
        TextField::Entities,
        TextField::Person,
        TextField::Place,
        TextField::Org,
    ];

    pub(crate) fn slot(self) -> usize {
        self as usize
    }
}

/// Handles of the fields of the schema.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub schema: Schema,
    /// Text fields, indexed by [`TextField::slot`].
    pub text: [Field; 6],
    /// Entity kinds present in the article (`per`, `loc`, ...), untokenized.
    pub kind: Field,
    /// The article's key: what an update deletes by.
    pub key: Field,
    /// Hash of the article's text (title, date, body).
    pub hash: Field,
    /// Signature of the entity fields it was indexed with (0: none yet).
    pub sig: Field,
    /// Date as `YYYYMMDD`, when the input gives one.
    pub date: Field,
}

impl Fields {
    pub(crate) fn new() -> Fields {
        let mut b = Schema::builder();
        let with_positions = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let title = b.add_text_field("title", with_positions.clone());
        let body = b.add_text_field("body", with_positions.clone());
        let entities = b.add_text_field("entities", with_positions.clone());
        let person = b.add_text_field("person", with_positions.clone());
        let place = b.add_text_field("place", with_positions.clone());
        let org = b.add_text_field("org", with_positions);
        let kind = b.add_text_field(
            "kind",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        let key = b.add_u64_field("key", INDEXED | FAST);
        let hash = b.add_u64_field("hash", FAST);
        let sig = b.add_u64_field("sig", FAST);
        let date = b.add_u64_field("date", FAST);
        Fields {
            schema: b.build(),
            text: [title, body, entities, person, place, org],
            kind,
            key,
            hash,
            sig,
            date,
        }
    }

    pub(crate) fn field(&self, f: TextField) -> Field {
        self.text[f.slot()]
    }
}

/// The date key (`YYYYMMDD`, see [`crate::dates`]) of an article's date as
/// written, when one can be read from it.
pub(crate) fn date_key(date: &str) -> Option<u64> {
    crate::dates::key(date).map(|k| u64::from(k.0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_key("2005-03-14"), Some(20050314));
        assert_eq!(date_key("2005"), Some(20050000));
        assert_eq!(date_key("2005-3"), Some(20050000));
        assert_eq!(date_key("March 2005"), Some(20050300));
        assert_eq!(date_key("spring"), None);
        assert_eq!(date_key("20051"), None);
    }
}
