//! RSS 0.9x/1.0/2.0, Atom and JSON Feed files: each item an article, with
//! its title, date, link and authors; HTML content is read as a page
//! fragment is (see [`super::html`]).
//!
//! `feed-rs` parses the feed and hands back decoded strings without their
//! place in the file. To keep offsets, each item's text is looked for in the
//! file as it would be written there (in a CDATA section as is, or escaped
//! as XML or JSON text) after the previous item's, and its map is built
//! from the bytes found. Text that cannot be found (an unusual escaping)
//! still shows, with its offsets all at the item's start. An item with no
//! text but its headline reads as its headline.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use feed_rs::model::{Entry, Feed, Text};

use super::article::MapBuilder;
use super::charref::{self, Mode};
use super::load::make_article;
use super::{FileResult, LoadWarning, OffsetMap, html, plaintext};

/// Reads the items of the feed file `raw`.
pub fn parse_file(path: &Arc<Path>, raw: &[u8]) -> FileResult {
    let mut out = FileResult::default();
    match feed_rs::parser::parse(raw) {
        Ok(feed) => items(&mut out, path, raw, feed),
        Err(e) => out.warnings.push(LoadWarning::new(
            path,
            None,
            format!("not a readable feed ({e}); file skipped"),
        )),
    }
    out
}

/// Whether `raw` (a `.json` file) is a JSON Feed rather than articles.
pub fn is_json_feed(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(4096)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|s| head[s] == b'{')
        && memchr::memmem::find(head, b"jsonfeed.org/version").is_some()
}

fn items(out: &mut FileResult, path: &Arc<Path>, raw: &[u8], feed: Feed) {
    let text = String::from_utf8_lossy(raw);
    let mut cursor = 0usize;
    let feed_author = names(&feed.authors);
    let mut empty = 0usize;
    for (n, entry) in feed.entries.into_iter().enumerate() {
        match item(&text, &mut cursor, &entry) {
            Some(mut item) => {
                if item.author.is_none() {
                    item.author = feed_author.clone();
                }
                let title = item
                    .title
                    .map(|t| plaintext::shorten(&t, 180))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| plaintext::derive_title(&item.body));
                let date = entry
                    .published
                    .or(entry.updated)
                    .map(|d| d.format("%Y-%m-%d").to_string());
                out.articles.push(make_article(
                    path,
                    n,
                    title,
                    date,
                    item.link,
                    item.author,
                    item.body,
                    item.origin,
                ));
            }
            None => empty += 1,
        }
    }
    if empty > 0 {
        out.warnings.push(LoadWarning::new(
            path,
            None,
            format!("{empty} item(s) without text skipped"),
        ));
    }
    if out.articles.is_empty() && empty == 0 {
        out.warnings
            .push(LoadWarning::new(path, None, "feed has no items".into()));
    }
}

struct Item {
    title: Option<String>,
    link: Option<String>,
    author: Option<String>,
    body: String,
    origin: OffsetMap,
}

fn item(file: &str, cursor: &mut usize, e: &Entry) -> Option<Item> {
    let title = e
        .title
        .as_ref()
        .map(shown_text)
        .map(|t| t.0)
        .filter(|t| !t.trim().is_empty());
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_owned());
    // The fullest text the item has.
    let content = e
        .content
        .as_ref()
        .and_then(|c| Some((c.body.clone()?, c.content_type.to_string())))
        .filter(|(b, _)| !b.trim().is_empty());
    let summary = e
        .summary
        .as_ref()
        .map(|s| (s.content.clone(), s.content_type.to_string()))
        .filter(|(b, _)| !b.trim().is_empty());
    // An item with only a headline (many RSS feeds) reads as its headline.
    let headline = e
        .title
        .as_ref()
        .map(|t| (t.content.clone(), t.content_type.to_string()))
        .filter(|(b, _)| !b.trim().is_empty());
    let (raw_text, mime) = content.or(summary).or(headline)?;
    let is_html = mime.contains("html") || looks_like_html(&raw_text);
    // Where the text lies in the file, and its map to the file.
    let found = locate(file, *cursor, &raw_text);
    if let Some((range, _)) = &found {
        *cursor = range.end;
    }
    let (body, origin) = if is_html {
        let page = html::parse_fragment(&raw_text)?;
        (page.0, page.1)
    } else {
        let t = raw_text.trim();
        let start = raw_text.len() - raw_text.trim_start().len();
        (t.to_owned(), OffsetMap::verbatim(0, t.len()).shifted(start))
    };
    let origin = match found {
        Some((_, map)) => origin.then(&map),
        None => {
            let at = *cursor;
            let mut b = MapBuilder::default();
            b.unit(0, at..at);
            b.finish(body.len(), at)
        }
    };
    (!body.trim().is_empty()).then_some(Item {
        title,
        link,
        author: names(&e.authors),
        body,
        origin,
    })
}

