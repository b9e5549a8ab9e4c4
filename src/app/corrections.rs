//! Entity corrections in the app: the `x` menu (at the mention cursor, or
//! on the entities pane's selection with Ctrl-X), its prompts (a name, a
//! form, a kind, the merge picker), the corrections pane (`X`), undo and
//! redo.
//!
//! A correction is a [`Rule`] pushed on the log of
//! [`crate::corrections::Base`]; the entities shown are always the
//! extractor's with the active rules applied, made again at once after
//! each change and put everywhere (highlights, the entities pane, postings
//! for `*` `#` and the concordance, lists narrowed to an entity). The shell
//! is asked to save the change ([`Effect::SaveCorrection`]) and to index
//! the articles whose entities changed again ([`Effect::Reindex`]).

use std::ops::Range;
use std::sync::Arc;

use super::Action;
use super::effect::Effect;
use super::entities_pane::{self, Filter};
use super::line_edit;
use super::mode::Mode;
use super::sources::{Narrowing, Source};
use super::state::AppState;
use super::switch;
use crate::corpus::ArticleIdx;
use crate::corrections::saved::{self, Change};
use crate::corrections::{Base, Changes, MentionAt, Rule};
use crate::entities::{EntityKind, Part, Resolution};
use crate::facts;

/// What the app keeps for corrections.
#[derive(Debug, Default)]
pub struct CorrectionsState {
    /// What corrections are made from (once the entities are resolved).
    pub base: Option<Base>,
    /// Mentions each active correction touched, in log order.
    pub touched: Vec<usize>,
    /// The log was changed here since the analysis sent it: the analysis'
    /// later resolutions are corrected again with this log.
    pub changed_here: bool,
}

/// The entity (and the mention) a menu acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its key and name when the menu opened.
    pub key: String,
    pub name: String,
    pub kind: EntityKind,
    /// The mention under the cursor, when opened from the reader.
    pub mention: Option<MentionHere>,
}

/// A mention the menu was opened at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionHere {
    pub article: ArticleIdx,
    pub in_title: bool,
    pub range: Range<usize>,
    /// Its text.
    pub surface: String,
}

/// What a text prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    Rename,
    /// A form to add as a new entity (then its kind).
    AddForm,
    /// A form to add to the target as an alias.
    AddAlias,
    /// A form of the target to split off.
    SplitForm,
    /// The entity to merge into (the fuzzy picker).
    MergeInto,
}

/// What a kind choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindFor {
    Retype,
    AddForm(String),
}

/// The menu's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The operations, one key each.
    Menu,
    /// A kind, one key each.
    Kind(KindFor),
    /// A line of text (for the picker, a filter over the entities).
    Line {
        prompt: Prompt,
        text: String,
        cursor: usize,
        /// The picker's matches (entity ids) and the chosen one.
        picks: Vec<u32>,
        selected: usize,
    },
}

/// The `x` menu: a target and a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectMenu {
    /// `None` when there is no entity here (only adding, undo and redo).
    pub target: Option<Target>,
    pub step: Step,
}

/// The corrections pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CorrectionsPane {
    /// Row selected: the active corrections first, then the undone ones.
    pub selected: usize,
}

/// Picker rows shown at most.
pub const PICKS: usize = 8;

/// `x` (and Ctrl-X in the entities pane): opens the menu on the entity
/// here.
pub fn open_menu(state: &mut AppState) {
    let Some(base) = state.corrections.base.as_mut() else {
        state.message = Some("entities are still being found".into());
        return;
    };
    // The kept state the correction will be made on, made now (once) so
    // that the key that makes it costs only the correction.
    base.prepare(&texts(&state.store));
    let target = match &state.mode {
        Mode::Entities(pane) => pane
            .rows
            .get(pane.selected)
            .and_then(|r| target_of(state, r.entity, None)),
        _ => mention_target(state),
    };
    switch::open(
        state,
        Mode::Correct(Box::new(CorrectMenu {
            target,
            step: Step::Menu,
        })),
    );
}

