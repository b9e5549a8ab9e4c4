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
use super::gazetteer::WordSet;
use super::gazetteer::{class, prefix_seq_hashes, seq_hash};
use super::keymap::KeyMap;
use super::tokenize::{Case, TokKind};
use std::sync::OnceLock;

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
    votes: KeyMap<[u32; 8]>,
    covered: Vec<bool>,
    prefixes: Vec<u64>,
}

/// Slot of a name's votes that counts evidence it names a person: it ends
/// a full name, follows a title such as "Mr", or a cue settled it.
const PERSON_EVIDENCE: usize = 5;

/// Slot of a name's votes that counts cues that settled it as an
/// organisation ("England coach", "beat Wales").
const ORG_CUES: usize = 6;

/// Slot of a name's votes that counts organisations of several words it
/// opens ("Sun" of "Sun Microsystems").
const LEADS_ORG: usize = 7;

/// Prepositions after which a name is where something happens ("in
/// Moldova"), not who plays.
fn place_prepositions() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| {
        WordSet::new(&[
            "in",
            "near",
            "across",
            "around",
            "throughout",
            "inside",
            "outside",
        ])
    })
}

/// Honorifics before a surname ("Mr Blair").
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sir", "dame", "miss", "lord", "lady",
];

fn honorifics() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(HONORIFICS))
}

/// The label a name's votes give it. An organisation once is one
/// throughout ("Sky said ... Sky will"): a tagger's "person" loses to it
/// unless something in the text says the name is a person's (a full name
/// ending in it, a title before it).
/// In sports reporting (`sports`), a place that a cue makes a team once is
/// the team throughout ("England coach ... England lost").
/// A lone "person" that opens an organisation's name in the text, and
/// that nothing marks as a person's, is that organisation ("Sun
/// Microsystems ... Sun said").
fn best(v: &[u32; 8], sports: bool) -> EntityKind {
    let (per, org) = (v[EntityKind::Person as usize], v[EntityKind::Org as usize]);
    if per > 0 && (org > 0 || v[LEADS_ORG] > 0) && v[PERSON_EVIDENCE] == 0 {
        return EntityKind::Org;
    }
    if sports && v[ORG_CUES] > 0 && v[EntityKind::Person as usize] == 0 {
        return EntityKind::Org;
    }
    let mut bi = 0;
    for i in 1..5 {
        if v[i] > v[bi] {
            bi = i;
        }
    }
    EntityKind::ALL[bi]
}

/// Counts the first word of the organisation `s..e` of several words as
/// one that opens an organisation's name, unless it is a given name
/// ("Alexander" of "Alexander Hamilton Institute" may name a person too).
fn leads_org(doc: &Doc, s: usize, e: usize, votes: &mut KeyMap<[u32; 8]>) {
    if e - s >= 2
        && doc.toks[s].kind == TokKind::Word
        && doc.toks[s].case == Case::Title
        && doc.gaz[s].single & class::FIRST == 0
    {
        votes.entry(seq_hash(&doc.toks[s..s + 1]))[LEADS_ORG] += 1;
    }
}

/// Document-level consistency over tagged spans (sorted, non-overlapping):
/// majority label per name, a person's last name alone is that person,
/// a name tagged as an organisation once is one throughout unless the
/// text marks it as a person's (and so is a lone "person" opening an
/// organisation's name: "Sun" of "Sun Microsystems"), a name that starts
/// with such an organisation ("Sky Movies" beside "Sky") is one too, in
/// sports reporting a place after "in" stays a place, and untagged
/// repeats of a tagged name inside chunks get tagged.
///
/// `strong` names (settled by a cue, see [`super::constraints::apply`])
/// outvote the tagger: "the oil firm Yukos" makes every "Yukos" of the text
/// an organisation. In `sports` reporting, a team once is a team throughout.
pub fn consistency(
    doc: &Doc,
    spans: &mut Vec<(usize, usize, EntityKind)>,
    sc: &mut Scratch,
    strong: &[(usize, usize, EntityKind)],
    sports: bool,
) {
    if spans.is_empty() {
        return;
    }
    let votes = &mut sc.votes;
    // at most two names per span, and the first words of multi-word names
    votes.reset(3 * spans.len() + strong.len());
    let mut max_len = 1;
    for &(s, e, k) in spans.iter() {
        max_len = max_len.max(e - s);
        // headline/shouted lines vote less: only prose votes
        let w = if doc.style[s] == LineStyle::Prose {
            2
        } else {
            1
        };
        let v = votes.entry(seq_hash(&doc.toks[s..e]));
        v[k as usize] += w;
        if k == EntityKind::Org {
            leads_org(doc, s, e, votes);
        }
        let v = votes.entry(seq_hash(&doc.toks[s..e]));
        let titled = s > 0
            && doc.toks[s - 1].case == Case::Title
            && honorifics().contains(doc.toks[s - 1].lhash);
        if k == EntityKind::Person && titled {
            v[PERSON_EVIDENCE] += 1;
        }
        if k == EntityKind::Person
            && e - s >= 2
            && doc.toks[e - 1].kind == TokKind::Word
            && !super::constraints::roman_numeral(doc.word(e - 1))
        {
            // a full name makes its surname a person throughout the text
            // (a regnal number, "John I", is no surname)
            let v = votes.entry(seq_hash(&doc.toks[e - 1..e]));
            v[k as usize] += 3;
            v[PERSON_EVIDENCE] += 1;
        }
    }
    for &(s, e, k) in strong {
        if s < e && e <= doc.toks.len() {
            let v = votes.entry(seq_hash(&doc.toks[s..e]));
            v[k as usize] += 10;
            if k == EntityKind::Person {
                v[PERSON_EVIDENCE] += 1;
            }
            if k == EntityKind::Org {
                v[ORG_CUES] += 1;
                leads_org(doc, s, e, votes);
            }
        }
    }
    let place_words = place_prepositions();
    for sp in spans.iter_mut() {
        // "a crowd in Moldova": a place after "in" stays the place even
        // where the country's team plays in the same report
        let in_place = sports
            && sp.2 == EntityKind::Place
            && sp.0 > 0
            && doc.toks[sp.0 - 1].case == Case::Lower
            && place_words.contains(doc.toks[sp.0 - 1].lhash);
        if !in_place && let Some(v) = votes.get(seq_hash(&doc.toks[sp.0..sp.1])) {
            sp.2 = best(&v, sports);
        }
        // "Sky Movies", "Fiat Auto", "Lycos Europe": a "person" or a
        // "place" whose first word is an organisation of this text (and no
        // person's name, nor a place of its own) is part of it
        let place_led =
            sp.2 == EntityKind::Place && doc.gaz[sp.0].single & (class::LOC | class::CITY) == 0;
        if (sp.2 == EntityKind::Person || place_led)
            && sp.1 - sp.0 >= 2
            && let Some(v) = votes.get(seq_hash(&doc.toks[sp.0..sp.0 + 1]))
            && v[EntityKind::Org as usize] > 0
            && v[PERSON_EVIDENCE] == 0
            && best(&v, sports) == EntityKind::Org
        {
            sp.2 = EntityKind::Org;
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
                // a name only counted as an organisation's first word is
                // no name of its own
                let v = votes
                    .get(prefixes[n - 1])
                    .filter(|v| v[..5].iter().any(|&c| c > 0))?;
                Some((n, best(&v, sports)))
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
