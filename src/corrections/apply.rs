//! Rules applied to a resolution, in order, giving a corrected copy.
//!
//! Work is proportional to what the rules touch, not to rules × mentions:
//! each entity's mentions are listed once, a form's mentions are found
//! through one pass over the mentions (only when some rule names a form,
//! and only hashing those of a length some rule names), and mentions are
//! never moved while rules run (a hidden one is marked, an added one
//! appended), so the lists stay valid; each list is checked against the
//! mention's current entity when read. The forms that rules add are found
//! in the texts by one multi-pattern scan for all of them at once.
//!
//! [`Corrected`] keeps that working state between corrections: each change
//! it makes is journaled, so a new rule is applied alone on top of the
//! others and an undone one is taken back by replaying its journal
//! backwards. Its result equals [`apply`] of the same rules (a property
//! test says so), at the cost of the rules that changed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

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
    /// What changed since the resolution the same [`Corrected`] gave
    /// before (`None` from [`apply`] and the first time).
    pub changes: Option<Changes>,
}

/// What changed between two resolutions a [`Corrected`] gave one after
/// the other: for whoever holds postings of the first (see
/// [`crate::facts::update_postings_with`]).
#[derive(Debug, Clone)]
pub struct Changes {
    /// The first one's lists (to check that it is the one held).
    pub from: Vec<Arc<Vec<ResolvedMention>>>,
    /// Documents whose mentions changed (beyond their entities' numbers),
    /// in order.
    pub docs: Vec<u32>,
    /// Each entity number of the first to its number in the second
    /// (`None`: gone).
    pub numbers: Vec<Option<u32>>,
}

impl Changes {
    /// Are these the changes from `r`?
    pub fn are_from(&self, r: &Resolution) -> bool {
        self.from.len() == r.docs.len()
            && self.numbers.len() == r.entities.len()
            && self
                .from
                .iter()
                .zip(&r.docs)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// Marks a hidden mention while rules run.
const HIDDEN: EntityId = EntityId(u32::MAX);

/// A mention's place: document, position in its list.
type At = (u32, u32);

/// An occurrence of an added form: document, part, start.
type Occurrence = (u32, Part, usize);

/// Applies `rules` in order to `raw`, whose documents have the texts
/// `docs` and the identities `ids` (same order). With no rules the result
/// equals `raw`.
pub fn apply<T: ArticleText + Sync>(
    raw: &Resolution,
    docs: &[T],
    ids: &[DocId],
    rules: &[Rule],
) -> Applied {
    let mut w = Work::new(raw, ids, false);
    w.prepare(docs, rules);
    let touched = rules.iter().map(|r| w.rule(docs, r)).collect();
    Applied {
        resolution: w.resolution().0,
        touched,
        changes: None,
    }
}

/// Rules applied to a resolution and kept applied: moving to another list
/// of rules undoes those past the common beginning and applies the rest.
#[derive(Clone)]
pub struct Corrected {
    work: Work,
    /// The rules applied, in order, with the journal's length before each
    /// and the mentions each touched.
    applied: Vec<Rule>,
    marks: Vec<usize>,
    touched: Vec<usize>,
}

impl std::fmt::Debug for Corrected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corrected")
            .field("applied", &self.applied.len())
            .finish_non_exhaustive()
    }
}

