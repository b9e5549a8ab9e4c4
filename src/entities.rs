//! Named entities: people, places, organisations, other names (nationalities,
//! groups, laws, events) and dates, found in plain text, then merged into
//! corpus-wide entities.
//!
//! # How it works
//!
//! 1. **Tokenize** ([`tokenize`](self)) news text into words with byte offsets,
//!    splitting possessives and hyphens, keeping "U.S." whole.
//! 2. **Dates** come from rules: a closed vocabulary of months and weekdays
//!    plus number shapes.
//! 3. **Chunks**: runs of capitalised words (with connectors such as "of" or
//!    "-") are the only places a name can be. Each is looked up in embedded
//!    gazetteers (countries, cities, given names, organisations, titles …).
//! 4. **Tagging**: a small averaged-perceptron model (hashed features of the
//!    word, its shape, context words, line style and gazetteer hits; Viterbi
//!    over BIO tags) labels chunk tokens. Its weights (2.4 MB) are embedded
//!    from `assets/ner_model.bin`, trained by `scripts/train_model.sh` on
//!    freely licensed data (`assets/SOURCES.md`: the weights are CC BY-SA
//!    4.0). [`Tagger::Rules`] uses hand-written rules instead (the measured
//!    baseline).
//! 5. **Rules after tagging** fix what must hold whatever the model says:
//!    long known names win, places joined by hyphens are split ("US-Mexico"),
//!    titles leave person spans, person names stop at "of", an unknown word
//!    after "in"/"near" is a place, and shouted capitals are no names.
//! 6. **Consistency**: a name keeps one label throughout the text, a
//!    person's surname alone is that person, a name that is an
//!    organisation once is one throughout unless the text marks it as a
//!    person's ("Sky said ... Sky will"), so is a lone "person" that opens
//!    an organisation's name ("Sun Microsystems ... Sun said"), and in
//!    sports reporting a place
//!    that is a team once is the team throughout. The pronoun "I" and a
//!    Roman numeral are never names on their own.
//! 7. **Resolution** ([`resolve`]) merges mentions across a corpus into
//!    entities with stable keys (aliases, acronyms, surnames, a lone given
//!    name as the article's person of that first name), gives names their
//!    kind across the collection ("Sky" mostly an organisation, so "Sky
//!    Plus" is one too), and makes an ambiguous short form an entity that
//!    says so ("Bush (ambiguous)").
//!
//! Spans follow CoNLL-2003: titles are outside person names, a possessive
//! `'s` is outside every name, "Mexico City" is one place.
//!
//! ```
//! use dateline::entities::{EntityKind, Extractor};
//! let ex = Extractor::new();
//! let text = "President Donald Trump spoke in Mexico City on Friday.";
//! let found: Vec<(&str, EntityKind)> = ex
//!     .extract(text)
//!     .into_iter()
//!     .map(|m| (&text[m.range], m.kind))
//!     .collect();
//! assert!(found.contains(&("Donald Trump", EntityKind::Person)));
//! assert!(found.contains(&("Mexico City", EntityKind::Place)));
//! assert!(found.contains(&("Friday", EntityKind::Date)));
//! ```

mod aliases;
mod common;
mod constraints;
mod date;
mod doc;
mod features;
mod gazetteer;
mod keymap;
mod model;
mod rules;
mod tokenize;
pub mod train;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub use aliases::{
    ArticleText, Entity, EntityId, Resolution, ResolvedMention, body_mentions, resolve,
};

use doc::Doc;
use gazetteer::Gazetteer;
use model::Model;

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// People.
    Person = 0,
    /// Countries, cities, regions, rivers and other places.
    Place = 1,
    /// Institutions, agencies, companies, parties, media, armed forces.
    Org = 2,
    /// Nationalities and other groups, treaties, laws, events.
    Misc = 3,
    /// Dates: full dates, month-day, weekdays, months, years.
    Date = 4,
}

