//! Hand-written rules: label chunks from gazetteers and context, and make
//! labels consistent within a document.
//!
//! [`label_chunks`] is the rule-only tagger (used when no model is loaded and
//! as the measured baseline). [`consistency`] runs after any tagger: a name
//! labelled once is labelled the same way everywhere in the text, a person's
//! surname alone counts as the person, and unlabelled repeats of a known name
//! are labelled too.

use super::EntityKind;
use super::doc::{Doc, LineStyle};
use std::sync::OnceLock;

use super::gazetteer::{IdMap, WordSet, class, seq_hash};
use super::tokenize::{Case, TokKind};

/// Capitalised words that start sentences but are no names.
pub const COMMON: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "my",
    "his",
    "her",
    "our",
    "their",
    "your",
    "what",
    "when",
    "where",
    "why",
    "how",
    "who",
    "which",
    "while",
    "after",
    "before",
    "if",
    "as",
    "at",
    "in",
    "on",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "and",
    "but",
    "or",
    "so",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
    "one",
    "two",
    "three",
    "even",
    "though",
    "although",
    "honestly",
    "however",
    "meanwhile",
    "yet",
    "still",
    "also",
    "now",
    "then",
    "there",
    "here",
    "today",
    "yesterday",
    "tomorrow",
    "because",
    "since",
    "until",
    "during",
    "despite",
    "without",
    "under",
    "over",
    "about",
    "among",
    "between",
    "both",
    "each",
    "every",
    "few",
    "other",
    "such",
    "only",
    "just",
    "last",
    "next",
    "first",
    "new",
    "old",
    "former",
    "several",
    "according",
    "asked",
    "thousands",
    "hundreds",
    "dozens",
    "millions",
    "instead",
    "indeed",
    "perhaps",
    "maybe",
    "officials",
    "police",
    "people",
    "others",
    "many",
    "much",
    "there",
    "well",
    "oh",
    "please",
    "thanks",
    "thank",
    "if",
    "unless",
    "whether",
    "once",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "have",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "let",
    "let's",
    "don't",
    "i'm",
    "it's",
    "that's",
    "we're",
    "they're",
    "after",
    "like",
    "than",
    "into",
    "through",
    "against",
    "within",
    "along",
    "across",
    "behind",
    "beyond",
    "near",
    "outside",
    "inside",
    "ahead",
    "back",
    "again",
    "never",
    "always",
    "often",
    "sometimes",
    "later",
    "earlier",
    "soon",
    "almost",
    "nearly",
    "really",
    "very",
    "too",
    "so",
    "such",
    "any",
    "no",
    "nor",
    "neither",
    "either",
    "whose",
    "whom",
    "said",
    "says",
    "say",
    "read",
    "see",
    "watch",
    "more",
    "less",
    "least",
    "best",
    "good",
    "bad",
    "big",
    "small",
    "high",
    "low",
    "free",
    "full",
    "open",
    "close",
    "report",
    "update",
    "breaking",
    "exclusive",
    "photo",
    "video",
    "analysis",
    "opinion",
    "editor",
    "note",
    "by",
];

/// Words before a name that make it a place.
const LOC_CUES: &[&str] = &[
    "in", "from", "near", "across", "outside", "inside", "to", "towards", "toward", "through",
];

/// Words next to a name that make it a person.
const PER_CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "asked",
    "wrote",
    "according",
];

/// [`COMMON`] as a set.
pub fn common_words() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(COMMON))
}

fn is_common(doc: &Doc, i: usize) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| common_words().contains(t.lhash))
}

fn pick(c: u16) -> Option<EntityKind> {
    if c & class::ORG != 0 {
        Some(EntityKind::Org)
    } else if c & class::LOC != 0 {
        Some(EntityKind::Place)
    } else if c & class::MISC != 0 {
        Some(EntityKind::Misc)
    } else if c & class::CITY != 0 {
        Some(EntityKind::Place)
    } else {
        None
    }
}

/// Rule-only labelling of every chunk: token spans with their kinds.
pub fn label_chunks(doc: &Doc) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    for &(s, e) in &doc.chunks {
        label_chunk(doc, s, e, &mut out);
    }
    out
}

