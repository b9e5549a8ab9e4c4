//! Rules applied to a resolution, in order, giving a corrected copy.
//!
//! Work is proportional to what the rules touch, not to rules × mentions:
//! each entity's mentions are listed once, a form's mentions are found
//! through one pass over the mentions (only when some rule names a form,
//! and only hashing those of a length some rule names), and mentions are
//! never moved while rules run (a hidden one is marked, an added one
//! appended), so the lists stay valid; each list is checked against the
//! mention's current entity when read.

use std::collections::{HashMap, HashSet};

use super::rule::{MentionAt, Rule};
use crate::entities::{
    ArticleText, Entity, EntityId, EntityKind, Part, Resolution, ResolvedMention,
};

/// An article's identity for the rules: its content hash (short form).
pub type DocId = u64;

/// A corrected resolution and what each rule did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub resolution: Resolution,
    /// Mentions each rule touched, in rule order (0: the rule matches
    /// nothing now).
    pub touched: Vec<usize>,
}

/// Marks a hidden mention while rules run.
const HIDDEN: EntityId = EntityId(u32::MAX);

/// A mention's place: document, position in its list.
type At = (u32, u32);

/// Applies `rules` in order to `raw`, whose documents have the texts
/// `docs` and the identities `ids` (same order). With no rules the result
/// equals `raw`.
pub fn apply<T: ArticleText>(
    raw: &Resolution,
    docs: &[T],
    ids: &[DocId],
    rules: &[Rule],
) -> Applied {
    let mut w = Work::new(raw, docs, ids, rules);
    let touched = rules.iter().map(|r| w.rule(r)).collect();
    Applied {
        resolution: w.finish(),
        touched,
    }
}

struct Work<'a, T> {
    texts: &'a [T],
    ids: &'a [DocId],
    entities: Vec<Entity>,
    /// Entity keys (and keys merged away) to entities.
    by_key: HashMap<String, usize>,
    docs: Vec<Vec<ResolvedMention>>,
    /// Each entity's mentions (some may have moved on since: check).
    places: Vec<Vec<At>>,
    /// Mentions by the surface forms some rule names.
    forms: HashMap<String, Vec<At>>,
    /// Documents by identity (built when a rule names an article).
    by_id: Option<HashMap<DocId, Vec<u32>>>,
    /// Entities that lost or gained mentions, or were made.
    affected: HashSet<usize>,
    /// Documents whose lists changed.
    dirty: HashSet<u32>,
    /// Raw entities that are there at the start.
    raw_len: usize,
}

