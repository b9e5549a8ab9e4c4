//! Background analysis of a loaded corpus: entity extraction (in parallel,
//! sent in batches so highlights appear as they are ready), corpus-wide
//! alias resolution (sent at once, so entity navigation does not wait for
//! search), then the search index with each article's entities and, beside
//! it, the table of which entities each article names (for the
//! co-occurrence view and the overview).

use std::sync::Arc;
use std::sync::mpsc::Sender;

use rayon::prelude::*;

use crate::corpus::Article;
use crate::entities::{Extractor, Mention, Resolution, resolve};
use crate::pictures::Presence;
use crate::search::{Articles, DocInput, EntityField, SearchError, SearchIndex};

/// Articles per batch of extracted mentions.
const BATCH: usize = 256;

/// Progress of the analysis.
#[derive(Debug)]
pub enum AnalysisEvent {
    /// Mentions of the articles `start..start + mentions.len()`.
    Mentions {
        start: usize,
        mentions: Vec<Vec<Mention>>,
    },
    /// Entities merged across the corpus.
    Entities(Arc<Resolution>),
    /// Articles sent to the search indexer so far.
    Indexing(usize),
    /// The search index, ready.
    Index(Result<Box<SearchIndex>, SearchError>),
    /// Which entities each article names, in which sentence (built while
    /// the index is).
    Presence(Arc<Presence>),
}

/// Runs the analysis of `articles` on a background thread.
pub fn spawn_analysis(
    articles: Vec<Arc<Article>>,
    tx: Sender<AnalysisEvent>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || analyse(&articles, &tx))
}

/// Runs the whole analysis of `articles` on this thread and returns its
/// events in order (for headless commands and tests).
pub fn analyse_now(articles: &[Arc<Article>]) -> Vec<AnalysisEvent> {
    let (tx, rx) = std::sync::mpsc::channel();
    analyse(articles, &tx);
    drop(tx);
    rx.into_iter().collect()
}

fn analyse(articles: &[Arc<Article>], tx: &Sender<AnalysisEvent>) {
    let extractor = Extractor::new();
    let mut all: Vec<Vec<Mention>> = Vec::with_capacity(articles.len());
    for (n, chunk) in articles.chunks(BATCH).enumerate() {
        let mentions: Vec<Vec<Mention>> = chunk
            .par_iter()
            .map(|a| extractor.extract_article(&a.title, &a.body))
            .collect();
        let sent = tx.send(AnalysisEvent::Mentions {
            start: n * BATCH,
            mentions: mentions.clone(),
        });
        if sent.is_err() {
            return;
        }
        all.extend(mentions);
    }
    let docs: Vec<((&str, &str), Vec<Mention>)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .zip(all)
        .collect();
    let resolution = Arc::new(resolve(&docs));
    drop(docs);
    if tx
        .send(AnalysisEvent::Entities(Arc::clone(&resolution)))
        .is_err()
    {
        return;
    }
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let texts: Vec<(&str, &str)> = articles
                .iter()
                .map(|a| (a.title.as_str(), a.body.as_str()))
                .collect();
            let presence = Presence::build(&texts, &resolution);
            let _ = tx.send(AnalysisEvent::Presence(Arc::new(presence)));
        });
        let index = build_index(articles, &resolution, |n| {
            let _ = tx.send(AnalysisEvent::Indexing(n));
        });
        let _ = tx.send(AnalysisEvent::Index(index.map(Box::new)));
    });
}

/// Builds the search index of `articles` with their resolved entities.
pub fn build_index(
    articles: &[Arc<Article>],
    resolution: &Resolution,
    progress: impl Fn(usize),
) -> Result<SearchIndex, SearchError> {
    SearchIndex::build_from(
        &WithEntities {
            articles,
            resolution,
        },
        progress,
    )
}

/// Articles with their entities, for the indexer: each article's entity
/// list is made when the indexer comes to it.
struct WithEntities<'a> {
    articles: &'a [Arc<Article>],
    resolution: &'a Resolution,
}

impl Articles for WithEntities<'_> {
    fn len(&self) -> usize {
        self.articles.len()
    }

    fn text_len(&self, i: usize) -> usize {
        self.articles
            .get(i)
            .map_or(0, |a| a.title.len() + a.body.len())
    }

    fn get(&self, i: usize) -> DocInput<'_> {
        let Some(a) = self.articles.get(i) else {
            return DocInput::default();
        };
        DocInput {
            title: &a.title,
            body: &a.body,
            date: a.date.as_deref(),
            entities: entity_fields(self.resolution, i),
        }
    }
}

/// The entities of article `doc`, with their mention counts, as the index
/// takes them.
pub fn entity_fields(resolution: &Resolution, doc: usize) -> Vec<EntityField<'_>> {
    let mut ids: Vec<u32> = resolution
        .docs
        .get(doc)
        .map(|ms| ms.iter().filter_map(|m| m.entity.map(|e| e.0)).collect())
        .unwrap_or_default();
    ids.sort_unstable();
    ids.chunk_by(|a, b| a == b)
        .filter_map(|run| {
            let e = resolution.entities.get(*run.first()? as usize)?;
            Some(EntityField {
                kind: e.kind.label(),
                name: &e.name,
                aliases: e.aliases.iter().map(String::as_str).collect(),
                mentions: run.len() as u32,
            })
        })
        .collect()
}