fn label_chunk(doc: &Doc, s: usize, e: usize, out: &mut Vec<(usize, usize, EntityKind)>) {
    let style = doc.style[s];
    let mut i = s;
    let mut person_cue = false;
    while i < e {
        let t = &doc.toks[i];
        let g = doc.gaz[i];
        if t.kind != TokKind::Word || (t.case == Case::Lower && !g.begin) {
            i += 1;
            continue;
        }
        if g.single & class::TITLE != 0 && i + 1 < e && g.span == 0 {
            person_cue = true;
            i += 1;
            continue;
        }
        if (t.sent_start || style != LineStyle::Prose) && is_common(doc, i) && g.span == 0 {
            i += 1;
            continue;
        }
        // whole rest of chunk ends with an organisation / place suffix
        let last = doc.gaz[e - 1].single;
        if e - i >= 2
            && style == LineStyle::Prose
            && !(g.begin && doc.gaz[e - 1].last && g.span != 0)
        {
            if last & class::ORGSUF != 0 {
                out.push((i, e, EntityKind::Org));
                return;
            }
            if last & class::LOCSUF != 0 && g.span & class::ORG == 0 {
                out.push((i, e, EntityKind::Place));
                return;
            }
        }
        if g.begin && g.span != 0 {
            let mut n = i + 1;
            while n < e && !doc.gaz[n - 1].last {
                n += 1;
            }
            let weak = g.span & !(class::CITY) == 0;
            if !(weak && (t.sent_start || style != LineStyle::Prose))
                && let Some(k) = pick(g.span)
            {
                out.push((i, n, k));
            }
            i = n;
            person_cue = false;
            continue;
        }
        // unknown run: up to the next gazetteer entry or connector "and"
        let mut n = i + 1;
        while n < e && doc.gaz[n].span == 0 && doc.word(n) != "and" && doc.word(n) != "&" {
            n += 1;
        }
        while n > i + 1 && doc.toks[n - 1].case == Case::Lower {
            n -= 1;
        }
        if style != LineStyle::Prose {
            // headlines and shouting: only what the gazetteer knows
            i = n;
            continue;
        }
        let prev = doc.word(i.wrapping_sub(1)).to_lowercase();
        let next = doc.word(n).to_lowercase();
        let acronym = n == i + 1 && t.case == Case::Upper && (2..=6).contains(&doc.word(i).len());
        let kind = if person_cue
            || PER_CUES.contains(&prev.as_str())
            || PER_CUES.contains(&next.as_str())
            || (n - i >= 2 && g.single & class::FIRST != 0)
        {
            EntityKind::Person
        } else if acronym {
            EntityKind::Org
        } else if LOC_CUES.contains(&prev.as_str()) {
            EntityKind::Place
        } else {
            EntityKind::Person
        };
        let sentence_initial_single = n == i + 1 && t.sent_start && !doc.cap_mid.contains(t.lhash);
        if !sentence_initial_single {
            out.push((i, n, kind));
        }
        i = n;
        person_cue = false;
    }
}