impl EntityKind {
    /// Every kind, in label order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Org,
        EntityKind::Misc,
        EntityKind::Date,
    ];

    /// The CoNLL-style label: "PER", "LOC", "ORG", "MISC", "DATE".
    pub fn label(&self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Place => "LOC",
            EntityKind::Org => "ORG",
            EntityKind::Misc => "MISC",
            EntityKind::Date => "DATE",
        }
    }

    /// The kind for a label (accepts "PER"/"PERSON", "LOC"/"GPE", "ORG", "MISC", "DATE").
    pub fn from_label(label: &str) -> Option<EntityKind> {
        Some(match label {
            "PER" | "PERSON" => EntityKind::Person,
            "LOC" | "GPE" => EntityKind::Place,
            "ORG" => EntityKind::Org,
            "MISC" => EntityKind::Misc,
            "DATE" => EntityKind::Date,
            _ => return None,
        })
    }
}

/// Which text of an article a mention lies in: its title or its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Part {
    /// The headline: the mention's range is a byte range of the title.
    Title,
    /// The article text: the mention's range is a byte range of the body.
    #[default]
    Body,
}

/// One mention of an entity: a byte range (on char boundaries) of the title
/// or of the body, as `part` says, and its kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    /// Byte range into the text `part` names.
    pub range: Range<usize>,
    /// What it is.
    pub kind: EntityKind,
    /// Title or body.
    pub part: Part,
}

struct Inner {
    gaz: Gazetteer,
    model: Option<Model>,
}

fn shared() -> Arc<Inner> {
    static SHARED: OnceLock<Arc<Inner>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            Arc::new(Inner {
                gaz: Gazetteer::embedded(),
                model: Model::embedded(),
            })
        })
        .clone()
}

/// Which tagger labels the chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagger {
    /// The embedded learned model (falls back to rules when none is embedded).
    Model,
    /// Hand-written rules and gazetteers only.
    Rules,
}

/// The entity extractor. Holds the embedded gazetteers and model, parsed
/// once per process and shared; cloning is cheap; `Send + Sync`.
#[derive(Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
    tagger: Tagger,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("tagger", &self.tagger)
            .field("model", &self.inner.model.is_some())
            .finish()
    }
}

impl Extractor {
    /// The extractor with the embedded model (the first call parses the
    /// embedded data, a few tens of milliseconds; later calls share it).
    pub fn new() -> Self {
        Self::with_tagger(Tagger::Model)
    }

    /// An extractor using the given tagger.
    pub fn with_tagger(tagger: Tagger) -> Self {
        Extractor {
            inner: shared(),
            tagger,
        }
    }

    /// An extractor using model weights read from `bytes` (the layout of
    /// `assets/ner_model.bin`) instead of the embedded ones; `None` when
    /// malformed. For experiments and evaluation of new weights.
    pub fn with_model_bytes(bytes: &[u8]) -> Option<Self> {
        let model = Model::from_bytes(bytes)?;
        Some(Extractor {
            inner: Arc::new(Inner {
                gaz: Gazetteer::embedded(),
                model: Some(model),
            }),
            tagger: Tagger::Model,
        })
    }

    /// True when a learned model is embedded and in use.
    pub fn uses_model(&self) -> bool {
        self.tagger == Tagger::Model && self.inner.model.is_some()
    }

