//! Hand-written rules: label chunks from gazetteers and context, and make
//! labels consistent within a document.
//!
//! [`label_chunks`] is the rule-only tagger (used when no model is loaded and
//! as the measured baseline). [`consistency`] runs after any tagger: a name
//! labelled once is labelled the same way everywhere in the text, a person's
//! surname alone counts as the person, and unlabelled repeats of a known name
//! are labelled too.

use super::EntityKind;
use super::common::common_words;
use super::doc::{Doc, LineStyle};
use super::gazetteer::{class, prefix_seq_hashes, seq_hash};
use super::keymap::KeyMap;
use super::tokenize::{Case, TokKind};

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

fn is_common(doc: &Doc, i: usize) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| common_words().contains(t.lhash))
}

/// The entity kind a gazetteer class set suggests (ORG, then LOC, then MISC).
pub fn pick(c: u16) -> Option<EntityKind> {
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

/// Memory [`consistency`] reuses from text to text.
#[derive(Default)]
pub struct Scratch {
    votes: KeyMap<[u32; 5]>,
    covered: Vec<bool>,
    prefixes: Vec<u64>,
}

/// Document-level consistency over tagged spans (sorted, non-overlapping):
/// majority label per name, a person's last name alone is that person, and
/// untagged repeats of a tagged name inside chunks get tagged.
///
/// `strong` names (settled by a cue, see [`super::constraints::apply`])
/// outvote the tagger: "the oil firm Yukos" makes every "Yukos" of the text
/// an organisation.
pub fn consistency(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    sc: &mut Scratch,
    strong: &[(usize, usize, EntityKind)],
) {
    if spans.is_empty() {
        return;
    }
    let votes = &mut sc.votes;
    // at most two names per span
    votes.reset(2 * spans.len());
    let mut max_len = 1;
    for &(s, e, k) in spans.iter() {
        max_len = max_len.max(e - s);
        // headline/shouted lines vote less: only prose votes
        let w = if doc.style[s] == LineStyle::Prose {
            2
        } else {
            1
        };
        votes.entry(seq_hash(&doc.toks[s..e]))[k as usize] += w;
        if k == EntityKind::Person && e - s >= 2 && doc.toks[e - 1].kind == TokKind::Word {
            // a full name makes its surname a person throughout the text
            votes.entry(seq_hash(&doc.toks[e - 1..e]))[k as usize] += 3;
        }
    }
    for &(s, e, k) in strong {
        if s < e && e <= doc.toks.len() {
            votes.entry(seq_hash(&doc.toks[s..e]))[k as usize] += 10;
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
        if let Some(v) = votes.get(seq_hash(&doc.toks[sp.0..sp.1])) {
            sp.2 = best(&v);
        }
    }
    // tag untagged repeats inside chunks
    let prefixes = &mut sc.prefixes;
    let covered = &mut sc.covered;
    covered.clear();
    covered.resize(doc.toks.len(), false);
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
            // names here are runs of uncovered tokens, longest first
            let free = covered[i..e]
                .iter()
                .take(max_len)
                .take_while(|&&c| !c)
                .count();
            prefix_seq_hashes(&doc.toks[i..i + free], prefixes);
            let hit = (1..=free).rev().find_map(|n| {
                let v = votes.get(prefixes[n - 1])?;
                Some((n, best(&v)))
            });
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
