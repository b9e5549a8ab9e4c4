//! Rules applied after tagging, whatever tagger ran: they enforce the span
//! conventions and the cases a statistical tagger gets wrong too often.
//!
//! In order ([`apply`]): long known names win; a nationality plus an
//! institution word is an organisation; names ending in an organisation word
//! are organisations; known places joined by hyphens are split; titles leave
//! person spans; person names stop at "of"/"for"/"and"; an unknown word after
//! "in"/"near" is a place; shouted capitals are no names.

use super::EntityKind;
use super::common::common_words;
use super::doc::{Doc, LineStyle};
use super::gazetteer::class;
use super::rules::pick;
use super::tokenize::{Case, TokKind};

/// Runs every rule of this module on `spans` (token ranges, sorted).
///
/// Each rule costs about one pass over the spans and chunks (a binary search
/// where it needs the spans near a chunk), so a long text costs in proportion
/// to its length.
pub fn apply(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    long_gazetteer_names(doc, spans);
    nationality_institutions(doc, spans);
    organisation_suffixes(doc, spans);
    group_appositives(doc, spans);
    split_hyphenated(doc, spans);
    strip_titles(doc, spans);
    cut_person_connectors(doc, spans);
    places_after_prepositions(doc, spans);
    drop_shouting(doc, spans);
}

/// Spans made of known places joined by hyphens or simply adjacent
/// ("US-Mexico", "Mexico-Guatemala", "Los Angeles California") are split
/// into the places. Adjacent parts must be countries, states or big cities.
fn split_hyphenated(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    // most texts have no span to split: then the spans stay as they are
    let mut parts = Vec::new();
    let Some(first) = spans
        .iter()
        .position(|&(s, e, _)| place_parts(doc, s, e, &mut parts))
    else {
        return;
    };
    let mut out = Vec::with_capacity(spans.len() + parts.len());
    out.extend_from_slice(&spans[..first]);
    out.append(&mut parts);
    for &(s, e, k) in &spans[first + 1..] {
        if place_parts(doc, s, e, &mut parts) {
            out.append(&mut parts);
        } else {
            out.push((s, e, k));
        }
    }
    *spans = out;
}

/// Splits the span `s..e` into places joined by hyphens or adjacent (see
/// [`split_hyphenated`]): true, with the places in `parts` (cleared first),
/// when it splits into two or more.
fn place_parts(doc: &Doc, s: usize, e: usize, parts: &mut Vec<(usize, usize, EntityKind)>) -> bool {
    let places = class::LOC | class::CITY;
    parts.clear();
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
    ok && parts.len() >= 2
}

/// Known names of three or more words (gazetteer entries such as "United
/// Nations High Commissioner for Refugees") override the tagger inside prose.
fn long_gazetteer_names(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
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
    // `add` is sorted and disjoint (chunk order): a binary search per span.
    spans.retain(|&(s, e, _)| overlapping(&add, s, e).is_empty());
    spans.extend(add);
    spans.sort_by_key(|s| s.0);
}

/// Titles are not part of a person's name (CoNLL convention): leading title
/// words ("President", "Mr", "Prime Minister") are dropped from PER spans.
fn strip_titles(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
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
fn cut_person_connectors(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
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
fn places_after_prepositions(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
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
        if e - s == 1 && is_place_cue(s) && unknown(s) && overlapping(spans, s, e).is_empty() {
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
fn drop_shouting(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
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
fn nationality_institutions(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
    let mut changed = false;
    for &(s, e) in &doc.chunks {
        if e - s < 2 || doc.gaz[e - 1].single & class::ORGSUF == 0 {
            continue;
        }
        // exactly one span inside the chunk
        let inside = overlapping(spans, s, e);
        if inside.len() != 1 {
            continue;
        }
        let k = inside.start;
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

/// Words that, right before a multi-word name, say it names an
/// organisation: "the advocacy group Pueblo Sin Fronteras", "the charity
/// Save the Children".
const ORG_HEADS: &[&str] = &[
    "group",
    "organisation",
    "organization",
    "movement",
    "charity",
    "company",
    "firm",
    "agency",
    "coalition",
    "network",
    "association",
    "alliance",
    "foundation",
    "institute",
    "union",
    "band",
    "newspaper",
    "broadcaster",
    "party",
    "militia",
    "consortium",
];

/// A capitalised multi-word chunk right after one of [`ORG_HEADS`] (in lower
/// case, in prose) is one organisation, whatever the tagger made of its parts.
fn group_appositives(doc: &Doc, spans: &mut Vec<(usize, usize, EntityKind)>) {
    // Chunks are disjoint, so each one replaces only spans of the tagger's.
    let mut named = Vec::new();
    for &(s, e) in &doc.chunks {
        if e - s < 2 || s == 0 || doc.style[s] != LineStyle::Prose {
            continue;
        }
        let head = &doc.toks[s - 1];
        let word = doc
            .text
            .get(head.start as usize..head.end as usize)
            .unwrap_or("");
        if !ORG_HEADS.contains(&word) {
            continue;
        }
        if !overlapping(spans, s, e).is_empty() {
            named.push((s, e, EntityKind::Org));
        }
    }
    if named.is_empty() {
        return;
    }
    spans.retain(|&(a, b, _)| overlapping(&named, a, b).is_empty());
    spans.extend(named);
    spans.sort_by_key(|s| s.0);
}

/// A multi-word name ending with an organisation word ("Mexico City Council",
/// "Egypt FA", "Washington Post") is an organisation, unless the whole name
/// is a gazetteer entry of another kind ("Soviet Union").
fn organisation_suffixes(doc: &Doc, spans: &mut [(usize, usize, EntityKind)]) {
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

/// The indices of the spans of `spans` (sorted by start, disjoint) that
/// overlap the token range `s..e`.
fn overlapping(spans: &[(usize, usize, EntityKind)], s: usize, e: usize) -> std::ops::Range<usize> {
    // Disjoint and sorted by start, so sorted by end too.
    let first = spans.partition_point(|sp| sp.1 <= s);
    let past = first + spans[first..].partition_point(|sp| sp.0 < e);
    first..past
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The binary search finds the spans a scan of all of them finds.
        #[test]
        fn overlapping_is_what_a_scan_finds(
            gaps in proptest::collection::vec((0usize..4, 1usize..4), 0..20),
            s in 0usize..60,
            len in 1usize..6,
        ) {
            let mut spans = Vec::new();
            let mut at = 0;
            for (gap, n) in gaps {
                at += gap;
                spans.push((at, at + n, EntityKind::Person));
                at += n;
            }
            let e = s + len;
            let scanned: Vec<usize> = (0..spans.len())
                .filter(|&k| spans[k].0 < e && s < spans[k].1)
                .collect();
            prop_assert_eq!(overlapping(&spans, s, e).collect::<Vec<_>>(), scanned);
        }
    }
}