fn names(people: &[feed_rs::model::Person]) -> Option<String> {
    let names: Vec<&str> = people
        .iter()
        .filter_map(|p| p.name.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A text field as shown: HTML reduced to its text.
fn shown_text(t: &Text) -> (String, bool) {
    let is_html = t.content_type.to_string().contains("html");
    if is_html && let Some((text, _)) = html::parse_fragment(&t.content) {
        return (text.split_whitespace().collect::<Vec<_>>().join(" "), true);
    }
    (
        t.content.split_whitespace().collect::<Vec<_>>().join(" "),
        false,
    )
}

fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    [
        "<p>", "<p ", "<br", "<div", "</a>", "<img", "&lt;", "&amp;", "&#",
    ]
    .iter()
    .any(|t| l.contains(t))
}

/// Where `text` (as feed-rs decoded it) is written in `file`, at or after
/// `from`: its range and the map from `text` to the file.
fn locate(file: &str, from: usize, text: &str) -> Option<(Range<usize>, OffsetMap)> {
    // Items follow one another: look a little way ahead only, so that a
    // large feed whose text is escaped some unusual way stays linear.
    let window = (text.len() * 8).max(1 << 18);
    let mut end = (from + window).min(file.len());
    while !file.is_char_boundary(end) {
        end -= 1;
    }
    let rest = file.get(from..end)?;
    // As is (a CDATA section, or text with nothing to escape).
    if let Some(i) = rest.find(text) {
        let at = from + i;
        return Some((at..at + text.len(), OffsetMap::verbatim(at, text.len())));
    }
    // Escaped as XML text, in the usual ways.
    for escaped in [xml_escape(text, false), xml_escape(text, true)] {
        if let Some(i) = rest.find(&escaped) {
            let at = from + i;
            let range = at..at + escaped.len();
            let (decoded, map) = charref::decode(&escaped, Mode::Strict)?;
            if decoded == text {
                return Some((range, map.shifted(at)));
            }
        }
    }
    // Escaped as a JSON string (JSON Feed).
    let json = serde_json::to_string(text).ok()?;
    let inner = json.get(1..json.len().saturating_sub(1))?;
    let i = rest.find(inner)?;
    let at = from + i;
    let (decoded, map) = super::json::decode_string(&json, at - 1)?;
    (decoded == text).then_some((at..at + inner.len(), map))
}

fn xml_escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> FileResult {
        parse_file(&Arc::from(Path::new("f.xml")), src.as_bytes())
    }

    #[test]
    fn rss_items_with_escaped_and_cdata_html() {
        let src = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>First &amp; best</title><link>https://x.org/1</link><pubDate>Tue, 19 Nov 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Prices rose &amp;amp; fell by &amp;#163;5m.&lt;/p&gt;</description></item>
<item><title>Second</title><description><![CDATA[<p>Hello <b>world</b>, again.</p>]]></description></item>
<item><title>Only a headline</title><link>https://x.org/3</link></item>
</channel></rss>"#;
        let r = read(src);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.articles.len(), 3);
        let a = &r.articles[0];
        assert_eq!(a.title, "First & best");
        assert_eq!(a.body, "Prices rose & fell by \u{a3}5m.");
        assert_eq!(a.date.as_deref(), Some("2019-11-19"));
        assert_eq!(a.source.as_deref(), Some("https://x.org/1"));
        let at = a.body.find('\u{a3}').unwrap();
        assert_eq!(&src[a.file_range(at..at + 4)], "&amp;#163;5m");
        let amp = a.body.find('&').unwrap();
        assert_eq!(&src[a.file_range(amp..amp + 1)], "&amp;amp;");
        let b = &r.articles[1];
        assert_eq!(b.body, "Hello world, again.");
        let w = b.body.find("world").unwrap();
        assert_eq!(&src[b.file_range(w..w + 5)], "world");
        let c = &r.articles[2];
        assert_eq!(c.body, "Only a headline");
        assert_eq!(&src[c.body_file_range()], "Only a headline");
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id><updated>2020-01-01T00:00:00Z</updated>
<entry><title>A</title><id>1</id><updated>2020-02-03T00:00:00Z</updated><author><name>Ann</name></author><content type="html">&lt;p&gt;Atom body.&lt;/p&gt;</content></entry></feed>"#;
        let r = read(atom);
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.articles[0].body, "Atom body.");
        assert_eq!(r.articles[0].author.as_deref(), Some("Ann"));
        assert_eq!(r.articles[0].date.as_deref(), Some("2020-02-03"));
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "title": "Jay", "content_html": "<p>JSON \"feed\" body.</p>", "url": "https://x.org/j"}]}"#;
        assert!(is_json_feed(json.as_bytes()));
        let r = read(json);
        let a = &r.articles[0];
        assert_eq!(a.body, "JSON \"feed\" body.");
        let q = a.body.find('"').unwrap();
        assert_eq!(&json[a.file_range(q..q + 6)], "\\\"feed\\\"");
    }

    #[test]
    fn a_broken_feed_is_a_warning() {
        let r = read("<rss><channel><item><title>x</tit");
        assert!(r.articles.is_empty());
        assert_eq!(r.warnings.len(), 1);
        let r = read("not a feed at all");
        assert_eq!(r.warnings.len(), 1);
    }
}