/// The target at the reader's mention cursor.
fn mention_target(state: &AppState) -> Option<Target> {
    let article = state.reader.article?;
    let m = state.reader.mention?;
    let span = state.mention_spans(article).get(m)?.clone();
    let a = state.store.get(article)?;
    let text = if span.in_title { &a.title } else { &a.body };
    let here = MentionHere {
        article,
        in_title: span.in_title,
        range: span.range.clone(),
        surface: text.get(span.range.clone())?.to_string(),
    };
    target_of(state, span.entity?, Some(here))
}

fn target_of(state: &AppState, entity: u32, mention: Option<MentionHere>) -> Option<Target> {
    let e = state
        .analysis
        .resolution
        .as_ref()?
        .entities
        .get(entity as usize)?;
    Some(Target {
        key: e.key.clone(),
        name: e.name.clone(),
        kind: e.kind,
        mention,
    })
}

/// `X`: the corrections pane.
pub fn open_pane(state: &mut AppState) {
    if matches!(state.mode, Mode::Correct(_)) {
        switch::close(state);
    }
    switch::open(state, Mode::Corrections(CorrectionsPane::default()));
}

/// Keys of the menu, its prompts and the kind choice.
pub fn menu_act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Correct(menu) = &mut state.mode else {
        return Vec::new();
    };
    match action {
        Action::Back | Action::Quit => {
            switch::close(state);
            return Vec::new();
        }
        Action::Undo => {
            switch::close(state);
            return undo(state);
        }
        Action::Redo => {
            switch::close(state);
            return redo(state);
        }
        Action::CorrectionsPane => {
            open_pane(state);
            return Vec::new();
        }
        _ => {}
    }
    match menu.step.clone() {
        Step::Menu => menu_choice(state, action),
        Step::Kind(purpose) => match kind_of(action) {
            Some(kind) => {
                let rule = match purpose {
                    KindFor::Retype => menu.target.as_ref().map(|t| Rule::Retype {
                        entity: t.key.clone(),
                        kind,
                    }),
                    KindFor::AddForm(form) => Some(Rule::AddForm { form, kind }),
                };
                switch::close(state);
                rule.map(|r| make(state, r)).unwrap_or_default()
            }
            None => Vec::new(),
        },
        Step::Line { .. } => line_act(state, action),
    }
}

fn kind_of(action: Action) -> Option<EntityKind> {
    Some(match action {
        Action::KindPerson => EntityKind::Person,
        Action::KindPlace => EntityKind::Place,
        Action::KindOrg => EntityKind::Org,
        Action::KindMisc => EntityKind::Misc,
        Action::KindDate => EntityKind::Date,
        _ => return None,
    })
}

fn line(prompt: Prompt, text: String) -> Step {
    Step::Line {
        prompt,
        cursor: text.len(),
        text,
        picks: Vec::new(),
        selected: 0,
    }
}

/// One key of the menu proper.
fn menu_choice(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Correct(menu) = &mut state.mode else {
        return Vec::new();
    };
    let target = menu.target.clone();
    let need_entity = matches!(
        action,
        Action::Rename
            | Action::Retype
            | Action::Merge
            | Action::SplitForm
            | Action::SplitArticle
            | Action::SplitMention
            | Action::HideMention
            | Action::AddAlias
    );
    if need_entity && target.is_none() {
        state.message = Some("no entity here: put the mention cursor on one (] [)".into());
        return Vec::new();
    }
    let here = target.as_ref().and_then(|t| t.mention.clone());
    let need_mention = matches!(
        action,
        Action::SplitMention | Action::SplitArticle | Action::HideMention
    );
    if need_mention && here.is_none() {
        state.message =
            Some("this needs a mention: use x at the mention cursor in the reader".into());
        return Vec::new();
    }
    let form = here.as_ref().map(|h| h.surface.clone()).unwrap_or_default();
    let step = match action {
        Action::Rename => line(
            Prompt::Rename,
            target.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
        ),
        Action::Retype => Step::Kind(KindFor::Retype),
        Action::Merge => line(Prompt::MergeInto, String::new()),
        Action::SplitForm => line(Prompt::SplitForm, form),
        Action::AddForm => line(Prompt::AddForm, String::new()),
        Action::AddAlias => line(Prompt::AddAlias, String::new()),
        Action::HideForm if here.is_some() => {
            switch::close(state);
            return make(state, Rule::HideForm { form });
        }
        Action::HideForm => {
            state.message = Some("hide which form? use x at a mention in the reader".into());
            return Vec::new();
        }
        Action::SplitArticle | Action::SplitMention | Action::HideMention => {
            let (Some(t), Some(h)) = (target, here) else {
                return Vec::new();
            };
            let Some(id) = state
                .corrections
                .base
                .as_ref()
                .and_then(|b| b.ids.get(h.article as usize).copied())
            else {
                return Vec::new();
            };
            let mention = MentionAt {
                article: id,
                part: if h.in_title { Part::Title } else { Part::Body },
                start: h.range.start,
                end: h.range.end,
            };
            let rule = match action {
                Action::SplitArticle => Rule::SplitArticle {
                    entity: t.key,
                    article: id,
                },
                Action::SplitMention => Rule::SplitMention { mention },
                _ => Rule::HideMention { mention },
            };
            switch::close(state);
            return make(state, rule);
        }
        _ => return Vec::new(),
    };
    if let Mode::Correct(menu) = &mut state.mode {
        menu.step = step;
    }
    refresh_picks(state);
    Vec::new()
}