impl<'a, T: ArticleText> Work<'a, T> {
    fn new(raw: &Resolution, texts: &'a [T], ids: &'a [DocId], rules: &[Rule]) -> Self {
        let entities = raw.entities.clone();
        let docs = raw.docs.clone();
        let by_key = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        let mut places: Vec<Vec<At>> = vec![Vec::new(); entities.len()];
        let wanted: HashSet<&str> = rules
            .iter()
            .filter_map(|r| match r {
                Rule::SplitForm { form, .. }
                | Rule::HideForm { form }
                | Rule::AddForm { form, .. }
                | Rule::AddAlias { form, .. } => Some(form.as_str()),
                _ => None,
            })
            .collect();
        let lengths: HashSet<usize> = wanted.iter().map(|f| f.len()).collect();
        let mut forms: HashMap<String, Vec<At>> = HashMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for (k, m) in doc.iter().enumerate() {
                let at = (d as u32, k as u32);
                if let Some(e) = m.entity
                    && let Some(p) = places.get_mut(e.0 as usize)
                {
                    p.push(at);
                }
                if lengths.contains(&m.range.len())
                    && let Some(surface) = texts
                        .get(d)
                        .and_then(|t| t.part(m.part).get(m.range.clone()))
                    && wanted.contains(surface)
                {
                    forms.entry(surface.to_string()).or_default().push(at);
                }
            }
        }
        Work {
            texts,
            ids,
            raw_len: entities.len(),
            entities,
            by_key,
            docs,
            places,
            forms,
            by_id: None,
            affected: HashSet::new(),
            dirty: HashSet::new(),
        }
    }

    fn mention(&self, at: At) -> Option<&ResolvedMention> {
        self.docs.get(at.0 as usize)?.get(at.1 as usize)
    }

    fn surface(&self, at: At) -> Option<&'a str> {
        let m = self.mention(at)?;
        let texts: &'a [T] = self.texts;
        texts.get(at.0 as usize)?.part(m.part).get(m.range.clone())
    }

    /// The mentions of entity `e` now.
    fn mentions_of(&self, e: usize) -> Vec<At> {
        let Some(list) = self.places.get(e) else {
            return Vec::new();
        };
        list.iter()
            .copied()
            .filter(|&at| self.mention(at).and_then(|m| m.entity) == Some(EntityId(e as u32)))
            .collect()
    }

    /// Gives the mentions `ats` to entity `e` (kind `kind` when given).
    fn assign(&mut self, ats: &[At], e: usize, kind: Option<EntityKind>) {
        let id = EntityId(e as u32);
        for &at in ats {
            if let Some(m) = self
                .docs
                .get_mut(at.0 as usize)
                .and_then(|d| d.get_mut(at.1 as usize))
            {
                if let Some(k) = kind {
                    m.kind = k;
                }
                if m.entity == Some(id) {
                    continue;
                }
                if let Some(old) = m.entity
                    && old != HIDDEN
                {
                    self.affected.insert(old.0 as usize);
                }
                m.entity = Some(id);
                if let Some(p) = self.places.get_mut(e) {
                    p.push(at);
                }
            }
        }
        self.affected.insert(e);
    }

    fn hide(&mut self, ats: &[At]) {
        for &at in ats {
            if let Some(m) = self
                .docs
                .get_mut(at.0 as usize)
                .and_then(|d| d.get_mut(at.1 as usize))
            {
                if let Some(old) = m.entity
                    && old != HIDDEN
                {
                    self.affected.insert(old.0 as usize);
                }
                m.entity = Some(HIDDEN);
                self.dirty.insert(at.0);
            }
        }
    }

    /// A new entity; its key is `base` or `base~2`, `base~3`… whichever is free.
    fn new_entity(&mut self, base: String, name: String, kind: EntityKind) -> usize {
        let mut key = base.clone();
        let mut n = 2;
        while self.by_key.contains_key(&key) {
            key = format!("{base}~{n}");
            n += 1;
        }
        let i = self.entities.len();
        self.entities.push(Entity {
            name,
            kind,
            aliases: Vec::new(),
            key: key.clone(),
        });
        self.by_key.insert(key, i);
        self.places.push(Vec::new());
        self.affected.insert(i);
        i
    }

    fn entity(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    fn docs_with_id(&mut self, id: DocId) -> Vec<u32> {
        let ids = self.ids;
        let by_id = self.by_id.get_or_insert_with(|| {
            let mut m: HashMap<DocId, Vec<u32>> = HashMap::new();
            for (d, &id) in ids.iter().enumerate() {
                m.entry(id).or_default().push(d as u32);
            }
            m
        });
        by_id.get(&id).cloned().unwrap_or_default()
    }

    fn find_mention(&mut self, at: &MentionAt) -> Vec<At> {
        let mut out = Vec::new();
        for d in self.docs_with_id(at.article) {
            if let Some(doc) = self.docs.get(d as usize)
                && let Some(k) = doc.iter().position(|m| {
                    m.part == at.part
                        && m.range.start == at.start
                        && m.range.end == at.end
                        && m.entity != Some(HIDDEN)
                })
            {
                out.push((d, k as u32));
            }
        }
        out
    }

    /// Applies one rule; returns the mentions it touched.
    fn rule(&mut self, rule: &Rule) -> usize {
        match rule {
            Rule::Rename { entity, name } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let n = self.mentions_of(e).len();
                if let Some(ent) = self.entities.get_mut(e) {
                    let old = std::mem::replace(&mut ent.name, name.clone());
                    add_alias(ent, old);
                    ent.aliases.retain(|a| a != name);
                }
                self.affected.insert(e);
                n
            }
            Rule::Retype { entity, kind } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let ats = self.mentions_of(e);
                if let Some(ent) = self.entities.get_mut(e) {
                    ent.kind = *kind;
                }
                self.assign(&ats, e, Some(*kind));
                ats.len()
            }
            Rule::Merge { entity, into } => {
                let (Some(a), Some(b)) = (self.entity(entity), self.entity(into)) else {
                    return 0;
                };
                if a == b {
                    return 0;
                }
                let ats = self.mentions_of(a);
                let kind = self.entities.get(b).map(|t| t.kind);
                self.assign(&ats, b, kind);
                if let Some(p) = self.places.get_mut(a) {
                    p.clear();
                }
                let (name, aliases) = match self.entities.get(a) {
                    Some(src) => (src.name.clone(), src.aliases.clone()),
                    None => return ats.len(),
                };
                if let Some(t) = self.entities.get_mut(b) {
                    for f in std::iter::once(name).chain(aliases) {
                        add_alias(t, f);
                    }
                }
                // Later rules that name the merged entity mean the target.
                let keys: Vec<String> = self
                    .by_key
                    .iter()
                    .filter(|&(_, &i)| i == a)
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in keys {
                    self.by_key.insert(k, b);
                }
                ats.len()
            }
            Rule::SplitForm { entity, form } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let ats: Vec<At> = self
                    .forms
                    .get(form)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&at| {
                                self.mention(at).and_then(|m| m.entity) == Some(EntityId(e as u32))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if ats.is_empty() {
                    return 0;
                }
                let (key, kind) = match self.entities.get(e) {
                    Some(ent) => (ent.key.clone(), ent.kind),
                    None => return 0,
                };
                let n = self.new_entity(format!("{key}~{}", slug(form)), form.clone(), kind);
                self.assign(&ats, n, None);
                if let Some(ent) = self.entities.get_mut(e) {
                    ent.aliases.retain(|a| a != form);
                }
                ats.len()
            }
            Rule::SplitArticle { entity, article } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let docs: HashSet<u32> = self.docs_with_id(*article).into_iter().collect();
                let ats: Vec<At> = self
                    .mentions_of(e)
                    .into_iter()
                    .filter(|at| docs.contains(&at.0))
                    .collect();
                self.split_off(e, &ats, &format!("{article:016x}"))
            }
            Rule::SplitMention { mention } => {
                let ats = self.find_mention(mention);
                let Some(e) = ats
                    .first()
                    .and_then(|&at| self.mention(at)?.entity)
                    .map(|e| e.0 as usize)
                else {
                    return 0;
                };
                let tag = format!("{:016x}-{}", mention.article, mention.start);
                self.split_off(e, &ats, &tag)
            }
            Rule::HideForm { form } => {
                let ats: Vec<At> = self
                    .forms
                    .get(form)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&at| {
                                self.mention(at).is_some_and(|m| m.entity != Some(HIDDEN))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                self.hide(&ats);
                ats.len()
            }
            Rule::HideMention { mention } => {
                let ats = self.find_mention(mention);
                self.hide(&ats);
                ats.len()
            }
            Rule::AddForm { form, kind } => {
                let e = self.new_entity(
                    format!("{}:{}~added", kind.label(), slug(form)),
                    form.clone(),
                    *kind,
                );
                self.add_occurrences(form, e)
            }
            Rule::AddAlias { form, entity } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                if let Some(ent) = self.entities.get_mut(e) {
                    add_alias(ent, form.clone());
                }
                self.add_occurrences(form, e)
            }
        }
    }

    /// Moves `ats` (mentions of `e`) to a new entity named after the
    /// commonest of their forms.
    fn split_off(&mut self, e: usize, ats: &[At], tag: &str) -> usize {
        if ats.is_empty() {
            return 0;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &at in ats {
            if let Some(s) = self.surface(at) {
                *counts.entry(s).or_default() += 1;
            }
        }
        let Some(ent) = self.entities.get(e) else {
            return 0;
        };
        let name = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map_or_else(|| ent.name.clone(), |(s, _)| s.to_string());
        let (key, kind) = (ent.key.clone(), ent.kind);
        let n = self.new_entity(format!("{key}~{tag}"), name, kind);
        self.assign(ats, n, None);
        ats.len()
    }

    /// Every whole-word, case-matching occurrence of `form` becomes a
    /// mention of `e`: a mention with exactly that range moves to `e`, one
    /// that overlaps it stays as it is.
    fn add_occurrences(&mut self, form: &str, e: usize) -> usize {
        let Some(kind) = self.entities.get(e).map(|x| x.kind) else {
            return 0;
        };
        let finder = memchr::memmem::Finder::new(form.as_bytes());
        let mut moved: Vec<At> = Vec::new();
        let mut n = 0;
        for d in 0..self.docs.len() {
            let Some(t) = self.texts.get(d) else {
                break;
            };
            for part in [Part::Title, Part::Body] {
                let text = t.part(part);
                for start in finder.find_iter(text.as_bytes()) {
                    let end = start + form.len();
                    if !whole_word(text, start, end) {
                        continue;
                    }
                    let Some(doc) = self.docs.get_mut(d) else {
                        continue;
                    };
                    let mut clash = false;
                    let mut exact = None;
                    for (k, m) in doc.iter().enumerate() {
                        if m.part != part || m.entity == Some(HIDDEN) {
                            continue;
                        }
                        if m.range.start == start && m.range.end == end {
                            exact = Some(k);
                        } else if m.range.start < end && start < m.range.end {
                            clash = true;
                        }
                    }
                    match exact {
                        Some(k) => moved.push((d as u32, k as u32)),
                        None if !clash => {
                            let k = doc.len() as u32;
                            doc.push(ResolvedMention {
                                range: start..end,
                                kind,
                                entity: Some(EntityId(e as u32)),
                                part,
                            });
                            self.dirty.insert(d as u32);
                            if let Some(p) = self.places.get_mut(e) {
                                p.push((d as u32, k));
                            }
                            if let Some(v) = self.forms.get_mut(form) {
                                v.push((d as u32, k));
                            }
                            n += 1;
                        }
                        None => {}
                    }
                }
            }
        }
        moved.retain(|&at| self.mention(at).and_then(|m| m.entity) != Some(EntityId(e as u32)));
        self.assign(&moved, e, Some(kind));
        self.affected.insert(e);
        n + moved.len()
    }

    /// The corrected resolution: hidden mentions gone, lists in reading
    /// order, entities left without mentions by the rules gone, entities
    /// sorted by key again when any were made or removed.
    fn finish(mut self) -> Resolution {
        let mut dirty: Vec<u32> = self.dirty.iter().copied().collect();
        dirty.sort_unstable();
        for d in dirty {
            if let Some(doc) = self.docs.get_mut(d as usize) {
                doc.retain(|m| m.entity != Some(HIDDEN));
                doc.sort_by_key(|m| (m.part, m.range.start, m.range.end));
            }
        }
        let mut count = vec![0usize; self.entities.len()];
        for doc in &self.docs {
            for m in doc {
                if let Some(c) = m.entity.and_then(|e| count.get_mut(e.0 as usize)) {
                    *c += 1;
                }
            }
        }
        let keep: Vec<bool> = (0..self.entities.len())
            .map(|i| count[i] > 0 || !self.affected.contains(&i))
            .collect();
        for &i in &self.affected {
            if let Some(e) = self.entities.get_mut(i) {
                e.aliases.sort();
                e.aliases.dedup();
                let name = e.name.clone();
                e.aliases.retain(|a| *a != name);
            }
        }
        if self.entities.len() == self.raw_len && keep.iter().all(|&k| k) {
            return Resolution {
                entities: self.entities,
                docs: self.docs,
            };
        }
        let mut order: Vec<usize> = (0..self.entities.len()).filter(|&i| keep[i]).collect();
        order.sort_by(|&a, &b| self.entities[a].key.cmp(&self.entities[b].key));
        let mut new_id = vec![None; self.entities.len()];
        for (n, &old) in order.iter().enumerate() {
            new_id[old] = Some(EntityId(n as u32));
        }
        for doc in &mut self.docs {
            for m in doc {
                m.entity = m
                    .entity
                    .and_then(|e| new_id.get(e.0 as usize).copied().flatten());
            }
        }
        let mut slots: Vec<Option<Entity>> = self.entities.into_iter().map(Some).collect();
        let entities = order.iter().filter_map(|&i| slots[i].take()).collect();
        Resolution {
            entities,
            docs: self.docs,
        }
    }
}

fn add_alias(e: &mut Entity, form: String) {
    if form != e.name && !e.aliases.contains(&form) {
        e.aliases.push(form);
    }
}

/// Is `text[start..end]` a whole word (no letter or digit just before or
/// after)?
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A key-friendly form of a name: lower case letters and digits, words
/// joined by '-'.
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
