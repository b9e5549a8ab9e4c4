//! Saved web pages: the article of an HTML page (its title, paragraphs,
//! date, author and canonical URL), with every piece of text mapped back to
//! its bytes in the file.
//!
//! The page is read by our own tokenizer and tree builder
//! ([`document`]), which keep the byte range of every text run; the
//! extractor ([`extract`]) picks the paragraphs that make the article, and
//! the body is written from those runs, character references decoded and
//! white space collapsed as a browser shows it, each piece recorded in an
//! [`OffsetMap`]. So whatever decides what the article text is, a search hit
//! or a mention in it still points at the right bytes of the page.

mod charset;
mod document;
mod extract;
mod meta;
mod tags;
mod tokenize;

use std::ops::Range;

use std::path::Path;
use std::sync::Arc;

use super::article::MapBuilder;
use super::charref::{self, Mode};
use super::load::make_article;
use super::{Article, OffsetMap, plaintext};
use document::{Document, Para};

/// The article of a page; offsets are into the page's text.
#[derive(Debug, Clone)]
pub struct HtmlArticle {
    pub title: Option<String>,
    pub title_origin: Option<OffsetMap>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub body: String,
    pub origin: OffsetMap,
}

/// The [`Article`] of a page read from a file; `text_map` leads from the
/// page's text to the file's bytes when they differ (invalid or legacy-
/// encoded bytes).
pub fn to_article(
    path: &Arc<Path>,
    ordinal: usize,
    page: HtmlArticle,
    text_map: Option<&OffsetMap>,
) -> Article {
    let to_file = |map: OffsetMap| match text_map {
        Some(outer) => map.then(outer),
        None => map,
    };
    let title = page
        .title
        .map(|t| plaintext::shorten(&t, TITLE_MAX_CHARS))
        .filter(|t| !t.is_empty());
    let title_origin = page
        .title_origin
        .filter(|o| title.as_ref().is_some_and(|t| t.len() == o.body_len()))
        .map(to_file);
    let title = title.unwrap_or_else(|| plaintext::derive_title(&page.body));
    let mut article = make_article(
        path,
        ordinal,
        title,
        page.date,
        page.url,
        page.author,
        page.body,
        to_file(page.origin),
    );
    article.title_origin = title_origin;
    article
}

/// Longest title kept, in characters, before it is shortened.
const TITLE_MAX_CHARS: usize = 180;

/// The text of a page in a legacy encoding it declares, with its map to
/// the file; `None` for UTF-8 pages.
pub fn legacy_text(raw: &[u8]) -> Option<(String, OffsetMap)> {
    charset::legacy(raw).map(|enc| charset::decode(raw, enc))
}

/// Reads the article of the page `src`; `None` when it has no text at all.
pub fn parse(src: &str) -> Option<HtmlArticle> {
    let doc = Document::parse(src);
    let chosen = extract::article_paragraphs(&doc);
    let decode = |r: Range<usize>, mode| {
        let mut t = Text::new(src);
        t.push(r, false, mode);
        t.out
    };
    let meta = meta::page_meta(&doc, src, &|r| decode(r, Mode::Attribute));
    let (title, title_origin, title_para) = choose_title(&doc, src, &meta);

    let mut text = Text::new(src);
    for &i in &chosen {
        if Some(i) == title_para {
            continue;
        }
        if let Some(p) = doc.paras.get(i) {
            text.para(&doc, p);
        }
    }
    if text.out.is_empty() {
        // Nothing looked like an article: show all the page's text rather
        // than hide the page.
        for p in &doc.paras {
            if !doc.hidden_or_never_text(p.node) {
                text.para(&doc, p);
            }
        }
    }
    if text.out.is_empty() {
        return None;
    }
    let (body, origin) = text.finish();
    Some(HtmlArticle {
        title,
        title_origin,
        date: meta.date,
        author: meta.author,
        url: meta.url,
        body,
        origin,
    })
}

/// The text of an HTML fragment (a feed item's content): all its
/// paragraphs but scripts, hidden and never-shown elements, with the map
/// into `src`.
pub fn parse_fragment(src: &str) -> Option<(String, OffsetMap)> {
    let doc = Document::parse(src);
    let mut text = Text::new(src);
    for p in &doc.paras {
        if !doc.hidden_or_never_text(p.node) {
            text.para(&doc, p);
        }
    }
    if text.out.is_empty() {
        return None;
    }
    Some(text.finish())
}

/// The headline: the page's `<h1>` when its metadata agrees with it (so it
/// has offsets in the body of the page), else the metadata's title, else
/// the `<title>` without the site's name. Also the paragraph that holds
/// the headline, so that the body does not repeat it.
fn choose_title(
    doc: &Document,
    src: &str,
    meta: &meta::PageMeta,
) -> (Option<String>, Option<OffsetMap>, Option<usize>) {
    let known: Vec<String> = meta
        .titles
        .iter()
        .map(|t| t.0.as_str())
        .map(str::to_owned)
        .chain(
            meta.page_title
                .as_ref()
                .map(|t| t.0[site_name_cut(&t.0)].to_owned()),
        )
        .map(|t| norm(&t))
        .filter(|t| !t.is_empty())
        .collect();
    let headings = doc.paras.iter().enumerate().filter(|(_, p)| {
        doc.nodes
            .get(p.node as usize)
            .is_some_and(|n| n.tag == tags::Tag::H1)
    });
    for (i, p) in headings.take(8) {
        // A headline that is all link is the site's logo.
        if doc.hidden_or_never_text(p.node) || p.link >= p.text {
            continue;
        }
        let mut t = Text::new(src);
        t.para(doc, p);
        let h = norm(&t.out);
        if h.len() >= 3
            && known
                .iter()
                .any(|k| k.contains(&h) || h.contains(k.as_str()))
        {
            let (title, origin) = t.finish();
            return (Some(title), Some(origin), Some(i));
        }
    }
    if let Some((title, range)) = meta.titles.first() {
        let origin = range.clone().map(|r| attribute_map(src, r));
        return (
            Some(collapse(title)),
            origin.filter(|o| o.body_len() == collapse(title).len()),
            None,
        );
    }
    if let Some((title, range)) = &meta.page_title {
        let mut t = Text::new(src);
        t.push(range.clone(), false, Mode::Html);
        let part = site_name_cut(&t.out);
        let (whole, origin) = t.finish();
        let _ = title;
        return (
            Some(whole[part.clone()].to_owned()),
            Some(origin.slice(part)),
            None,
        );
    }
    (None, None, None)
}