    /// Mentions in `text` (all in [`Part::Body`]): sorted by start,
    /// non-overlapping, deterministic. Texts of 4 GiB or more (beyond
    /// 32-bit offsets) give no mentions.
    ///
    /// A text longer than [`PIECE`] twice over (a book, a whole feed saved
    /// as one file) is cut at paragraph breaks into pieces of about
    /// [`PIECE`] bytes, read in parallel; document-level consistency then
    /// holds within each piece. Time and memory stay in proportion to the
    /// length, and one long text uses every core as many short ones do.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.extract_into(text, 0, Part::Body, &mut out);
        out
    }

    /// Mentions in an article's `title` and `body`, analysed as one
    /// document, so that the headline's "Trump" is the body's "Donald
    /// Trump" and a body's organisation is one in the headline too. The
    /// title's mentions come first ([`Part::Title`], ranges into `title`),
    /// then the body's ([`Part::Body`], ranges into `body`), each sorted by
    /// start. A title that only repeats the body's opening words (one made
    /// from the first sentence when the text had no headline) adds nothing.
    pub fn extract_article(&self, title: &str, body: &str) -> Vec<Mention> {
        let title = title.trim_end();
        if title.is_empty() || repeats_opening(title, body) {
            return self.extract(body);
        }
        let mut text = JOINED.try_with(RefCell::take).unwrap_or_default();
        text.clear();
        // the title is a line of its own, a paragraph before the body
        text.extend(
            title
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
        let body_at = text.len() + 2;
        text.push_str("\n\n");
        text.push_str(body);
        let mut out = Vec::new();
        self.extract_into(&text, body_at, Part::Title, &mut out);
        if text.len() <= KEEP_BUFFERS_UP_TO {
            let _ = JOINED.try_with(|j| j.replace(text));
        }
        out
    }

    /// Extracts from `text` into `out`: mentions before byte `split` are in
    /// `first` (ranges as they are), the rest in the body (ranges from
    /// `split` on). With `split` 0 everything is body.
    fn extract_into(&self, text: &str, split: usize, first: Part, out: &mut Vec<Mention>) {
        if u32::try_from(text.len()).is_err() {
            return;
        }
        if text.len() > 2 * PIECE {
            self.extract_in_pieces(text, split, first, out);
        } else {
            self.extract_piece(text, split, first, out);
        }
    }

    /// [`Extractor::extract_into`] for a long text: the pieces in parallel,
    /// the first holding everything before `split`.
    fn extract_in_pieces(&self, text: &str, split: usize, first: Part, out: &mut Vec<Mention>) {
        use rayon::prelude::*;
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, (start + PIECE).max(split));
            pieces.push(start..end);
            start = end;
        }
        let found: Vec<Vec<Mention>> = pieces
            .par_iter()
            .map(|r| {
                let mut ms = Vec::new();
                if r.start == 0 {
                    self.extract_piece(&text[r.clone()], split, first, &mut ms);
                } else {
                    // All body: ranges into the body start at `split`.
                    self.extract_piece(&text[r.clone()], 0, Part::Body, &mut ms);
                    let by = r.start - split;
                    for m in &mut ms {
                        m.range = m.range.start + by..m.range.end + by;
                    }
                }
                ms
            })
            .collect();
        // Piece by piece, each sorted: still sorted by part, then start.
        out.extend(found.into_iter().flatten());
    }

    /// [`Extractor::extract_into`] for one text read as a whole.
    fn extract_piece(&self, text: &str, split: usize, first: Part, out: &mut Vec<Mention>) {
        let mut bufs = BUFFERS.try_with(RefCell::take).unwrap_or_default();
        let doc = Doc::with_buffers(text, &self.inner.gaz, std::mem::take(&mut bufs.doc));
        let mut spans = std::mem::take(&mut bufs.spans);
        spans.clear();
        match (&self.inner.model, self.tagger) {
            (Some(m), Tagger::Model) => m.tag_into(&doc, &mut bufs.tag, &mut spans),
            _ => spans.extend(rules::label_chunks(&doc)),
        }
        let sports = constraints::is_sports(&doc);
        constraints::apply(&doc, &mut spans, sports, &mut bufs.strong);
        rules::consistency(&doc, &mut spans, &mut bufs.rules, &bufs.strong, sports);
        out.reserve(spans.len() + doc.dates.len());
        let toks = &doc.toks;
        let mut push = |s: usize, e: usize, kind: EntityKind| {
            if s < e && e <= toks.len() {
                let range = toks[s].start as usize..toks[e - 1].end as usize;
                let (range, part) = if range.start >= split {
                    (range.start - split..range.end - split, Part::Body)
                } else if range.end < split {
                    (range, first)
                } else {
                    return;
                };
                out.push(Mention { range, kind, part });
            }
        };
        for &(s, e, k) in &spans {
            push(s, e, k);
        }
        for &(s, e) in &doc.dates {
            push(s, e, EntityKind::Date);
        }
        out.sort_by_key(|m| (m.part, m.range.start, m.range.end));
        // drop overlaps (dates never overlap chunks, but stay safe)
        let mut last = (Part::Title, 0);
        out.retain(|m| {
            let keep = m.part != last.0 || m.range.start >= last.1;
            if keep {
                last = (m.part, m.range.end);
            }
            keep
        });
        if text.len() <= KEEP_BUFFERS_UP_TO {
            bufs.doc = doc.into_buffers();
            bufs.spans = spans;
            // fails only while the thread exits: then the memory just goes
            let _ = BUFFERS.try_with(|b| b.replace(bufs));
        }
    }
}