impl Corrected {
    /// `raw` with no rule applied yet.
    pub fn new(raw: &Resolution, ids: &[DocId]) -> Self {
        Corrected {
            work: Work::new(raw, ids, true),
            applied: Vec::new(),
            marks: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// The rules applied now.
    pub fn rules(&self) -> &[Rule] {
        &self.applied
    }

    /// Brings the state to `rules` (undoing the applied rules past their
    /// common beginning, applying the rest) and gives the result, equal to
    /// [`apply`] of `rules`.
    pub fn update<T: ArticleText + Sync>(&mut self, texts: &[T], rules: &[Rule]) -> Applied {
        self.move_to(texts, rules);
        let (resolution, changes) = self.work.resolution();
        Applied {
            resolution,
            touched: self.touched.clone(),
            changes,
        }
    }

    /// Brings the state to `rules` without making the result.
    pub fn move_to<T: ArticleText + Sync>(&mut self, texts: &[T], rules: &[Rule]) {
        let common = self
            .applied
            .iter()
            .zip(rules)
            .take_while(|(a, b)| a == b)
            .count();
        while self.applied.len() > common {
            let Some(mark) = self.marks.pop() else {
                break;
            };
            self.work.undo_to(mark);
            self.applied.pop();
            self.touched.pop();
        }
        let rest = rules.get(common..).unwrap_or_default();
        if rest.len() > 1 {
            // Several at once (a reopen): their added forms in one scan.
            self.work.prepare(texts, rest);
        }
        for r in rest {
            self.marks.push(self.work.journal.len());
            let n = self.work.rule(texts, r);
            self.applied.push(r.clone());
            self.touched.push(n);
        }
    }
}

/// One change to the working state, as it is taken back.
#[derive(Debug, Clone)]
enum Undo {
    /// A mention had this entity and kind.
    Mention {
        at: At,
        entity: Option<EntityId>,
        kind: EntityKind,
    },
    /// A mention was appended to this document.
    DocPush(u32),
    /// An entity was made under this key.
    EntityPush(String),
    /// An entity was this.
    Entity(usize, Entity),
    /// A key named this entity.
    Key(String, usize),
    /// A place was appended to this entity's list.
    Place(usize),
    /// An entity's places were these.
    Places(usize, Vec<At>),
    /// A mention was appended to this form's list.
    Form(String),
    /// This form's list was made.
    FormNew(String),
    Affected(usize),
    Dirty(u32),
}

#[derive(Clone)]
struct Work {
    ids: Vec<DocId>,
    entities: Vec<Entity>,
    /// Entity keys (and keys merged away) to entities.
    by_key: HashMap<String, usize>,
    /// Each document's mentions, shared with the resolution it was made
    /// from until a rule changes them (then copied, once).
    docs: Vec<Arc<Vec<ResolvedMention>>>,
    /// Each entity's mentions (some may have moved on since: check).
    places: Vec<Vec<At>>,
    /// Mentions by the surface forms some rule names.
    forms: HashMap<String, Vec<At>>,
    /// Where the forms that rules add occur in the texts (found ahead, in
    /// one scan, for several rules at once).
    occurrences: HashMap<String, Vec<Occurrence>>,
    /// Documents by identity (built when a rule names an article).
    by_id: Option<HashMap<DocId, Vec<u32>>>,
    /// Entities that lost or gained mentions, or were made.
    affected: HashSet<usize>,
    /// Documents whose lists changed.
    dirty: HashSet<u32>,
    /// Raw entities that are there at the start.
    raw_len: usize,
    /// They are in key order (as a resolution's are).
    raw_sorted: bool,
    /// Changes to take back (when `record`).
    journal: Vec<Undo>,
    record: bool,
    /// The corrected lists last given out, kept to be given again when
    /// nothing changed them.
    out: Option<Output>,
    /// Documents changed since `out` was made.
    stale: HashSet<u32>,
}

/// What [`Work::resolution`] gave last: each document's corrected list and
/// the entity numbers it was made with.
#[derive(Clone)]
struct Output {
    docs: Vec<Arc<Vec<ResolvedMention>>>,
    numbers: Numbers,
    /// Working entities then, and entities given out.
    working: usize,
    given: usize,
}

/// Working entity numbers to those given out: the same (no entity made
/// or gone), or through a table.
#[derive(Clone, PartialEq)]
enum Numbers {
    Same,
    Table(Vec<Option<EntityId>>),
}

impl Numbers {
    /// The number given out for working entity `w` of `working`.
    fn given(&self, w: usize, working: usize) -> Option<u32> {
        match self {
            Numbers::Same => (w < working).then_some(w as u32),
            Numbers::Table(t) => t.get(w).copied().flatten().map(|e| e.0),
        }
    }

    fn of(&self, e: Option<EntityId>) -> Option<EntityId> {
        match self {
            Numbers::Same => e,
            Numbers::Table(t) => e.and_then(|e| t.get(e.0 as usize).copied().flatten()),
        }
    }
}

impl Work {
    fn new(raw: &Resolution, ids: &[DocId], record: bool) -> Self {
        let entities = raw.entities.clone();
        let docs = raw.docs.clone();
        let by_key = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        let mut places: Vec<Vec<At>> = vec![Vec::new(); entities.len()];
        for (d, doc) in docs.iter().enumerate() {
            for (k, m) in doc.iter().enumerate() {
                if let Some(e) = m.entity
                    && let Some(p) = places.get_mut(e.0 as usize)
                {
                    p.push((d as u32, k as u32));
                }
            }
        }
        Work {
            ids: ids.to_vec(),
            raw_len: entities.len(),
            raw_sorted: entities.windows(2).all(|w| w[0].key <= w[1].key),
            entities,
            by_key,
            docs,
            places,
            forms: HashMap::new(),
            occurrences: HashMap::new(),
            by_id: None,
            affected: HashSet::new(),
            dirty: HashSet::new(),
            journal: Vec::new(),
            record,
            out: None,
            stale: HashSet::new(),
        }
    }

    /// Document `d`'s mentions, to be changed (copied first when shared).
    fn doc_mut(&mut self, d: u32) -> Option<&mut Vec<ResolvedMention>> {
        let doc = self.docs.get_mut(d as usize)?;
        self.stale.insert(d);
        Some(Arc::make_mut(doc))
    }

    /// The mention at `at`, to be changed.
    fn mention_mut(&mut self, at: At) -> Option<&mut ResolvedMention> {
        self.doc_mut(at.0)?.get_mut(at.1 as usize)
    }

    /// Ahead of several rules: the mentions of every form they name (one
    /// pass over the mentions), and the occurrences in the texts of every
    /// form they add (one scan of the texts for all of them).
    fn prepare<T: ArticleText + Sync>(&mut self, texts: &[T], rules: &[Rule]) {
        let named = |r: &'_ Rule| match r {
            Rule::SplitForm { form, .. }
            | Rule::HideForm { form }
            | Rule::AddForm { form, .. }
            | Rule::AddAlias { form, .. } => Some(form.clone()),
            _ => None,
        };
        let wanted: HashSet<String> = rules
            .iter()
            .filter_map(named)
            .filter(|f| !self.forms.contains_key(f))
            .collect();
        if !wanted.is_empty() {
            // Length and first and last bytes first (three lookups, no
            // hashing): most mentions are passed over without hashing their
            // text.
            let mut lens: Vec<bool> = Vec::new();
            let (mut firsts, mut lasts) = ([false; 256], [false; 256]);
            for f in &wanted {
                if let (Some(&a), Some(&z)) = (f.as_bytes().first(), f.as_bytes().last()) {
                    if lens.len() <= f.len() {
                        lens.resize(f.len() + 1, false);
                    }
                    lens[f.len()] = true;
                    firsts[a as usize] = true;
                    lasts[z as usize] = true;
                }
            }
            let may_be = |len: usize, a: u8, z: u8| {
                lens.get(len).copied().unwrap_or(false) && firsts[a as usize] && lasts[z as usize]
            };
            let mut found: HashMap<String, Vec<At>> =
                wanted.iter().map(|f| (f.clone(), Vec::new())).collect();
            let n = self.docs.len().min(texts.len());
            let hits: Vec<Vec<(&str, At)>> = self.docs[..n]
                .par_iter()
                .zip(&texts[..n])
                .enumerate()
                .map(|(d, (doc, t))| {
                    let mut hits = Vec::new();
                    for (k, m) in doc.iter().enumerate() {
                        // The length first: no look at the text.
                        if !lens.get(m.range.len()).copied().unwrap_or(false) {
                            continue;
                        }
                        let text = t.part(m.part);
                        let bytes = text.as_bytes();
                        let shape = match (bytes.get(m.range.start), m.range.end.checked_sub(1)) {
                            (Some(&a), Some(last)) => bytes.get(last).map(|&z| (a, z)),
                            _ => None,
                        };
                        if shape.is_some_and(|(a, z)| may_be(m.range.len(), a, z))
                            && let Some(surface) = text.get(m.range.clone())
                            && wanted.contains(surface)
                        {
                            hits.push((surface, (d as u32, k as u32)));
                        }
                    }
                    hits
                })
                .collect();
            for (surface, at) in hits.into_iter().flatten() {
                if let Some(list) = found.get_mut(surface) {
                    list.push(at);
                }
            }
            for (f, list) in found {
                self.note(Undo::FormNew(f.clone()));
                self.forms.insert(f, list);
            }
        }
        let added: Vec<String> = rules
            .iter()
            .filter_map(|r| match r {
                Rule::AddForm { form, .. } | Rule::AddAlias { form, .. } => Some(form.clone()),
                _ => None,
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .filter(|f| !self.occurrences.contains_key(f))
            .collect();
        if added.len() > 1 {
            self.occurrences
                .extend(occurrences(texts, self.docs.len(), &added));
        }
    }

    fn note(&mut self, u: Undo) {
        if self.record {
            self.journal.push(u);
        }
    }

    fn affect(&mut self, e: usize) {
        if self.affected.insert(e) {
            self.note(Undo::Affected(e));
        }
    }

    fn make_dirty(&mut self, d: u32) {
        if self.dirty.insert(d) {
            self.note(Undo::Dirty(d));
        }
    }

    fn push_place(&mut self, e: usize, at: At) {
        if let Some(p) = self.places.get_mut(e) {
            p.push(at);
            self.note(Undo::Place(e));
        }
    }

    /// Entity `e`, to be changed (its state before is journaled).
    fn edit_entity(&mut self, e: usize) -> Option<&mut Entity> {
        if self.record {
            let old = self.entities.get(e)?.clone();
            self.journal.push(Undo::Entity(e, old));
        }
        self.entities.get_mut(e)
    }

    /// Takes back the changes journaled after `mark`, last first.
    fn undo_to(&mut self, mark: usize) {
        while self.journal.len() > mark {
            let Some(u) = self.journal.pop() else {
                break;
            };
            match u {
                Undo::Mention { at, entity, kind } => {
                    if let Some(m) = self.mention_mut(at) {
                        m.entity = entity;
                        m.kind = kind;
                    }
                }
                Undo::DocPush(d) => {
                    if let Some(doc) = self.doc_mut(d) {
                        doc.pop();
                    }
                }
                Undo::EntityPush(key) => {
                    self.entities.pop();
                    self.places.pop();
                    self.by_key.remove(&key);
                }
                Undo::Entity(i, old) => {
                    if let Some(e) = self.entities.get_mut(i) {
                        *e = old;
                    }
                }
                Undo::Key(k, v) => {
                    self.by_key.insert(k, v);
                }
                Undo::Place(e) => {
                    if let Some(p) = self.places.get_mut(e) {
                        p.pop();
                    }
                }
                Undo::Places(e, v) => {
                    if let Some(p) = self.places.get_mut(e) {
                        *p = v;
                    }
                }
                Undo::Form(f) => {
                    if let Some(v) = self.forms.get_mut(&f) {
                        v.pop();
                    }
                }
                Undo::FormNew(f) => {
                    self.forms.remove(&f);
                }
                Undo::Affected(e) => {
                    self.affected.remove(&e);
                }
                Undo::Dirty(d) => {
                    self.dirty.remove(&d);
                }
            }
        }
    }

    fn mention(&self, at: At) -> Option<&ResolvedMention> {
        self.docs.get(at.0 as usize)?.get(at.1 as usize)
    }

    fn surface<'t, T: ArticleText>(&self, texts: &'t [T], at: At) -> Option<&'t str> {
        let m = self.mention(at)?;
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

    /// The mentions written `form`, of those `keep` accepts.
    fn mentions_written<T: ArticleText + Sync>(
        &mut self,
        texts: &[T],
        form: &str,
        keep: impl Fn(&ResolvedMention) -> bool,
    ) -> Vec<At> {
        if !self.forms.contains_key(form) {
            let rule = Rule::HideForm { form: form.into() };
            self.prepare(texts, std::slice::from_ref(&rule));
        }
        self.forms
            .get(form)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&at| self.mention(at).is_some_and(&keep))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Gives the mentions `ats` to entity `e` (kind `kind` when given).
    fn assign(&mut self, ats: &[At], e: usize, kind: Option<EntityKind>) {
        let id = EntityId(e as u32);
        for &at in ats {
            let Some((old_entity, old_kind)) = self.mention(at).map(|m| (m.entity, m.kind)) else {
                continue;
            };
            let new_kind = kind.unwrap_or(old_kind);
            if (old_entity, old_kind) != (Some(id), new_kind) {
                if let Some(m) = self.mention_mut(at) {
                    m.entity = Some(id);
                    m.kind = new_kind;
                }
                self.note(Undo::Mention {
                    at,
                    entity: old_entity,
                    kind: old_kind,
                });
            }
            if old_entity == Some(id) {
                continue;
            }
            if let Some(old) = old_entity
                && old != HIDDEN
            {
                self.affect(old.0 as usize);
            }
            self.push_place(e, at);
        }
        self.affect(e);
    }

    fn hide(&mut self, ats: &[At]) {
        for &at in ats {
            let Some((old, kind)) = self.mention(at).map(|m| (m.entity, m.kind)) else {
                continue;
            };
            if old != Some(HIDDEN) {
                if let Some(m) = self.mention_mut(at) {
                    m.entity = Some(HIDDEN);
                }
                self.note(Undo::Mention {
                    at,
                    entity: old,
                    kind,
                });
            }
            if let Some(old) = old
                && old != HIDDEN
            {
                self.affect(old.0 as usize);
            }
            self.make_dirty(at.0);
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
        self.by_key.insert(key.clone(), i);
        self.places.push(Vec::new());
        self.note(Undo::EntityPush(key));
        self.affect(i);
        i
    }

    fn entity(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    fn docs_with_id(&mut self, id: DocId) -> Vec<u32> {
        let ids = &self.ids;
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
    fn rule<T: ArticleText + Sync>(&mut self, texts: &[T], rule: &Rule) -> usize {
        match rule {
            Rule::Rename { entity, name } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let n = self.mentions_of(e).len();
                if let Some(ent) = self.edit_entity(e) {
                    let old = std::mem::replace(&mut ent.name, name.clone());
                    add_alias(ent, old);
                    ent.aliases.retain(|a| a != name);
                }
                self.affect(e);
                n
            }
            Rule::Retype { entity, kind } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let ats = self.mentions_of(e);
                if let Some(ent) = self.edit_entity(e) {
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
                    let old = std::mem::take(p);
                    self.note(Undo::Places(a, old));
                }
                let (name, aliases) = match self.entities.get(a) {
                    Some(src) => (src.name.clone(), src.aliases.clone()),
                    None => return ats.len(),
                };
                if let Some(t) = self.edit_entity(b) {
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
                    self.by_key.insert(k.clone(), b);
                    self.note(Undo::Key(k, a));
                }
                ats.len()
            }
            Rule::SplitForm { entity, form } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                let id = Some(EntityId(e as u32));
                let ats = self.mentions_written(texts, form, |m| m.entity == id);
                if ats.is_empty() {
                    return 0;
                }
                let (key, kind) = match self.entities.get(e) {
                    Some(ent) => (ent.key.clone(), ent.kind),
                    None => return 0,
                };
                let n = self.new_entity(format!("{key}~{}", slug(form)), form.clone(), kind);
                self.assign(&ats, n, None);
                if let Some(ent) = self.edit_entity(e) {
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
                self.split_off(texts, e, &ats, &format!("{article:016x}"))
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
                self.split_off(texts, e, &ats, &tag)
            }
            Rule::HideForm { form } => {
                let ats = self.mentions_written(texts, form, |m| m.entity != Some(HIDDEN));
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
                self.add_occurrences(texts, form, e)
            }
            Rule::AddAlias { form, entity } => {
                let Some(e) = self.entity(entity) else {
                    return 0;
                };
                if let Some(ent) = self.edit_entity(e) {
                    add_alias(ent, form.clone());
                }
                self.add_occurrences(texts, form, e)
            }
        }
    }

    /// Moves `ats` (mentions of `e`) to a new entity named after the
    /// commonest of their forms.
    fn split_off<T: ArticleText>(&mut self, texts: &[T], e: usize, ats: &[At], tag: &str) -> usize {
        if ats.is_empty() {
            return 0;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &at in ats {
            if let Some(s) = self.surface(texts, at) {
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
    fn add_occurrences<T: ArticleText + Sync>(
        &mut self,
        texts: &[T],
        form: &str,
        e: usize,
    ) -> usize {
        let Some(kind) = self.entities.get(e).map(|x| x.kind) else {
            return 0;
        };
        let found = match self.occurrences.get(form) {
            Some(v) => v.clone(),
            None => occurrences(texts, self.docs.len(), &[form.to_string()])
                .remove(form)
                .unwrap_or_default(),
        };
        let mut moved: Vec<At> = Vec::new();
        let mut n = 0;
        for (d, part, start) in found {
            let Some(text) = texts.get(d as usize).map(|t| t.part(part)) else {
                continue;
            };
            let end = start + form.len();
            if !whole_word(text, start, end) {
                continue;
            }
            let Some(doc) = self.docs.get(d as usize) else {
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
                Some(k) => moved.push((d, k as u32)),
                None if !clash => {
                    let k = doc.len() as u32;
                    let Some(doc) = self.doc_mut(d) else {
                        continue;
                    };
                    doc.push(ResolvedMention {
                        range: start..end,
                        kind,
                        entity: Some(EntityId(e as u32)),
                        part,
                    });
                    self.note(Undo::DocPush(d));
                    self.make_dirty(d);
                    self.push_place(e, (d, k));
                    if let Some(v) = self.forms.get_mut(form) {
                        v.push((d, k));
                        self.note(Undo::Form(form.to_string()));
                    }
                    n += 1;
                }
                None => {}
            }
        }
        moved.retain(|&at| self.mention(at).and_then(|m| m.entity) != Some(EntityId(e as u32)));
        self.assign(&moved, e, Some(kind));
        self.affect(e);
        n + moved.len()
    }

    /// The corrected resolution: hidden mentions gone, lists in reading
    /// order, entities left without mentions by the rules gone, entities
    /// sorted by key again when any were made or removed.
    ///
    /// Made again only where it changed since the last call: a document's
    /// list is the working one itself (shared) when no rule hid or added
    /// any of its mentions and no entity was made or removed, else the list
    /// given out last time when neither its mentions nor their entities'
    /// numbers changed since.
    fn resolution(&mut self) -> (Resolution, Option<Changes>) {
        // Only an entity a rule touched can be left without mentions.
        let mut gone = vec![false; self.entities.len()];
        for &i in &self.affected {
            if i < gone.len() && !self.has_mentions(i) {
                gone[i] = true;
            }
        }
        let order: Vec<usize> = if self.entities.len() == self.raw_len && !gone.contains(&true) {
            (0..self.entities.len()).collect()
        } else {
            self.key_order(&gone)
        };
        let numbers = if order.len() == self.entities.len()
            && order.iter().enumerate().all(|(n, &i)| n == i)
        {
            Numbers::Same
        } else {
            let mut table = vec![None; self.entities.len()];
            for (n, &i) in order.iter().enumerate() {
                table[i] = Some(EntityId(n as u32));
            }
            Numbers::Table(table)
        };
        let entities: Vec<Entity> = order
            .iter()
            .filter_map(|&i| {
                let mut e = self.entities.get(i)?.clone();
                if self.affected.contains(&i) {
                    e.aliases.sort();
                    e.aliases.dedup();
                    let name = e.name.clone();
                    e.aliases.retain(|a| *a != name);
                }
                Some(e)
            })
            .collect();
        let before = self.out.take();
        let stale = std::mem::take(&mut self.stale);
        let (work, dirty) = (&self.docs, &self.dirty);
        let docs: Vec<Arc<Vec<ResolvedMention>>> = work
            .par_iter()
            .enumerate()
            .map(|(d, doc)| {
                if let Some(b) = &before
                    && !stale.contains(&(d as u32))
                    && let Some(given) = b.docs.get(d)
                    && (b.numbers == numbers
                        || doc.iter().all(|m| {
                            m.entity == Some(HIDDEN)
                                || b.numbers.of(m.entity) == numbers.of(m.entity)
                        }))
                {
                    return Arc::clone(given);
                }
                let is_dirty = dirty.contains(&(d as u32));
                if !is_dirty && numbers == Numbers::Same {
                    return Arc::clone(doc);
                }
                // Made at its size at once (a filter gives no exact size).
                let mut list: Vec<ResolvedMention> = Vec::with_capacity(doc.len());
                list.extend(doc.iter().filter(|m| m.entity != Some(HIDDEN)).map(|m| {
                    ResolvedMention {
                        entity: numbers.of(m.entity),
                        ..m.clone()
                    }
                }));
                if is_dirty {
                    list.sort_by_key(|m| (m.part, m.range.start, m.range.end));
                }
                Arc::new(list)
            })
            .collect();
        // The same working entity keeps its mentions (those of the
        // changed documents aside) under its new number.
        let changes = before.map(|b| {
            let mut map = vec![None; b.given];
            for w in 0..b.working.max(self.entities.len()) {
                if let Some(slot) = b
                    .numbers
                    .given(w, b.working)
                    .and_then(|o| map.get_mut(o as usize))
                {
                    *slot = numbers.given(w, self.entities.len());
                }
            }
            let mut docs: Vec<u32> = stale.into_iter().collect();
            docs.sort_unstable();
            Changes {
                from: b.docs,
                docs,
                numbers: map,
            }
        });
        self.out = Some(Output {
            docs: docs.clone(),
            numbers,
            working: self.entities.len(),
            given: entities.len(),
        });
        (Resolution { entities, docs }, changes)
    }

    /// Has entity `e` any mention now?
    fn has_mentions(&self, e: usize) -> bool {
        self.places.get(e).is_some_and(|list| {
            list.iter()
                .any(|&at| self.mention(at).and_then(|m| m.entity) == Some(EntityId(e as u32)))
        })
    }

    /// The entities not `gone`, in key order: the extractor's are in key
    /// order already (their keys never change), the ones rules made are
    /// sorted and merged in.
    fn key_order(&self, gone: &[bool]) -> Vec<usize> {
        let here = |i: &usize| !gone.get(*i).copied().unwrap_or(true);
        let key = |i: usize| self.entities.get(i).map_or("", |e| e.key.as_str());
        if !self.raw_sorted {
            let mut order: Vec<usize> = (0..self.entities.len()).filter(here).collect();
            order.sort_by(|&a, &b| key(a).cmp(key(b)));
            return order;
        }
        let mut made: Vec<usize> = (self.raw_len..self.entities.len()).filter(here).collect();
        made.sort_by(|&a, &b| key(a).cmp(key(b)));
        let mut made = made.into_iter().peekable();
        let mut order = Vec::with_capacity(self.entities.len());
        for i in (0..self.raw_len).filter(here) {
            while let Some(j) = made.next_if(|&j| key(j) < key(i)) {
                order.push(j);
            }
            order.push(i);
        }
        order.extend(made);
        order
    }
}

/// Where each of `forms` occurs in the first `n` texts (title, then body,
/// in order; a form's occurrences do not overlap one another, as a
/// left-to-right search finds them), in one scan of the texts for all
/// forms, on every core.
fn occurrences<T: ArticleText + Sync>(
    texts: &[T],
    n: usize,
    forms: &[String],
) -> HashMap<String, Vec<Occurrence>> {
    let mut out: HashMap<String, Vec<Occurrence>> =
        forms.iter().map(|f| (f.clone(), Vec::new())).collect();
    let texts = texts.get(..n.min(texts.len())).unwrap_or_default();
    let per_doc: Vec<Vec<(usize, Occurrence)>> = if let [form] = forms {
        let finder = memchr::memmem::Finder::new(form.as_bytes());
        texts
            .par_iter()
            .enumerate()
            .map(|(d, t)| {
                let mut hits = Vec::new();
                for part in [Part::Title, Part::Body] {
                    for start in finder.find_iter(t.part(part).as_bytes()) {
                        hits.push((0, (d as u32, part, start)));
                    }
                }
                hits
            })
            .collect()
    } else {
        let Ok(ac) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(forms)
        else {
            return out;
        };
        texts
            .par_iter()
            .enumerate()
            .map(|(d, t)| {
                let mut hits = Vec::new();
                for part in [Part::Title, Part::Body] {
                    let text = t.part(part);
                    // Each form's next start allowed (no overlaps).
                    let mut free: HashMap<usize, usize> = HashMap::new();
                    let mut all: Vec<(usize, usize)> = ac
                        .find_overlapping_iter(text)
                        .map(|m| (m.start(), m.pattern().as_usize()))
                        .collect();
                    all.sort_unstable();
                    for (start, p) in all {
                        let len = forms.get(p).map_or(0, String::len);
                        let next = free.entry(p).or_insert(0);
                        if start >= *next {
                            *next = start + len.max(1);
                            hits.push((p, (d as u32, part, start)));
                        }
                    }
                }
                hits
            })
            .collect()
    };
    for hits in per_doc {
        for (p, occ) in hits {
            if let Some(v) = forms.get(p).and_then(|f| out.get_mut(f)) {
                v.push(occ);
            }
        }
    }
    out
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
