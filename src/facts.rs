//! What the headless commands print and the app shows, computed once.
//!
//! `dateline entities` and the entities pane count the same mentions,
//! `dateline search` and the reader mark the same hits, the list's leading
//! entities and `*` from the list pick the same entity, and every "2,084+"
//! is written the same way, because both sides call these functions. They
//! take domain data (a [`Resolution`], [`SearchResults`], an [`Article`])
//! and return plain data: no terminal types here.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::corpus::Article;
use crate::entities::{EntityKind, Mention, Part, Resolution, ResolvedMention};
use crate::search::{FILTER_NAMES, SearchResults};

/// A byte range of an article's title or body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// In the title (else in the body).
    pub in_title: bool,
    pub range: Range<usize>,
}

/// One entity mention of an article, in reading order (title, then body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionSpan {
    /// In the title (else in the body).
    pub in_title: bool,
    pub range: Range<usize>,
    pub kind: EntityKind,
    /// The entity it names; `None` when the name is ambiguous or the corpus
    /// has not been resolved yet.
    pub entity: Option<u32>,
}

impl MentionSpan {
    fn resolved(m: &ResolvedMention) -> Self {
        MentionSpan {
            in_title: m.part == Part::Title,
            range: m.range.clone(),
            kind: m.kind,
            entity: m.entity.map(|e| e.0),
        }
    }

    fn extracted(m: &Mention) -> Self {
        MentionSpan {
            in_title: m.part == Part::Title,
            range: m.range.clone(),
            kind: m.kind,
            entity: None,
        }
    }

    /// Where the mention lies.
    pub fn place(&self) -> Place {
        Place {
            in_title: self.in_title,
            range: self.range.clone(),
        }
    }
}

/// Reading order: the title's mentions, then the body's, each by position.
fn in_reading_order(spans: &mut [MentionSpan]) {
    spans.sort_by_key(|s| (!s.in_title, s.range.start));
}

/// The mentions of a resolved document, in reading order. Their positions
/// in this list are the mention numbers of [`postings`].
pub fn mention_spans(doc: &[ResolvedMention]) -> Vec<MentionSpan> {
    let mut spans: Vec<MentionSpan> = doc.iter().map(MentionSpan::resolved).collect();
    in_reading_order(&mut spans);
    spans
}

/// The mentions of a document before corpus-wide resolution (no entities
/// yet), in reading order.
pub fn extracted_spans(doc: &[Mention]) -> Vec<MentionSpan> {
    let mut spans: Vec<MentionSpan> = doc.iter().map(MentionSpan::extracted).collect();
    in_reading_order(&mut spans);
    spans
}

/// By entity id: where it is mentioned, `(article, mention number)` pairs
/// in corpus order (articles in input order, mentions in reading order).
pub type Postings = Vec<Vec<(u32, u32)>>;

/// The postings of every entity of `resolution`.
pub fn postings(resolution: &Resolution) -> Postings {
    // Counted first, so each list is allocated once at its size: no
    // growth by copies, no spare room kept (millions of mentions in a
    // large collection).
    let mut sizes = vec![0usize; resolution.entities.len()];
    for m in resolution.docs.iter().flat_map(|d| d.iter()) {
        if let Some(n) = m.entity.and_then(|e| sizes.get_mut(e.0 as usize)) {
            *n += 1;
        }
    }
    let mut out: Postings = sizes.into_iter().map(Vec::with_capacity).collect();
    let mut add = |a: usize, m: usize, entity: Option<u32>| {
        if let Some(list) = entity.and_then(|e| out.get_mut(e as usize)) {
            list.push((a as u32, m as u32));
        }
    };
    let order = |m: &ResolvedMention| (m.part != Part::Title, m.range.start);
    for (a, doc) in resolution.docs.iter().enumerate() {
        // Mentions come in reading order as a rule: no copy needed then.
        let ordered = doc.windows(2).all(|w| order(&w[0]) <= order(&w[1]));
        if ordered {
            for (m, mention) in doc.iter().enumerate() {
                add(a, m, mention.entity.map(|e| e.0));
            }
        } else {
            for (m, span) in mention_spans(doc).iter().enumerate() {
                add(a, m, span.entity);
            }
        }
    }
    out
}