/// Keys of a prompt line.
fn line_act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Correct(menu) = &mut state.mode else {
        return Vec::new();
    };
    let Step::Line {
        prompt,
        text,
        cursor,
        picks,
        selected,
    } = &mut menu.step
    else {
        return Vec::new();
    };
    match action {
        Action::Down => *selected = (*selected + 1).min(picks.len().saturating_sub(1)),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Submit => {
            let (prompt, text) = (*prompt, text.trim().to_string());
            let pick = picks.get(*selected).copied();
            return submit(state, prompt, text, pick);
        }
        _ => {
            if let Some(edit) = action.edit()
                && line_edit::apply(text, cursor, edit)
            {
                refresh_picks(state);
            }
        }
    }
    Vec::new()
}

/// A character typed into a prompt.
pub fn type_char(state: &mut AppState, c: char) {
    if let Mode::Correct(menu) = &mut state.mode
        && let Step::Line { text, cursor, .. } = &mut menu.step
    {
        line_edit::insert(text, cursor, c);
        refresh_picks(state);
    }
}

/// Text pasted into a prompt (one line).
pub fn paste(state: &mut AppState, pasted: &str) {
    for c in pasted.chars() {
        type_char(state, if c.is_control() { ' ' } else { c });
    }
}

/// The merge picker's matches for its filter: the entities' names and
/// aliases through the entities pane's fuzzy matcher, best first, the
/// target itself left out.
fn refresh_picks(state: &mut AppState) {
    let (Mode::Correct(menu), Some(res)) = (&mut state.mode, &state.analysis.resolution) else {
        return;
    };
    let own = menu.target.as_ref().map(|t| t.key.clone());
    let Step::Line {
        prompt: Prompt::MergeInto,
        text,
        picks,
        selected,
        ..
    } = &mut menu.step
    else {
        return;
    };
    let mut filter = Filter::new(text);
    let postings = &state.analysis.postings;
    let mut scored: Vec<(u32, usize, u32)> = Vec::new();
    for (id, e) in res.entities.iter().enumerate() {
        if Some(&e.key) == own.as_ref() {
            continue;
        }
        let count = postings.get(id).map_or(0, Vec::len);
        if count == 0 {
            continue;
        }
        if let Some((score, _)) = filter.best(&e.name, &e.aliases) {
            scored.push((score, count, id as u32));
        }
    }
    scored.sort_unstable_by_key(|&(s, c, id)| (std::cmp::Reverse(s), std::cmp::Reverse(c), id));
    *picks = scored
        .into_iter()
        .take(PICKS)
        .map(|(_, _, id)| id)
        .collect();
    *selected = 0;
}

