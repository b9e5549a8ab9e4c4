//! The element tree of a page, kept as flat tables: elements (each with its
//! parent), text runs (byte ranges of the source), and paragraphs (runs that
//! a reader shows together, between two block boundaries).
//!
//! Tree building follows the HTML standard where reading depends on it (a
//! `<p>` closed by the next block, `<li>` by the next `<li>`, cells by the
//! next cell, end tags closing whatever is open inside them, stray end tags
//! ignored) and stays simple elsewhere. Nesting is capped so that no page can
//! make it deep enough to matter; nothing here recurses.

use std::ops::Range;

use super::tags::Tag;
use super::tokenize::{Attr, Token, tokenize};

/// Elements nested deeper are read as if they were not there.
const MAX_DEPTH: usize = 400;

/// One element.
#[derive(Debug, Clone)]
pub struct Node {
    pub tag: Tag,
    name: u64,
    /// Index of the parent (the root points at itself).
    pub parent: u32,
    /// Its `class` and `id` values, lower-cased, space-separated.
    pub class_id: String,
    /// Hidden with `hidden`, `aria-hidden="true"` or `display:none`.
    pub hidden: bool,
}

/// A stretch of text between two tags.
#[derive(Debug, Clone)]
pub struct Run {
    pub range: Range<usize>,
    /// A `<br>` comes before it (inside the same paragraph).
    pub break_before: bool,
}

/// Runs that read as one paragraph.
#[derive(Debug, Clone)]
pub struct Para {
    /// The innermost block element around it.
    pub node: u32,
    /// Its runs (indexes into `Document::runs`).
    pub runs: Range<u32>,
    /// Bytes of text that are not white space, and those inside links.
    pub text: u32,
    pub link: u32,
    /// Commas in its text.
    pub commas: u32,
    /// Its last byte that is not white space.
    pub last: u8,
    /// Inside `<pre>`: white space kept.
    pub pre: bool,
}

/// A `<meta>`, `<link>` or other element attribute that says something
/// about the page.
#[derive(Debug, Clone)]
pub struct MetaField {
    /// `property`, `name`, `itemprop` or `rel` value, lower-cased.
    pub key: String,
    /// The raw `content`, `href` or `datetime` value.
    pub value: Range<usize>,
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
    pub runs: Vec<Run>,
    pub paras: Vec<Para>,
    pub meta: Vec<MetaField>,
    /// Content of `<title>`.
    pub title: Option<Range<usize>>,
    /// Contents of `<script type="application/ld+json">`.
    pub json_ld: Vec<Range<usize>>,
}

struct Builder<'a> {
    src: &'a str,
    doc: Document,
    stack: Vec<u32>,
    links: usize,
    pres: usize,
    open_para: bool,
    pending_break: bool,
    /// The raw content that comes next belongs to this element.
    raw_for: Option<(Tag, bool)>,
}

impl Document {
    /// Parses `src`.
    pub fn parse(src: &str) -> Document {
        let mut b = Builder {
            src,
            doc: Document::default(),
            stack: vec![0],
            links: 0,
            pres: 0,
            open_para: false,
            pending_break: false,
            raw_for: None,
        };
        b.doc.nodes.push(Node {
            tag: Tag::Other,
            name: 0,
            parent: 0,
            class_id: String::new(),
            hidden: false,
        });
        tokenize(src, &mut |t| b.token(t));
        b.doc
    }

    /// Whether `node` is `ancestor` or inside it.
    pub fn is_within(&self, mut node: u32, ancestor: u32) -> bool {
        loop {
            if node == ancestor {
                return true;
            }
            let Some(n) = self.nodes.get(node as usize) else {
                return false;
            };
            if n.parent == node {
                return false;
            }
            node = n.parent;
        }
    }
}

fn attr<'s>(src: &'s str, attrs: &[Attr], name: &str) -> Option<&'s str> {
    attrs
        .iter()
        .find(|a| src[a.name.clone()].eq_ignore_ascii_case(name))
        .map(|a| &src[a.value.clone()])
}

fn attr_range(src: &str, attrs: &[Attr], name: &str) -> Option<Range<usize>> {
    attrs
        .iter()
        .find(|a| src[a.name.clone()].eq_ignore_ascii_case(name))
        .map(|a| a.value.clone())
}