/// The numbering of one document's mentions for [`postings`]: each
/// mention's entity, in reading order.
fn numbered(doc: &[ResolvedMention]) -> Vec<Option<u32>> {
    let order = |m: &ResolvedMention| (m.part != Part::Title, m.range.start);
    if doc.windows(2).all(|w| order(&w[0]) <= order(&w[1])) {
        doc.iter().map(|m| m.entity.map(|e| e.0)).collect()
    } else {
        mention_spans(doc).iter().map(|s| s.entity).collect()
    }
}

/// For each entity of `new`, the entity of `old` with the same key, when
/// both lists are sorted by key (as a resolution's are); `None` when one
/// is not. Entities that share a key are paired in order.
pub fn same_keys(
    old: &[crate::entities::Entity],
    new: &[crate::entities::Entity],
) -> Option<Vec<Option<u32>>> {
    let sorted = |v: &[crate::entities::Entity]| v.windows(2).all(|w| w[0].key <= w[1].key);
    if !sorted(old) || !sorted(new) {
        return None;
    }
    let mut from_old = vec![None; new.len()];
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (old.get(i), new.get(j)) {
        match a.key.cmp(&b.key) {
            std::cmp::Ordering::Equal => {
                from_old[j] = Some(i as u32);
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    Some(from_old)
}

/// The postings of `new`, made from `postings` (those of `old`) by
/// redoing only what changed: entities are followed by key (they may have
/// new numbers), and only the lists of the entities mentioned in an
/// article whose mentions changed (beyond their entities' numbers) are
/// made again. Equals [`postings`]`(new)`, whichever entities are paired
/// (each article's mentions are compared through the pairing: an article
/// whose mentions it does not carry over is made again); costs a
/// comparison of the mentions and the changed articles, not the building
/// of every list.
pub fn update_postings(postings: Postings, old: &Resolution, new: &Resolution) -> Postings {
    use rayon::prelude::*;
    let from_old = match same_keys(&old.entities, &new.entities) {
        Some(m) if old.docs.len() == new.docs.len() && postings.len() == old.entities.len() => m,
        _ => return self::postings(new),
    };
    let mut to_new = vec![None; old.entities.len()];
    for (j, i) in from_old.iter().enumerate() {
        if let Some(slot) = i.and_then(|i| to_new.get_mut(i as usize)) {
            *slot = Some(j as u32);
        }
    }
    // The same mention under a new number is the same; a mention of an
    // entity that is gone is not.
    let same_doc = |a: &[ResolvedMention], b: &[ResolvedMention]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.range == y.range
                    && x.part == y.part
                    && x.kind == y.kind
                    && match (x.entity, y.entity) {
                        (None, None) => true,
                        (Some(e), Some(f)) => {
                            to_new.get(e.0 as usize).copied().flatten() == Some(f.0)
                        }
                        _ => false,
                    }
            })
    };
    // Numbers unchanged: a list shared by both is the same.
    let renumbered = old.entities.len() != new.entities.len()
        || from_old
            .iter()
            .enumerate()
            .any(|(j, i)| *i != Some(j as u32));
    let changed: Vec<u32> = (0..new.docs.len())
        .into_par_iter()
        .filter(|&d| {
            let (a, b) = (&old.docs[d], &new.docs[d]);
            let shared = !renumbered && std::sync::Arc::ptr_eq(a, b);
            !shared && !same_doc(a, b)
        })
        .map(|d| d as u32)
        .collect();
    update_postings_with(postings, old, new, &changed, &to_new)
}

