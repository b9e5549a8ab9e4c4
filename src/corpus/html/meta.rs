//! What a page says about itself: title, publication date, author and
//! canonical URL, from `<meta>` tags, JSON-LD, `<link rel=canonical>`,
//! `<time>` and the page's own headline.

use serde_json::Value;

use super::document::Document;

/// The page's own statements, as raw (undecoded) source ranges or JSON-LD
/// strings.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// Headline candidates from metadata, best first: `(text, raw range)`.
    /// The range is set when the text lies in the file as is (a `<meta>`
    /// value or the `<title>`), so its offsets can be reported.
    pub titles: Vec<(String, Option<std::ops::Range<usize>>)>,
    /// The `<title>` element's text, kept apart: it often ends in the site name.
    pub page_title: Option<(String, std::ops::Range<usize>)>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// Meta keys for each field, best first.
const TITLE_KEYS: &[&str] = &["og:title", "twitter:title", "headline", "title", "dc.title"];
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "published_time",
    "article.published",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "date",
    "datecreated",
    "article:modified_time",
    "datemodified",
    "time",
];
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
];

/// Reads what `doc` says about itself; `text` decodes a raw source range.
pub fn page_meta(
    doc: &Document,
    src: &str,
    text: &dyn Fn(std::ops::Range<usize>) -> String,
) -> PageMeta {
    let ld = json_ld(doc, src);
    let meta = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            doc.meta
                .iter()
                .filter(|m| m.key == *k || m.key.split_whitespace().any(|w| w == *k))
                .map(|m| (text(m.value.clone()), m.value.clone()))
                .find(|(t, _)| !t.trim().is_empty())
        })
    };
    let mut out = PageMeta::default();
    for key in TITLE_KEYS {
        if let Some((t, r)) = meta(&[key]) {
            out.titles.push((t, Some(r)));
        }
        if *key == "twitter:title"
            && let Some(h) = &ld.headline
        {
            out.titles.push((h.clone(), None));
        }
    }
    out.page_title = doc
        .title
        .clone()
        .map(|r| (text(r.clone()), r))
        .filter(|(t, _)| !t.trim().is_empty());
    out.date = meta(&DATE_KEYS[..1])
        .map(|m| m.0)
        .or_else(|| ld.date.clone())
        .or_else(|| meta(&DATE_KEYS[1..]).map(|m| m.0))
        .map(|d| normal_date(&d));
    out.author = ld
        .author
        .clone()
        .or_else(|| {
            meta(AUTHOR_KEYS)
                .map(|m| m.0)
                .filter(|a| !a.starts_with("http"))
        })
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "));
    let canonical = meta(&["canonical"]).map(|m| m.0);
    let og = meta(&["og:url"]).map(|m| m.0);
    out.url = canonical
        .clone()
        .filter(|u| u.starts_with("http"))
        .or(og)
        .or(ld.url.clone())
        .or(canonical)
        .map(|u| u.trim().to_owned());
    out
}

/// `YYYY-MM-DD` when the date starts with one (or with `YYYY/MM/DD`),
/// else the date as written.
pub fn normal_date(d: &str) -> String {
    let d = d.trim();
    let b = d.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if digits(0..4) && digits(5..7) && digits(8..10) && matches!(b[4], b'-' | b'/') && b[7] == b[4]
    {
        return format!("{}-{}-{}", &d[0..4], &d[5..7], &d[8..10]);
    }
    d.chars().take(60).collect()
}

#[derive(Debug, Default)]
struct LdFacts {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    url: Option<String>,
}

/// The first headline, date, author and URL found in the page's JSON-LD.
fn json_ld(doc: &Document, src: &str) -> LdFacts {
    let mut out = LdFacts::default();
    for r in &doc.json_ld {
        let raw = src[r.clone()].trim();
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        let mut stack = vec![&value];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(o) => {
                    let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
                    if out.headline.is_none() {
                        out.headline = text("headline");
                    }
                    if out.date.is_none() {
                        out.date = text("datePublished");
                    }
                    if out.author.is_none() {
                        out.author = o.get("author").and_then(author_names);
                    }
                    if out.url.is_none() && o.contains_key("headline") {
                        out.url = text("url");
                    }
                    stack.extend(o.values().filter(|v| v.is_object() || v.is_array()));
                }
                _ => {}
            }
        }
    }
    out
}

fn author_names(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(author_names).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_normalised_when_they_can_be() {
        assert_eq!(normal_date("2019-11-20T07:00:00Z"), "2019-11-20");
        assert_eq!(normal_date(" 2019/11/20 "), "2019-11-20");
        assert_eq!(normal_date("Nov 20, 2019"), "Nov 20, 2019");
        assert_eq!(normal_date("2019-1"), "2019-1");
    }
}