impl Builder<'_> {
    fn token(&mut self, t: Token) {
        match t {
            Token::Start {
                tag,
                name,
                attrs,
                self_closing,
            } => self.start(tag, name, &attrs, self_closing),
            Token::End { tag, name } => self.end(tag, name),
            Token::Text(r) => self.text(r),
            Token::Raw(r) => match self.raw_for.take() {
                Some((Tag::Title, _)) if self.doc.title.is_none() => self.doc.title = Some(r),
                Some((Tag::Script, true)) => self.doc.json_ld.push(r),
                _ => {}
            },
        }
    }

    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    fn tag_of(&self, node: u32) -> Tag {
        self.doc
            .nodes
            .get(node as usize)
            .map_or(Tag::Other, |n| n.tag)
    }

    fn end_para(&mut self) {
        self.open_para = false;
        self.pending_break = false;
    }

    /// Pops the stack down to (and without) the element at stack index `i`.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            let Some(n) = self.stack.pop() else { break };
            match self.tag_of(n) {
                Tag::A => self.links = self.links.saturating_sub(1),
                Tag::Pre => self.pres = self.pres.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// Stack index of the innermost open `want` before any of `stop`.
    fn find_open(&self, want: &[Tag], stop: &[Tag]) -> Option<usize> {
        for (i, &n) in self.stack.iter().enumerate().rev() {
            let t = self.tag_of(n);
            if want.contains(&t) {
                return Some(i);
            }
            if stop.contains(&t) {
                return None;
            }
        }
        None
    }

    fn start(&mut self, tag: Tag, name: u64, attrs: &[Attr], self_closing: bool) {
        let src = self.src;
        self.collect_meta(tag, attrs);
        if tag == Tag::Br {
            self.pending_break = self.open_para;
            return;
        }
        if tag.is_block() {
            self.end_para();
        }
        // Implied end tags.
        const CELL_SCOPE: &[Tag] = &[Tag::Table];
        let close = match tag {
            Tag::Li => self.find_open(&[Tag::Li], &[Tag::Ul, Tag::Ol, Tag::Menu]),
            Tag::Dt | Tag::Dd => self.find_open(&[Tag::Dt, Tag::Dd], &[Tag::Dl]),
            Tag::Td | Tag::Th => self.find_open(&[Tag::Td, Tag::Th], CELL_SCOPE),
            Tag::Tr => self.find_open(&[Tag::Tr], CELL_SCOPE),
            Tag::Option => self.find_open(&[Tag::Option], &[Tag::Select]),
            _ => None,
        };
        if let Some(i) = close {
            self.pop_to(i);
        } else if tag.closes_p()
            && let Some(i) = self.find_open(&[Tag::P], &[Tag::Button, Tag::Table, Tag::Td])
        {
            self.pop_to(i);
        }
        if tag.is_heading() && self.tag_of(self.top()).is_heading() {
            let len = self.stack.len();
            self.pop_to(len - 1);
        }
        if tag.is_void() || (self_closing && tag == Tag::Other) {
            return;
        }
        if matches!(tag, Tag::Html | Tag::Body | Tag::Head)
            && self.stack.iter().any(|&n| self.tag_of(n) == tag)
        {
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        if tag == Tag::Script || tag == Tag::Title {
            let json_ld = attr(src, attrs, "type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
            self.raw_for = Some((tag, json_ld));
        }
        let mut class_id = String::new();
        for key in ["class", "id"] {
            if let Some(v) = attr(src, attrs, key) {
                class_id.push_str(&v.to_ascii_lowercase());
                class_id.push(' ');
            }
        }
        let hidden = attr(src, attrs, "hidden").is_some()
            || attr(src, attrs, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || attr(src, attrs, "style").is_some_and(|s| {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                let s = s.to_ascii_lowercase();
                s.contains("display:none") || s.contains("visibility:hidden")
            });
        let parent = self.top();
        self.doc.nodes.push(Node {
            tag,
            name,
            parent,
            class_id,
            hidden,
        });
        self.stack.push((self.doc.nodes.len() - 1) as u32);
        match tag {
            Tag::A => self.links += 1,
            Tag::Pre => self.pres += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: Tag, name: u64) {
        self.raw_for = None;
        if tag == Tag::Br {
            self.pending_break = self.open_para;
            return;
        }
        if tag.is_block() {
            self.end_para();
        }
        if matches!(tag, Tag::Html | Tag::Body) {
            return;
        }
        if let Some(i) = self.stack.iter().rposition(|&n| {
            self.doc
                .nodes
                .get(n as usize)
                .is_some_and(|x| x.name == name)
        }) {
            self.pop_to(i);
        }
    }

    fn text(&mut self, r: Range<usize>) {
        let s = &self.src[r.clone()];
        let text = s.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32;
        if text == 0 && !self.open_para {
            return;
        }
        if !self.open_para {
            let owner = self
                .stack
                .iter()
                .rev()
                .copied()
                .find(|&n| self.tag_of(n).is_block())
                .unwrap_or(0);
            let at = self.doc.runs.len() as u32;
            self.doc.paras.push(Para {
                node: owner,
                runs: at..at,
                text: 0,
                link: 0,
                commas: 0,
                last: 0,
                pre: self.pres > 0,
            });
            self.open_para = true;
            self.pending_break = false;
        }
        let link = self.links > 0;
        self.doc.runs.push(Run {
            range: r,
            break_before: std::mem::take(&mut self.pending_break),
        });
        if let Some(p) = self.doc.paras.last_mut() {
            p.runs.end = self.doc.runs.len() as u32;
            p.text += text;
            p.commas += memchr::memchr_iter(b',', s.as_bytes()).count() as u32
                + s.matches(['\u{FF0C}', '\u{3001}']).count() as u32;
            if let Some(&last) = s.trim_end().as_bytes().last() {
                p.last = last;
            }
            if link {
                p.link += text;
            }
        }
    }

    fn collect_meta(&mut self, tag: Tag, attrs: &[Attr]) {
        let src = self.src;
        let mut push = |key: &str, value: Option<Range<usize>>| {
            if let Some(value) = value {
                self.doc.meta.push(MetaField {
                    key: key.trim().to_ascii_lowercase(),
                    value,
                });
            }
        };
        match tag {
            Tag::Meta => {
                for key in ["property", "name", "itemprop"] {
                    if let Some(k) = attr(src, attrs, key) {
                        push(k, attr_range(src, attrs, "content"));
                    }
                }
            }
            Tag::Link => {
                if let Some(rel) = attr(src, attrs, "rel") {
                    push(rel, attr_range(src, attrs, "href"));
                }
            }
            Tag::Time => push("time", attr_range(src, attrs, "datetime")),
            _ => {
                if let Some(k) = attr(src, attrs, "itemprop") {
                    let v = attr_range(src, attrs, "content")
                        .or_else(|| attr_range(src, attrs, "datetime"));
                    push(k, v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(src: &str) -> Vec<String> {
        let d = Document::parse(src);
        d.paras
            .iter()
            .map(|p| {
                d.runs[p.runs.start as usize..p.runs.end as usize]
                    .iter()
                    .map(|r| &src[r.range.clone()])
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn blocks_split_paragraphs_and_inline_elements_do_not() {
        assert_eq!(
            paras("<div>One <b>two</b> three<p>Four<p>Five<ul><li>Six<li>Seven</ul>Eight</div>"),
            ["One two three", "Four", "Five", "Six", "Seven", "Eight"]
        );
    }

    #[test]
    fn implied_ends_keep_the_tree_right() {
        let src = "<body><div id=a><p>x<div id=b>y</div></div><p>z</body>";
        let d = Document::parse(src);
        let a = d.nodes.iter().position(|n| n.class_id == "a ").unwrap() as u32;
        let b = d.nodes.iter().position(|n| n.class_id == "b ").unwrap() as u32;
        // The div b closes the p and sits in div a, not in the p.
        assert_eq!(d.nodes[b as usize].parent, a);
        let z = d.paras.last().unwrap();
        assert!(!d.is_within(z.node, a));
    }

    #[test]
    fn meta_title_and_json_ld_are_collected() {
        let src = r#"<head><title>T &amp; U</title><meta property="og:title" content="OG"><link rel=canonical href="https://x/y"><script type="application/ld+json">{"a":1}</script></head><body><time datetime="2020-01-02">Jan</time></body>"#;
        let d = Document::parse(src);
        assert_eq!(d.title.map(|r| &src[r]), Some("T &amp; U"));
        let keys: Vec<_> = d
            .meta
            .iter()
            .map(|m| (m.key.as_str(), &src[m.value.clone()]))
            .collect();
        assert_eq!(
            keys,
            [
                ("og:title", "OG"),
                ("canonical", "https://x/y"),
                ("time", "2020-01-02")
            ]
        );
        assert_eq!(
            d.json_ld
                .iter()
                .map(|r| &src[r.clone()])
                .collect::<Vec<_>>(),
            [r#"{"a":1}"#]
        );
    }

    #[test]
    fn deep_nesting_is_capped() {
        let src = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let d = Document::parse(&src);
        assert!(d.nodes.len() <= MAX_DEPTH + 1);
        assert_eq!(paras(&src), ["deep"]);
    }
}