/// Does `title` only repeat the first words of `body` (a title made from
/// the first sentence, maybe shortened with an ellipsis)?
fn repeats_opening(title: &str, body: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let t = words(title.trim_end_matches(['\u{2026}', '.']));
    let head: String = body.chars().take(title.chars().count() + 16).collect();
    let b = words(&head);
    !t.is_empty() && b.len() >= t.len() && {
        // the last title word may be cut short by the ellipsis
        let n = t.len();
        t[..n - 1] == b[..n - 1] && b[n - 1].starts_with(&t[n - 1])
    }
}

/// Size of the pieces a long text is read in (see [`Extractor::extract`]).
pub const PIECE: usize = 1 << 20;

/// Where the piece that should end near `at` ends: after the first blank
/// line from `at` on, else after a line break, else after a space, else at
/// `at` (every cut is between words, so no mention spans two pieces).
fn piece_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let bytes = text.as_bytes();
    let window = &bytes[at..bytes.len().min(at + PIECE / 4)];
    let after = |sep: &[u8]| memchr::memmem::find(window, sep).map(|i| at + i + sep.len());
    after(b"\n\n")
        .or_else(|| after(b"\n"))
        .or_else(|| after(b" "))
        .unwrap_or_else(|| {
            let mut cut = at;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            cut
        })
}

/// Memory [`Extractor::extract`] reuses from text to text on one thread.
#[derive(Default)]
struct Buffers {
    doc: doc::Buffers,
    tag: model::TagBuffers,
    spans: Vec<(usize, usize, EntityKind)>,
    /// Spans settled by a cue (see [`constraints::apply`]).
    strong: Vec<(usize, usize, EntityKind)>,
    rules: rules::Scratch,
}

/// Texts up to this many bytes leave their working memory to the next text
/// on the same thread (tens of bytes per byte of text, so a few MB at most);
/// longer ones free it.
const KEEP_BUFFERS_UP_TO: usize = 1 << 18;

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
    /// Title and body joined, for [`Extractor::extract_article`].
    static JOINED: RefCell<String> = RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_read_in_pieces_finds_what_its_paragraphs_do() {
        let para = "President Donald Trump met Angela Merkel in Berlin on Friday.\n\n\
                    The European Union said the talks in Brussels went well.\n\n";
        let ex = Extractor::new();
        let one: Vec<(String, EntityKind)> = {
            let ms = ex.extract(para);
            ms.iter()
                .map(|m| (para[m.range.clone()].to_owned(), m.kind))
                .collect()
        };
        assert!(!one.is_empty());
        let long = para.repeat(2 * PIECE / para.len() + 50);
        let ms = ex.extract(&long);
        // Sorted, disjoint, and every copy of the paragraph has its names.
        assert!(ms.windows(2).all(|w| w[0].range.end <= w[1].range.start));
        let copies = long.len() / para.len();
        assert_eq!(ms.len(), one.len() * copies);
        for (m, want) in ms.iter().zip(one.iter().cycle()) {
            assert_eq!((&long[m.range.clone()], m.kind), (want.0.as_str(), want.1));
        }
        // With a headline: its mentions first, then the body's, in body
        // offsets.
        let title = "Merkel meets Trump";
        let ms = ex.extract_article(title, &long);
        let titled = ms.iter().take_while(|m| m.part == Part::Title).count();
        assert!(titled >= 1);
        let body: Vec<&Mention> = ms[titled..].iter().collect();
        assert!(body.iter().all(|m| m.part == Part::Body));
        assert_eq!(body.len(), one.len() * copies);
        for (m, want) in body.iter().zip(one.iter().cycle()) {
            assert_eq!(&long[m.range.clone()], want.0.as_str());
        }
    }

    #[test]
    fn pieces_end_between_words() {
        let text = "word ".repeat(PIECE);
        let end = piece_end(&text, PIECE + 2);
        assert_eq!(&text[end - 1..end], " ");
        let no_space = "é".repeat(PIECE);
        let end = piece_end(&no_space, 3);
        assert!(no_space.is_char_boundary(end) && end >= 3);
        assert_eq!(piece_end("short", 10), 5);
    }

    #[test]
    fn extractor_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }

    #[test]
    fn labels_round_trip() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::from_label(k.label()), Some(k));
        }
    }
}