/// [`update_postings`] told what changed: `changed`, the articles whose
/// mentions changed beyond their entities' numbers (in order), and
/// `to_new`, each entity number of `old` to its number in `new` (`None`:
/// gone). Each article not in `changed` must hold in `new` its mentions
/// in `old` under their new numbers; then this equals
/// [`postings`]`(new)` at the cost of the changed articles alone.
pub fn update_postings_with(
    mut postings: Postings,
    old: &Resolution,
    new: &Resolution,
    changed: &[u32],
    to_new: &[Option<u32>],
) -> Postings {
    if old.docs.len() != new.docs.len()
        || postings.len() != old.entities.len()
        || to_new.len() != old.entities.len()
        || changed.iter().any(|&d| d as usize >= new.docs.len())
    {
        return self::postings(new);
    }
    let mut from_old: Vec<Option<u32>> = vec![None; new.entities.len()];
    for (i, j) in to_new.iter().enumerate() {
        if let Some(slot) = j.and_then(|j| from_old.get_mut(j as usize)) {
            *slot = Some(i as u32);
        }
    }
    let mut out: Postings = from_old
        .iter()
        .map(|i| {
            i.and_then(|i| postings.get_mut(i as usize))
                .map(std::mem::take)
                .unwrap_or_default()
        })
        .collect();
    if changed.is_empty() {
        return out;
    }
    // The entities whose entries in the changed articles differ: where a
    // list kept its length, those at the places whose entity changed;
    // where it did not (mentions hidden or added), all of its entities.
    let mut touched = vec![false; out.len()];
    let mut affected: Vec<u32> = Vec::new();
    let mut touch = |j: u32| {
        if let Some(t) = touched.get_mut(j as usize)
            && !*t
        {
            *t = true;
            affected.push(j);
        }
    };
    let lists: Vec<(u32, Vec<Option<u32>>)> = changed
        .iter()
        .map(|&d| (d, numbered(&new.docs[d as usize])))
        .collect();
    for (d, now) in &lists {
        let was: Vec<Option<u32>> = numbered(&old.docs[*d as usize])
            .into_iter()
            .map(|e| e.and_then(|e| to_new.get(e as usize).copied().flatten()))
            .collect();
        if was.len() == now.len() {
            for (a, b) in was.iter().zip(now) {
                if a != b {
                    a.iter().chain(b).for_each(|&e| touch(e));
                }
            }
        } else {
            was.iter().chain(now).flatten().for_each(|&e| touch(e));
        }
    }
    // What the changed articles hold for those entities, in corpus order.
    let mut added: Vec<Vec<(u32, u32)>> = vec![Vec::new(); out.len()];
    for (d, now) in &lists {
        for (k, e) in now.iter().enumerate() {
            if let Some(e) = *e
                && touched.get(e as usize).copied().unwrap_or(false)
                && let Some(list) = added.get_mut(e as usize)
            {
                list.push((*d, k as u32));
            }
        }
    }
    let mut is_changed = vec![false; new.docs.len()];
    for &d in changed {
        is_changed[d as usize] = true;
    }
    for j in affected {
        let (Some(list), Some(add)) = (out.get_mut(j as usize), added.get_mut(j as usize)) else {
            continue;
        };
        let add = std::mem::take(add);
        let kept = std::mem::take(list);
        let mut merged = Vec::with_capacity(kept.len() + add.len());
        let mut add = add.into_iter().peekable();
        let stays = |p: &(u32, u32)| !is_changed.get(p.0 as usize).copied().unwrap_or(false);
        for p in kept.into_iter().filter(stays) {
            while let Some(q) = add.next_if(|q| *q < p) {
                merged.push(q);
            }
            merged.push(p);
        }
        merged.extend(add);
        *list = merged;
    }
    out
}

/// How often an entity is mentioned, and in how many articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityCount {
    pub mentions: usize,
    pub articles: usize,
}

/// The counts of one entity, from its postings.
pub fn entity_count(postings: &[(u32, u32)]) -> EntityCount {
    EntityCount {
        mentions: postings.len(),
        articles: articles_of(postings).len(),
    }
}

/// The articles in `postings`, once each, in corpus order.
pub fn articles_of(postings: &[(u32, u32)]) -> Vec<u32> {
    let mut articles: Vec<u32> = postings.iter().map(|p| p.0).collect();
    articles.dedup();
    articles
}

/// The people, places, organisations and other names a document mentions
/// most (dates left out), most mentioned first; among equals, the one
/// mentioned first.
pub fn leading_entities(doc: &[ResolvedMention]) -> Vec<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for span in mention_spans(doc) {
        let Some(e) = span.entity else { continue };
        if span.kind == EntityKind::Date {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == e) {
            Some(c) => c.1 += 1,
            None => counts.push((e, 1)),
        }
    }
    // A stable sort keeps first-mentioned order among equals.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|c| c.0).collect()
}

/// Where `results` match an article: the title's hits, then the body's.
pub fn hit_places(results: &SearchResults, article: &Article) -> Vec<Place> {
    let hits = |text: &str, in_title: bool| {
        results
            .hit_ranges(text)
            .into_iter()
            .map(move |range| Place { in_title, range })
    };
    hits(&article.title, true)
        .chain(hits(&article.body, false))
        .collect()
}