/// Enter in a prompt.
fn submit(state: &mut AppState, prompt: Prompt, text: String, pick: Option<u32>) -> Vec<Effect> {
    let Mode::Correct(menu) = &mut state.mode else {
        return Vec::new();
    };
    let key = menu.target.as_ref().map(|t| t.key.clone());
    if prompt != Prompt::MergeInto && text.is_empty() {
        state.message = Some("type something first (Esc cancels)".into());
        return Vec::new();
    }
    let rule = match (prompt, key) {
        (Prompt::AddForm, _) => {
            menu.step = Step::Kind(KindFor::AddForm(text));
            return Vec::new();
        }
        (Prompt::Rename, Some(entity)) => Rule::Rename { entity, name: text },
        (Prompt::AddAlias, Some(entity)) => Rule::AddAlias { form: text, entity },
        (Prompt::SplitForm, Some(entity)) => Rule::SplitForm { entity, form: text },
        (Prompt::MergeInto, Some(entity)) => {
            let into = pick.and_then(|id| {
                let r = state.analysis.resolution.as_ref()?;
                Some(r.entities.get(id as usize)?.key.clone())
            });
            let Some(into) = into else {
                state.message = Some("no entity matches: type part of its name".into());
                return Vec::new();
            };
            Rule::Merge { entity, into }
        }
        _ => return Vec::new(),
    };
    switch::close(state);
    make(state, rule)
}

/// Applies a new correction: logged, applied, saved, re-indexed.
pub fn make(state: &mut AppState, rule: Rule) -> Vec<Effect> {
    let Some(base) = state.corrections.base.as_mut() else {
        return Vec::new();
    };
    let entry = saved::entry(&base.log, rule);
    let forget = base.log.push(entry.clone());
    let what = entry.rule.describe();
    let mut effects = vec![Effect::SaveCorrection(Change::Add {
        entries: vec![entry],
        forget,
    })];
    effects.extend(recompute(state));
    let n = state.corrections.touched.last().copied().unwrap_or(0);
    state.message = Some(if n == 0 {
        format!("{what}: matches no mention (x u undoes)")
    } else {
        format!(
            "{what}: {} \u{b7} x u undoes",
            facts::counted(n, false, "mention", "mentions")
        )
    });
    effects
}

/// `u`: undoes the last correction.
pub fn undo(state: &mut AppState) -> Vec<Effect> {
    let Some(base) = state.corrections.base.as_mut() else {
        return Vec::new();
    };
    let Some(e) = base.log.undo() else {
        state.message = Some("nothing to undo".into());
        return Vec::new();
    };
    let (id, what) = (e.id, e.rule.describe());
    let mut effects = vec![Effect::SaveCorrection(Change::Undone(id, true))];
    effects.extend(recompute(state));
    state.message = Some(format!("undone: {what} (x U redoes)"));
    effects
}

/// `U`: redoes the last undone correction.
pub fn redo(state: &mut AppState) -> Vec<Effect> {
    let Some(base) = state.corrections.base.as_mut() else {
        return Vec::new();
    };
    let Some(e) = base.log.redo() else {
        state.message = Some("nothing to redo".into());
        return Vec::new();
    };
    let (id, what) = (e.id, e.rule.describe());
    let mut effects = vec![Effect::SaveCorrection(Change::Undone(id, false))];
    effects.extend(recompute(state));
    state.message = Some(format!("redone: {what}"));
    effects
}

/// Keys of the corrections pane.
pub fn pane_act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Corrections(pane) = &mut state.mode else {
        return Vec::new();
    };
    let rows = state
        .corrections
        .base
        .as_ref()
        .map_or(0, |b| b.log.done().len() + b.log.undone().len());
    let last = rows.saturating_sub(1);
    match action {
        Action::Down => pane.selected = (pane.selected + 1).min(last),
        Action::Up => pane.selected = pane.selected.saturating_sub(1),
        Action::PageDown => pane.selected = (pane.selected + 10).min(last),
        Action::PageUp => pane.selected = pane.selected.saturating_sub(10),
        Action::Top => pane.selected = 0,
        Action::Bottom => pane.selected = last,
        Action::Undo => return undo(state),
        Action::Redo => return redo(state),
        Action::RemoveCorrection => {
            let selected = pane.selected;
            let Some(base) = state.corrections.base.as_mut() else {
                return Vec::new();
            };
            let Some(id) = pane_rows(base).get(selected).map(|(e, _)| e.id) else {
                return Vec::new();
            };
            let Some(gone) = base.log.remove(id) else {
                return Vec::new();
            };
            if let Mode::Corrections(p) = &mut state.mode {
                p.selected = selected.min(rows.saturating_sub(2));
            }
            let mut effects = vec![Effect::SaveCorrection(Change::Removed(id))];
            effects.extend(recompute(state));
            state.message = Some(format!("removed: {}", gone.rule.describe()));
            return effects;
        }
        Action::Back | Action::Quit | Action::CorrectionsPane => switch::close(state),
        _ => {}
    }
    Vec::new()
}

