//! Which paragraphs of a page are its article.
//!
//! The idea is readability's (Mozilla's reader view), on the flat tables of
//! [`Document`]:
//! 1. Leave out what is never article text (scripts, forms, navigation,
//!    hidden elements) and the blocks whose class or id says they are page
//!    furniture (comments, share bars, related links, sidebars).
//! 2. Score each paragraph by its length and commas, and give the score to
//!    the blocks around it (all to its parent, less to those further out).
//!    A block's class or id that reads like content raises its score, and
//!    its link density lowers it.
//! 3. The best block, grown to its parent when the best blocks share one,
//!    and its siblings that score well enough, hold the article.
//! 4. Inside them, paragraphs that are mostly links or furniture are left out.

use super::document::{Document, Para};
use super::tags::Tag;

/// Words in a class or id of page furniture that is left out (unless a
/// [`MAYBE`] word says it may hold the article, or it holds most of the
/// page's text): readability's list, and share bars and newsletter boxes.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "sharing",
    "newsletter",
    "subscribe",
    "recommend",
    "outbrain",
    "taboola",
    "cookie",
    "modal",
    "signup",
];
/// Words in a class or id of what is left out inside an article: captions,
/// galleries, bylines and datelines, and teasers for other articles.
const INSIDE_FURNITURE: &[&str] = &[
    "caption",
    "gallery",
    "slideshow",
    "byline",
    "author",
    "credit",
    "timestamp",
    "dateline",
    "published",
    "share",
    "social",
    "related",
    "recommend",
    "promo",
    "newsletter",
    "advert",
    "read-more",
    "readmore",
    "more-stories",
    "teaser",
    "video",
    "tags",
    "toolbar",
];
/// Words that rescue an element from [`UNLIKELY`].
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];
/// Words in a class or id that lower a block's score.
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
];
/// Words in a class or id that raise a block's score.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];

/// Smallest paragraph, in bytes of text, that counts for the scores.
const MIN_PARA: u32 = 25;

/// A class or id weight: -25 for furniture words, +25 for content words.
fn class_weight(class_id: &str) -> f32 {
    if class_id.is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if NEGATIVE.iter().any(|f| class_id.contains(f)) {
        w -= 25.0;
    }
    if POSITIVE.iter().any(|c| class_id.contains(c)) {
        w += 25.0;
    }
    w
}

fn unlikely(class_id: &str) -> bool {
    !class_id.is_empty()
        && UNLIKELY.iter().any(|u| class_id.contains(u))
        && !MAYBE.iter().any(|m| class_id.contains(m))
}