/// Document-level consistency over tagged spans (sorted, non-overlapping):
/// majority label per name, a person's last name alone is that person, and
/// untagged repeats of a tagged name inside chunks get tagged.
pub fn consistency(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    if spans.is_empty() {
        return;
    }
    let mut votes: IdMap<[u32; 5]> = IdMap::default();
    let mut max_len = 1;
    for &(s, e, k) in spans.iter() {
        max_len = max_len.max(e - s);
        // headline/shouted lines vote less: only prose votes
        let w = if doc.style[s] == LineStyle::Prose {
            2
        } else {
            1
        };
        votes.entry(seq_hash(&doc.toks[s..e])).or_default()[k as usize] += w;
        if k == EntityKind::Person && e - s >= 2 && doc.toks[e - 1].kind == TokKind::Word {
            // a full name makes its surname a person throughout the text
            votes.entry(seq_hash(&doc.toks[e - 1..e])).or_default()[k as usize] += 3;
        }
    }
    let best = |v: &[u32; 5]| -> EntityKind {
        let mut bi = 0;
        for i in 1..5 {
            if v[i] > v[bi] {
                bi = i;
            }
        }
        EntityKind::ALL[bi]
    };
    for sp in spans.iter_mut() {
        if let Some(v) = votes.get(&seq_hash(&doc.toks[sp.0..sp.1])) {
            sp.2 = best(v);
        }
    }
    // tag untagged repeats inside chunks
    let mut covered = vec![false; doc.toks.len()];
    for &(s, e, _) in spans.iter() {
        for c in covered.iter_mut().take(e).skip(s) {
            *c = true;
        }
    }
    let mut added = Vec::new();
    for &(s, e) in &doc.chunks {
        let mut i = s;
        while i < e {
            if covered[i] || doc.toks[i].case == Case::Lower {
                i += 1;
                continue;
            }
            let max = (e - i).min(max_len);
            let mut hit = None;
            for n in (1..=max).rev() {
                if covered[i..i + n].iter().any(|&c| c) {
                    continue;
                }
                if let Some(v) = votes.get(&seq_hash(&doc.toks[i..i + n])) {
                    hit = Some((n, best(v)));
                    break;
                }
            }
            match hit {
                Some((n, k)) => {
                    added.push((i, i + n, k));
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_by_key(|s| s.0);
    }
}

/// Spans made of known places joined by hyphens or simply adjacent
/// ("US-Mexico", "Mexico-Guatemala", "Los Angeles California") are split
/// into the places. Adjacent parts must be countries, states or big cities.
pub fn split_hyphenated(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let places = class::LOC | class::CITY;
    let mut out = Vec::with_capacity(spans.len());
    for &(s, e, k) in spans.iter() {
        let mut parts = Vec::new();
        let mut i = s;
        let mut ok = e - s >= 3;
        while ok && i < e {
            // one whole gazetteer place, then a hyphen or the end
            let g = doc.gaz[i];
            let n = if g.begin && g.span & places != 0 {
                let mut n = i + 1;
                while n < e && !doc.gaz[n - 1].last {
                    n += 1;
                }
                n
            } else {
                ok = false;
                break;
            };
            parts.push((i, n, EntityKind::Place));
            if n < e && doc.word(n) == "-" {
                ok = n + 1 < e;
                i = n + 1;
            } else {
                ok = n == e || doc.gaz[n].span & class::LOC != 0 && g.span & class::LOC != 0;
                i = n;
            }
        }
        if ok && parts.len() >= 2 {
            out.extend(parts);
        } else {
            out.push((s, e, k));
        }
    }
    *spans = out;
}

/// Known names of three or more words (gazetteer entries such as "United
/// Nations High Commissioner for Refugees") override the tagger inside prose.
pub fn long_gazetteer_names(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        let mut i = s;
        while i < e {
            let g = doc.gaz[i];
            if g.begin && g.span != 0 {
                let mut n = i + 1;
                while n < e && !doc.gaz[n - 1].last {
                    n += 1;
                }
                if n - i >= 3
                    && doc.style[i] == LineStyle::Prose
                    && let Some(k) = pick(g.span)
                {
                    add.push((i, n, k));
                }
                i = n;
            } else {
                i += 1;
            }
        }
    }
    if add.is_empty() {
        return;
    }
    spans.retain(|&(s, e, _)| !add.iter().any(|&(a, b, _)| s < b && a < e));
    spans.extend(add);
    spans.sort_by_key(|s| s.0);
}

/// Titles are not part of a person's name (CoNLL convention): leading title
/// words ("President", "Mr", "Prime Minister") are dropped from PER spans.
pub fn strip_titles(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    for sp in spans.iter_mut() {
        if sp.2 != EntityKind::Person {
            continue;
        }
        while sp.1 - sp.0 > 1 && (doc.gaz[sp.0].single & class::TITLE != 0 || doc.word(sp.0) == "-")
        {
            sp.0 += 1;
        }
    }
}

/// Person names hold no "of", "for", "and" or "the": a PER span with one is
/// cut before it ("Edgar Corzo of Mexico" → "Edgar Corzo"), and a known name
/// after it keeps its own label.
pub fn cut_person_connectors(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let mut extra = Vec::new();
    for sp in spans.iter_mut() {
        if sp.2 != EntityKind::Person {
            continue;
        }
        let cut =
            (sp.0 + 1..sp.1).find(|&i| matches!(doc.word(i), "of" | "for" | "and" | "the" | "&"));
        if let Some(c) = cut {
            let rest = (c + 1, sp.1);
            sp.1 = c;
            let g = doc.gaz.get(rest.0).copied().unwrap_or_default();
            if rest.0 < rest.1
                && g.begin
                && doc.gaz[rest.1 - 1].last
                && let Some(k) = pick(g.span)
            {
                extra.push((rest.0, rest.1, k));
            }
        }
    }
    if !extra.is_empty() {
        spans.extend(extra);
        spans.sort_by_key(|s| s.0);
    }
}

/// A single unknown word (no gazetteer entry, not a given name, not a common
/// word) right after "in", "near", "outside" … is a place, whatever the
/// tagger guessed, and even when it guessed nothing.
pub fn places_after_prepositions(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let is_place_cue = |i: usize| {
        i > 0
            && matches!(
                doc.word(i - 1),
                "in" | "near" | "outside" | "across" | "towards" | "toward"
            )
    };
    let unknown = |i: usize| {
        let g = doc.gaz[i];
        g.span == 0
            && g.single == 0
            && doc.toks[i].case == Case::Title
            && doc.style[i] == LineStyle::Prose
            && !common_words().contains(doc.toks[i].lhash)
    };
    for sp in spans.iter_mut() {
        if sp.1 - sp.0 == 1 && sp.2 != EntityKind::Place && is_place_cue(sp.0) && unknown(sp.0) {
            sp.2 = EntityKind::Place;
        }
    }
    let mut add = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s == 1
            && is_place_cue(s)
            && unknown(s)
            && !spans.iter().any(|&(a, b, _)| a <= s && s < b)
        {
            add.push((s, e, EntityKind::Place));
        }
    }
    if !add.is_empty() {
        spans.extend(add);
        spans.sort_by_key(|s| s.0);
    }
}

/// Shouting is no name: in prose, a span with a capitals-only word that
/// stands next to other capitals-only words ("CLOSE OUR SOUTHERN BORDER"),
/// or a long capitals-only word ("THOUSANDS"), is dropped unless the
/// gazetteer knows that word.
pub fn drop_shouting(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    let caps = |i: usize| {
        doc.toks.get(i).is_some_and(|t| {
            t.kind == TokKind::Word && t.case == Case::Upper && t.end - t.start >= 2
        })
    };
    let known = |i: usize| {
        let g = doc.gaz[i];
        g.span != 0 || g.single & (class::ORG | class::LOC | class::MISC) != 0
    };
    spans.retain(|&(s, e, _)| {
        if doc.style[s] != LineStyle::Prose {
            return true;
        }
        !(s..e).any(|i| {
            caps(i)
                && !known(i)
                && ((i > 0 && caps(i - 1))
                    || caps(i + 1)
                    || doc.toks[i].end - doc.toks[i].start >= 7)
        })
    });
}

/// A nationality followed by an institution word is an organisation:
/// "Scottish Parliament", "British Museum", "French Navy". Applies to a
/// chunk made of a known nationality (MISC) and untagged capitalised words
/// ending with an organisation suffix.
pub fn nationality_institutions(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    let mut changed = false;
    for &(s, e) in &doc.chunks {
        if e - s < 2 || doc.gaz[e - 1].single & class::ORGSUF == 0 {
            continue;
        }
        let inside: Vec<usize> = (0..spans.len())
            .filter(|&k| spans[k].0 < e && s < spans[k].1)
            .collect();
        let [k] = inside[..] else {
            continue;
        };
        let (a, b, kind) = spans[k];
        let g = doc.gaz[a];
        let tail_ok = (b..e).all(|i| matches!(doc.toks[i].case, Case::Title | Case::Upper));
        if kind == EntityKind::Misc
            && a == s
            && g.begin
            && g.span & class::MISC != 0
            && b < e
            && tail_ok
        {
            spans[k] = (a, e, EntityKind::Org);
            changed = true;
        }
    }
    if changed {
        spans.sort_by_key(|s| s.0);
    }
}

/// A multi-word name ending with an organisation word ("Mexico City Council",
/// "Egypt FA", "Washington Post") is an organisation, unless the whole name
/// is a gazetteer entry of another kind ("Soviet Union").
pub fn organisation_suffixes(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    for sp in spans.iter_mut() {
        let (s, e, k) = *sp;
        if k == EntityKind::Org || k == EntityKind::Person || e - s < 2 {
            continue;
        }
        if doc.gaz[e - 1].single & class::ORGSUF == 0 || doc.style[s] != LineStyle::Prose {
            continue;
        }
        let whole_entry = doc.gaz[s].begin
            && doc.gaz[e - 1].last
            && doc.gaz[s].span != 0
            && (s..e).all(|i| doc.gaz[i].span == doc.gaz[s].span);
        if !whole_entry {
            sp.2 = EntityKind::Org;
        }
    }
}