/// The pane's rows: each correction and whether it is active, the active
/// ones first (in order), then the undone ones (the next to redo first).
pub fn pane_rows(base: &Base) -> Vec<(&crate::corrections::Entry, bool)> {
    base.log
        .done()
        .iter()
        .map(|e| (e, true))
        .chain(base.log.undone().iter().rev().map(|e| (e, false)))
        .collect()
}

/// The analysis sent what the entities it just sent were corrected
/// from. With corrections made here since it started (its log is older),
/// the entities are made again from this session's log.
pub fn on_base(state: &mut AppState, base: Base) -> Vec<Effect> {
    let c = &mut state.corrections;
    match (&mut c.base, c.changed_here) {
        (Some(mine), true) => {
            mine.set_raw(base.raw, base.ids);
            // The analysis' kept state moves to this log's rules.
            mine.engine = base.engine;
            recompute(state)
        }
        _ => {
            c.touched = base.touched.clone();
            c.base = Some(base);
            Vec::new()
        }
    }
}

/// The analysis sent entities: they are shown unless corrections were
/// made here since it started (then [`on_base`] makes them again).
pub fn on_entities(state: &AppState, r: Arc<Resolution>) -> Option<Arc<Resolution>> {
    (!state.corrections.changed_here || state.corrections.base.is_none()).then_some(r)
}

fn texts(store: &crate::store::Store) -> Vec<(&str, &str)> {
    store
        .articles()
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect()
}

/// Makes the corrected entities again from the log and puts them
/// everywhere; returns the re-indexing effect.
fn recompute(state: &mut AppState) -> Vec<Effect> {
    state.corrections.changed_here = true;
    let Some(base) = state.corrections.base.as_mut() else {
        return Vec::new();
    };
    let applied = base.update(&texts(&state.store));
    state.corrections.touched = applied.touched;
    let new = Arc::new(applied.resolution);
    show(state, Arc::clone(&new), applied.changes);
    let presence = Effect::CountPresence(super::effect::PresenceRequest {
        articles: state.store.articles().to_vec(),
        resolution: Arc::clone(&new),
    });
    vec![Effect::Reindex(new), presence]
}