/// The search filters, as the user types them: "title: person: … is: tag: has:".
pub fn filter_names() -> String {
    FILTER_NAMES
        .iter()
        .map(|f| format!("{f}:"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The note for a `name:` that is no filter (it was searched as words).
pub fn not_a_filter(name: &str) -> String {
    format!("{name}: is not a filter ({})", filter_names())
}

/// `n` with thousands separators: 12,345.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count that may be a lower bound: "2,084" or "2,084+".
pub fn count(n: usize, lower_bound: bool) -> String {
    let plus = if lower_bound { "+" } else { "" };
    format!("{}{plus}", thousands(n))
}

/// A count with its noun: "1 match", "2,084+ matches".
pub fn counted(n: usize, lower_bound: bool, one: &str, many: &str) -> String {
    let noun = if n == 1 && !lower_bound { one } else { many };
    format!("{} {noun}", count(n, lower_bound))
}

/// The match count of a search: "1 match", "37 matches", "2,084+ matches".
pub fn matches(results: &SearchResults) -> String {
    counted(
        results.total,
        results.total_is_lower_bound,
        "match",
        "matches",
    )
}

/// What a name given on the command line (or typed) refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityLookup {
    /// One entity.
    One(usize),
    /// Several entities have this name or alias.
    Ambiguous(Vec<usize>),
    /// The corpus mentions the name this many times, but no mention of it
    /// names one entity (several people share it); `could_be` lists the
    /// entities those mentions might mean.
    Unlinked {
        mentions: usize,
        could_be: Vec<usize>,
    },
    /// Nothing by that name.
    Unknown,
}

/// Finds an entity by its key (`PER:tony-blair`), canonical name or alias,
/// ignoring case; failing those, by the text of its mentions in `articles`
/// ("Mr Blair"), which may be left unlinked when the name is ambiguous.
pub fn find_entity(
    resolution: &Resolution,
    articles: &[std::sync::Arc<Article>],
    name: &str,
) -> EntityLookup {
    let want = name.trim().to_lowercase();
    let entities = &resolution.entities;
    let by_key: Vec<usize> = (0..entities.len())
        .filter(|&i| entities[i].key.to_lowercase() == want)
        .collect();
    if let [one] = by_key.as_slice() {
        return EntityLookup::One(*one);
    }
    let named = |i: &usize| {
        let e = &entities[*i];
        e.name.to_lowercase() == want || e.aliases.iter().any(|a| a.to_lowercase() == want)
    };
    let by_name: Vec<usize> = (0..entities.len()).filter(named).collect();
    match by_name.as_slice() {
        [] => {}
        [one] => return EntityLookup::One(*one),
        _ => return EntityLookup::Ambiguous(by_name),
    }
    // The mentions written this way: the entities they name, and how many
    // name none.
    let mut linked: Vec<usize> = Vec::new();
    let mut unlinked = 0;
    for (doc, article) in resolution.docs.iter().zip(articles) {
        for m in doc.iter() {
            let text = article.body.get(m.range.clone()).unwrap_or("");
            if text.to_lowercase() != want {
                continue;
            }
            match m.entity {
                Some(e) if !linked.contains(&(e.0 as usize)) => linked.push(e.0 as usize),
                Some(_) => {}
                None => unlinked += 1,
            }
        }
    }
    if unlinked > 0 {
        // Whom it could mean: what the same words name elsewhere, and the
        // people whose name ends with its last word.
        let last = want.split_whitespace().last().unwrap_or("").to_owned();
        let mut could_be = linked;
        for (i, e) in entities.iter().enumerate() {
            let surname = e.name.to_lowercase();
            let ends = surname.ends_with(&format!(" {last}"));
            if e.kind == EntityKind::Person && ends && !could_be.contains(&i) {
                could_be.push(i);
            }
        }
        return EntityLookup::Unlinked {
            mentions: unlinked,
            could_be,
        };
    }
    match linked.as_slice() {
        [] => EntityLookup::Unknown,
        [one] => EntityLookup::One(*one),
        _ => EntityLookup::Ambiguous(linked),
    }
}

/// [`find_entity`], and failing it the name without its first words
/// ("Mr Blair" → "Blair", "Chancellor Gordon Brown" → "Gordon Brown"):
/// the lookup and the name it was found by.
pub fn find_entity_loosely(
    resolution: &Resolution,
    articles: &[std::sync::Arc<Article>],
    name: &str,
) -> (EntityLookup, String) {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    loop {
        let tried = words.join(" ");
        let found = find_entity(resolution, articles, &tried);
        if found != EntityLookup::Unknown || words.len() < 2 {
            return (found, tried);
        }
        words.remove(0);
    }
}

/// `path` as the user knows it: relative to the folder it was found in
/// (one of `opened`), or as given.
pub fn display_path(path: &Path, opened: &[PathBuf]) -> String {
    let relative = opened
        .iter()
        .filter(|root| root.as_os_str() != path.as_os_str())
        .filter_map(|root| path.strip_prefix(root).ok())
        .min_by_key(|p| p.as_os_str().len());
    relative.unwrap_or(path).display().to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::entities::{Entity, EntityId};

    fn mention(start: usize, len: usize, kind: EntityKind, e: Option<u32>) -> ResolvedMention {
        ResolvedMention {
            range: start..start + len,
            kind,
            entity: e.map(EntityId),
            part: Part::Body,
        }
    }

    fn entity(name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            key: format!("{}:{}", kind.label(), name.to_lowercase().replace(' ', "-")),
        }
    }

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(2_084, true), "2,084+");
        assert_eq!(counted(1, false, "match", "matches"), "1 match");
        assert_eq!(counted(1, true, "match", "matches"), "1+ matches");
        assert_eq!(counted(0, false, "match", "matches"), "0 matches");
        assert_eq!(
            filter_names(),
            "title: person: place: org: date: is: tag: has:"
        );
    }

    #[test]
    fn postings_number_mentions_in_reading_order_and_leading_entities_break_ties_by_first() {
        let res = Resolution {
            entities: vec![
                entity("A", EntityKind::Person, &[]),
                entity("B", EntityKind::Place, &[]),
                entity("Monday", EntityKind::Date, &[]),
            ],
            docs: [
                vec![
                    // Out of order on purpose: numbers follow reading order.
                    mention(30, 1, EntityKind::Place, Some(1)),
                    mention(10, 1, EntityKind::Person, Some(0)),
                    mention(20, 6, EntityKind::Date, Some(2)),
                    mention(40, 1, EntityKind::Place, Some(1)),
                    // The title's mentions come first in reading order.
                    ResolvedMention {
                        part: Part::Title,
                        ..mention(50, 1, EntityKind::Person, Some(0))
                    },
                ],
                vec![
                    mention(0, 1, EntityKind::Person, Some(0)),
                    mention(5, 6, EntityKind::Date, Some(2)),
                    mention(12, 6, EntityKind::Date, Some(2)),
                    mention(20, 1, EntityKind::Place, Some(1)),
                    mention(30, 1, EntityKind::Person, None),
                ],
            ]
            .map(std::sync::Arc::new)
            .into(),
        };
        let p = postings(&res);
        assert_eq!(p[0], vec![(0, 0), (0, 1), (1, 0)]);
        assert_eq!(p[1], vec![(0, 3), (0, 4), (1, 3)]);
        let spans = mention_spans(&res.docs[0]);
        assert!(spans[0].in_title && spans[0].range == (50..51));
        assert_eq!(spans[3].range, 30..31, "mention 3 is the one at 30");
        assert_eq!(
            entity_count(&p[1]),
            EntityCount {
                mentions: 3,
                articles: 2
            }
        );
        assert_eq!(
            leading_entities(&res.docs[0]),
            vec![0, 1],
            "equal: the first in reading order"
        );
        // A tie: the first mentioned leads; dates never do.
        assert_eq!(leading_entities(&res.docs[1]), vec![0, 1]);
    }

    #[test]
    fn entities_are_found_by_key_name_alias_or_mention_text() {
        let text = "Gordon Brown met Mr Brown and Tony Blair.";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), text).unwrap();
        let input = crate::corpus::Input::Paths(vec![dir.path().to_path_buf()]);
        let article = crate::corpus::load_all(&input).articles.remove(0);
        assert_eq!(article.body, text);
        let res = Resolution {
            entities: vec![
                entity("Gordon Brown", EntityKind::Person, &[]),
                entity("Nick Brown", EntityKind::Person, &[]),
                entity("Tony Blair", EntityKind::Person, &["Blair"]),
            ],
            docs: vec![std::sync::Arc::new(vec![
                mention(0, 12, EntityKind::Person, Some(0)),
                mention(20, 5, EntityKind::Person, None),
                mention(30, 10, EntityKind::Person, Some(2)),
            ])],
        };
        let arts = [std::sync::Arc::new(article)];
        assert_eq!(
            find_entity(&res, &arts, "per:tony-blair"),
            EntityLookup::One(2)
        );
        assert_eq!(find_entity(&res, &arts, " BLAIR "), EntityLookup::One(2));
        assert_eq!(
            find_entity(&res, &arts, "gordon brown"),
            EntityLookup::One(0)
        );
        assert_eq!(
            find_entity(&res, &arts, "Brown"),
            EntityLookup::Unlinked {
                mentions: 1,
                could_be: vec![0, 1]
            }
        );
        assert_eq!(find_entity(&res, &arts, "nobody"), EntityLookup::Unknown);
        assert_eq!(find_entity(&res, &arts, "mr blair"), EntityLookup::Unknown);
        assert_eq!(
            find_entity_loosely(&res, &arts, "Mr  Blair"),
            (EntityLookup::One(2), "Blair".to_owned())
        );
        assert_eq!(
            find_entity_loosely(&res, &arts, "Chancellor Gordon Brown"),
            (EntityLookup::One(0), "Gordon Brown".to_owned())
        );
        assert_eq!(
            find_entity_loosely(&res, &arts, "no such person").0,
            EntityLookup::Unknown
        );
    }

    #[test]
    fn paths_are_shown_from_the_folder_opened() {
        let opened = [PathBuf::from("/data/bbc"), PathBuf::from("/data")];
        assert_eq!(
            display_path(Path::new("/data/bbc/politics/380.txt"), &opened),
            "politics/380.txt"
        );
        assert_eq!(display_path(Path::new("/data/x.txt"), &opened), "x.txt");
        assert_eq!(
            display_path(Path::new("/elsewhere/y.txt"), &opened),
            "/elsewhere/y.txt"
        );
        let file = [PathBuf::from("notes/a.txt")];
        assert_eq!(display_path(Path::new("notes/a.txt"), &file), "notes/a.txt");
    }

    /// A resolution over the keys `k00`..`k11` that `present` says are
    /// there; `docs` names mentions by key number (one not there: no
    /// entity).
    fn keyed(present: &[bool], docs: &[Vec<(usize, bool, usize)>]) -> Resolution {
        let keys: Vec<usize> = (0..present.len()).filter(|&k| present[k]).collect();
        let entities = keys
            .iter()
            .map(|k| Entity {
                name: format!("E{k}"),
                kind: EntityKind::Person,
                aliases: Vec::new(),
                // Two entities may share a key.
                key: format!("k{:02}", k / 2),
            })
            .collect();
        let docs = docs
            .iter()
            .map(|doc| {
                let doc: Vec<ResolvedMention> = doc
                    .iter()
                    .map(|&(start, title, k)| ResolvedMention {
                        part: if title { Part::Title } else { Part::Body },
                        ..mention(
                            start,
                            2,
                            EntityKind::Person,
                            keys.iter().position(|&x| x == k).map(|i| i as u32),
                        )
                    })
                    .collect();
                std::sync::Arc::new(doc)
            })
            .collect();
        Resolution { entities, docs }
    }

    proptest::proptest! {
        /// Postings carried over from the resolution before equal postings
        /// made afresh, whatever changed: entities made or gone (numbers
        /// moved), mentions moved, dropped, added or out of order.
        #[test]
        fn updated_postings_equal_fresh_ones(
            before in proptest::collection::vec(proptest::bool::ANY, 12),
            after in proptest::collection::vec(proptest::bool::ANY, 12),
            docs in proptest::collection::vec(
                (
                    proptest::collection::vec((0..40usize, proptest::bool::ANY, 0..12usize), 0..8),
                    0..5u8,
                    proptest::collection::vec((0..40usize, proptest::bool::ANY, 0..12usize), 0..4),
                ),
                1..6,
            ),
        ) {
            let old_docs: Vec<_> = docs.iter().map(|(d, _, _)| d.clone()).collect();
            let new_docs: Vec<_> = docs
                .iter()
                .map(|(d, how, other)| match how {
                    0 | 1 => d.clone(),
                    2 => d.iter().rev().cloned().collect(),
                    3 => d.iter().skip(1).cloned().collect(),
                    _ => other.clone(),
                })
                .collect();
            let old = keyed(&before, &old_docs);
            let new = keyed(&after, &new_docs);
            let updated = update_postings(postings(&old), &old, &new);
            proptest::prop_assert_eq!(updated, postings(&new));
            let same = update_postings(postings(&old), &old, &old.clone());
            proptest::prop_assert_eq!(same, postings(&old));
        }
    }
}