/// The map of an attribute value's text (references decoded, white space
/// collapsed).
fn attribute_map(src: &str, range: Range<usize>) -> OffsetMap {
    let mut t = Text::new(src);
    t.push(range, false, Mode::Attribute);
    t.finish().1
}

/// Words of `s`, lower-cased, one space apart, punctuation left out.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of a `<title>` that names the article: the longest of the
/// parts between separators such as ` | ` and ` - ` (the others are the
/// site's name and section).
fn site_name_cut(title: &str) -> Range<usize> {
    const SEPARATORS: &[&str] = &[
        " | ",
        " - ",
        " \u{2013} ",
        " \u{2014} ",
        " :: ",
        " \u{b7} ",
        " \u{bb} ",
        " / ",
    ];
    let mut cuts = vec![0];
    for sep in SEPARATORS {
        for (i, _) in title.match_indices(sep) {
            cuts.push(i);
            cuts.push(i + sep.len());
        }
    }
    cuts.push(title.len());
    cuts.sort_unstable();
    let best = cuts
        .chunks(2)
        .filter_map(|c| match c {
            [a, b] if a <= b => Some(*a..*b),
            _ => None,
        })
        .max_by_key(|r| title[r.clone()].chars().count())
        .unwrap_or(0..title.len());
    // Titles cut at every hyphen would lose words; only cut when the
    // article's part is a real part.
    if title[best.clone()].split_whitespace().count() < 2 {
        return 0..title.len();
    }
    let s = &title[best.clone()];
    let start = best.start + (s.len() - s.trim_start().len());
    start..best.start + s.trim_end().len()
}

impl Document {
    /// Whether the element's text is never shown (script, hidden...).
    fn hidden_or_never_text(&self, mut node: u32) -> bool {
        loop {
            let Some(n) = self.nodes.get(node as usize) else {
                return false;
            };
            if n.hidden || n.tag.is_never_text() {
                return true;
            }
            if n.parent == node {
                return false;
            }
            node = n.parent;
        }
    }
}

/// Writes shown text from source ranges, with its map.
struct Text<'a> {
    src: &'a str,
    out: String,
    map: MapBuilder,
    /// White space seen since the last text, to be written as one space
    /// if more text follows on the same line.
    space: Option<Range<usize>>,
}

impl<'a> Text<'a> {
    fn new(src: &'a str) -> Self {
        Text {
            src,
            out: String::new(),
            map: MapBuilder::default(),
            space: None,
        }
    }

    /// Starts a new paragraph (a blank line), then writes `p`.
    fn para(&mut self, doc: &Document, p: &Para) {
        let start = self.out.len();
        if !self.out.is_empty() {
            let at = self.map.file_end();
            self.map.unit(self.out.len(), at..at);
            self.out.push_str("\n\n");
        }
        self.space = None;
        let body_start = self.out.len();
        for run in doc
            .runs
            .get(p.runs.start as usize..p.runs.end as usize)
            .unwrap_or(&[])
        {
            if run.break_before && self.out.len() > body_start {
                let at = run.range.start;
                self.map.unit(self.out.len(), at..at);
                self.out.push('\n');
                self.space = None;
            }
            self.push(run.range.clone(), p.pre, Mode::Html);
        }
        self.space = None;
        if self.out.len() == body_start {
            self.out.truncate(start);
        }
    }

    /// Writes the text of `range`, white space collapsed unless `pre`.
    fn push(&mut self, range: Range<usize>, pre: bool, mode: Mode) {
        let src = self.src;
        let Some(s) = src.get(range.clone()) else {
            return;
        };
        if pre {
            charref::decode_into(s, range.start, mode, &mut self.out, &mut self.map);
            return;
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let ws = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if ws > 0 {
                let r = range.start + i..range.start + i + ws;
                self.space = Some(self.space.take().map_or(r.clone(), |s| s.start..r.end));
                i += ws;
                continue;
            }
            let word = bytes[i..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace())
                .count();
            if let Some(space) = self.space.take()
                && !self.out.is_empty()
                && !self.out.ends_with('\n')
            {
                if space.len() == 1 && &src[space.clone()] == " " {
                    self.map.verbatim(self.out.len(), space.start, 1);
                } else {
                    self.map.unit(self.out.len(), space);
                }
                self.out.push(' ');
            }
            let at = range.start + i;
            charref::decode_into(&s[i..i + word], at, mode, &mut self.out, &mut self.map);
            i += word;
        }
    }

    fn finish(self) -> (String, OffsetMap) {
        let end = self.map.file_end();
        let len = self.out.len();
        (self.out, self.map.finish(len, end))
    }
}

#[cfg(test)]
mod tests;