/// Puts a corrected resolution in the place of the one shown: postings,
/// the mention cursor (kept on the same text when it is still a mention),
/// lists narrowed to an entity, an entities pane behind.
fn show(state: &mut AppState, new: Arc<Resolution>, changes: Option<Changes>) {
    let old = state.analysis.resolution.clone();
    let cursor = state
        .reader
        .article
        .zip(state.reader.mention)
        .and_then(|(a, m)| {
            let s = state.mention_spans(a).get(m)?.clone();
            Some((a, s.in_title, s.range))
        });
    put(state, Arc::clone(&new), changes);
    if let Some((a, in_title, range)) = cursor {
        let spans = state.mention_spans(a);
        state.reader.mention = spans
            .iter()
            .position(|s| s.in_title == in_title && s.range == range)
            .or_else(|| {
                spans
                    .iter()
                    .position(|s| (!s.in_title, s.range.start) >= (!in_title, range.start))
            })
            .or_else(|| spans.len().checked_sub(1));
    }
    // Entity ids may have moved: follow each narrowing by the entity's key.
    let Some(old) = old else {
        return;
    };
    let redirect = |key: &str| -> Option<u32> {
        let find = |k: &str| new.entities.iter().position(|e| e.key == k);
        if let Some(i) = find(key) {
            return Some(i as u32);
        }
        let base = state.corrections.base.as_ref()?;
        base.log.done().iter().rev().find_map(|e| match &e.rule {
            Rule::Merge { entity, into } if entity == key => find(into).map(|i| i as u32),
            _ => None,
        })
    };
    let n = state.store.len();
    for level in 1..=state.lists.depth() {
        let Some(Source::Subset(s)) = state.lists.get(level).map(|l| &l.source) else {
            continue;
        };
        let old_id = match s.why {
            Narrowing::Entity(id) => id,
            // A pair keeps its articles; its two entities are followed to
            // their new numbers (or the pair left as it is).
            Narrowing::Pair(a, b) => {
                let follow = |id: u32| {
                    let key = old.entities.get(id as usize).map(|e| e.key.clone())?;
                    redirect(&key)
                };
                if let (Some(a), Some(b)) = (follow(a), follow(b))
                    && let Some(Source::Subset(s)) =
                        state.lists.get_mut(level).map(|l| &mut l.source)
                {
                    s.why = Narrowing::Pair(a, b);
                }
                continue;
            }
            Narrowing::Period(_) => continue,
        };
        let Some(key) = old.entities.get(old_id as usize).map(|e| e.key.clone()) else {
            continue;
        };
        let Some(id) = redirect(&key) else {
            continue;
        };
        let below = state.lists.get(level - 1).map(|l| l.source.members(n));
        let articles: Vec<u32> = facts::articles_of(
            state
                .analysis
                .postings
                .get(id as usize)
                .map_or(&[][..], Vec::as_slice),
        )
        .into_iter()
        .filter(|&a| below.as_ref().is_none_or(|m| m.contains(a)))
        .collect();
        if let Some(Source::Subset(s)) = state.lists.get_mut(level).map(|l| &mut l.source) {
            s.why = Narrowing::Entity(id);
            s.articles = articles;
        }
    }
    super::reader::follow_list(state);
    for m in state
        .behind
        .iter_mut()
        .chain(std::iter::once(&mut state.mode))
    {
        if let Mode::Entities(_) = m {
            entities_pane::refresh_in(m, &state.analysis, &new);
        }
    }
    // The entities shown before (a million mentions at scale when all
    // were renumbered) are freed off the key's path.
    std::thread::spawn(move || drop(old));
}

/// Puts `new` in the place of the entities shown, as
/// [`super::update::set_resolution`] does, but carrying over what did not
/// change: the postings of the entities whose mentions did not change and
/// the letters of those whose names did not. `changes` (from the kept
/// state) spare comparing the two when they are from the entities shown.
fn put(state: &mut AppState, new: Arc<Resolution>, changes: Option<Changes>) {
    let Some(old) = state.analysis.resolution.clone() else {
        super::update::set_resolution(state, new);
        return;
    };
    let a = &mut state.analysis;
    let changes = changes.filter(|c| c.are_from(&old));
    let postings = std::mem::take(&mut a.postings);
    a.postings = match &changes {
        Some(c) => facts::update_postings_with(postings, &old, &new, &c.docs, &c.numbers),
        None => facts::update_postings(postings, &old, &new),
    };
    let from_old = match &changes {
        Some(c) => {
            let mut from_old = vec![None; new.entities.len()];
            for (i, j) in c.numbers.iter().enumerate() {
                if let Some(slot) = j.and_then(|j| from_old.get_mut(j as usize)) {
                    *slot = Some(i as u32);
                }
            }
            from_old
        }
        None => facts::same_keys(&old.entities, &new.entities).unwrap_or_default(),
    };
    let letters = std::mem::take(&mut a.entity_letters);
    a.entity_letters = new
        .entities
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let before = from_old.get(j).copied().flatten().and_then(|i| {
                let was = old.entities.get(i as usize)?;
                (was.name == e.name && was.aliases == e.aliases)
                    .then(|| letters.get(i as usize).copied())
                    .flatten()
            });
            before.unwrap_or_else(|| entities_pane::entity_letters(e))
        })
        .collect();
    // Spans are made afresh (new lists may reuse the old ones' memory).
    a.kept_spans = Default::default();
    a.resolution = Some(new);
    // Counted again for the new entities (the pictures ask for it).
    a.presence = None;
}
