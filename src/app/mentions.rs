//! Jumping between entity mentions: the reader's mention cursor (`]` / `[`
//! within an article) and alias-aware jumps to the next or previous mention
//! of the same entity across the corpus (`*` / `#`), wrapping at the ends.

use super::state::AppState;
use crate::corpus::ArticleIdx;
use crate::entities::{EntityKind, body_mentions};

/// Where each entity is mentioned: by entity id, `(article, mention index)`
/// pairs in corpus order.
pub fn postings(
    docs: &[Vec<crate::entities::ResolvedMention>],
    entities: usize,
) -> Vec<Vec<(u32, u32)>> {
    let mut out = vec![Vec::new(); entities];
    for (a, doc) in docs.iter().enumerate() {
        // indices count the body's mentions, as the reader's do
        for (m, mention) in body_mentions(doc).iter().enumerate() {
            if let Some(list) = mention.entity.and_then(|e| out.get_mut(e.0 as usize)) {
                list.push((a as u32, m as u32));
            }
        }
    }
    out
}

/// `]` / `[`: the next or previous mention of any entity in the article.
pub fn step_mention(state: &mut AppState, forward: bool) {
    let Some(article) = state.reader.article else {
        return;
    };
    let spans = state.entity_spans(article);
    if spans.is_empty() {
        state.message = Some("no entities in this article".into());
        return;
    }
    let next = match state.reader.mention {
        Some(m) if forward => (m + 1).min(spans.len() - 1),
        Some(m) => m.saturating_sub(1),
        None => first_in_view(state, &spans.iter().map(|s| s.0.start).collect::<Vec<_>>()),
    };
    state.reader.mention = Some(next);
    if let Some((range, kind, entity)) = spans.get(next).cloned() {
        state.scroll_to(range.start);
        let name = entity
            .and_then(|e| state.analysis.resolution.as_ref()?.entities.get(e as usize))
            .map(|e| e.name.clone())
            .or_else(|| {
                state
                    .store
                    .get(article)
                    .and_then(|a| a.body.get(range))
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        state.message = Some(format!(
            "{name} ({}) \u{b7} mention {}/{} in this article",
            kind.label(),
            next + 1,
            spans.len()
        ));
    }
}

/// Index of the first of `starts` on or below the reader's top line.
fn first_in_view(state: &AppState, starts: &[usize]) -> usize {
    starts
        .iter()
        .position(|&p| state.line_of(p).is_some_and(|l| l >= state.reader.scroll))
        .unwrap_or(0)
}

/// Puts the cursor on the first mention in view (when an article opens).
pub fn cursor_to_view(state: &mut AppState) {
    let Some(article) = state.reader.article else {
        return;
    };
    let starts: Vec<usize> = state
        .entity_spans(article)
        .iter()
        .map(|s| s.0.start)
        .collect();
    state.reader.mention = (!starts.is_empty()).then(|| first_in_view(state, &starts));
}

/// `*` / `#`: the next or previous mention of the current mention's entity
/// (or, with none, of the article's leading entity), on into other articles.
pub fn jump_same(state: &mut AppState, forward: bool) {
    let Some(article) = state.reader.article else {
        return;
    };
    let Some(res) = &state.analysis.resolution else {
        state.message = Some("entities are still being found".into());
        return;
    };
    let doc = res
        .docs
        .get(article as usize)
        .map_or(&[][..], |d| body_mentions(d));
    let leading = leading_entity(doc);
    let from_list = state.focus == super::Focus::List && state.overlay.is_none();
    // From the list, follow the article's leading entity.
    let current = state.reader.mention.filter(|&m| {
        doc.get(m)
            .and_then(|x| x.entity)
            .is_some_and(|e| !from_list || Some(e.0) == leading)
    });
    let (entity, here) = match current {
        Some(m) => match doc.get(m).and_then(|x| x.entity) {
            Some(e) => (e.0, Some((article, m as u32))),
            None => return,
        },
        None => match leading {
            Some(e) => (e, None),
            None => {
                state.message = Some("no entity here to follow".into());
                return;
            }
        },
    };
    let Some(list) = state.analysis.postings.get(entity as usize) else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let n = list.len();
    let pos = match here {
        Some(h) => match list.binary_search(&h) {
            Ok(i) if forward => (i + 1) % n,
            Ok(i) => (i + n - 1) % n,
            Err(i) if forward => i % n,
            Err(i) => (i + n - 1) % n,
        },
        // From the list: the entity's first mention in this article.
        None => list.partition_point(|&(a, _)| a < article) % n,
    };
    let (target_article, target_mention) = list[pos];
    let name = res
        .entities
        .get(entity as usize)
        .map(|e| e.name.clone())
        .unwrap_or_default();
    let mut articles: Vec<u32> = list.iter().map(|p| p.0).collect();
    articles.dedup();
    let article_no = articles
        .iter()
        .position(|&a| a == target_article)
        .map_or(0, |i| i + 1);
    state.go_to_mention(target_article as ArticleIdx, target_mention as usize);
    state.message = Some(format!(
        "{name} \u{b7} mention {}/{n} \u{b7} article {article_no}/{}",
        pos + 1,
        articles.len()
    ));
}

/// The most mentioned person, place or organisation of a document.
fn leading_entity(doc: &[crate::entities::ResolvedMention]) -> Option<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for m in doc {
        let Some(e) = m.entity else { continue };
        if matches!(m.kind, EntityKind::Date) {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == e.0) {
            Some(c) => c.1 += 1,
            None => counts.push((e.0, 1)),
        }
    }
    // Most mentions; among equals the first mentioned.
    let best = counts.iter().map(|c| c.1).max()?;
    counts.iter().find(|c| c.1 == best).map(|c| c.0)
}

/// The entity of the current mention, or else the article's leading entity.
pub fn current_or_leading(state: &AppState) -> Option<u32> {
    let article = state.reader.article?;
    let doc = body_mentions(
        state
            .analysis
            .resolution
            .as_ref()?
            .docs
            .get(article as usize)?,
    );
    state
        .reader
        .mention
        .and_then(|m| doc.get(m)?.entity)
        .map(|e| e.0)
        .or_else(|| leading_entity(doc))
}

/// Keys in the concordance of `entity`: move, open a mention, close.
pub fn concordance_action(state: &mut AppState, entity: u32, action: super::Action) -> bool {
    use super::Action;
    let n = state
        .analysis
        .postings
        .get(entity as usize)
        .map_or(0, Vec::len);
    let sel = state.overlay_scroll;
    let moved = |by: isize| sel.saturating_add_signed(by).min(n.saturating_sub(1));
    match action {
        Action::Back | Action::Quit | Action::ShowMentions => state.overlay = None,
        Action::Down => state.overlay_scroll = moved(1),
        Action::Up => state.overlay_scroll = moved(-1),
        Action::PageDown | Action::HalfPageDown => state.overlay_scroll = moved(10),
        Action::PageUp | Action::HalfPageUp => state.overlay_scroll = moved(-10),
        Action::Top => state.overlay_scroll = 0,
        Action::Bottom => state.overlay_scroll = n.saturating_sub(1),
        Action::Wheel(_, _, d) => state.overlay_scroll = moved(isize::from(d)),
        Action::Open => {
            let Some(&(article, mention)) = state
                .analysis
                .postings
                .get(entity as usize)
                .and_then(|p| p.get(sel))
            else {
                return true;
            };
            state.overlay = None;
            state.focus = super::Focus::Reader;
            state.rewrap();
            state.go_to_mention(article as ArticleIdx, mention as usize);
        }
        _ => return false,
    }
    true
}
