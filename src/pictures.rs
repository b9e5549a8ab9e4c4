//! Pictures of a collection: when an entity is talked about, who appears
//! with whom, and what the collection holds. Plain numbers for the app's
//! charts and the headless commands alike; no terminal types.
//!
//! * [`Timeline`]: articles (and an entity's mentions) per day, week,
//!   month, year … in the shortest period that fits the bars there is room
//!   for, undated articles counted apart. Dates are read once into a
//!   [`DateColumn`] with [`crate::dates::key`], as the search index reads
//!   them, so a bar and its `date:` filter ([`crate::dates::Period::query`])
//!   always count the same articles.
//! * [`Presence`]: which entities each article names, and in which
//!   sentence. [`Presence::cooccurrence`] ranks the entities named with one
//!   entity by Dunning's log-likelihood ratio G² ([`log_likelihood`]),
//!   which neither repeats the most frequent names, as raw counts do, nor
//!   crowns a name seen once, as PMI and lift do; the shared sentences are
//!   a second count beside it.
//! * [`overview`]: articles and words, per source, folder or file, the
//!   dates' span and the most named entities of each kind.

mod cooccur;
mod overview;
mod presence;
mod sentences;
mod timeline;

pub use cooccur::{Cooccurrence, Counts, Partner, log_likelihood};
pub use overview::{GroupBy, Groups, KindSummary, Overview, overview};
pub use presence::Presence;
pub use timeline::{Bar, DateColumn, MAX_BARS, Tally, Timeline};

#[cfg(test)]
pub(crate) mod testing {
    use crate::entities::{Entity, EntityId, EntityKind, Part, Resolution, ResolvedMention};

    /// A resolution of `docs`, where each doc lists `(word, part)` names:
    /// an entity per distinct word, its mention where the word is.
    pub(crate) fn resolution_of(texts: &[(&str, &str)], names: &[&str]) -> Resolution {
        let entities = names
            .iter()
            .map(|n| Entity {
                name: (*n).to_owned(),
                kind: EntityKind::Person,
                aliases: Vec::new(),
                key: format!("PER:{n}"),
            })
            .collect();
        let docs = texts
            .iter()
            .map(|(title, body)| {
                let mut ms = Vec::new();
                for (part, text) in [(Part::Title, title), (Part::Body, body)] {
                    for (e, n) in names.iter().enumerate() {
                        for (at, _) in text.match_indices(n) {
                            ms.push(ResolvedMention {
                                range: at..at + n.len(),
                                kind: EntityKind::Person,
                                entity: Some(EntityId(e as u32)),
                                part,
                            });
                        }
                    }
                }
                std::sync::Arc::new(ms)
            })
            .collect();
        Resolution { entities, docs }
    }
}