fn tag_weight(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        t if t.is_heading() || t == Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// The elements whose text is left out: never text, hidden, and page
/// furniture, unless the furniture holds most of the page's text (a page
/// wrapped in a `<form>` or in a `sticky-sidebar` div).
fn left_out(doc: &Document) -> Vec<bool> {
    let n = doc.nodes.len();
    let mut never = vec![false; n];
    for (i, node) in doc.nodes.iter().enumerate() {
        let parent = node.parent as usize;
        never[i] = (i > 0 && never[parent]) || node.hidden || node.tag.is_never_text();
    }
    let mut good = vec![0u64; n];
    for p in &doc.paras {
        if !never[p.node as usize] && p.text >= MIN_PARA && p.link * 2 < p.text {
            good[p.node as usize] += u64::from(p.text);
        }
    }
    for i in (1..n).rev() {
        let parent = doc.nodes[i].parent as usize;
        good[parent] += good[i];
    }
    let most = good[0] / 2;
    let mut out = never;
    for (i, node) in doc.nodes.iter().enumerate() {
        let parent = node.parent as usize;
        let frame = node.tag.is_page_frame()
            || (unlikely(&node.class_id)
                && !matches!(
                    node.tag,
                    Tag::Body | Tag::Html | Tag::Article | Tag::Main | Tag::A
                ));
        out[i] |= (i > 0 && out[parent]) || (frame && good[i] <= most);
    }
    out
}

/// The paragraphs (indexes into `doc.paras`) that make the article, in
/// document order.
pub fn article_paragraphs(doc: &Document) -> Vec<usize> {
    let n = doc.nodes.len();
    let out = left_out(doc);
    // Subtree text and link text, to weigh blocks by link density.
    let mut text = vec![0f32; n];
    let mut link = vec![0f32; n];
    for p in &doc.paras {
        if out[p.node as usize] {
            continue;
        }
        text[p.node as usize] += p.text as f32;
        link[p.node as usize] += p.link as f32;
    }
    for i in (1..n).rev() {
        let parent = doc.nodes[i].parent as usize;
        text[parent] += text[i];
        link[parent] += link[i];
    }
    let density = |i: usize| {
        if text[i] > 0.0 {
            link[i] / text[i]
        } else {
            0.0
        }
    };
    // Whether a block's own text ends a sentence.
    let mut ends_sentence = vec![false; n];
    for p in &doc.paras {
        ends_sentence[p.node as usize] = p.last == b'.';
    }

    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for p in &doc.paras {
        let owner = p.node as usize;
        if out[owner] || p.text < MIN_PARA || doc.nodes[owner].tag == Tag::H1 {
            continue;
        }
        let s = para_score(p);
        // The paragraph's own block, then its ancestors, with less and less.
        let mut node = owner;
        let mut level = 0;
        if doc.nodes[owner].tag == Tag::P || doc.nodes[owner].tag.is_heading() {
            node = doc.nodes[owner].parent as usize;
        }
        while level < 3 {
            if !scored[node] {
                scored[node] = true;
                // A content-like name counts in full for a block with
                // some text of its own, not for a headline's wrapper.
                let w = class_weight(&doc.nodes[node].class_id);
                let w = if w > 0.0 {
                    w * (text[node] / 300.0).min(1.0)
                } else {
                    w
                };
                score[node] = tag_weight(doc.nodes[node].tag) + w;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[node] += s / div;
            if node == 0 {
                break;
            }
            node = doc.nodes[node].parent as usize;
            level += 1;
        }
    }
    for (i, s) in score.iter_mut().enumerate() {
        *s *= 1.0 - density(i);
    }
    let mut ranked: Vec<usize> = (0..n).filter(|&i| scored[i] && !out[i]).collect();
    ranked.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
    let Some(&top) = ranked.first() else {
        return fallback(doc, &out);
    };
    let top = grow(doc, &score, &scored, &ranked, top);

    // The top block and its siblings that score well enough.
    let parent = doc.nodes[top].parent as usize;
    let threshold = (score[top] * 0.2).max(10.0);
    let mut chosen = vec![false; n];
    chosen[top] = true;
    if top != 0 {
        for i in 1..n {
            if doc.nodes[i].parent as usize != parent || i == top || out[i] {
                continue;
            }
            let bonus = if !doc.nodes[top].class_id.is_empty()
                && doc.nodes[i].class_id == doc.nodes[top].class_id
            {
                score[top] * 0.2
            } else {
                0.0
            };
            let good = scored[i] && score[i] + bonus >= threshold;
            let good_p = doc.nodes[i].tag == Tag::P && {
                let (t, d) = (text[i], density(i));
                (t > 80.0 && d < 0.25) || (t > 0.0 && d == 0.0 && ends_sentence[i])
            };
            chosen[i] = good || good_p;
        }
    }
    // Paragraphs inside the chosen blocks, in order, without furniture.
    // Inside the article, figures and their captions, bylines and the
    // like are left out too (they are not the article's running text).
    let mut inside = vec![false; n];
    let mut aside = vec![false; n];
    for i in 0..n {
        let node = &doc.nodes[i];
        let p = node.parent as usize;
        inside[i] = chosen[i] || (i > 0 && inside[p]);
        aside[i] = (i > 0 && aside[p])
            || (inside[i]
                && !chosen[i]
                && text[i] * 2.0 < text[top]
                && (matches!(node.tag, Tag::Figure | Tag::Figcaption)
                    || INSIDE_FURNITURE.iter().any(|w| node.class_id.contains(w))));
    }
    doc.paras
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let owner = p.node as usize;
            inside[owner] && !out[owner] && !aside[owner] && keep_para(p)
        })
        .map(|(i, _)| i)
        .collect()
}

/// A paragraph's content score: one, one per comma, one per 100 bytes of
/// text (up to three).
fn para_score(p: &Para) -> f32 {
    1.0 + (p.text as f32 / 100.0).min(3.0) + p.commas as f32
}

/// Grows the best block to its parent when several of the best blocks lie
/// inside that parent (the article is split into sibling blocks), or when
/// the parent scores higher still.
fn grow(doc: &Document, score: &[f32], scored: &[bool], ranked: &[usize], mut top: usize) -> usize {
    let best = score[top];
    if best <= 0.0 {
        return top;
    }
    let rivals: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .copied()
        .filter(|&i| score[i] / best >= 0.75)
        .collect();
    if rivals.len() >= 2 {
        let mut a = doc.nodes[top].parent as usize;
        while a != 0 {
            let holds = rivals
                .iter()
                .filter(|&&r| doc.is_within(r as u32, a as u32))
                .count();
            if holds >= 2 {
                top = a;
                break;
            }
            a = doc.nodes[a].parent as usize;
        }
    }
    // A parent that scores more holds more of the article.
    let mut last = score[top];
    let mut p = doc.nodes[top].parent as usize;
    while p != 0 && doc.nodes[p].tag != Tag::Body {
        if scored[p] {
            if score[p] < best / 3.0 {
                break;
            }
            if score[p] > last {
                top = p;
                break;
            }
            last = score[p];
        }
        p = doc.nodes[p].parent as usize;
    }
    top
}

/// Whether a paragraph inside the article is shown.
fn keep_para(p: &Para) -> bool {
    if p.text == 0 {
        return false;
    }
    let density = p.link as f32 / p.text as f32;
    !(density > 0.5 && p.text < 200)
}

/// With nothing to score, every paragraph that is not furniture.
fn fallback(doc: &Document, out: &[bool]) -> Vec<usize> {
    doc.paras
        .iter()
        .enumerate()
        .filter(|(_, p)| !out[p.node as usize] && keep_para(p))
        .map(|(i, _)| i)
        .collect()
}
